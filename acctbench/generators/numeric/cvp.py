"""Cost-volume-profit templates: contribution margin, break-even and target-profit volume."""

from __future__ import annotations

import random
from fractions import Fraction
from math import ceil, floor

from acctbench.generators.base import NumericTemplate, Params, Worked, money, num, round2


def _sample_price_cost(rng: random.Random) -> tuple[int, int]:
    """A whole-dollar selling price and a variable cost between 30% and 80% of it."""
    price = rng.randrange(10, 401)
    variable = rng.randrange(max(1, ceil(price * 0.3)), int(price * 0.8) + 1)
    return price, variable


def _units(n: int) -> str:
    return f"{n:,} units"


def _price_text(p: Params) -> str:
    return (
        f"A company sells one product for {money(p['price'], 0)} per unit. Variable costs are "
        f"{money(p['variable'], 0)} per unit and fixed costs total {money(p['fixed'], 0)} a year."
    )


class BreakEvenUnits(NumericTemplate):
    """Break-even volume = fixed costs / contribution margin per unit, rounded up."""

    name = "cvp_break_even_units"
    rounding = 1.0  # whole units, rounded up: only the whole number is right
    category = "cost_volume_profit"
    unit = "units"
    key_terms = ("break-even point", "contribution margin per unit", "fixed costs", "variable costs")

    def sample(self, rng: random.Random) -> Params:
        price, variable = _sample_price_cost(rng)
        return {"price": price, "variable": variable, "fixed": rng.randrange(20, 3000) * 1_000}

    def question(self, p: Params) -> str:
        return (
            f"{_price_text(p)} " + ("How many units must it sell to break even?",
                                    "What sales volume, in units, leaves it with zero operating profit?",
                                    "At how many units sold do its revenues just cover its costs?")[self.variant(p, 3)]
            + " If the result is not a whole number, round up to the next whole unit."
        )

    def exact(self, p: Params) -> float:
        return float(self.solve(p).gold)  # a fraction of a unit cannot be sold: the rounded-up count

    def mistakes(self, p: Params) -> dict[str, float]:
        """Rounded down instead of up; fixed costs over the price instead of the margin."""
        cm = p["price"] - p["variable"]
        return {"rounded down": float(floor(Fraction(p["fixed"], cm))), "fixed / price": p["fixed"] / p["price"]}

    def solve(self, p: Params) -> Worked:
        cm = p["price"] - p["variable"]
        exact = Fraction(p["fixed"], cm)
        units = ceil(exact)
        rounding = f" = {units:,}" if exact == units else f" = {float(exact):,.2f}, rounded up to {units:,}"
        return Worked(
            gold=units,
            steps=[
                f"Contribution margin per unit = {money(p['price'], 0)} - {money(p['variable'], 0)} = "
                f"{money(cm, 0)}.",
                f"Break-even units = fixed costs / contribution margin per unit = {money(p['fixed'], 0)} / "
                f"{money(cm, 0)}{rounding} units.",
            ],
            answer=_units(units),
        )


class ContributionMarginRatio(NumericTemplate):
    """Contribution margin ratio = (sales - variable costs) / sales, in percent."""

    name = "cvp_contribution_margin_ratio"
    rounding = 0.01
    category = "cost_volume_profit"
    unit = "%"
    key_terms = ("contribution margin ratio", "variable costs", "sales revenue", "contribution margin")

    def sample(self, rng: random.Random) -> Params:
        price, variable = _sample_price_cost(rng)
        return {
            "price": price,
            "variable": variable,
            "units": rng.randrange(1, 100) * 500,
            "fixed": rng.randrange(20, 1000) * 1_000,
            "form": rng.choice(["per_unit", "totals"]),
        }

    def identity(self, p: Params) -> Params:
        # Units and fixed costs do not change the ratio when only per-unit figures are shown.
        if p["form"] == "per_unit":
            return {k: p[k] for k in ("price", "variable", "fixed", "form")}
        return p

    def question(self, p: Params) -> str:
        if p["form"] == "per_unit":
            facts = (
                f"A product sells for {money(p['price'], 0)} per unit, with variable costs of "
                f"{money(p['variable'], 0)} per unit. Fixed costs are {money(p['fixed'], 0)} a year."
            )
        else:
            facts = (
                f"Last year a company sold {p['units']:,} units for total sales revenue of "
                f"{money(p['price'] * p['units'], 0)}. Total variable costs were "
                f"{money(p['variable'] * p['units'], 0)} and total fixed costs were {money(p['fixed'], 0)}."
            )
        return (
            f"{facts} What is the contribution margin ratio? Give it as a percentage rounded to two "
            "decimal places."
        )

    def exact(self, p: Params) -> float:
        return (p["price"] - p["variable"]) / p["price"] * 100

    def mistakes(self, p: Params) -> dict[str, float]:
        """The variable-cost ratio; the margin over variable cost."""
        cm = p["price"] - p["variable"]
        return {"variable-cost ratio": p["variable"] / p["price"] * 100, "margin / variable cost": cm / p["variable"] * 100}

    def solve(self, p: Params) -> Worked:
        ratio = round2(float(Fraction(p["price"] - p["variable"], p["price"]) * 100))
        if p["form"] == "per_unit":
            sales, var = p["price"], p["variable"]
            label = "per unit"
        else:
            sales, var = p["price"] * p["units"], p["variable"] * p["units"]
            label = "in total"
        return Worked(
            gold=ratio,
            steps=[
                f"Contribution margin {label} = {money(sales, 0)} - {money(var, 0)} = {money(sales - var, 0)}"
                " (fixed costs do not enter the ratio).",
                f"Contribution margin ratio = {money(sales - var, 0)} / {money(sales, 0)} = {ratio:.2f}%.",
            ],
            answer=f"{ratio:.2f}%",
        )


class TargetProfitUnits(NumericTemplate):
    """Units for a target profit = (fixed costs + pretax target) / CM per unit, rounded up."""

    name = "cvp_target_profit_units"
    rounding = 1.0  # whole units, rounded up: only the whole number is right
    category = "cost_volume_profit"
    unit = "units"
    key_terms = ("target profit", "contribution margin per unit", "fixed costs", "break-even point")

    def sample(self, rng: random.Random) -> Params:
        price, variable = _sample_price_cost(rng)
        return {
            "price": price,
            "variable": variable,
            "fixed": rng.randrange(20, 2000) * 1_000,
            "target": rng.randrange(5, 500) * 1_000,
            "tax_rate": rng.choice([0, 0, 20, 21, 25, 30, 40]),
        }

    def question(self, p: Params) -> str:
        if p["tax_rate"]:
            goal = (
                f"The income tax rate is {p['tax_rate']}%. How many units must it sell to earn an "
                f"after-tax net income of {money(p['target'], 0)}?"
            )
        else:
            goal = f"How many units must it sell to earn an operating profit of {money(p['target'], 0)}?"
        return f"{_price_text(p)} {goal} Round up to the next whole unit if the result is not whole."

    def exact(self, p: Params) -> float:
        return float(self.solve(p).gold)

    def mistakes(self, p: Params) -> dict[str, float]:
        """The after-tax target used as pretax; the target left out; rounded down."""
        cm = p["price"] - p["variable"]
        pretax = Fraction(p["target"]) / (1 - Fraction(p["tax_rate"], 100))
        out = {"target left out": float(ceil(Fraction(p["fixed"], cm))),
               "rounded down": float(floor((p["fixed"] + pretax) / cm))}
        if p["tax_rate"]:
            out["after-tax target as pretax"] = float(ceil(Fraction(p["fixed"] + p["target"], cm)))
        return out

    def solve(self, p: Params) -> Worked:
        cm = p["price"] - p["variable"]
        steps = [
            f"Contribution margin per unit = {money(p['price'], 0)} - {money(p['variable'], 0)} = "
            f"{money(cm, 0)}."
        ]
        pretax = Fraction(p["target"])
        if p["tax_rate"]:
            pretax = pretax / (1 - Fraction(p["tax_rate"], 100))
            steps.append(
                f"Pretax profit needed = after-tax target / (1 - tax rate) = {money(p['target'], 0)} / "
                f"(1 - {p['tax_rate']}%) = {money(float(pretax))}."
            )
        exact = (p["fixed"] + pretax) / cm
        units = ceil(exact)
        rounding = f" = {units:,}" if exact == units else f" = {float(exact):,.2f}, rounded up to {units:,}"
        steps.append(
            f"Required units = (fixed costs + pretax profit) / CM per unit = ({money(p['fixed'], 0)} + "
            f"{money(float(pretax))}) / {money(cm, 0)}{rounding} units."
        )
        return Worked(gold=units, steps=steps, answer=_units(units))


class ContributionMargin(NumericTemplate):
    """Contribution margin per unit or in total from itemised variable costs (fixed costs excluded)."""

    name = "cvp_contribution_margin"
    rounding = 0.01  # whole-dollar amounts, exact to the cent
    category = "cost_volume_profit"
    key_terms = ("contribution margin", "variable costs", "fixed costs", "selling price")

    def sample(self, rng: random.Random) -> Params:
        materials = rng.randrange(2, 60)
        labor = rng.randrange(2, 40)
        overhead = rng.randrange(1, 20)
        selling = rng.randrange(1, 10)
        variable = materials + labor + overhead + selling
        return {
            "price": variable + rng.randrange(5, 120),
            "materials": materials,
            "labor": labor,
            "overhead": overhead,
            "selling": selling,
            "fixed_overhead": rng.randrange(20, 800) * 1_000,
            "units": rng.randrange(2, 100) * 500,
            "ask": rng.choice(["per_unit", "total"]),
        }

    def question(self, p: Params) -> str:
        what = "per unit" if p["ask"] == "per_unit" else "in total for the year"
        return (
            f"A company expects to sell {p['units']:,} units at {money(p['price'], 0)} each. Per-unit "
            f"costs are: direct materials {money(p['materials'], 0)}, direct labour {money(p['labor'], 0)}, "
            f"variable manufacturing overhead {money(p['overhead'], 0)} and variable selling expense "
            f"{money(p['selling'], 0)}. Fixed manufacturing overhead is {money(p['fixed_overhead'], 0)} "
            "a year. " + (f"What is the contribution margin {what}?",
                          f"How much contribution margin does the product earn {what}?",
                          f"Compute the contribution margin {what}.")[self.variant(p, 3)]
        )

    def mistakes(self, p: Params) -> dict[str, float]:
        """Fixed overhead deducted, selling costs left out, per unit for total (or back)."""
        cm = p["price"] - p["materials"] - p["labor"] - p["overhead"] - p["selling"]
        scale = p["units"] if p["ask"] == "total" else 1
        return {"fixed overhead deducted": cm * scale - (p["fixed_overhead"] if scale > 1 else p["fixed_overhead"] / p["units"]),
                "selling costs left out": (cm + p["selling"]) * scale,
                "per unit and total swapped": float(cm if scale > 1 else cm * p["units"])}

    def solve(self, p: Params) -> Worked:
        variable = p["materials"] + p["labor"] + p["overhead"] + p["selling"]
        cm = p["price"] - variable
        steps = [
            f"Variable cost per unit = {money(p['materials'], 0)} + {money(p['labor'], 0)} + "
            f"{money(p['overhead'], 0)} + {money(p['selling'], 0)} = {money(variable, 0)} "
            "(fixed overhead is excluded from the contribution margin).",
            f"Contribution margin per unit = {money(p['price'], 0)} - {money(variable, 0)} = {money(cm, 0)}.",
        ]
        gold = float(cm)
        if p["ask"] == "total":
            gold = float(cm * p["units"])
            steps.append(
                f"Total contribution margin = {money(cm, 0)} × {num(p['units'], 0)} units = {money(gold)}."
            )
        return Worked(gold=gold, steps=steps, answer=money(gold))


class BreakEvenSalesDollars(NumericTemplate):
    """Break-even sales revenue = fixed costs / contribution margin ratio."""

    name = "cvp_break_even_sales_dollars"
    rounding = 1.0
    category = "cost_volume_profit"
    key_terms = ("break-even point", "contribution margin ratio", "fixed costs", "sales revenue")

    def sample(self, rng: random.Random) -> Params:
        price, variable = _sample_price_cost(rng)
        # Fixed costs are a whole multiple of the unit margin so the break-even volume is exact.
        units = rng.randrange(2, 200) * 100
        return {"price": price, "variable": variable, "fixed": units * (price - variable)}

    def question(self, p: Params) -> str:
        return (
            f"{_price_text(p)} " + ("Using the contribution margin ratio, what sales revenue (in dollars) "
                                    "does the company need to break even?",
                                    "What break-even sales revenue, in dollars, does the company need?",
                                    "How many dollars of sales must the company make to break even?")[self.variant(p, 3)]
            + " Round to the nearest dollar."
        )

    def names_method(self, p: Params) -> bool:
        return self.variant(p, 3) == 0

    def exact(self, p: Params) -> float:
        return p["fixed"] * p["price"] / (p["price"] - p["variable"])

    def mistakes(self, p: Params) -> dict[str, float]:
        """Break-even units given as dollars; fixed costs over the variable-cost ratio."""
        cm = p["price"] - p["variable"]
        return {"units, not dollars": p["fixed"] / cm, "over the variable-cost ratio": p["fixed"] * p["price"] / p["variable"]}

    def solve(self, p: Params) -> Worked:
        cm = p["price"] - p["variable"]
        ratio = Fraction(cm, p["price"])
        sales = round2(float(p["fixed"] / ratio))
        return Worked(
            gold=sales,
            steps=[
                f"Contribution margin per unit = {money(p['price'], 0)} - {money(p['variable'], 0)} = "
                f"{money(cm, 0)}; contribution margin ratio = {money(cm, 0)} / {money(p['price'], 0)} = "
                f"{float(ratio) * 100:.4g}%.",
                f"Break-even sales = fixed costs / CM ratio = {money(p['fixed'], 0)} / "
                f"({cm}/{p['price']}) = {money(sales)}.",
                f"Check: {money(p['fixed'], 0)} / {money(cm, 0)} = {p['fixed'] // cm:,} units × "
                f"{money(p['price'], 0)} = {money(sales)}.",
            ],
            answer=money(sales),
        )


TEMPLATES = [
    BreakEvenUnits(),
    ContributionMarginRatio(),
    TargetProfitUnits(),
    ContributionMargin(),
    BreakEvenSalesDollars(),
]
