"""Reports over runs that cover different cases, duplicated rows, and hostile text in every writer.

A model zoo leaves runs on different suites and with different ``--limit``s: each system is
summarised on its own cases, each pair is compared on the cases both have, a pair with none
is named, and only runs without a single scored row are refused. Run directories are written
by the helpers of ``test_report_runs.py`` (real scorers, real ``sample_row``); the slow test
at the end makes them with ``acctbench run`` and reports through the CLI.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from acctbench.report import build_report, load_run, render_csv, render_html, render_markdown
from acctbench.report.load import CaseKey
from acctbench.report.stats import compare
from acctbench.report.text import encodable
from acctbench.results.samples import sample_row
from acctbench.results.summary import aggregate
from acctbench.suites import get_suite
from tests.test_report import _cli
from tests.test_report_runs import completion, write_run
from tests.cli import run_acctbench

HOSTILE = "x \udcff y \x00 z \ufeffbom \u200frtl\u200f \u202eoverride\u202c \U0001F600 end"
"""A lone surrogate (valid JSON as an escape), NUL, a BOM, RTL marks, an override and an emoji."""
BIG = 2_000_000


def _items(suite: str, n: int) -> list[dict[str, Any]]:
    return get_suite(suite).load("test")[:n]


@pytest.fixture(scope="module")
def judge() -> Any:
    from acctbench.rewards import Judge

    return Judge()


@pytest.fixture(scope="module")
def zoo(tmp_path_factory: pytest.TempPathFactory, judge: Any) -> dict[str, Path]:
    """alpha: 4 computations items; beta: 3 journal items; gamma: the first 2 computations
    items (a smaller --limit), answered wrong."""
    root = tmp_path_factory.mktemp("zoo")
    comp, jour = _items("computations", 4), _items("journal", 3)
    return {
        "alpha": write_run(root / "alpha", [(i, completion(i, "correct"), 0) for i in comp], "alpha", judge),
        "beta": write_run(root / "beta", [(i, completion(i, "correct"), 0) for i in jour], "beta", judge),
        "gamma": write_run(root / "gamma", [(i, completion(i, "wrong"), 0) for i in comp[:2]], "gamma", judge),
    }


def _report(zoo: dict[str, Path], *names: str, baseline: int = 0) -> dict[str, Any]:
    return build_report([load_run(zoo[n]) for n in names], baseline=baseline)


def _keyed(path: Path) -> dict[CaseKey, dict[str, Any]]:
    return {(r["id"], r["sample"]): r for r in load_run(path).rows}


def _warnings(report: dict[str, Any]) -> str:
    return " ".join(n["text"] for n in report["notes"] if n["level"] == "warn")


# -- partly overlapping runs ----------------------------------------------------------------------


def test_runs_on_different_suites_make_a_report(zoo: dict[str, Path]) -> None:
    rep = _report(zoo, "alpha", "beta")
    assert [e["n"] for e in rep["leaderboard"]] == [4, 3]
    for entry, name in zip(rep["leaderboard"], ("alpha", "beta")):
        assert entry["total"] == aggregate(load_run(zoo[name]).rows)["total"]  # its own cases
    assert [s["suites"] for s in rep["systems"]] == [["computations"], ["journal"]]
    assert (rep["n_cases"], rep["n_common"], rep["same_items"]) == (7, 0, False)
    c = rep["comparisons"][0]
    assert (c["label"], c["n_pairs"], c["shared"]) == ("beta", 0, False)
    assert rep["unpaired"] == [["alpha", "beta"]]
    warn = _warnings(rep)
    assert "alpha (baseline): 4 cases (computations)" in warn and "beta: 3 cases (journal)" in warn
    assert "Not compared (no shared case): alpha and beta." in warn
    suite = rep["groups"]["suite"]
    assert suite["names"] == ["computations", "journal"]
    assert list(suite["cells"][0]) == ["computations"] and list(suite["cells"][1]) == ["journal"]
    assert len(rep["drill"]["cases"]) == 7 and not any(case["in"] for case in rep["drill"]["cases"])


def test_runs_with_different_limits_pair_on_the_shared_cases(zoo: dict[str, Path]) -> None:
    rep = _report(zoo, "alpha", "gamma")
    alpha, gamma = _keyed(zoo["alpha"]), _keyed(zoo["gamma"])
    assert [e["n"] for e in rep["leaderboard"]] == [4, 2]
    assert rep["leaderboard"][0]["total"] == aggregate(list(alpha.values()))["total"]  # all 4, not the 2 shared
    c = rep["comparisons"][0]
    assert c["n_pairs"] == 2 and c["shared"]
    diffs = [gamma[k]["total"] - alpha[k]["total"] for k in gamma]
    assert c["diff"]["mean"] == pytest.approx(np.mean(diffs), abs=1e-6) and c["diff"]["n"] == 2
    assert (c["lost_n"], c["gained_n"], c["n_gold"]) == (2, 0, 2)
    assert "alpha (baseline): 4 cases" in _warnings(rep) and "gamma: 2 cases" in _warnings(rep)
    flips = [case["fl"][1] for case in rep["drill"]["cases"]]
    assert sorted(flips) == [-1, -1, 0, 0]  # flipped where both have the case; the rest are gamma-less


def test_three_runs_where_two_overlap(zoo: dict[str, Path]) -> None:
    rep = _report(zoo, "alpha", "beta", "gamma")
    assert [e["n"] for e in rep["leaderboard"]] == [4, 3, 2]
    assert [(c["label"], c["n_pairs"]) for c in rep["comparisons"]] == [("beta", 0), ("gamma", 2)]
    assert [(c["a_label"], c["label"], c["n_pairs"]) for c in rep["pairs"]] == [("beta", "gamma", 0)]
    assert rep["unpaired"] == [["alpha", "beta"], ["beta", "gamma"]]
    # the baseline shares nothing with anyone: the pair that does overlap is still compared
    rep = _report(zoo, "beta", "alpha", "gamma")
    assert all(not c["shared"] for c in rep["comparisons"])
    (pair,) = rep["pairs"]
    expected = compare(_keyed(zoo["alpha"]), _keyed(zoo["gamma"]))
    assert (pair["a_label"], pair["label"], pair["n_pairs"]) == ("alpha", "gamma", 2)
    assert (pair["wins"], pair["ties"], pair["losses"]) == (expected.wins, expected.ties, expected.losses)
    assert pair["diff"] == expected.diff and pair["p_value"] == expected.p_value and pair["lost_n"] == 2


def test_a_pair_with_nothing_shared_is_named_in_every_format(zoo: dict[str, Path], tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    rep = _report(zoo, "alpha", "beta", "gamma")
    html = render_html(rep)
    unpaired = html.split('id="unpaired">', 1)[1].split("</p>", 1)[0]
    assert "<strong>alpha</strong> and <strong>beta</strong>; <strong>beta</strong> and <strong>gamma</strong>" in unpaired
    assert html.count("no shared (id, sample) case: not compared") == 2  # beta vs alpha, and beta vs gamma
    assert 'id="pairs-table"' in html and "7 (id, sample) cases, 0 in every system" in html
    md = render_markdown(rep)
    assert "Not compared (no shared (id, sample) case): alpha and beta; beta and gamma." in md
    assert "| beta | 0 | – | no shared (id, sample) case: not compared |" in md
    assert "## Other pairs" in md and "| beta | gamma | 0 |" in md
    rows = {r["system"]: r for r in csv.DictReader(io.StringIO(render_csv(rep)))}
    assert rows["beta"]["n_pairs"] == "0" and rows["beta"]["mean_diff"] == "" and rows["beta"]["mcnemar_p"] == ""
    assert rows["gamma"]["n_pairs"] == "2" and rows["gamma"]["lost"] == "2"
    assert json.loads(rows["beta"]["suites"]) == ["journal"] and rows["alpha"]["n"] == "4"
    for fmt in ("md", "csv"):
        assert _cli(str(zoo["alpha"]), str(zoo["beta"]), str(zoo["gamma"]), "--format", fmt) == 0
    assert _cli(str(zoo["alpha"]), str(zoo["beta"]), "-o", str(tmp_path / "r.html")) == 0
    out = capsys.readouterr()
    assert "7 (id, sample) cases (0 in every system)" in out.out and "Not compared" in out.err


def test_refuses_only_when_no_run_has_a_scored_row(zoo: dict[str, Path], tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "samples.jsonl").write_text("", encoding="utf-8")
    rep = build_report([load_run(zoo["alpha"]), load_run(empty)])
    assert [s["label"] for s in rep["systems"]] == ["alpha"]
    assert "empty: samples.jsonl holds no scored rows" in _warnings(rep)
    rep = build_report([load_run(empty), load_run(zoo["gamma"])])  # an empty baseline gives way
    assert rep["systems"][rep["baseline"]]["label"] == "gamma"
    assert "The baseline run empty holds no scored rows; gamma is the baseline instead." in _warnings(rep)
    other = tmp_path / "other"
    other.mkdir()
    (other / "samples.jsonl").write_text('{"no": "id"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="no run holds a scored row"):
        build_report([load_run(empty), load_run(other)])
    from acctbench.cli import main

    assert main(["report", str(empty), str(other), "--format", "md"]) == 2
    assert "acctbench: error: no run holds a scored row" in capsys.readouterr().err


# -- duplicated rows ----------------------------------------------------------------------------


def test_duplicate_rows_count_once_keeping_the_first(zoo: dict[str, Path], tmp_path: Path) -> None:
    run = tmp_path / "twice"
    lines = (zoo["alpha"] / "samples.jsonl").read_text(encoding="utf-8").splitlines()
    first = [json.loads(ln) for ln in lines]
    again = [dict(r, total=0.0, status="wrong") for r in first[:3]]  # a second writer's copies, scored differently
    other_model = dict(first[0], model="alpha-2")  # same id and sample, another model: not a duplicate
    run.mkdir()
    (run / "samples.jsonl").write_text("".join(json.dumps(r) + "\n" for r in [*first, *again, other_model]), encoding="utf-8")
    loaded = load_run(run)
    assert loaded.duplicates == 3 and len(loaded.rows) == 5
    rep = build_report([loaded, load_run(zoo["gamma"])])
    entry = rep["leaderboard"][0]
    assert entry["n"] == 4 and entry["total"] == aggregate(first)["total"]  # the first rows, each once
    assert rep["comparisons"][0]["label"] == "alpha-2" and rep["comparisons"][0]["n_pairs"] == 1
    assert rep["comparisons"][1]["n_pairs"] == 2 and rep["comparisons"][1]["lost_n"] == 2
    note = "twice: samples.jsonl holds 3 duplicate row(s)"
    assert note in _warnings(rep) and "3 row(s) dropped" in _warnings(rep)
    assert note in render_markdown(rep) and note in render_html(rep)
    assert any("3 duplicate row(s)" in n for n in rep["metadata"]["cards"][0]["notes"])


# -- hostile text through every writer --------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory, judge: Any) -> Path:
    """A run whose model name, category, question and completion hold :data:`HOSTILE`, and
    one completion of 2 MB, written as JSON with ``\\u`` escapes (what a lossless writer puts on disk)."""
    root = tmp_path_factory.mktemp("hostile") / "run \udcfe"
    plain = _items("computations", 2)
    texts = [f"<reasoning>{HOSTILE}</reasoning>\n<answer>{HOSTILE}</answer>", completion(plain[1], "correct")]
    judgements = judge.score_batch(plain, texts)
    # the hostile question, category and 2 MB completion are the writers' input, not the scorers'
    items = [dict(i, category=f"cat {HOSTILE}", question=f"{i['question']} {HOSTILE}") for i in plain]
    rows = [sample_row(item, f"model {HOSTILE}", 0, text, j) for item, text, j in zip(items, texts, judgements)]
    rows[1]["completion"] = "<reasoning>" + "é" * BIG + "</reasoning>"
    root.mkdir(parents=True)
    (root / "samples.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="ascii")
    (root / "items.jsonl").write_text("".join(json.dumps(i) + "\n" for i in items), encoding="ascii")
    return root


def test_hostile_text_survives_the_html_report(hostile_run: Path, tmp_path: Path) -> None:
    rep = build_report([load_run(hostile_run)])
    html = render_html(rep)
    html.encode("utf-8")  # strict: valid UTF-8
    assert "\x00" not in html
    data = json.loads(html.split('id="report-data">', 1)[1].split("</script>", 1)[0])
    first, second = (case["r"][0] for case in data["cases"])
    assert first["c"] == f"<reasoning>{HOSTILE}</reasoning>\n<answer>{HOSTILE}</answer>"  # exact, lone surrogate too
    assert data["systems"] == [f"model {HOSTILE}"] and data["items"][0]["category"] == f"cat {HOSTILE}"
    assert second["n"] == BIG + len("<reasoning></reasoning>") and second["c"] == ("<reasoning>" + "é" * BIG)[:len(second["c"])]
    shown = f"model {encodable(HOSTILE)}"  # the page's own text: \udcff and \u0000 as escapes, the rest as is
    assert "\\udcff" in shown and "\\u0000" in shown and "\ufeffbom" in shown and "\u202eoverride" in shown
    assert "<h3>run \\udcfe</h3>" in html and shown in html.split("<main>", 1)[1].split('id="report-data"', 1)[0]
    out = tmp_path / "r.html"
    assert _cli(str(hostile_run), "-o", str(out)) == 0
    written = out.read_bytes().decode("utf-8")  # strict
    assert shown in written and json.loads(written.split('id="report-data">', 1)[1].split("</script>", 1)[0]) == data


def test_hostile_text_survives_markdown_and_csv(hostile_run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = load_run(hostile_run)
    big = tmp_path / "big"
    big.mkdir()
    rows = [dict(r, model="m" * BIG) for r in run.rows]
    (big / "samples.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="ascii")
    rep = build_report([run, load_run(big)])
    md, text = render_markdown(rep), render_csv(rep)
    for output in (md, text):
        output.encode("utf-8")  # strict: valid UTF-8
        assert "\x00" not in output and "\udcff" not in output
    assert f"# acctbench report: model {encodable(HOSTILE)} vs {'m' * BIG}" in md
    limit = csv.field_size_limit(4 * BIG)  # the reader's default limit is 128 KB a field
    try:
        table = list(csv.DictReader(io.StringIO(text)))
    finally:
        csv.field_size_limit(limit)
    assert table[0]["model"] == encodable(f"model {HOSTILE}") and table[1]["model"] == "m" * BIG
    assert table[0]["run"] == "run \\udcfe" and json.loads(table[0]["suites"]) == ["computations"]
    assert table[1]["n_pairs"] == "2"
    for fmt in ("md", "csv"):
        out = tmp_path / f"r.{fmt}"
        assert _cli(str(hostile_run), str(big), "-o", str(out)) == 0
        decoded = out.read_bytes().decode("utf-8")
        assert encodable(f"model {HOSTILE}") in decoded
    assert _cli(str(hostile_run), "--format", "csv") == 0
    assert encodable(f"model {HOSTILE}") in capsys.readouterr().out


def test_encodable_escapes_only_what_utf8_or_html_cannot_keep() -> None:
    assert encodable("x \udcff y \x00 z") == "x \\udcff y \\u0000 z"
    kept = "\ufeff\u200f\u202e\U0001F600 plain \\udcff text"
    assert encodable(kept) == kept
    assert json.loads(f'"{encodable(chr(0xD800))}"') == chr(0xD800)  # the escape reads back as the same character


# -- the real pipeline ------------------------------------------------------------------------------


@pytest.mark.slow
def test_acctbench_report_over_a_model_zoo(tmp_path: Path) -> None:
    """oracle on computations, retrieval on journal, and retrieval on computations with a
    smaller --limit: made with ``acctbench run``, reported by ``acctbench report``."""
    runs = {"oracle": ("oracle", "computations", "3"), "retrieval-journal": ("retrieval", "journal", "3"),
            "retrieval-comp": ("retrieval", "computations", "2")}
    for out, (model, suite, limit) in runs.items():
        done = run_acctbench("run", "--model", model, "--suite", suite, "--limit", limit, "--out", str(tmp_path / out), "--no-progress")
        assert done.returncode == 0, done.stderr
    dirs = [str(tmp_path / d) for d in runs]
    for fmt in ("html", "md", "csv"):
        done = run_acctbench("report", *dirs, "-o", str(tmp_path / f"zoo.{fmt}"))
        assert done.returncode == 0, done.stderr
        assert "Not compared" in done.stderr
    md = (tmp_path / "zoo.md").read_text(encoding="utf-8")
    assert "oracle (baseline): 3 cases (computations)" in md
    assert "| retrieval-comp / retrieval | 2 |" in md  # paired with oracle on the 2 shared cases
    assert "Not compared (no shared (id, sample) case): oracle and retrieval-journal / retrieval; " \
           "retrieval-journal / retrieval and retrieval-comp / retrieval." in md
    table = list(csv.DictReader(io.StringIO((tmp_path / "zoo.csv").read_text(encoding="utf-8"))))
    assert [(r["n"], r["n_pairs"]) for r in table] == [("3", ""), ("3", "0"), ("2", "2")]
    done = run_acctbench("report", str(tmp_path / "nothing"), "--format", "md")
    assert done.returncode == 2 and "not found" in done.stderr
