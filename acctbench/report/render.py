"""Render the report model as one self-contained HTML file, as Markdown or as CSV.

HTML safety: Jinja2 ``Environment(autoescape=True)`` escapes every value; model text never
passes through ``|safe``. The drill-down data is embedded with ``|tojson`` in a
``<script type="application/json">`` block and drawn by the script with ``textContent``.
A Content-Security-Policy admits only the report's own script, by its sha256 hash.

Every writer's output passes through :func:`acctbench.report.text.encodable`, so it is valid
UTF-8 whatever the model wrote: lone surrogates and NUL appear as ``\\uXXXX`` escapes.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from acctbench.report.text import encodable
from acctbench.report.training import training_markdown

TEMPLATES = Path(__file__).resolve().parent / "templates"
FORMATS = ("html", "md", "csv")
_CLOSING_RE = re.compile(r"</(script|style)|<!--", re.IGNORECASE)
_LINE_BREAK_RE = re.compile(r"\r\n?|\n")


def fmt_num(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def fmt_pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


def fmt_ci(entry: dict[str, Any] | None) -> str:
    if not entry or entry.get("mean") is None:
        return ""
    lo, hi = entry["ci95"]
    return f"[{lo:.3f}, {hi:.3f}]"


def fmt_signed(value: float | None) -> str:
    return "–" if value is None else f"{value:+.3f}"


def fmt_p(value: float | None) -> str:
    if value is None:
        return "–"
    return "<0.001" if value < 0.001 else f"{value:.3f}"


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.policies["json.dumps_kwargs"] = {"sort_keys": False, "separators": (",", ":")}
    env.filters.update(num=fmt_num, pct=fmt_pct, ci=fmt_ci, signed=fmt_signed, pval=fmt_p)
    return env


def _static(name: str) -> str:
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    if _CLOSING_RE.search(text):
        raise ValueError(f"{name} must not contain '</script', '</style' or '<!--'")
    return text


def script_hash(script: str) -> str:
    """The CSP source expression for an inline script: ``'sha256-<base64>'``."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(script: str) -> str:
    """Nothing may load; only this script runs; inline styles and data: images are allowed."""
    return (
        f"default-src 'none'; script-src {script_hash(script)}; style-src 'unsafe-inline'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


def render_html(report: dict[str, Any]) -> str:
    """The self-contained HTML report."""
    script = _static("report.js")
    return encodable(_environment().get_template("report.html.j2").render(
        r=report,
        script=Markup(script),  # our own static file, checked above; never data
        css=Markup(_static("report.css")),
        csp=content_security_policy(script),
    ))


# -- Markdown and CSV: the leaderboard and the paired comparison, for CI logs and PRs ----------

def _md_text(value: Any) -> str:
    """Text safe in Markdown that may be rendered as HTML (a PR comment): no tags, no entities."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _md_line(value: Any) -> str:
    """Text on one Markdown line (a heading, a note): line breaks become spaces."""
    return _LINE_BREAK_RE.sub(" ", _md_text(value))


def _md_cell(value: Any) -> str:
    return _md_line(str(value).replace("\\", "\\\\").replace("|", "\\|"))


def _md_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    lines = ["| " + " | ".join(_md_cell(h) for h in headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _mean_ci(entry: dict[str, Any] | None) -> str:
    if not entry or entry.get("mean") is None:
        return "–"
    return f"{entry['mean']:.3f} {fmt_ci(entry)}"


def _verdict(diff: dict[str, Any]) -> str:
    if not diff.get("significant"):
        return "n.s."
    return "better" if diff["mean"] > 0 else "worse"


def _pair_cells(c: dict[str, Any]) -> list[Any]:
    """Pairs, W/T/L, Δ total, verdict, accuracy, flips and McNemar p of one pair (B against A)."""
    if not c["shared"]:
        return [0, "–", "no shared (id, sample) case: not compared", "–", "–", "–", "–"]
    return [c["n_pairs"], f"{c['wins']}/{c['ties']}/{c['losses']}", f"{fmt_signed(c['diff']['mean'])} {fmt_ci(c['diff'])}",
            _verdict(c["diff"]), f"{fmt_pct(c['baseline_accuracy'])} → {fmt_pct(c['accuracy'])} (n gold {c['n_gold']})",
            f"+{c['gained_n']} / −{c['lost_n']}", fmt_p(c["p_value"]) + (" *" if c["acc_significant"] else "")]


PAIR_HEADERS = ["pairs", "W/T/L", "Δ total [95% CI]", "verdict", "accuracy ({a} → {b})", "flipped (gained / lost)", "McNemar p"]


def _group_cell(entry: dict[str, Any] | None) -> str:
    return "–" if not entry else f"{_mean_ci(entry['total'])} n={entry['n']}"


def _md_cases(report: dict[str, Any]) -> str:
    cases = f"{report['n_cases']} (id, sample) cases"
    return cases if report["same_items"] else f"{cases}, {report['n_common']} in every system"


def _reasoning_cell(e: dict[str, Any]) -> str:
    """Mean reasoning length (regex tokens), and the truncated share when any row was cut off."""
    tokens = e.get("reasoning_tokens")
    cell = "–" if tokens is None else f"{tokens:.0f}"
    return cell + (f" ({fmt_pct(e['truncated_rate'])} truncated)" if e.get("truncated_rate") else "")


def render_markdown(report: dict[str, Any]) -> str:
    """Leaderboard, mean total by suite and type, and the paired comparisons as Markdown."""
    base = report["systems"][report["baseline"]]["label"]
    out = [f"# {_md_line(report['title'])}",
           f"Baseline: **{_md_line(base)}** · {_md_cases(report)} · generated {report['generated']} by acctbench {report['version']}"]
    for note in report["notes"]:
        out.append(f"> {'**Warning:** ' if note['level'] == 'warn' else ''}{_md_line(note['text'])}")
    out.append("## Leaderboard")
    rows = [[e["label"] + (" (baseline)" if e["baseline"] else ""), e["n"], _mean_ci(e["total"]), _mean_ci(e["accuracy"]),
             e["n_gold"], fmt_pct(e["format_valid_rate"]), fmt_pct(e["no_answer_rate"])] for e in report["leaderboard"]]
    headers = ["system", "n", "mean total [95% CI]", "accuracy [95% CI]", "n gold", "format valid", "no answer"]
    if any(e.get("reasoning_tokens") is not None for e in report["leaderboard"]):  # reasoning models only
        headers.append("reasoning tokens")
        rows = [[*row, _reasoning_cell(e)] for row, e in zip(rows, report["leaderboard"])]
    out.append(_md_table(headers, rows))
    for field in ("suite", "type"):
        names = report["groups"][field]["names"]
        if len(names) < 2:
            continue
        out.append(f"### Mean total by {field}")
        rows = [[s["label"], *(_group_cell(cells.get(n)) for n in names)]
                for s, cells in zip(report["systems"], report["groups"][field]["cells"])]
        out.append(_md_table(["system", *names], rows))
    if report["comparisons"]:
        out.append(f"## Paired comparison against {_md_line(base)}")
        rows = [[c["label"], *_pair_cells(c)] for c in report["comparisons"]]
        out.append(_md_table(["system", *(h.format(a="base", b="system") for h in PAIR_HEADERS)], rows))
    if report["pairs"]:
        out.append("## Other pairs")
        rows = [[c["a_label"], c["label"], *_pair_cells(c)] for c in report["pairs"]]
        out.append(_md_table(["system A", "system B", *(h.format(a="A", b="B") for h in PAIR_HEADERS)], rows))
    if report["unpaired"]:
        out.append("Not compared (no shared (id, sample) case): " + "; ".join(f"{_md_line(a)} and {_md_line(b)}" for a, b in report["unpaired"]) + ".")
    if report["comparisons"]:
        out.append("Each pair is compared on the (id, sample) cases both systems have (pairs). Δ total: paired bootstrap "
                   "(1000 resamples); a verdict needs the 95% CI to exclude 0. McNemar: exact binomial test on gold items "
                   "whose correctness differs; * p < 0.05.")
    out += training_markdown(report.get("training") or [], _md_table, _md_line)
    return encodable("\n\n".join(part.rstrip("\n") for part in out) + "\n")


CSV_HEADERS = [
    "system", "run", "model", "baseline", "n", "mean_total", "total_ci_low", "total_ci_high", "accuracy",
    "accuracy_ci_low", "accuracy_ci_high", "n_gold", "format_valid_rate", "no_answer_rate",
    "reasoning_tokens", "truncated_rate", "n_pairs", "wins", "ties", "losses", "mean_diff", "diff_ci_low", "diff_ci_high", "diff_significant",
    "baseline_accuracy", "gained", "lost", "mcnemar_p", "accuracy_significant", "suites",
]


def render_csv(report: dict[str, Any]) -> str:
    """One row per system: leaderboard figures on its own cases, its paired comparison with the
    baseline on the cases both have (``n_pairs`` 0 and blanks where none), and its suites (a
    JSON list)."""
    by_index = {c["index"]: c for c in report["comparisons"]}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADERS)
    for e in report["leaderboard"]:
        acc = e["accuracy"] or {"mean": None, "ci95": [None, None]}
        row: list[Any] = [e["label"], e["run"], e["model"], e["baseline"], e["n"], e["total"]["mean"], *e["total"]["ci95"],
                          acc["mean"], *acc["ci95"], e["n_gold"], e["format_valid_rate"], e["no_answer_rate"],
                          e.get("reasoning_tokens"), e.get("truncated_rate")]
        c = by_index.get(e["index"])
        if c is None:
            row += [None] * 13
        elif not c["shared"]:
            row += [0] + [None] * 12
        else:
            row += [c["n_pairs"], c["wins"], c["ties"], c["losses"], c["diff"]["mean"], *c["diff"]["ci95"],
                    c["diff"]["significant"], c["baseline_accuracy"], c["gained_n"], c["lost_n"], c["p_value"], c["acc_significant"]]
        row.append(json.dumps(e["suites"], ensure_ascii=False))
        writer.writerow(["" if v is None else v for v in row])
    return encodable(buffer.getvalue())


def render(report: dict[str, Any], fmt: str) -> str:
    """The report in ``fmt`` (html, md or csv)."""
    if fmt == "html":
        return render_html(report)
    if fmt == "md":
        return render_markdown(report)
    if fmt == "csv":
        return render_csv(report)
    raise ValueError(f"unknown report format {fmt!r}; expected one of {FORMATS}")
