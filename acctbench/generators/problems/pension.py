"""Defined-benefit pension expense under ASC 715: service cost, interest cost, expected return,
amortisation of prior service cost, and corridor amortisation of a net loss.
"""

from __future__ import annotations

import random

from acctbench.generators.base import Params
from acctbench.generators.problems._common import Calc, NumericProblem, dollars, m0, money, pct, poss


class PensionExpense(NumericProblem):
    """Net periodic pension cost for a year.

    Interest cost = beginning PBO × discount rate; expected return = beginning plan assets ×
    expected rate; prior service cost amortisation = balance / remaining service years; corridor
    = 10% × the greater of beginning PBO and plan assets; loss amortisation = (beginning net loss
    - corridor) / average remaining service; expense = service + interest - expected return +
    both amortisations (ASC 715-30-35). Typical errors: the actual return deducted instead of the
    expected return; the whole net loss amortised (no corridor); the corridor on the smaller of
    PBO and plan assets; the prior service cost left out.
    """

    name = "pension_expense"
    key_terms = ("pension expense", "projected benefit obligation", "expected return on plan assets", "corridor",
                 "prior service cost")
    principles = ("accrual_basis", "matching")

    def draw(self, rng: random.Random) -> Params:
        pbo = rng.randrange(100, 5000) * 10_000
        return {"service": round(pbo * rng.randrange(3, 12) / 100, -3), "pbo": pbo,
                "assets": round(pbo * rng.randrange(60, 130) / 100, -4), "discount": rng.choice((4, 4.5, 5, 5.5, 6, 7)),
                "expected": rng.choice((6, 6.5, 7, 7.5, 8, 9)), "actual": rng.randrange(-5, 15),
                "psc": round(pbo * rng.randrange(2, 15) / 100, -3), "psc_years": rng.randrange(5, 16),
                "loss": round(pbo * rng.randrange(12, 35) / 100, -3), "service_years": rng.randrange(8, 21)}

    def _expense(self, p: Params, actual: bool = False, corridor: str = "greater", psc: bool = True) -> float:
        ret_rate = p["actual"] if actual else p["expected"]
        base = {"greater": max(p["pbo"], p["assets"]), "smaller": min(p["pbo"], p["assets"]), "none": 0}[corridor]
        amort = max(0.0, p["loss"] - 0.1 * base) / p["service_years"]
        return (p["service"] + p["pbo"] * p["discount"] / 100 - p["assets"] * ret_rate / 100
                + (p["psc"] / p["psc_years"] if psc else 0) + amort)

    def acceptable(self, p: Params) -> bool:
        return (p["pbo"] != p["assets"] and p["actual"] != p["expected"]
                and p["loss"] > 0.1 * max(p["pbo"], p["assets"]) and super().acceptable(p))

    def question(self, p: Params) -> str:
        asks = (
            "What is its pension expense for the year? Round to the nearest dollar.",
            "Compute the net periodic pension cost it reports for the year, to the nearest dollar.",
            f"How much pension cost does {p['company']} recognise in income this year (nearest dollar)?",
        )
        return (
            f"{poss(p['company'])} defined-benefit plan had, at January 1: a projected benefit obligation of "
            f"{m0(p['pbo'])}, plan assets at fair value (also their market-related value) of {m0(p['assets'])}, "
            f"unamortised prior service cost of {m0(p['psc'])} in accumulated other comprehensive income, to be "
            f"spread straight-line over {p['psc_years']} years from this January 1, and a net actuarial loss of "
            f"{m0(p['loss'])} in AOCI. For the year, service cost is {m0(p['service'])}, the settlement (discount) "
            f"rate is {pct(p['discount'])}, the expected return on plan assets is {pct(p['expected'])} and the "
            f"actual return was {pct(p['actual'])}. Employees' average remaining service is "
            f"{p['service_years']} years; the company amortises only the minimum the standard requires. "
            + asks[p["wording"]]
        )

    def exact(self, p: Params) -> float:
        return self._expense(p)

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c = Calc()
        interest = p["pbo"] * p["discount"] / 100
        c.step(f"Interest cost = {m0(p['pbo'])} × {pct(p['discount'])} = {money(interest)}.")
        ret = p["assets"] * p["expected"] / 100
        c.step(f"Expected return = {m0(p['assets'])} × {pct(p['expected'])} = {money(ret)}.")
        psc = p["psc"] / p["psc_years"]
        c.step(f"Prior service cost amortisation = {m0(p['psc'])} / {p['psc_years']} = {money(psc)}.")
        corridor = 0.1 * max(p["pbo"], p["assets"])
        c.step(f"Corridor = 10% × the greater of {m0(p['pbo'])} and {m0(p['assets'])} = {money(corridor)}.")
        excess = p["loss"] - corridor
        c.step(f"Loss outside the corridor = {m0(p['loss'])} - {money(corridor)} = {money(excess)}.")
        amort = excess / p["service_years"]
        c.step(f"Loss amortisation = {money(excess)} / {p['service_years']} = {money(amort)}.")
        expense = dollars(self._expense(p))
        c.step(f"Pension expense = {m0(p['service'])} + {money(interest)} - {money(ret)} + {money(psc)} + "
               f"{money(amort)} = {m0(expense)}.")
        c.note("The actual return does not enter the expense; its difference from the expected return goes "
               "to other comprehensive income.")
        return expense, c, m0(expense)

    def mistakes(self, p: Params) -> dict[str, float]:
        return {
            "actual_return": dollars(self._expense(p, actual=True)),
            "no_corridor": dollars(self._expense(p, corridor="none")),
            "corridor_on_smaller": dollars(self._expense(p, corridor="smaller")),
            "prior_service_cost_left_out": dollars(self._expense(p, psc=False)),
        }


TEMPLATES = [PensionExpense()]
