"""``correctness``: is the final answer right? Numeric, choice and journal items; 1 right, 0 wrong.

Items without a gold answer (``text``) score ``None``. Every verdict carries ``metadata``
``{"status": "correct" | "wrong" | "partial" | "hedged" | "no_answer" | "negated" | "retracted" |
"denied" | "framed_false" | "truncated", "parsed": ..., "region": ...}``; a missing, denied or withdrawn answer
scores 0 but keeps its own status, so reports count it apart from wrong answers. The region is
read through :mod:`acctbench.rewards.commitment` first: what it withdraws is not read.
The rules, one module each:

- :mod:`~acctbench.rewards.correctness.region`: the ``<answer>`` block, else the last
  "Answer:" line, else the last line with a digit (choice: any text; journal: the last paragraph
  holding a journal line); the explanation then says "no <answer> block".
- :mod:`~acctbench.rewards.correctness.numeric`: asides (brackets, dates, year labels, ...) set
  apart; the remaining numbers must agree, else the ones in bold or after the last final marker
  must; otherwise hedged (0). Relative ``tolerance`` and/or absolute ``abs_tolerance`` band; with unit
  ``%``, ``0.15`` may mean 15.
- :mod:`~acctbench.rewards.correctness.choice`: letters only where they read as letters, else
  the option text; two or more options named is hedged.
- :mod:`~acctbench.rewards.correctness.journal_parse` and
  :mod:`~acctbench.rewards.correctness.journal`: Dr/Cr lines and tables read and resolved
  through the chart of accounts; per gold line 1 (right), 0.5 (wrong amount) or 0, divided by
  the larger line count, halved when unbalanced, 0 when fully reversed.
"""

from __future__ import annotations

from typing import Any

from acctbench.rewards.correctness.choice import score_choice
from acctbench.rewards.correctness.journal import JOURNAL_TOLERANCE, score_entry, score_journal
from acctbench.rewards.correctness.journal_parse import JournalLine, parse_journal
from acctbench.rewards.correctness.numeric import score_numeric
from acctbench.rewards.commitment import ASSERTED, analyse_region, choice_options
from acctbench.rewards.correctness.region import answer_region, make_score
from acctbench.rewards.parsing import Parsed, parse
from acctbench.rewards.registry import guarded
from acctbench.rewards.types import Score, not_applicable

__all__ = [
    "JOURNAL_TOLERANCE", "JournalLine", "answer_region", "correctness", "parse_journal", "score_correctness",
    "score_entry",
]

NAME = "correctness"
TRUNCATED = "truncated"
"""The status of a generation cut off inside its reasoning block (no final answer)."""

_BY_TYPE = {"numeric": score_numeric, "choice": score_choice, "journal": score_journal}


def _correctness(item: Any, parsed: Any) -> Score:
    """Dispatch by item type: read the answer region, then the type's checker."""
    if not isinstance(item, dict):
        return not_applicable("item is not an object")
    kind = item.get("type")
    if kind not in _BY_TYPE or "gold" not in item:
        return not_applicable(f"no gold answer for a {kind!r} item")
    if not isinstance(parsed, Parsed):
        parsed = parse(parsed)
    if parsed.thinking is not None and not parsed.thinking.closed:
        return make_score(0.0, TRUNCATED, "truncated: the reasoning block never closed, so there is no final answer",
                          "reasoning", None, None)
    region, source = answer_region(parsed, kind)
    options = choice_options(item)
    stance = analyse_region(region, kind, len(options), options)
    if stance.status == "hedged":
        return make_score(0.0, "hedged", f"hedged: {stance.cue!r} keeps candidates open", source, None, None)
    verdict = _BY_TYPE[kind](item, stance.kept, source)
    if verdict.metadata.get("status") == "no_answer" and stance.status != ASSERTED:
        why = f"{stance.status.replace('_', ' ')}: {stance.cue!r}"
        return make_score(0.0, stance.status, why, source, None, None)
    return verdict


def score_correctness(item: dict[str, Any], parsed: Parsed) -> Score:
    """Judge the final answer of a parsed completion against the item's gold. Never raises."""
    return guarded(NAME, lambda: _correctness(item, parsed))


def correctness(item: dict[str, Any], completion: Any) -> Score:
    """:func:`score_correctness` on a raw (plain or chat) completion."""
    return score_correctness(item, parse(completion))
