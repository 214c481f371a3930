"""Find the bundled data folders (``datasets/``, ``rewards/``, ``finetune/``, ``reports/``).

In an installed wheel they live in ``acctbench/_bundled/<folder>`` (hatchling force-include);
in a checkout they sit at the repository root beside the package.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
DATA_FOLDERS = ("datasets", "rewards", "finetune", "reports")


@cache
def data_dir(folder: str) -> Path:
    """The directory of one bundled data folder, from a wheel or from a checkout."""
    if folder not in DATA_FOLDERS:
        raise ValueError(f"unknown data folder {folder!r}; expected one of {DATA_FOLDERS}")
    for candidate in (_PACKAGE_DIR / "_bundled" / folder, _PACKAGE_DIR.parent / folder):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"acctbench data folder {folder!r} not found (looked in {_PACKAGE_DIR / '_bundled'} and "
        f"{_PACKAGE_DIR.parent}); reinstall the package"
    )


def data_path(folder: str, *parts: str) -> Path:
    """A path inside a bundled data folder, e.g. ``data_path("rewards", "accounts.yaml")``."""
    return data_dir(folder).joinpath(*parts)
