"""Investments in other entities: the equity method (ASC 323, IAS 28) and a noncontrolling
interest in consolidation (ASC 810, IFRS 10 with the full-goodwill option of IFRS 3.19).

Under the equity method the investment grows by the investor's share of the investee's income,
less the depreciation of the excess paid for undervalued depreciable assets, and falls by the
dividends received (ASC 323-10-35-4, 35-13). Goodwill inside the investment is not amortised.
"""

from __future__ import annotations

import random

from acctbench.generators.base import Params
from acctbench.generators.problems._common import Calc, NumericProblem, dollars, m0, pct, poss


class EquityMethodBalance(NumericProblem):
    """Carrying amount of an equity-method investment at the end of the first year.

    Balance = cost + share of investee income - share of the extra depreciation on the
    undervalued equipment - share of dividends. Typical errors: no extra depreciation; the
    dividends recorded as income (investment left at cost plus nothing); 100% of the dividends
    deducted; the goodwill amortised as well.
    """

    name = "equity_method_balance"
    naming_wordings = (1,)
    key_terms = ("equity method", "significant influence", "investment in associate",
                 "excess of cost over book value", "dividends received")
    principles = ("substance_over_form", "economic_entity")

    def draw(self, rng: random.Random) -> Params:
        share = rng.choice((20, 25, 30, 35, 40))
        book = rng.randrange(40, 400) * 10_000
        under = rng.randrange(5, 80) * 10_000
        goodwill = rng.randrange(2, 40) * 10_000
        return {"share": share, "book": book, "undervalued": under, "life": rng.choice((4, 5, 8, 10)),
                "goodwill": goodwill, "income": rng.randrange(10, 150) * 10_000,
                "dividends": rng.randrange(2, 60) * 5_000}

    def _cost(self, p: Params) -> float:
        return (p["book"] + p["undervalued"]) * p["share"] / 100 + p["goodwill"]

    def question(self, p: Params) -> str:
        asks = (
            "What is the carrying amount of the investment at December 31? Round to the nearest dollar.",
            "Using the equity method, at what amount does the investment appear on the investor's "
            "December 31 balance sheet (nearest dollar)?",
            f"What balance should {poss(p['company'])} investment account show at year end? Nearest dollar.",
        )
        return (
            f"On January 1, {p['company']} paid {m0(self._cost(p))} for {p['share']}% of the common stock of "
            f"an investee, gaining significant influence. The investee's net assets had a book value of "
            f"{m0(p['book'])}; its equipment, with a remaining life of {p['life']} years (straight-line, no "
            f"residual value), was worth {m0(p['undervalued'])} more than its book value, and any remaining "
            f"excess is goodwill. For the year the investee reported net income of {m0(p['income'])} and paid "
            f"dividends of {m0(p['dividends'])}. " + asks[p["wording"]]
        )

    def _parts(self, p: Params) -> tuple[float, float, float]:
        s = p["share"] / 100
        return p["income"] * s, p["undervalued"] * s / p["life"], p["dividends"] * s

    def exact(self, p: Params) -> float:
        income, extra, divs = self._parts(p)
        return self._cost(p) + income - extra - divs

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c, s = Calc(), p["share"]
        cost = self._cost(p)
        c.step(f"Share of book value = {m0(p['book'])} × {s}% = {m0(p['book'] * s / 100)}; excess paid = "
               f"{m0(cost)} - {m0(p['book'] * s / 100)} = {m0(cost - p['book'] * s / 100)}.")
        c.step(f"Of the excess, equipment {m0(p['undervalued'])} × {s}% = {m0(p['undervalued'] * s / 100)}; the "
               f"remaining {m0(p['goodwill'])} is goodwill (not amortised).")
        income, extra, divs = self._parts(p)
        c.step(f"Share of investee income = {m0(p['income'])} × {s}% = {m0(income)}.")
        c.step(f"Extra depreciation = {m0(p['undervalued'] * s / 100)} / {p['life']} = {extra:,.2f}.")
        c.step(f"Dividends received = {m0(p['dividends'])} × {s}% = {m0(divs)} (reduce the investment).")
        end = dollars(self.exact(p))
        c.step(f"Investment at December 31 = {m0(cost)} + {m0(income)} - {extra:,.2f} - {m0(divs)} = {m0(end)}.")
        return end, c, m0(end)

    def mistakes(self, p: Params) -> dict[str, float]:
        income, extra, divs = self._parts(p)
        cost = self._cost(p)
        return {
            "no_extra_depreciation": dollars(cost + income - divs),
            "dividends_as_income": dollars(cost),
            "all_dividends_deducted": dollars(cost + income - extra - p["dividends"]),
            "goodwill_amortised": dollars(cost + income - extra - divs - p["goodwill"] / p["life"]),
        }


class ConsolidationNciBalance(NumericProblem):
    """Noncontrolling interest in the consolidated balance sheet one year after the acquisition.

    NCI = acquisition-date fair value + NCI share of (subsidiary income - depreciation of the
    fair-value step-up) - NCI share of dividends. Typical errors: NCI started at its share of
    book value; the step-up depreciation left out; the parent's share used; all the dividends
    deducted.
    """

    name = "consolidation_nci_balance"
    key_terms = ("noncontrolling interest", "consolidation", "acquisition method", "fair value adjustment",
                 "goodwill")
    principles = ("control_consolidation", "fair_value")

    def draw(self, rng: random.Random) -> Params:
        owned = rng.choice((60, 65, 70, 75, 80, 85, 90))
        return {"owned": owned, "book": rng.randrange(50, 500) * 10_000,
                "step_up": rng.randrange(5, 100) * 10_000, "life": rng.choice((5, 8, 10, 20)),
                "premium": rng.randrange(2, 30), "income": rng.randrange(10, 200) * 10_000,
                "dividends": rng.randrange(2, 80) * 5_000}

    def _nci_fair(self, p: Params) -> float:
        """NCI fair value: its share of identifiable net assets at fair value plus a premium."""
        return dollars((p["book"] + p["step_up"]) * (100 - p["owned"]) / 100 * (1 + p["premium"] / 100))

    def question(self, p: Params) -> str:
        nci = 100 - p["owned"]
        asks = (
            "What noncontrolling interest is reported in the consolidated balance sheet at December 31? "
            "Round to the nearest dollar.",
            "At what amount is the noncontrolling interest carried in equity at the end of the first year "
            "(nearest dollar)?",
            f"Compute the noncontrolling interest in {poss(p['company'])} consolidated statements at year end, "
            "to the nearest dollar.",
        )
        return (
            f"On January 1, {p['company']} acquired {p['owned']}% of a subsidiary's voting shares. On that date "
            f"the subsidiary's net assets had a book value of {m0(p['book'])}, and its buildings (remaining life "
            f"{p['life']} years, straight-line) had a fair value {m0(p['step_up'])} above book value; all other "
            f"assets and liabilities were at fair value. The fair value of the {nci}% noncontrolling interest "
            f"was {m0(self._nci_fair(p))}, and NCI is measured at fair value. During the year the subsidiary "
            f"reported net income of {m0(p['income'])} and paid dividends of {m0(p['dividends'])}. "
            + asks[p["wording"]]
        )

    def exact(self, p: Params) -> float:
        s = (100 - p["owned"]) / 100
        return self._nci_fair(p) + s * (p["income"] - p["step_up"] / p["life"]) - s * p["dividends"]

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c, nci = Calc(), 100 - p["owned"]
        s = nci / 100
        extra = p["step_up"] / p["life"]
        c.step(f"Depreciation of the fair-value step-up = {m0(p['step_up'])} / {p['life']} = {extra:,.2f}.")
        adjusted = p["income"] - extra
        c.step(f"Subsidiary income after the step-up = {m0(p['income'])} - {extra:,.2f} = {adjusted:,.2f}.")
        c.step(f"NCI share of income = {adjusted:,.2f} × {pct(nci)} = {adjusted * s:,.2f}.")
        c.step(f"NCI share of dividends = {m0(p['dividends'])} × {pct(nci)} = {p['dividends'] * s:,.2f}.")
        end = dollars(self.exact(p))
        c.step(f"NCI at December 31 = {m0(self._nci_fair(p))} + {adjusted * s:,.2f} - {p['dividends'] * s:,.2f} "
               f"= {m0(end)}.")
        return end, c, m0(end)

    def mistakes(self, p: Params) -> dict[str, float]:
        s = (100 - p["owned"]) / 100
        gold = self.exact(p)
        start = self._nci_fair(p)
        return {
            "book_value_start": dollars(gold - start + p["book"] * s),
            "step_up_ignored": dollars(gold + s * p["step_up"] / p["life"]),
            "parent_share_used": dollars(start + (1 - s) * (p["income"] - p["step_up"] / p["life"] - p["dividends"])),
            "all_dividends_deducted": dollars(gold - (1 - s) * p["dividends"]),
        }


TEMPLATES = [EquityMethodBalance(), ConsolidationNciBalance()]
