"""Hand-written answers in the reward model's preference data, and the weight grid that picks
``reference_match``'s weight in ``total`` on validation pairs."""

from __future__ import annotations

import json
from pathlib import Path
from random import Random

import pytest

from acctbench.audit.preference import (CORRECT_KINDS, WRONG_KINDS, load_rules, train_items, written_answers,
                                        written_pairs)
from acctbench.audit.weight_grid import best_weight, completion, grid_accuracy, reference_self

ROOT = Path(__file__).resolve().parents[1]


def _write(tmp_path: Path, rows: list[dict]) -> Path:
    path = tmp_path / "rm_answers_written_x.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize("bad", [
    {"item_id": "x", "label": "maybe", "kind": "concise", "text": "t"},
    {"item_id": "x", "label": "correct", "kind": "swap", "text": "t"},
    {"item_id": "x", "label": "wrong", "kind": "concise", "text": "t"},
    {"item_id": "x", "label": "wrong", "kind": "swap", "text": "  "},
    {"item_id": 3, "label": "wrong", "kind": "swap", "text": "t"},
])
def test_a_bad_written_line_names_file_and_line(tmp_path, bad):
    good = {"item_id": "x", "label": "correct", "kind": "concise", "text": "fine"}
    path = _write(tmp_path, [good, bad])
    with pytest.raises(ValueError, match=r"rm_answers_written_x.jsonl:2: "):
        written_answers([path])


def test_not_json_names_the_line(tmp_path):
    path = tmp_path / "rm_answers_written_y.jsonl"
    path.write_text('{"item_id": "x", "label": "wrong", "kind": "swap", "text": "t"}\n{oops\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r":2: not JSON"):
        written_answers([path])


def test_written_pairs_cross_every_correct_with_every_wrong():
    item = next(i for i in train_items() if i["type"] == "text")
    correct = [(k, f"correct answer {k} in fresh words.") for k in CORRECT_KINDS[:3]]
    wrong = [(k, f"wrong answer {k} stated with confidence.") for k in list(WRONG_KINDS)[:4]]
    edits = [f"an edit of the reference that made it wrong {n}." for n in range(5)]
    pairs = written_pairs(item, {"correct": correct, "wrong": wrong}, edits, load_rules(), Random(0))
    crossed = {(p["chosen"], p["rejected"]) for p in pairs if p["source"] == "written"}
    ref = " ".join(item["reference"]["answer"].split())
    assert {(c, w) for _, c in correct for _, w in wrong} | {(ref, w) for _, w in wrong} <= crossed
    vs_edit = [p for p in pairs if p["source"] == "written:vs_reference_edit"]
    assert len(vs_edit) == 3 * 3 and {p["rejected"] for p in vs_edit} <= set(edits)
    assert all(p["item_id"] == item["id"] for p in pairs)


def test_bundled_written_answers_are_on_training_items():
    by_item = written_answers()
    ids = {i["id"] for i in train_items()}
    assert set(by_item) <= ids
    for answers in by_item.values():
        assert answers["correct"] or answers["wrong"]


def test_weight_grid_recombines_and_picks_the_best_written_weight():
    # reference_match separates the pairs; the others prefer the rejected answer a little.
    pairs = [{"kind": "k", "source": "written"}, {"kind": "k", "source": "rules:scope"}]
    chosen = [{"correctness": None, "terms": 0.2, "reference_match": 0.9}] * 2
    rejected = [{"correctness": None, "terms": 0.8, "reference_match": 0.1}] * 2
    result = grid_accuracy(pairs, chosen, rejected, [0.0, 0.05, 1.0, 2.0])
    assert result["0.0"]["written"] == 0.0 and result["1.0"]["written"] == 1.0
    assert best_weight(result) == (1.0, "written")  # ties go to the smaller weight
    assert "<answer>\nx\n</answer>" in completion("x")


def test_reference_self_reports_how_the_reference_itself_scores():
    assert reference_self([0.9, 0.2, 0.6, 0.1]) == {"n": 4, "mean": 0.45, "below_half": 0.5}
    assert reference_self([]) == {"n": 0}
