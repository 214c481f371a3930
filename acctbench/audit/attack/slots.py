"""Candidates and the placeholders templates fill in.

A candidate is a completion in parts: ``<reasoning>R</reasoning>\\n<answer>A</answer>``. A
template names ``{question}``, ``{reasoning}``, ``{answer}`` (the candidate's current parts; the
reference's for an operator applied to the reference), and facts of the item:

- ``{value}``: numeric: the correct figure as the reference writes it; choice: the gold letter;
  journal and text: the reference answer;
- ``{other}``: numeric: a wrong figure written like the reference (gold × 1.1, or the next of
  × 0.9, × 1.25, × 2 that differs when rounded); choice: the next letter after the gold one;
  journal: the reference entry with debit and credit swapped; not available for text;
- ``{option}``: choice: the gold option's text;
- ``{terms}``: the item's ``key_terms`` joined with commas (absent without key terms).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from acctbench.audit.attack.journal import swap_sides
from acctbench.audit.attack.numbers import Style, find_figures, matches, render
from acctbench.schema import DEFAULT_TOLERANCE, choice_letter, relative_band

PLACEHOLDERS = ("question", "reasoning", "answer", "value", "other", "option", "terms")
ITEM_FACTS = ("value", "other", "option", "terms")
ONLY_FOR = {"other": ("numeric", "choice", "journal"), "option": ("choice",)}
PLACEHOLDER = re.compile(r"\{(\w+)\}")
_OTHER_FACTORS = (1.1, 0.9, 1.25, 2.0)


@dataclass(frozen=True)
class Candidate:
    """A completion in parts; ``answer=None`` means no answer block; ``raw`` is a whole completion
    written by a completion template (its parts are then empty and it is not edited further)."""

    reasoning: str
    answer: str | None
    raw: str | None = None

    def text(self) -> str:
        """The completion string."""
        if self.raw is not None:
            return self.raw
        block = f"<reasoning>{self.reasoning}</reasoning>"
        return block if self.answer is None else f"{block}\n<answer>{self.answer}</answer>"


def reference_candidate(item: dict[str, Any]) -> Candidate:
    """The item's reference as a completion."""
    ref = item["reference"]
    return Candidate(ref["reasoning"], ref["answer"])


@dataclass(frozen=True)
class Slots:
    """The item facts templates may name (``None``: not available for this item)."""

    item: dict[str, Any]
    value: str
    other: str | None
    option: str | None
    terms: str | None
    style: Style | None = None  # numeric: how the reference writes its figure


def _numeric_slots(item: dict[str, Any]) -> tuple[str, str | None, Style]:
    answer, gold = item["reference"]["answer"], float(item["gold"])
    tol = max(relative_band(item), DEFAULT_TOLERANCE)
    percent = item.get("unit") == "%"
    found = next((f for f in find_figures(answer) if matches(f.value, gold, tol)), None)
    if found:
        style, value = found.style, answer[found.start : found.end]
    else:
        style = Style("$" if item.get("unit") == "$" else "", 2, True, percent)
        value = render(gold, style)
    for factor in _OTHER_FACTORS:
        other = render(gold * factor if gold else factor, style)
        read = find_figures(other)
        if read and not matches(read[0].value, gold, 10 * tol):
            return value, other, style
    return value, None, style


def item_slots(item: dict[str, Any]) -> Slots:
    """The facts of one item."""
    kind, answer = item["type"], item["reference"]["answer"]
    terms = ", ".join(item["key_terms"]) if item.get("key_terms") else None
    if kind == "numeric":
        value, other, style = _numeric_slots(item)
        return Slots(item, value, other, None, terms, style)
    if kind == "choice":
        index = ord(str(item["gold"]).upper()) - ord("A")
        other = choice_letter((index + 1) % len(item["choices"]))
        return Slots(item, choice_letter(index), other, item["choices"][index], terms)
    if kind == "journal":
        swapped = swap_sides(answer)
        return Slots(item, answer, swapped if swapped != answer else None, None, terms)
    return Slots(item, answer, None, None, terms)


def fill(template: str, slots: Slots, cand: Candidate) -> str | None:
    """``template`` with its placeholders filled, or ``None`` when one is not available."""
    values = {
        "question": slots.item["question"],
        "reasoning": cand.reasoning,
        "answer": cand.answer,
        "value": slots.value,
        "other": slots.other,
        "option": slots.option,
        "terms": slots.terms,
    }
    missing = False

    def sub(m: re.Match[str]) -> str:
        nonlocal missing
        got = values.get(m.group(1))
        if got is None:
            missing = True
            return ""
        return got

    out = PLACEHOLDER.sub(sub, template)
    return None if missing else out


def placeholders(template: str) -> set[str]:
    """The placeholder names a template uses."""
    return set(PLACEHOLDER.findall(template))
