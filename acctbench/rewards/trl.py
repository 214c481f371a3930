"""TRL reward functions: ``get_reward_funcs(...)`` for ``GRPOTrainer(reward_funcs=...)``.

Each function is a small picklable object with a stable ``__name__`` (TRL logs it as
``rewards/<name>/mean``) and the signature ``(completions, **kwargs) -> list[float | None]``.
Completions may be plain strings or chat messages. The item travels as dataset columns: either
one ``item_json`` column (what ``acctbench train`` builds; it survives Arrow's typing of mixed
``gold`` values) or the item's own fields as columns (``question``, ``reference``, ``type``,
``gold``, ...). ``None`` means "not applicable" (current TRL ignores it in the mean); pass
``none_as=0.0`` for TRL versions that cannot take ``None``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import cache, lru_cache
from typing import Any

from acctbench.rewards.parsing import completion_text
from acctbench.rewards.reasoning import STRIP, check_policy
from acctbench.rewards.registry import BACKEND_SCORERS, check_names, scorer_names
from acctbench.rewards.similarity import DEFAULT_MODEL

TOTAL = "total"
_ITEM_FIELDS = (
    "id", "type", "question", "reference", "gold", "choices", "tolerance", "abs_tolerance", "unit",
    "key_terms", "principles", "category", "suite",
)


@cache
def _judge(names: tuple[str, ...], weights: tuple[tuple[str, float], ...], model: str, use_reasoning: bool, reasoning: str) -> Any:
    from acctbench.rewards.judge import Judge

    return Judge(names, dict(weights) or None, similarity_model=model, use_reasoning=use_reasoning, reasoning=reasoning)


def items_from_columns(n: int, columns: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Rebuild ``n`` items from TRL's per-row keyword arguments."""
    if "item_json" in columns:
        return [_loads(columns["item_json"][i]) for i in range(n)]
    present = {k: v for k, v in columns.items() if k in _ITEM_FIELDS and isinstance(v, (list, tuple)) and len(v) == n}
    items = []
    for i in range(n):
        item = {k: v[i] for k, v in present.items() if v[i] is not None}
        if isinstance(item.get("reference"), str):
            item["reference"] = _loads(item["reference"])
        items.append(item)
    return items


def _loads(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return value
    try:
        return json.loads(value)
    except (TypeError, ValueError):
        return {}


@lru_cache(maxsize=2)
def _judge_batch(config: tuple[Any, ...], items_key: tuple[str, ...], texts: tuple[str, ...]) -> list[Any]:
    """Judgements of one batch, cached so the sibling reward functions of a step (one per
    scorer) share a single scoring pass instead of each repeating all of them."""
    items = [json.loads(i) for i in items_key]
    return _judge(*config).score_batch(items, list(texts))


class RewardFunction:
    """One acctbench scorer (or the weighted ``total``) as a TRL reward function."""

    def __init__(self, name: str, scorers: Sequence[str], weights: Mapping[str, float] | None, model: str, use_reasoning: bool,
                 none_as: float | None, reasoning: str = STRIP):
        self.__name__ = name
        self.name = name
        self.scorers = tuple(scorers)
        self.weights = tuple(sorted((weights or {}).items()))
        self.model = model
        self.use_reasoning = use_reasoning
        self.none_as = none_as
        self.reasoning = check_policy(reasoning)

    def __call__(self, completions: Sequence[Any], **kwargs: Any) -> list[float | None]:
        n = len(completions)
        try:
            items = items_from_columns(n, kwargs)
            items_key = tuple(json.dumps(i, sort_keys=True, default=str) for i in items)
            texts = tuple(completion_text(c) for c in completions)
            config = (self.scorers, self.weights, self.model, self.use_reasoning, self.reasoning)
            judgements = _judge_batch(config, items_key, texts)
        except Exception:  # a reward must never abort a training step
            return [self.none_as] * n
        if self.name == TOTAL:
            return [j.total for j in judgements]
        values = [j.scores[self.name].value for j in judgements]
        return [self.none_as if v is None else v for v in values]

    def __repr__(self) -> str:
        return f"RewardFunction({self.name!r})"


COMMITMENT_FLAGS = ("negated", "retracted", "hedged", "denied", "framed_false")
"""Monitors: the share of completions whose final answer commits to nothing, by why."""


class CommitmentFlag:
    """A monitor shaped like a reward function: 1.0 when a completion's answer is ``status``
    (negated, retracted, hedged, ...), else 0.0. Give it GRPO weight 0: TRL then logs
    ``rewards/<status>/mean`` each step, so drift toward hedging shows before it pays."""

    def __init__(self, status: str, reasoning: str = STRIP):
        if status not in COMMITMENT_FLAGS:
            raise ValueError(f"unknown commitment flag {status!r}; choose from {', '.join(COMMITMENT_FLAGS)}")
        self.__name__ = status
        self.status = status
        self.reasoning = check_policy(reasoning)

    def __call__(self, completions: Sequence[Any], **kwargs: Any) -> list[float | None]:
        from acctbench.rewards.commitment import stance_of
        from acctbench.rewards.parsing import parse_text

        n = len(completions)
        try:
            items = items_from_columns(n, kwargs)
            stances = [stance_of(item, parse_text(completion_text(c), self.reasoning)) for item, c in zip(items, completions)]
        except Exception:  # a monitor must never abort a training step
            return [0.0] * n
        return [1.0 if s.status == self.status else 0.0 for s in stances]

    def __repr__(self) -> str:
        return f"CommitmentFlag({self.status!r})"


def get_commitment_flags(statuses: Sequence[str] = COMMITMENT_FLAGS, reasoning: str = STRIP) -> list[CommitmentFlag]:
    """Monitors for TRL (weight 0 each): ``rewards/negated/mean``, ``rewards/hedged/mean``, ..."""
    return [CommitmentFlag(s, reasoning) for s in statuses]


def get_reward_funcs(
    names: Sequence[str] | None = None,
    weights: Mapping[str, float] | None = None,
    similarity_model: str = DEFAULT_MODEL,
    use_reasoning: bool = False,
    none_as: float | None = None,
    reasoning: str = STRIP,
) -> list[RewardFunction]:
    """Reward functions for TRL, one per name (default: every scorer).

    The special name ``"total"`` returns the weighted total of all scorers (``weights``
    override the defaults); use it alone to train on exactly what ``acctbench run`` reports.
    ``reasoning`` is the policy for a leading ``<think>`` block (:mod:`acctbench.rewards.reasoning`):
    ``"strip"`` rewards only what follows it, ``"keep"`` the whole text.
    """
    check_policy(reasoning)
    names = list(names) if names is not None else list(scorer_names())
    check_names([n for n in names if n != TOTAL])
    if any(n in BACKEND_SCORERS for n in names):
        raise ValueError(f"{', '.join(BACKEND_SCORERS)} grades with a model backend, which a TRL reward function cannot build; "
                         "score with acctbench score --judge SPEC instead")
    scorers = scorer_names() if TOTAL in names else tuple(names)
    return [RewardFunction(n, scorers, weights, similarity_model, use_reasoning, none_as, reasoning) for n in names]
