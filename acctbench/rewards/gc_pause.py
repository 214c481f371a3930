"""Pause Python's cyclic garbage collector around a scoring batch.

Scoring allocates many short-lived objects while the text caches hold many long-lived ones, so
the collector keeps re-walking the caches: pausing it speeds a batch up by about a quarter.
Nearly everything a batch frees is freed by reference counting; the rare cycle is collected
once the collector is back on.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Disable the cyclic collector inside the block; restore its previous state after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
