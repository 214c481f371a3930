"""One writer per run directory: an exclusive ``flock`` on ``DIR/.acctbench.lock``.

The operating system releases the lock when its holder exits, however it exits (SIGKILL
included), so a lock left by a dead process never blocks a resume. The holder's pid is
written into the file only to name it in the message a second process gets. A forked child
(the scorers' worker pool) closes its copy of the descriptor, so an orphaned worker never keeps
a dead run's lock.
"""

from __future__ import annotations

import fcntl
import os
import sys
from pathlib import Path
from types import TracebackType

LOCK_NAME = ".acctbench.lock"
_HELD: set[int] = set()
"""Descriptors of the locks this process holds."""


def _close_in_child() -> None:
    for fd in _HELD:
        os.close(fd)
    _HELD.clear()


os.register_at_fork(after_in_child=_close_in_child)


class RunLocked(RuntimeError):
    """Another process holds the run directory."""


class RunLock:
    """``with RunLock(directory, wait=False):`` holds the directory's lock for the block.

    Without ``wait`` a held lock raises :class:`RunLocked` at once; with it, the call blocks
    until the holder is done. OS errors (read-only directory, disk full) propagate.
    """

    def __init__(self, directory: Path, wait: bool = False):
        self.directory = Path(directory)
        self.path = self.directory / LOCK_NAME
        self.wait = wait
        self._fd: int | None = None

    def _holder(self, fd: int) -> str:
        try:
            text = os.pread(fd, 64, 0).decode("ascii", errors="replace").strip()
        except OSError:
            text = ""
        return f"pid {text}" if text.isdigit() else "an unknown process"

    def acquire(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = self._holder(fd)
                if not self.wait:
                    raise RunLocked(
                        f"{self.directory} is in use by another acctbench process ({holder}); "
                        "wait for it to finish, or pass --wait to queue behind it"
                    ) from None
                sys.stderr.write(f"acctbench: {self.directory} is in use by {holder}; waiting for it to finish\n")
                fcntl.flock(fd, fcntl.LOCK_EX)
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        _HELD.add(fd)

    def release(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            _HELD.discard(fd)
            os.close(fd)  # closing the descriptor releases the flock

    def __enter__(self) -> RunLock:
        self.acquire()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.release()
