"""Reproducibility metadata recorded in every run: versions, git commit, host, time."""

from __future__ import annotations

import platform
import subprocess
from datetime import datetime, timezone
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

PACKAGES = (
    "acctbench", "torch", "transformers", "peft", "trl", "sentence-transformers", "spacy",
    "spacy-lookups-data", "lxml", "scikit-learn", "numpy", "vllm", "unsloth",
)


def package_versions() -> dict[str, str]:
    """Installed versions of the packages that can change a score."""
    out = {}
    for name in PACKAGES:
        try:
            out[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            continue
    return out


def git_commit(path: Path | None = None) -> str | None:
    """The git commit of the acctbench checkout (None for an installed wheel)."""
    where = path or Path(__file__).resolve().parents[2]
    try:
        out = subprocess.run(["git", "-C", str(where), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    dirty = subprocess.run(["git", "-C", str(where), "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True, timeout=5)
    return out.stdout.strip() + ("-dirty" if dirty.stdout.strip() else "")


def host() -> dict[str, Any]:
    """Machine facts that explain speed differences."""
    import os

    return {"hostname": platform.node(), "platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count()}


def now() -> str:
    """UTC timestamp, ISO 8601."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
