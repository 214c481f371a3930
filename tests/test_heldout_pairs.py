"""The hand-written held-out audit pairs: well formed, tied to real test items, and auditable.

Accuracy on these pairs is reported, never asserted: they exist to measure the scorers honestly.
"""

import json
import re
from collections import Counter

import pytest

from acctbench._paths import data_path
from acctbench.suites import suites

KINDS = {
    "fresh_misconception": "concepts",
    "subtle_wrong_concept": "concepts",
    "own_words_correct_vs_reference_copy_with_error": "concepts",
    "numeric_close_but_wrong": "computations",
    "numeric_correct_messy": "computations",
    "journal_partially_wrong": "journal",
    "choice_explained_wrong": "choice",
    "confident_nonanswer": None,  # any suite
}
FORMAT_FREE = {"numeric_correct_messy"}  # chosen may be written without the XML blocks
TAGGED = re.compile(r"\A<reasoning>\n.+\n</reasoning>\n<answer>\n.+\n</answer>\Z", re.DOTALL)


@pytest.fixture(scope="module")
def path():
    return data_path("rewards", "heldout_pairs.jsonl")


@pytest.fixture(scope="module")
def rows(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def test_items():
    """Every bundled test-split item by id, with the suite it came from."""
    return {item["id"]: (name, item) for name, suite in suites().items() for item in suite.load("test")}


def test_file_parses_with_the_pair_fields(rows):
    assert len(rows) >= 80
    for row in rows:
        assert set(row) == {"id", "kind", "item_id", "chosen", "rejected", "note"}, row.get("id")
        assert all(isinstance(row[key], str) and row[key].strip() for key in row), row["id"]
    ids = [row["id"] for row in rows]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"heldout-\d{3}", i) for i in ids)


def test_every_kind_is_known_and_covered(rows):
    counts = Counter(row["kind"] for row in rows)
    assert set(counts) == set(KINDS), counts
    assert all(n >= 10 for n in counts.values()), counts


def test_item_ids_exist_in_a_bundled_test_split_of_the_right_suite(rows, test_items):
    for row in rows:
        assert row["item_id"] in test_items, f"{row['id']}: unknown test item {row['item_id']}"
        suite, _ = test_items[row["item_id"]]
        expected = KINDS[row["kind"]]
        assert expected is None or suite == expected, f"{row['id']}: {row['kind']} on a {suite} item"


def test_pairs_spread_over_many_items(rows):
    for kind in KINDS:
        items = [row["item_id"] for row in rows if row["kind"] == kind]
        assert len(set(items)) == len(items), f"{kind} reuses an item"


def test_chosen_differs_from_rejected_and_formats_hold(rows):
    for row in rows:
        assert row["chosen"] != row["rejected"], row["id"]
        assert TAGGED.match(row["rejected"]), f"{row['id']}: rejected is not in the reasoning/answer format"
        if row["kind"] not in FORMAT_FREE:
            assert TAGGED.match(row["chosen"]), f"{row['id']}: chosen is not in the reasoning/answer format"


def test_choice_pairs_pick_the_gold_letter_against_another(rows, test_items):
    for row in rows:
        if row["kind"] != "choice_explained_wrong":
            continue
        gold = test_items[row["item_id"]][1]["gold"]
        letter = lambda text: re.search(r"<answer>\n([A-D])\b", text).group(1)  # noqa: E731
        assert letter(row["chosen"]) == gold, row["id"]
        assert letter(row["rejected"]) != gold, row["id"]


@pytest.mark.slow
def test_audit_runs_and_reports_accuracy_per_kind(path, rows):
    from acctbench.audit.run import run_audit
    from acctbench.rewards import Judge

    result = run_audit(Judge(), path)
    assert result["n_pairs"] == len(rows)
    assert set(result["kinds"]) == set(KINDS)
    for kind, scores in result["kinds"].items():
        total = scores["total"]
        assert 0.0 <= total["accuracy"] <= 1.0, kind
        assert total["n"] == sum(row["kind"] == kind for row in rows)
    assert 0.0 <= result["scorers"]["total"]["accuracy"] <= 1.0
