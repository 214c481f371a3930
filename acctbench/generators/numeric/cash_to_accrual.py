"""Cash-to-accrual conversion templates.

Accrual revenue = cash collected + increase in receivables - increase in unearned revenue.
Accrual expense = cash paid + increase in payables - increase in prepaids.
"""

from __future__ import annotations

import random

from acctbench.generators.base import NumericTemplate, Params, Worked, money


def _without(p: Params, *names: str) -> Params:
    return {k: v for k, v in p.items() if k not in names}


def _balance(rng: random.Random, cash: int, share: int) -> int:
    """A balance in $500 steps of at most ``share`` percent of the year's cash flow."""
    return rng.randrange(0, cash * share // 100 // 500 + 1) * 500


def _change(label: str, begin: int, end: int, sign: int) -> tuple[int, str]:
    """The adjustment (signed) that a balance change makes to cash, and its explanation."""
    delta = end - begin
    effect = sign * delta
    if delta == 0:
        return 0, f"{label}: unchanged at {money(begin, 0)}, so no adjustment."
    direction = "increase" if delta > 0 else "decrease"
    op = "+" if effect >= 0 else "-"
    return effect, (
        f"{label}: {money(begin, 0)} → {money(end, 0)}, {direction} of {money(abs(delta), 0)}, "
        f"so {op} {money(abs(effect), 0)}."
    )


class AccrualRevenue(NumericTemplate):
    """Accrual-basis revenue from cash collections and changes in receivables and unearned revenue."""

    name = "cash_to_accrual_revenue"
    rounding = 0.01  # whole-dollar amounts, exact to the cent
    category = "cash_to_accrual"
    key_terms = ("accrual basis", "accounts receivable", "unearned revenue", "cash collections",
                 "revenue recognition")
    principles = ("accrual_basis", "revenue_recognition")

    _KINDS = {"service": "service revenue", "fees": "fee revenue", "sales": "sales revenue"}

    def sample(self, rng: random.Random) -> Params:
        cash = rng.randrange(100, 3000) * 1_000
        return {
            "cash": cash,
            "ar_begin": _balance(rng, cash, 25),
            "ar_end": _balance(rng, cash, 25),
            "ur_begin": _balance(rng, cash, 8),
            "ur_end": _balance(rng, cash, 8),
            "kind": rng.choice(sorted(self._KINDS)),
        }

    def identity(self, p: Params) -> Params:
        return _without(p, "kind")

    def question(self, p: Params) -> str:
        return (
            f"During the year a company collected {money(p['cash'], 0)} in cash from customers. Accounts "
            f"receivable were {money(p['ar_begin'], 0)} at the beginning of the year and "
            f"{money(p['ar_end'], 0)} at the end; unearned revenue was {money(p['ur_begin'], 0)} at the "
            f"beginning and {money(p['ur_end'], 0)} at the end. There were no write-offs of receivables. "
            f"What is {self._KINDS[p['kind']]} for the year on the accrual basis?"
        )

    def mistakes(self, p: Params) -> dict[str, float]:
        """Cash alone, the receivable change with the wrong sign, the unearned change with the wrong sign."""
        ar, ur = p["ar_end"] - p["ar_begin"], p["ur_end"] - p["ur_begin"]
        return {"cash only": float(p["cash"]), "receivables reversed": float(p["cash"] - ar - ur),
                "unearned reversed": float(p["cash"] + ar + ur)}

    def solve(self, p: Params) -> Worked:
        ar, ar_text = _change("Accounts receivable", p["ar_begin"], p["ar_end"], +1)
        ur, ur_text = _change("Unearned revenue", p["ur_begin"], p["ur_end"], -1)
        revenue = float(p["cash"] + ar + ur)
        return Worked(
            gold=revenue,
            steps=[
                "Accrual revenue = cash collected + increase in accounts receivable (earned, not yet "
                "collected) - increase in unearned revenue (collected, not yet earned).",
                ar_text,
                ur_text,
                f"Revenue = {money(p['cash'], 0)} {'+' if ar >= 0 else '-'} {money(abs(ar), 0)} "
                f"{'+' if ur >= 0 else '-'} {money(abs(ur), 0)} = {money(revenue)}.",
            ],
            answer=money(revenue),
        )


class AccrualExpense(NumericTemplate):
    """Accrual-basis expense from cash paid and changes in the related payable and prepaid."""

    name = "cash_to_accrual_expense"
    rounding = 0.01  # whole-dollar amounts, exact to the cent
    category = "cash_to_accrual"
    key_terms = ("accrual basis", "prepaid expense", "accrued liabilities", "cash payments",
                 "matching principle")
    principles = ("accrual_basis", "matching")

    _KINDS = {
        "rent": ("rent", "rent expense", "Rent Payable", "Prepaid Rent"),
        "insurance": ("insurance", "insurance expense", "Insurance Premiums Payable", "Prepaid Insurance"),
        "advertising": ("advertising", "advertising expense", "Advertising Payable", "Prepaid Advertising"),
        "operating": ("operating expenses", "total operating expenses", "Accrued Liabilities",
                      "Prepaid Expenses"),
    }

    def sample(self, rng: random.Random) -> Params:
        cash = rng.randrange(20, 1500) * 1_000
        return {
            "cash": cash,
            "payable_begin": _balance(rng, cash, 15),
            "payable_end": _balance(rng, cash, 15),
            "prepaid_begin": _balance(rng, cash, 15),
            "prepaid_end": _balance(rng, cash, 15),
            "kind": rng.choice(sorted(self._KINDS)),
        }

    def identity(self, p: Params) -> Params:
        return _without(p, "kind")

    def question(self, p: Params) -> str:
        what, label, payable, prepaid = self._KINDS[p["kind"]]
        return (
            f"During the year a company paid {money(p['cash'], 0)} in cash for {what}. {payable} was "
            f"{money(p['payable_begin'], 0)} at the beginning of the year and {money(p['payable_end'], 0)} "
            f"at the end; {prepaid} was {money(p['prepaid_begin'], 0)} at the beginning and "
            f"{money(p['prepaid_end'], 0)} at the end. What {label} should be reported for the "
            "year on the accrual basis?"
        )

    def mistakes(self, p: Params) -> dict[str, float]:
        """Cash alone, the payable change with the wrong sign, the prepaid change with the wrong sign."""
        pay, pre = p["payable_end"] - p["payable_begin"], p["prepaid_end"] - p["prepaid_begin"]
        return {"cash only": float(p["cash"]), "payable reversed": float(p["cash"] - pay - pre),
                "prepaid reversed": float(p["cash"] + pay + pre)}

    def solve(self, p: Params) -> Worked:
        _, _, payable, prepaid = self._KINDS[p["kind"]]
        pay, pay_text = _change(payable, p["payable_begin"], p["payable_end"], +1)
        pre, pre_text = _change(prepaid, p["prepaid_begin"], p["prepaid_end"], -1)
        expense = float(p["cash"] + pay + pre)
        return Worked(
            gold=expense,
            steps=[
                "Accrual expense = cash paid + increase in the payable (incurred, not yet paid) - "
                "increase in the prepaid (paid, not yet incurred).",
                pay_text,
                pre_text,
                f"Expense = {money(p['cash'], 0)} {'+' if pay >= 0 else '-'} {money(abs(pay), 0)} "
                f"{'+' if pre >= 0 else '-'} {money(abs(pre), 0)} = {money(expense)}.",
            ],
            answer=money(expense),
        )


TEMPLATES = [AccrualRevenue(), AccrualExpense()]
