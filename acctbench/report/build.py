"""Turn loaded runs into the report model: one JSON-ready dict that every format renders.

Runs need not cover the same cases. Each system's leaderboard row, breakdowns, charts and
histograms use all of its own (id, sample) cases, with n shown; each paired comparison uses
the cases its two systems share (see :mod:`acctbench.report.pairs`). The note at the top says
what each system covers. The per-item drill-down shows the union, marking systems that lack a
case. Only runs without a single scored row between them are refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from acctbench import __version__
from acctbench.report import charts
from acctbench.report.drill import build_drill, normalise
from acctbench.report.load import CaseKey, Run, System, systems_of
from acctbench.report.meta import metadata
from acctbench.report.notes import coverage, coverage_note, item_notes, run_notes
from acctbench.report.pairs import all_pairs
from acctbench.report.stats import correlation_matrix, histogram
from acctbench.report.training import TrainingRun, training_section
from acctbench.results.summary import aggregate
from acctbench.rewards.registry import SCORER_NAMES

GROUP_FIELDS = ("suite", "type", "category")


def _scorer_names(systems: Sequence[System]) -> list[str]:
    present = {name for s in systems for row in s.rows.values() for name in (row.get("scores") or {})}
    return [n for n in SCORER_NAMES if n in present] + sorted(present - set(SCORER_NAMES))


def _case_keys(systems: Sequence[System], base: int) -> tuple[list[CaseKey], list[CaseKey]]:
    """Every case (the baseline's first, in order) and the cases that every system has."""
    union: dict[CaseKey, None] = {}
    for s in [systems[base], *systems]:
        union.update(dict.fromkeys(s.rows))
    shared = set(systems[base].rows)
    for s in systems:
        shared &= set(s.rows)
    return list(union), [k for k in union if k in shared]


def _baseline(runs: Sequence[Run], baseline: int, systems: Sequence[System]) -> tuple[int, list[dict[str, str]]]:
    """The baseline system: the baseline run's first, else (that run has no rows) the first."""
    if not systems:
        raise ValueError("no run holds a scored row: there is nothing to report ("
                         + "; ".join(f"{r.name}: 0 scored rows" for r in runs) + ")")
    found = next((i for i, s in enumerate(systems) if s.run is runs[baseline]), None)
    if found is not None:
        return found, []
    return 0, [{"level": "warn", "text": f"The baseline run {runs[baseline].name} holds no scored rows; "
                f"{systems[0].label} is the baseline instead."}]


def _interval(entry: dict[str, Any] | None) -> charts.Interval | None:
    if not entry or entry.get("mean") is None:
        return None
    lo, hi = entry.get("ci95") or (None, None)
    return (entry["mean"], lo, hi)


def _group_tables(rows: Sequence[Sequence[dict[str, Any]]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in GROUP_FIELDS:
        names = sorted({str(r.get(field)) for sys_rows in rows for r in sys_rows})
        per_system = []
        for sys_rows in rows:
            groups: dict[str, list[dict[str, Any]]] = {}
            for r in sys_rows:
                groups.setdefault(str(r.get(field)), []).append(r)
            per_system.append({name: aggregate(g) for name, g in groups.items()})
        out[field] = {"names": names, "cells": per_system}
    return out


def _charts(labels: Sequence[str], scorers: Sequence[str], overall: Sequence[dict[str, Any]],
            groups: dict[str, Any], rows: Sequence[Sequence[dict[str, Any]]]) -> dict[str, Any]:
    """Scorer bars, category heatmap, correlation matrix and histograms, each system on its own cases."""
    score_groups = ["total", "accuracy", *scorers]
    score_values = [[_interval(agg["total"]) for agg in overall], [_interval(agg["accuracy"]) for agg in overall]]
    score_values += [[_interval(agg["scores"].get(n)) for agg in overall] for n in scorers]
    categories = groups["category"]["names"]
    heat_cells = []
    for name in categories:
        line = []
        for cells in groups["category"]["cells"]:
            agg = cells.get(name)
            if agg is None:
                line.append(None)
                continue
            lo, hi = agg["total"]["ci95"]
            line.append((agg["total"]["mean"], f"{agg['total']['mean']:.2f}",
                         f"{name}: mean total {agg['total']['mean']:.3f} [{lo:.3f}, {hi:.3f}], n={agg['n']}"))
        heat_cells.append(line)

    columns = {"total": [r["total"] for sys_rows in rows for r in sys_rows]}
    for n in scorers:
        columns[n] = [r["scores"].get(n) for sys_rows in rows for r in sys_rows]
    correlation = correlation_matrix(columns)
    corr_cells = [[None if v is None else (v, f"{v:.2f}", f"{a} vs {b}: r = {v:.3f} (n = {correlation['n'][i][j]})")
                   for j, (b, v) in enumerate(zip(correlation["names"], line))]
                  for i, (a, line) in enumerate(zip(correlation["names"], correlation["r"]))]
    histograms = []
    for name in ["total", *scorers]:
        hists = [histogram([r["total"] if name == "total" else r["scores"].get(name) for r in sys_rows]) for sys_rows in rows]
        histograms.append({
            "name": name,
            "n_null": [h["n_null"] for h in hists],
            "chart": charts.histogram_chart(name, labels, [h["fractions"] for h in hists], [h["counts"] for h in hists]),
        })
    return {
        "charts": {
            "scores": charts.bar_chart(score_groups, labels, [list(v) for v in score_values], "mean score by scorer with 95% CI"),
            "categories": charts.heatmap(categories, labels, heat_cells, "mean total by category"),
            "correlation": charts.heatmap(correlation["names"], correlation["names"], corr_cells, "scorer correlation", diverging=True),
        },
        "correlation": correlation,
        "histograms": histograms,
    }


def build_report(runs: Sequence[Run], baseline: int = 0, title: str | None = None,
                 training: Sequence[TrainingRun] = ()) -> dict[str, Any]:
    """The report model for ``runs`` compared against ``runs[baseline]``, with a training section
    for each training output directory in ``training``.

    Raises ValueError only when no run holds a scored row (or the arguments are out of range).
    """
    if not runs:
        raise ValueError("no run directories given")
    if not 0 <= baseline < len(runs):
        raise ValueError(f"baseline index {baseline} out of range")
    systems = systems_of(list(runs))
    base, notes = _baseline(runs, baseline, systems)
    union, common = _case_keys(systems, base)
    items: dict[str, dict[str, Any]] = {}
    for run in [*reversed(runs), runs[baseline]]:  # the baseline's copy of an item wins
        items.update(run.items)
    scorers = _scorer_names(systems)
    by_key = [{k: normalise(r) for k, r in s.rows.items()} for s in systems]
    rows = [list(r.values()) for r in by_key]
    multi_sample = any(k[1] != 0 for k in union)
    labels = [s.label for s in systems]

    comparisons, pairs = all_pairs(systems, by_key, base, items, multi_sample)
    unpaired = [(c["a_label"], c["label"]) for c in [*comparisons, *pairs] if not c["shared"]]
    covers = [coverage(s.label, r) for s, r in zip(systems, rows)]
    notes = [*notes, coverage_note(covers, base, len(union), len(common), unpaired),
             *item_notes(runs, dict.fromkeys(k[0] for k in union)), *run_notes(runs)]

    overall = [aggregate(r) for r in rows]
    leaderboard = [{"index": i, "label": s.label, "color": charts.color(i), "run": s.run.name, "model": s.model,
                    "baseline": i == base, "suites": c["suites"], **agg}
                   for i, (s, agg, c) in enumerate(zip(systems, overall, covers))]
    groups = _group_tables(rows)

    return {
        "title": title or ("acctbench report: " + " vs ".join(labels[:4]) + (" …" if len(labels) > 4 else "")),
        "generated": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "version": __version__,
        "systems": [{"label": s.label, "run": s.run.name, "model": s.model, "color": charts.color(i), "baseline": i == base,
                     "n": c["n"], "suites": c["suites"]} for i, (s, c) in enumerate(zip(systems, covers))],
        "baseline": base,
        "n_cases": len(union),
        "n_common": len(common),
        "same_items": len(common) == len(union),
        "notes": notes,
        "scorers": scorers,
        "leaderboard": leaderboard,
        "groups": groups,
        "comparisons": comparisons,
        "pairs": pairs,
        "unpaired": [list(p) for p in unpaired],
        **_charts(labels, scorers, overall, groups, rows),
        "metadata": metadata(runs, systems),
        "training": [training_section(t) for t in training],
        "drill": {**build_drill(by_key, base, set(common), scorers, items), "systems": labels,
                  "colors": [charts.color(i) for i in range(len(systems))], "scorers": scorers, "baseline": base,
                  "groups": {field: groups[field]["names"] for field in GROUP_FIELDS}},
    }
