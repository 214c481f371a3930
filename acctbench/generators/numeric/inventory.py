"""Periodic inventory cost-flow templates: FIFO, LIFO and weighted average (ASC 330 / IAS 2).

Every instance has a beginning inventory and two or three purchases at different unit costs; the
periodic system costs the year's sales only at year end, so LIFO draws from the latest purchases
of the whole year regardless of when the sales took place.
"""

from __future__ import annotations

import random
from fractions import Fraction
from typing import ClassVar

from acctbench.generators.base import NumericTemplate, Params, Worked, money, num, round2

COMPANIES = ("Alder Outfitters", "Brightline Supply", "Cedar Hardware", "Delta Office Goods",
             "Evergreen Pet Co.", "Fulton Bike Shop", "Granite Kitchenware", "Harbor Marine Supply")
PRODUCTS = ("widgets", "bicycle helmets", "desk lamps", "water filters", "ink cartridges",
            "garden hoses", "ceramic mugs", "LED bulbs")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
# Presentation-only parameters: they change the wording, not the question.
_PRESENTATION = ("dates", "company", "product")
_METHODS = {"fifo": "first-in, first-out (FIFO)", "lifo": "last-in, first-out (LIFO)",
            "average": "weighted-average"}

Layer = tuple[int, int]  # (units, unit cost in cents)


def _layers(p: Params) -> list[Layer]:
    return [(units, round(cost * 100)) for units, cost in p["layers"]]


def _take(layers: list[Layer], units: int) -> list[Layer]:
    """The units drawn from ``layers`` in the order given, a partial layer last."""
    out = []
    for have, cost in layers:
        if units <= 0:
            break
        used = min(have, units)
        out.append((used, cost))
        units -= used
    return out


def _cost_lines(layers: list[Layer]) -> tuple[str, int]:
    """``"100 x $10.00 = $1,000.00 + ..."`` and the total in cents."""
    total = sum(u * c for u, c in layers)
    parts = [f"{num(u)} x {money(c / 100)} = {money(u * c / 100)}" for u, c in layers]
    return "; ".join(parts), total


def cost_of(p: Params, method: str, target: str) -> float:
    """The unrounded cost of goods sold or ending inventory of ``p`` under a method, in dollars."""
    layers = _layers(p)
    units = sum(u for u, _ in layers)
    wanted = p["sold"] if target == "cogs" else units - p["sold"]
    if method == "average":
        return float(Fraction(sum(u * c for u, c in layers), units * 100) * wanted)
    oldest_first = (method == "fifo") == (target == "cogs")
    return sum(u * c for u, c in _take(layers if oldest_first else layers[::-1], wanted)) / 100


class _PeriodicInventory(NumericTemplate):
    """Shared sampling, wording and solving; subclasses pick the method and the target.

    Typical errors: another cost-flow method, the other half of goods available (cost of goods
    sold for ending inventory or back), a simple average of the unit costs.
    """

    category = "inventory"
    rounding = 0.01

    def exact(self, p: Params) -> float:
        return cost_of(p, self.method, self.target)

    def mistakes(self, p: Params) -> dict[str, float]:
        other = "ending" if self.target == "cogs" else "cogs"
        out = {f"{m} method": cost_of(p, m, self.target) for m in _METHODS if m != self.method}
        out["the other half of goods available"] = cost_of(p, self.method, other)
        costs = [c for _, c in p["layers"]]
        wanted = p["sold"] if self.target == "cogs" else sum(u for u, _ in p["layers"]) - p["sold"]
        out["simple average of unit costs"] = sum(costs) / len(costs) * wanted
        return out
    method: ClassVar[str]  # "fifo" | "lifo" | "average"
    target: ClassVar[str]  # "cogs" | "ending"

    def sample(self, rng: random.Random) -> Params:
        purchases = rng.choice([2, 3])
        cost = rng.randrange(16, 321) * 25  # cents: $4.00 to $80.00
        trend = rng.choice([1, 1, -1])
        layers = [[rng.randrange(2, 21) * 50, cost / 100]]
        for _ in range(purchases):
            cost += trend * rng.randrange(1, max(2, cost // 250) + 1) * 25
            layers.append([rng.randrange(4, 41) * 50, cost / 100])
        total = sum(u for u, _ in layers)
        sold = rng.randrange(layers[0][0] // 10 + 1, total * 9 // 100) * 10
        windows = [(2, 5), (7, 11)] if purchases == 2 else [(2, 4), (5, 8), (9, 11)]
        dates = [f"{_MONTHS[rng.randint(a, b) - 1]} {rng.randint(2, 28)}" for a, b in windows]
        return {"layers": layers, "sold": sold, "dates": dates, "company": rng.choice(COMPANIES),
                "product": rng.choice(PRODUCTS)}

    def identity(self, p: Params) -> Params:
        return {k: v for k, v in p.items() if k not in _PRESENTATION}

    def _what(self) -> str:
        return "cost of goods sold" if self.target == "cogs" else "cost of ending inventory"

    def question(self, p: Params) -> str:
        (beg_units, beg_cost), *purchases = p["layers"]
        rows = [f"beginning inventory on January 1, {num(beg_units)} units at {money(beg_cost)}"]
        rows += [f"purchase on {d}, {num(u)} units at {money(c)}"
                 for d, (u, c) in zip(p["dates"], purchases)]
        note = " (do not round the average unit cost)" if self.method == "average" else ""
        when = "at year end" if self.target == "ending" else "for the year"
        return (
            f"{p['company']} uses a periodic inventory system. Its records for {p['product']} for "
            f"the calendar year show: {'; '.join(rows)}. During the year it sold {num(p['sold'])} "
            f"units. Using the {_METHODS[self.method]} method{note}, what is the {self._what()} "
            f"{when}? Give the answer in dollars, rounded to two decimal places."
        )

    def solve(self, p: Params) -> Worked:
        layers = _layers(p)
        available_units = sum(u for u, _ in layers)
        text, available_cost = _cost_lines(layers)
        ending = available_units - p["sold"]
        wanted = p["sold"] if self.target == "cogs" else ending
        steps = [
            f"Goods available for sale: {text}; in total {num(available_units)} units costing "
            f"{money(available_cost / 100)}.",
            f"Units in ending inventory = {num(available_units)} - {num(p['sold'])} sold = "
            f"{num(ending)}.",
        ]
        if self.method == "average":
            avg = Fraction(available_cost, available_units * 100)
            gold = round2(float(avg * wanted))
            steps += [
                f"Weighted-average unit cost = {money(available_cost / 100)} / {num(available_units)} "
                f"units = ${float(avg):,.4f} (kept unrounded).",
                f"{self._what().capitalize()} = {num(wanted)} units x {money(available_cost / 100)} / "
                f"{num(available_units)} = {money(gold)}.",
            ]
        else:
            oldest_first = (self.method == "fifo") == (self.target == "cogs")
            order = layers if oldest_first else layers[::-1]
            taken_text, taken = _cost_lines(_take(order, wanted))
            gold = round2(taken / 100)
            which = "oldest" if oldest_first else "most recent"
            steps.append(
                f"Under periodic {self.method.upper()}, the {num(wanted)} units in "
                f"{'cost of goods sold' if self.target == 'cogs' else 'ending inventory'} are costed "
                f"from the {which} layers: {taken_text}; total {money(gold)}."
            )
            if self.method == "lifo":
                steps.append("LIFO is permitted under US GAAP (ASC 330) but prohibited by IFRS (IAS 2).")
            steps.append(f"{self._what().capitalize()} = {money(gold)}.")
        return Worked(gold=gold, steps=steps, answer=money(gold))


def _terms(method: str, target: str) -> tuple[str, ...]:
    flow = {"fifo": "first-in, first-out", "lifo": "last-in, first-out",
            "average": "weighted-average cost"}[method]
    what = "cost of goods sold" if target == "cogs" else "ending inventory"
    return (flow, what, "periodic inventory system", "goods available for sale", "cost layers")


class FifoCogs(_PeriodicInventory):
    """Periodic FIFO cost of goods sold."""

    name = "inventory_fifo_cogs"
    method, target = "fifo", "cogs"
    key_terms = _terms(method, target)
    principles = ("matching", "consistency", "historical_cost")


class LifoCogs(_PeriodicInventory):
    """Periodic LIFO cost of goods sold."""

    name = "inventory_lifo_cogs"
    method, target = "lifo", "cogs"
    key_terms = _terms(method, target)
    principles = ("matching", "consistency", "historical_cost")


class WeightedAverageCogs(_PeriodicInventory):
    """Periodic weighted-average cost of goods sold."""

    name = "inventory_weighted_average_cogs"
    method, target = "average", "cogs"
    key_terms = _terms(method, target)[:4] + ("average unit cost",)
    principles = ("matching", "consistency", "historical_cost")


class FifoEndingInventory(_PeriodicInventory):
    """Periodic FIFO ending inventory."""

    name = "inventory_fifo_ending"
    method, target = "fifo", "ending"
    key_terms = _terms(method, target)
    principles = ("historical_cost", "consistency")


class LifoEndingInventory(_PeriodicInventory):
    """Periodic LIFO ending inventory."""

    name = "inventory_lifo_ending"
    method, target = "lifo", "ending"
    key_terms = _terms(method, target)
    principles = ("historical_cost", "consistency")


class WeightedAverageEndingInventory(_PeriodicInventory):
    """Periodic weighted-average ending inventory."""

    name = "inventory_weighted_average_ending"
    method, target = "average", "ending"
    key_terms = _terms(method, target)[:4] + ("average unit cost",)
    principles = ("historical_cost", "consistency")


TEMPLATES = [
    FifoCogs(),
    LifoCogs(),
    WeightedAverageCogs(),
    FifoEndingInventory(),
    LifoEndingInventory(),
    WeightedAverageEndingInventory(),
]
