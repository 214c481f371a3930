"""Spread the lexical scorers of a large batch over worker processes (opt-in: ``workers``).

The scorers are CPU-bound Python, so one process uses one core. With ``Judge(workers=N)`` a
batch of at least ``MIN_PER_WORKER * 2`` completions is split into N chunks scored by forked
worker processes, which also parse them; the parent embeds for ``similarity`` once the
workers are done (torch would only compete with them for the cores).
Workers are forked after the lexicon, the principle matcher and the chart of accounts are
loaded, so they start warm and share that memory copy-on-write. Where ``fork`` is unavailable
(Windows) or the batch is small, scoring stays in-process. Results are identical either way.
"""

from __future__ import annotations

import multiprocessing
import weakref
from collections.abc import Sequence
from multiprocessing.pool import AsyncResult
from typing import Any

from acctbench.rewards.gc_pause import paused_gc
from acctbench.rewards.parsing import parse_text
from acctbench.rewards.reasoning import STRIP
from acctbench.rewards.registry import get_scorer, score_batch_guarded
from acctbench.rewards.types import Score
from acctbench.rewards.vocabulary import release_if_grown

MIN_PER_WORKER = 64


def _warm_up() -> None:
    """Load the shared knowledge once, before forking."""
    from acctbench.accounts import load_accounts
    from acctbench.rewards.principles import principle_matcher
    from acctbench.rewards.terms import lexicon

    lexicon()
    principle_matcher()
    load_accounts()


def _score_chunk(
    task: tuple[tuple[str, ...], list[dict[str, Any]], list[str], str],
) -> tuple[list[str | None], dict[str, list[Score]]]:
    names, items, texts, reasoning = task
    release_if_grown()
    with paused_gc():
        parsed = [parse_text(t, reasoning) for t in texts]
        return [p.answer for p in parsed], {name: score_batch_guarded(get_scorer(name), items, parsed) for name in names}


class LexicalPool:
    """A lazily started pool of forked workers for the non-embedding scorers."""

    def __init__(self, workers: int):
        self.workers = workers
        self._pool: Any = None

    def usable(self, n: int) -> bool:
        """Whether a batch of ``n`` completions is worth splitting."""
        return self.workers > 1 and n >= 2 * MIN_PER_WORKER and "fork" in multiprocessing.get_all_start_methods()

    def submit(self, names: Sequence[str], items: list[dict[str, Any]], texts: list[str], reasoning: str = STRIP) -> AsyncResult:
        """Start parsing (under the ``reasoning`` policy) and scoring completion texts; ``collect`` the result."""
        if self._pool is None:
            _warm_up()
            self._pool = multiprocessing.get_context("fork").Pool(self.workers)
            # stop the workers when the pool is dropped unclosed, quietly, before interpreter exit
            weakref.finalize(self, self._pool.terminate)
        size = -(-len(items) // self.workers)
        tasks = [(tuple(names), items[i : i + size], texts[i : i + size], reasoning) for i in range(0, len(items), size)]
        return self._pool.map_async(_score_chunk, tasks)

    @staticmethod
    def collect(pending: AsyncResult, names: Sequence[str]) -> tuple[list[str | None], dict[str, list[Score]]]:
        """Join the chunks back, in order: the answer blocks read, and one list of scores per scorer."""
        chunks = pending.get()
        answers = [a for chunk_answers, _ in chunks for a in chunk_answers]
        return answers, {name: [s for _, scores in chunks for s in scores[name]] for name in names}

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool = None
