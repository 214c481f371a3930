"""Bond templates: issue price and effective-interest amortisation.

The issue price is the present value of the contractual cash flows at the market rate (ASC 835-30,
IFRS 9). Interest expense each period is the carrying amount times the market rate per period; the
difference from the cash coupon amortises the discount or premium (ASC 835-30-35-2, IFRS 9 B5.4).
"""

from __future__ import annotations

import random
from fractions import Fraction
from math import floor

from acctbench.generators.base import NumericTemplate, Params, Worked, money, round2

_PERIODS_PER_YEAR = {"annual": 1, "semiannual": 2}
_COUPON_RATES = [4, 4.5, 5, 5.5, 6, 6.5, 7, 7.5, 8, 8.5, 9, 9.5, 10, 11, 12]
_SPREADS = [-3, -2.5, -2, -1.5, -1, -0.5, 0.5, 1, 1.5, 2, 2.5, 3]
_YEARS = [3, 4, 5, 6, 7, 8, 10, 12, 15, 20]


def _pct(rate: float) -> str:
    return f"{rate:g}%"


def _periods(p: Params) -> tuple[int, Fraction, Fraction]:
    """Number of periods, cash coupon per period and market rate per period."""
    k = _PERIODS_PER_YEAR[p["frequency"]]
    coupon = Fraction(p["face"]) * Fraction(str(p["coupon_rate"])) / 100 / k
    rate = Fraction(str(p["market_rate"])) / 100 / k
    return p["years"] * k, coupon, rate


def _factors(n: int, i: Fraction) -> tuple[Fraction, Fraction]:
    """PV of an ordinary annuity of 1 and PV of 1, both for n periods at rate i (exact)."""
    pv1 = (1 + i) ** -n
    return (1 - pv1) / i, pv1


def issue_price(p: Params) -> int:
    """Issue price rounded half-up to the nearest dollar (the convention the questions state)."""
    n, coupon, i = _periods(p)
    annuity, pv1 = _factors(n, i)
    return floor(coupon * annuity + p["face"] * pv1 + Fraction(1, 2))


def _sample_bond(rng: random.Random) -> Params:
    coupon = rng.choice(_COUPON_RATES)
    market = coupon + rng.choice([s for s in _SPREADS if 2 <= coupon + s <= 14])
    return {
        "face": rng.randrange(2, 41) * 50_000,
        "coupon_rate": coupon,
        "market_rate": market,
        "years": rng.choice(_YEARS),
        "frequency": rng.choice(sorted(_PERIODS_PER_YEAR)),
    }


def _terms_text(p: Params) -> str:
    schedule = (
        "annually on December 31"
        if p["frequency"] == "annual"
        else "semiannually on June 30 and December 31"
    )
    return (
        f"On January 1, a company issues {money(p['face'], 0)} face value of {p['years']}-year, "
        f"{_pct(p['coupon_rate'])} bonds that pay interest {schedule}."
    )


def _rate_text(p: Params) -> str:
    if p["frequency"] == "annual":
        return f"The market (effective) interest rate for similar bonds is {_pct(p['market_rate'])} a year."
    return (
        f"The market (effective) interest rate for similar bonds is {_pct(p['market_rate'])} a year "
        f"({_pct(p['market_rate'] / 2)} per semiannual period)."
    )


def _yield_text(p: Params) -> str:
    if p["frequency"] == "annual":
        return f"{_pct(p['market_rate'])} a year"
    return f"{_pct(p['market_rate'])} a year ({_pct(p['market_rate'] / 2)} per six-month period)"


def _period_name(p: Params) -> str:
    return "year" if p["frequency"] == "annual" else "six-month period"


def _first_period(p: Params) -> tuple[int, float, float, str]:
    """Issue price, first-period interest expense, cash coupon and the kind (discount/premium)."""
    _, coupon, i = _periods(p)
    price = issue_price(p)
    expense = round2(float(price * i))
    kind = "discount" if price < p["face"] else "premium"
    return price, expense, float(coupon), kind


def _first_period_steps(p: Params, price: int, expense: float, coupon: float) -> list[str]:
    _, _, i = _periods(p)
    k = _PERIODS_PER_YEAR[p["frequency"]]
    rates = (
        f"Market rate per year = {_pct(p['market_rate'])}; annual coupon = {money(p['face'], 0)} × "
        f"{_pct(p['coupon_rate'])} = {money(coupon)}."
        if k == 1
        else f"Market rate per period = {_pct(p['market_rate'])} / 2 = {_pct(float(i * 100))}; coupon per "
        f"period = {money(p['face'], 0)} × {_pct(p['coupon_rate'])} / 2 = {money(coupon)}."
    )
    return [
        rates,
        f"Effective-interest method: interest expense = carrying amount × market rate per period"
        f" = {money(price, 0)} × {_pct(float(i * 100))} = {money(expense)}.",
    ]


class BondIssuePrice(NumericTemplate):
    """Issue price of a bond = PV of the coupons (annuity) + PV of the face amount at the market rate."""

    name = "bond_issue_price"
    rounding = 1.0
    keep_relative = True
    tolerance = 1e-4  # five-decimal table factors
    category = "bonds"
    key_terms = ("present value", "market rate", "bond discount", "bond premium", "face value")
    principles = ("fair_value", "historical_cost")

    def sample(self, rng: random.Random) -> Params:
        return _sample_bond(rng)

    def question(self, p: Params) -> str:
        return (
            f"{_terms_text(p)} {_rate_text(p)} What is the issue price of the bonds, i.e. the present "
            "value of the interest payments plus the present value of the face amount, both discounted "
            "at the market rate? Round your final answer to the nearest dollar."
        )

    def exact(self, p: Params) -> float:
        n, coupon, i = _periods(p)
        annuity, pv1 = _factors(n, i)
        return float(coupon * annuity + p["face"] * pv1)

    def mistakes(self, p: Params) -> dict[str, float]:
        """Discounting at the coupon rate (price = face), annual figures for semiannual bonds,
        the face amount's PV alone."""
        n, coupon, i = _periods(p)
        k = _PERIODS_PER_YEAR[p["frequency"]]
        annual = {**p, "frequency": "annual"}
        out = {"coupon rate instead of market rate": float(p["face"]),
               "face value's PV only": float(p["face"] * _factors(n, i)[1])}
        if k == 2:
            out["annual periods for semiannual bonds"] = float(issue_price(annual))
        return out

    def solve(self, p: Params) -> Worked:
        n, coupon, i = _periods(p)
        annuity, pv1 = _factors(n, i)
        pv_coupons, pv_face = coupon * annuity, p["face"] * pv1
        price = issue_price(p)
        diff = abs(price - p["face"])
        kind = "discount" if price < p["face"] else "premium"
        why = "above" if kind == "discount" else "below"
        rate, cash = _pct(float(i * 100)), money(float(coupon))
        a5, d5 = f"{float(annuity):.5f}", f"{float(pv1):.5f}"
        pv_c, pv_f = money(round2(float(pv_coupons))), money(round2(float(pv_face)))
        return Worked(
            gold=float(price),
            steps=[
                f"Periods n = {p['years']} years × {_PERIODS_PER_YEAR[p['frequency']]} = {n}; market rate "
                f"per period i = {rate}; coupon per period = {cash}.",
                f"PV factor of an ordinary annuity (n={n}, i={rate}) = {a5}; PV factor of 1 = {d5} "
                "(factors shown to five decimals, computed at full precision).",
                f"PV of interest payments = {cash} × {a5} = {pv_c}.",
                f"PV of face amount = {money(p['face'], 0)} × {d5} = {pv_f}.",
                f"Issue price = {pv_c} + {pv_f} = {money(round2(float(pv_coupons + pv_face)))}, or "
                f"{money(price, 0)} to the nearest dollar.",
                f"The market rate is {why} the coupon rate, so the bonds sell at a {kind} of "
                f"{money(diff, 0)}.",
            ],
            answer=money(price, 0),
        )


class BondFirstInterestExpense(NumericTemplate):
    """First-period interest expense under the effective-interest method."""

    name = "bond_first_interest_expense"
    rounding = 0.01
    category = "bonds"
    key_terms = ("effective-interest method", "carrying amount", "market rate", "interest expense")
    principles = ("matching", "accrual_basis")

    def sample(self, rng: random.Random) -> Params:
        return _sample_bond(rng)

    def question(self, p: Params) -> str:
        return (
            f"{_terms_text(p)} The bonds are sold for {money(issue_price(p), 0)}, a price that yields "
            f"the market rate of {_yield_text(p)}. Using the effective-interest method, "
            f"what is the interest expense for the first {_period_name(p)}? Round to the nearest cent."
        )

    def exact(self, p: Params) -> float:
        return float(issue_price(p) * _periods(p)[2])

    def mistakes(self, p: Params) -> dict[str, float]:
        """Coupon instead of market rate, face instead of carrying amount, annual rate per half-year."""
        _, coupon, i = _periods(p)
        k = _PERIODS_PER_YEAR[p["frequency"]]
        out = {"the cash coupon": float(coupon), "face times market rate": float(p["face"] * i)}
        if k == 2:
            out["annual rate on a six-month period"] = float(issue_price(p) * i * 2)
        return out

    def solve(self, p: Params) -> Worked:
        price, expense, coupon, _ = _first_period(p)
        return Worked(
            gold=expense, steps=_first_period_steps(p, price, expense, coupon), answer=money(expense)
        )


class BondCarryingAfterFirstPayment(NumericTemplate):
    """Carrying amount after the first interest payment (discount accretes up, premium down)."""

    name = "bond_carrying_after_first_payment"
    rounding = 0.01
    category = "bonds"
    key_terms = ("effective-interest method", "carrying amount", "amortization", "bond discount",
                 "bond premium")
    principles = ("matching", "historical_cost")

    def sample(self, rng: random.Random) -> Params:
        return _sample_bond(rng)

    def question(self, p: Params) -> str:
        return (
            f"{_terms_text(p)} The bonds are sold for {money(issue_price(p), 0)} to yield "
            f"{_yield_text(p)}. Using the effective-interest method (round interest "
            f"expense to the nearest cent), what is the carrying amount of the bonds immediately after "
            f"the first interest payment?"
        )

    def mistakes(self, p: Params) -> dict[str, float]:
        """Amortisation with the wrong sign, the issue price unchanged, the face value."""
        price, expense, coupon, _ = _first_period(p)
        return {"amortisation the wrong way": price - (expense - coupon), "issue price": float(price),
                "face value": float(p["face"])}

    def solve(self, p: Params) -> Worked:
        price, expense, coupon, kind = _first_period(p)
        amort = round2(abs(expense - coupon))
        carrying = round2(price + expense - coupon)
        sign = "+" if kind == "discount" else "-"
        return Worked(
            gold=carrying,
            steps=[
                *_first_period_steps(p, price, expense, coupon),
                f"The bonds were issued at a {kind}; {kind} amortised = |{money(expense)} - "
                f"{money(coupon)}| = {money(amort)}.",
                f"Carrying amount = {money(price, 0)} {sign} {money(amort)} = {money(carrying)}.",
            ],
            answer=money(carrying),
        )


class BondFirstAmortization(NumericTemplate):
    """Discount or premium amortised in the first period: |interest expense - cash coupon|."""

    name = "bond_first_amortization"
    rounding = 0.01
    category = "bonds"
    key_terms = ("effective-interest method", "amortization", "bond discount", "bond premium",
                 "interest expense")
    principles = ("matching",)

    def sample(self, rng: random.Random) -> Params:
        return _sample_bond(rng)

    def question(self, p: Params) -> str:
        kind = "discount" if issue_price(p) < p["face"] else "premium"
        return (
            f"{_terms_text(p)} They are issued at a {kind} for {money(issue_price(p), 0)}, a price "
            f"that yields {_yield_text(p)}. Using the effective-interest method, how much "
            f"bond {kind} is amortised on the first interest payment date? Round to the nearest cent."
        )

    def mistakes(self, p: Params) -> dict[str, float]:
        """Straight-line amortisation, face times market rate less the coupon, the interest expense."""
        n, coupon, i = _periods(p)
        price, expense, _, _ = _first_period(p)
        return {"straight-line": abs(p["face"] - price) / n,
                "face times market rate less coupon": float(abs(p["face"] * i - coupon)),
                "the interest expense": expense}

    def solve(self, p: Params) -> Worked:
        price, expense, coupon, kind = _first_period(p)
        amort = round2(abs(expense - coupon))
        order = (expense, coupon) if kind == "discount" else (coupon, expense)
        return Worked(
            gold=amort,
            steps=[
                *_first_period_steps(p, price, expense, coupon),
                f"{kind.capitalize()} amortised = {money(order[0])} - {money(order[1])} = {money(amort)}.",
            ],
            answer=money(amort),
        )


TEMPLATES = [
    BondIssuePrice(),
    BondFirstInterestExpense(),
    BondCarryingAfterFirstPayment(),
    BondFirstAmortization(),
]
