"""Lessee accounting under ASC 842: a finance-lease liability at year end, the straight-line
cost of an operating lease, and the operating-lease right-of-use asset after one year.

The liability is the present value of the lease payments not yet paid at the rate in the lease
(or the incremental borrowing rate), including a purchase option the lessee is reasonably
certain to exercise (ASC 842-20-30-1, 842-10-30-5). An operating lease's single lease cost is
the total cost spread straight-line (842-20-25-6); the ROU asset's amortisation is that cost
less the interest accreted on the liability (842-20-35-3).
"""

from __future__ import annotations

import random

from acctbench.generators.base import Params
from acctbench.generators.problems._common import Calc, NumericProblem, annuity, dollars, m0, pct, poss


def _money2(x: float) -> str:
    return f"${x:,.2f}"


class FinanceLeaseLiabilityYearEnd(NumericProblem):
    """Finance-lease liability at the end of year 1: payments in advance plus a purchase option.

    L0 = payment × annuity-due factor + option × PV factor; year-end liability = (L0 - first
    payment) × (1 + rate), accrued interest included. Typical errors: payments treated as an
    ordinary annuity (in arrears); the purchase option left out; interest charged on L0 before
    the first payment; the accrued interest left out of the year-end balance.
    """

    name = "finance_lease_liability_year_end"
    key_terms = ("finance lease", "lease liability", "present value", "annuity due", "purchase option")
    principles = ("lease_recognition", "substance_over_form")

    def draw(self, rng: random.Random) -> Params:
        return {"payment": rng.randrange(20, 200) * 1000, "years": rng.randrange(4, 9),
                "rate": rng.choice((5, 6, 7, 8, 9, 10)), "option": rng.randrange(5, 60) * 1000}

    def question(self, p: Params) -> str:
        asks = (
            "What lease liability does the lessee report at December 31 of the first year, including any "
            "interest accrued? Round to the nearest dollar.",
            "What is the carrying amount of the lease liability on the lessee's December 31 balance sheet "
            "after one year (nearest dollar, accrued interest included)?",
            f"How much does {p['company']} owe under the lease at the end of year 1, measured as ASC 842 "
            "requires (nearest dollar, interest accrued to December 31 included)?",
        )
        return (
            f"On January 1, {p['company']} leases production equipment for {p['years']} years. It pays "
            f"{m0(p['payment'])} on each January 1, the first payment at commencement. At the end of the "
            f"lease it may buy the equipment for {m0(p['option'])}, far below its expected fair value, so "
            f"exercise is reasonably certain. The lessee's incremental borrowing rate, also the rate implicit "
            f"in the lease, is {pct(p['rate'])}. The lease is a finance lease. Use exact present-value "
            "factors, not rounded table values. " + asks[p["wording"]]
        )

    def _initial(self, p: Params) -> tuple[float, float, float]:
        r, n = p["rate"] / 100, p["years"]
        due = 1 + annuity(r, n - 1)
        return due, p["payment"] * due, p["option"] * (1 + r) ** -n

    def exact(self, p: Params) -> float:
        _, pv_pay, pv_opt = self._initial(p)
        return (pv_pay + pv_opt - p["payment"]) * (1 + p["rate"] / 100)

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c, r, n = Calc(), p["rate"] / 100, p["years"]
        due, pv_pay, pv_opt = self._initial(p)
        c.step(f"Annuity-due factor (n={n}, {pct(p['rate'])}) = 1 + ordinary annuity factor for {n - 1} "
               f"periods = {due:.5f}.")
        c.step(f"PV of the payments = {m0(p['payment'])} × {due:.5f} = {_money2(pv_pay)}.")
        c.step(f"PV of the purchase option = {m0(p['option'])} / 1.{p['rate']:02d}^{n} = {_money2(pv_opt)}.")
        l0 = pv_pay + pv_opt
        c.step(f"Lease liability at commencement = {_money2(pv_pay)} + {_money2(pv_opt)} = {_money2(l0)}.")
        after = l0 - p["payment"]
        c.step(f"After the January 1 payment: {_money2(l0)} - {m0(p['payment'])} = {_money2(after)}.")
        interest = after * r
        c.step(f"Interest for the year = {_money2(after)} × {pct(p['rate'])} = {_money2(interest)}.")
        end = dollars(after + interest)
        c.step(f"Liability at December 31 = {_money2(after)} + {_money2(interest)} = {m0(end)} (nearest "
               "dollar).")
        return end, c, m0(end)

    def mistakes(self, p: Params) -> dict[str, float]:
        r, n, a = p["rate"] / 100, p["years"], p["payment"]
        _, pv_pay, pv_opt = self._initial(p)
        l0 = pv_pay + pv_opt
        ordinary = a * annuity(r, n) + pv_opt
        return {
            "ordinary_annuity": dollars(ordinary * (1 + r) - a),
            "option_left_out": dollars((pv_pay - a) * (1 + r)),
            "interest_before_payment": dollars(l0 * (1 + r) - a),
            "accrued_interest_left_out": dollars(l0 - a),
        }


class OperatingLeaseStraightLineCost(NumericProblem):
    """Annual single lease cost of an operating lease with escalating rent, an incentive and
    initial direct costs.

    Cost = (sum of the payments - lease incentive received + initial direct costs) / term.
    Typical errors: the first year's cash rent reported as the cost; the escalation ignored
    (first payment × term); the incentive added instead of deducted; the incentive and direct
    costs left out.
    """

    name = "operating_lease_straight_line_cost"
    key_terms = ("operating lease", "single lease cost", "straight-line", "lease incentive",
                 "initial direct costs")
    principles = ("lease_recognition", "matching")

    def draw(self, rng: random.Random) -> Params:
        return {"first": rng.randrange(30, 240) * 1000, "step": rng.randrange(1, 12) * 500,
                "years": rng.randrange(3, 8), "incentive": rng.randrange(5, 60) * 1000,
                "direct": rng.randrange(2, 30) * 500}

    def question(self, p: Params) -> str:
        asks = (
            "What lease cost does the lessee recognise in profit or loss in each year of the lease? Round "
            "to the nearest dollar.",
            "What operating lease expense will the income statement show for year 1? Nearest dollar.",
            f"How much lease cost should {p['company']} report for the first year under ASC 842 (nearest dollar)?",
        )
        return (
            f"{p['company']} signs a {p['years']}-year lease of retail space, classified as an operating lease. "
            f"Rent is paid at the end of each year: {m0(p['first'])} for year 1, rising by {m0(p['step'])} each "
            f"year after. To sign the lease the landlord paid {p['company']} a cash incentive of "
            f"{m0(p['incentive'])}, and {p['company']} paid {m0(p['direct'])} of broker commissions (initial "
            f"direct costs). " + asks[p["wording"]]
        )

    def _payments(self, p: Params) -> list[int]:
        return [p["first"] + k * p["step"] for k in range(p["years"])]

    def exact(self, p: Params) -> float:
        return (sum(self._payments(p)) - p["incentive"] + p["direct"]) / p["years"]

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c, pays = Calc(), self._payments(p)
        c.step("Rent by year: " + ", ".join(m0(x) for x in pays) + ".")
        total = sum(pays)
        c.step(f"Total rent = {m0(total)}.")
        net = total - p["incentive"] + p["direct"]
        c.step(f"Total lease cost = {m0(total)} - incentive {m0(p['incentive'])} + direct costs "
               f"{m0(p['direct'])} = {m0(net)}.")
        cost = dollars(net / p["years"])
        c.step(f"Straight-line cost per year = {m0(net)} / {p['years']} = {m0(cost)}.")
        return cost, c, m0(cost)

    def mistakes(self, p: Params) -> dict[str, float]:
        total, n = sum(self._payments(p)), p["years"]
        return {
            "first_year_cash": float(p["first"]),
            "escalation_ignored": dollars((p["first"] * n - p["incentive"] + p["direct"]) / n),
            "incentive_added": dollars((total + p["incentive"] + p["direct"]) / n),
            "incentive_and_costs_left_out": dollars(total / n),
        }


class OperatingLeaseRouAsset(NumericProblem):
    """Carrying amount of an operating lease's right-of-use asset after year 1.

    L0 = payment × ordinary annuity factor; ROU0 = L0 + initial direct costs; interest = L0 × rate;
    straight-line cost = (payments × n + direct costs) / n; ROU amortisation = straight-line cost -
    interest; ROU1 = ROU0 - amortisation. Typical errors: the ROU asset amortised straight-line
    as for a finance lease; the lease liability reported instead; the direct costs left out.
    """

    name = "operating_lease_rou_asset"
    key_terms = ("operating lease", "right-of-use asset", "lease liability", "straight-line",
                 "initial direct costs")
    principles = ("lease_recognition",)

    def draw(self, rng: random.Random) -> Params:
        return {"payment": rng.randrange(20, 150) * 1000, "years": rng.randrange(4, 11),
                "rate": rng.choice((4, 5, 6, 7, 8, 9)), "direct": rng.randrange(4, 40) * 500}

    def question(self, p: Params) -> str:
        asks = (
            "What is the carrying amount of the right-of-use asset at December 31 of year 1? Round to the "
            "nearest dollar.",
            "At what amount does the right-of-use asset appear on the December 31 balance sheet after the "
            "first year? Nearest dollar.",
            f"Compute {poss(p['company'])} right-of-use asset balance at the end of year 1 (nearest dollar).",
        )
        return (
            f"On January 1, {p['company']} leases a warehouse for {p['years']} years at {m0(p['payment'])} a "
            f"year, paid each December 31. The lease is an operating lease; the incremental borrowing rate is "
            f"{pct(p['rate'])}. {p['company']} paid {m0(p['direct'])} of initial direct costs at commencement. "
            "Use exact present-value factors. " + asks[p["wording"]]
        )

    def _parts(self, p: Params) -> tuple[float, float, float]:
        r = p["rate"] / 100
        l0 = p["payment"] * annuity(r, p["years"])
        return l0, l0 * r, (p["payment"] * p["years"] + p["direct"]) / p["years"]

    def exact(self, p: Params) -> float:
        l0, interest, cost = self._parts(p)
        return l0 + p["direct"] - (cost - interest)

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c, r = Calc(), p["rate"] / 100
        l0, interest, cost = self._parts(p)
        factor = annuity(r, p["years"])
        c.step(f"Lease liability at commencement = {m0(p['payment'])} × {factor:.5f} (ordinary annuity, "
               f"n={p['years']}, {pct(p['rate'])}) = {_money2(l0)}.")
        rou0 = l0 + p["direct"]
        c.step(f"ROU asset at commencement = {_money2(l0)} + {m0(p['direct'])} = {_money2(rou0)}.")
        c.step(f"Interest accreted in year 1 = {_money2(l0)} × {pct(p['rate'])} = {_money2(interest)}.")
        c.step(f"Straight-line lease cost = ({m0(p['payment'])} × {p['years']} + {m0(p['direct'])}) / "
               f"{p['years']} = {_money2(cost)}.")
        amort = cost - interest
        c.step(f"ROU amortisation = {_money2(cost)} - {_money2(interest)} = {_money2(amort)}.")
        end = dollars(rou0 - amort)
        c.step(f"ROU asset at December 31 = {_money2(rou0)} - {_money2(amort)} = {m0(end)}.")
        return end, c, m0(end)

    def mistakes(self, p: Params) -> dict[str, float]:
        l0, interest, _ = self._parts(p)
        rou0 = l0 + p["direct"]
        return {
            "straight_line_amortisation": dollars(rou0 - rou0 / p["years"]),
            "liability_reported": dollars(l0 + interest - p["payment"]),
            "direct_costs_left_out": dollars(l0 - (p["payment"] - interest)),
        }


TEMPLATES = [FinanceLeaseLiabilityYearEnd(), OperatingLeaseStraightLineCost(), OperatingLeaseRouAsset()]
