"""Income and cash-flow problems: net income after adjusting entries, operating cash flow by
the indirect method (ASC 230-10-45-28, IAS 7.18(b)) and bad-debt expense from an aging schedule.
"""

from __future__ import annotations

import random

from acctbench.generators.base import Params
from acctbench.generators.problems._common import MONTHS, Calc, NumericProblem, dollars, m0, poss

class TrialBalanceNetIncome(NumericProblem):
    """Net income from an unadjusted trial balance after five year-end adjustments.

    Adjustments: supplies used (balance less count), insurance expired for the months since the
    policy began, unearned revenue earned, wages accrued, depreciation. Typical errors: the
    unadjusted figures used as they stand; the supplies on hand expensed instead of the supplies
    used; a full year of insurance expensed; the earned part of unearned revenue left out; the
    accrued wages left out.
    """

    name = "trial_balance_net_income"
    key_terms = ("adjusting entries", "unadjusted trial balance", "accrued expenses", "deferred revenue",
                 "prepaid expenses", "net income")
    principles = ("accrual_basis", "matching", "revenue_recognition")

    def draw(self, rng: random.Random) -> Params:
        return {
            "revenue": rng.randrange(300, 900) * 1000, "unearned": rng.randrange(12, 80) * 1000,
            "earned_pct": rng.choice((25, 40, 60, 75)), "wages": rng.randrange(120, 400) * 1000,
            "rent": rng.randrange(24, 96) * 1000, "utilities": rng.randrange(6, 30) * 1000,
            "supplies": rng.randrange(40, 160) * 100, "on_hand": rng.randrange(8, 35) * 100,
            "insurance": rng.choice((6000, 7200, 9600, 12000, 14400, 18000)),
            "policy_month": rng.randrange(2, 11), "accrued_wages": rng.randrange(20, 120) * 100,
            "depreciation": rng.randrange(50, 300) * 100,
        }

    def question(self, p: Params) -> str:
        asks = (
            "After the year-end adjusting entries, what is net income for the year? Round to the nearest dollar.",
            "Prepare the adjusting entries and compute the net income the income statement will report "
            "for the year, to the nearest dollar.",
            f"What net income should {p['company']} report for the year (nearest dollar)?",
        )
        return (
            f"{poss(p['company'])} unadjusted trial balance at December 31 shows: Service Revenue "
            f"{m0(p['revenue'])}; Unearned Service Revenue {m0(p['unearned'])}; Supplies {m0(p['supplies'])}; "
            f"Prepaid Insurance {m0(p['insurance'])}; Salaries and Wages Expense {m0(p['wages'])}; Rent "
            f"Expense {m0(p['rent'])}; Utilities Expense {m0(p['utilities'])}. No adjusting entries have been "
            f"made this year. Additional information: a count shows {m0(p['on_hand'])} of supplies on hand; "
            f"the prepaid insurance is a one-year policy bought on {MONTHS[p['policy_month'] - 1]} 1 "
            f"of this year; {p['earned_pct']}% of the unearned service revenue has been earned; employees "
            f"have earned {m0(p['accrued_wages'])} of wages not yet paid; depreciation for the year is "
            f"{m0(p['depreciation'])}. " + asks[p["wording"]]
        )

    def _parts(self, p: Params) -> dict[str, float]:
        months = 13 - p["policy_month"]
        return {
            "supplies": p["supplies"] - p["on_hand"], "months": months,
            "insurance": p["insurance"] * months / 12, "earned": p["unearned"] * p["earned_pct"] / 100,
        }

    def _income(self, p: Params, parts: dict[str, float]) -> float:
        revenue = p["revenue"] + parts["earned"]
        expenses = (p["wages"] + p["accrued_wages"] + p["rent"] + p["utilities"] + parts["supplies"]
                    + parts["insurance"] + p["depreciation"])
        return revenue - expenses

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c, q = Calc(), self._parts(p)
        c.step(f"Supplies used = {m0(p['supplies'])} - {m0(p['on_hand'])} on hand = {m0(q['supplies'])}.")
        c.step(f"Insurance expired = {m0(p['insurance'])} × {q['months']}/12 = {m0(q['insurance'])}.")
        c.step(f"Unearned revenue earned = {m0(p['unearned'])} × {p['earned_pct']}% = {m0(q['earned'])}.")
        revenue = p["revenue"] + q["earned"]
        c.step(f"Total revenue = {m0(p['revenue'])} + {m0(q['earned'])} = {m0(revenue)}.")
        expenses = revenue - self._income(p, q)
        c.step(f"Total expenses = wages {m0(p['wages'])} + accrued wages {m0(p['accrued_wages'])} + rent "
               f"{m0(p['rent'])} + utilities {m0(p['utilities'])} + supplies {m0(q['supplies'])} + insurance "
               f"{m0(q['insurance'])} + depreciation {m0(p['depreciation'])} = {m0(expenses)}.")
        income = dollars(self._income(p, q))
        c.step(f"Net income = {m0(revenue)} - {m0(expenses)} = {m0(income)}.")
        return float(income), c, m0(income)

    def mistakes(self, p: Params) -> dict[str, float]:
        q = self._parts(p)
        gold = self._income(p, q)
        return {
            "unadjusted": float(dollars(p["revenue"] - p["wages"] - p["rent"] - p["utilities"])),
            "on_hand_expensed": float(dollars(gold + q["supplies"] - p["on_hand"])),
            "full_year_insurance": float(dollars(gold + q["insurance"] - p["insurance"])),
            "unearned_left_out": float(dollars(gold - q["earned"])),
            "accrued_wages_left_out": float(dollars(gold + p["accrued_wages"])),
        }


_WC = (("accounts receivable", "ar", -1), ("inventory", "inventory", -1), ("prepaid expenses", "prepaid", -1),
       ("accounts payable", "ap", 1), ("accrued liabilities", "accrued", 1))


class OperatingCashFlowIndirect(NumericProblem):
    """Net cash from operating activities, indirect method.

    Net income, plus depreciation, plus a loss (or less a gain) on an equipment sale, then the
    changes in five working-capital accounts; dividends paid and equipment bought are financing
    and investing flows. Typical errors: working-capital signs reversed; the gain added (or the
    loss deducted); dividends paid deducted; depreciation left out.
    """

    name = "operating_cash_flow_indirect"
    naming_wordings = (0,)
    key_terms = ("indirect method", "operating activities", "working capital", "noncash expenses",
                 "statement of cash flows")
    principles = ("accrual_basis",)

    def draw(self, rng: random.Random) -> Params:
        bal = {key: [rng.randrange(10, 300) * 100 for _ in range(2)] for _, key, _ in _WC}
        return {
            "net_income": rng.randrange(60, 900) * 1000, "depreciation": rng.randrange(10, 120) * 1000,
            "disposal": rng.choice((-1, 1)) * rng.randrange(2, 40) * 500, "balances": bal,
            "dividends": rng.randrange(5, 80) * 1000, "capex": rng.randrange(20, 200) * 1000,
        }

    def question(self, p: Params) -> str:
        b = p["balances"]
        gl = "gain" if p["disposal"] > 0 else "loss"
        rows = "; ".join(f"{label} {m0(b[key][0])} → {m0(b[key][1])}" for label, key, _ in _WC)
        asks = (
            "Using the indirect method, what is net cash provided by operating activities? Nearest dollar.",
            "How much cash did operating activities generate this year? Round to the nearest dollar.",
            f"What figure will {p['company']} report as net cash from operating activities in its statement "
            "of cash flows (nearest dollar)?",
        )
        return (
            f"{p['company']} reports net income of {m0(p['net_income'])} for the year, after depreciation "
            f"expense of {m0(p['depreciation'])} and a {m0(abs(p['disposal']))} {gl} on the sale of equipment. "
            f"Balances at the beginning → end of the year: {rows}. During the year it paid dividends of "
            f"{m0(p['dividends'])} and bought new equipment for {m0(p['capex'])}. " + asks[p["wording"]]
        )

    def _changes(self, p: Params) -> list[tuple[str, float]]:
        b = p["balances"]
        return [(label, sign * (b[key][1] - b[key][0])) for label, key, sign in _WC]

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c = Calc()
        c.note("Start from net income; dividends paid (financing) and equipment bought (investing) are "
               "not operating flows.")
        noncash = p["depreciation"] - p["disposal"]
        gl = "less the gain" if p["disposal"] > 0 else "plus the loss"
        c.step(f"Noncash items: depreciation {m0(p['depreciation'])} {gl} {m0(abs(p['disposal']))} = "
               f"{m0(noncash)}.")
        total = p["net_income"] + noncash
        for label, adj in self._changes(p):
            why = ("an asset increase uses cash" if adj < 0 else "an asset decrease frees cash") if label in (
                "accounts receivable", "inventory", "prepaid expenses") else (
                "a liability increase saves cash" if adj > 0 else "a liability decrease uses cash")
            total += adj
            c.step(f"Change in {label}: {'+' if adj >= 0 else '-'}{m0(abs(adj))} ({why}).")
        c.step(f"Net cash from operating activities = {m0(p['net_income'])} + {m0(noncash)} + working-capital "
               f"changes {m0(total - p['net_income'] - noncash)} = {m0(total)}.")
        return float(total), c, m0(total)

    def mistakes(self, p: Params) -> dict[str, float]:
        gold = self.work(p)[0]
        wc = sum(adj for _, adj in self._changes(p))
        return {
            "working_capital_signs_reversed": gold - 2 * wc,
            "gain_loss_sign_reversed": gold + 2 * p["disposal"],
            "dividends_deducted": gold - p["dividends"],
            "depreciation_left_out": gold - p["depreciation"],
        }


_AGES = ("current", "1-30 days past due", "31-90 days past due", "over 90 days past due")


class AllowanceAgingExpense(NumericProblem):
    """Bad-debt expense from an aging schedule, after write-offs and recoveries during the year.

    Required allowance = Σ bucket × rate; the allowance before adjustment = beginning - write-offs
    + recoveries (a debit balance when write-offs exceed it); expense = required - credit balance
    (or + debit balance). Typical errors: the required allowance reported as the expense;
    recoveries left out; write-offs added instead of deducted.
    """

    name = "allowance_aging_expense"
    key_terms = ("allowance for doubtful accounts", "aging schedule", "bad debt expense", "write-off",
                 "recovery")
    principles = ("matching", "conservatism")

    def draw(self, rng: random.Random) -> Params:
        return {
            "buckets": [rng.randrange(200, 900) * 100, rng.randrange(60, 300) * 100,
                        rng.randrange(20, 120) * 100, rng.randrange(5, 60) * 100],
            "rates": [rng.choice((1, 2, 3)), rng.choice((5, 6, 8)), rng.choice((12, 15, 20, 25)),
                      rng.choice((40, 50, 60))],
            "beginning": rng.randrange(20, 120) * 100, "write_offs": rng.randrange(10, 140) * 100,
            "recoveries": rng.randrange(2, 30) * 100,
        }

    def question(self, p: Params) -> str:
        rows = "; ".join(f"{age} {m0(b)} ({r}% expected uncollectible)" for age, b, r in
                         zip(_AGES, p["buckets"], p["rates"]))
        asks = (
            "What bad debt expense should be recorded for the year? Round to the nearest dollar.",
            "How much is the year-end adjusting entry for uncollectible accounts? Nearest dollar.",
            f"Compute {poss(p['company'])} bad debt expense for the year (nearest dollar).",
        )
        return (
            f"{poss(p['company'])} Allowance for Doubtful Accounts had a credit balance of {m0(p['beginning'])} on "
            f"January 1. During the year it wrote off {m0(p['write_offs'])} of customer accounts and later "
            f"recovered {m0(p['recoveries'])} of accounts written off in earlier years. The December 31 aging "
            f"of accounts receivable shows: {rows}. The allowance is set from the aging. " + asks[p["wording"]]
        )

    def _parts(self, p: Params) -> tuple[float, float]:
        required = sum(b * r / 100 for b, r in zip(p["buckets"], p["rates"]))
        return required, p["beginning"] - p["write_offs"] + p["recoveries"]

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c = Calc()
        for age, b, r in zip(_AGES, p["buckets"], p["rates"]):
            c.step(f"{age.capitalize()}: {m0(b)} × {r}% = {b * r / 100:,.2f}.")
        required, before = self._parts(p)
        c.step(f"Required ending allowance = {required:,.2f}.")
        side = "credit" if before >= 0 else "debit"
        c.step(f"Allowance before adjustment = {m0(p['beginning'])} - write-offs {m0(p['write_offs'])} + "
               f"recoveries {m0(p['recoveries'])} = {m0(abs(before))} {side} balance.")
        expense = dollars(required - before)
        c.step(f"Bad debt expense = required {required:,.2f} {'-' if before >= 0 else '+'} {m0(abs(before))} "
               f"= {m0(expense)}.")
        return float(expense), c, m0(expense)

    def mistakes(self, p: Params) -> dict[str, float]:
        required, before = self._parts(p)
        return {
            "required_as_expense": float(dollars(required)),
            "recoveries_left_out": float(dollars(required - before + p["recoveries"])),
            "write_offs_added": float(dollars(required - before - 2 * p["write_offs"])),
        }


TEMPLATES = [TrialBalanceNetIncome(), OperatingCashFlowIndirect(), AllowanceAgingExpense()]
