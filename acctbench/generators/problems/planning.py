"""Planning problems: multi-product break-even with a sales mix and a capital-budgeting NPV
with taxes, a depreciation tax shield, working capital and salvage.
"""

from __future__ import annotations

import random
from math import ceil

from acctbench.generators.base import Params
from acctbench.generators.problems._common import Calc, NumericProblem, annuity, dollars, m0, money, pct

_LINES = ("Basic", "Standard", "Deluxe")


class BreakEvenSalesMix(NumericProblem):
    """Units of one product at the break-even point of a three-product sales mix.

    Contribution margin per product; per mix bundle = Σ mix × margin; bundles = fixed costs /
    margin per bundle, rounded up; units of the product = bundles × its mix share. Typical
    errors: the simple average of the three margins; prices used instead of margins; the total
    number of units reported instead of the one product's.
    """

    name = "break_even_sales_mix"
    unit = "units"
    key_terms = ("break-even point", "sales mix", "weighted-average contribution margin", "fixed costs")
    principles = ("consistency",)

    def draw(self, rng: random.Random) -> Params:
        prices = sorted(rng.sample(range(20, 300), 3))
        variable = [rng.randrange(int(pr * 0.35), int(pr * 0.75)) for pr in prices]
        return {"prices": prices, "variable": variable, "mix": [rng.randrange(1, 6) for _ in range(3)],
                "fixed": rng.randrange(100, 3000) * 1000, "ask": rng.randrange(3)}

    def question(self, p: Params) -> str:
        rows = "; ".join(f"{n}: price {m0(pr)}, variable cost {m0(v)}" for n, pr, v in
                         zip(_LINES, p["prices"], p["variable"]))
        mix = ":".join(str(m) for m in p["mix"])
        target = _LINES[p["ask"]]
        asks = (
            f"How many {target} units must it sell to break even? Round the number of mix bundles up to a whole "
            "bundle.",
            f"At the break-even point, how many units of {target} are sold? Compute whole bundles of the sales "
            "mix, rounding up.",
            f"What break-even volume of {target} should {p['company']} plan for (whole mix bundles, rounded up)?",
        )
        return (
            f"{p['company']} sells three models ({rows}) in a constant sales mix of {mix} "
            f"({', '.join(_LINES)}). Fixed costs are {m0(p['fixed'])} a year. " + asks[p["wording"]]
        )

    def _margins(self, p: Params) -> list[int]:
        return [pr - v for pr, v in zip(p["prices"], p["variable"])]

    def _bundles(self, p: Params, per_bundle: float) -> int:
        return ceil(p["fixed"] / per_bundle - 1e-9)

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c, cm = Calc(), self._margins(p)
        c.step("Contribution margins: " + "; ".join(f"{n} {m0(pr)} - {m0(v)} = {m0(x)}" for n, pr, v, x in
                                                     zip(_LINES, p["prices"], p["variable"], cm)) + ".", count=3)
        bundle = sum(m * x for m, x in zip(p["mix"], cm))
        c.step(f"Margin per bundle = {' + '.join(f'{m} × {m0(x)}' for m, x in zip(p['mix'], cm))} = {m0(bundle)}.")
        n = self._bundles(p, bundle)
        c.step(f"Bundles to break even = {m0(p['fixed'])} / {m0(bundle)} = {p['fixed'] / bundle:,.2f}, rounded up to "
               f"{n:,}.")
        units = n * p["mix"][p["ask"]]
        c.step(f"{_LINES[p['ask']]} units = {n:,} × {p['mix'][p['ask']]} = {units:,}.")
        return float(units), c, f"{units:,} units"

    def mistakes(self, p: Params) -> dict[str, float]:
        cm, mix, k = self._margins(p), p["mix"], p["ask"]
        simple = sum(cm) / 3 * sum(mix)
        bundle = sum(m * x for m, x in zip(mix, cm))
        return {
            "simple_average_margin": float(self._bundles(p, simple) * mix[k]),
            "prices_not_margins": float(self._bundles(p, sum(m * x for m, x in zip(mix, p["prices"]))) * mix[k]),
            "total_units": float(self._bundles(p, bundle) * sum(mix)),
        }

    def acceptable(self, p: Params) -> bool:
        return len(set(p["mix"])) > 1 and super().acceptable(p)


class CapitalBudgetingNpv(NumericProblem):
    """NPV of an equipment project after tax, with working capital and salvage.

    Depreciation (straight-line to zero for tax); annual after-tax cash flow = savings × (1 - t)
    + depreciation × t; terminal flow = salvage × (1 - t) (fully depreciated) + working capital
    released; NPV = - cost - working capital + PV(annual) + PV(terminal). Typical errors: the
    salvage not taxed; the depreciation tax shield left out; the working capital not recovered;
    pretax savings discounted.
    """

    name = "capital_budgeting_npv"
    signed = True
    key_terms = ("net present value", "depreciation tax shield", "working capital", "after-tax cash flow",
                 "discount rate")
    principles = ("time_period",)

    def draw(self, rng: random.Random) -> Params:
        cost = rng.randrange(20, 200) * 10_000
        years = rng.randrange(4, 11)
        return {"cost": cost, "years": years, "savings": round(cost / years * rng.randrange(130, 230) / 100, -3),
                "tax": rng.choice((21, 25, 30)), "rate": rng.choice((8, 9, 10, 11, 12, 14)),
                "working": rng.randrange(2, 30) * 5_000, "salvage": rng.randrange(1, 15) * 5_000}

    def question(self, p: Params) -> str:
        asks = (
            "What is the project's net present value? Round to the nearest dollar; a negative NPV as a negative "
            "number.",
            "Compute the NPV of the investment, to the nearest dollar (negative if it destroys value).",
            f"Should {p['company']} invest? Give the project's NPV to the nearest dollar (negative if negative).",
        )
        return (
            f"{p['company']} is considering new equipment costing {m0(p['cost'])}, with a {p['years']}-year life. "
            f"It would save {m0(p['savings'])} of cash operating costs a year (received at each year end) and needs "
            f"{m0(p['working'])} of extra working capital at the start, recovered at the end. For tax the equipment "
            f"is depreciated straight-line to zero over {p['years']} years; it is expected to be sold for "
            f"{m0(p['salvage'])} at the end, a gain taxed at the {pct(p['tax'])} tax rate. The required return is "
            f"{pct(p['rate'])}. Use exact discount factors. " + asks[p["wording"]]
        )

    def _npv(self, p: Params, salvage_tax: bool = True, shield: bool = True, working_back: bool = True,
             pretax: bool = False) -> float:
        t, r, n = p["tax"] / 100, p["rate"] / 100, p["years"]
        dep = p["cost"] / n
        annual = p["savings"] * (1 if pretax else 1 - t) + (dep * t if shield and not pretax else 0)
        terminal = p["salvage"] * (1 - t if salvage_tax else 1) + (p["working"] if working_back else 0)
        return -p["cost"] - p["working"] + annual * annuity(r, n) + terminal * (1 + r) ** -n

    def exact(self, p: Params) -> float:
        return self._npv(p)

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c = Calc()
        t, r, n = p["tax"] / 100, p["rate"] / 100, p["years"]
        dep = p["cost"] / n
        c.step(f"Depreciation = {m0(p['cost'])} / {n} = {money(dep)} a year; tax shield = {money(dep)} × "
               f"{pct(p['tax'])} = {money(dep * t)}.")
        annual = p["savings"] * (1 - t) + dep * t
        c.step(f"Annual after-tax cash flow = {m0(p['savings'])} × (1 - {pct(p['tax'])}) + {money(dep * t)} = "
               f"{money(annual)}.")
        factor = annuity(r, n)
        c.step(f"PV of the annual flows = {money(annual)} × {factor:.5f} = {money(annual * factor)}.")
        terminal = p["salvage"] * (1 - t) + p["working"]
        c.step(f"Terminal flow = salvage {m0(p['salvage'])} × (1 - {pct(p['tax'])}) + working capital "
               f"{m0(p['working'])} = {money(terminal)}; PV = {money(terminal)} / {1 + r:g}^{n} = "
               f"{money(terminal * (1 + r) ** -n)}.", count=2)
        npv = dollars(self._npv(p))
        c.step(f"NPV = -{m0(p['cost'])} - {m0(p['working'])} + {money(annual * factor)} + "
               f"{money(terminal * (1 + r) ** -n)} = {m0(npv)}.")
        return npv, c, m0(npv)

    def mistakes(self, p: Params) -> dict[str, float]:
        return {
            "salvage_not_taxed": dollars(self._npv(p, salvage_tax=False)),
            "no_tax_shield": dollars(self._npv(p, shield=False)),
            "working_capital_not_recovered": dollars(self._npv(p, working_back=False)),
            "pretax_savings": dollars(self._npv(p, pretax=True)),
        }


TEMPLATES = [BreakEvenSalesMix(), CapitalBudgetingNpv()]
