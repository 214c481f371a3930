"""Errors of a run directory that the CLI reports in one line, with what is safe and what to do."""

from __future__ import annotations

import os
from pathlib import Path

from acctbench.results.samples import count_rows

RESUME_HINT = "rerun the same command to resume"


def _rows_on_disk(samples: Path) -> str:
    n = count_rows(samples)
    if n is None:
        return f"the rows on disk in {samples} could not be counted"
    return f"{n} row{'s' if n != 1 else ''} safely on disk in {samples}"


def inside(path: str | bytes | None, directory: Path) -> bool:
    """Whether an error's ``filename`` lies in ``directory`` (so the error is the output's)."""
    if path is None:
        return False
    target, root = Path(os.fsdecode(path)).absolute(), Path(directory).absolute()
    return target == root or root in target.parents


class OutputError(OSError):
    """Writing a run directory failed (disk full, permission denied, read-only file system)."""

    def __init__(self, error: OSError, samples: Path):
        super().__init__(error.errno, error.strerror)
        self.filename = error.filename
        path = error.filename if error.filename is not None else samples
        reason = error.strerror or str(error)
        self.message = f"{os.fsdecode(path)}: {reason}; {_rows_on_disk(samples)}; {RESUME_HINT}"

    def __str__(self) -> str:
        return self.message


class RunInterrupted(KeyboardInterrupt):
    """Ctrl-C during a run: everything written before it is kept."""

    def __init__(self, samples: Path):
        super().__init__(f"{_rows_on_disk(samples)}; {RESUME_HINT}")
