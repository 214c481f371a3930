"""Inventory problems: lower of cost and net realisable value line by line (ASC 330-10-35-1B,
IAS 2.9), dollar-value LIFO layers, and the gross-profit and conventional retail estimates.
"""

from __future__ import annotations

import random

from acctbench.generators.base import Params
from acctbench.generators.problems._common import Calc, NumericProblem, dollars, m0, poss

_PRODUCTS = ("desk lamps", "office chairs", "filing cabinets", "standing desks", "monitor arms",
             "bookcases", "whiteboards", "printer stands")


class LcnrvInventoryLines(NumericProblem):
    """Inventory carrying amount at the lower of cost and NRV, applied to each line.

    NRV = selling price - costs to complete and sell; each line is carried at the lower of its
    cost and NRV. Typical errors: the selling price used instead of NRV; the rule applied to the
    totals (aggregate) instead of line by line; the write-down reported instead of the carrying
    amount.
    """

    name = "lcnrv_inventory_lines"
    naming_wordings = (1,)
    key_terms = ("net realizable value", "lower of cost and net realizable value", "write-down",
                 "costs to sell")
    principles = ("inventory_lower_of_cost", "conservatism")

    def draw(self, rng: random.Random) -> Params:
        names = rng.sample(_PRODUCTS, 4)
        rows = []
        for name in names:
            cost = rng.randrange(20, 400)
            price = cost + rng.randrange(-cost // 3, cost // 2)
            rows.append({"product": name, "units": rng.randrange(10, 120) * 10, "cost": cost,
                         "price": max(price, 5),
                         "to_sell": rng.randrange(max(1, cost // 20), max(2, cost // 5))})
        return {"lines": rows}

    def question(self, p: Params) -> str:
        rows = "; ".join(f"{r['product']}: {r['units']:,} units, cost {m0(r['cost'])} each, expected selling "
                         f"price {m0(r['price'])} each, costs to complete and sell {m0(r['to_sell'])} each"
                         for r in p["lines"])
        asks = (
            "At what total amount is inventory reported on the balance sheet? Round to the nearest dollar.",
            "Applying the rule to each product line separately, what is the total carrying amount of the "
            "inventory (nearest dollar)?",
            f"What inventory figure should {p['company']} report at year end (nearest dollar)?",
        )
        return (f"{p['company']} uses FIFO. Its year-end inventory: {rows}. " + asks[p["wording"]])

    def _lines(self, p: Params) -> list[tuple[int, int, int]]:
        return [(r["units"] * r["cost"], r["units"] * (r["price"] - r["to_sell"]), r["units"] * r["price"])
                for r in p["lines"]]

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c, total = Calc(), 0
        for r, (cost, nrv, _) in zip(p["lines"], self._lines(p)):
            low = min(cost, nrv)
            total += low
            c.step(f"{r['product'].capitalize()}: NRV = {m0(r['price'])} - {m0(r['to_sell'])} = "
                   f"{m0(r['price'] - r['to_sell'])}; cost {m0(cost)} vs NRV {m0(nrv)} for {r['units']:,} units "
                   f"→ {m0(low)}.")
        c.step(f"Total carrying amount = {m0(total)}.")
        return float(total), c, m0(total)

    def mistakes(self, p: Params) -> dict[str, float]:
        rows = self._lines(p)
        gold = sum(min(cost, nrv) for cost, nrv, _ in rows)
        return {
            "selling_price_not_nrv": float(sum(min(cost, price) for cost, _, price in rows)),
            "aggregate": float(min(sum(r[0] for r in rows), sum(r[1] for r in rows))),
            "write_down_reported": float(sum(r[0] for r in rows) - gold),
        }

    def acceptable(self, p: Params) -> bool:
        rows = self._lines(p)
        return sum(cost > nrv for cost, nrv, _ in rows) in (1, 2, 3) and super().acceptable(p)


_INDEXES = (1.04, 1.05, 1.06, 1.08, 1.1, 1.12, 1.15, 1.18, 1.2, 1.24, 1.25, 1.3)


class DollarValueLifo(NumericProblem):
    """Ending inventory under dollar-value LIFO after three years, with a possible decrement.

    Each year: base-year cost = current cost / index; a rise over last year's base adds a layer
    priced at this year's index; a fall peels the newest layers first. Typical errors: the
    ending inventory at current cost; all layers priced at the current index; all layers at
    base-year prices.
    """

    name = "dollar_value_lifo"
    key_terms = ("dollar-value LIFO", "price index", "base-year cost", "LIFO layer", "decrement")
    principles = ("consistency",)

    def draw(self, rng: random.Random) -> Params:
        idx = sorted(rng.sample(_INDEXES, 3))
        base = [rng.randrange(100, 600) * 1000]
        for _ in range(3):
            base.append(base[-1] + rng.randrange(-20, 60) * 1000)
        return {"base": base, "indexes": [1.0, *idx]}

    def _current(self, p: Params) -> list[float]:
        return [dollars(b * i) for b, i in zip(p["base"], p["indexes"])]

    def question(self, p: Params) -> str:
        cur = self._current(p)
        years = "; ".join(f"end of Year {k}: {m0(cur[k])} at year-end prices, price index {p['indexes'][k]:.2f}"
                          for k in range(1, 4))
        asks = (
            "What is the inventory at the end of Year 3 under dollar-value LIFO? Round to the nearest dollar.",
            "Compute the Year 3 ending inventory under the dollar-value LIFO method (nearest dollar).",
            f"What LIFO inventory does {p['company']} report at the end of Year 3? Nearest dollar.",
        )
        return (
            f"{p['company']} adopted dollar-value LIFO at the end of Year 0, when its inventory cost "
            f"{m0(cur[0])} (base-year index 1.00). Inventory at year-end prices and the year-end price indexes: "
            f"{years}. " + asks[p["wording"]]
        )

    def _layers(self, p: Params, c: Calc | None = None) -> list[list[float]]:
        """Layers ``[base-year amount, index]`` after each year."""
        cur = self._current(p)
        layers = [[float(p["base"][0]), 1.0]]
        for k in range(1, 4):
            base = cur[k] / p["indexes"][k]
            held = sum(amount for amount, _ in layers)
            if c:
                c.step(f"Year {k}: {m0(cur[k])} / {p['indexes'][k]:.2f} = {m0(base)} at base-year prices.")
            if base >= held:
                layers.append([base - held, p["indexes"][k]])
                if c:
                    c.step(f"Year {k}: increase of {m0(base - held)} added as a layer at index "
                           f"{p['indexes'][k]:.2f}.")
            else:
                drop = held - base
                while drop > 1e-9:
                    take = min(drop, layers[-1][0])
                    layers[-1][0] -= take
                    drop -= take
                    if layers[-1][0] <= 1e-9 and len(layers) > 1:
                        layers.pop()
                if c:
                    c.step(f"Year {k}: decrease of {m0(held - base)} removed from the newest layers.")
        return layers

    def exact(self, p: Params) -> float:
        return sum(amount * index for amount, index in self._layers(p))

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c = Calc()
        layers = self._layers(p, c)
        parts = " + ".join(f"{m0(a)} × {i:.2f}" for a, i in layers)
        end = dollars(self.exact(p))
        c.step(f"Ending inventory = {parts} = {m0(end)}.")
        return end, c, m0(end)

    def mistakes(self, p: Params) -> dict[str, float]:
        layers = self._layers(p)
        return {
            "current_cost": self._current(p)[3],
            "all_at_current_index": dollars(sum(a for a, _ in layers) * p["indexes"][3]),
            "all_at_base_prices": dollars(sum(a for a, _ in layers)),
        }

    def acceptable(self, p: Params) -> bool:
        return all(b > 0 for b in p["base"]) and super().acceptable(p)


class GrossProfitMethodLoss(NumericProblem):
    """Inventory destroyed by a fire, estimated with the gross-profit method.

    Goods available = beginning + purchases - purchase returns + freight-in; net sales = sales -
    sales returns; cost of sales = net sales × (1 - margin), where a markup on cost m gives a
    margin of m / (1 + m); loss = estimated inventory - goods salvaged. Typical errors: the markup
    on cost used as a margin on sales; gross sales used; freight-in left out; the salvage not
    deducted.
    """

    name = "gross_profit_method_loss"
    key_terms = ("gross profit method", "markup on cost", "cost of goods available for sale", "net sales",
                 "estimated inventory")
    principles = ("materiality",)

    def draw(self, rng: random.Random) -> Params:
        return {"beginning": rng.randrange(40, 300) * 1000, "purchases": rng.randrange(200, 900) * 1000,
                "returns_out": rng.randrange(2, 30) * 1000, "freight": rng.randrange(2, 40) * 1000,
                "sales": rng.randrange(300, 1200) * 1000, "returns_in": rng.randrange(2, 40) * 1000,
                "markup": rng.choice((20, 25, 30, 40, 50, 60)), "salvage": rng.randrange(2, 30) * 1000}

    def question(self, p: Params) -> str:
        asks = (
            "Estimate the inventory lost in the fire. Round to the nearest dollar.",
            "What inventory loss should be claimed from the insurer (nearest dollar)?",
            f"Estimate {poss(p['company'])} fire loss on inventory, to the nearest dollar.",
        )
        return (
            f"A fire destroyed most of {poss(p['company'])} warehouse on May 31. From the records: inventory on "
            f"January 1 {m0(p['beginning'])}; purchases {m0(p['purchases'])}; purchase returns "
            f"{m0(p['returns_out'])}; freight-in {m0(p['freight'])}; sales {m0(p['sales'])}; sales returns "
            f"{m0(p['returns_in'])}. Goods are priced at a markup of {p['markup']}% on cost. Undamaged goods with "
            f"a cost of {m0(p['salvage'])} were saved. " + asks[p["wording"]]
        )

    def _loss(self, p: Params, margin: float, sales: float, freight: bool = True, salvage: bool = True) -> float:
        available = p["beginning"] + p["purchases"] - p["returns_out"] + (p["freight"] if freight else 0)
        return available - sales * (1 - margin) - (p["salvage"] if salvage else 0)

    def exact(self, p: Params) -> float:
        m = p["markup"] / 100
        return self._loss(p, m / (1 + m), p["sales"] - p["returns_in"])

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c, m = Calc(), p["markup"] / 100
        available = p["beginning"] + p["purchases"] - p["returns_out"] + p["freight"]
        c.step(f"Goods available = {m0(p['beginning'])} + {m0(p['purchases'])} - {m0(p['returns_out'])} + "
               f"{m0(p['freight'])} = {m0(available)}.")
        net = p["sales"] - p["returns_in"]
        c.step(f"Net sales = {m0(p['sales'])} - {m0(p['returns_in'])} = {m0(net)}.")
        margin = m / (1 + m)
        c.step(f"A {p['markup']}% markup on cost is a gross margin on sales of {p['markup']}/{100 + p['markup']} "
               f"= {margin:.4%}.")
        cogs = net * (1 - margin)
        c.step(f"Estimated cost of goods sold = {m0(net)} × (1 - {margin:.4%}) = {cogs:,.2f}.")
        c.step(f"Estimated inventory at May 31 = {m0(available)} - {cogs:,.2f} = {available - cogs:,.2f}.")
        loss = dollars(self.exact(p))
        c.step(f"Inventory lost = {available - cogs:,.2f} - salvaged {m0(p['salvage'])} = {m0(loss)}.")
        return loss, c, m0(loss)

    def mistakes(self, p: Params) -> dict[str, float]:
        m = p["markup"] / 100
        net, margin = p["sales"] - p["returns_in"], m / (1 + m)
        return {
            "markup_as_margin": dollars(self._loss(p, m, net)),
            "gross_sales": dollars(self._loss(p, margin, p["sales"])),
            "freight_left_out": dollars(self._loss(p, margin, net, freight=False)),
            "salvage_not_deducted": dollars(self._loss(p, margin, net, salvage=False)),
        }


class RetailInventoryConventional(NumericProblem):
    """Ending inventory at cost by the conventional (lower-of-cost-or-market) retail method.

    Cost-to-retail ratio = (beginning + purchases + freight-in at cost) / (beginning + purchases
    + net markups at retail), markdowns left out of the ratio; ending retail = that retail - net
    markdowns - net sales; ending cost = ending retail × ratio. Typical errors: markdowns
    included in the ratio (average cost); freight-in left out; the ending retail reported.
    """

    name = "retail_inventory_conventional"
    naming_wordings = (0, 1, 2)
    key_terms = ("retail inventory method", "cost-to-retail ratio", "markups", "markdowns",
                 "lower of cost or market")
    principles = ("conservatism", "consistency")

    def draw(self, rng: random.Random) -> Params:
        ratio = rng.randrange(50, 75) / 100
        retail0, retail1 = rng.randrange(40, 200) * 1000, rng.randrange(300, 900) * 1000
        markups, markdowns = rng.randrange(5, 60) * 1000, rng.randrange(5, 60) * 1000
        available = retail0 + retail1 + markups - markdowns
        return {"cost0": dollars(retail0 * (ratio + rng.randrange(-5, 6) / 100)), "retail0": retail0,
                "cost1": dollars(retail1 * ratio), "retail1": retail1, "freight": rng.randrange(2, 30) * 1000,
                "markups": markups, "markdowns": markdowns,
                "sales": dollars(available * rng.randrange(60, 90) / 100 / 1000) * 1000}

    def question(self, p: Params) -> str:
        asks = (
            "Estimate the ending inventory at cost. Round to the nearest dollar.",
            "What is the estimated cost of the goods on hand at year end (nearest dollar)?",
            f"What ending inventory at cost should {p['company']} report (nearest dollar)?",
        )
        return (
            f"{p['company']}, a department store, provides: beginning inventory {m0(p['cost0'])} at cost and "
            f"{m0(p['retail0'])} at retail; purchases {m0(p['cost1'])} at cost and {m0(p['retail1'])} at retail; "
            f"freight-in {m0(p['freight'])}; net markups {m0(p['markups'])}; net markdowns {m0(p['markdowns'])}; "
            f"net sales {m0(p['sales'])}. It estimates inventory with the conventional retail method (lower of "
            "average cost or market). " + asks[p["wording"]]
        )

    def _end(self, p: Params, markdowns_in_ratio: bool = False, freight: bool = True) -> tuple[float, float]:
        cost = p["cost0"] + p["cost1"] + (p["freight"] if freight else 0)
        retail = p["retail0"] + p["retail1"] + p["markups"] - (p["markdowns"] if markdowns_in_ratio else 0)
        ending_retail = p["retail0"] + p["retail1"] + p["markups"] - p["markdowns"] - p["sales"]
        return ending_retail, ending_retail * cost / retail

    def exact(self, p: Params) -> float:
        return self._end(p)[1]

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c = Calc()
        cost = p["cost0"] + p["cost1"] + p["freight"]
        c.step(f"Goods available at cost = {m0(p['cost0'])} + {m0(p['cost1'])} + {m0(p['freight'])} = {m0(cost)}.")
        retail = p["retail0"] + p["retail1"] + p["markups"]
        c.step(f"At retail, before markdowns = {m0(p['retail0'])} + {m0(p['retail1'])} + {m0(p['markups'])} = "
               f"{m0(retail)}.")
        ratio = cost / retail
        c.step(f"Cost-to-retail ratio (markdowns excluded) = {m0(cost)} / {m0(retail)} = {ratio:.4%}.")
        ending_retail, _ = self._end(p)
        c.step(f"Ending inventory at retail = {m0(retail)} - {m0(p['markdowns'])} - {m0(p['sales'])} = "
               f"{m0(ending_retail)}.")
        end = dollars(self.exact(p))
        c.step(f"Ending inventory at cost = {m0(ending_retail)} × {ratio:.4%} = {m0(end)}.")
        return end, c, m0(end)

    def mistakes(self, p: Params) -> dict[str, float]:
        ending_retail = self._end(p)[0]
        return {
            "markdowns_in_ratio": dollars(self._end(p, markdowns_in_ratio=True)[1]),
            "freight_left_out": dollars(self._end(p, freight=False)[1]),
            "retail_reported": dollars(ending_retail),
        }

    def acceptable(self, p: Params) -> bool:
        return self._end(p)[0] > 0 and super().acceptable(p)


TEMPLATES = [LcnrvInventoryLines(), DollarValueLifo(), GrossProfitMethodLoss(), RetailInventoryConventional()]
