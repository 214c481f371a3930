"""``total``: the weighted combination of the scorers, in which correctness dominates.

Default weights: correctness 0.5, similarity 0.15, principles 0.15, terms 0.1, xml_format 0.1.
Scorers that return ``None`` (not applicable) drop out and the rest are renormalised.

Two documented rules keep the total honest:

1. Format is worth only as much as the content: the ``xml_format`` value counts multiplied by
   ``min(1, 2 * content)``, where ``content`` is the weighted mean of the other scorers. Perfect
   tags around no answer earn (almost) nothing.
2. Where an item has a gold answer, the non-correctness share is multiplied by
   ``0.5 + 0.5 * correctness``: a wrong answer keeps at most half of its style credit, so a
   correct answer with imperfect format outscores a wrong answer in perfect format.
"""

from __future__ import annotations

from collections.abc import Mapping

DEFAULT_WEIGHTS: dict[str, float] = {
    "correctness": 0.5,
    "similarity": 0.15,
    "principles": 0.15,
    "terms": 0.1,
    "xml_format": 0.1,
}
FORMAT = "xml_format"
CORRECTNESS = "correctness"


def _weighted_mean(values: Mapping[str, float], weights: Mapping[str, float]) -> float | None:
    total_weight = sum(weights[n] for n in values)
    if total_weight <= 0:
        return None
    return sum(values[n] * weights[n] for n in values) / total_weight


def combine(scores: Mapping[str, float | None], weights: Mapping[str, float] | None = None) -> float:
    """The total in [0, 1] from per-scorer values (``None`` = not applicable)."""
    weights = dict(DEFAULT_WEIGHTS if weights is None else weights)
    applicable = {n: float(v) for n, v in scores.items() if v is not None and weights.get(n, 0) > 0}
    if not applicable:
        return 0.0
    content_names = {n: v for n, v in applicable.items() if n != FORMAT}
    content = _weighted_mean(content_names, weights)
    if FORMAT in applicable:
        applicable[FORMAT] *= min(1.0, 2 * content) if content is not None else 0.0
    if CORRECTNESS not in applicable:
        return round(_weighted_mean(applicable, weights) or 0.0, 6)
    correct = applicable.pop(CORRECTNESS)
    share = weights[CORRECTNESS] / (weights[CORRECTNESS] + sum(weights[n] for n in applicable))
    rest = _weighted_mean(applicable, weights) if applicable else correct
    total = share * correct + (1 - share) * (rest or 0.0) * (0.5 + 0.5 * correct)
    return round(min(1.0, max(0.0, total)), 6)


def check_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """Validate user weights: known names, finite non-negative numbers, not all zero."""
    from acctbench.rewards.registry import check_names

    check_names(weights)
    out = {}
    for name, value in weights.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < float("inf"):
            raise ValueError(f"weight for {name!r} must be a finite non-negative number, got {value!r}")
        out[name] = float(value)
    if not any(out.values()):
        raise ValueError("at least one weight must be positive")
    return out


def parse_weights(spec: str) -> dict[str, float]:
    """Parse ``name=value,name=value`` (CLI form); unspecified scorers keep their defaults."""
    weights = dict(DEFAULT_WEIGHTS)
    for part in filter(None, (p.strip() for p in spec.split(","))):
        name, sep, value = part.partition("=")
        if not sep:
            raise ValueError(f"weights must look like name=value, got {part!r}")
        try:
            weights[name.strip()] = float(value)
        except ValueError:
            raise ValueError(f"weight for {name.strip()!r} is not a number: {value!r}") from None
    return check_weights(weights)
