"""The data CLI: list, show, validate, generate — through the real entry point."""

import json

import pytest

from acctbench.cli import main
from acctbench.suites import suites
from tests.cli import run_acctbench

MINIMUM_COUNTS = {  # issue #2: at least these many items per split
    "computations": (250, 2000),
    "journal": (150, 1000),
    "choice": (150, 300),
    "concepts": (100, 100),
}


def test_list_shows_four_types_with_counts():
    out = run_acctbench("list")
    assert out.returncode == 0, out.stderr
    rows = {line.split()[0]: line.split() for line in out.stdout.splitlines()[2:]}
    types = {t.strip(",") for line in out.stdout.splitlines()[2:] for t in line.split()[1:-4]}  # a suite may list several
    assert types == {"numeric", "journal", "choice", "text"}
    for name, (test_min, train_min) in MINIMUM_COUNTS.items():
        assert int(rows[name][3]) >= test_min and int(rows[name][4]) >= train_min, rows[name]


def test_show_prints_items(capsys):
    assert main(["show", "journal", "--n", "2"]) == 0
    out = capsys.readouterr().out
    assert out.count("reference answer:") == 2 and "Dr " in out


def test_show_unknown_suite_suggests(capsys):
    assert main(["show", "jurnal"]) == 2
    assert "did you mean 'journal'" in capsys.readouterr().err


@pytest.mark.parametrize("suite", sorted(MINIMUM_COUNTS))
def test_validate_accepts_bundled(suite):
    s = suites()[suite]
    out = run_acctbench("validate", str(s.path("test")), str(s.path("train")))
    assert out.returncode == 0, out.stderr
    assert out.stdout.count(": OK") == 2


def test_validate_rejects_with_locations(tmp_path):
    bad = tmp_path / "bad.jsonl"
    ref = {"reasoning": "r", "answer": "a"}
    bad.write_text("\n".join([
        json.dumps({"id": "a", "type": "numeric", "question": "q", "reference": ref, "gold": 1}),
        '{"id": "b", "type": ',
        json.dumps({"id": "c", "type": "choice", "question": "q", "reference": ref, "choices": ["x", "y"], "gold": "D"}),
        json.dumps({"id": "d", "type": "journal", "question": "q", "reference": ref,
                    "gold": [{"account": "Cash", "debit": 5}, {"account": "Sales Revenue", "credit": 4}]}),
        json.dumps({"id": "a", "type": "riddle", "question": "q", "reference": ref}),
        json.dumps({"id": "e", "type": "numeric", "question": "q", "reference": ref}),
    ]) + "\n")
    out = run_acctbench("validate", str(bad))
    assert out.returncode == 1
    for expected in (":2: json:", ":3: gold:", ":4: gold: unbalanced", ":5: type:", ":5: id: duplicate", ":6: gold:"):
        assert expected in out.stderr, (expected, out.stderr)
    assert "INVALID" in out.stdout


def test_generate_fresh_instances(tmp_path):
    target = tmp_path / "fresh.jsonl"
    out = run_acctbench("generate", "--suite", "computations", "--seed", "99", "--n", "40", "--out", str(target))
    assert out.returncode == 0, out.stderr
    fresh = [json.loads(line) for line in target.read_text().splitlines()]
    assert len(fresh) == 40
    bundled = {i["id"] for split in ("test", "train") for i in suites()["computations"].load(split)}
    assert not bundled & {i["id"] for i in fresh}
    assert run_acctbench("validate", str(target)).returncode == 0
    again = run_acctbench("generate", "--suite", "computations", "--seed", "99", "--n", "40", "--out", str(target))
    assert again.returncode == 2 and "--force" in again.stderr  # nothing overwritten silently


def test_generate_refuses_hand_written_suite(tmp_path):
    out = run_acctbench("generate", "--suite", "concepts", "--seed", "1", "--out", str(tmp_path / "x.jsonl"))
    assert out.returncode == 2 and "hand-written" in out.stderr
