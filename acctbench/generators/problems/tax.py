"""Income tax problems (ASC 740, IAS 12): deferred tax after an enacted rate change and total
income tax expense with permanent and temporary differences.

Deferred tax balances are measured at the enacted rate expected to apply when the temporary
differences reverse (ASC 740-10-30-8); a rate change remeasures the opening balances and the
effect goes through income tax expense in the period of enactment (740-10-35-4).
"""

from __future__ import annotations

import random

from acctbench.generators.base import Params
from acctbench.generators.problems._common import Calc, NumericProblem, dollars, m0, pct, poss


class DeferredTaxRateChange(NumericProblem):
    """Deferred tax expense for a year in which a new tax rate is enacted.

    A taxable difference (tax depreciation ahead of book) gives a liability, a deductible one
    (warranty accrual) an asset; both are remeasured at the new rate at year end. Expense =
    net liability at the end (new rate) - net liability at the start (old rate). Typical errors:
    the ending balances measured at the old rate; only the year's change in the differences
    multiplied by the new rate; the deferred tax asset ignored.
    """

    name = "deferred_tax_rate_change"
    key_terms = ("deferred tax liability", "deferred tax asset", "temporary difference", "enacted rate",
                 "deferred tax expense")
    principles = ("deferred_tax", "matching")

    def draw(self, rng: random.Random) -> Params:
        old = rng.choice((21, 25, 30, 35))
        return {"old": old, "new": rng.choice([r for r in (20, 21, 24, 25, 28, 30, 32, 35) if r != old]),
                "taxable0": rng.randrange(20, 200) * 1000, "taxable1": rng.randrange(20, 300) * 1000,
                "deductible0": rng.randrange(5, 60) * 1000, "deductible1": rng.randrange(5, 80) * 1000}

    def question(self, p: Params) -> str:
        asks = (
            "What deferred income tax expense does it report for Year 2? Round to the nearest dollar.",
            "How much deferred tax expense belongs in Year 2's income tax expense? Nearest dollar.",
            f"Compute {poss(p['company'])} deferred tax expense for Year 2 (nearest dollar).",
        )
        return (
            f"At the end of Year 1, {p['company']} had cumulative tax depreciation in excess of book "
            f"depreciation of {m0(p['taxable0'])} and a warranty liability of {m0(p['deductible0'])} "
            f"(deductible for tax when paid). Its deferred taxes were measured at the enacted rate of "
            f"{pct(p['old'])}. During Year 2 legislation was enacted setting the rate at {pct(p['new'])} for "
            f"Year 3 and all later years. At the end of Year 2 the excess tax depreciation is "
            f"{m0(p['taxable1'])} and the warranty liability is {m0(p['deductible1'])}; both will reverse "
            "after Year 2. No valuation allowance is needed. " + asks[p["wording"]]
        )

    def exact(self, p: Params) -> float:
        return ((p["taxable1"] - p["deductible1"]) * p["new"] - (p["taxable0"] - p["deductible0"]) * p["old"]) / 100

    def acceptable(self, p: Params) -> bool:
        return p["taxable1"] > p["deductible1"] and p["taxable0"] > p["deductible0"] and super().acceptable(p)

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c = Calc()
        vals = {}
        for label, key, rate in (("DTL at the start", "taxable0", "old"), ("DTA at the start", "deductible0", "old"),
                                 ("DTL at the end", "taxable1", "new"), ("DTA at the end", "deductible1", "new")):
            vals[key] = p[key] * p[rate] / 100
            c.step(f"{label} = {m0(p[key])} × {pct(p[rate])} = {m0(vals[key])}.")
        start = vals["taxable0"] - vals["deductible0"]
        end = vals["taxable1"] - vals["deductible1"]
        c.step(f"Net deferred tax liability: start {m0(start)}, end {m0(end)} (the end measured at the newly "
               "enacted rate).")
        expense = dollars(end - start)
        c.step(f"Deferred tax expense = {m0(end)} - {m0(start)} = {m0(expense)}.")
        return expense, c, m0(expense)

    def mistakes(self, p: Params) -> dict[str, float]:
        net0, net1 = p["taxable0"] - p["deductible0"], p["taxable1"] - p["deductible1"]
        return {
            "old_rate_at_end": dollars((net1 - net0) * p["old"] / 100),
            "change_at_new_rate": dollars((net1 - net0) * p["new"] / 100),
            "asset_ignored": dollars((p["taxable1"] * p["new"] - p["taxable0"] * p["old"]) / 100),
        }


class IncomeTaxExpenseTotal(NumericProblem):
    """Total income tax expense with permanent and originating temporary differences.

    Taxable income = pretax income - tax-exempt interest + nondeductible fines - excess tax
    depreciation + warranty accrued but unpaid; current tax = taxable income × rate; deferred =
    (excess depreciation - warranty) × rate; total = current + deferred. Typical errors: the rate
    applied to pretax book income; the current tax alone reported; the fines deducted.
    """

    name = "income_tax_expense_total"
    key_terms = ("permanent difference", "temporary difference", "taxable income", "current tax expense",
                 "deferred tax expense")
    principles = ("deferred_tax",)

    def draw(self, rng: random.Random) -> Params:
        return {"pretax": rng.randrange(200, 2000) * 1000, "muni": rng.randrange(5, 80) * 1000,
                "fines": rng.randrange(2, 40) * 1000, "depreciation": rng.randrange(10, 150) * 1000,
                "warranty": rng.randrange(5, 60) * 1000, "rate": rng.choice((21, 25, 28, 30))}

    def question(self, p: Params) -> str:
        asks = (
            "What total income tax expense does the income statement report? Round to the nearest dollar.",
            "Compute income tax expense for the year (current and deferred together), to the nearest dollar.",
            f"What is {poss(p['company'])} total provision for income taxes for the year? Nearest dollar.",
        )
        return (
            f"{p['company']} reports pretax financial income of {m0(p['pretax'])}. It includes "
            f"{m0(p['muni'])} of interest on municipal bonds (tax-exempt) and {m0(p['fines'])} of fines for "
            f"environmental violations (never deductible). Tax depreciation exceeds book depreciation by "
            f"{m0(p['depreciation'])} this year, and warranty expense accrued exceeds warranty costs paid by "
            f"{m0(p['warranty'])}. The enacted tax rate is {pct(p['rate'])} for this and all future years; "
            "there were no deferred taxes at the start of the year. " + asks[p["wording"]]
        )

    def _taxable(self, p: Params) -> int:
        return p["pretax"] - p["muni"] + p["fines"] - p["depreciation"] + p["warranty"]

    def exact(self, p: Params) -> float:
        return (p["pretax"] - p["muni"] + p["fines"]) * p["rate"] / 100

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c = Calc()
        taxable = self._taxable(p)
        c.step(f"Taxable income = {m0(p['pretax'])} - {m0(p['muni'])} + {m0(p['fines'])} - "
               f"{m0(p['depreciation'])} + {m0(p['warranty'])} = {m0(taxable)}.")
        current = taxable * p["rate"] / 100
        c.step(f"Current tax = {m0(taxable)} × {pct(p['rate'])} = {current:,.2f}.")
        dtl, dta = p["depreciation"] * p["rate"] / 100, p["warranty"] * p["rate"] / 100
        c.step(f"Deferred tax liability arising = {m0(p['depreciation'])} × {pct(p['rate'])} = {dtl:,.2f}; "
               f"deferred tax asset arising = {m0(p['warranty'])} × {pct(p['rate'])} = {dta:,.2f}.")
        deferred = dtl - dta
        c.step(f"Deferred tax expense = {dtl:,.2f} - {dta:,.2f} = {deferred:,.2f}.")
        total = dollars(current + deferred)
        c.step(f"Total income tax expense = {current:,.2f} + {deferred:,.2f} = {m0(total)}.")
        return total, c, m0(total)

    def mistakes(self, p: Params) -> dict[str, float]:
        r = p["rate"] / 100
        return {
            "rate_on_pretax_income": dollars(p["pretax"] * r),
            "current_only": dollars(self._taxable(p) * r),
            "fines_deducted": dollars((p["pretax"] - p["muni"] - p["fines"]) * r),
        }


TEMPLATES = [DeferredTaxRateChange(), IncomeTaxExpenseTotal()]
