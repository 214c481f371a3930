"""Item schema v1 (public): validation and loading of JSONL question files.

One JSON object a line. Required: ``id`` (unique), ``type`` (``numeric`` | ``choice`` |
``journal`` | ``text``), ``question``, ``reference`` (``{"reasoning", "answer"}``). By type:
``numeric`` → ``gold`` number, optional relative ``tolerance``, optional ``abs_tolerance`` and
``unit`` (``"%"``: gold is in percent); ``choice`` → ``choices`` and a letter ``gold``; ``journal`` → ``gold`` list of
``{"account", "debit"}`` / ``{"account", "credit"}`` lines that balance. Optional everywhere:
``suite``, ``category``, ``difficulty``, ``key_terms``, ``principles``, ``source``, ``steps``
(an int >= 1: the dependent computations of the textbook solution), ``rubric`` (for the LLM judge:
``{"required": [claims], "forbidden": [claims]}``, either list optional, at least one claim).
Unknown extra fields are kept.

The numeric band (:func:`numeric_band`): an answer ``x`` is right when
``|x - gold| <= max(rel * |gold|, abs)``, where

- only ``tolerance`` given (or neither): ``rel = tolerance`` (default ``DEFAULT_TOLERANCE``), ``abs = 0``;
- only ``abs_tolerance`` given: ``rel = 0``, ``abs = abs_tolerance`` (in the gold's unit: dollars,
  percentage points when ``unit`` is ``"%"``, times, days);
- both given: the wider of the two bands.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1
ITEM_TYPES = ("numeric", "choice", "journal", "text")
DEFAULT_TOLERANCE = 1e-3
BALANCE_EPSILON = 0.005
_OPTIONAL_STRINGS = ("suite", "category", "difficulty", "source", "unit")
_OPTIONAL_STRING_LISTS = ("key_terms", "principles")
MAX_STEPS = 1000

Item = dict[str, Any]


@dataclass(frozen=True)
class ItemError:
    """One schema problem, located by file, line and field."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


class DatasetError(ValueError):
    """A dataset file with one or more invalid lines; ``errors`` lists every one."""

    def __init__(self, errors: list[ItemError]):
        self.errors = errors
        shown = "\n".join(f"  {e}" for e in errors[:50])
        more = f"\n  ... and {len(errors) - 50} more" if len(errors) > 50 else ""
        super().__init__(f"{len(errors)} invalid item field(s):\n{shown}{more}")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def numeric_band(item: Item) -> tuple[float, float]:
    """``(relative, absolute)`` tolerance of a numeric item (the rule in the module doc).

    Never raises: a missing or invalid value falls back to the default band.
    """
    rel, absolute = item.get("tolerance"), item.get("abs_tolerance")
    rel_ok = _is_number(rel) and rel >= 0
    abs_ok = _is_number(absolute) and absolute >= 0
    if abs_ok:
        return (float(rel) if rel_ok else 0.0), float(absolute)
    return (float(rel) if rel_ok else DEFAULT_TOLERANCE), 0.0


def relative_band(item: Item) -> float:
    """The item's band as one relative tolerance: ``max(rel, abs / |gold|)`` (``rel`` at gold 0)."""
    rel, absolute = numeric_band(item)
    gold = item.get("gold")
    return max(rel, absolute / abs(gold)) if _is_number(gold) and gold else rel


def choice_letter(index: int) -> str:
    """The letter of the option at ``index`` (0 → ``A``)."""
    return chr(ord("A") + index)


def _gold_errors(item: Item) -> list[tuple[str, str]]:
    kind, gold = item.get("type"), item.get("gold")
    if kind == "numeric":
        if not _is_number(gold):
            return [("gold", "numeric items need a finite number")]
        errors = []
        tol = item.get("tolerance", DEFAULT_TOLERANCE)
        if not _is_number(tol) or tol < 0:
            errors.append(("tolerance", "must be a non-negative number (relative tolerance)"))
        band = item.get("abs_tolerance", 0.0)
        if not _is_number(band) or band < 0:
            errors.append(("abs_tolerance", "must be a non-negative number (absolute band in the gold's unit)"))
        return errors
    if kind == "choice":
        choices = item.get("choices")
        if not isinstance(choices, list) or len(choices) < 2 or not all(map(_is_text, choices)):
            return [("choices", "choice items need a list of at least 2 non-empty option texts")]
        if len(set(choices)) != len(choices):
            return [("choices", "option texts must be distinct")]
        letters = [choice_letter(i) for i in range(len(choices))]
        if gold not in letters:
            return [("gold", f"must be one of the choice letters {letters}, got {gold!r}")]
        return []
    if kind == "journal":
        return _journal_errors(gold)
    return []


def _journal_errors(gold: Any) -> list[tuple[str, str]]:
    if not isinstance(gold, list) or not gold:
        return [("gold", "journal items need a non-empty list of lines")]
    errors: list[tuple[str, str]] = []
    debits = credits = 0.0
    for i, line in enumerate(gold):
        where = f"gold[{i}]"
        if not isinstance(line, dict) or not _is_text(line.get("account")):
            errors.append((where, "each line needs an 'account' name"))
            continue
        sides = [s for s in ("debit", "credit") if s in line]
        if len(sides) != 1:
            errors.append((where, "each line needs exactly one of 'debit' or 'credit'"))
            continue
        amount = line[sides[0]]
        if not _is_number(amount) or amount <= 0:
            errors.append((f"{where}.{sides[0]}", "must be a positive number"))
            continue
        if sides[0] == "debit":
            debits += amount
        else:
            credits += amount
    if not errors and abs(debits - credits) > BALANCE_EPSILON:
        errors.append(("gold", f"unbalanced entry: debits {debits:,.2f} != credits {credits:,.2f}"))
    return errors


RUBRIC_KEYS = ("required", "forbidden")


def _rubric_errors(rubric: Any) -> list[tuple[str, str]]:
    """Problems of an item's optional ``rubric``: claims the LLM judge must find or must not."""
    if not isinstance(rubric, dict):
        return [("rubric", 'must be an object {"required": [claims], "forbidden": [claims]}')]
    errors = [(f"rubric.{k}", f"unknown rubric field (expected {' or '.join(RUBRIC_KEYS)})") for k in rubric if k not in RUBRIC_KEYS]
    for key in RUBRIC_KEYS:
        value = rubric.get(key)
        if value is not None and not (isinstance(value, list) and all(map(_is_text, value))):
            errors.append((f"rubric.{key}", "must be a list of non-empty strings"))
    if not errors and not any(rubric.get(k) for k in RUBRIC_KEYS):
        errors.append(("rubric", "needs at least one required or forbidden claim"))
    return errors


def _valid_steps(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_STEPS


def item_errors(item: Any) -> list[tuple[str, str]]:
    """Every ``(field, message)`` problem of one parsed item (empty when valid)."""
    if not isinstance(item, dict):
        return [("item", f"must be a JSON object, got {type(item).__name__}")]
    errors: list[tuple[str, str]] = []
    if not _is_text(item.get("id")):
        errors.append(("id", "required non-empty string"))
    if item.get("type") not in ITEM_TYPES:
        errors.append(("type", f"must be one of {list(ITEM_TYPES)}, got {item.get('type')!r}"))
    if not _is_text(item.get("question")):
        errors.append(("question", "required non-empty string"))
    ref = item.get("reference")
    if not isinstance(ref, dict):
        errors.append(("reference", 'required object {"reasoning", "answer"}'))
    else:
        if not isinstance(ref.get("reasoning"), str):
            errors.append(("reference.reasoning", "required string"))
        if not _is_text(ref.get("answer")):
            errors.append(("reference.answer", "required non-empty string"))
    for name in _OPTIONAL_STRINGS:
        if name in item and not isinstance(item[name], str):
            errors.append((name, "must be a string"))
    for name in _OPTIONAL_STRING_LISTS:
        value = item.get(name)
        if value is not None and not (isinstance(value, list) and all(map(_is_text, value))):
            errors.append((name, "must be a list of non-empty strings"))
    if "steps" in item and not _valid_steps(item["steps"]):
        errors.append(("steps", f"must be an integer from 1 to {MAX_STEPS}, got {item['steps']!r}"))
    if "rubric" in item:
        errors.extend(_rubric_errors(item["rubric"]))
    if "abs_tolerance" in item and item.get("type") != "numeric":
        errors.append(("abs_tolerance", "only numeric items have an absolute tolerance"))
    if item.get("type") in ITEM_TYPES:
        errors.extend(_gold_errors(item))
    return errors


def validate_item(item: Any) -> list[str]:
    """Human-readable problems of one item (``"field: message"``); empty when valid."""
    return [f"{field}: {message}" for field, message in item_errors(item)]


def read_items(path: str | Path) -> tuple[list[Item], list[ItemError]]:
    """Parse a JSONL item file, returning the valid items and every error found (all lines)."""
    path = Path(path)
    items: list[Item] = []
    errors: list[ItemError] = []
    first_line_of: dict[str, int] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [ItemError(str(path), 0, "file", f"cannot read: {exc}")]
    for lineno, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            item = json.loads(raw)
        except json.JSONDecodeError as exc:
            errors.append(ItemError(str(path), lineno, "json", f"malformed JSON: {exc.msg} (column {exc.colno})"))
            continue
        problems = item_errors(item)
        errors.extend(ItemError(str(path), lineno, f, m) for f, m in problems)
        item_id = item.get("id") if isinstance(item, dict) else None
        if isinstance(item_id, str):
            if item_id in first_line_of:
                errors.append(
                    ItemError(str(path), lineno, "id", f"duplicate id {item_id!r} (first on line {first_line_of[item_id]})")
                )
                continue
            first_line_of[item_id] = lineno
        if not problems:
            items.append(item)
    if not items and not errors:
        errors.append(ItemError(str(path), 0, "file", "no items found"))
    return items, errors


def load_items(path: str | Path) -> list[Item]:
    """Load a JSONL item file; raise :class:`DatasetError` listing every bad line."""
    items, errors = read_items(path)
    if errors:
        raise DatasetError(errors)
    return items
