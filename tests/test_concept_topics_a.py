"""Shape checks for the hand-written concept topics, part A (datasets/concepts/topics)."""

from __future__ import annotations

import math
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from acctbench._paths import data_path

TOPICS = (
    "matching",
    "revenue_recognition",
    "accrual_vs_cash",
    "conservatism",
    "materiality",
    "going_concern",
    "consistency",
    "historical_cost_vs_fair_value",
    "full_disclosure",
    "economic_entity",
    "monetary_unit",
    "time_period",
    "depreciation",
    "impairment",
    "inventory_valuation",
    "substance_over_form",
)

PRINCIPLE_IDS = frozenset(
    """matching revenue_recognition accrual_basis conservatism materiality going_concern
    consistency historical_cost fair_value full_disclosure economic_entity monetary_unit
    time_period cost_constraint verifiability substance_over_form faithful_representation
    relevance comparability double_entry inventory_lower_of_cost impairment
    depreciation_allocation no_offsetting contingencies lease_recognition deferred_tax
    segregation_of_duties control_consolidation timeliness""".split()
)

ITEM_KEYS = {"split", "difficulty", "question", "reasoning", "answer", "key_terms", "principles"}
TEXT_KEYS = ("question", "reasoning", "answer")
STOP = frozenset(
    "a an and are as at be by can does for from how in is it its of on or the this to under "
    "what when which why with".split()
)


def _topic_file(topic: str) -> Path:
    return data_path("datasets", "concepts", "topics", f"{topic}.yaml")


def _load(topic: str) -> dict:
    with _topic_file(topic).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _bag(text: str) -> Counter:
    words = re.findall(r"[a-z][a-z0-9]*", text.lower())
    return Counter(w for w in words if w not in STOP)


def _cosine(a: Counter, b: Counter) -> float:
    dot = sum(a[w] * b[w] for w in a.keys() & b.keys())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


@pytest.mark.parametrize("topic", TOPICS)
def test_topic_file_shape(topic: str) -> None:
    data = _load(topic)
    assert set(data) == {"topic", "title", "items"}
    assert data["topic"] == topic
    assert isinstance(data["title"], str) and data["title"].strip()
    assert isinstance(data["items"], list) and data["items"]


@pytest.mark.parametrize("topic", TOPICS)
def test_items_are_complete(topic: str) -> None:
    for n, item in enumerate(_load(topic)["items"]):
        where = f"{topic} item {n}"
        assert set(item) == ITEM_KEYS, where
        assert item["split"] in {"test", "train"}, where
        assert item["difficulty"] in {"easy", "medium", "hard"}, where
        for key in TEXT_KEYS:
            assert isinstance(item[key], str) and item[key].strip(), f"{where}: empty {key}"
        terms = item["key_terms"]
        assert isinstance(terms, list) and 2 <= len(terms) <= 5, where
        assert all(isinstance(t, str) and t.strip() for t in terms), where
        principles = item["principles"]
        assert isinstance(principles, list), where
        assert len(set(principles)) == len(principles), f"{where}: duplicate principle"
        unknown = set(principles) - PRINCIPLE_IDS
        assert not unknown, f"{where}: unknown principle ids {sorted(unknown)}"


@pytest.mark.parametrize("topic", TOPICS)
def test_both_splits_have_enough_items(topic: str) -> None:
    counts = Counter(item["split"] for item in _load(topic)["items"])
    assert counts["test"] >= 4 and counts["train"] >= 4, counts


def test_questions_are_unique() -> None:
    questions = [item["question"].strip().lower() for t in TOPICS for item in _load(t)["items"]]
    dupes = [q for q, c in Counter(questions).items() if c > 1]
    assert not dupes, dupes


def test_no_test_question_near_duplicates_a_train_question() -> None:
    items = [item for t in TOPICS for item in _load(t)["items"]]
    test_bags = [_bag(i["question"]) for i in items if i["split"] == "test"]
    train_bags = [_bag(i["question"]) for i in items if i["split"] == "train"]
    worst = max(_cosine(a, b) for a in test_bags for b in train_bags)
    assert worst < 0.6, f"a test question is too close to a train question (cosine {worst:.2f})"
