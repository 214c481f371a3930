"""Standard costing: the direct-materials quantity variance when usage must be derived from the
raw-materials inventory, the direct-labour efficiency variance when hours must be derived from
the payroll, and the fixed-overhead volume variance.

Variances are reported as positive when unfavourable and negative when favourable, as each
question states.
"""

from __future__ import annotations

import random

from acctbench.generators.base import Params
from acctbench.generators.problems._common import Calc, NumericProblem, dollars, m0, money, poss

_SIGN_NOTE = "Give an unfavourable variance as a positive number and a favourable one as a negative number."


def _fu(x: float) -> str:
    return "unfavourable" if x > 0 else "favourable"


def _usage_variance(c: Calc, what: str, used: float, allowed: float, price: float, price_text: str) -> float:
    """Record (actual - allowed) × standard price and return it rounded to the dollar."""
    c.step(f"Difference = {used:,.0f} - {allowed:,.0f} = {used - allowed:,.0f}.")
    v = dollars((used - allowed) * price)
    c.step(f"{what} = {used - allowed:,.0f} × {price_text} = {m0(abs(v))} {_fu(v)}, reported as {m0(v)}.")
    return v


class MaterialsQuantityVariance(NumericProblem):
    """Direct-materials quantity (usage) variance with usage derived from inventory records.

    Quantity used = beginning raw materials + purchased - ending; standard quantity allowed =
    units produced × standard pounds per unit; variance = (used - allowed) × standard price.
    Typical errors: the quantity purchased used as the quantity used; the actual price instead of
    the standard price; units sold instead of units produced.
    """

    name = "materials_quantity_variance"
    signed = True
    key_terms = ("standard cost", "materials quantity variance", "standard quantity allowed",
                 "flexible budget", "raw materials")
    principles = ("materiality",)

    def draw(self, rng: random.Random) -> Params:
        per_unit = rng.choice((1.5, 2, 2.5, 3, 4, 5, 6))
        produced = rng.randrange(20, 120) * 100
        used = round(produced * per_unit * rng.randrange(92, 109) / 100)
        begin, end = rng.randrange(10, 80) * 100, rng.randrange(10, 80) * 100
        price = rng.randrange(150, 1200) / 100
        return {"per_unit": per_unit, "produced": produced, "sold": produced + rng.randrange(-15, 16) * 100,
                "begin": begin, "end": end, "purchased": used + end - begin, "std_price": price,
                "actual_price": round(price + rng.randrange(-60, 61) / 100, 2)}

    def question(self, p: Params) -> str:
        asks = (
            f"What is the direct-materials quantity variance for the month? Round to the nearest dollar. {_SIGN_NOTE}",
            f"Compute the materials usage variance, to the nearest dollar. {_SIGN_NOTE}",
            f"How large is {poss(p['company'])} direct-materials efficiency variance this month (nearest dollar)? "
            f"{_SIGN_NOTE}",
        )
        return (
            f"{poss(p['company'])} standard cost card allows {p['per_unit']:g} pounds of material per unit at "
            f"{money(p['std_price'])} a pound. This month it produced {p['produced']:,} units and sold "
            f"{p['sold']:,}. It bought {p['purchased']:,} pounds at {money(p['actual_price'])} a pound. Raw "
            f"materials on hand were {p['begin']:,} pounds at the start of the month and {p['end']:,} pounds at "
            "the end; materials are used only in production. " + asks[p["wording"]]
        )

    def _variance(self, p: Params, used: float, units: float, price: float) -> float:
        return (used - units * p["per_unit"]) * price

    def exact(self, p: Params) -> float:
        return self._variance(p, p["begin"] + p["purchased"] - p["end"], p["produced"], p["std_price"])

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c = Calc()
        used = p["begin"] + p["purchased"] - p["end"]
        c.step(f"Pounds used = {p['begin']:,} + {p['purchased']:,} - {p['end']:,} = {used:,}.")
        allowed = p["produced"] * p["per_unit"]
        c.step(f"Standard quantity allowed = {p['produced']:,} units × {p['per_unit']:g} = {allowed:,.0f} pounds.")
        v = _usage_variance(c, "Quantity variance", used, allowed, p["std_price"],
                            f"standard price {money(p['std_price'])}")
        return v, c, m0(v)

    def mistakes(self, p: Params) -> dict[str, float]:
        used = p["begin"] + p["purchased"] - p["end"]
        return {
            "purchased_as_used": dollars(self._variance(p, p["purchased"], p["produced"], p["std_price"])),
            "actual_price": dollars(self._variance(p, used, p["produced"], p["actual_price"])),
            "units_sold": dollars(self._variance(p, used, p["sold"], p["std_price"])),
        }

    def acceptable(self, p: Params) -> bool:
        return p["purchased"] > 0 and super().acceptable(p)


class LaborEfficiencyVariance(NumericProblem):
    """Direct-labour efficiency variance with the actual hours derived from the payroll.

    Actual hours = direct-labour payroll / actual wage rate; standard hours allowed = units
    produced × standard hours per unit; variance = (actual - allowed hours) × standard rate.
    Typical errors: the actual rate instead of the standard rate; the total labour variance
    (payroll - standard cost) reported; budgeted output used instead of actual output.
    """

    name = "labor_efficiency_variance"
    signed = True
    key_terms = ("standard cost", "labor efficiency variance", "standard hours allowed", "direct labor")
    principles = ("materiality",)

    def draw(self, rng: random.Random) -> Params:
        hours_per = rng.choice((0.5, 0.75, 1, 1.25, 1.5, 2, 2.5))
        produced = rng.randrange(20, 200) * 100
        actual = round(produced * hours_per * rng.randrange(90, 111) / 100)
        std_rate = rng.randrange(18, 45)
        rate = std_rate + rng.randrange(-20, 21) / 10
        return {"hours_per": hours_per, "produced": produced, "budgeted": produced + rng.randrange(-30, 31) * 100,
                "actual_hours": actual, "std_rate": std_rate, "actual_rate": rate}

    def _payroll(self, p: Params) -> float:
        return round(p["actual_hours"] * p["actual_rate"], 2)

    def question(self, p: Params) -> str:
        asks = (
            f"What is the direct-labour efficiency variance? Round to the nearest dollar. {_SIGN_NOTE}",
            f"Compute the labour usage (efficiency) variance for the period, to the nearest dollar. {_SIGN_NOTE}",
            f"How much is {poss(p['company'])} direct-labour efficiency variance (nearest dollar)? {_SIGN_NOTE}",
        )
        return (
            f"{p['company']} set a standard of {p['hours_per']:g} direct-labour hours per unit at {m0(p['std_rate'])} "
            f"an hour and budgeted output of {p['budgeted']:,} units. Actual output was {p['produced']:,} units. "
            f"The direct-labour payroll was {money(self._payroll(p))}, at an average actual wage of "
            f"{money(p['actual_rate'])} an hour. " + asks[p["wording"]]
        )

    def exact(self, p: Params) -> float:
        return (p["actual_hours"] - p["produced"] * p["hours_per"]) * p["std_rate"]

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c = Calc()
        c.step(f"Actual hours = {money(self._payroll(p))} / {money(p['actual_rate'])} = {p['actual_hours']:,}.")
        allowed = p["produced"] * p["hours_per"]
        c.step(f"Standard hours allowed = {p['produced']:,} × {p['hours_per']:g} = {allowed:,.0f}.")
        v = _usage_variance(c, "Efficiency variance", p["actual_hours"], allowed, p["std_rate"],
                            f"standard rate {m0(p['std_rate'])}")
        return v, c, m0(v)

    def mistakes(self, p: Params) -> dict[str, float]:
        allowed = p["produced"] * p["hours_per"]
        return {
            "actual_rate": dollars((p["actual_hours"] - allowed) * p["actual_rate"]),
            "total_variance": dollars(self._payroll(p) - allowed * p["std_rate"]),
            "budgeted_output": dollars((p["actual_hours"] - p["budgeted"] * p["hours_per"]) * p["std_rate"]),
        }


class FixedOverheadVolumeVariance(NumericProblem):
    """Fixed-overhead volume variance: budgeted fixed overhead - fixed overhead applied.

    Rate = budgeted fixed overhead / denominator hours; applied = standard hours allowed for
    actual output × rate. Typical errors: actual hours used instead of standard hours allowed;
    the spending (budget) variance reported; the sign reversed.
    """

    name = "fixed_overhead_volume_variance"
    signed = True
    key_terms = ("fixed overhead", "volume variance", "denominator activity", "standard hours allowed",
                 "applied overhead")
    principles = ("materiality",)

    def draw(self, rng: random.Random) -> Params:
        hours_per = rng.choice((0.5, 1, 1.5, 2, 2.5, 3))
        denominator_units = rng.randrange(20, 150) * 100
        return {"hours_per": hours_per, "denominator": round(denominator_units * hours_per),
                "rate": rng.randrange(4, 40), "produced": denominator_units + rng.randrange(-20, 21) * 100,
                "actual_hours_ratio": rng.randrange(92, 109), "spent_ratio": rng.randrange(94, 107)}

    def _parts(self, p: Params) -> tuple[float, float, float]:
        budget = p["denominator"] * p["rate"]
        actual_hours = round(p["produced"] * p["hours_per"] * p["actual_hours_ratio"] / 100)
        return budget, actual_hours, round(budget * p["spent_ratio"] / 100)

    def question(self, p: Params) -> str:
        budget, actual_hours, spent = self._parts(p)
        asks = (
            f"What is the fixed-overhead volume variance? Round to the nearest dollar. {_SIGN_NOTE}",
            f"Compute the production-volume variance for fixed overhead, to the nearest dollar. {_SIGN_NOTE}",
            f"How large is {poss(p['company'])} fixed-overhead volume variance (nearest dollar)? {_SIGN_NOTE}",
        )
        return (
            f"{p['company']} budgets fixed manufacturing overhead of {m0(budget)} and applies it on direct-labour "
            f"hours, using a denominator activity of {p['denominator']:,} hours. The standard is {p['hours_per']:g} "
            f"hours per unit. During the period it produced {p['produced']:,} units using {actual_hours:,} "
            f"direct-labour hours, and actual fixed overhead was {m0(spent)}. " + asks[p["wording"]]
        )

    def exact(self, p: Params) -> float:
        budget, _, _ = self._parts(p)
        return budget - p["produced"] * p["hours_per"] * budget / p["denominator"]

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c = Calc()
        budget, _, _ = self._parts(p)
        rate = budget / p["denominator"]
        c.step(f"Fixed overhead rate = {m0(budget)} / {p['denominator']:,} hours = {money(rate)} an hour.")
        allowed = p["produced"] * p["hours_per"]
        c.step(f"Standard hours allowed = {p['produced']:,} × {p['hours_per']:g} = {allowed:,.0f}.")
        applied = allowed * rate
        c.step(f"Fixed overhead applied = {allowed:,.0f} × {money(rate)} = {m0(applied)}.")
        v = dollars(self.exact(p))
        c.step(f"Volume variance = budget {m0(budget)} - applied {m0(applied)} = {m0(abs(v))} {_fu(v)}, reported "
               f"as {m0(v)}.")
        return v, c, m0(v)

    def mistakes(self, p: Params) -> dict[str, float]:
        budget, actual_hours, spent = self._parts(p)
        rate = budget / p["denominator"]
        return {
            "actual_hours": dollars(budget - actual_hours * rate),
            "spending_variance": dollars(spent - budget),
            "sign_reversed": -dollars(self.exact(p)),
        }


TEMPLATES = [MaterialsQuantityVariance(), LaborEfficiencyVariance(), FixedOverheadVolumeVariance()]
