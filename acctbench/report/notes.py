"""The notes at the top of a report: what each system covers, dataset mismatches, run warnings.

A note is ``{"level": "ok" | "info" | "warn", "text": ...}``; the CLI also prints the warnings.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from acctbench.report.load import Run


def coverage(label: str, rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """What one system covers: its number of (id, sample) cases and its suites."""
    rows = list(rows)
    return {"label": label, "n": len(rows), "suites": sorted({str(r.get("suite")) for r in rows})}


def coverage_note(covers: Sequence[dict[str, Any]], base: int, n_cases: int, n_common: int,
                  unpaired: Sequence[tuple[str, str]]) -> dict[str, str]:
    """Which cases each system has, and how the statistics use them."""
    listed = "; ".join(f"{c['label']}{' (baseline)' if i == base else ''}: {c['n']} cases ({', '.join(c['suites'])})"
                       for i, c in enumerate(covers))
    if all(c["n"] == n_common for c in covers):
        lead = f"All systems were scored on the same {n_common} (id, sample) cases." if len(covers) > 1 else ""
        return {"level": "ok", "text": f"{lead} Coverage: {listed}.".strip()}
    text = (f"These runs cover different cases ({n_cases} (id, sample) cases in all, {n_common} in every system). "
            "Each system's leaderboard row and breakdowns use its own cases, so their means are over different "
            "items; each paired comparison uses only the cases its two systems share (its n is shown with it). "
            f"Coverage: {listed}.")
    if unpaired:
        text += " Not compared (no shared case): " + "; ".join(f"{a} and {b}" for a, b in unpaired) + "."
    return {"level": "warn", "text": text}


def item_notes(runs: Sequence[Run], ids: Iterable[str]) -> list[dict[str, str]]:
    """Shared item ids whose question or gold differ between runs; datasets with several hashes."""
    notes = []
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


def run_notes(runs: Sequence[Run]) -> list[dict[str, str]]:
    """Each run's own warnings (duplicates dropped, no scored rows) and notes, naming the run."""
    out = [{"level": "warn", "text": f"{run.name}: {text}"} for run in runs for text in run.warnings]
    return out + [{"level": "info", "text": f"{run.name}: {text}"} for run in runs for text in run.notes]
