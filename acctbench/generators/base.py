"""Building blocks for parameterised item templates.

A template draws parameters from a seeded RNG, renders a question from them and solves it in
code. The gold answer is never typed by hand: ``solve`` computes it, and every template has a
unit test that checks ``solve`` against a hand-worked textbook example.
"""

from __future__ import annotations

import hashlib
import json
import random
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar

Params = dict[str, Any]


@dataclass(frozen=True)
class Worked:
    """A solved instance: the gold value, the worked steps and the final answer text.

    ``gold`` is a number for numeric templates, a list of ``{"account", "debit"|"credit"}``
    lines for journal templates, and a letter for choice templates.
    """

    gold: Any
    steps: list[str]
    answer: str
    extra: dict[str, Any] = field(default_factory=dict)


class Template(ABC):
    """One kind of question. Subclasses set the class attributes and implement three methods."""

    type: ClassVar[str]
    name: ClassVar[str]
    category: ClassVar[str]
    difficulty: ClassVar[str] = "medium"
    key_terms: ClassVar[tuple[str, ...]] = ()
    principles: ClassVar[tuple[str, ...]] = ()
    source: ClassVar[str] = "acctbench template"

    @abstractmethod
    def sample(self, rng: random.Random) -> Params:
        """Draw one parameter set (JSON-serialisable values only)."""

    @abstractmethod
    def question(self, p: Params) -> str:
        """Render the question text for a parameter set."""

    @abstractmethod
    def solve(self, p: Params) -> Worked:
        """Compute the gold answer and the worked steps for a parameter set."""

    def identity(self, p: Params) -> Params:
        """The parameters that make two instances 'the same question' (used for split disjointness)."""
        return p

    def key(self, p: Params) -> str:
        """A stable short hash of the template name and identity parameters."""
        blob = json.dumps([self.name, self.identity(p)], sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode()).hexdigest()[:12]

    def fields(self, worked: Worked, p: Params) -> dict[str, Any]:
        """Type-specific item fields besides ``gold`` (e.g. ``unit``, ``choices``)."""
        return {}

    def item(self, p: Params, suite: str) -> dict[str, Any]:
        """Build a complete schema-v1 item for a parameter set."""
        worked = self.solve(p)
        item: dict[str, Any] = {
            "id": f"{suite}-{self.name}-{self.key(p)}",
            "type": self.type,
            "question": self.question(p),
            "reference": {"reasoning": " ".join(worked.steps), "answer": worked.answer},
            "gold": worked.gold,
            **self.fields(worked, p),
            "suite": suite,
            "category": self.category,
            "difficulty": self.difficulty,
            "template": self.name,
            "params": p,
            "source": self.source,
        }
        if self.key_terms:
            item["key_terms"] = list(self.key_terms)
        if self.principles:
            item["principles"] = list(self.principles)
        return item


class NumericTemplate(Template):
    """A computation whose gold is one number.

    ``unit`` is ``"%"`` when gold is a percentage written in percent (``15`` means 15%),
    otherwise a display unit such as ``"$"``, ``"days"``, ``"times"`` or ``"units"``.
    ``tolerance`` is the relative tolerance the correctness scorer allows.
    """

    type = "numeric"
    unit: ClassVar[str | None] = "$"
    tolerance: ClassVar[float] = 0.001

    def fields(self, worked: Worked, p: Params) -> dict[str, Any]:
        out: dict[str, Any] = {"tolerance": self.tolerance}
        if self.unit:
            out["unit"] = self.unit
        return out


class JournalTemplate(Template):
    """A transaction whose gold is a balanced list of journal lines.

    Account names in ``gold`` are canonical names from ``rewards/accounts.yaml``.
    """

    type = "journal"


class ChoiceTemplate(Template):
    """A multiple-choice question; ``solve`` returns gold letter and ``extra["choices"]``."""

    type = "choice"

    def fields(self, worked: Worked, p: Params) -> dict[str, Any]:
        return {"choices": worked.extra["choices"]}


# ---- helpers shared by templates -------------------------------------------------------------


def money(x: float, decimals: int = 2) -> str:
    """Format an amount as ``$12,345.67`` (negative as ``-$1,234.00``)."""
    sign = "-" if x < 0 else ""
    return f"{sign}${abs(x):,.{decimals}f}"


def num(x: float, decimals: int = 2) -> str:
    """Format a plain number with thousands separators, dropping a ``.00`` tail."""
    s = f"{x:,.{decimals}f}"
    return s[: -(decimals + 1)] if decimals and s.endswith("." + "0" * decimals) else s


def round2(x: float) -> float:
    """Round half away from zero to cents (Python's ``round`` rounds half to even)."""
    from decimal import ROUND_HALF_UP, Decimal

    return float(Decimal(repr(x)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def line(account: str, *, debit: float | None = None, credit: float | None = None) -> dict[str, Any]:
    """One journal line: exactly one of ``debit`` or ``credit``."""
    if (debit is None) == (credit is None):
        raise ValueError("a journal line has exactly one of debit or credit")
    return {"account": account, "debit": round2(debit)} if debit is not None else {
        "account": account,
        "credit": round2(credit),  # type: ignore[arg-type]
    }


def journal_answer(lines: list[dict[str, Any]]) -> str:
    """Render journal lines as the canonical ``Dr``/``Cr`` answer text."""
    out = []
    for ln in lines:
        if "debit" in ln:
            out.append(f"Dr {ln['account']} {num(ln['debit'])}")
        else:
            out.append(f"Cr {ln['account']} {num(ln['credit'])}")
    return "\n".join(out)
