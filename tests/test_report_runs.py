"""Run directories for the report tests, built with the real scorers, and tests of loading them.

``write_run`` scores completions with a real :class:`acctbench.rewards.Judge` and writes the
public files (samples.jsonl via ``SampleWriter``, items.jsonl, summary.json, run.json) exactly
as ``acctbench run`` / ``acctbench score`` do. Other report test modules import these helpers.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from acctbench.prompt import reference_completion
from acctbench.report.load import load_run, systems_of
from acctbench.results.samples import SampleWriter, sample_row
from acctbench.results.summary import summarize
from acctbench.suites import get_suite

SUITES = ("computations", "journal", "choice", "concepts")
PWN = "window.__pwned = (window.__pwned || 0) + 1; document.title = 'pwned'"
HOSTILE_TEXTS = (
    f"<script>{PWN}</script>",
    f"<img src=x onerror=\"{PWN}\">",
    f"</script><script>{PWN}</script>",
    f"<a href=\"javascript:{PWN}\">javascript:{PWN}</a>",
    f"\"><svg onload=\"{PWN}\"></svg>' onmouseover='{PWN}' x=\"",
    "<!-- <style>body{display:none}</style> -->",
)
HOSTILE_COMPLETION = "<reasoning>\n" + "\n".join(HOSTILE_TEXTS) + "\n</reasoning>\n<answer>\n" + HOSTILE_TEXTS[1] + "\n</answer>"
HOSTILE_MODEL = f"evil\"><img src=x onerror=\"{PWN}\">"


def pick_items(per_suite: int = 3) -> list[dict[str, Any]]:
    """The first ``per_suite`` test items of each bundled suite."""
    return [item for name in SUITES for item in get_suite(name).load("test")[:per_suite]]


def hostile_item(template: dict[str, Any]) -> dict[str, Any]:
    """A copy of a numeric item whose id, category and question carry markup payloads."""
    item = copy.deepcopy(template)
    item["id"] = f"x\"><img src=x onerror=\"{PWN}\">"
    item["category"] = f"<b>cat</b><script>{PWN}</script>"
    item["question"] = f"{item['question']}\n<script>{PWN}</script>"
    return item


def wrong_answer(item: dict[str, Any]) -> str:
    """A plausible but wrong final answer of the item's type."""
    kind = item["type"]
    if kind == "numeric":
        return f"{float(item['gold']) * 1.37 + 11:,.2f}"
    if kind == "choice":
        return "A" if item["gold"] != "A" else "B"
    if kind == "journal":
        lines = item["reference"]["answer"].splitlines()
        return "\n".join(("Cr" + ln[2:]) if ln.startswith("Dr") else ("Dr" + ln[2:]) for ln in lines)
    return "Revenue is always recorded when the cash is received."


def completion(item: dict[str, Any], kind: str) -> Any:
    """A completion of a given kind: correct, wrong, no_answer, untagged, long, chat or hostile."""
    if kind == "correct":
        return reference_completion(item)
    if kind == "wrong":
        return f"<reasoning>\nA quick estimate.\n</reasoning>\n<answer>\n{wrong_answer(item)}\n</answer>"
    if kind == "no_answer":
        return "<reasoning>\nI am not sure how to approach this.\n</reasoning>"
    if kind == "untagged":
        return f"The answer is {item['reference']['answer']}"
    if kind == "long":
        filler = "Let me reconsider every step of the computation carefully. " * 600
        return f"<reasoning>\n{filler}\n</reasoning>\n<answer>\n{item['reference']['answer']}\n</answer>"
    if kind == "chat":
        return [{"role": "assistant", "content": reference_completion(item)}]
    if kind == "hostile":
        return HOSTILE_COMPLETION
    raise ValueError(kind)


def run_meta(model: str, items: Sequence[dict[str, Any]], command: list[str]) -> dict[str, Any]:
    """A run.json like ``acctbench run`` records."""
    return {
        "acctbench_version": "0.1.0",
        "model": {"spec": f"hf:{model}", "label": model, "identity": {"sha256": "ab" * 32, "revision": "main"}},
        "datasets": [
            {"name": name, "split": "test", "version": get_suite(name).version,
             "content_hash": get_suite(name).content_hash("test"), "n": sum(1 for i in items if i.get("suite") == name)}
            for name in SUITES
        ],
        "generation": {"max_new_tokens": 512, "temperature": 0.0, "samples": 1, "seed": 0},
        "scoring": {"scorers": ["correctness", "xml_format", "terms", "principles", "similarity"],
                    "weights": {"correctness": 0.5, "similarity": 0.15, "principles": 0.15, "terms": 0.1, "xml_format": 0.1}},
        "versions": {"python": "3.11", "torch": "2.4.0", "transformers": "4.46.0"},
        "git": {"commit": "0123456789abcdef0123456789abcdef01234567", "dirty": False},
        "host": {"hostname": "ci-runner", "gpu": None},
        "started": "2025-01-01T00:00:00Z",
        "finished": "2025-01-01T00:05:00Z",
        "command": command,
    }


def write_run(directory: Path, cases: Sequence[tuple[dict[str, Any], Any, int]], model: str, judge: Any,
              meta: dict[str, Any] | None = None, items: Sequence[dict[str, Any]] | None = None) -> Path:
    """Score ``(item, completion, sample)`` cases with ``judge`` and write a run directory."""
    directory.mkdir(parents=True, exist_ok=True)
    judgements = judge.score_batch([c[0] for c in cases], [c[1] for c in cases])
    rows = [sample_row(item, model, sample, comp, j) for (item, comp, sample), j in zip(cases, judgements)]
    with SampleWriter(directory / "samples.jsonl") as writer:
        writer.write(rows)
    seen: dict[str, dict[str, Any]] = {}
    for item in items if items is not None else [c[0] for c in cases]:
        seen.setdefault(item["id"], item)
    (directory / "items.jsonl").write_text("".join(json.dumps(i) + "\n" for i in seen.values()), encoding="utf-8")
    summary = {"dataset": "fixture", "split": "test", "scoring": judge.config(), **summarize(rows)}
    (directory / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    if meta is not None:
        (directory / "run.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    return directory


def standard_runs(root: Path, judge: Any) -> dict[str, Path]:
    """Three runs for the report tests.

    ``base`` (alpha-7b, with run.json); ``cand`` (a hostile model name, hostile/long/chat
    completions, different right and wrong items); ``partial`` (gamma, no run.json, two
    items fewer, one extra item, and a torn last line as left by a crash).
    """
    items = pick_items(3)
    evil = hostile_item(items[0])
    all_items = [*items, evil]
    base_kinds = ["correct", "correct", "wrong", "no_answer", "correct", "wrong"]
    cand_kinds = ["correct", "wrong", "correct", "correct", "long", "correct"]
    base_cases = [(it, completion(it, base_kinds[i % 6]), 0) for i, it in enumerate(all_items)]
    cand_cases = []
    for i, it in enumerate(all_items):
        kind = cand_kinds[i % 6]
        if it is evil:
            kind = "hostile"
        elif i == 7:
            kind = "chat"
        cand_cases.append((it, completion(it, kind), 0))
    extra = get_suite("computations").load("test")[10]
    partial_cases = [(it, completion(it, "correct" if i % 3 else "untagged"), 0) for i, it in enumerate(all_items[2:])]
    partial_cases.append((extra, completion(extra, "correct"), 0))
    cmd = ["acctbench", "run", "--model", "hf:alpha-7b", "--suites", "all", "--out", "runs/alpha"]
    base = write_run(root / "alpha", base_cases, "alpha-7b", judge, run_meta("alpha-7b", all_items, cmd))
    cand = write_run(root / "beta", cand_cases, HOSTILE_MODEL, judge,
                     run_meta(HOSTILE_MODEL, all_items, ["acctbench", "run", "--model", "hf:beta", "--out", "runs/beta"]))
    partial = write_run(root / "gamma", partial_cases, "gamma-1b", judge)
    with (partial / "samples.jsonl").open("a", encoding="utf-8") as handle:
        handle.write('{"id": "torn-row", "model": "gamma-1b", "sam')
    return {"base": base, "cand": cand, "partial": partial, "evil_id": evil["id"]}


# -- tests of the loader ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, report_judge: Any) -> dict[str, Any]:
    return standard_runs(tmp_path_factory.mktemp("report-runs"), report_judge)


@pytest.fixture(scope="module")
def report_judge() -> Any:
    from acctbench.rewards import Judge

    return Judge()


def test_load_run_reads_every_file(runs: dict[str, Any]) -> None:
    run = load_run(runs["base"])
    assert len(run.rows) == 13 and len(run.items) == 13
    assert run.meta["model"]["label"] == "alpha-7b" and run.summary["n_rows"] == 13
    assert run.notes == []


def test_load_run_drops_torn_line_and_says_so(runs: dict[str, Any]) -> None:
    run = load_run(runs["partial"])
    assert all(r["id"] != "torn-row" for r in run.rows)
    assert run.meta is None
    assert any("torn line" in n for n in run.notes)


def test_load_run_errors_are_clear(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="not found"):
        load_run(tmp_path / "missing")
    with pytest.raises(FileNotFoundError, match="no samples.jsonl"):
        load_run(tmp_path)
    (tmp_path / "samples.jsonl").write_text("", encoding="utf-8")
    empty = load_run(tmp_path)  # loads; the report refuses only when no run has a row
    assert empty.rows == [] and any("no scored rows" in w for w in empty.warnings)


def test_systems_get_unique_labels(runs: dict[str, Any], tmp_path: Path, report_judge: Any) -> None:
    items = pick_items(1)
    a = write_run(tmp_path / "a" / "same", [(i, completion(i, "correct"), 0) for i in items], "m", report_judge)
    b = write_run(tmp_path / "b" / "other", [(i, completion(i, "wrong"), 0) for i in items], "m", report_judge)
    c = write_run(tmp_path / "c" / "same", [(i, completion(i, "wrong"), 0) for i in items], "m", report_judge)
    labels = [s.label for s in systems_of([load_run(a), load_run(b), load_run(c)])]
    assert labels == ["same / m #1", "other / m", "same / m #2"]
    assert len(set(labels)) == 3
    solo = systems_of([load_run(runs["base"])])
    assert [s.label for s in solo] == ["alpha-7b"]
