"""Error corrections and note financing: the effect of two years' inventory count errors on the
second year's net income, and the gain or loss on discounting a customer's note at a bank.
"""

from __future__ import annotations

import random

from acctbench.generators.base import Params
from acctbench.generators.problems._common import MONTHS, Calc, NumericProblem, cents, dollars, m0, money, pct, poss


def _state(over: bool) -> str:
    return "overstated" if over else "understated"


class InventoryErrorsNetIncome(NumericProblem):
    """Corrected second-year net income after errors in both years' ending inventory counts.

    Year-1 ending inventory is Year-2 beginning inventory: overstating it overstates Year-2 cost
    of goods sold (net income understated by that amount), and understating it the reverse; a
    Year-2 ending overstatement understates cost of goods sold (net income overstated). Pretax
    correction = beginning effect + ending effect; after tax = pretax × (1 - rate); corrected =
    reported + after-tax correction. Typical errors: the Year-1 error left out of Year 2 (it is
    thought to have "reversed"); both signs reversed; the tax effect ignored.
    """

    name = "inventory_errors_net_income"
    key_terms = ("inventory error", "cost of goods sold", "counterbalancing error", "net income", "tax effect")
    principles = ("comparability", "matching")

    def draw(self, rng: random.Random) -> Params:
        income = rng.randrange(50, 3000) * 1_000
        return {"income1": rng.randrange(50, 3000) * 1_000, "income2": income,
                "error1": rng.randrange(5, 200) * 500, "over1": rng.random() < 0.5,
                "error2": rng.randrange(5, 200) * 500, "over2": rng.random() < 0.5, "tax": rng.choice((21, 25, 30))}

    def _pretax(self, p: Params, drop_first: bool = False, reversed_: bool = False) -> float:
        begin = 0 if drop_first else (p["error1"] if p["over1"] else -p["error1"])
        end = -p["error2"] if p["over2"] else p["error2"]
        return -(begin + end) if reversed_ else begin + end

    def _corrected(self, p: Params, taxed: bool = True, **kw: bool) -> float:
        return p["income2"] + self._pretax(p, **kw) * (1 - p["tax"] / 100 if taxed else 1)

    def acceptable(self, p: Params) -> bool:
        return self._pretax(p) != 0 and super().acceptable(p)

    def question(self, p: Params) -> str:
        asks = (
            "What is the corrected Year 2 net income? Round to the nearest dollar.",
            "Restate Year 2 net income for both errors, to the nearest dollar.",
            f"What should {poss(p['company'])} Year 2 net income have been (nearest dollar)?",
        )
        return (
            f"{p['company']} uses a periodic inventory system and reported net income of {m0(p['income1'])} for "
            f"Year 1 and {m0(p['income2'])} for Year 2, after income tax at {pct(p['tax'])}. An audit found that "
            f"ending inventory was {_state(p['over1'])} by {m0(p['error1'])} at the end of Year 1 and "
            f"{_state(p['over2'])} by {m0(p['error2'])} at the end of Year 2. The tax on both years' income "
            "follows the same figures and will be corrected too. " + asks[p["wording"]]
        )

    def exact(self, p: Params) -> float:
        return self._corrected(p)

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c = Calc()
        begin = p["error1"] if p["over1"] else -p["error1"]
        c.step(f"Year 2 beginning inventory {_state(p['over1'])} by {m0(p['error1'])}: cost of goods sold "
               f"{_state(p['over1'])}, so the correction to net income = {m0(begin)}.")
        end = -p["error2"] if p["over2"] else p["error2"]
        c.step(f"Year 2 ending inventory {_state(p['over2'])} by {m0(p['error2'])}: cost of goods sold "
               f"{_state(not p['over2'])}, so the correction to net income = {m0(end)}.")
        pretax = begin + end
        c.step(f"Pretax correction = {m0(begin)} + {m0(end)} = {m0(pretax)}.")
        after = pretax * (1 - p["tax"] / 100)
        c.step(f"After tax = {m0(pretax)} × (1 - {pct(p['tax'])}) = {money(after)}.")
        corrected = dollars(self._corrected(p))
        c.step(f"Corrected Year 2 net income = {m0(p['income2'])} + {money(after)} = {m0(corrected)}.")
        return corrected, c, m0(corrected)

    def mistakes(self, p: Params) -> dict[str, float]:
        return {
            "year_one_error_left_out": dollars(self._corrected(p, drop_first=True)),
            "signs_reversed": dollars(self._corrected(p, reversed_=True)),
            "tax_ignored": dollars(self._corrected(p, taxed=False)),
        }


class NoteDiscountingLoss(NumericProblem):
    """Gain or loss on discounting an interest-bearing customer note at a bank (a sale, ASC 860).

    Interest to maturity = face × rate × term / 12; maturity value = face + interest; discount
    period = term - months held; bank discount = maturity value × bank rate × period / 12;
    proceeds = maturity value - discount; carrying amount = face + interest accrued for the
    months held; gain (loss) = proceeds - carrying amount. Typical errors: the bank discount
    computed on the face value; the discount taken over the whole term; the accrued interest
    left out of the carrying amount; the proceeds reported as the answer.
    """

    name = "note_discounting_loss"
    signed = True
    rounding = 0.01
    key_terms = ("note receivable", "discounting", "maturity value", "bank discount", "proceeds")
    principles = ("accrual_basis", "substance_over_form")

    def draw(self, rng: random.Random) -> Params:
        term = rng.choice((3, 4, 6, 8, 9, 12))
        return {"face": rng.randrange(5, 200) * 1_000, "rate": rng.choice((6, 7, 8, 9, 10, 12)), "term": term,
                "held": rng.randrange(1, term), "bank": rng.choice((8, 9, 10, 11, 12, 14)), "month": rng.randrange(1, 13)}

    def _result(self, p: Params, on_face: bool = False, full_term: bool = False, no_accrual: bool = False) -> float:
        mv = p["face"] * (1 + p["rate"] / 100 * p["term"] / 12)
        months = p["term"] if full_term else p["term"] - p["held"]
        proceeds = mv - (p["face"] if on_face else mv) * p["bank"] / 100 * months / 12
        carrying = p["face"] * (1 + (0 if no_accrual else p["rate"] / 100 * p["held"] / 12))
        return proceeds - carrying

    def question(self, p: Params) -> str:
        start = MONTHS[p["month"] - 1]
        asks = (
            "What gain (positive) or loss (negative) does it record on discounting the note? Round to the cent.",
            "Compute the gain or loss on the transfer to the bank, to the nearest cent (a loss as a negative "
            "number).",
            f"How much does discounting the note add to {poss(p['company'])} income (negative if it reduces it)? "
            "Round to the cent.",
        )
        return (
            f"On {start} 1, {p['company']} accepted a {p['term']}-month, {pct(p['rate'])} note for "
            f"{m0(p['face'])} from a customer, with interest due at maturity. {p['held']} month"
            f"{'s' if p['held'] > 1 else ''} later it discounted the note at its bank at {pct(p['bank'])}, "
            "without recourse (the transfer qualifies as a sale), having accrued the interest earned to that "
            "date. Compute interest and the bank's discount on a 12-month year. " + asks[p["wording"]]
        )

    def exact(self, p: Params) -> float:
        return self._result(p)

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c = Calc()
        interest = p["face"] * p["rate"] / 100 * p["term"] / 12
        c.step(f"Interest to maturity = {m0(p['face'])} × {pct(p['rate'])} × {p['term']}/12 = {money(interest)}.")
        mv = p["face"] + interest
        c.step(f"Maturity value = {m0(p['face'])} + {money(interest)} = {money(mv)}.")
        months = p["term"] - p["held"]
        c.step(f"Discount period = {p['term']} - {p['held']} = {months} months.")
        discount = mv * p["bank"] / 100 * months / 12
        c.step(f"Bank discount = {money(mv)} × {pct(p['bank'])} × {months}/12 = {money(discount)}.")
        proceeds = mv - discount
        c.step(f"Proceeds = {money(mv)} - {money(discount)} = {money(proceeds)}.")
        accrued = p["face"] * p["rate"] / 100 * p["held"] / 12
        c.step(f"Accrued interest = {m0(p['face'])} × {pct(p['rate'])} × {p['held']}/12 = {money(accrued)}; "
               f"carrying amount = {m0(p['face'])} + {money(accrued)} = {money(p['face'] + accrued)}.", count=2)
        result = cents(self._result(p))
        c.step(f"Gain (loss) = {money(proceeds)} - {money(p['face'] + accrued)} = {money(result)}.")
        return result, c, money(result)

    def mistakes(self, p: Params) -> dict[str, float]:
        mv = p["face"] * (1 + p["rate"] / 100 * p["term"] / 12)
        return {
            "discount_on_face": cents(self._result(p, on_face=True)),
            "discount_over_full_term": cents(self._result(p, full_term=True)),
            "accrual_left_out": cents(self._result(p, no_accrual=True)),
            "proceeds_reported": cents(mv * (1 - p["bank"] / 100 * (p["term"] - p["held"]) / 12)),
        }


TEMPLATES = [InventoryErrorsNetIncome(), NoteDiscountingLoss()]
