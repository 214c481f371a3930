"""Earnings per share (ASC 260, IAS 33): basic EPS on weighted shares after a stock split and
share transactions, and diluted EPS with options (treasury-stock method) and convertible bonds
(if-converted method) with the antidilution check.
"""

from __future__ import annotations

import random

from acctbench.generators.base import Params
from acctbench.generators.problems._common import MONTHS, Calc, NumericProblem, cents, m0, pct, poss


def _n(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}"


class BasicEpsWeightedShares(NumericProblem):
    """Basic EPS with an issuance, a stock split and a treasury purchase during the year.

    Shares before the split are restated retroactively (ASC 260-10-55-12); weighted shares =
    opening × split × 12/12 + issued × split × months/12 - repurchased × months/12; numerator =
    net income - preferred dividends. Typical errors: the split weighted from its date instead of
    retroactively; year-end shares used; the preferred dividends not deducted.
    """

    name = "basic_eps_weighted_shares"
    rounding = 0.01
    unit = "$ per share"
    key_terms = ("earnings per share", "weighted average shares", "stock split", "treasury stock",
                 "preferred dividends")
    principles = ("comparability",)

    def draw(self, rng: random.Random) -> Params:
        issue, split = rng.sample(range(2, 10), 2)
        buy = rng.randrange(max(issue, split) + 1, 12)
        return {"opening": rng.randrange(50, 500) * 1000, "issued": rng.randrange(10, 120) * 1000,
                "issue_month": issue, "split": rng.choice((2, 3)), "split_month": split,
                "bought": rng.randrange(5, 60) * 1000, "buy_month": buy,
                "income": rng.randrange(400, 6000) * 1000, "preferred": rng.randrange(10, 300) * 1000}

    def question(self, p: Params) -> str:
        asks = (
            "What is basic earnings per share for the year? Round to the nearest cent.",
            "Compute the basic EPS figure for the income statement, to the cent.",
            f"What basic earnings per common share should {p['company']} report (nearest cent)?",
        )
        return (
            f"{p['company']} had {_n(p['opening'])} common shares outstanding on January 1. On "
            f"{MONTHS[p['issue_month']]} 1 it issued {_n(p['issued'])} shares for cash; on "
            f"{MONTHS[p['split_month']]} 1 it effected a {p['split']}-for-1 stock split; on "
            f"{MONTHS[p['buy_month']]} 1 it bought back {_n(p['bought'])} shares as treasury stock "
            f"(after the split). Net income for the year is {m0(p['income'])}, and dividends of "
            f"{m0(p['preferred'])} were declared on its nonconvertible preferred stock. " + asks[p["wording"]]
        )

    def _weighted(self, p: Params, retro: bool = True) -> float:
        """Weighted shares; ``retro=False`` is the error of counting shares as they stood each month."""
        k, im, sm = p["split"], p["issue_month"], p["split_month"]
        bought = p["bought"] * (12 - p["buy_month"]) / 12
        if retro:
            return p["opening"] * k + p["issued"] * k * (12 - im) / 12 - bought
        opening = p["opening"] * (sm + k * (12 - sm)) / 12
        issued = p["issued"] * (max(sm - im, 0) + k * (12 - max(im, sm))) / 12
        return opening + issued - bought

    def exact(self, p: Params) -> float:
        return (p["income"] - p["preferred"]) / self._weighted(p)

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c, k = Calc(), p["split"]
        opening = p["opening"] * k
        c.step(f"Opening shares restated for the split: {_n(p['opening'])} × {k} = {_n(opening)}, outstanding "
               "all year.")
        months_issued = 12 - p["issue_month"]
        issued = p["issued"] * k * months_issued / 12
        c.step(f"Shares issued on {MONTHS[p['issue_month']]} 1, restated: {_n(p['issued'])} × {k} × "
               f"{months_issued}/12 = {_n(issued)}.")
        months_bought = 12 - p["buy_month"]
        bought = p["bought"] * months_bought / 12
        c.step(f"Treasury shares from {MONTHS[p['buy_month']]} 1: {_n(p['bought'])} × {months_bought}/12 = "
               f"{_n(bought)}.")
        weighted = opening + issued - bought
        c.step(f"Weighted average shares = {_n(opening)} + {_n(issued)} - {_n(bought)} = {_n(weighted)}.")
        numerator = p["income"] - p["preferred"]
        c.step(f"Income available to common = {m0(p['income'])} - {m0(p['preferred'])} = {m0(numerator)}.")
        eps = cents(numerator / weighted)
        c.step(f"Basic EPS = {m0(numerator)} / {_n(weighted)} = ${eps:.2f}.")
        return eps, c, f"${eps:.2f} per share"

    def mistakes(self, p: Params) -> dict[str, float]:
        num = p["income"] - p["preferred"]
        year_end = (p["opening"] + p["issued"]) * p["split"] - p["bought"]
        return {
            "split_not_retroactive": cents(num / self._weighted(p, retro=False)),
            "year_end_shares": cents(num / year_end),
            "preferred_not_deducted": cents(p["income"] / self._weighted(p)),
        }


class DilutedEpsConvertibleOptions(NumericProblem):
    """Diluted EPS with stock options and convertible bonds, antidilutive securities excluded.

    Options: incremental shares = options - options × exercise price / average price. Bonds:
    add back the after-tax interest and the conversion shares, but only if their per-share
    effect is below EPS with the options (ASC 260-10-45-18). Typical errors: the interest added
    back before tax; an antidilutive convertible included (or a dilutive one left out); all the
    option shares added; the preferred dividends not deducted.
    """

    name = "diluted_eps_convertible_options"
    rounding = 0.01
    unit = "$ per share"
    naming_wordings = (1,)
    key_terms = ("diluted earnings per share", "treasury stock method", "if-converted method",
                 "antidilution", "convertible bonds")
    principles = ("full_disclosure",)

    def draw(self, rng: random.Random) -> Params:
        income = rng.randrange(800, 8000) * 1000
        eps = rng.randrange(100, 600) / 100  # basic EPS of $1-$6 and a P/E of 8-25: realistic prices
        shares = round(income / eps, -3)
        avg = max(6, round(eps * rng.randrange(8, 26)))
        return {"income": income, "preferred": rng.randrange(0, 40) * 5000,
                "shares": shares, "options": round(shares * rng.randrange(2, 12) / 100, -3),
                "exercise": rng.randrange(max(5, avg // 2), avg), "average": avg,
                "face": rng.randrange(5, 60) * 100_000, "coupon": rng.choice((4, 5, 6, 7, 8, 9)),
                "per_1000": rng.choice((10, 15, 20, 25, 30, 40, 50)), "tax": rng.choice((21, 25, 30))}

    def question(self, p: Params) -> str:
        asks = (
            "What diluted earnings per share does it report? Round to the nearest cent.",
            "Applying the treasury-stock method to the options and the if-converted method to the bonds "
            "(and excluding any antidilutive security), compute diluted EPS to the nearest cent.",
            f"What is {poss(p['company'])} diluted EPS for the year (nearest cent)?",
        )
        pref = (f" Dividends of {m0(p['preferred'])} were declared on nonconvertible preferred stock."
                if p["preferred"] else "")
        return (
            f"{p['company']} reports net income of {m0(p['income'])} for the year.{pref} "
            f"{_n(p['shares'])} common shares were outstanding all year. Employees hold {_n(p['options'])} "
            f"stock options, outstanding all year, to buy common shares at {m0(p['exercise'])} each; the "
            f"average market price of the stock during the year was {m0(p['average'])}. The company also "
            f"has {m0(p['face'])} of {pct(p['coupon'])} bonds, issued at par years ago, each $1,000 bond "
            f"convertible into {p['per_1000']} common shares; none were converted. The tax rate is "
            f"{pct(p['tax'])}. " + asks[p["wording"]]
        )

    def _parts(self, p: Params) -> dict[str, float]:
        num = p["income"] - p["preferred"]
        incremental = p["options"] - p["options"] * p["exercise"] / p["average"]
        interest = p["face"] * p["coupon"] / 100
        after_tax = interest * (1 - p["tax"] / 100)
        conv = p["face"] / 1000 * p["per_1000"]
        with_options = num / (p["shares"] + incremental)
        return {"num": num, "inc": incremental, "interest": interest, "after_tax": after_tax, "conv": conv,
                "with_options": with_options, "dilutive": after_tax / conv < with_options}

    def exact(self, p: Params) -> float:
        q = self._parts(p)
        if q["dilutive"]:
            return (q["num"] + q["after_tax"]) / (p["shares"] + q["inc"] + q["conv"])
        return q["with_options"]

    def acceptable(self, p: Params) -> bool:
        q = self._parts(p)  # keep clear of the antidilution boundary
        return abs(q["after_tax"] / q["conv"] - q["with_options"]) > 0.05 and super().acceptable(p)

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c, q = Calc(), self._parts(p)
        c.step(f"Income available to common = {m0(p['income'])} - {m0(p['preferred'])} = {m0(q['num'])}.")
        c.step(f"Options (treasury-stock method): {_n(p['options'])} - {_n(p['options'])} × {m0(p['exercise'])} / "
               f"{m0(p['average'])} = {_n(round(q['inc'], 2))} incremental shares.")
        c.step(f"EPS with the options = {m0(q['num'])} / {_n(round(p['shares'] + q['inc'], 2))} = "
               f"{q['with_options']:.4f}.")
        c.step(f"Bonds: after-tax interest = {m0(p['face'])} × {pct(p['coupon'])} × (1 - {pct(p['tax'])}) = "
               f"{m0(q['after_tax'])}; shares on conversion = {_n(p['face'] / 1000)} × {p['per_1000']} = "
               f"{_n(q['conv'])}.")
        effect = q["after_tax"] / q["conv"]
        verdict = "below" if q["dilutive"] else "above"
        action = "dilutive: include it" if q["dilutive"] else "antidilutive: exclude it"
        c.step(f"Per-share effect of the bonds = {m0(q['after_tax'])} / {_n(q['conv'])} = {effect:.4f}, "
               f"{verdict} {q['with_options']:.4f}, so the convertible is {action}.")
        if q["dilutive"]:
            eps = cents(self.exact(p))
            c.step(f"Diluted EPS = ({m0(q['num'])} + {m0(q['after_tax'])}) / ({_n(p['shares'])} + "
                   f"{_n(round(q['inc'], 2))} + {_n(q['conv'])}) = ${eps:.2f}.")
        else:
            eps = cents(q["with_options"])
            c.step(f"Diluted EPS = EPS with the options alone = ${eps:.2f}.")
        return eps, c, f"${eps:.2f} per share"

    def mistakes(self, p: Params) -> dict[str, float]:
        q = self._parts(p)
        both = p["shares"] + q["inc"] + q["conv"]
        out = {
            "all_option_shares": cents((q["num"] + (q["after_tax"] if q["dilutive"] else 0))
                                       / (p["shares"] + p["options"] + (q["conv"] if q["dilutive"] else 0))),
            "preferred_not_deducted": cents((p["income"] + (q["after_tax"] if q["dilutive"] else 0))
                                            / (both if q["dilutive"] else p["shares"] + q["inc"])),
        }
        if q["dilutive"]:
            out["interest_before_tax"] = cents((q["num"] + q["interest"]) / both)
            out["dilutive_convertible_left_out"] = cents(q["with_options"])
        else:
            out["antidilutive_included"] = cents((q["num"] + q["after_tax"]) / both)
        if not p["preferred"]:
            del out["preferred_not_deducted"]
        return out


TEMPLATES = [BasicEpsWeightedShares(), DilutedEpsConvertibleOptions()]
