"""Small helpers shared by the CLI subcommands: errors and tables."""

from __future__ import annotations

from collections.abc import Sequence

from acctbench.results.files import write_atomic  # noqa: F401  (re-exported for subcommands)


class CLIError(Exception):
    """An error to report to the user as ``acctbench: error: ...`` with a non-zero exit."""

    def __init__(self, message: str, exit_code: int = 2):
        super().__init__(message)
        self.exit_code = exit_code


def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain left-aligned text table."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"
