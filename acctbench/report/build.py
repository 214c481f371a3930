"""Turn loaded runs into the report model: one JSON-ready dict that every format renders.

All statistics use only the (id, sample) cases that every system has; when the runs cover
different item sets, a warning note says so and how many cases each run loses. The per-item
drill-down shows the union, marking systems that lack a case.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from acctbench import __version__
from acctbench.report import charts
from acctbench.report.drill import build_drill, normalise
from acctbench.report.load import CaseKey, Run, System, systems_of
from acctbench.report.meta import metadata
from acctbench.report.stats import compare, correlation_matrix, histogram
from acctbench.results.summary import aggregate
from acctbench.rewards.registry import SCORER_NAMES

FLIP_LIST_CAP = 200
"""Flipped items listed per direction in the comparison section (all are in the drill-down)."""
GROUP_FIELDS = ("suite", "type", "category")


def _scorer_names(systems: Sequence[System]) -> list[str]:
    present = {name for s in systems for row in s.rows.values() for name in (row.get("scores") or {})}
    return [n for n in SCORER_NAMES if n in present] + sorted(present - set(SCORER_NAMES))


def _common_keys(systems: Sequence[System], baseline: System) -> list[CaseKey]:
    shared = set(baseline.rows)
    for s in systems:
        shared &= set(s.rows)
    return [k for k in baseline.rows if k in shared]


def _coverage_notes(systems: Sequence[System], common: Sequence[CaseKey]) -> list[dict[str, str]]:
    sizes = {s.label: len(s.rows) for s in systems}
    if all(n == len(common) for n in sizes.values()):
        return []
    detail = "; ".join(f"{label}: {n} cases, {n - len(common)} left out" for label, n in sizes.items())
    return [{
        "level": "warn",
        "text": f"These runs cover different item sets. Every statistic below compares only the "
        f"{len(common)} (id, sample) cases present in all of them ({detail}). "
        "The drill-down lists every case and marks the systems that lack it.",
    }]


def _item_notes(runs: Sequence[Run], common: Sequence[CaseKey]) -> list[dict[str, str]]:
    notes = []
    ids = {k[0] for k in common}
    recorded = [r for r in runs if r.items]
    differing = sorted(
        i for i in ids
        if len({json.dumps([r.items[i].get("question"), r.items[i].get("gold")], sort_keys=True, default=str)
                for r in recorded if i in r.items}) > 1
    )
    if differing:
        shown = ", ".join(differing[:5]) + (" …" if len(differing) > 5 else "")
        notes.append({"level": "warn", "text": f"{len(differing)} shared item id(s) have a different question or gold "
                      f"answer in different runs (e.g. {shown}): the runs used different dataset versions."})
    hashes: dict[tuple[str, str], set[str]] = {}
    for run in runs:
        for ds in (run.meta or {}).get("datasets") or []:
            if isinstance(ds, dict) and ds.get("content_hash"):
                hashes.setdefault((str(ds.get("name")), str(ds.get("split"))), set()).add(str(ds["content_hash"]))
    for (name, split), found in sorted(hashes.items()):
        if len(found) > 1:
            notes.append({"level": "warn", "text": f"Dataset {name} ({split}) has {len(found)} different content hashes across runs."})
    return notes


def _interval(entry: dict[str, Any] | None) -> charts.Interval | None:
    if not entry or entry.get("mean") is None:
        return None
    lo, hi = entry.get("ci95") or (None, None)
    return (entry["mean"], lo, hi)


def _group_tables(systems: Sequence[System], rows: Sequence[Sequence[dict[str, Any]]]) -> dict[str, Any]:
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


def _flip_entries(keys: Sequence[CaseKey], items: dict[str, dict[str, Any]], multi_sample: bool) -> list[dict[str, Any]]:
    out = []
    for item_id, sample in keys[:FLIP_LIST_CAP]:
        question = str(items.get(item_id, {}).get("question") or "")
        out.append({
            "id": item_id,
            "sample": sample,
            "label": f"{item_id} #{sample}" if multi_sample else item_id,
            "question": question[:140] + ("…" if len(question) > 140 else ""),
        })
    return out


def build_report(runs: Sequence[Run], baseline: int = 0, title: str | None = None) -> dict[str, Any]:
    """The report model for ``runs`` compared against ``runs[baseline]``."""
    if not runs:
        raise ValueError("no run directories given")
    if not 0 <= baseline < len(runs):
        raise ValueError(f"baseline index {baseline} out of range")
    systems = systems_of(list(runs))
    base = next(i for i, s in enumerate(systems) if s.run is runs[baseline])
    common = _common_keys(systems, systems[base])
    if not common:
        raise ValueError("the runs share no (id, sample) case: there is nothing to compare "
                         + "; ".join(f"{s.label}: {len(s.rows)} cases" for s in systems))
    items: dict[str, dict[str, Any]] = {}
    for run in [*reversed(runs), runs[baseline]]:  # the baseline's copy of an item wins
        items.update(run.items)
    scorers = _scorer_names(systems)
    rows = [[normalise(s.rows[k]) for k in common] for s in systems]
    multi_sample = any(k[1] != 0 for k in common)
    labels = [s.label for s in systems]

    notes = _coverage_notes(systems, common) + _item_notes(runs, common)
    for run in runs:
        notes += [{"level": "info", "text": f"{run.name}: {n}"} for n in run.notes]

    overall = [aggregate(r) for r in rows]
    leaderboard = []
    for i, (s, agg) in enumerate(zip(systems, overall)):
        leaderboard.append({"index": i, "label": s.label, "color": charts.color(i), "run": s.run.name, "model": s.model,
                            "baseline": i == base, **agg})
    groups = _group_tables(systems, rows)

    comparisons = []
    base_rows = {k: r for k, r in zip(common, rows[base])}
    for i, s in enumerate(systems):
        if i == base:
            continue
        c = compare(base_rows, {k: r for k, r in zip(common, rows[i])})
        comparisons.append({
            "index": i, "label": s.label, "color": charts.color(i), "n_pairs": c.n_pairs,
            "wins": c.wins, "ties": c.ties, "losses": c.losses, "diff": c.diff,
            "n_gold": c.n_gold, "baseline_accuracy": c.baseline_accuracy, "accuracy": c.accuracy,
            "gained_n": len(c.gained), "lost_n": len(c.lost), "p_value": c.p_value,
            "acc_significant": c.accuracy_significant,
            "gained": _flip_entries(c.gained, items, multi_sample), "lost": _flip_entries(c.lost, items, multi_sample),
        })

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
        "title": title or ("acctbench report: " + " vs ".join(labels[:4]) + (" …" if len(labels) > 4 else "")),
        "generated": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "version": __version__,
        "systems": [{"label": s.label, "run": s.run.name, "model": s.model, "color": charts.color(i), "baseline": i == base,
                     "n": len(s.rows)} for i, s in enumerate(systems)],
        "baseline": base,
        "n_common": len(common),
        "same_items": all(len(s.rows) == len(common) for s in systems),
        "notes": notes,
        "scorers": scorers,
        "leaderboard": leaderboard,
        "groups": groups,
        "comparisons": comparisons,
        "charts": {
            "scores": charts.bar_chart(score_groups, labels, [list(v) for v in score_values], "mean score by scorer with 95% CI"),
            "categories": charts.heatmap(categories, labels, heat_cells, "mean total by category"),
            "correlation": charts.heatmap(correlation["names"], correlation["names"], corr_cells, "scorer correlation", diverging=True),
        },
        "correlation": correlation,
        "histograms": histograms,
        "metadata": metadata(runs, systems),
        "drill": {**build_drill(systems, base, set(common), scorers, items), "systems": labels,
                  "colors": [charts.color(i) for i in range(len(systems))], "scorers": scorers, "baseline": base},
    }
