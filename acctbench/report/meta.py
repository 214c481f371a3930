"""Run metadata for the report: per-run cards and one side-by-side table of what was recorded.

Reads ``run.json`` (written by ``acctbench run``) and ``summary.json``; anything absent shows
as "not recorded". Keys are flattened (``model.identity.sha256``); datasets are keyed by name
and split so the runs line up.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Sequence
from typing import Any

from acctbench.report.drill import EXPLANATION_CAP, cap_text
from acctbench.report.load import Run, System

META_ORDER = ("model", "datasets", "generation", "scoring", "prompt", "versions", "packages", "git", "host", "times")


def _flatten(value: Any, prefix: str = "") -> list[tuple[str, str]]:
    if isinstance(value, dict) and value:
        out: list[tuple[str, str]] = []
        for key, sub in value.items():
            out += _flatten(sub, f"{prefix}.{key}" if prefix else str(key))
        return out
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        out = []
        for i, sub in enumerate(value):
            out += _flatten(sub, f"{prefix}[{i}]")
        return out
    shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return [(prefix or "value", cap_text(shown, EXPLANATION_CAP))]


def _command_text(command: Any) -> str | None:
    if isinstance(command, list) and command:
        return shlex.join(str(c) for c in command)
    if isinstance(command, str) and command.strip():
        return command
    return None


def _meta_values(run: Run) -> dict[str, str]:
    """A run's recorded metadata as flat ``key.path -> text``: run.json, then summary.json.

    Datasets are keyed by name and split (not list position) so runs line up side by side.
    """
    meta = run.meta or {}
    flat: dict[str, str] = {}
    keys = [k for k in META_ORDER if k in meta] + [k for k in meta if k not in META_ORDER]
    for key in keys:
        value = meta[key]
        if key == "command":
            continue
        if key == "datasets" and isinstance(value, list):
            for ds in value:
                if isinstance(ds, dict):
                    prefix = f"datasets.{ds.get('name')}/{ds.get('split', '?')}"
                    flat.update(_flatten({k: v for k, v in ds.items() if k not in ("name", "split")}, prefix))
            continue
        flat.update(_flatten(value, key))
    summary = run.summary or {}
    for key in ("dataset", "split", "scoring"):
        if key in summary:
            flat.update(_flatten(summary[key], f"summary.{key}"))
    return flat


def metadata(runs: Sequence[Run], systems: Sequence[System]) -> dict[str, Any]:
    """Per-run cards (files, notes, command) and one side-by-side table of recorded metadata."""
    values = [_meta_values(run) for run in runs]
    keys: dict[str, None] = {}
    for v in values:
        keys.update(dict.fromkeys(v))
    rows = []
    for key in keys:
        cells = [v.get(key) for v in values]
        recorded = {c for c in cells if c is not None}
        section = key.split(".")[0].split("[")[0] if "." in key or "[" in key else "run"
        rows.append({"section": section, "key": key, "values": cells, "differs": len(recorded) > 1})
    rows.sort(key=lambda row: row["section"] != "run")  # stable: top-level scalars first, then in order
    cards = [{
        "name": run.name,
        "path": str(run.path),
        "systems": [s.label for s in systems if s.run is run],
        "recorded": run.meta is not None,
        "files": {name: (run.path / name).is_file() for name in ("run.json", "items.jsonl", "summary.json")},
        "notes": [*run.warnings, *run.notes],
        "command": _command_text((run.meta or {}).get("command")),
    } for run in runs]
    return {"cards": cards, "names": [run.name for run in runs], "rows": rows}
