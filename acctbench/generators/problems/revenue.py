"""Revenue recognised over time with an input method (ASC 606-10-55-20, IFRS 15.B18): progress
measured by costs incurred to date over total expected costs, with an onerous-contract loss
recognised in full as soon as it is expected (ASC 605-35-25-46 provision for losses).
"""

from __future__ import annotations

import random

from acctbench.generators.base import Params
from acctbench.generators.problems._common import Calc, NumericProblem, dollars, m0, poss


class CostToCostYearTwoProfit(NumericProblem):
    """Gross profit (or loss) on a three-year contract in its second year, cost-to-cost.

    Year 1: progress = cost to date / (cost to date + cost to complete); profit to date = progress
    × expected total profit. Year 2 likewise, less the profit recognised in year 1; when the
    expected total is a loss, year 2 takes the whole loss plus a reversal of the year-1 profit.
    Typical errors: the year-2 cumulative profit reported without deducting year 1; a loss
    recognised only in proportion to progress; progress measured with year-2 costs alone.
    """

    name = "cost_to_cost_year_two_profit"
    signed = True
    key_terms = ("percentage of completion", "cost-to-cost", "performance obligation satisfied over time",
                 "onerous contract", "estimated total cost")
    principles = ("revenue_recognition", "conservatism")

    def draw(self, rng: random.Random) -> Params:
        price = rng.randrange(20, 200) * 100_000
        est1 = price * rng.randrange(70, 92) // 100
        cost1 = est1 * rng.randrange(20, 45) // 100
        loss = rng.random() < 0.3
        est2 = price * rng.randrange(102, 111) // 100 if loss else est1 * rng.randrange(95, 107) // 100
        cost2 = (est2 - cost1) * rng.randrange(35, 70) // 100
        return {"price": price, "cost1": round(cost1, -3), "left1": round(est1 - cost1, -3),
                "cost2": round(cost2, -3), "left2": round(est2 - cost1 - cost2, -3)}

    def question(self, p: Params) -> str:
        asks = (
            "What gross profit (loss) does it recognise in Year 2? Round to the nearest dollar; give a loss as a "
            "negative number.",
            "Measuring progress by costs incurred, how much gross profit does the contract contribute in Year 2? "
            "Nearest dollar; a loss as a negative number.",
            f"Compute {poss(p['company'])} Year 2 gross profit on the contract (nearest dollar; a loss as a "
            "negative number).",
        )
        return (
            f"{p['company']} signs a three-year fixed-price contract for {m0(p['price'])} to build a bridge; the "
            f"single performance obligation is satisfied over time and progress is measured by costs incurred "
            f"relative to total expected costs. Year 1: costs incurred {m0(p['cost1'])}, estimated costs to "
            f"complete {m0(p['left1'])}. Year 2: costs incurred during the year {m0(p['cost2'])}, estimated costs "
            f"to complete {m0(p['left2'])}. " + asks[p["wording"]]
        )

    def _parts(self, p: Params) -> dict[str, float]:
        total1 = p["cost1"] + p["left1"]
        to_date2 = p["cost1"] + p["cost2"]
        total2 = to_date2 + p["left2"]
        profit1 = p["cost1"] / total1 * (p["price"] - total1)
        progress2 = to_date2 / total2
        expected2 = p["price"] - total2
        cum2 = expected2 if expected2 < 0 else progress2 * expected2
        return {"total1": total1, "profit1": profit1, "to_date2": to_date2, "total2": total2,
                "progress2": progress2, "expected2": expected2, "cum2": cum2}

    def exact(self, p: Params) -> float:
        q = self._parts(p)
        return q["cum2"] - q["profit1"]

    def acceptable(self, p: Params) -> bool:
        return min(p["left1"], p["left2"], p["cost2"]) > 0 and super().acceptable(p)

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c, q = Calc(), self._parts(p)
        c.step(f"Year 1 expected total cost = {m0(p['cost1'])} + {m0(p['left1'])} = {m0(q['total1'])}; progress = "
               f"{m0(p['cost1'])} / {m0(q['total1'])} = {p['cost1'] / q['total1']:.4%}.")
        c.step(f"Year 1 gross profit = {p['cost1'] / q['total1']:.4%} × ({m0(p['price'])} - {m0(q['total1'])}) = "
               f"{q['profit1']:,.2f}.")
        c.step(f"Year 2 costs to date = {m0(p['cost1'])} + {m0(p['cost2'])} = {m0(q['to_date2'])}; expected total "
               f"cost = {m0(q['to_date2'])} + {m0(p['left2'])} = {m0(q['total2'])}.")
        c.step(f"Expected total gross profit = {m0(p['price'])} - {m0(q['total2'])} = {m0(q['expected2'])}.")
        if q["expected2"] < 0:
            c.step(f"The contract is now expected to lose {m0(-q['expected2'])}: the whole loss is recognised at "
                   f"once, so cumulative gross profit to the end of Year 2 = {m0(q['expected2'])}.")
        else:
            c.step(f"Progress = {m0(q['to_date2'])} / {m0(q['total2'])} = {q['progress2']:.4%}; cumulative gross "
                   f"profit = {q['progress2']:.4%} × {m0(q['expected2'])} = {q['cum2']:,.2f}.")
        end = dollars(self.exact(p))
        c.step(f"Year 2 gross profit = {q['cum2']:,.2f} - {q['profit1']:,.2f} = {m0(end)}.")
        return end, c, m0(end)

    def mistakes(self, p: Params) -> dict[str, float]:
        q = self._parts(p)
        out = {
            "cumulative_reported": dollars(q["cum2"]),
            "year_two_costs_alone": dollars(p["cost2"] / q["total2"] * q["expected2"]),
        }
        if q["expected2"] < 0:
            out["loss_by_progress"] = dollars(q["progress2"] * q["expected2"] - q["profit1"])
        return out


TEMPLATES = [CostToCostYearTwoProfit()]
