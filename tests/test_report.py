"""``acctbench report``: statistics, the report model, HTML safety (static), Markdown, CSV, CLI.

Browser checks live in ``test_report_browser.py``; the run directories come from
``test_report_runs.py`` (real scorers, real writers).
"""

from __future__ import annotations

import argparse
import base64
import csv
import hashlib
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from scipy.stats import binomtest

from acctbench.cli.common import CLIError
from acctbench.report import build_report, load_run, render, render_csv, render_html, render_markdown
from acctbench.report.drill import COMPLETION_CAP
from acctbench.report.stats import compare, correlation_matrix, histogram, mcnemar_exact, paired_bootstrap
from acctbench.results.summary import aggregate
from tests.test_report_runs import HOSTILE_MODEL, completion, SUITES, pick_items, standard_runs, write_run
from tests.cli import run_acctbench

# -- statistics ---------------------------------------------------------------------------------


@pytest.mark.parametrize("b, c", [(0, 0), (0, 5), (1, 9), (3, 3), (10, 2), (40, 61), (250, 300), (0, 1)])
def test_mcnemar_exact_matches_binomial_test(b: int, c: int) -> None:
    expected = 1.0 if b + c == 0 else binomtest(min(b, c), b + c, 0.5).pvalue
    assert mcnemar_exact(b, c) == pytest.approx(expected, rel=1e-9)


def test_mcnemar_textbook_values() -> None:
    assert mcnemar_exact(0, 5) == pytest.approx(0.0625)  # 2 / 2**5
    assert mcnemar_exact(1, 9) == pytest.approx(2 * 11 / 1024)  # 2 * (C(10,0) + C(10,1)) / 2**10
    assert mcnemar_exact(5, 5) == 1.0
    with pytest.raises(ValueError):
        mcnemar_exact(-1, 2)


def test_paired_bootstrap() -> None:
    rng = np.random.default_rng(1)
    base = rng.uniform(size=200)
    same = paired_bootstrap(base, base)
    assert same["mean"] == 0 and same["ci95"] == [0, 0] and not same["significant"]
    shifted = paired_bootstrap(base, base + 0.1)  # every pair improves by exactly 0.1
    assert shifted["mean"] == pytest.approx(0.1) and shifted["significant"]
    assert shifted["ci95"] == pytest.approx([0.1, 0.1])
    noisy = paired_bootstrap(base, base + rng.normal(0.0, 0.3, size=200))
    assert noisy["ci95"][0] <= noisy["mean"] <= noisy["ci95"][1] and noisy["n"] == 200
    assert paired_bootstrap(base, base + 0.1) == shifted  # deterministic
    with pytest.raises(ValueError):
        paired_bootstrap([1.0], [1.0, 2.0])


def test_compare_counts_wins_and_flips() -> None:
    def row(total: float, status: str | None) -> dict[str, Any]:
        return {"total": total, "status": status}

    base = {("a", 0): row(0.2, "wrong"), ("b", 0): row(0.9, "correct"), ("c", 0): row(0.5, None),
            ("d", 0): row(0.9, "correct"), ("e", 0): row(0.1, "no_answer")}
    other = {("a", 0): row(0.9, "correct"), ("b", 0): row(0.1, "wrong"), ("c", 0): row(0.5, None),
             ("d", 0): row(0.95, "correct"), ("e", 0): row(0.8, "correct"), ("z", 0): row(1.0, "correct")}
    c = compare(base, other)
    assert (c.n_pairs, c.wins, c.ties, c.losses) == (5, 3, 1, 1)
    assert c.gained == [("a", 0), ("e", 0)] and c.lost == [("b", 0)]  # no answer → correct is a gain
    assert c.n_gold == 4 and c.baseline_accuracy == 0.5 and c.accuracy == 0.75
    assert c.p_value == mcnemar_exact(1, 2) and not c.accuracy_significant
    assert c.diff["mean"] == pytest.approx(np.mean([0.7, -0.8, 0.0, 0.05, 0.7]))


def test_histogram_and_correlation() -> None:
    h = histogram([0.0, 0.05, 0.5, 1.0, 1.0, None])
    assert h["counts"] == [2, 0, 0, 0, 0, 1, 0, 0, 0, 2] and h["n"] == 5 and h["n_null"] == 1
    assert sum(h["fractions"]) == pytest.approx(1.0)
    m = correlation_matrix({"x": [0.0, 0.5, 1.0, 0.2], "y": [1.0, 0.5, 0.0, 0.8], "k": [1.0, 1.0, 1.0, 1.0],
                            "s": [None, None, 0.3, 0.4]})
    r = dict(zip(m["names"], m["r"]))
    assert r["x"][0] == pytest.approx(1.0) and r["x"][1] == pytest.approx(-1.0)
    assert r["k"][0] is None  # constant: undefined, not 0
    assert r["s"][0] is None and m["n"][3][0] == 2  # fewer than three shared values


# -- the report model ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def judge() -> Any:
    from acctbench.rewards import Judge

    return Judge()


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, judge: Any) -> dict[str, Any]:
    return standard_runs(tmp_path_factory.mktemp("runs"), judge)


@pytest.fixture(scope="module")
def report(runs: dict[str, Any]) -> dict[str, Any]:
    return build_report([load_run(runs[k]) for k in ("base", "cand", "partial")], baseline=0)


@pytest.fixture(scope="module")
def html(report: dict[str, Any]) -> str:
    return render_html(report)


def test_single_run_leaderboard_equals_its_summary(runs: dict[str, Any]) -> None:
    run = load_run(runs["base"])
    rep = build_report([run])
    entry = rep["leaderboard"][0]
    overall = run.summary["models"]["alpha-7b"]["overall"]
    assert entry["total"] == overall["total"] and entry["accuracy"] == overall["accuracy"]
    assert entry["format_valid_rate"] == overall["format_valid_rate"] and entry["no_answer_rate"] == overall["no_answer_rate"]
    assert rep["comparisons"] == [] and rep["same_items"] and rep["n_common"] == 13


def test_each_system_uses_its_own_cases_and_the_note_says_so(report: dict[str, Any], runs: dict[str, Any]) -> None:
    assert (report["n_cases"], report["n_common"]) == (14, 11)  # gamma lacks two items and has one extra
    warn = [n["text"] for n in report["notes"] if n["level"] == "warn"]
    assert any("cover different cases (14 (id, sample) cases in all, 11 in every system)" in t
               and "gamma-1b: 12 cases (choice, computations, concepts, journal)" in t for t in warn)
    assert not report["same_items"]
    for entry, key in zip(report["leaderboard"], ("base", "cand", "partial")):
        assert entry["total"] == aggregate(load_run(runs[key]).rows)["total"]
    assert [e["n"] for e in report["leaderboard"]] == [13, 13, 12]
    partial_cases = [c for c in report["drill"]["cases"] if not c["in"]]
    assert len(partial_cases) == 3 and len(report["drill"]["cases"]) == 14


def test_paired_comparison_matches_rows(report: dict[str, Any], runs: dict[str, Any]) -> None:
    base = {r["id"]: r for r in load_run(runs["base"]).rows}
    cand = {r["id"]: r for r in load_run(runs["cand"]).rows}
    shared = [i for i in base if i in cand]
    gained = [i for i in shared if base[i]["status"] not in (None, "correct") and cand[i]["status"] == "correct"]
    lost = [i for i in shared if base[i]["status"] == "correct" and cand[i]["status"] not in (None, "correct")]
    c = report["comparisons"][0]
    assert c["label"] == HOSTILE_MODEL
    assert [f["id"] for f in c["gained"]] == gained and [f["id"] for f in c["lost"]] == lost
    assert c["p_value"] == mcnemar_exact(len(lost), len(gained))
    diffs = [cand[i]["total"] - base[i]["total"] for i in shared]
    assert c["diff"]["mean"] == pytest.approx(np.mean(diffs), abs=1e-6)
    assert c["wins"] + c["ties"] + c["losses"] == c["n_pairs"] == 13
    flipped = {report["drill"]["items"][case["i"]]["id"] for case in report["drill"]["cases"] if case["fl"][1] != 0}
    assert flipped == set(gained) | set(lost)
    gamma = {r["id"]: r for r in load_run(runs["partial"]).rows}
    g = report["comparisons"][1]
    assert g["n_pairs"] == 11 and g["diff"]["n"] == 11  # the cases gamma shares with the baseline
    assert g["diff"]["mean"] == pytest.approx(np.mean([gamma[i]["total"] - base[i]["total"] for i in base if i in gamma]), abs=1e-6)
    (pair,) = report["pairs"]  # the pair without the baseline, on its own shared cases
    assert (pair["a_label"], pair["label"], pair["n_pairs"]) == (HOSTILE_MODEL, "gamma-1b", 11)


def test_long_completions_are_capped(report: dict[str, Any]) -> None:
    results = [r for case in report["drill"]["cases"] for r in case["r"] if r is not None]
    long = [r for r in results if r["n"] > COMPLETION_CAP]
    assert long and all(len(r["c"]) == COMPLETION_CAP for r in long)
    assert all(len(r["c"]) <= COMPLETION_CAP for r in results)


def test_chat_completions_are_shown_as_text(report: dict[str, Any]) -> None:
    texts = [r["c"] for case in report["drill"]["cases"] for r in case["r"] if r is not None]
    assert any(t.startswith("[assistant]\n<reasoning>") for t in texts)


def test_metadata_side_by_side_and_not_recorded(report: dict[str, Any], html: str) -> None:
    meta = report["metadata"]
    assert [c["recorded"] for c in meta["cards"]] == [True, True, False]
    assert meta["cards"][0]["command"] == "acctbench run --model hf:alpha-7b --suites all --out runs/alpha"
    rows = {r["key"]: r for r in meta["rows"]}
    assert rows["datasets.computations/test.content_hash"]["values"][2] is None
    assert rows["model.label"]["differs"] and not rows["generation.temperature"]["differs"]
    assert "not recorded" in html and "Reproduce" in html


# -- HTML safety, checked on the file itself ---------------------------------------------------------


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._open: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._open = dict(attrs)
            self.scripts.append((self._open, ""))

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._open = None


def test_html_has_one_hashed_script_and_a_strict_csp(html: str) -> None:
    scan = _Scan()
    scan.feed(html)
    executable = [(a, t) for a, t in scan.scripts if a.get("type") != "application/json"]
    data = [(a, t) for a, t in scan.scripts if a.get("type") == "application/json"]
    assert len(executable) == 1 and len(data) == 1
    csp = next(a["content"] for tag, a in scan.tags if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    digest = base64.b64encode(hashlib.sha256(executable[0][1].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp
    assert "default-src 'none'" in csp and "img-src data:" in csp and "style-src 'unsafe-inline'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert html.index("Content-Security-Policy") < html.index("<style>")  # the policy comes first
    json.loads(data[0][1])  # the data block is valid JSON


def test_html_escapes_model_text_everywhere(html: str, report: dict[str, Any]) -> None:
    scan = _Scan()
    scan.feed(html)
    assert not any(t == "img" for t, _ in scan.tags)
    handlers = [(t, k) for t, attrs in scan.tags for k in attrs if k.startswith("on")]
    assert handlers == []
    assert not any(t == "script" and a.get("src") for t, a in scan.tags)
    assert "<img src=x" not in html and "<script>window.__pwned" not in html
    assert "</script><script>" not in html
    block = html.split('id="report-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and "\\u003c" in block  # tojson escapes every angle bracket
    assert "&lt;img src=x onerror=" in html  # the hostile model name shows as text
    assert json.loads(block)["systems"][1] == HOSTILE_MODEL


def test_html_is_self_contained(html: str) -> None:
    scan = _Scan()
    scan.feed(html)
    for tag, attrs in scan.tags:
        assert "src" not in attrs, (tag, attrs)
        href = attrs.get("href")
        assert href is None or href.startswith("#"), (tag, href)
    assert "@import" not in html and "url(" not in html.split('id="report-data"')[0]


# -- Markdown and CSV ---------------------------------------------------------------------------


def test_markdown_has_leaderboard_and_comparison(report: dict[str, Any]) -> None:
    md = render_markdown(report)
    assert "## Leaderboard" in md and "## Paired comparison against alpha-7b" in md
    assert "**Warning:** These runs cover different cases" in md and "## Other pairs" in md
    assert "<img" not in md and "&lt;img src=x" in md  # safe in a rendered PR comment
    table = [ln for ln in md.splitlines() if ln.startswith("| alpha-7b (baseline)")]
    assert len(table) == 1 and table[0].count("|") == 8
    assert "\\|\\|" in md  # pipes inside a cell are escaped, so the table keeps its columns


def test_csv_one_row_per_system(report: dict[str, Any]) -> None:
    rows = list(csv.DictReader(io.StringIO(render_csv(report))))
    assert [r["system"] for r in rows] == ["alpha-7b", HOSTILE_MODEL, "gamma-1b"]
    assert rows[0]["baseline"] == "True" and rows[0]["n_pairs"] == ""
    c = report["comparisons"][1]
    assert int(rows[2]["gained"]) == c["gained_n"] and float(rows[2]["mcnemar_p"]) == pytest.approx(c["p_value"])
    assert float(rows[2]["mean_total"]) == report["leaderboard"][2]["total"]["mean"]
    with pytest.raises(ValueError, match="unknown report format"):
        render(report, "pdf")


# -- CLI ----------------------------------------------------------------------------------------


def _cli(*argv: str) -> int:
    from acctbench.cli.report import register

    parser = argparse.ArgumentParser(prog="acctbench")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["report", *argv])
    return args.handler(args)


def test_cli_writes_each_format(runs: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base, cand = str(runs["base"]), str(runs["cand"])
    assert _cli(base, cand, "-o", str(tmp_path / "r.html"), "--title", "Nightly <eval>") == 0
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<title>Nightly &lt;eval&gt;</title>" in page
    assert "wrote" in capsys.readouterr().out
    assert _cli(base, cand, "-o", str(tmp_path / "r.md")) == 0  # format from the suffix
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("# acctbench report")
    capsys.readouterr()
    assert _cli(base, cand, "--format", "csv") == 0
    assert capsys.readouterr().out.startswith("system,run,model,baseline")


def test_cli_baseline_option(runs: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base, cand = str(runs["base"]), str(runs["cand"])
    assert _cli(base, cand, "--baseline", cand, "--format", "md") == 0
    assert "## Paired comparison against evil" in capsys.readouterr().out
    assert _cli(cand, "--baseline", base, "--format", "csv") == 0  # a baseline not listed is added first
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["system"] for r in rows] == ["alpha-7b", HOSTILE_MODEL] and rows[0]["baseline"] == "True"


def test_cli_errors(runs: dict[str, Any], tmp_path: Path) -> None:
    with pytest.raises(CLIError, match="needs -o"):
        _cli(str(runs["base"]))
    with pytest.raises(CLIError, match="given twice"):
        _cli(str(runs["base"]), str(runs["base"]), "--format", "md")
    with pytest.raises(FileNotFoundError, match="not found"):
        _cli(str(tmp_path / "nope"), "--format", "md")


def test_samples_pair_on_id_and_sample(tmp_path: Path, judge: Any) -> None:
    items = pick_items(1)
    a = write_run(tmp_path / "a", [(i, completion(i, k), s) for i in items for s, k in enumerate(("correct", "wrong"))], "a", judge)
    b = write_run(tmp_path / "b", [(i, completion(i, k), s) for i in items for s, k in enumerate(("wrong", "correct"))], "b", judge)
    rep = build_report([load_run(a), load_run(b)])
    c = rep["comparisons"][0]
    assert rep["n_common"] == 8 and c["n_pairs"] == 8
    gold = [i for i in items if i["type"] != "text"]
    assert c["gained_n"] == c["lost_n"] == len(gold)  # sample 1 improves exactly where sample 0 regresses
    assert {f["sample"] for f in c["gained"]} == {1} and all(f["label"].endswith("#1") for f in c["gained"])


# -- the real pipeline: acctbench run / score → acctbench report -----------------------------------


@pytest.mark.slow
def test_report_on_real_run_and_score_outputs(tmp_path: Path) -> None:
    for model in ("oracle", "retrieval"):
        suites = [arg for name in SUITES for arg in ("--suite", name)]  # the suites pick_items draws from
        done = run_acctbench("run", "--model", model, *suites, "--limit", "3", "--out", str(tmp_path / model), "--no-progress")
        assert done.returncode == 0, done.stderr
    items = pick_items(3)
    (tmp_path / "items.jsonl").write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    (tmp_path / "c.jsonl").write_text("".join(json.dumps({"id": i["id"], "completion": completion(i, "wrong"), "model": "scored"}) + "\n"
                                              for i in items), encoding="utf-8")
    done = run_acctbench("score", "--dataset", str(tmp_path / "items.jsonl"), "--completions", str(tmp_path / "c.jsonl"),
                      "--out", str(tmp_path / "scored"))
    assert done.returncode == 0, done.stderr
    runs = [load_run(tmp_path / d) for d in ("oracle", "retrieval", "scored")]
    rep = build_report(runs)
    assert [s["label"] for s in rep["systems"]] == ["oracle", "retrieval", "scored"]
    assert rep["n_common"] == 12 and rep["same_items"]
    assert rep["leaderboard"][0]["total"]["mean"] > rep["leaderboard"][1]["total"]["mean"]
    assert rep["comparisons"][1]["lost_n"] == 9 and rep["comparisons"][1]["p_value"] < 0.01  # oracle vs all-wrong
    cards = rep["metadata"]["cards"]
    assert cards[0]["command"].startswith("acctbench run --model oracle") and not cards[2]["recorded"]
    rows = {r["key"]: r["values"] for r in rep["metadata"]["rows"]}
    assert rows["model.label"][:2] == ["oracle", "retrieval"] and rows["model.label"][2] is None
    assert re.match(r"sha256:[0-9a-f]{64}", rows["datasets.computations/test.content_hash"][0])
    page = render_html(rep)
    assert "not recorded" in page and "oracle" in page


def test_odd_rows_still_make_a_valid_report(tmp_path: Path) -> None:
    """Hand-edited or older rows (NaN, text where numbers belong, missing fields) never break it."""
    rows = [
        {"id": "a", "model": "m", "total": float("nan"), "scores": {"correctness": float("inf")}, "status": 7,
         "explanations": "not a dict", "completion": None},
        {"id": "b", "model": "m", "total": "0.5", "status": "correct", "completion": {"role": "assistant"}},
        {"id": "c", "model": "m", "sample": 0, "total": 0.25, "scores": {"terms": 0.5}, "completion": "ok",
         "completion_tokens": "many", "latency_s": float("nan")},
    ]
    run = tmp_path / "odd"
    run.mkdir()
    (run / "samples.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    rep = build_report([load_run(run)])
    page = render_html(rep)
    block = page.split('id="report-data">', 1)[1].split("</script>", 1)[0]

    def refuse(name: str) -> None:
        raise AssertionError(f"non-standard JSON constant {name}")

    data = json.loads(block, parse_constant=refuse)
    assert [r["st"] for c in data["cases"] for r in c["r"]] == ["other", "correct", None]
    assert rep["leaderboard"][0]["n"] == 3 and rep["leaderboard"][0]["total"]["mean"] == pytest.approx(0.25 / 3, abs=1e-6)
    assert "not recorded" in page
    json.loads(json.dumps(rep, allow_nan=False))  # the whole model is plain JSON


def test_different_dataset_versions_are_flagged(tmp_path: Path, judge: Any) -> None:
    items = pick_items(1)
    changed = [dict(items[0], question=items[0]["question"] + " (revised)"), *items[1:]]
    meta_a = {"datasets": [{"name": "computations", "split": "test", "version": "1.0.0", "content_hash": "sha256:aa"}]}
    meta_b = {"datasets": [{"name": "computations", "split": "test", "version": "1.1.0", "content_hash": "sha256:bb"}]}
    a = write_run(tmp_path / "a", [(i, completion(i, "correct"), 0) for i in items], "a", judge, meta_a)
    b = write_run(tmp_path / "b", [(i, completion(i, "correct"), 0) for i in changed], "b", judge, meta_b)
    rep = build_report([load_run(a), load_run(b)])
    warn = " ".join(n["text"] for n in rep["notes"] if n["level"] == "warn")
    assert "1 shared item id(s) have a different question" in warn and items[0]["id"] in warn
    assert "computations (test) has 2 different content hashes" in warn
    rows = {r["key"]: r for r in rep["metadata"]["rows"]}
    assert rows["datasets.computations/test.content_hash"]["differs"]
    assert rep["same_items"]  # the same ids: only the versions differ
