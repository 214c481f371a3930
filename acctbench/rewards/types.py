"""The value every scorer returns, and the text limits every scorer respects."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MAX_COMPLETION_CHARS = 20_000
"""Scorers look at most at this many characters of a completion (the head; bounded time)."""


@dataclass(frozen=True)
class Score:
    """A scorer's verdict: ``value`` in [0, 1] or ``None`` when the scorer does not apply.

    ``explanation`` says why in one short sentence; ``answer`` is what the scorer read as the
    final answer (when it reads one); ``metadata`` holds details for reports.
    """

    value: float | None
    explanation: str
    answer: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.value is not None:
            clamped = min(1.0, max(0.0, float(self.value)))
            object.__setattr__(self, "value", round(clamped, 6))


def not_applicable(reason: str) -> Score:
    """A ``None`` score with its reason."""
    return Score(None, reason)
