"""Allowance-method templates for uncollectible receivables (ASC 310-10 / ASC 326, IFRS 9 5.5).

Under the balance-sheet approaches (percentage of receivables, aging) the estimate is the required
ending allowance, so the expense is the adjustment that brings the unadjusted balance to it. Under
the income-statement approach (percentage of sales) the expense is the estimate itself and the
existing allowance balance is ignored.
"""

from __future__ import annotations

import random
from fractions import Fraction

from acctbench.generators.base import NumericTemplate, Params, Worked, money, round2

_RECEIVABLE_RATES = [1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8]
_AGING = [
    ("not yet due", [0.5, 1, 1.5, 2]),
    ("1-30 days past due", [2, 3, 4, 5]),
    ("31-60 days past due", [6, 8, 10, 12]),
    ("61-90 days past due", [15, 20, 25, 30]),
    ("over 90 days past due", [40, 50, 60, 70]),
]


def _pct(rate: float) -> str:
    return f"{rate:g}%"


def _sample_existing(rng: random.Random, required: Fraction) -> tuple[str, int]:
    """An unadjusted allowance balance: a credit below the required amount, or a debit."""
    side = rng.choice(["credit", "debit"])
    cap = max(1, int(required * Fraction(3, 4)) // 100)
    return side, rng.randrange(1, cap + 1) * 100


def _balance_errors(required: Fraction, side: str, existing: int) -> dict[str, float]:
    """The required balance booked as the expense; the unadjusted balance on the wrong side."""
    flipped = required + existing if side == "credit" else required - existing
    return {"required balance as the expense": float(required),
            "unadjusted balance on the wrong side": float(flipped)}


def _adjustment_steps(required: Fraction, side: str, existing: int) -> tuple[float, str]:
    """Bad debt expense needed to move an unadjusted balance to the required credit balance."""
    req = round2(float(required))
    if side == "credit":
        expense = round2(float(required - existing))
        return expense, (
            f"The allowance already has a {money(existing, 0)} credit balance, so bad debt expense = "
            f"{money(req)} - {money(existing, 0)} = {money(expense)}."
        )
    expense = round2(float(required + existing))
    return expense, (
        f"The allowance has a {money(existing, 0)} debit balance (write-offs exceeded the prior estimate), "
        f"so bad debt expense = {money(req)} + {money(existing, 0)} = {money(expense)}."
    )


class PercentOfReceivables(NumericTemplate):
    """Bad debt expense (or net realisable value) under the percentage-of-receivables method."""

    name = "receivables_percent_of_receivables"
    rounding = 0.01
    category = "receivables"
    key_terms = ("allowance for doubtful accounts", "bad debt expense", "percentage-of-receivables",
                 "net realizable value")
    principles = ("matching", "conservatism", "accrual_basis")

    def sample(self, rng: random.Random) -> Params:
        receivables = rng.randrange(40, 2000) * 1_000
        rate = rng.choice(_RECEIVABLE_RATES)
        side, existing = _sample_existing(rng, receivables * Fraction(str(rate)) / 100)
        return {
            "receivables": receivables,
            "rate": rate,
            "side": side,
            "existing": existing,
            "ask": rng.choice(["expense", "expense", "net_realizable_value"]),
        }

    def question(self, p: Params) -> str:
        ask = (
            "What bad debt expense should the company record in the year-end adjusting entry?"
            if p["ask"] == "expense"
            else "After the adjusting entry, what is the net realizable value of accounts receivable?"
        )
        return (
            f"At December 31, before adjustment, Accounts Receivable has a balance of "
            f"{money(p['receivables'], 0)} and Allowance for Doubtful Accounts has a "
            f"{money(p['existing'], 0)} {p['side']} balance. Using the percentage-of-receivables method, "
            f"the company estimates that {_pct(p['rate'])} of ending receivables will be uncollectible. "
            f"{ask} Round to the nearest cent."
        )

    def exact(self, p: Params) -> float:
        required = p["receivables"] * Fraction(str(p["rate"])) / 100
        if p["ask"] == "expense":
            return float(required - p["existing"] if p["side"] == "credit" else required + p["existing"])
        return float(p["receivables"] - required)

    def mistakes(self, p: Params) -> dict[str, float]:
        """The required balance booked as the expense; the unadjusted balance on the wrong side;
        (net realisable value) the receivables less the expense instead of the allowance."""
        required = p["receivables"] * Fraction(str(p["rate"])) / 100
        errors = _balance_errors(required, p["side"], p["existing"])
        if p["ask"] == "expense":
            return errors
        return {"receivables less the expense": p["receivables"] - self.exact({**p, "ask": "expense"}),
                "gross receivables": float(p["receivables"])}

    def solve(self, p: Params) -> Worked:
        required = p["receivables"] * Fraction(str(p["rate"])) / 100
        req = round2(float(required))
        steps = [
            f"Required ending allowance = {money(p['receivables'], 0)} × {_pct(p['rate'])} = {money(req)}"
            " (a credit balance)."
        ]
        if p["ask"] == "expense":
            expense, step = _adjustment_steps(required, p["side"], p["existing"])
            return Worked(gold=expense, steps=[*steps, step], answer=money(expense))
        nrv = round2(float(p["receivables"] - required))
        steps.append(
            f"Net realizable value = accounts receivable - adjusted allowance = {money(p['receivables'], 0)}"
            f" - {money(req)} = {money(nrv)} (the unadjusted allowance balance does not matter)."
        )
        return Worked(gold=nrv, steps=steps, answer=money(nrv))


class AgingOfReceivables(NumericTemplate):
    """Bad debt expense from an aging schedule, adjusting for the unadjusted allowance balance."""

    name = "receivables_aging"
    rounding = 0.01
    category = "receivables"
    key_terms = ("aging of accounts receivable", "allowance for doubtful accounts", "bad debt expense",
                 "estimated uncollectible")
    principles = ("matching", "conservatism", "accrual_basis")

    def sample(self, rng: random.Random) -> Params:
        amounts = [rng.randrange(20, 600) * 1_000]
        for _ in _AGING[1:]:  # older groups are smaller: each at most about half the previous one
            amounts.append(rng.randrange(1, max(2, amounts[-1] // 2_000)) * 1_000)
        rates = [rng.choice(options) for _, options in _AGING]
        required = sum(a * Fraction(str(r)) / 100 for a, r in zip(amounts, rates))
        side, existing = _sample_existing(rng, required)
        return {"amounts": amounts, "rates": rates, "side": side, "existing": existing}

    def question(self, p: Params) -> str:
        rows = "; ".join(
            f"{label}: {money(a, 0)} ({_pct(r)} estimated uncollectible)"
            for (label, _), a, r in zip(_AGING, p["amounts"], p["rates"])
        )
        return (
            f"A company's December 31 aging schedule of accounts receivable shows — {rows}. Before "
            f"adjustment, Allowance for Doubtful Accounts has a {money(p['existing'], 0)} {p['side']} "
            "balance. Using the aging method, what bad debt expense should the company record for the "
            "year? Round to the nearest cent."
        )

    def exact(self, p: Params) -> float:
        required = sum(a * Fraction(str(r)) / 100 for a, r in zip(p["amounts"], p["rates"]))
        return float(required - p["existing"] if p["side"] == "credit" else required + p["existing"])

    def mistakes(self, p: Params) -> dict[str, float]:
        """The required balance booked as the expense; the unadjusted balance on the wrong side;
        one rate applied to the whole balance (the not-yet-due rate)."""
        required = sum(a * Fraction(str(r)) / 100 for a, r in zip(p["amounts"], p["rates"]))
        errors = _balance_errors(required, p["side"], p["existing"])
        one_rate = sum(p["amounts"]) * Fraction(str(p["rates"][0])) / 100
        errors["one rate for all"] = float(one_rate - p["existing"] if p["side"] == "credit" else one_rate + p["existing"])
        return errors

    def solve(self, p: Params) -> Worked:
        parts = [a * Fraction(str(r)) / 100 for a, r in zip(p["amounts"], p["rates"])]
        required = sum(parts, Fraction(0))
        lines = ", ".join(
            f"{money(a, 0)} × {_pct(r)} = {money(round2(float(x)))}"
            for a, r, x in zip(p["amounts"], p["rates"], parts)
        )
        expense, step = _adjustment_steps(required, p["side"], p["existing"])
        return Worked(
            gold=expense,
            steps=[
                f"Estimated uncollectible by age group: {lines}.",
                f"Required ending allowance (credit) = sum = {money(round2(float(required)))}.",
                step,
            ],
            answer=money(expense),
        )


class PercentOfSales(NumericTemplate):
    """Bad debt expense = credit sales × rate; the existing allowance balance is irrelevant."""

    name = "receivables_percent_of_sales"
    rounding = 0.01
    category = "receivables"
    key_terms = ("percentage-of-sales", "bad debt expense", "credit sales",
                 "allowance for doubtful accounts")
    principles = ("matching", "accrual_basis")

    def sample(self, rng: random.Random) -> Params:
        credit_sales = rng.randrange(100, 5000) * 1_000
        return {
            "credit_sales": credit_sales,
            "cash_sales": rng.randrange(0, 1000) * 1_000,
            "rate": rng.choice([0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3]),
            "side": rng.choice(["credit", "debit"]),
            "existing": rng.randrange(1, 100) * 100,
        }

    def question(self, p: Params) -> str:
        return (
            f"During the year a company had total sales of {money(p['credit_sales'] + p['cash_sales'], 0)}, "
            f"of which {money(p['cash_sales'], 0)} were cash sales and the rest on credit. Before "
            f"adjustment, Allowance for Doubtful Accounts has a {money(p['existing'], 0)} {p['side']} "
            f"balance. The company uses the percentage-of-sales method and estimates bad debts at "
            f"{_pct(p['rate'])} of credit sales. What bad debt expense should it record for the year? "
            "Round to the nearest cent."
        )

    def exact(self, p: Params) -> float:
        return float(p["credit_sales"] * Fraction(str(p["rate"])) / 100)

    def mistakes(self, p: Params) -> dict[str, float]:
        """Cash sales included; the unadjusted allowance adjusted for (a balance-sheet approach)."""
        expense = self.exact(p)
        adjusted = expense - p["existing"] if p["side"] == "credit" else expense + p["existing"]
        out = {"allowance balance adjusted for": adjusted}
        if p["cash_sales"]:
            out["cash sales included"] = float((p["credit_sales"] + p["cash_sales"]) * Fraction(str(p["rate"])) / 100)
        return out

    def solve(self, p: Params) -> Worked:
        expense = round2(float(p["credit_sales"] * Fraction(str(p["rate"])) / 100))
        total = p["credit_sales"] + p["cash_sales"]
        return Worked(
            gold=expense,
            steps=[
                f"Credit sales = {money(total, 0)} - {money(p['cash_sales'], 0)} = "
                f"{money(p['credit_sales'], 0)}.",
                f"Bad debt expense = {money(p['credit_sales'], 0)} × {_pct(p['rate'])} = {money(expense)}.",
                "Under the percentage-of-sales (income statement) approach the unadjusted allowance "
                f"balance of {money(p['existing'], 0)} is ignored in computing the expense.",
            ],
            answer=money(expense),
        )


TEMPLATES = [PercentOfReceivables(), AgingOfReceivables(), PercentOfSales()]
