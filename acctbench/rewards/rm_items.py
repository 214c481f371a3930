"""The items the reward model learns from: the concepts train split and the extra training items."""

from __future__ import annotations

from typing import Any

EQUIVALENT = "equivalent"
"""The kind of a preference pair of two correct answers: trained as a tie, ranked by no audit."""

EXTRA_ITEMS = "rm_extra_items.jsonl"
"""Concept items added to train for topics the test split lacks (in ``rewards/``)."""


def train_items() -> list[dict[str, Any]]:
    """The items preference data may come from: the concepts train split and the extra items."""
    from acctbench._paths import data_path
    from acctbench.schema import load_items
    from acctbench.suites import suites

    extra = data_path("rewards", EXTRA_ITEMS)
    return list(suites()["concepts"].load("train")) + (load_items(extra) if extra.exists() else [])
