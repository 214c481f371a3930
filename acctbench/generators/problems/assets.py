"""Long-lived assets: an exchange with commercial substance (ASC 845), an impairment under
ASC 360 (recoverability test, then fair value) and the depreciation after it, and an IAS 16
revaluation followed by a downward revaluation.

Every asset is depreciated straight-line; each question states the residual value and the dates.
"""

from __future__ import annotations

import random

from acctbench.generators.base import Params
from acctbench.generators.problems._common import MONTHS, Calc, NumericProblem, article, dollars, m0, money, poss


class AssetExchangeGain(NumericProblem):
    """Gain or loss on exchanging a used machine for a new one, with commercial substance.

    Annual depreciation = (cost - residual) / life; months held = full years × 12 + months of
    the year of exchange; accumulated depreciation = annual × months / 12; book value = cost -
    accumulated; gain = fair value of the old machine - book value (ASC 845-10-30-1: the cash
    paid is part of the new asset's cost, not of the gain). Typical errors: no depreciation for
    the months of the year of exchange; the residual value ignored; the cash paid added to the
    amount received; the gain measured against cost.
    """

    name = "asset_exchange_gain"
    signed = True
    key_terms = ("commercial substance", "fair value", "book value", "accumulated depreciation", "gain on exchange")
    principles = ("fair_value", "historical_cost")

    def draw(self, rng: random.Random) -> Params:
        cost = rng.randrange(40, 400) * 1_000
        life = rng.randrange(5, 13)
        years = rng.randrange(1, life - 1)
        return {"cost": cost, "residual": round(cost * rng.randrange(5, 21) / 100, -3), "life": life,
                "years": years, "month": rng.randrange(2, 12), "fair": rng.randrange(20, 400) * 500,
                "cash": rng.randrange(5, 200) * 500, "start_year": rng.randrange(2016, 2021)}

    def acceptable(self, p: Params) -> bool:
        return p["fair"] < p["cost"] and super().acceptable(p)

    def _gain(self, p: Params, stub: bool = True, residual: bool = True, add_cash: bool = False,
              against_cost: bool = False) -> float:
        annual = (p["cost"] - (p["residual"] if residual else 0)) / p["life"]
        months = p["years"] * 12 + (p["month"] - 1 if stub else 0)
        book = p["cost"] if against_cost else p["cost"] - annual * months / 12
        return p["fair"] + (p["cash"] if add_cash else 0) - book

    def question(self, p: Params) -> str:
        year = p["start_year"] + p["years"]
        exch = MONTHS[p["month"] - 1]
        asks = (
            "What gain (positive) or loss (negative) does it recognise on the exchange? Round to the nearest dollar.",
            "Compute the gain or loss on the old machine, to the nearest dollar (a loss as a negative number).",
            f"How much does the exchange add to (or, if negative, subtract from) {poss(p['company'])} {year} "
            "income before depreciation? Nearest dollar.",
        )
        return (
            f"{p['company']} bought a machine on January 1, {p['start_year']} for {m0(p['cost'])}, with "
            f"{article(p['life'])} {p['life']}-year life and a residual value of {m0(p['residual'])}, "
            f"depreciated straight-line by month. On {exch} 1, {year}, it traded the machine for a new one, paying {m0(p['cash'])} in cash. "
            f"The old machine's fair value on that date was {m0(p['fair'])}; the exchange has commercial "
            "substance. Depreciation for the year of the exchange has not yet been recorded. " + asks[p["wording"]]
        )

    def exact(self, p: Params) -> float:
        return self._gain(p)

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c = Calc()
        annual = (p["cost"] - p["residual"]) / p["life"]
        c.step(f"Annual depreciation = ({m0(p['cost'])} - {m0(p['residual'])}) / {p['life']} = {money(annual)}.")
        months = p["years"] * 12 + p["month"] - 1
        c.step(f"Months held = {p['years']} × 12 + {p['month'] - 1} = {months}.")
        acc = annual * months / 12
        c.step(f"Accumulated depreciation at the exchange = {money(annual)} × {months} / 12 = {money(acc)}.")
        book = p["cost"] - acc
        c.step(f"Book value = {m0(p['cost'])} - {money(acc)} = {money(book)}.")
        gain = dollars(self._gain(p))
        c.step(f"Gain (loss) = fair value {m0(p['fair'])} - book value {money(book)} = {m0(gain)}.")
        c.note(f"The new machine is recorded at {m0(p['fair'])} + cash {m0(p['cash'])} = "
               f"{m0(p['fair'] + p['cash'])}; the cash does not enter the gain.")
        return gain, c, m0(gain)

    def mistakes(self, p: Params) -> dict[str, float]:
        return {
            "no_stub_period": dollars(self._gain(p, stub=False)),
            "residual_ignored": dollars(self._gain(p, residual=False)),
            "cash_added": dollars(self._gain(p, add_cash=True)),
            "against_cost": dollars(self._gain(p, against_cost=True)),
        }


class ImpairmentDepreciationAfter(NumericProblem):
    """Depreciation in the year after an ASC 360 impairment of equipment.

    Annual depreciation = cost / life; carrying amount = cost - annual × years used; undiscounted
    future cash flows = annual cash flow × remaining years, below the carrying amount, so the
    asset is impaired; loss = carrying amount - fair value; new depreciation = fair value /
    remaining years. Typical errors: the old depreciation kept (no write-down); the asset written
    down to the undiscounted cash flows; the fair value spread over the original life; the
    impairment loss reported instead of the depreciation.
    """

    name = "impairment_depreciation_after"
    key_terms = ("impairment", "recoverability test", "undiscounted cash flows", "fair value", "carrying amount")
    principles = ("conservatism", "fair_value")

    def draw(self, rng: random.Random) -> Params:
        life = rng.randrange(6, 16)
        years = rng.randrange(2, life - 2)
        cost = rng.randrange(50, 900) * 1_000
        remaining = life - years
        carrying = cost - cost / life * years
        flow = round(carrying / remaining * rng.randrange(60, 96) / 100, -2)
        fair = round(flow * remaining * rng.randrange(55, 90) / 100, -3)
        return {"cost": cost, "life": life, "years": years, "flow": flow, "fair": fair,
                "start_year": rng.randrange(2012, 2019)}

    def acceptable(self, p: Params) -> bool:
        remaining = p["life"] - p["years"]
        carrying = p["cost"] - p["cost"] / p["life"] * p["years"]
        return p["fair"] < p["flow"] * remaining < carrying and super().acceptable(p)

    def question(self, p: Params) -> str:
        test_year = p["start_year"] + p["years"] - 1
        asks = (
            f"What depreciation expense does it record for {test_year + 1}? Round to the nearest dollar.",
            f"Compute {test_year + 1} depreciation on the equipment, to the nearest dollar.",
            f"How much depreciation will {p['company']} charge on this equipment in {test_year + 1} "
            "(nearest dollar)?",
        )
        return (
            f"{p['company']} bought equipment on January 1, {p['start_year']} for {m0(p['cost'])}: "
            f"{article(p['life'])} {p['life']}-year life, no residual value, straight-line depreciation. At December 31, "
            f"{test_year}, after recording that year's depreciation, a drop in demand led it to review the equipment under "
            f"US GAAP. It now expects the equipment to produce net cash inflows of {m0(p['flow'])} a year over "
            f"its remaining life; its fair value is {m0(p['fair'])}. The remaining life and the zero residual "
            "value are unchanged. " + asks[p["wording"]]
        )

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c = Calc()
        annual = p["cost"] / p["life"]
        remaining = p["life"] - p["years"]
        c.step(f"Annual depreciation = {m0(p['cost'])} / {p['life']} = {money(annual)}.")
        carrying = p["cost"] - annual * p["years"]
        c.step(f"Carrying amount after {p['years']} years = {m0(p['cost'])} - {money(annual)} × {p['years']} = "
               f"{money(carrying)}.")
        undiscounted = p["flow"] * remaining
        c.step(f"Undiscounted cash flows = {m0(p['flow'])} × {remaining} = {m0(undiscounted)}, below the carrying "
               "amount: the equipment is not recoverable and is impaired.")
        c.step(f"Impairment loss = {money(carrying)} - fair value {m0(p['fair'])} = {money(carrying - p['fair'])}.")
        dep = dollars(p["fair"] / remaining)
        c.step(f"New depreciation = {m0(p['fair'])} / {remaining} remaining years = {m0(dep)}.")
        return dep, c, m0(dep)

    def exact(self, p: Params) -> float:
        return p["fair"] / (p["life"] - p["years"])

    def mistakes(self, p: Params) -> dict[str, float]:
        carrying = p["cost"] - p["cost"] / p["life"] * p["years"]
        return {
            "no_write_down": dollars(p["cost"] / p["life"]),
            "undiscounted_basis": dollars(p["flow"]),
            "original_life": dollars(p["fair"] / p["life"]),
            "loss_reported": dollars(carrying - p["fair"]),
        }


class RevaluationDownward(NumericProblem):
    """Loss in profit or loss when an IAS 16 revaluation surplus is reversed by a later decrease.

    Year-1 depreciation = cost / life; carrying amount = cost - depreciation; surplus (OCI) = fair
    value 1 - carrying amount; year-2 depreciation = fair value 1 / (life - 1); carrying amount 2 =
    fair value 1 - that; decrease = carrying amount 2 - fair value 2; loss in profit or loss =
    decrease - surplus (IAS 16.40, no transfer of the surplus to retained earnings). Typical
    errors: the whole decrease charged to profit or loss; year-2 depreciation kept on cost; the
    surplus measured against cost instead of the carrying amount.
    """

    name = "revaluation_downward"
    key_terms = ("revaluation model", "revaluation surplus", "other comprehensive income", "IAS 16",
                 "carrying amount")
    principles = ("fair_value", "depreciation_allocation")

    def draw(self, rng: random.Random) -> Params:
        cost = rng.randrange(100, 2000) * 1_000
        life = rng.randrange(5, 21)
        carrying1 = cost - cost / life
        up = round(carrying1 * rng.randrange(103, 125) / 100, -3)
        carrying2 = up - up / (life - 1)
        down = round(carrying2 * rng.randrange(55, 92) / 100, -3)
        return {"cost": cost, "life": life, "up": up, "down": down, "start_year": rng.randrange(2015, 2023)}

    def _parts(self, p: Params, dep_on_cost: bool = False, surplus_on_cost: bool = False) -> tuple[float, float]:
        """(surplus, decrease) for the method variants."""
        carrying1 = p["cost"] - p["cost"] / p["life"]
        surplus = p["up"] - (p["cost"] if surplus_on_cost else carrying1)
        dep2 = p["cost"] / p["life"] if dep_on_cost else p["up"] / (p["life"] - 1)
        return surplus, p["up"] - dep2 - p["down"]

    def _loss(self, p: Params, **kw: bool) -> float:
        surplus, decrease = self._parts(p, **kw)
        return decrease - max(surplus, 0)

    def acceptable(self, p: Params) -> bool:
        surplus, decrease = self._parts(p)
        return surplus > 0 and decrease > surplus and super().acceptable(p)

    def question(self, p: Params) -> str:
        y1, y2 = p["start_year"], p["start_year"] + 1
        asks = (
            f"What revaluation loss does it recognise in profit or loss for {y2}? Round to the nearest dollar.",
            f"How much of the {y2} decrease in value is charged to profit or loss (nearest dollar)?",
            f"Compute the amount that reduces {poss(p['company'])} {y2} profit because of the second "
            "revaluation, excluding depreciation. Nearest dollar.",
        )
        return (
            f"{p['company']} reports under IFRS and bought a building on January 1, {y1} for {m0(p['cost'])}: "
            f"{article(p['life'])} {p['life']}-year life, no residual value, straight-line depreciation. It uses the "
            f"revaluation model and eliminates accumulated depreciation on each revaluation. The building's fair value "
            f"was {m0(p['up'])} at December 31, {y1}, and {m0(p['down'])} at December 31, {y2}; each "
            f"revaluation is recorded after that year's depreciation, the remaining life is unchanged, and no "
            "part of the revaluation surplus is transferred to retained earnings. " + asks[p["wording"]]
        )

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c = Calc()
        dep1 = p["cost"] / p["life"]
        c.step(f"Year-1 depreciation = {m0(p['cost'])} / {p['life']} = {money(dep1)}.")
        carrying1 = p["cost"] - dep1
        c.step(f"Carrying amount before revaluing = {m0(p['cost'])} - {money(dep1)} = {money(carrying1)}.")
        surplus = p["up"] - carrying1
        c.step(f"Revaluation surplus (OCI) = {m0(p['up'])} - {money(carrying1)} = {money(surplus)}.")
        dep2 = p["up"] / (p["life"] - 1)
        c.step(f"Year-2 depreciation = {m0(p['up'])} / {p['life'] - 1} = {money(dep2)}.")
        carrying2 = p["up"] - dep2
        c.step(f"Carrying amount before the second revaluation = {m0(p['up'])} - {money(dep2)} = {money(carrying2)}.")
        decrease = carrying2 - p["down"]
        c.step(f"Decrease = {money(carrying2)} - {m0(p['down'])} = {money(decrease)}.")
        loss = dollars(decrease - surplus)
        c.step(f"Loss in profit or loss = {money(decrease)} - surplus {money(surplus)} charged to OCI first = "
               f"{m0(loss)}.")
        return loss, c, m0(loss)

    def exact(self, p: Params) -> float:
        return self._loss(p)

    def mistakes(self, p: Params) -> dict[str, float]:
        return {
            "whole_decrease_to_profit": dollars(self._parts(p)[1]),
            "depreciation_on_cost": dollars(self._loss(p, dep_on_cost=True)),
            "surplus_against_cost": dollars(self._loss(p, surplus_on_cost=True)),
        }


TEMPLATES = [AssetExchangeGain(), ImpairmentDepreciationAfter(), RevaluationDownward()]
