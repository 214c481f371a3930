"""Benchmark ``acctbench report``: render time, file size and time-to-interactive.

Builds five synthetic run directories of 1,000 real bundled items each (every test item, then
train items), with completions of varied quality and length scored by the real scorers and
written with the real ``sample_row`` / ``SampleWriter``; then times loading + statistics +
rendering, measures the HTML size, and opens it in headless Chromium to time it until the
drill-down is interactive. Targets: render < 15 s on 2 cores, < 20 MB, interactive < 3 s.
It also times statistics + HTML for the same runs overlapping only in part (run k lacks a
different fifth of the items), where every pair is compared on its own shared cases.

    python benchmarks/bench_report.py                      # runs kept in a temporary folder
    python benchmarks/bench_report.py --workdir /tmp/bench --screenshot reports/screenshot.png

Scoring the 5,000 completions (setup, not timed) takes a minute or two on CPU; with
``--workdir`` the runs are kept and reused on the next invocation.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from acctbench.results.samples import SampleWriter, sample_row  # noqa: E402
from acctbench.results.summary import summarize  # noqa: E402
from acctbench.suites import get_suite, suites  # noqa: E402

MODELS = (("sft-baseline", 0.45), ("grpo-500", 0.55), ("grpo-1000", 0.62), ("grpo-2000", 0.70), ("grpo-3000", 0.74))
"""(label, probability of a correct answer)."""
N_ITEMS = 1000
TARGETS = {"render_s": 15.0, "size_mb": 20.0, "interactive_s": 3.0}
OPENERS = (
    "Let me work through this step by step.",
    "First, identify the relevant accounting standard and the figures given.",
    "We apply the accrual basis: record the transaction when it is earned or incurred.",
    "Start from the definition and compute each component in turn.",
)


def bench_items(n: int = N_ITEMS) -> list[dict[str, Any]]:
    """Every bundled test item, then train items, until ``n``."""
    items = [i for s in suites() for i in get_suite(s).load("test")]
    for name in suites():
        if len(items) >= n:
            break
        items += get_suite(name).load("train")[: n - len(items)]
    return items[:n]


def _wrong(item: dict[str, Any], rng: random.Random) -> str:
    kind = item["type"]
    if kind == "numeric":
        return f"{float(item['gold']) * rng.choice((0.5, 0.9, 1.1, 1.25, 2.0)):,.2f}"
    if kind == "choice":
        return rng.choice([c for c in "ABCD"[: len(item["choices"])] if c != item["gold"]] or ["A"])
    if kind == "journal":
        lines = item["reference"]["answer"].splitlines()
        return "\n".join(("Cr" + ln[2:]) if ln.startswith("Dr") else ("Dr" + ln[2:]) for ln in lines)
    return "It depends on management's judgement; either treatment is acceptable."


def synthetic_completion(item: dict[str, Any], skill: float, rng: random.Random) -> Any:
    """A completion whose quality follows ``skill``: correct, wrong, no answer, untagged,
    hedged, very long (past the 20,000-character cap) or in chat form."""
    ref = item["reference"]
    reasoning = f"{rng.choice(OPENERS)}\n{ref['reasoning']}\n" + "Check the arithmetic once more. " * rng.randint(0, 12)
    roll = rng.random()
    if roll < 0.04:
        return f"<reasoning>\n{reasoning}\n</reasoning>"  # no answer block
    if roll < 0.07:
        return f"{reasoning}\nSo the answer is {ref['answer']}."  # untagged
    if roll < 0.09:
        return f"<reasoning>\n{reasoning}\n</reasoning>\n<answer>\n{ref['answer']} or {_wrong(item, rng)}\n</answer>"
    answer = ref["answer"] if rng.random() < skill else _wrong(item, rng)
    if roll < 0.10:
        reasoning += "Reconsidering every assumption in turn. " * 700  # ~28k characters
    text = f"<reasoning>\n{reasoning}\n</reasoning>\n<answer>\n{answer}\n</answer>"
    if roll > 0.97:
        return [{"role": "assistant", "content": text}]
    return text


def build_runs(workdir: Path, items: list[dict[str, Any]]) -> list[Path]:
    """Score and write the five runs (reused when already complete in ``workdir``)."""
    from acctbench.rewards import Judge

    judge = None
    paths = []
    for index, (label, skill) in enumerate(MODELS):
        path = workdir / label
        paths.append(path)
        if (path / "summary.json").is_file():
            continue
        judge = judge or Judge()
        rng = random.Random(index)
        completions = [synthetic_completion(item, skill, rng) for item in items]
        rows = []
        for start in range(0, len(items), 256):
            batch = items[start : start + 256]
            for item, comp, j in zip(batch, completions[start : start + 256], judge.score_batch(batch, completions[start : start + 256])):
                rows.append(sample_row(item, label, 0, comp, j, completion_tokens=len(str(comp)) // 4, latency_s=round(rng.uniform(0.4, 3.0), 2)))
        path.mkdir(parents=True, exist_ok=True)
        (path / "samples.jsonl").unlink(missing_ok=True)
        with SampleWriter(path / "samples.jsonl") as writer:
            writer.write(rows)
        (path / "items.jsonl").write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
        (path / "run.json").write_text(json.dumps({
            "acctbench_version": "0.1.0",
            "model": {"spec": f"replay:{label}.jsonl", "label": label, "identity": {"kind": "synthetic", "skill": skill}},
            "datasets": [{"name": s, "split": "test", "version": get_suite(s).version, "content_hash": get_suite(s).content_hash("test")}
                         for s in suites()],
            "generation": {"max_new_tokens": 512, "temperature": 0.0, "top_p": 1.0, "seed": 0},
            "scoring": judge.config(),
            "command": ["python", "benchmarks/bench_report.py", "--workdir", str(workdir)],
        }, indent=2), encoding="utf-8")
        (path / "summary.json").write_text(json.dumps({"scoring": judge.config(), **summarize(rows)}), encoding="utf-8")
    return paths


def time_render(paths: list[Path], out: Path) -> dict[str, float]:
    """Seconds to load, compute and render; the HTML written to ``out``."""
    from acctbench.report import build_report, load_run, render_csv, render_html, render_markdown

    t0 = time.perf_counter()
    runs = [load_run(p) for p in paths]
    t1 = time.perf_counter()
    report = build_report(runs, title="acctbench report: synthetic benchmark (5 runs × 1,000 items)")
    t2 = time.perf_counter()
    html = render_html(report)
    out.write_text(html, encoding="utf-8")
    t3 = time.perf_counter()
    render_markdown(report)
    render_csv(report)
    t4 = time.perf_counter()
    partial = [dataclasses.replace(run, rows=[r for n, r in enumerate(run.rows) if n % len(runs) != k])
               for k, run in enumerate(runs)]
    t5 = time.perf_counter()
    render_html(build_report(partial, title="acctbench report: synthetic benchmark, runs overlapping in part"))
    t6 = time.perf_counter()
    return {"load_s": t1 - t0, "stats_s": t2 - t1, "html_s": t3 - t2, "render_s": t3 - t0, "md_csv_s": t4 - t3,
            "size_mb": out.stat().st_size / 1e6, "overlap_s": t6 - t5}


def time_interactive(path: Path, repeats: int, screenshot: Path | None) -> dict[str, float]:
    """Headless Chromium: navigation to interactive drill-down (median of ``repeats``)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from cdp import Browser

    wall, marks, filters = [], [], []
    with Browser(timeout=60) as browser:
        for _ in range(repeats):
            page = browser.new_page(1280, 860)
            started = time.perf_counter()
            page.send("Page.navigate", {"url": path.as_uri()})
            page.wait_for("document.body && document.body.dataset.ready === '1'", timeout=60, interval=0.01)
            wall.append(time.perf_counter() - started)
            marks.append(page.evaluate("performance.getEntriesByName('report-ready')[0].startTime") / 1000)
            filters.append(page.evaluate(
                "(() => { const t = performance.now(); document.getElementById('f-flipped').click();"
                " return performance.now() - t; })()") / 1000)
            errors = page.errors()
            if errors:
                raise RuntimeError(f"browser errors: {errors}")
        if screenshot is not None:
            page = browser.new_page(1280, 860)
            page.navigate(path.as_uri())
            page.wait_for("document.body.dataset.ready === '1'", timeout=60)
            page.screenshot(screenshot)
    return {"interactive_s": statistics.median(wall), "ready_mark_s": statistics.median(marks),
            "filter_s": statistics.median(filters)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workdir", type=Path, help="keep (and reuse) the synthetic runs here")
    parser.add_argument("--out", type=Path, help="the report file (default: WORKDIR/report.html)")
    parser.add_argument("--repeats", type=int, default=3, help="browser loads to take the median of")
    parser.add_argument("--screenshot", type=Path, help="also save a PNG of the top of the report")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium timing")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import logging

    logging.disable(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="acctbench-bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        items = bench_items()
        paths = build_runs(workdir, items)
        setup = time.perf_counter() - t
        out = args.out or workdir / "report.html"
        results = time_render(paths, out)
        if not args.no_browser:
            results.update(time_interactive(out, args.repeats, args.screenshot))
    rows = [
        ("runs × items", f"{len(paths)} × {len(items):,}", ""),
        ("setup: score + write runs (not timed)", f"{setup:.1f} s", ""),
        ("load run directories", f"{results['load_s']:.2f} s", ""),
        ("statistics (bootstrap, McNemar, …)", f"{results['stats_s']:.2f} s", ""),
        ("HTML rendering + write", f"{results['html_s']:.2f} s", ""),
        ("render total (load + stats + HTML)", f"{results['render_s']:.2f} s", f"< {TARGETS['render_s']:.0f} s"),
        ("Markdown + CSV", f"{results['md_csv_s']:.2f} s", ""),
        ("stats + HTML, runs overlapping in part (each lacks 1/5)", f"{results['overlap_s']:.2f} s", ""),
        ("HTML file size", f"{results['size_mb']:.2f} MB", f"< {TARGETS['size_mb']:.0f} MB"),
    ]
    if "interactive_s" in results:
        rows += [
            ("time to interactive (navigate → drill-down ready)", f"{results['interactive_s']:.2f} s", f"< {TARGETS['interactive_s']:.0f} s"),
            ("  'report-ready' mark (since navigation start)", f"{results['ready_mark_s']:.2f} s", ""),
            ("filter toggle over all cases", f"{results['filter_s'] * 1000:.0f} ms", ""),
        ]
    width = max(len(r[0]) for r in rows)
    lines = [f"acctbench report benchmark · {os.cpu_count()} CPU core(s) · Python {sys.version.split()[0]}",
             f"{'measure'.ljust(width)}  {'value':>12}  target", "-" * (width + 24)]
    lines += [f"{name.ljust(width)}  {value:>12}  {target}" for name, value, target in rows]
    sys.stdout.write("\n".join(lines) + "\n")
    failed = [k for k, limit in TARGETS.items() if k in results and results[k] >= limit]
    if failed:
        sys.stdout.write(f"over target: {', '.join(failed)}\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
