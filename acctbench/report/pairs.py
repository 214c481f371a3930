"""Paired comparisons between systems, each on the (id, sample) cases both of them have.

Runs need not cover the same cases: every pair is compared on its own intersection, and its
``n_pairs`` says how large that is. A pair with no case in common gets ``shared: False`` and
no statistics; the report names it instead of failing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from acctbench.report import charts
from acctbench.report.load import CaseKey, System
from acctbench.report.stats import compare

FLIP_LIST_CAP = 200
"""Flipped items listed per direction against the baseline (all are in the drill-down)."""
Rows = dict[CaseKey, dict[str, Any]]


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


def pair_entry(systems: Sequence[System], rows: Sequence[Rows], a: int, b: int, items: dict[str, dict[str, Any]],
               multi_sample: bool, flips: bool) -> dict[str, Any]:
    """System ``b`` against system ``a`` on the cases both have (flipped items listed if ``flips``).

    ``baseline_accuracy`` is ``a``'s accuracy on the shared gold items, ``accuracy`` is ``b``'s;
    wins, losses and the difference are ``b`` over ``a``.
    """
    c = compare(rows[a], rows[b])
    entry: dict[str, Any] = {
        "index": b, "label": systems[b].label, "color": charts.color(b),
        "a": a, "a_label": systems[a].label, "a_color": charts.color(a),
        "n_pairs": c.n_pairs, "shared": c.n_pairs > 0,
    }
    if not c.n_pairs:
        return entry
    return {
        **entry,
        "wins": c.wins, "ties": c.ties, "losses": c.losses, "diff": c.diff,
        "n_gold": c.n_gold, "baseline_accuracy": c.baseline_accuracy, "accuracy": c.accuracy,
        "gained_n": len(c.gained), "lost_n": len(c.lost), "p_value": c.p_value,
        "acc_significant": c.accuracy_significant,
        "gained": _flip_entries(c.gained, items, multi_sample) if flips else [],
        "lost": _flip_entries(c.lost, items, multi_sample) if flips else [],
    }


def all_pairs(systems: Sequence[System], rows: Sequence[Rows], base: int, items: dict[str, dict[str, Any]],
              multi_sample: bool) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every other system against the baseline (with flipped items), and every pair without
    the baseline (first against second, in report order): each pair computed once."""
    against_base = [pair_entry(systems, rows, base, i, items, multi_sample, flips=True)
                    for i in range(len(systems)) if i != base]
    others = [pair_entry(systems, rows, i, j, items, multi_sample, flips=False)
              for i in range(len(systems)) for j in range(i + 1, len(systems)) if base not in (i, j)]
    return against_base, others
