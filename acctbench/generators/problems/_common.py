"""Shared machinery of the multi-step problem templates.

A problem template solves its question with a :class:`Calc`, which records each dependent
computation of the textbook solution (``steps`` counts them) and keeps explanatory notes apart.
Every template lists its typical student errors in its docstring and computes them in
``mistakes``; ``sample`` redraws until each misses the gold by several bands, so a wrong method
never passes. The band is absolute: half the rounding step the question states plus the base
module's slack (``abs_tolerance``), with no relative band. ``category`` is the template name.

Cosmetic parameters (company name, wording) change how a question reads, not what it asks: the
base ``identity`` leaves them out, so train and test never share a parameter set.
"""

from __future__ import annotations

import random
from abc import abstractmethod
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, ClassVar

from acctbench.generators.base import JournalTemplate, NumericTemplate, Params, Worked, money, rounding_band

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
MAX_DRAWS = 500
"""Redraws allowed before a template gives up finding parameters whose errors stay clear."""
ERROR_MARGIN = 3.0
"""A typical error must miss the gold by more than this many bands."""
JOURNAL_MARGIN = 0.01
"""A journal error must move some account's merged amount by more than this share (twice the
journal grader's 0.5% amount tolerance), or add or drop an account."""

_STEMS = (
    "Abbott", "Acorn", "Aldridge", "Amberly", "Anchor", "Arden", "Ashby", "Aspen", "Atlas", "Avalon",
    "Bayfield", "Beckett", "Birchwood", "Blackstone", "Bramble", "Briar", "Brookline", "Calder",
    "Cambria", "Canyon", "Carver", "Cascade", "Chandler", "Clearwater", "Cobalt", "Copper",
    "Corbin", "Crestview", "Dalton", "Dawson", "Driftwood", "Dunmore", "Eastgate", "Elmhurst",
    "Ember", "Fairhaven", "Falcon", "Fenwick", "Fox Hollow", "Galloway", "Garnet", "Glenrock",
    "Goldfinch", "Hadley", "Halcyon", "Hawthorne", "Heron", "Highland", "Hollis", "Inglewood",
    "Ivory", "Jasper", "Kestrel", "Kingsley", "Lakeshore", "Langford", "Laurel", "Lindon",
    "Lockwood", "Meridian", "Millbrook", "Monarch", "Morrow", "Nash", "Northgate", "Oakmont",
    "Osprey", "Palisade", "Pembroke", "Pioneer", "Prescott", "Quill", "Radcliffe", "Redwood",
    "Rockport", "Rowan", "Saltmarsh", "Sawyer", "Seaview", "Sheffield", "Silverton", "Stafford",
    "Sterling", "Stonebridge", "Sutton", "Thornton", "Timber", "Trident", "Union Point", "Vale",
    "Vantage", "Westbrook", "Whitmore", "Willow", "Winslow", "Yardley", "Zenith",
)
_SUFFIXES = ("Company", "Corporation", "Inc.", "Ltd.", "Industries", "Group", "Holdings",
             "Manufacturing", "Supply Co.", "Partners")


def company_name(rng: random.Random) -> str:
    """One of ~1,000 fictitious company names."""
    return f"{rng.choice(_STEMS)} {rng.choice(_SUFFIXES)}"


def poss(name: str) -> str:
    """The possessive of a name: ``Acme Inc.'s``, ``Harbor Partners'``."""
    return name + ("'" if name.endswith("s") else "'s")


def article(n: int) -> str:
    """``an`` before a number read with a vowel sound (8, 11, 18, 80-89), else ``a``."""
    return "an" if str(n).startswith("8") or n in (11, 18) else "a"


def annuity(rate: float, n: int) -> float:
    """PV of an ordinary annuity of 1 for ``n`` periods at ``rate`` (a fraction)."""
    return (1 - (1 + rate) ** -n) / rate


def round_to(x: float, step: float) -> float:
    """Round half away from zero to a multiple of ``step`` (``1``, ``0.01``, ``0.1``)."""
    q = Decimal(repr(step))
    return float((Decimal(repr(float(x))) / q).quantize(Decimal(1), rounding=ROUND_HALF_UP) * q)


def cents(x: float) -> float:
    """Round half away from zero to the cent."""
    return round_to(x, 0.01)


def dollars(x: float) -> float:
    """Round half away from zero to the dollar."""
    return round_to(x, 1)


def m0(x: float) -> str:
    """``$12,345`` (whole dollars)."""
    return money(x, 0)


def pct(rate: float) -> str:
    """A percentage without trailing zeros: ``7.5%``."""
    return f"{rate:g}%"


@dataclass
class Calc:
    """The worked solution: each ``step`` is one dependent computation, ``note`` explains."""

    lines: list[str] = field(default_factory=list)
    count: int = 0

    def step(self, text: str, count: int = 1) -> None:
        """Record a line holding ``count`` computations (one by default)."""
        self.lines.append(text)
        self.count += count

    def note(self, text: str) -> None:
        """Record an explanation that computes nothing."""
        self.lines.append(text)


class _Problem:
    """Behaviour shared by numeric and journal problems: cosmetics, wordings, steps."""

    name: ClassVar[str]
    wordings: ClassVar[int] = 3
    naming_wordings: ClassVar[tuple[int, ...]] = ()
    """Indices of the wordings that name the method (the rest leave it to the solver)."""
    source: ClassVar[str] = "acctbench problem template"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "name" in cls.__dict__:
            cls.category = cls.name  # type: ignore[misc]

    @abstractmethod
    def draw(self, rng: random.Random) -> Params:
        """Draw the substantive parameters (JSON-serialisable)."""

    @abstractmethod
    def work(self, p: Params) -> tuple[Any, Calc, str]:
        """Solve: ``(gold, calc, answer text)``."""

    def solve(self, p: Params) -> Worked:
        gold, calc, answer = self.work(p)
        return Worked(gold=gold, steps=calc.lines, answer=answer)

    def count_steps(self, p: Params) -> int:
        return self.work(p)[1].count

    def names_method(self, p: Params) -> bool:
        return p.get("wording", 0) in self.naming_wordings

    def acceptable(self, p: Params) -> bool:
        """Whether a drawn parameter set makes a fair question (override to add checks)."""
        return True

    def sample(self, rng: random.Random) -> Params:
        for _ in range(MAX_DRAWS):
            p = self.draw(rng)
            if self.acceptable(p):
                return {**p, "company": company_name(rng), "wording": rng.randrange(self.wordings)}
        raise RuntimeError(f"{self.name}: no acceptable parameters in {MAX_DRAWS} draws")


class NumericProblem(_Problem, NumericTemplate):
    """A multi-step computation with one gold number, rounded to ``rounding`` in the question.

    ``signed`` templates may have a negative gold (a loss, an unfavourable NPV); the others
    redraw until it is positive.
    """

    rounding: ClassVar[float] = 1.0
    signed: ClassVar[bool] = False

    @abstractmethod
    def mistakes(self, p: Params) -> dict[str, float]:
        """The final answers the typical student errors (see the docstring) produce."""

    def exact(self, p: Params) -> float:
        """The answer before the final rounding the question asks for (default: the gold)."""
        return float(self.work(p)[0])

    def acceptable(self, p: Params) -> bool:
        gold = self.work(p)[0]
        margin = ERROR_MARGIN * rounding_band(self.rounding)
        return (gold != 0 if self.signed else gold > 0) and all(
            abs(wrong - gold) > margin for wrong in self.mistakes(p).values()
        )


class JournalProblem(_Problem, JournalTemplate):
    """A sequence of transactions recorded as one list of journal lines."""

    @abstractmethod
    def mistakes(self, p: Params) -> dict[str, list[dict[str, Any]]]:
        """The entry lists the typical student errors (see the docstring) produce."""

    def acceptable(self, p: Params) -> bool:
        gold = merged(self.work(p)[0])
        return all(_differs(gold, merged(wrong)) for wrong in self.mistakes(p).values())


def merged(lines: list[dict[str, Any]]) -> dict[tuple[str, str], float]:
    """Journal lines summed by ``(account, side)``, as the journal grader compares them."""
    out: dict[tuple[str, str], float] = {}
    for ln in lines:
        side = "debit" if "debit" in ln else "credit"
        out[(ln["account"], side)] = out.get((ln["account"], side), 0.0) + ln[side]
    return out


def _differs(gold: dict[tuple[str, str], float], wrong: dict[tuple[str, str], float]) -> bool:
    if gold.keys() != wrong.keys():
        return True
    return any(abs(wrong[k] - v) > JOURNAL_MARGIN * abs(v) for k, v in gold.items())
