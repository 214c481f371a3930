"""One way for tests to run the ``acctbench`` command line as a user does: a fresh process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CLI_TIMEOUT_S = 600


def run_acctbench(*args: str | Path, cwd: Path | None = None, timeout: float = CLI_TIMEOUT_S,
                  **kwargs) -> subprocess.CompletedProcess[str]:
    """``python -m acctbench ARGS`` in a subprocess (the test session's environment: offline hub),
    its output captured as text; ``kwargs`` go to :func:`subprocess.run` (``env``, ``input``)."""
    return subprocess.run([sys.executable, "-m", "acctbench", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=timeout, **kwargs)
