"""Small helpers shared by the CLI subcommands: errors, tables and atomic writes."""

from __future__ import annotations

from acctbench.results.files import write_atomic  # noqa: F401  (re-exported for subcommands)
from acctbench.tables import format_table  # noqa: F401  (re-exported for subcommands)

EXIT_OUTPUT = 4
"""The output directory cannot be written (disk full, permission denied, read-only)."""
EXIT_LOCKED = 5
"""Another process is writing the output directory."""


class CLIError(Exception):
    """An error to report to the user as ``acctbench: error: ...`` with a non-zero exit."""

    def __init__(self, message: str, exit_code: int = 2):
        super().__init__(message)
        self.exit_code = exit_code
