"""Partnership income allocation: salary allowances, interest on capital, the remainder in the
profit-and-loss ratio (a negative remainder is shared in the same ratio).
"""

from __future__ import annotations

import random

from acctbench.generators.base import Params
from acctbench.generators.problems._common import Calc, NumericProblem, dollars, m0, pct

_PARTNERS = (("Ayers", "Brooks"), ("Chen", "Dorsey"), ("Ellis", "Fowler"), ("Garza", "Hale"),
             ("Ibarra", "Jensen"), ("Kaur", "Lowell"), ("Mendez", "Nolan"), ("Ortiz", "Pryor"))


class PartnershipAllocation(NumericProblem):
    """One partner's share of net income after salaries, interest on capital and the ratio.

    Interest is on each partner's beginning capital; remainder = net income - salaries -
    interest, shared in the ratio (negative when the allowances exceed income). Typical errors:
    the whole income split in the ratio; a negative remainder ignored; interest on the other
    partner's capital; the remainder split equally.
    """

    name = "partnership_allocation"
    key_terms = ("partnership", "salary allowance", "interest on capital", "income ratio",
                 "division of net income")
    principles = ("economic_entity",)

    def draw(self, rng: random.Random) -> Params:
        ratio = rng.choice(((3, 2), (2, 1), (3, 1), (1, 2), (2, 3), (3, 5), (5, 3), (1, 3)))
        return {"partners": list(rng.choice(_PARTNERS)), "ratio": list(ratio),
                "capital": [rng.randrange(40, 400) * 1000 for _ in range(2)],
                "salary": [rng.randrange(20, 90) * 1000 for _ in range(2)], "rate": rng.choice((5, 6, 8, 10)),
                "income": rng.randrange(40, 300) * 1000, "who": rng.randrange(2)}

    def question(self, p: Params) -> str:
        a, b = p["partners"]
        who = p["partners"][p["who"]]
        asks = (
            f"How much of the year's net income is allocated to {who}? Round to the nearest dollar.",
            f"What is {who}'s total share of net income for the year (nearest dollar)?",
            f"Prepare the division of net income: what amount is credited to {who}'s capital account for the year's "
            "income? Nearest dollar.",
        )
        return (
            f"{a} and {b} are partners in {p['company']}. Their agreement gives salary allowances of "
            f"{m0(p['salary'][0])} to {a} and {m0(p['salary'][1])} to {b}, interest of {pct(p['rate'])} on each "
            f"partner's beginning capital, and shares any remainder {p['ratio'][0]}:{p['ratio'][1]} ({a}:{b}), "
            f"whether positive or negative. Beginning capital balances were {m0(p['capital'][0])} ({a}) and "
            f"{m0(p['capital'][1])} ({b}). Net income for the year is {m0(p['income'])}. " + asks[p["wording"]]
        )

    def _share(self, p: Params, ratio: list[int] | None = None, floor: bool = False, swap: bool = False) -> float:
        r = p["rate"] / 100
        interest = [cap * r for cap in p["capital"]]
        if swap:
            interest.reverse()
        remainder = p["income"] - sum(p["salary"]) - sum(interest)
        if floor:
            remainder = max(remainder, 0)
        ratio = ratio or p["ratio"]
        k = p["who"]
        return p["salary"][k] + interest[k] + remainder * ratio[k] / sum(ratio)

    def exact(self, p: Params) -> float:
        return self._share(p)

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c, (a, b), r = Calc(), p["partners"], p["rate"]
        c.step(f"Salary allowances = {m0(p['salary'][0])} + {m0(p['salary'][1])} = {m0(sum(p['salary']))}.")
        interest = [cap * r / 100 for cap in p["capital"]]
        c.step(f"Interest on capital: {a} {m0(p['capital'][0])} × {pct(r)} = {m0(interest[0])}; {b} "
               f"{m0(p['capital'][1])} × {pct(r)} = {m0(interest[1])}.")
        remainder = p["income"] - sum(p["salary"]) - sum(interest)
        c.step(f"Remainder = {m0(p['income'])} - {m0(sum(p['salary']))} - {m0(sum(interest))} = {m0(remainder)}.")
        k, ratio = p["who"], p["ratio"]
        part = remainder * ratio[k] / sum(ratio)
        c.step(f"{p['partners'][k]}'s share of the remainder = {m0(remainder)} × {ratio[k]}/{sum(ratio)} = "
               f"{part:,.2f}.")
        end = dollars(self.exact(p))
        sign = "+" if part >= 0 else "-"
        c.step(f"{p['partners'][k]}'s total = {m0(p['salary'][k])} + {m0(interest[k])} {sign} {abs(part):,.2f} = "
               f"{m0(end)}.")
        return end, c, m0(end)

    def mistakes(self, p: Params) -> dict[str, float]:
        k = p["who"]
        out = {
            "income_split_in_ratio": dollars(p["income"] * p["ratio"][k] / sum(p["ratio"])),
            "interest_swapped": dollars(self._share(p, swap=True)),
            "remainder_split_equally": dollars(self._share(p, ratio=[1, 1])),
        }
        if self._share(p) != self._share(p, floor=True):
            out["negative_remainder_ignored"] = dollars(self._share(p, floor=True))
        return out

    def acceptable(self, p: Params) -> bool:
        return p["ratio"][0] != p["ratio"][1] and p["capital"][0] != p["capital"][1] and super().acceptable(p)


TEMPLATES = [PartnershipAllocation()]
