"""Shape checks for every hand-written concept topic file (datasets/concepts/topics)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from acctbench._paths import data_path
from acctbench.rewards.knowledge import PRINCIPLE_IDS

TOPICS_DIR = data_path("datasets", "concepts", "topics")
TOPICS = tuple(sorted(p.stem for p in TOPICS_DIR.glob("*.yaml")))


ITEM_KEYS = {"split", "difficulty", "question", "reasoning", "answer", "key_terms", "principles"}
TEXT_KEYS = ("question", "reasoning", "answer")
def _topic_file(topic: str) -> Path:
    return TOPICS_DIR / f"{topic}.yaml"


def _load(topic: str) -> dict:
    with _topic_file(topic).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


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
        unknown = set(principles) - set(PRINCIPLE_IDS)
        assert not unknown, f"{where}: unknown principle ids {sorted(unknown)}"


@pytest.mark.parametrize("topic", TOPICS)
def test_both_splits_have_enough_items(topic: str) -> None:
    counts = Counter(item["split"] for item in _load(topic)["items"])
    assert counts["test"] >= 4 and counts["train"] >= 4, counts


def test_questions_are_unique() -> None:
    questions = [item["question"].strip().lower() for t in TOPICS for item in _load(t)["items"]]
    dupes = [q for q, c in Counter(questions).items() if c > 1]
    assert not dupes, dupes


@pytest.mark.parametrize("topic", TOPICS)
def test_no_near_duplicates_between_splits_within_a_topic(topic: str) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    items = _load(topic)["items"]
    test = [i["question"] for i in items if i["split"] == "test"]
    train = [i["question"] for i in items if i["split"] == "train"]
    matrix = TfidfVectorizer(stop_words="english", ngram_range=(1, 2), sublinear_tf=True).fit_transform(test + train)
    worst = cosine_similarity(matrix[: len(test)], matrix[len(test) :]).max()
    assert worst < 0.6, f"{topic}: a test and a train question are too similar ({worst:.2f})"


def test_at_least_thirty_topics() -> None:
    assert len(TOPICS) >= 30, TOPICS
