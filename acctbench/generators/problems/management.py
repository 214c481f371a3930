"""Managerial accounting: activity-based product cost, weighted-average process costing, a
special order with limited capacity, and a division's residual income.
"""

from __future__ import annotations

import random

from acctbench.generators.base import Params
from acctbench.generators.problems._common import Calc, NumericProblem, cents, dollars, m0, money, pct, poss

_ACTIVITIES = (("machine setups", "setups"), ("material moves", "moves"), ("inspections", "inspections"),
               ("machine use", "machine hours"), ("purchase orders", "orders"))


class AbcUnitCost(NumericProblem):
    """Full manufacturing cost per unit of one product under activity-based costing.

    Rate per driver = pool cost / total driver quantity, for three pools; overhead assigned =
    Σ rate × the product's usage; total cost = direct materials + direct labour + overhead;
    per unit = total / units. Typical errors: one plantwide rate on direct-labour hours; the
    overhead per unit reported without the prime costs; the other product's usage taken as the
    product's.
    """

    name = "abc_unit_cost"
    rounding = 0.01
    key_terms = ("activity-based costing", "cost driver", "activity rate", "overhead", "product cost")
    principles = ("matching",)

    def draw(self, rng: random.Random) -> Params:
        picks = rng.sample(range(len(_ACTIVITIES)), 3)
        pools = [rng.randrange(20, 400) * 1_000 for _ in picks]
        totals = [rng.randrange(20, 2000) * 10 for _ in picks]
        usage = [round(t * rng.randrange(10, 60) / 100) for t in totals]
        hours = rng.randrange(20, 200) * 100
        return {"activities": picks, "pools": pools, "totals": totals, "usage": usage,
                "units": rng.randrange(5, 100) * 100, "materials": rng.randrange(50, 800) * 100,
                "labor_hours": hours, "product_hours": round(hours * rng.randrange(15, 60) / 100),
                "wage": rng.randrange(18, 40)}

    def question(self, p: Params) -> str:
        pools = "; ".join(f"{_ACTIVITIES[a][0]} {m0(c)} ({t:,} {_ACTIVITIES[a][1]} in all)" for a, c, t in
                          zip(p["activities"], p["pools"], p["totals"]))
        used = ", ".join(f"{u:,} {_ACTIVITIES[a][1]}" for a, u in zip(p["activities"], p["usage"]))
        asks = (
            "What is the manufacturing cost of one Model X unit under activity-based costing? Round to the cent.",
            "Assigning overhead by activity, compute Model X's full manufacturing cost per unit, to the cent.",
            f"Using the activity pools, what unit product cost should {p['company']} report for Model X? "
            "Round to the nearest cent.",
        )
        return (
            f"{poss(p['company'])} plant overhead sits in three activity pools: {pools}. The plant works "
            f"{p['labor_hours']:,} direct-labour hours a year. This year it made {p['units']:,} units of Model X, "
            f"which used {m0(p['materials'])} of direct materials, {p['product_hours']:,} direct-labour hours at "
            f"{m0(p['wage'])} an hour, and {used}. " + asks[p["wording"]]
        )

    def _prime(self, p: Params) -> float:
        return p["materials"] + p["product_hours"] * p["wage"]

    def _overhead(self, p: Params) -> float:
        return sum(c / t * u for c, t, u in zip(p["pools"], p["totals"], p["usage"]))

    def exact(self, p: Params) -> float:
        return (self._prime(p) + self._overhead(p)) / p["units"]

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c = Calc()
        rates = [cost / t for cost, t in zip(p["pools"], p["totals"])]
        c.step("Activity rates: " + "; ".join(
            f"{_ACTIVITIES[a][0]} {m0(cost)} / {t:,} = {money(r, 4)} per {_ACTIVITIES[a][1].rstrip('s')}"
            for a, cost, t, r in zip(p["activities"], p["pools"], p["totals"], rates)) + ".", count=3)
        c.step("Overhead assigned to Model X = " + " + ".join(
            f"{u:,} × {money(r, 4)}" for u, r in zip(p["usage"], rates)) + f" = {money(self._overhead(p))}.")
        labor = p["product_hours"] * p["wage"]
        c.step(f"Direct labour = {p['product_hours']:,} × {m0(p['wage'])} = {m0(labor)}.")
        total = self._prime(p) + self._overhead(p)
        c.step(f"Total cost = {m0(p['materials'])} + {m0(labor)} + {money(self._overhead(p))} = {money(total)}.")
        unit = cents(total / p["units"])
        c.step(f"Cost per unit = {money(total)} / {p['units']:,} = {money(unit)}.")
        return unit, c, money(unit)

    def mistakes(self, p: Params) -> dict[str, float]:
        plantwide = sum(p["pools"]) / p["labor_hours"] * p["product_hours"]
        by_units = sum(c * (1 - u / t) for c, t, u in zip(p["pools"], p["totals"], p["usage"]))
        return {
            "plantwide_labor_hours": cents((self._prime(p) + plantwide) / p["units"]),
            "overhead_only": cents(self._overhead(p) / p["units"]),
            "other_product_usage": cents((self._prime(p) + by_units) / p["units"]),
        }


class ProcessEndingWip(NumericProblem):
    """Cost of ending work in process under weighted-average process costing.

    Units completed = beginning + started - ending; equivalent units: materials (added at the
    start) = completed + ending, conversion = completed + ending × % complete; cost per
    equivalent unit = (beginning + current cost) / equivalent units, for each; ending WIP =
    ending × materials rate + ending × % × conversion rate. Typical errors: FIFO equivalent units
    with weighted-average costs; ending units costed as fully converted; materials treated as
    added evenly (at the conversion %); the beginning WIP cost left out.
    """

    name = "process_ending_wip"
    key_terms = ("process costing", "weighted-average method", "equivalent units", "work in process",
                 "conversion costs")
    principles = ("matching", "historical_cost")

    def draw(self, rng: random.Random) -> Params:
        begin = rng.randrange(5, 80) * 100
        return {"begin": begin, "begin_pct": rng.randrange(2, 9) * 10, "started": rng.randrange(100, 900) * 100,
                "end": rng.randrange(5, 80) * 100, "end_pct": rng.randrange(1, 19) * 5,
                "begin_mat": round(begin * rng.randrange(200, 900) / 100), "begin_conv":
                round(begin * rng.randrange(100, 600) / 100), "mat": rng.randrange(100, 3000) * 1_000,
                "conv": rng.randrange(100, 3000) * 1_000}

    def acceptable(self, p: Params) -> bool:
        return p["end"] < p["begin"] + p["started"] and p["end_pct"] < 100 and super().acceptable(p)

    def _cost(self, p: Params, fifo: bool = False, full: bool = False, mat_even: bool = False,
              no_begin: bool = False) -> float:
        done = p["begin"] + p["started"] - p["end"]
        share = 1 if full else p["end_pct"] / 100
        mat_share = share if mat_even else 1
        eu_mat = done + p["end"] * mat_share - (p["begin"] * (1 if not mat_even else p["begin_pct"] / 100)
                                                if fifo else 0)
        eu_conv = done + p["end"] * share - (p["begin"] * p["begin_pct"] / 100 if fifo else 0)
        mat = p["mat"] + (0 if no_begin else p["begin_mat"])
        conv = p["conv"] + (0 if no_begin else p["begin_conv"])
        return p["end"] * mat_share * mat / eu_mat + p["end"] * share * conv / eu_conv

    def question(self, p: Params) -> str:
        asks = (
            "Using the weighted-average method, what is the cost of ending work in process? Round to the nearest "
            "dollar.",
            "What cost is assigned to the department's ending work-in-process inventory (weighted-average "
            "method, nearest dollar)?",
            f"At what amount should {p['company']} carry the mixing department's ending work in process? It "
            "averages beginning and current costs. Nearest dollar.",
        )
        return (
            f"In {poss(p['company'])} mixing department all materials are added at the start of the process and "
            f"conversion costs are incurred evenly. Beginning work in process: {p['begin']:,} units, "
            f"{p['begin_pct']}% converted, with materials cost {m0(p['begin_mat'])} and conversion cost "
            f"{m0(p['begin_conv'])}. During the month {p['started']:,} units were started, and materials cost "
            f"{m0(p['mat'])} and conversion {m0(p['conv'])} were added. Ending work in process: {p['end']:,} "
            f"units, {p['end_pct']}% converted. " + asks[p["wording"]]
        )

    def exact(self, p: Params) -> float:
        return self._cost(p)

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c = Calc()
        done = p["begin"] + p["started"] - p["end"]
        c.step(f"Units completed = {p['begin']:,} + {p['started']:,} - {p['end']:,} = {done:,}.")
        eu_mat = done + p["end"]
        c.step(f"Equivalent units, materials = {done:,} + {p['end']:,} × 100% = {eu_mat:,}.")
        eu_conv = done + p["end"] * p["end_pct"] / 100
        c.step(f"Equivalent units, conversion = {done:,} + {p['end']:,} × {p['end_pct']}% = {eu_conv:,.0f}.")
        mat_rate = (p["begin_mat"] + p["mat"]) / eu_mat
        c.step(f"Materials cost per equivalent unit = ({m0(p['begin_mat'])} + {m0(p['mat'])}) / {eu_mat:,} = "
               f"{money(mat_rate, 4)}.")
        conv_rate = (p["begin_conv"] + p["conv"]) / eu_conv
        c.step(f"Conversion cost per equivalent unit = ({m0(p['begin_conv'])} + {m0(p['conv'])}) / "
               f"{eu_conv:,.0f} = {money(conv_rate, 4)}.")
        wip = dollars(self._cost(p))
        c.step(f"Ending WIP = {p['end']:,} × {money(mat_rate, 4)} + {p['end'] * p['end_pct'] / 100:,.0f} × "
               f"{money(conv_rate, 4)} = {m0(wip)}.")
        return wip, c, m0(wip)

    def mistakes(self, p: Params) -> dict[str, float]:
        return {
            "fifo_equivalent_units": dollars(self._cost(p, fifo=True)),
            "fully_converted": dollars(self._cost(p, full=True)),
            "materials_added_evenly": dollars(self._cost(p, mat_even=True)),
            "beginning_cost_left_out": dollars(self._cost(p, no_begin=True)),
        }


class SpecialOrderIncome(NumericProblem):
    """Change in operating income from accepting a special order that may exceed idle capacity.

    Idle capacity = capacity - regular sales; relevant unit cost = variable manufacturing cost
    (plus the order's own unit cost, without the regular variable selling cost it avoids);
    contribution of the order = units × (special price - relevant cost); regular units given up =
    order - idle capacity (if positive); lost contribution = those units × regular unit
    contribution; change = order contribution - lost contribution - one-off cost. Typical errors:
    the allocated fixed overhead per unit treated as relevant; the capacity limit ignored; the
    variable selling cost charged to the order.
    """

    name = "special_order_income"
    signed = True
    key_terms = ("special order", "relevant cost", "idle capacity", "opportunity cost", "contribution margin")
    principles = ("matching",)

    def draw(self, rng: random.Random) -> Params:
        capacity = rng.randrange(20, 200) * 1_000
        price = rng.randrange(30, 300)
        return {"capacity": capacity, "regular": capacity * rng.randrange(60, 96) // 100,
                "order": capacity * rng.randrange(8, 35) // 100, "price": price,
                "special": round(price * rng.randrange(50, 90) / 100),
                "materials": round(price * rng.randrange(12, 25) / 100),
                "labor": round(price * rng.randrange(8, 20) / 100),
                "var_oh": round(price * rng.randrange(4, 12) / 100),
                "fixed_oh": round(price * rng.randrange(8, 20) / 100),
                "selling": round(price * rng.randrange(4, 10) / 100), "setup": rng.randrange(0, 40) * 500}

    def _change(self, p: Params, fixed: bool = False, no_capacity: bool = False, selling: bool = False) -> float:
        cost = p["materials"] + p["labor"] + p["var_oh"] + (p["fixed_oh"] if fixed else 0) + (
            p["selling"] if selling else 0)
        regular_cm = p["price"] - p["materials"] - p["labor"] - p["var_oh"] - p["selling"]
        lost = 0 if no_capacity else max(0, p["order"] - (p["capacity"] - p["regular"]))
        return p["order"] * (p["special"] - cost) - lost * regular_cm - p["setup"]

    def acceptable(self, p: Params) -> bool:
        return p["order"] > p["capacity"] - p["regular"] > 0 and p["selling"] > 0 and super().acceptable(p)

    def question(self, p: Params) -> str:
        asks = (
            "By how much would accepting the order change operating income? Round to the nearest dollar; a "
            "decrease as a negative number.",
            "What is the effect on operating income of accepting the offer (nearest dollar, negative if it "
            "lowers income)?",
            f"Should {p['company']} accept? Give the change in its operating income, to the nearest dollar "
            "(negative for a decrease).",
        )
        setup = (f"The order needs a one-off setup costing {m0(p['setup'])}. " if p["setup"] else
                 "The order needs no special setup. ")
        return (
            f"{p['company']} can make {p['capacity']:,} units a year and expects to sell {p['regular']:,} at "
            f"{m0(p['price'])} each. Its unit costs are: direct materials {m0(p['materials'])}, direct labour "
            f"{m0(p['labor'])}, variable overhead {m0(p['var_oh'])}, fixed overhead {m0(p['fixed_oh'])} "
            f"(allocated; total fixed costs do not change), and variable selling cost {m0(p['selling'])}. A "
            f"customer offers to buy {p['order']:,} units at {m0(p['special'])} each; the order is all or "
            f"nothing and needs no selling effort, so no variable selling cost applies to it. {setup}Regular "
            "sales given up to make room are lost for good. " + asks[p["wording"]]
        )

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c = Calc()
        idle = p["capacity"] - p["regular"]
        c.step(f"Idle capacity = {p['capacity']:,} - {p['regular']:,} = {idle:,} units.")
        cost = p["materials"] + p["labor"] + p["var_oh"]
        c.step(f"Relevant cost per unit = {m0(p['materials'])} + {m0(p['labor'])} + {m0(p['var_oh'])} = {m0(cost)} "
               "(fixed overhead is unavoidable; no selling cost).")
        gain = p["order"] * (p["special"] - cost)
        c.step(f"Contribution from the order = {p['order']:,} × ({m0(p['special'])} - {m0(cost)}) = {m0(gain)}.")
        lost = p["order"] - idle
        regular_cm = p["price"] - cost - p["selling"]
        c.step(f"Regular sales given up = {p['order']:,} - {idle:,} = {lost:,} units.")
        c.step(f"Regular contribution per unit = {m0(p['price'])} - {m0(cost)} - {m0(p['selling'])} = "
               f"{m0(regular_cm)}; lost = {lost:,} × {m0(regular_cm)} = {m0(lost * regular_cm)}.", count=2)
        change = dollars(self._change(p))
        c.step(f"Change in operating income = {m0(gain)} - {m0(lost * regular_cm)} - setup {m0(p['setup'])} = "
               f"{m0(change)}.")
        return change, c, m0(change)

    def mistakes(self, p: Params) -> dict[str, float]:
        return {
            "fixed_overhead_included": dollars(self._change(p, fixed=True)),
            "capacity_ignored": dollars(self._change(p, no_capacity=True)),
            "selling_cost_charged": dollars(self._change(p, selling=True)),
        }


class ResidualIncome(NumericProblem):
    """A division's residual income from its segment income statement and its assets.

    Contribution margin = sales - variable costs; divisional operating income = margin - the
    division's traceable fixed costs (allocated corporate costs excluded, as the question's
    policy states); average operating assets = (beginning + ending) / 2; charge = minimum rate ×
    average assets; residual income = income - charge. Typical errors: ending assets instead of
    the average; the allocated corporate costs deducted; the operating income reported with no
    capital charge.
    """

    name = "residual_income"
    signed = True
    key_terms = ("residual income", "minimum required rate of return", "average operating assets",
                 "divisional operating income", "return on investment")
    principles = ("economic_entity",)

    def draw(self, rng: random.Random) -> Params:
        sales = rng.randrange(100, 5000) * 1_000
        return {"sales": sales, "variable": round(sales * rng.randrange(35, 70) / 100, -3),
                "fixed": round(sales * rng.randrange(8, 25) / 100, -3),
                "corporate": round(sales * rng.randrange(2, 8) / 100, -3),
                "begin": round(sales * rng.randrange(40, 150) / 100, -3),
                "end": round(sales * rng.randrange(40, 150) / 100, -3), "rate": rng.choice((8, 9, 10, 11, 12, 14, 15))}

    def _ri(self, p: Params, ending: bool = False, corporate: bool = False) -> float:
        income = p["sales"] - p["variable"] - p["fixed"] - (p["corporate"] if corporate else 0)
        assets = p["end"] if ending else (p["begin"] + p["end"]) / 2
        return income - p["rate"] / 100 * assets

    def question(self, p: Params) -> str:
        asks = (
            "What is the division's residual income for the year? Round to the nearest dollar (negative if "
            "below zero).",
            "Compute the division's residual income, to the nearest dollar; a negative result as a negative "
            "number.",
            f"How much income did the division earn above {poss(p['company'])} required return on its assets? "
            "Nearest dollar, negative if short.",
        )
        return (
            f"{poss(p['company'])} Eastern Division reported sales of {m0(p['sales'])}, variable costs of "
            f"{m0(p['variable'])}, traceable fixed costs of {m0(p['fixed'])} and {m0(p['corporate'])} of "
            f"corporate costs allocated to it, which the company excludes when it evaluates divisions. Its "
            f"operating assets were {m0(p['begin'])} at the start of the year and {m0(p['end'])} at the end. "
            f"The company's minimum required rate of return is {pct(p['rate'])}. " + asks[p["wording"]]
        )

    def exact(self, p: Params) -> float:
        return self._ri(p)

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c = Calc()
        cm = p["sales"] - p["variable"]
        c.step(f"Contribution margin = {m0(p['sales'])} - {m0(p['variable'])} = {m0(cm)}.")
        income = cm - p["fixed"]
        c.step(f"Divisional operating income = {m0(cm)} - {m0(p['fixed'])} = {m0(income)} (allocated corporate "
               "costs excluded).")
        avg = (p["begin"] + p["end"]) / 2
        c.step(f"Average operating assets = ({m0(p['begin'])} + {m0(p['end'])}) / 2 = {money(avg)}.")
        charge = p["rate"] / 100 * avg
        c.step(f"Required return = {pct(p['rate'])} × {money(avg)} = {money(charge)}.")
        ri = dollars(self._ri(p))
        c.step(f"Residual income = {m0(income)} - {money(charge)} = {m0(ri)}.")
        return ri, c, m0(ri)

    def mistakes(self, p: Params) -> dict[str, float]:
        return {
            "ending_assets": dollars(self._ri(p, ending=True)),
            "corporate_costs_deducted": dollars(self._ri(p, corporate=True)),
            "income_not_residual": float(p["sales"] - p["variable"] - p["fixed"]),
        }


TEMPLATES = [AbcUnitCost(), ProcessEndingWip(), SpecialOrderIncome(), ResidualIncome()]
