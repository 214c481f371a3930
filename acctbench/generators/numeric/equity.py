"""Equity templates: basic earnings per share (ASC 260 / IAS 33) and the retained-earnings roll-forward."""

from __future__ import annotations

import calendar
import random
from fractions import Fraction

from acctbench.generators.base import NumericTemplate, Params, Worked, money, num, round2

_PREFERRED = {
    "declared": "The full preferred dividend for the year was declared and paid.",
    "cumulative_undeclared": "The preferred shares are cumulative; no dividends were declared "
    "this year.",
    "noncumulative_undeclared": "The preferred shares are noncumulative; no dividends were declared "
    "this year.",
}


class BasicEPS(NumericTemplate):
    """Basic EPS = (net income - preferred dividends) / weighted-average common shares outstanding.

    A per-share figure rounded to cents (band: half a cent plus slack). Typical errors: preferred
    dividends ignored (or deducted when noncumulative and undeclared), shares at year end instead
    of the weighted average, the issue weighted from the wrong month.
    """

    name = "equity_basic_eps"
    rounding = 0.01
    category = "equity"
    key_terms = ("earnings per share", "weighted-average common shares", "preferred dividends",
                 "income available to common shareholders")
    principles = ("full_disclosure", "comparability")

    def sample(self, rng: random.Random) -> Params:
        begin = rng.randrange(10, 300) * 10_000
        issued = rng.randrange(1, 25) * 12_000
        month = rng.randrange(2, 13)
        pref_shares = rng.randrange(1, 60) * 1_000
        par = rng.choice([25, 50, 100])
        rate = rng.choice([4, 5, 6, 7, 8])
        status = rng.choice(sorted(_PREFERRED))
        weighted = begin + issued * (13 - month) // 12
        deducted = pref_shares * par * rate // 100 if status != "noncumulative_undeclared" else 0
        eps_target = Fraction(rng.randrange(100, 800), 100)
        income = int(deducted + eps_target * weighted) // 1_000 * 1_000 + 1_000
        return {
            "net_income": income,
            "shares_begin": begin,
            "shares_issued": issued,
            "issue_month": month,
            "pref_shares": pref_shares,
            "pref_par": par,
            "pref_rate": rate,
            "pref_status": status,
        }

    def question(self, p: Params) -> str:
        pref = (
            f"Throughout the year it had {p['pref_shares']:,} shares of {p['pref_rate']}%, "
            f"{money(p['pref_par'], 0)} par value preferred stock outstanding. {_PREFERRED[p['pref_status']]}"
        )
        return (
            f"A company reported net income of {money(p['net_income'], 0)} for the calendar year. {pref} "
            f"It had {p['shares_begin']:,} common shares outstanding on January 1 and issued "
            f"{p['shares_issued']:,} additional common shares for cash on "
            f"{calendar.month_name[p['issue_month']]} 1. What is basic earnings per share for the year? "
            "Round to the nearest cent."
        )

    def _eps(self, p: Params, deducted: int, months: int) -> float:
        return float((p["net_income"] - deducted) / (p["shares_begin"] + Fraction(p["shares_issued"] * months, 12)))

    def exact(self, p: Params) -> float:
        annual = p["pref_shares"] * p["pref_par"] * p["pref_rate"] // 100
        return self._eps(p, 0 if p["pref_status"] == "noncumulative_undeclared" else annual, 13 - p["issue_month"])

    def mistakes(self, p: Params) -> dict[str, float]:
        """Preferred dividends handled the other way (ignored, or deducted when noncumulative and
        undeclared); year-end shares for the weighted average; one month too many."""
        annual = p["pref_shares"] * p["pref_par"] * p["pref_rate"] // 100
        months = 13 - p["issue_month"]
        deducted = 0 if p["pref_status"] == "noncumulative_undeclared" else annual
        return {"preferred dividends the other way": self._eps(p, annual - deducted, months),
                "year-end shares": self._eps(p, deducted, 12),
                "one month too many": self._eps(p, deducted, months + 1)}

    def solve(self, p: Params) -> Worked:
        months = 13 - p["issue_month"]
        weighted = p["shares_begin"] + Fraction(p["shares_issued"] * months, 12)
        annual_pref = p["pref_shares"] * p["pref_par"] * p["pref_rate"] // 100
        if p["pref_status"] == "noncumulative_undeclared":
            deducted, why = 0, ("Noncumulative preferred dividends that were not declared are not deducted"
                                " (no claim arises), so preferred dividends deducted = $0.")
        else:
            deducted = annual_pref
            basis = (
                "declared" if p["pref_status"] == "declared"
                else "cumulative, so deducted even though undeclared"
            )
            why = (f"Preferred dividends for the year ({basis}) = {p['pref_shares']:,} × "
                   f"{money(p['pref_par'], 0)} × {p['pref_rate']}% = {money(annual_pref, 0)}.")
        available = p["net_income"] - deducted
        eps = round2(float(available / weighted))
        return Worked(
            gold=eps,
            steps=[
                why,
                f"Income available to common shareholders = {money(p['net_income'], 0)} - "
                f"{money(deducted, 0)} = {money(available, 0)}.",
                f"Weighted-average common shares = {p['shares_begin']:,} + {p['shares_issued']:,} × "
                f"{months}/12 = {num(float(weighted), 0)}.",
                f"Basic EPS = {money(available, 0)} / {num(float(weighted), 0)} = {money(eps)} per share.",
            ],
            answer=money(eps),
        )


class RetainedEarningsRollForward(NumericTemplate):
    """Ending retained earnings = beginning + net income (or - net loss) - dividends declared."""

    name = "equity_retained_earnings"
    rounding = 0.01  # whole-dollar amounts, exact to the cent
    category = "equity"
    key_terms = ("retained earnings", "dividends declared", "net income", "statement of retained earnings")
    principles = ("accrual_basis", "double_entry")

    def sample(self, rng: random.Random) -> Params:
        while True:  # redraw the rare combination that would leave a deficit
            beginning = rng.randrange(100, 5000) * 1_000
            loss = rng.random() < 0.25
            result = (
                -rng.randrange(5, beginning // 4_000 + 6) * 1_000 if loss
                else rng.randrange(10, 2000) * 1_000
            )
            common = rng.randrange(1, 80) * 1_000
            preferred = rng.choice([0, 0, rng.randrange(1, 40) * 1_000])
            if beginning + result - common - preferred > 0:
                return {
                    "beginning": beginning,
                    "net_income": result,
                    "preferred_div": preferred,
                    "common_div": common,
                    "unpaid": rng.randrange(0, common // 1_000 + 1) * 1_000,
                }

    def question(self, p: Params) -> str:
        result = (
            f"net income of {money(p['net_income'], 0)}" if p["net_income"] >= 0
            else f"a net loss of {money(-p['net_income'], 0)}"
        )
        pref = f"{money(p['preferred_div'], 0)} on preferred stock and " if p["preferred_div"] else ""
        unpaid = (
            f" Of the common dividend, {money(p['unpaid'], 0)} was still unpaid at December 31 and will be "
            "paid in January." if p["unpaid"] else ""
        )
        return (
            f"A company's retained earnings were {money(p['beginning'], 0)} on January 1. For the year it "
            f"reported {result}. The board declared cash dividends of {pref}{money(p['common_div'], 0)} on "
            f"common stock during the year.{unpaid} What is the retained earnings balance at December 31?"
        )

    def mistakes(self, p: Params) -> dict[str, float]:
        """Only the paid dividends deducted; the loss added; preferred dividends left out."""
        dividends = p["preferred_div"] + p["common_div"]
        out = {"only paid dividends": float(p["beginning"] + p["net_income"] - dividends + p["unpaid"]),
               "net result sign flipped": float(p["beginning"] - p["net_income"] - dividends)}
        if p["preferred_div"]:
            out["preferred dividends left out"] = float(p["beginning"] + p["net_income"] - p["common_div"])
        return out

    def solve(self, p: Params) -> Worked:
        dividends = p["preferred_div"] + p["common_div"]
        ending = float(p["beginning"] + p["net_income"] - dividends)
        sign = "+" if p["net_income"] >= 0 else "-"
        label = "net income" if p["net_income"] >= 0 else "net loss"
        parts = (
            f"{money(p['preferred_div'], 0)} preferred + {money(p['common_div'], 0)} common = "
            if p["preferred_div"] else ""
        )
        return Worked(
            gold=ending,
            steps=[
                f"Dividends declared = {parts}{money(dividends, 0)}; retained earnings fall on "
                "declaration, whether or not the dividend has been paid (unpaid amounts sit in "
                "Dividends Payable).",
                f"Ending retained earnings = beginning {sign} {label} - dividends declared = "
                f"{money(p['beginning'], 0)} {sign} {money(abs(p['net_income']), 0)} - "
                f"{money(dividends, 0)} = {money(ending)}.",
            ],
            answer=money(ending),
        )


TEMPLATES = [BasicEPS(), RetainedEarningsRollForward()]
