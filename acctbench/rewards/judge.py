"""Score completions with several scorers at once and combine them into ``total``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from acctbench.rewards.gc_pause import paused_gc
from acctbench.rewards.parallel import LexicalPool
from acctbench.rewards.parsing import completion_text, parse_text
from acctbench.rewards.reasoning import STRIP, check_policy
from acctbench.rewards.registry import MODEL_SCORERS, Scorer, check_names, default_scorer_names, get_scorer, score_batch_guarded
from acctbench.rewards.embedding import DEFAULT_BACKEND
from acctbench.rewards.judge_llm import DEFAULT_CACHE, NAME as JUDGE
from acctbench.rewards.similarity import DEFAULT_MODEL
from acctbench.rewards.total import DEFAULT_WEIGHTS, check_weights, combine
from acctbench.rewards.types import Score
from acctbench.rewards.vocabulary import release_if_grown


@dataclass(frozen=True)
class Judgement:
    """Every scorer's verdict on one completion, and the weighted total."""

    scores: dict[str, Score]
    total: float
    answer: str | None

    def values(self) -> dict[str, float | None]:
        """``{scorer: value or None}``."""
        return {name: s.value for name, s in self.scores.items()}

    def explanations(self) -> dict[str, str]:
        """``{scorer: why}``."""
        return {name: s.explanation for name, s in self.scores.items()}


class Judge:
    """A configured set of scorers with weights: ``judge.score(item, completion)``."""

    def __init__(
        self,
        names: Sequence[str] | None = None,
        weights: Mapping[str, float] | None = None,
        similarity_model: str = DEFAULT_MODEL,
        similarity_backend: str = DEFAULT_BACKEND,
        use_reasoning: bool = False,
        device: str | None = None,
        workers: int = 1,
        reasoning: str = STRIP,
        judge_model: Any = None,
        judge_cache: str | Path | None = DEFAULT_CACHE,
    ):
        self.reasoning = check_policy(reasoning)
        """``strip``: score what follows a leading ``<think>`` block; ``keep``: the whole text."""
        self.names = check_names(names if names is not None else default_scorer_names())
        if judge_model is not None and JUDGE not in self.names:  # a judge model given: the judge scorer runs
            self.names.append(JUDGE)
        merged = {**DEFAULT_WEIGHTS, **dict(zip(check_names(weights or {}), (weights or {}).values()))}
        self.weights = check_weights({n: merged.get(n, 0.0) for n in self.names})
        options = {"similarity": {"model": similarity_model, "use_reasoning": use_reasoning, "device": device,
                                  "backend": similarity_backend},
                   "reference_match": {"use_reasoning": use_reasoning, "device": device},
                   JUDGE: {"backend": judge_model, "cache_dir": judge_cache}}
        self.scorers: dict[str, Scorer] = {n: get_scorer(n, **options.get(n, {})) for n in self.names}
        if workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        self.pool = LexicalPool(workers)

    def config(self) -> dict[str, Any]:
        """What a run records about its scoring."""
        sim, rm = self.scorers.get("similarity"), self.scorers.get("reference_match")
        return {
            "scorers": list(self.names),
            "weights": self.weights,
            "similarity_model": getattr(sim, "model_name", None),
            "use_reasoning": getattr(sim, "use_reasoning", None),
            "similarity_backend": getattr(sim, "backend", None),
            "reasoning": self.reasoning,
            **({"reference_match_sha256": getattr(rm, "weights_sha256", None)} if rm is not None else {}),
            **({JUDGE: self.scorers[JUDGE].config()} if JUDGE in self.scorers else {}),  # type: ignore[attr-defined]
        }

    def score_batch(self, items: Sequence[dict[str, Any]], completions: Sequence[Any]) -> list[Judgement]:
        """Judge many completions (batched embedding); never raises."""
        if len(items) != len(completions):
            raise ValueError(f"{len(items)} items but {len(completions)} completions")
        release_if_grown()
        with paused_gc():
            return self._score_batch(list(items), completions)

    def _score_batch(self, items: list[dict[str, Any]], completions: Sequence[Any]) -> list[Judgement]:
        texts = [completion_text(c) for c in completions]
        lexical = [n for n in self.names if n not in MODEL_SCORERS]
        per_scorer: dict[str, list[Score]] = {}
        if lexical and self.pool.usable(len(items)):
            # Embedding waits for the workers: on a machine they keep busy, torch would only compete.
            pending = self.pool.submit(lexical, items, texts, self.reasoning)
            answers, per_scorer = self.pool.collect(pending, lexical)
            parsed = [parse_text(t, self.reasoning) for t in texts] if len(lexical) < len(self.names) else []
        else:
            parsed = [parse_text(t, self.reasoning) for t in texts]
            answers = [p.answer for p in parsed]
        for name in self.names:
            if name not in per_scorer:
                per_scorer[name] = score_batch_guarded(self.scorers[name], items, parsed)
        out = []
        for i, block in enumerate(answers):
            scores = {name: per_scorer[name][i] for name in self.names}
            answer = scores["correctness"].answer if "correctness" in scores else None
            total = combine({n: s.value for n, s in scores.items()}, self.weights)
            out.append(Judgement(scores, total, answer if answer is not None else block))
        return out

    def score(self, item: dict[str, Any], completion: Any) -> Judgement:
        """Judge one completion."""
        return self.score_batch([item], [completion])[0]

    def close(self) -> None:
        """Stop worker processes, if any were started, and release scorers that hold a model backend."""
        self.pool.close()
        for scorer in self.scorers.values():
            if callable(getattr(scorer, "close", None)):
                scorer.close()

