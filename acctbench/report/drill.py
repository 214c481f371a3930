"""The per-item drill-down data: every case, each system's completion, scores and explanations.

Text is capped (completions, questions and references at 20,000 characters; explanations at
2,000) so the report stays bounded; the original length is kept so the page can say so.
The browser draws all of it with ``textContent`` only.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

from acctbench.report.load import CaseKey

COMPLETION_CAP = 20_000
"""Characters of a completion (and of a question or reference) embedded in the report."""
EXPLANATION_CAP = 2_000
STATUSES = ("correct", "wrong", "partial", "hedged", "no_answer", "negated", "retracted", "denied", "framed_false")


def cap_text(text: Any, limit: int = COMPLETION_CAP) -> str:
    """``text`` as a string of at most ``limit`` characters (None becomes empty)."""
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


def finite(value: Any) -> float | None:
    """A finite float, else None (NaN or text in a hand-edited file must not break the JSON)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)


def normalise(row: dict[str, Any]) -> dict[str, Any]:
    """A row with the fields :func:`aggregate` needs, tolerant of older or partial rows."""
    scores = row.get("scores") if isinstance(row.get("scores"), dict) else {}
    return {**row, "scores": {k: finite(v) for k, v in scores.items()}, "total": finite(row.get("total")) or 0.0}


def build_drill(rows: Sequence[dict[CaseKey, dict[str, Any]]], base: int, common: set[CaseKey], scorers: Sequence[str],
                items: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The per-item data the browser renders (with ``textContent`` only).

    ``rows`` are each system's :func:`normalise`-d rows by case. A case's ``in`` says whether
    every system has it; ``fl`` is each system's flip against the baseline where both have it.
    """
    order: dict[CaseKey, None] = {}
    for r in [rows[base], *rows]:
        order.update(dict.fromkeys(r))
    item_index: dict[str, int] = {}
    item_list: list[dict[str, Any]] = []
    cases = []
    for key in order:
        item_id, sample = key
        if item_id not in item_index:
            item = items.get(item_id, {})
            first = next((r[key] for r in rows if key in r), {})
            reference = item.get("reference") if isinstance(item.get("reference"), dict) else {}
            item_index[item_id] = len(item_list)
            item_list.append({
                "id": item_id,
                "suite": str(first.get("suite", item.get("suite"))),
                "type": str(first.get("type", item.get("type"))),
                "category": str(first.get("category", item.get("category"))),
                "q": cap_text(item.get("question")) if item else None,
                "choices": [cap_text(c, EXPLANATION_CAP) for c in item.get("choices", [])] if isinstance(item.get("choices"), list) else [],
                "rr": cap_text(reference.get("reasoning")) if reference else None,
                "ra": cap_text(reference.get("answer")) if reference else None,
                "gold": gold_text(item) if item else None,
            })
        results = []
        base_row = rows[base].get(key)
        flips = []
        for system_rows in rows:
            row = system_rows.get(key)
            if row is None:
                results.append(None)
                flips.append(0)
                continue
            text = completion_text(row.get("completion"))
            scores = row["scores"]
            explanations = row.get("explanations") if isinstance(row.get("explanations"), dict) else {}
            status = row.get("status")
            results.append({
                "c": cap_text(text), "n": len(text), "a": None if row.get("answer") is None else cap_text(row.get("answer"), EXPLANATION_CAP),
                "st": status if status in STATUSES else (None if status is None else "other"),
                "fv": bool(row.get("format_valid")), "t": row.get("total"),
                "s": [scores.get(n) for n in scorers], "e": [cap_text(explanations.get(n), EXPLANATION_CAP) for n in scorers],
                "tok": finite(row.get("completion_tokens")), "lat": finite(row.get("latency_s")),
            })
            flip = 0
            if base_row is not None and row.get("status") is not None and base_row.get("status") is not None:
                flip = int(row["status"] == "correct") - int(base_row["status"] == "correct")
            flips.append(flip)
        cases.append({"i": item_index[item_id], "k": sample, "in": key in common, "fl": flips,
                      "na": any(r is not None and r["st"] == "no_answer" for r in results), "r": results})
    return {"items": item_list, "cases": cases, "cap": COMPLETION_CAP}
