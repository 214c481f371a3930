"""Debt problems: an effective-interest bond several periods after issue (ASC 835-30-35-2),
bonds sold between interest dates (accrued interest collected from the buyer), and an
installment note repaid in equal annual payments.
"""

from __future__ import annotations

import random

from acctbench.generators.base import Params
from acctbench.generators.problems._common import MONTHS, Calc, NumericProblem, annuity, article, cents, dollars, m0, money, pct, poss


def _issue_price(face: int, coupon: float, market: float, periods: int) -> float:
    """Price to the nearest dollar: PV of the coupons and face at the market rate per period."""
    return dollars(face * coupon * annuity(market, periods) + face * (1 + market) ** -periods)


class BondCarryingAfterPeriods(NumericProblem):
    """Carrying amount of a bond after n semiannual payments, effective-interest method.

    Each period: interest expense = carrying amount × market rate per period (rounded to the
    cent); amortisation = expense - cash coupon; carrying amount moves toward face. Typical
    errors: straight-line amortisation; the issue price reported (no amortisation); the annual
    market rate used per half year; amortisation applied in the wrong direction.
    """

    name = "bond_carrying_after_periods"
    key_terms = ("effective-interest method", "carrying amount", "bond discount", "bond premium",
                 "amortization")
    principles = ("historical_cost", "matching")

    def draw(self, rng: random.Random) -> Params:
        coupon = rng.choice((4, 5, 6, 7, 8, 9, 10))
        market = coupon + rng.choice((-2, -1.5, -1, 1, 1.5, 2, 2.5))
        return {"face": rng.randrange(4, 40) * 50_000, "coupon": coupon, "market": market,
                "years": rng.choice((5, 8, 10, 15, 20)), "paid": rng.randrange(3, 7)}

    def _rates(self, p: Params) -> tuple[float, float, int, float]:
        c, m, n = p["coupon"] / 200, p["market"] / 200, p["years"] * 2
        return c, m, n, _issue_price(p["face"], c, m, n)

    def question(self, p: Params) -> str:
        _, _, _, price = self._rates(p)
        asks = (
            f"What is the carrying amount of the bonds immediately after the {p['paid']}th interest payment? "
            "Round interest expense to the cent each period and the answer to the nearest dollar.",
            f"Prepare the amortisation schedule: what carrying amount does it show after {p['paid']} interest "
            "payments (interest to the cent each period; answer to the nearest dollar)?",
            f"At what net amount will {p['company']} carry the bonds after the {p['paid']}th semiannual payment? "
            "Round each period's interest to the cent and the answer to the nearest dollar.",
        )
        return (
            f"On January 1, {p['company']} issued {m0(p['face'])} of {p['years']}-year, {pct(p['coupon'])} bonds "
            f"paying interest semiannually on June 30 and December 31, for {m0(price)}, a price that yields "
            f"{pct(p['market'])} a year ({pct(p['market'] / 2)} per half year). It uses the effective-interest "
            "method. " + asks[p["wording"]]
        )

    def _schedule(self, p: Params, rate: float | None = None, sign: int = 1) -> float:
        coupon, market, _, carrying = self._rates(p)
        cash = p["face"] * coupon
        for _ in range(p["paid"]):
            expense = cents(carrying * (rate if rate is not None else market))
            carrying = cents(carrying + sign * (expense - cash))
        return carrying

    def exact(self, p: Params) -> float:
        return self._schedule(p)

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c = Calc()
        coupon, market, n, carrying = self._rates(p)
        cash = p["face"] * coupon
        c.step(f"Cash interest per period = {m0(p['face'])} × {pct(p['coupon'] / 2)} = {money(cash)}; market rate "
               f"per period = {pct(p['market'] / 2)}.")
        for k in range(1, p["paid"] + 1):
            expense = cents(carrying * market)
            new = cents(carrying + expense - cash)
            c.step(f"Period {k}: interest expense = {money(carrying)} × {pct(p['market'] / 2)} = {money(expense)}; "
                   f"amortisation = {money(abs(expense - cash))}; carrying amount = {money(new)}.", count=2)
            carrying = new
        end = dollars(carrying)
        c.note(f"Carrying amount after {p['paid']} payments = {m0(end)} (nearest dollar).")
        return end, c, m0(end)

    def mistakes(self, p: Params) -> dict[str, float]:
        _, market, n, price = self._rates(p)
        return {
            "straight_line": dollars(price + (p["face"] - price) * p["paid"] / n),
            "no_amortisation": float(price),
            "annual_rate_per_period": dollars(self._schedule(p, rate=2 * market)),
            "wrong_direction": dollars(self._schedule(p, sign=-1)),
        }


class BondIssuedBetweenDates(NumericProblem):
    """First-year bond interest expense when bonds are sold between interest dates.

    Cash received = price + accrued interest since the last interest date; the premium or
    discount is amortised straight-line over the months from sale to maturity; interest expense
    for the year = coupons paid and accrued - accrued interest received ± amortisation. Typical
    errors: a full year's coupon expensed (the accrued interest received not netted); the
    amortisation left out; amortisation spread over the full term from the bonds' date.
    """

    name = "bond_issued_between_dates"
    naming_wordings = (1,)
    key_terms = ("accrued interest", "bond premium", "bond discount", "straight-line amortization",
                 "interest expense")
    principles = ("matching", "accrual_basis")

    def draw(self, rng: random.Random) -> Params:
        return {"face": rng.randrange(4, 40) * 50_000, "coupon": rng.choice((4, 5, 6, 7, 8, 9, 10, 12)),
                "price": rng.choice((96, 97, 98, 99, 101, 102, 103, 104)), "years": rng.choice((5, 10, 20)),
                "month": rng.choice((1, 2, 3, 4, 5))}

    def question(self, p: Params) -> str:
        asks = (
            "What bond interest expense does it report for the year ended December 31? Round to the nearest dollar.",
            "Using straight-line amortisation from the date of sale, compute bond interest expense for the "
            "year ended December 31, to the nearest dollar.",
            f"How much interest expense on the bonds appears in {poss(p['company'])} income statement for the year "
            "of issue (nearest dollar)?",
        )
        return (
            f"{poss(p['company'])} {m0(p['face'])} of {pct(p['coupon'])}, {p['years']}-year bonds are dated January 1 and "
            f"pay interest on June 30 and December 31. Because of market conditions they were not sold until "
            f"{MONTHS[p['month']]} 1, at {p['price']} plus accrued interest. The company amortises any premium or "
            "discount straight-line over the period the bonds are outstanding, which is not materially different "
            "from the effective-interest method. " + asks[p["wording"]]
        )

    def _parts(self, p: Params) -> dict[str, float]:
        months_out = p["years"] * 12 - p["month"]
        diff = p["face"] * (p["price"] - 100) / 100
        return {"accrued": p["face"] * p["coupon"] / 100 * p["month"] / 12, "diff": diff,
                "months_out": months_out, "held": 12 - p["month"],
                "amort": diff / months_out * (12 - p["month"]), "coupons": p["face"] * p["coupon"] / 100}

    def exact(self, p: Params) -> float:
        q = self._parts(p)
        return q["coupons"] - q["accrued"] - q["amort"]

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c, q = Calc(), self._parts(p)
        kind = "premium" if q["diff"] > 0 else "discount"
        c.step(f"Accrued interest collected from buyers = {m0(p['face'])} × {pct(p['coupon'])} × {p['month']}/12 = "
               f"{money(q['accrued'])}.")
        c.step(f"{kind.capitalize()} = {m0(p['face'])} × ({p['price']} - 100)% = {m0(abs(q['diff']))}.")
        c.step(f"Months outstanding to maturity = {p['years'] * 12} - {p['month']} = {q['months_out']}; amortisation "
               f"for {q['held']} months = {m0(abs(q['diff']))} × {q['held']}/{q['months_out']} = "
               f"{money(abs(q['amort']))}.")
        c.step(f"Coupons paid on June 30 and December 31 = {m0(p['face'])} × {pct(p['coupon'])} = "
               f"{money(q['coupons'])}.")
        net = q["coupons"] - q["accrued"]
        c.step(f"Net coupon cost = {money(q['coupons'])} - {money(q['accrued'])} = {money(net)}.")
        end = dollars(self.exact(p))
        sign = "-" if kind == "premium" else "+"
        c.step(f"Interest expense = {money(net)} {sign} {money(abs(q['amort']))} {kind} amortisation = {m0(end)}.")
        return end, c, m0(end)

    def mistakes(self, p: Params) -> dict[str, float]:
        q = self._parts(p)
        return {
            "full_year_coupon": dollars(q["coupons"] - q["amort"]),
            "no_amortisation": dollars(q["coupons"] - q["accrued"]),
            "amortised_over_full_term": dollars(q["coupons"] - q["accrued"] - q["diff"] * q["held"] / (p["years"] * 12)),
        }


class InstallmentNoteBalance(NumericProblem):
    """Balance of an installment note after k of n equal annual payments.

    Payment = principal × rate / (1 - (1 + rate)^-n), rounded to the cent; each year interest =
    balance × rate, principal repaid = payment - interest. Typical errors: equal principal
    repayments (principal × (1 - k/n)); interest on the original principal every year; the
    payments deducted with no interest.
    """

    name = "installment_note_balance"
    key_terms = ("installment note", "amortization schedule", "interest expense", "principal",
                 "carrying amount")
    principles = ("historical_cost",)

    def draw(self, rng: random.Random) -> Params:
        return {"principal": rng.randrange(10, 200) * 5_000, "rate": rng.choice((4, 5, 6, 7, 8, 9, 10, 12)),
                "years": rng.randrange(4, 11), "paid": rng.randrange(2, 4)}

    def _payment(self, p: Params) -> float:
        return cents(p["principal"] / annuity(p["rate"] / 100, p["years"]))

    def question(self, p: Params) -> str:
        asks = (
            f"What is the note's carrying amount immediately after the {p['paid']} payment? Round interest to "
            "the cent each year and the answer to the nearest dollar.",
            f"How much principal remains unpaid after the {p['paid']} December 31 payment? Interest to the cent "
            "each year; answer to the nearest dollar.",
            f"Compute the balance {p['company']} owes on the note after {p['paid']} payments (round each year's "
            "interest to the cent and the answer to the nearest dollar).",
        )
        ordinal = {2: "second", 3: "third"}[p["paid"]]
        return (
            f"On January 1, {p['company']} borrowed {m0(p['principal'])} from a bank on {article(p['years'])} "
            f"{p['years']}-year installment note at {pct(p['rate'])} interest, repaid in equal payments every "
            "December 31 that cover interest and principal (round the payment to the cent). "
            + asks[p["wording"]].replace(f"the {p['paid']} ", f"the {ordinal} ")
            .replace(f"{p['paid']}th", ordinal)
        )

    def _balance(self, p: Params, original: bool = False) -> float:
        bal, pay, r = float(p["principal"]), self._payment(p), p["rate"] / 100
        for _ in range(p["paid"]):
            bal = cents(bal - (pay - cents((p["principal"] if original else bal) * r)))
        return bal

    def exact(self, p: Params) -> float:
        return self._balance(p)

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c, r, pay = Calc(), p["rate"] / 100, self._payment(p)
        c.step(f"Annual payment = {m0(p['principal'])} / {annuity(r, p['years']):.5f} (annuity factor, "
               f"n={p['years']}, {pct(p['rate'])}) = {money(pay)}.")
        bal = float(p["principal"])
        for k in range(1, p["paid"] + 1):
            interest = cents(bal * r)
            new = cents(bal - (pay - interest))
            c.step(f"Year {k}: interest = {money(bal)} × {pct(p['rate'])} = {money(interest)}; principal repaid = "
                   f"{money(pay - interest)}; balance = {money(new)}.", count=2)
            bal = new
        end = dollars(bal)
        c.note(f"Carrying amount after {p['paid']} payments = {m0(end)} (nearest dollar).")
        return end, c, m0(end)

    def mistakes(self, p: Params) -> dict[str, float]:
        return {
            "equal_principal": dollars(p["principal"] * (1 - p["paid"] / p["years"])),
            "interest_on_original": dollars(self._balance(p, original=True)),
            "no_interest": dollars(p["principal"] - p["paid"] * self._payment(p)),
        }


TEMPLATES = [BondCarryingAfterPeriods(), BondIssuedBetweenDates(), InstallmentNoteBalance()]
