"""Turn loaded runs into the report model: one JSON-ready dict that every format renders.

All statistics use only the (id, sample) cases that every system has; when the runs cover
different item sets, a warning note says so and how many cases each run loses. The per-item
drill-down shows the union, marking systems that lack a case.
"""

from __future__ import annotations

import datetime as dt
import json
import shlex
from collections.abc import Sequence
from typing import Any

from acctbench import __version__
from acctbench.report import charts
from acctbench.report.load import CaseKey, Run, System, systems_of
from acctbench.report.stats import compare, correlation_matrix, histogram
from acctbench.results.summary import aggregate
from acctbench.rewards.registry import SCORER_NAMES

COMPLETION_CAP = 20_000
"""Characters of a completion (and of a question or reference) embedded in the report."""
EXPLANATION_CAP = 2_000
FLIP_LIST_CAP = 200
"""Flipped items listed per direction in the comparison section (all are in the drill-down)."""
GROUP_FIELDS = ("suite", "type", "category")
META_ORDER = ("model", "datasets", "generation", "scoring", "prompt", "versions", "packages", "git", "host", "times")


def _cap(text: Any, limit: int = COMPLETION_CAP) -> str:
    text = "" if text is None else str(text)
    return text if len(text) <= limit else text[:limit]


def completion_text(completion: Any) -> str:
    """A completion for display: strings as they are, chat messages as ``[role]`` blocks."""
    if isinstance(completion, str):
        return completion
    if isinstance(completion, list):
        parts = []
        for message in completion:
            if isinstance(message, dict):
                parts.append(f"[{message.get('role', '?')}]\n{message.get('content', '')}")
            else:
                parts.append(str(message))
        return "\n\n".join(parts)
    return "" if completion is None else json.dumps(completion, ensure_ascii=False)


def gold_text(item: dict[str, Any]) -> str | None:
    """The gold answer in words: journal lines, the letter and option, or the number and unit."""
    if "gold" not in item:
        return None
    gold = item["gold"]
    if item.get("type") == "journal" and isinstance(gold, list):
        lines = []
        for ln in gold:
            if not isinstance(ln, dict):
                continue
            side, amount = ("Dr", ln.get("debit")) if "debit" in ln else ("Cr", ln.get("credit"))
            shown = f"{amount:,.2f}" if isinstance(amount, (int, float)) else str(amount)
            lines.append(f"{side} {ln.get('account')} {shown}")
        return "\n".join(lines)
    if item.get("type") == "choice" and isinstance(gold, str) and isinstance(item.get("choices"), list):
        index = ord(gold.upper()[:1] or "?") - 65
        if 0 <= index < len(item["choices"]):
            return f"{gold}) {item['choices'][index]}"
    unit = item.get("unit")
    return f"{gold} ({unit})" if unit else str(gold)


def _scorer_names(systems: Sequence[System]) -> list[str]:
    present = {name for s in systems for row in s.rows.values() for name in (row.get("scores") or {})}
    return [n for n in SCORER_NAMES if n in present] + sorted(present - set(SCORER_NAMES))


def _normalise(row: dict[str, Any]) -> dict[str, Any]:
    """A row with the fields :func:`aggregate` needs, tolerant of older or partial rows."""
    scores = row.get("scores") if isinstance(row.get("scores"), dict) else {}
    try:
        total = float(row.get("total") or 0.0)
    except (TypeError, ValueError):
        total = 0.0
    return {**row, "scores": scores, "total": total}


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


def _flatten(value: Any, prefix: str = "") -> list[tuple[str, str]]:
    if isinstance(value, dict) and value:
        out: list[tuple[str, str]] = []
        for key, sub in value.items():
            out += _flatten(sub, f"{prefix}.{key}" if prefix else str(key))
        return out
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        out = []
        for i, sub in enumerate(value):
            out += _flatten(sub, f"{prefix}[{i}]")
        return out
    shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return [(prefix or "value", _cap(shown, EXPLANATION_CAP))]


def _command_text(command: Any) -> str | None:
    if isinstance(command, list) and command:
        return shlex.join(str(c) for c in command)
    if isinstance(command, str) and command.strip():
        return command
    return None


def _meta_values(run: Run) -> dict[str, str]:
    """A run's recorded metadata as flat ``key.path -> text``: run.json, then summary.json.

    Datasets are keyed by name and split (not list position) so runs line up side by side.
    """
    meta = run.meta or {}
    flat: dict[str, str] = {}
    keys = [k for k in META_ORDER if k in meta] + [k for k in meta if k not in META_ORDER]
    for key in keys:
        value = meta[key]
        if key == "command":
            continue
        if key == "datasets" and isinstance(value, list):
            for ds in value:
                if isinstance(ds, dict):
                    prefix = f"datasets.{ds.get('name')}/{ds.get('split', '?')}"
                    flat.update(_flatten({k: v for k, v in ds.items() if k not in ("name", "split")}, prefix))
            continue
        flat.update(_flatten(value, key))
    summary = run.summary or {}
    for key in ("dataset", "split", "scoring"):
        if key in summary:
            flat.update(_flatten(summary[key], f"summary.{key}"))
    return flat


def _metadata(runs: Sequence[Run], systems: Sequence[System]) -> dict[str, Any]:
    """Per-run cards (files, notes, command) and one side-by-side table of recorded metadata."""
    values = [_meta_values(run) for run in runs]
    keys: dict[str, None] = {}
    for v in values:
        keys.update(dict.fromkeys(v))
    rows = []
    for key in keys:
        cells = [v.get(key) for v in values]
        recorded = {c for c in cells if c is not None}
        section = key.split(".")[0].split("[")[0] if "." in key or "[" in key else "run"
        rows.append({"section": section, "key": key, "values": cells, "differs": len(recorded) > 1})
    rows.sort(key=lambda row: row["section"] != "run")  # stable: top-level scalars first, then in order
    cards = [{
        "name": run.name,
        "path": str(run.path),
        "systems": [s.label for s in systems if s.run is run],
        "recorded": run.meta is not None,
        "files": {name: (run.path / name).is_file() for name in ("run.json", "items.jsonl", "summary.json")},
        "notes": run.notes,
        "command": _command_text((run.meta or {}).get("command")),
    } for run in runs]
    return {"cards": cards, "names": [run.name for run in runs], "rows": rows}


def _drill(systems: Sequence[System], base: int, common: set[CaseKey], scorers: Sequence[str],
           items: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The per-item data the browser renders (with ``textContent`` only)."""
    order: dict[CaseKey, None] = {}
    for s in [systems[base], *systems]:
        for key in s.rows:
            order.setdefault(key, None)
    item_index: dict[str, int] = {}
    item_list: list[dict[str, Any]] = []
    cases = []
    for key in order:
        item_id, sample = key
        if item_id not in item_index:
            item = items.get(item_id, {})
            first = next((s.rows[key] for s in systems if key in s.rows), {})
            reference = item.get("reference") if isinstance(item.get("reference"), dict) else {}
            item_index[item_id] = len(item_list)
            item_list.append({
                "id": item_id,
                "suite": str(first.get("suite", item.get("suite"))),
                "type": str(first.get("type", item.get("type"))),
                "category": str(first.get("category", item.get("category"))),
                "q": _cap(item.get("question")) if item else None,
                "choices": [_cap(c, EXPLANATION_CAP) for c in item.get("choices", [])] if isinstance(item.get("choices"), list) else [],
                "rr": _cap(reference.get("reasoning")) if reference else None,
                "ra": _cap(reference.get("answer")) if reference else None,
                "gold": gold_text(item) if item else None,
            })
        results = []
        base_row = systems[base].rows.get(key)
        flips = []
        for s in systems:
            row = s.rows.get(key)
            if row is None:
                results.append(None)
                flips.append(0)
                continue
            text = completion_text(row.get("completion"))
            scores = row.get("scores") or {}
            explanations = row.get("explanations") or {}
            results.append({
                "c": _cap(text), "n": len(text), "a": None if row.get("answer") is None else _cap(row.get("answer"), EXPLANATION_CAP),
                "st": row.get("status"), "fv": bool(row.get("format_valid")), "t": row.get("total"),
                "s": [scores.get(n) for n in scorers], "e": [_cap(explanations.get(n, ""), EXPLANATION_CAP) for n in scorers],
                "tok": row.get("completion_tokens"), "lat": row.get("latency_s"),
            })
            flip = 0
            if key in common and base_row is not None and row.get("status") is not None and base_row.get("status") is not None:
                flip = int(row["status"] == "correct") - int(base_row["status"] == "correct")
            flips.append(flip)
        cases.append({"i": item_index[item_id], "k": sample, "in": key in common, "fl": flips,
                      "na": any(r is not None and r["st"] == "no_answer" for r in results), "r": results})
    return {"items": item_list, "cases": cases, "cap": COMPLETION_CAP}


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
    rows = [[_normalise(s.rows[k]) for k in common] for s in systems]
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
        "same_items": not any(n["level"] == "warn" and "different item sets" in n["text"] for n in notes),
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
        "metadata": _metadata(runs, systems),
        "drill": {**_drill(systems, base, set(common), scorers, items), "systems": labels,
                  "colors": [charts.color(i) for i in range(len(systems))], "scorers": scorers, "baseline": base},
    }
