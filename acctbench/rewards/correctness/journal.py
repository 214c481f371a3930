"""Journal items: parsed entry lines compared with the gold entry, line by line.

Lines on the same account and side are merged. Per gold line: same side and amount within 0.5%
(or the item's larger ``tolerance``) earns 1, right account and side with a wrong amount 0.5,
the wrong side, both sides or a missing account 0. Value = (earned / max(gold lines, answer
lines))², so extra lines cost and an entry is right or it is wrong (half the lines right earns
0.25, so a half-right entry never reaches a total of 0.5); an unbalanced answer is halved; a
fully reversed entry is 0.
Status "correct" only at 1.0, "partial" between, "wrong" at 0, "no_answer" with no readable
line (formats: :mod:`acctbench.rewards.correctness.journal_parse`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from acctbench.rewards.correctness.common import finite, fmt, matches_gold
from acctbench.rewards.correctness.journal_parse import (
    JournalLine,
    account_key,
    default_chart,
    parse_journal,
    resolve_account,
)
from acctbench.rewards.correctness.region import make_score
from acctbench.rewards.types import Score, not_applicable
from acctbench.schema import BALANCE_EPSILON

JOURNAL_TOLERANCE = 0.005


@dataclass(frozen=True)
class EntryVerdict:
    """The comparison of one entry: value, status, why, and the merged answer lines."""

    value: float
    status: str
    explanation: str
    rendered: str
    parsed: list[dict[str, Any]]


def _merge(lines: Iterable[JournalLine]) -> dict[tuple[str, str], JournalLine]:
    """Lines by ``(account key, side)``, amounts on the same key and side added up."""
    merged: dict[tuple[str, str], JournalLine] = {}
    for ln in lines:
        key = (ln.key, ln.side)
        prev = merged.get(key)
        if prev is not None:
            ln = JournalLine(ln.account, ln.side, prev.amount + ln.amount, ln.known, ln.key)
        merged[key] = ln
    return merged


def _gold_lines(gold: list[Any], chart: Any) -> list[JournalLine]:
    """The gold entry's ``{"account", "debit" | "credit"}`` rows as journal lines."""
    out = []
    for g in gold:
        if not isinstance(g, dict) or not isinstance(g.get("account"), str):
            continue
        for side in ("debit", "credit"):
            if finite(g.get(side)):
                acc = resolve_account(chart, g["account"])
                name, known = (acc.name, True) if acc is not None else (g["account"], False)
                out.append(JournalLine(name, side, abs(float(g[side])), known, account_key(name, known)))
    return out


def _render(lines: Iterable[JournalLine]) -> str:
    """``Dr Cash 5,000; Cr Sales Revenue 5,000``."""
    return "; ".join(f"{'Dr' if ln.side == 'debit' else 'Cr'} {ln.account} {fmt(ln.amount)}" for ln in lines)


def score_entry(gold: list[Any], lines: list[JournalLine], tol: float = JOURNAL_TOLERANCE) -> EntryVerdict:
    """Compare parsed journal lines with gold lines (rules in the module doc)."""
    chart = default_chart()
    want, have = _merge(_gold_lines(gold, chart)), _merge(lines)
    parsed = [{"account": ln.account, ln.side: round(ln.amount, 2)} for ln in have.values()]
    rendered = _render(have.values())
    if not want:
        return EntryVerdict(0.0, "wrong", "gold has no readable line", rendered, parsed)
    earned, notes, flipped = 0.0, [], set()
    for (key, side), g in want.items():
        other = (key, "credit" if side == "debit" else "debit")
        p = have.get((key, side))
        if p is not None and other in have and other not in want:
            flipped.add(other)
            notes.append(f"{g.account}: on both sides")
        elif p is not None and matches_gold(p.amount, g.amount, tol):
            earned += 1
        elif p is not None:
            earned += 0.5
            notes.append(f"{g.account}: amount {fmt(p.amount)} vs {fmt(g.amount)}")
        elif other in have and other not in want:
            flipped.add(other)
            notes.append(f"{g.account}: side reversed")
        else:
            notes.append(f"{g.account}: missing")
    extra = [ln for key, ln in have.items() if key not in want and key not in flipped]
    notes.extend(f"extra line {ln.account}" for ln in extra)
    value = (earned / max(len(want), len(have))) ** 2  # squared: half the lines right earns 0.25
    debits = sum(ln.amount for ln in have.values() if ln.side == "debit")
    credits = sum(ln.amount for ln in have.values() if ln.side == "credit")
    if abs(debits - credits) > max(BALANCE_EPSILON, tol * max(debits, credits)):
        value *= 0.5
        notes.append(f"unbalanced (Dr {fmt(debits)} vs Cr {fmt(credits)})")
    if len(flipped) == len(want) == len(have):  # every answer line is a gold line on the other side
        value, notes = 0.0, ["entry reversed: debits and credits swapped"]
    status = "correct" if value >= 1.0 else "wrong" if value <= 0.0 else "partial"
    if not notes:
        why = f"all {len(want)} lines match"
    else:
        why = "; ".join(notes[:4]) + (f"; +{len(notes) - 4} more" if len(notes) > 4 else "")
    return EntryVerdict(value, status, why, rendered, parsed)


def score_journal(item: dict[str, Any], region: str, source: str) -> Score:
    """Judge the journal entry written in ``region`` against the item's gold entry."""
    gold = item.get("gold")
    if not isinstance(gold, list) or not gold:
        return not_applicable("item has no journal gold")
    tol = item.get("tolerance")
    tol = max(JOURNAL_TOLERANCE, float(tol)) if finite(tol) and tol >= 0 else JOURNAL_TOLERANCE
    lines = parse_journal(region)
    if not lines:
        return make_score(0.0, "no_answer", "no journal line in the answer", source, None, None)
    verdict = score_entry(gold, lines, tol)
    return make_score(verdict.value, verdict.status, verdict.explanation, source, verdict.rendered, verdict.parsed)
