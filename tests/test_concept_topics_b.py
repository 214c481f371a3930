"""Structure checks for the hand-written concept topic files, part B."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

TOPICS_DIR = Path(__file__).resolve().parent.parent / "datasets" / "concepts" / "topics"

TOPICS_B = (
    "leases",
    "contingencies",
    "deferred_tax",
    "internal_control",
    "audit_opinions",
    "cash_flow_statement",
    "consolidation",
    "double_entry",
    "adjusting_entries",
    "bank_reconciliation",
    "receivables_and_bad_debts",
    "bonds_and_interest",
    "equity_transactions",
    "qualitative_characteristics",
    "financial_ratios",
    "cost_accounting",
)

PRINCIPLES = frozenset(
    """
    matching revenue_recognition accrual_basis conservatism materiality going_concern
    consistency historical_cost fair_value full_disclosure economic_entity monetary_unit
    time_period cost_constraint verifiability substance_over_form faithful_representation
    relevance comparability double_entry inventory_lower_of_cost impairment
    depreciation_allocation no_offsetting contingencies lease_recognition deferred_tax
    segregation_of_duties control_consolidation timeliness
    """.split()
)

ITEM_KEYS = {"split", "difficulty", "question", "reasoning", "answer", "key_terms", "principles"}
TEXT_FIELDS = ("question", "reasoning", "answer")


def load(topic: str) -> dict:
    return yaml.safe_load((TOPICS_DIR / f"{topic}.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("topic", TOPICS_B)
def test_topic_header(topic):
    data = load(topic)
    assert set(data) == {"topic", "title", "items"}
    assert data["topic"] == topic  # equals the file name
    assert isinstance(data["title"], str) and data["title"].strip()
    assert isinstance(data["items"], list)


@pytest.mark.parametrize("topic", TOPICS_B)
def test_items_are_complete(topic):
    for n, item in enumerate(load(topic)["items"]):
        where = f"{topic} item {n}"
        assert set(item) == ITEM_KEYS, where
        assert item["split"] in {"test", "train"}, where
        assert item["difficulty"] in {"easy", "medium", "hard"}, where
        for field in TEXT_FIELDS:
            assert isinstance(item[field], str) and item[field].strip(), f"{where}: empty {field}"
        terms = item["key_terms"]
        assert isinstance(terms, list) and 2 <= len(terms) <= 5, where
        assert all(isinstance(t, str) and t.strip() for t in terms), where
        assert isinstance(item["principles"], list), where  # may be empty when none applies
        unknown = set(item["principles"]) - PRINCIPLES
        assert not unknown, f"{where}: unknown principle ids {sorted(unknown)}"


@pytest.mark.parametrize("topic", TOPICS_B)
def test_split_counts(topic):
    splits = [item["split"] for item in load(topic)["items"]]
    assert splits.count("test") >= 4
    assert splits.count("train") >= 4


def test_questions_unique_across_part_b():
    questions = [item["question"].strip() for t in TOPICS_B for item in load(t)["items"]]
    assert len(questions) == len(set(questions))


def test_no_near_duplicates_between_splits_within_a_topic():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    for topic in TOPICS_B:
        items = load(topic)["items"]
        test = [i["question"] for i in items if i["split"] == "test"]
        train = [i["question"] for i in items if i["split"] == "train"]
        vectorizer = TfidfVectorizer(stop_words="english", ngram_range=(1, 2), sublinear_tf=True)
        matrix = vectorizer.fit_transform(test + train)
        worst = cosine_similarity(matrix[: len(test)], matrix[len(test) :]).max()
        assert worst < 0.6, f"{topic}: a test and a train question are too similar ({worst:.2f})"
