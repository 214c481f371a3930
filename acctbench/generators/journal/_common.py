"""Shared pieces of the journal templates: cosmetic parameters, wording and balanced answers.

Cosmetic parameters (company names, days, years, wording variants) change how a question reads
but not what it asks, so they are left out of ``identity`` and two instances differing only in
them count as the same question when splits are made disjoint.
"""

from __future__ import annotations

import random
from typing import Any, ClassVar

from acctbench.generators.base import JournalTemplate, Params, Worked, journal_answer, money, round2

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
COMPANIES = (
    "Alder Company", "Beacon Corporation", "Cedar Trading Ltd.", "Delta Supply Inc.",
    "Everly Goods Co.", "Fjord Corporation", "Granite Outfitters Inc.", "Harbor Wholesale Co.",
    "Ironwood Ltd.", "Juniper Corporation", "Keystone Distributors", "Larkspur Inc.",
    "Maple Ridge Co.", "Northwind Traders", "Orchard Corporation", "Pinnacle Supply Co.",
    "Quarry Hill Inc.", "Riverside Ltd.", "Summit Corporation", "Tidewater Co.",
)
CUSTOMERS = ("R. Alvarez", "B. Chen", "K. Okafor", "M. Novak", "S. Patel", "J. Lindqvist",
             "T. Moreau", "A. Haddad", "L. Fischer", "D. Kowalski")
_ASKS = (
    "Prepare the journal entry to record {what}.",
    "Record {what} in the general journal.",
    "Give the journal entry for {what}.",
)
_LINES = " List each account with its debit or credit amount."


def amt(x: float) -> str:
    """``$12,000`` for whole dollars, ``$12,000.50`` otherwise."""
    return money(x, 0) if float(x).is_integer() else money(x)


def pct(rate: float) -> str:
    """A percentage without trailing zeros: ``7.5%``, ``8%``."""
    return f"{rate:g}%"


def books_of(company: str) -> str:
    """Whose books an entry is recorded in: ``Alder Company's books``, ``Northwind Traders' books``."""
    return company + ("'" if company.endswith("s") else "'s") + " books"


def day_of(rng: random.Random, last: int = 28) -> int:
    """A day of the month that exists in every month."""
    return rng.randint(1, last)


def cosmetics(rng: random.Random) -> dict[str, Any]:
    """The cosmetic parameters every journal template draws."""
    return {"company": rng.choice(COMPANIES), "year": rng.choice((2023, 2024, 2025)),
            "wording": rng.randrange(len(_ASKS))}


class JournalBase(JournalTemplate):
    """A journal template whose cosmetic parameters are excluded from its identity."""

    cosmetic: ClassVar[tuple[str, ...]] = ("company", "year", "wording", "day", "day2", "day3",
                                           "customer")

    def identity(self, p: Params) -> Params:
        return {k: v for k, v in p.items() if k not in self.cosmetic}

    @staticmethod
    def ask(p: Params, what: str, note: str = "") -> str:
        """The closing request, in one of a few equivalent wordings, plus an optional note."""
        request = _ASKS[p.get("wording", 0) % len(_ASKS)].format(what=what)
        return request + (f" {note}" if note else "") + _LINES


def finish(lines: list[dict[str, Any]], steps: list[str]) -> Worked:
    """Order lines debits first, drop zero lines, check the balance and render the answer."""
    kept = [ln for ln in lines if ln.get("debit", ln.get("credit")) != 0]
    ordered = [ln for ln in kept if "debit" in ln] + [ln for ln in kept if "credit" in ln]
    debits = round2(sum(ln["debit"] for ln in ordered if "debit" in ln))
    credits = round2(sum(ln["credit"] for ln in ordered if "credit" in ln))
    if abs(debits - credits) > 0.005:
        raise ValueError(f"unbalanced entry: debits {debits} != credits {credits}: {ordered}")
    check = f"Check: total debits {money(debits)} = total credits {money(credits)}."
    return Worked(gold=ordered, steps=[*steps, check], answer=journal_answer(ordered))
