"""Building blocks for parameterised item templates.

A template draws parameters from a seeded RNG, renders a question from them and solves it in
code. The gold answer is never typed by hand: ``solve`` computes it, and every template has a
unit test that checks ``solve`` against a hand-worked textbook example.

Every item records ``steps``, the number of dependent computations in its textbook solution
(counted by :meth:`Template.count_steps`: by default the sentences of the worked solution that
compute a value, i.e. contain `` = ``, a balance check excepted; at least 1), and its
``difficulty`` follows from that count and from whether the question names the method
(:func:`difficulty_for`): the load is ``steps``, plus 1 when the method is not named; a load of
1–2 is ``easy``, 3–4 ``medium``, 5 or more ``hard``.
A numeric question that fixes its rounding ("round to the nearest cent", "two decimals") sets
``rounding`` to that step; the item then gets ``abs_tolerance`` = half the step plus
:data:`ROUNDING_SLACK` of it, and no relative band unless the template keeps one explicitly.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar

Params = dict[str, Any]
_SENTENCE_RE = re.compile(r"(?<=[.;])\s+(?=[A-Z])")

ROUNDING_SLACK = 0.1
"""The slack added to half a rounding step, as a fraction of the step (float noise, a
rounding done at an intermediate step)."""
COSMETIC_KEYS = frozenset({"wording", "company"})
"""Parameters that change how a question reads, not what it asks: never part of its identity."""


def difficulty_for(steps: int, method_named: bool) -> str:
    """``easy`` / ``medium`` / ``hard`` from the step count and whether the method is named."""
    load = steps + (0 if method_named else 1)
    return "easy" if load <= 2 else "medium" if load <= 4 else "hard"


def rounding_band(step: float) -> float:
    """The absolute band for an answer the question asks to round to ``step``."""
    return step / 2 + step * ROUNDING_SLACK


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
    method_named: ClassVar[bool] = True
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
        """The parameters that make two instances 'the same question' (used for split disjointness).

        Cosmetic parameters (:data:`COSMETIC_KEYS`) are left out.
        """
        return {k: v for k, v in p.items() if k not in COSMETIC_KEYS}

    def variant(self, p: Params, n: int) -> int:
        """A wording variant in ``range(n)`` fixed by the instance's identity (draws no random
        number, so adding wordings to a template leaves its sampled parameters unchanged)."""
        return int(self.key(p), 16) % n

    def count_steps(self, p: Params) -> int:
        """Dependent computations in this instance's worked solution: the sentences with `` = ``
        (a closing balance check excepted), at least 1."""
        sentences = (s for step in self.solve(p).steps for s in _SENTENCE_RE.split(step))
        return max(1, sum(" = " in s and not s.startswith("Check:") for s in sentences))

    def names_method(self, p: Params) -> bool:
        """Whether this instance's question names the method or formula (default: ``method_named``)."""
        return self.method_named

    def confusable(self, p: Params) -> bool:
        """Whether a typical error would be graded right on this instance (never, by default)."""
        return False

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
        steps = self.count_steps(p)
        item: dict[str, Any] = {
            "id": f"{suite}-{self.name}-{self.key(p)}",
            "type": self.type,
            "question": self.question(p),
            "reference": {"reasoning": " ".join(worked.steps), "answer": worked.answer},
            "gold": worked.gold,
            **self.fields(worked, p),
            "suite": suite,
            "category": self.category,
            "difficulty": difficulty_for(steps, self.names_method(p)),
            "steps": steps,
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
    ``rounding`` is the rounding step the question states (``0.01`` for cents or two decimals,
    ``1`` for the nearest dollar); it gives the item ``abs_tolerance`` (:func:`rounding_band`).
    ``tolerance`` is a relative band: used alone when ``rounding`` is ``None``, and beside the
    absolute one only when ``keep_relative`` is set (answers from rounded table factors).
    """

    type = "numeric"
    unit: ClassVar[str | None] = "$"
    tolerance: ClassVar[float] = 0.001
    rounding: ClassVar[float | None] = None
    keep_relative: ClassVar[bool] = False

    def rounding_step(self, p: Params) -> float | None:
        """The rounding step this instance's question states (default: ``rounding``)."""
        return self.rounding

    def exact(self, p: Params) -> float:
        """The unrounded answer (default: the gold itself, for golds that need no rounding)."""
        return float(self.solve(p).gold)

    def mistakes(self, p: Params) -> dict[str, float]:
        """The typical student errors of this template (those its docstring lists), computed for
        ``p``: each must fall outside the item's band."""
        return {}

    def band(self, p: Params) -> tuple[float, float]:
        """``(relative, absolute)`` band of this instance's item (the schema's rule)."""
        step = self.rounding_step(p)
        rel = self.tolerance if step is None or self.keep_relative else 0.0
        return rel, (rounding_band(step) if step is not None else 0.0)

    def within_band(self, p: Params, value: float) -> bool:
        """Whether ``value`` is graded right for instance ``p``."""
        gold = float(self.solve(p).gold)
        rel, absolute = self.band(p)
        return abs(value - gold) <= max(rel * abs(gold), absolute, 1e-9) * (1 + 1e-9)

    def confusable(self, p: Params) -> bool:
        """An instance where a typical error is graded right: generators skip it."""
        return any(self.within_band(p, v) for v in self.mistakes(p).values())

    def fields(self, worked: Worked, p: Params) -> dict[str, Any]:
        step = self.rounding_step(p)
        out: dict[str, Any] = {}
        rel, absolute = self.band(p)
        if rel or step is None:
            out["tolerance"] = rel
        if step is not None:
            out["abs_tolerance"] = round(absolute, 10)
        if self.unit:
            out["unit"] = self.unit
        return out


class JournalTemplate(Template):
    """A transaction whose gold is a balanced list of journal lines.

    Account names in ``gold`` are canonical names from ``rewards/accounts.yaml``. The question
    describes a transaction, never the entry, so the method counts as not named.
    """

    type = "journal"
    method_named = False


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
