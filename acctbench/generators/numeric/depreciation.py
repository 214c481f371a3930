"""Depreciation templates (ASC 360 / IAS 16: systematic allocation of cost less residual value)."""

from __future__ import annotations

import random
from fractions import Fraction

from acctbench.generators.base import NumericTemplate, Params, Worked, money, num, round2

ASSETS = ("equipment", "a delivery truck", "a production machine", "a computer system",
          "store fixtures")
# Presentation-only parameters: they change the wording, not the question.
_PRESENTATION = ("asset",)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def _ordinal(k: int) -> str:
    return {1: "first", 2: "second", 3: "third"}.get(k, f"{k}th")


def _cost_and_salvage(rng: random.Random) -> tuple[int, int]:
    """A round cost in thousands and a salvage value of at most 20% of cost, in $500 steps."""
    cost = rng.randrange(10, 500) * 1000
    return cost, rng.randrange(0, cost // 5 // 500 + 1) * 500


class _Depreciation(NumericTemplate):
    """Shared settings: money gold rounded to cents, asset wording excluded from identity."""

    category = "depreciation"
    principles = ("depreciation_allocation", "matching")

    def identity(self, p: Params) -> Params:
        return {k: v for k, v in p.items() if k not in _PRESENTATION}


class StraightLineDepreciation(NumericTemplate):
    """Annual straight-line depreciation: (cost - salvage) / useful life."""

    name = "depreciation_straight_line"
    rounding = 0.01
    category = "depreciation"
    key_terms = ("straight-line depreciation", "salvage value", "useful life", "depreciable base")
    principles = ("depreciation_allocation", "matching")

    def sample(self, rng: random.Random) -> Params:
        life = rng.choice([3, 4, 5, 6, 8, 10, 12, 15, 20])
        cost = rng.randrange(10, 500) * 1000
        salvage = rng.randrange(0, cost // 5 // 500 + 1) * 500
        return {"cost": cost, "salvage": salvage, "life": life}

    def question(self, p: Params) -> str:
        return (
            f"A company buys equipment for {money(p['cost'], 0)}. It expects a salvage value of "
            f"{money(p['salvage'], 0)} at the end of a {p['life']}-year useful life. "
            + ("Using the straight-line method, what is the annual depreciation expense?",
               "What depreciation expense does the straight-line method charge each year?",
               "How much straight-line depreciation should it record per year?")[self.variant(p, 3)]
            + " Give the answer in dollars, rounded to two decimal places."
        )

    def exact(self, p: Params) -> float:
        return (p["cost"] - p["salvage"]) / p["life"]

    def mistakes(self, p: Params) -> dict[str, float]:
        """Salvage not subtracted; salvage added; one year too many in the life."""
        return {"salvage ignored": p["cost"] / p["life"], "salvage added": (p["cost"] + p["salvage"]) / p["life"],
                "life one year longer": (p["cost"] - p["salvage"]) / (p["life"] + 1)}

    def solve(self, p: Params) -> Worked:
        base = p["cost"] - p["salvage"]
        annual = round2(base / p["life"])
        return Worked(
            gold=annual,
            steps=[
                f"Depreciable base = cost - salvage value = {money(p['cost'])} - {money(p['salvage'])}"
                f" = {money(base)}.",
                f"Straight-line depreciation spreads it evenly: {money(base)} / {p['life']} years"
                f" = {money(annual)} per year.",
            ],
            answer=money(annual),
        )


def ddb_schedule(cost: int, salvage: int, life: int) -> list[tuple[float, float, float]]:
    """Double-declining-balance rows ``(opening book value, depreciation, closing book value)``.

    Each year's charge is twice the straight-line rate on the opening book value, rounded to
    cents, and never takes book value below salvage value (no switch to straight-line).
    """
    rows = []
    book = float(cost)
    for _ in range(life):
        declining = round2(float(Fraction(2, life) * Fraction(repr(book))))
        charge = max(min(declining, round2(book - salvage)), 0.0)
        rows.append((book, charge, round2(book - charge)))
        book = round2(book - charge)
    return rows


class DoubleDecliningDepreciation(_Depreciation):
    """Depreciation expense in year k under the double-declining-balance method."""

    name = "depreciation_double_declining"
    rounding = 0.01
    key_terms = ("double-declining-balance", "book value", "salvage value", "accelerated depreciation",
                 "straight-line rate")

    def sample(self, rng: random.Random) -> Params:
        life = rng.choice([3, 4, 5, 6, 8, 10])
        cost, salvage = _cost_and_salvage(rng)
        positive = [i + 1 for i, row in enumerate(ddb_schedule(cost, salvage, life)) if row[1] > 0]
        return {"cost": cost, "salvage": salvage, "life": life, "year": rng.choice(positive),
                "asset": rng.choice(ASSETS)}

    def question(self, p: Params) -> str:
        return (
            f"On the first day of its fiscal year, a company acquires {p['asset']} for "
            f"{money(p['cost'], 0)}, with an estimated salvage value of {money(p['salvage'], 0)} and a "
            f"useful life of {p['life']} years. It uses the double-declining-balance method: each "
            "year's depreciation is twice the straight-line rate applied to the opening book value, "
            "rounded to the nearest cent, and book value is never reduced below salvage value (no "
            f"switch to straight-line). What is the depreciation expense for year {p['year']}? "
            "Give the answer in dollars, rounded to two decimal places."
        )

    def mistakes(self, p: Params) -> dict[str, float]:
        """Salvage subtracted before applying the rate; the straight-line rate; the previous
        year's charge; the rate on original cost every year."""
        k = p["year"]
        out = {"salvage subtracted": ddb_schedule(p["cost"] - p["salvage"], 0, p["life"])[k - 1][1],
               "straight-line rate on book value": float(Fraction(1, p["life"]) * Fraction(repr(
                   ddb_schedule(p["cost"], p["salvage"], p["life"])[k - 1][0])))}
        if k > 1:
            out["rate on cost every year"] = float(Fraction(2, p["life"]) * p["cost"])
            out["previous year's charge"] = ddb_schedule(p["cost"], p["salvage"], p["life"])[k - 2][1]
        return out

    def solve(self, p: Params) -> Worked:
        rate = Fraction(2, p["life"])
        rows = ddb_schedule(p["cost"], p["salvage"], p["life"])[: p["year"]]
        steps = [
            f"The straight-line rate is 1 / {p['life']} = {num(100 / p['life'])}%, so the "
            f"double-declining rate is 2 / {p['life']} = {num(float(rate) * 100)}%; salvage value is "
            f"ignored in the rate but book value may not fall below {money(p['salvage'])}."
        ]
        for year, (opening, charge, closing) in enumerate(rows, start=1):
            full = round2(float(rate * Fraction(repr(opening))))
            capped = charge < full
            steps.append(
                f"Year {year}: 2/{p['life']} x {money(opening)} = {money(full)}"
                + (f", limited to book value minus salvage {money(opening)} - {money(p['salvage'])}"
                   f" = {money(charge)}" if capped else "")
                + f"; closing book value {money(opening)} - {money(charge)} = {money(closing)}."
            )
        gold = rows[-1][1]
        steps.append(f"Depreciation expense for year {p['year']} is {money(gold)}.")
        return Worked(gold=gold, steps=steps, answer=money(gold))


class SumOfYearsDigitsDepreciation(_Depreciation):
    """Depreciation expense in year k under the sum-of-the-years'-digits method."""

    name = "depreciation_sum_of_years_digits"
    rounding = 0.01
    key_terms = ("sum-of-the-years'-digits", "depreciable base", "remaining useful life",
                 "salvage value", "accelerated depreciation")

    def sample(self, rng: random.Random) -> Params:
        life = rng.choice([3, 4, 5, 6, 7, 8, 10])
        cost, salvage = _cost_and_salvage(rng)
        return {"cost": cost, "salvage": salvage, "life": life, "year": rng.randint(1, life),
                "asset": rng.choice(ASSETS)}

    def question(self, p: Params) -> str:
        return (
            f"A company purchases {p['asset']} at the start of its fiscal year for "
            f"{money(p['cost'], 0)}. The estimated salvage value is {money(p['salvage'], 0)} and the "
            f"useful life is {p['life']} years. Using the sum-of-the-years'-digits method, what is "
            f"the depreciation expense for the {_ordinal(p['year'])} year of use? Give the answer in "
            "dollars, rounded to two decimal places."
        )

    def exact(self, p: Params) -> float:
        n, k = p["life"], p["year"]
        return (p["cost"] - p["salvage"]) * (n - k + 1) / (n * (n + 1) / 2)

    def mistakes(self, p: Params) -> dict[str, float]:
        """The year number as numerator (ascending fractions); salvage not subtracted."""
        n, k = p["life"], p["year"]
        syd = n * (n + 1) / 2
        return {"ascending fraction": (p["cost"] - p["salvage"]) * k / syd,
                "salvage ignored": p["cost"] * (n - k + 1) / syd}

    def solve(self, p: Params) -> Worked:
        n, k = p["life"], p["year"]
        syd = n * (n + 1) // 2
        remaining = n - k + 1
        base = p["cost"] - p["salvage"]
        gold = round2(float(Fraction(base * remaining, syd)))
        steps = [
            f"Depreciable base = {money(p['cost'])} - {money(p['salvage'])} = {money(base)}.",
            f"Sum of the years' digits for {n} years = {n} x {n + 1} / 2 = {syd}.",
            f"Year {k} uses the remaining life at the start of that year, {n} - {k} + 1 = "
            f"{remaining}, so the fraction is {remaining}/{syd}.",
            f"Depreciation = {money(base)} x {remaining}/{syd} = {money(gold)}.",
        ]
        return Worked(gold=gold, steps=steps, answer=money(gold))


_ACTIVITIES = (  # asset, activity unit, verb phrase, rate range in cents, total range, step
    ("a delivery truck", "miles", "was driven", (10, 81, 5), (100, 401), 1000),
    ("a production machine", "units", "produced", (5, 301, 5), (50, 1001), 1000),
    ("a stamping press", "machine hours", "was operated for", (200, 4001, 25), (50, 501), 100),
)


def _rate_text(rate: Fraction) -> str:
    """A per-unit rate: exact cents as ``$0.25``, otherwise four decimals."""
    if (rate * 100).denominator == 1:
        return f"${num(float(rate), 2)}"
    return f"${float(rate):,.4f} (unrounded)"


class UnitsOfProductionDepreciation(_Depreciation):
    """Period depreciation under the units-of-production (activity) method."""

    name = "depreciation_units_of_production"
    rounding = 0.01
    key_terms = ("units-of-production method", "depreciation rate per unit", "depreciable base",
                 "salvage value", "estimated total output")

    def sample(self, rng: random.Random) -> Params:
        activity = rng.randrange(len(_ACTIVITIES))
        _, _, _, rates, totals, step = _ACTIVITIES[activity]
        total = rng.randrange(*totals) * step
        base = rng.randrange(*rates) * total // 100
        salvage = rng.randrange(0, base // 10 // 500 + 1) * 500
        used = rng.randrange(total // step // 20, total // step // 4 + 1) * step
        return {"cost": base + salvage, "salvage": salvage, "total": total, "used": used,
                "activity": activity}

    def question(self, p: Params) -> str:
        asset, unit, verb = _ACTIVITIES[p["activity"]][:3]
        return (
            f"A company acquires {asset} for {money(p['cost'], 0)}. It estimates a salvage value of "
            f"{money(p['salvage'], 0)} and a total useful output of {num(p['total'])} {unit}. During "
            f"the current year the asset {verb} {num(p['used'])} {unit}. Using the units-of-production "
            "method, what is the depreciation expense for the year? Give the answer in dollars, "
            "rounded to two decimal places."
        )

    def exact(self, p: Params) -> float:
        return (p["cost"] - p["salvage"]) * p["used"] / p["total"]

    def mistakes(self, p: Params) -> dict[str, float]:
        """Salvage not subtracted; the rate applied to the output still to come."""
        base = p["cost"] - p["salvage"]
        return {"salvage ignored": p["cost"] * p["used"] / p["total"],
                "remaining output": base * (p["total"] - p["used"]) / p["total"]}

    def solve(self, p: Params) -> Worked:
        unit = _ACTIVITIES[p["activity"]][1]
        base = p["cost"] - p["salvage"]
        rate = Fraction(base, p["total"])
        gold = round2(float(rate * p["used"]))
        steps = [
            f"Depreciable base = {money(p['cost'])} - {money(p['salvage'])} = {money(base)}.",
            f"Rate per unit of activity = {money(base)} / {num(p['total'])} {unit} = "
            f"{_rate_text(rate)} per {unit[:-1]}.",
            f"Depreciation = {num(p['used'])} {unit} x {_rate_text(rate)} = {money(gold)}.",
        ]
        return Worked(gold=gold, steps=steps, answer=money(gold))


class PartialYearStraightLine(_Depreciation):
    """First-year straight-line depreciation for an asset bought mid-year (whole months)."""

    name = "depreciation_partial_year_straight_line"
    rounding = 0.01
    key_terms = ("straight-line depreciation", "partial-year depreciation", "months in service",
                 "salvage value", "useful life")
    principles = ("depreciation_allocation", "matching", "time_period")

    def sample(self, rng: random.Random) -> Params:
        year_end = rng.choice([12, 12, 6, 9, 3])  # month the fiscal year ends
        start = rng.choice([m for m in range(1, 13) if m != year_end % 12 + 1])
        cost, salvage = _cost_and_salvage(rng)
        return {"cost": cost, "salvage": salvage, "life": rng.choice([3, 4, 5, 6, 8, 10, 12, 15]),
                "start_month": start, "year_end_month": year_end, "asset": rng.choice(ASSETS)}

    def question(self, p: Params) -> str:
        end = _MONTHS[p["year_end_month"] - 1]
        end_day = {3: 31, 6: 30, 9: 30, 12: 31}[p["year_end_month"]]
        return (
            f"A company whose fiscal year ends on {end} {end_day} buys {p['asset']} on "
            f"{_MONTHS[p['start_month'] - 1]} 1 for {money(p['cost'], 0)}. The salvage value is "
            f"{money(p['salvage'], 0)} and the useful life is {p['life']} years. The company uses "
            "straight-line depreciation computed to the nearest whole month. What depreciation "
            "expense should it record for the fiscal year in which the asset was bought? Give the "
            "answer in dollars, rounded to two decimal places."
        )

    def exact(self, p: Params) -> float:
        months = (p["year_end_month"] - p["start_month"]) % 12 + 1
        return (p["cost"] - p["salvage"]) / p["life"] * months / 12

    def mistakes(self, p: Params) -> dict[str, float]:
        """A full year; one month too few (the purchase month left out); a calendar year-end
        assumed; salvage not subtracted."""
        months = (p["year_end_month"] - p["start_month"]) % 12 + 1
        annual = (p["cost"] - p["salvage"]) / p["life"]
        out = {"a full year": annual, "one month too few": annual * (months - 1) / 12,
               "salvage ignored": p["cost"] / p["life"] * months / 12}
        if p["year_end_month"] != 12:
            out["December year-end assumed"] = annual * (13 - p["start_month"]) / 12
        return out

    def solve(self, p: Params) -> Worked:
        months = (p["year_end_month"] - p["start_month"]) % 12 + 1
        base = p["cost"] - p["salvage"]
        annual = Fraction(base, p["life"])
        gold = round2(float(annual * months / 12))
        steps = [
            f"Depreciable base = {money(p['cost'])} - {money(p['salvage'])} = {money(base)}; "
            f"annual straight-line depreciation = {money(base)} / {p['life']} = "
            f"{money(round2(float(annual)))}.",
            f"The asset is in service from {_MONTHS[p['start_month'] - 1]} 1 to the end of "
            f"{_MONTHS[p['year_end_month'] - 1]}: {months} months.",
            f"First-year depreciation = {money(base)} x {months} / ({p['life']} x 12) = {money(gold)}.",
        ]
        return Worked(gold=gold, steps=steps, answer=money(gold))


TEMPLATES = [
    StraightLineDepreciation(),
    DoubleDecliningDepreciation(),
    SumOfYearsDigitsDepreciation(),
    UnitsOfProductionDepreciation(),
    PartialYearStraightLine(),
]
