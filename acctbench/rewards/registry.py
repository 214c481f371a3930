"""Scorers by name: the one place that maps a stable name to its implementation."""

from __future__ import annotations

import difflib
import logging
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from acctbench.rewards.parsing import Parsed
from acctbench.rewards.types import Score

logger = logging.getLogger(__name__)

SCORER_NAMES = ("correctness", "xml_format", "terms", "principles", "similarity", "reference_match")
SIMILARITY_OPTIONS = ("model", "use_reasoning", "batch_size", "device", "backend")
REFERENCE_MATCH_OPTIONS = ("use_reasoning", "batch_size", "device", "weights")
OPT_IN_SCORERS = ("reference_match",)
"""Built-ins that run only when named (``--scorers``, ``Judge([...])``), never by default."""
BACKEND_SCORERS = ("judge",)
"""Built-ins that grade with a generation backend the caller hands in (``Judge(judge_model=...)``,
``--judge SPEC``): opt-in, weight 0 unless weighted, and no TRL reward function."""
JUDGE_OPTIONS = ("backend", "cache_dir", "template")
MODEL_SCORERS = ("similarity", "reference_match", "judge")
"""Scorers that run a neural model in the calling process (never in the lexical worker pool)."""


class Scorer(Protocol):
    """Anything with a stable ``name`` that scores parsed completions in batches."""

    name: str

    def score_batch(self, items: list[dict[str, Any]], parsed: list[Parsed]) -> list[Score]: ...


def _error(exc: Exception) -> Score:
    """An internal error scores 0, never "not applicable": a completion that crashes a scorer
    must not have that scorer dropped from its total (a crash would then be a hack)."""
    return Score(0.0, f"scorer error: {type(exc).__name__}: {exc}"[:300], metadata={"status": "error"})


def guarded(name: str, fn: Callable[[], Score]) -> Score:
    """Run one scoring call; an internal error becomes a 0 score, never an exception."""
    try:
        return fn()
    except Exception as exc:  # a scorer must never abort a training step or a run
        logger.exception("scorer %s failed", name)
        return _error(exc)


def score_batch_guarded(scorer: Scorer, items: list[dict[str, Any]], parsed: list[Parsed]) -> list[Score]:
    """A scorer's batch; if the batch itself fails, every row gets a 0 error score."""
    try:
        return scorer.score_batch(items, parsed)
    except Exception as exc:  # e.g. an embedding model that cannot load
        logger.exception("scorer %s failed on a batch", scorer.name)
        return [_error(exc)] * len(items)


class FunctionScorer:
    """A pure per-item scoring function ``(item, parsed) -> Score`` as a batch scorer."""

    def __init__(self, name: str, fn: Callable[[dict[str, Any], Parsed], Score]):
        self.name = name
        self.fn = fn

    def score_batch(self, items: list[dict[str, Any]], parsed: list[Parsed]) -> list[Score]:
        return [guarded(self.name, lambda i=i, p=p: self.fn(i, p)) for i, p in zip(items, parsed)]


def scorer_names() -> tuple[str, ...]:
    """Every usable scorer: the built-ins, then custom ones (:mod:`acctbench.rewards.custom`)."""
    from acctbench.rewards.custom import custom_scorers

    return (*SCORER_NAMES, *custom_scorers())


def default_scorer_names() -> tuple[str, ...]:
    """What a Judge runs when no scorers are named: every usable scorer but the opt-in ones."""
    return tuple(n for n in scorer_names() if n not in OPT_IN_SCORERS)


def check_names(names: Iterable[str]) -> list[str]:
    """Validate scorer names, with a 'did you mean' hint for typos."""
    from acctbench.rewards.custom import broken_plugin

    available = (*scorer_names(), *BACKEND_SCORERS)
    checked = []
    for name in names:
        if name not in available:
            if broken_plugin(name):
                raise ValueError(f"scorer {name!r} is unusable: {broken_plugin(name)}")
            close = difflib.get_close_matches(name, available, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ValueError(f"unknown scorer {name!r}{hint} (available: {', '.join(available)})")
        checked.append(name)
    return checked


def get_scorer(name: str, **options: Any) -> Scorer:
    """Build the scorer called ``name``; ``options`` go to scorers that take any
    (``similarity``: ``model``, ``use_reasoning``, ``batch_size``, ``device``; ``reference_match``:
    ``use_reasoning``, ``batch_size``, ``device``, ``weights``; ``judge``: ``backend``, ``cache_dir``,
    ``template``)."""
    check_names([name])
    from acctbench.rewards.custom import custom_scorers

    if name in custom_scorers():
        if options:
            raise ValueError(f"custom scorer {name!r} takes no options, got {sorted(options)}")
        return custom_scorers()[name]
    if name == "similarity":
        from acctbench.rewards.similarity import Similarity

        unknown = sorted(set(options) - set(SIMILARITY_OPTIONS))
        if unknown:
            raise ValueError(f"scorer 'similarity' takes {', '.join(SIMILARITY_OPTIONS)}; got {unknown}")
        return Similarity(**options)
    if name == "reference_match":
        from acctbench.rewards.reference_match import ReferenceMatch

        unknown = sorted(set(options) - set(REFERENCE_MATCH_OPTIONS))
        if unknown:
            raise ValueError(f"scorer 'reference_match' takes {', '.join(REFERENCE_MATCH_OPTIONS)}; got {unknown}")
        return ReferenceMatch(**options)
    if name == "judge":
        from acctbench.rewards.judge_llm import LLMJudge

        unknown = sorted(set(options) - set(JUDGE_OPTIONS))
        if unknown:
            raise ValueError(f"scorer 'judge' takes {', '.join(JUDGE_OPTIONS)}; got {unknown}")
        return LLMJudge(**options)
    if options:
        raise ValueError(f"scorer {name!r} takes no options, got {sorted(options)}")
    if name == "correctness":
        from acctbench.rewards.correctness import score_correctness as fn
    elif name == "xml_format":
        from acctbench.rewards.xml_format import score_format

        def fn(item: dict[str, Any], parsed: Parsed) -> Score:
            return score_format(parsed)
    elif name == "terms":
        from acctbench.rewards.terms import score_terms as fn
    else:
        from acctbench.rewards.principles import score_principles as fn
    return FunctionScorer(name, fn)
