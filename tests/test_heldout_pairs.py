"""The hand-written held-out audit pairs: well formed, tied to real test items, and auditable.

Accuracy on these pairs is reported, never asserted: they exist to measure the scorers honestly.
Four sets, each written by a helper that never read the scorers. ``heldout_pairs.jsonl`` (91
pairs), ``_2`` (133) and ``_3`` (130) were each measured and then used to find and fix scorer
bugs, so they are development sets now; ``heldout_pairs_4.jsonl`` (126) is the current held-out
set.
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
KINDS_2 = {**KINDS, "negated_correct_idea": "concepts", "generic_vocabulary_trap": "concepts"}
FILES = {  # file: (id prefix, kinds, least pairs per kind)
    "heldout_pairs.jsonl": ("heldout", KINDS, 10),
    "heldout_pairs_2.jsonl": ("heldout2", KINDS_2, 12),
    "heldout_pairs_3.jsonl": ("heldout3", KINDS_2, 12),
    "heldout_pairs_4.jsonl": ("heldout4", KINDS_2, 12),
}
FORMAT_FREE = {"numeric_correct_messy"}  # chosen may be written without the XML blocks
TAGGED = re.compile(r"\A<reasoning>\n.+\n</reasoning>\n<answer>\n.+\n</answer>\Z", re.DOTALL)


@pytest.fixture(scope="module", params=sorted(FILES))
def heldout(request):
    """(path, id prefix, kinds, least pairs per kind) of one held-out file."""
    prefix, kinds, least = FILES[request.param]
    return data_path("rewards", request.param), prefix, kinds, least


@pytest.fixture(scope="module")
def path(heldout):
    return heldout[0]


@pytest.fixture(scope="module")
def kinds(heldout):
    return heldout[2]


@pytest.fixture(scope="module")
def rows(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def test_items():
    """Every bundled test-split item by id, with the suite it came from."""
    return {item["id"]: (name, item) for name, suite in suites().items() for item in suite.load("test")}


def test_file_parses_with_the_pair_fields(rows, heldout):
    _, prefix, kinds, least = heldout
    assert len(rows) >= least * len(kinds)
    for row in rows:
        assert set(row) == {"id", "kind", "item_id", "chosen", "rejected", "note"}, row.get("id")
        assert all(isinstance(row[key], str) and row[key].strip() for key in row), row["id"]
    ids = [row["id"] for row in rows]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(rf"{prefix}-\d{{3}}", i) for i in ids)


def test_every_kind_is_known_and_covered(rows, heldout):
    _, _, kinds, least = heldout
    counts = Counter(row["kind"] for row in rows)
    assert set(counts) == set(kinds), counts
    assert all(n >= least for n in counts.values()), counts


def test_item_ids_exist_in_a_bundled_test_split_of_the_right_suite(rows, test_items, kinds):
    for row in rows:
        assert row["item_id"] in test_items, f"{row['id']}: unknown test item {row['item_id']}"
        suite, _ = test_items[row["item_id"]]
        expected = kinds[row["kind"]]
        assert expected is None or suite == expected, f"{row['id']}: {row['kind']} on a {suite} item"


def test_pairs_spread_over_many_items(rows, kinds):
    for kind in kinds:
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
def test_audit_runs_and_reports_accuracy_per_kind(path, rows, kinds):
    from acctbench.audit.run import run_audit
    from acctbench.rewards import Judge

    result = run_audit(Judge(), path)
    assert result["n_pairs"] == len(rows)
    assert set(result["kinds"]) == set(kinds)
    for kind, scores in result["kinds"].items():
        total = scores["total"]
        assert 0.0 <= total["accuracy"] <= 1.0, kind
        assert total["n"] == sum(row["kind"] == kind for row in rows)
    assert 0.0 <= result["scorers"]["total"]["accuracy"] <= 1.0
