"""Year-end adjusting-entry templates: deferrals (prepaids, unearned revenue) and accruals.

Accrual accounting (ASC 606 for revenue, the matching of expenses to periods) requires adjusting
entries so that revenue is recognised when earned and expenses when incurred, whatever the cash
timing.
"""

from __future__ import annotations

import calendar
import random
from fractions import Fraction

from acctbench.generators.base import NumericTemplate, Params, Worked, money, round2

_RATES = [3, 4, 4.5, 5, 5.5, 6, 6.5, 7, 7.5, 8, 9, 10, 12]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]


def _pct(rate: float) -> str:
    return f"{rate:g}%"


def _without(p: Params, *names: str) -> Params:
    return {k: v for k, v in p.items() if k not in names}


def _month(m: int) -> str:
    return calendar.month_name[m]


def _sample_deferral(rng: random.Random) -> Params:
    """A contract of ``term`` months starting on the 1st of ``start``, only partly used by Dec 31."""
    term = rng.choice([6, 12, 12, 18, 24, 36])
    start = rng.randrange(max(1, 14 - term), 13)
    return {"term": term, "start": start, "monthly": rng.randrange(2, 200) * 50,
            "ask": rng.choice(["used", "remaining"])}


def _deferral_steps(p: Params, used_label: str, left_label: str) -> tuple[int, int, int, list[str]]:
    total = p["monthly"] * p["term"]
    months = 13 - p["start"]
    used = p["monthly"] * months
    return total, used, total - used, [
        f"Amount per month = {money(total, 0)} / {p['term']} months = {money(p['monthly'], 0)}.",
        f"Months elapsed from {_month(p['start'])} 1 to December 31 = {months}.",
        f"{used_label} = {money(p['monthly'], 0)} × {months} = {money(used, 0)}.",
        f"{left_label} = {money(total, 0)} - {money(used, 0)} = {money(total - used, 0)} "
        f"({p['term'] - months} months remain).",
    ]


def _deferral_mistakes(p: Params) -> dict[str, float]:
    """One month too many or too few; the other balance (what was used for what remains, or back)."""
    months, total = 13 - p["start"], p["monthly"] * p["term"]

    def asked(used: int) -> float:
        return float(used if p["ask"] == "used" else total - used)

    return {"one month too many": asked(p["monthly"] * (months + 1)),
            "one month too few": asked(p["monthly"] * (months - 1)),
            "the other balance": total - asked(p["monthly"] * months)}


class PrepaidExpenseUsed(NumericTemplate):
    """Expense recognised (or prepaid balance left) for a prepayment partly consumed by year-end."""

    name = "adjust_prepaid_expense"
    rounding = 0.01  # whole-dollar amounts, exact to the cent
    category = "adjusting_entries"
    key_terms = ("prepaid expense", "adjusting entry", "expense recognition", "deferral")
    principles = ("matching", "accrual_basis", "time_period")

    _ITEMS = {
        "insurance": ("an insurance policy", "Prepaid Insurance", "Insurance Expense"),
        "rent": ("office rent paid in advance", "Prepaid Rent", "Rent Expense"),
        "software": ("a software subscription", "Prepaid Subscriptions", "Subscription Expense"),
        "advertising": ("an advertising contract", "Prepaid Advertising", "Advertising Expense"),
    }

    def sample(self, rng: random.Random) -> Params:
        return {**_sample_deferral(rng), "item": rng.choice(sorted(self._ITEMS))}

    def identity(self, p: Params) -> Params:
        return _without(p, "item")

    def question(self, p: Params) -> str:
        what, asset, expense = self._ITEMS[p["item"]]
        ask = (
            f"how much {expense} should the December 31 adjusting entry record for the year"
            if p["ask"] == "used"
            else f"what is the balance of {asset} after the December 31 adjusting entry"
        )
        return (
            f"On {_month(p['start'])} 1, a company paid {money(p['monthly'] * p['term'], 0)} in cash for "
            f"{what} covering {p['term']} months from that date, and debited {asset}. The fiscal year "
            f"ends December 31. Allocating the cost evenly by month, {ask}?"
        )

    def mistakes(self, p: Params) -> dict[str, float]:
        return _deferral_mistakes(p)

    def solve(self, p: Params) -> Worked:
        _, asset, expense = self._ITEMS[p["item"]]
        _, used, left, steps = _deferral_steps(p, f"{expense} for the year", f"Remaining {asset}")
        gold = float(used if p["ask"] == "used" else left)
        return Worked(gold=gold, steps=steps, answer=money(gold))


class UnearnedRevenueEarned(NumericTemplate):
    """Revenue earned (or unearned balance left) on an advance payment for a service contract."""

    name = "adjust_unearned_revenue"
    rounding = 0.01  # whole-dollar amounts, exact to the cent
    category = "adjusting_entries"
    key_terms = ("unearned revenue", "deferred revenue", "performance obligation", "adjusting entry")
    principles = ("revenue_recognition", "accrual_basis", "time_period")

    _ITEMS = {
        "maintenance": "a maintenance service contract",
        "consulting": "a consulting retainer",
        "rent": "rent from a tenant",
        "subscription": "an online subscription service",
    }

    def sample(self, rng: random.Random) -> Params:
        return {**_sample_deferral(rng), "item": rng.choice(sorted(self._ITEMS))}

    def identity(self, p: Params) -> Params:
        return _without(p, "item")

    def question(self, p: Params) -> str:
        ask = (
            "how much revenue has been earned for the year ending December 31"
            if p["ask"] == "used"
            else "what is the balance of Unearned Revenue after the December 31 adjusting entry"
        )
        return (
            f"On {_month(p['start'])} 1, a company received {money(p['monthly'] * p['term'], 0)} in cash "
            f"in advance for {self._ITEMS[p['item']]} covering {p['term']} months from that date, and "
            f"credited Unearned Revenue. The service is provided evenly over the term. Assuming the "
            f"fiscal year ends December 31, {ask}?"
        )

    def mistakes(self, p: Params) -> dict[str, float]:
        return _deferral_mistakes(p)

    def solve(self, p: Params) -> Worked:
        _, used, left, steps = _deferral_steps(p, "Revenue earned this year", "Unearned Revenue remaining")
        steps.append("Revenue is recognised as the service is performed, not when the cash arrives.")
        gold = float(used if p["ask"] == "used" else left)
        return Worked(gold=gold, steps=steps, answer=money(gold))


class AccruedInterestOnNote(NumericTemplate):
    """Interest accrued at year-end on an interest-bearing note: principal × rate × months / 12."""

    name = "adjust_accrued_interest"
    rounding = 0.01
    category = "adjusting_entries"
    key_terms = ("accrued interest", "note payable", "note receivable", "adjusting entry")
    principles = ("accrual_basis", "matching", "time_period")

    _SIDES = {
        "payable": ("borrowed {P} from a bank, signing a {t}-month, {r} note payable",
                    "interest expense (interest payable)"),
        "receivable": ("accepted a {t}-month, {r} note receivable of {P} from a customer",
                       "interest revenue (interest receivable)"),
    }

    def sample(self, rng: random.Random) -> Params:
        term = rng.choice([3, 4, 6, 9, 12, 18, 24])
        return {
            "principal": rng.randrange(5, 500) * 1_000,
            "rate": rng.choice(_RATES),
            "term": term,
            "elapsed": rng.randrange(1, min(term - 1, 11) + 1),
            "side": rng.choice(sorted(self._SIDES)),
        }

    def identity(self, p: Params) -> Params:
        return _without(p, "side")

    def question(self, p: Params) -> str:
        setup, what = self._SIDES[p["side"]]
        setup = setup.format(P=money(p["principal"], 0), t=p["term"], r=_pct(p["rate"]))
        return (
            f"On {_month(13 - p['elapsed'])} 1, a company {setup}. Principal and interest are due at "
            f"maturity. The fiscal year ends December 31. How much accrued {what} should the company "
            "record at December 31? Count time in whole months (months / 12) and round to the nearest cent."
        )

    def exact(self, p: Params) -> float:
        return float(p["principal"] * Fraction(str(p["rate"])) / 100 * Fraction(p["elapsed"], 12))

    def mistakes(self, p: Params) -> dict[str, float]:
        """Wrong month count, a full year's interest, the whole term's interest."""
        year = float(p["principal"] * Fraction(str(p["rate"])) / 100)
        return {"one month too many": year * (p["elapsed"] + 1) / 12, "a full year": year,
                "the whole term": year * p["term"] / 12}

    def solve(self, p: Params) -> Worked:
        interest = round2(float(p["principal"] * Fraction(str(p["rate"])) / 100 * Fraction(p["elapsed"], 12)))
        return Worked(
            gold=interest,
            steps=[
                f"Months outstanding from {_month(13 - p['elapsed'])} 1 to December 31 = {p['elapsed']}.",
                f"Accrued interest = principal × annual rate × months/12 = {money(p['principal'], 0)} × "
                f"{_pct(p['rate'])} × {p['elapsed']}/12 = {money(interest)}.",
                "The interest has been "
                + ("incurred but not yet paid" if p["side"] == "payable" else "earned but not yet received")
                + ", so it is accrued at year-end.",
            ],
            answer=money(interest),
        )


class AccruedWages(NumericTemplate):
    """Wages earned by employees but unpaid at year-end (days worked since the last payday)."""

    name = "adjust_accrued_wages"
    rounding = 0.01
    category = "adjusting_entries"
    key_terms = ("accrued wages", "wages payable", "adjusting entry", "accrued liability")
    principles = ("accrual_basis", "matching", "time_period")

    def sample(self, rng: random.Random) -> Params:
        workdays = rng.choice([5, 5, 6])
        return {
            "weekly_payroll": rng.randrange(4, 200) * 500,
            "workdays": workdays,
            "days_accrued": rng.randrange(1, workdays),
        }

    def question(self, p: Params) -> str:
        payday = _WEEKDAYS[p["workdays"] - 1]
        year_end = _WEEKDAYS[p["days_accrued"] - 1]
        return (
            f"A company's employees work Monday through {payday}, {p['workdays']} days a week, and earn "
            f"total wages of {money(p['weekly_payroll'], 0)} a week (the same amount each day). They are "
            f"paid every {payday} for the week just worked. The fiscal year ends on December 31, which "
            f"falls on a {year_end}. What amount of accrued wages should be recorded at December 31? "
            "Round to the nearest cent."
        )

    def exact(self, p: Params) -> float:
        return p["weekly_payroll"] * p["days_accrued"] / p["workdays"]

    def mistakes(self, p: Params) -> dict[str, float]:
        """A full week accrued, one day too many, a seven-day week."""
        w, d = p["weekly_payroll"], p["days_accrued"]
        return {"a full week": float(w), "one day too many": w * (d + 1) / p["workdays"],
                "a seven-day week": w * d / 7}

    def solve(self, p: Params) -> Worked:
        daily = Fraction(p["weekly_payroll"], p["workdays"])
        accrued = round2(float(daily * p["days_accrued"]))
        days = ", ".join(_WEEKDAYS[: p["days_accrued"]])
        return Worked(
            gold=accrued,
            steps=[
                f"Daily wages = {money(p['weekly_payroll'], 0)} / {p['workdays']} = "
                f"{money(round2(float(daily)))}.",
                f"Days worked since the last payday and unpaid at December 31: {days} = "
                f"{p['days_accrued']} day(s).",
                f"Accrued wages = {money(p['weekly_payroll'], 0)} × {p['days_accrued']}/{p['workdays']} = "
                f"{money(accrued)} (Dr Wages Expense, Cr Wages Payable).",
            ],
            answer=money(accrued),
        )


TEMPLATES = [PrepaidExpenseUsed(), UnearnedRevenueEarned(), AccruedInterestOnNote(), AccruedWages()]
