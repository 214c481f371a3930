"""Multi-entry journal problems: a sequence of transactions recorded as one list of entries.

The gold is every entry's lines in order; the journal scorer merges lines on the same account
and side, so an answer may write the entries separately or combine them. Perpetual inventory,
gross method for purchase discounts (ASC 330-10-30-1: inventory cost is net of discounts taken).
"""

from __future__ import annotations

import random
from typing import Any

from acctbench.generators.base import Params, journal_answer, line
from acctbench.generators.problems._common import MONTHS, Calc, JournalProblem, cents, dollars, money, pct, poss

Entry = list[dict[str, Any]]


def _answer(entries: list[tuple[str, Entry]]) -> str:
    return "\n\n".join(f"{label}:\n{journal_answer(lines)}" for label, lines in entries)


def _gold(entries: list[tuple[str, Entry]]) -> Entry:
    return [ln for _, lines in entries for ln in lines]


class PurchaseReturnPaySell(JournalProblem):
    """Buy on credit with freight, return part, pay within the discount period, sell part.

    Computations: balance owed after the return; the discount on it; the cash paid; the net cost
    of the goods kept; the cost of the part sold. Typical errors: the discount taken on the
    gross invoice; freight left out of the cost of the goods sold.
    """

    name = "journal_purchase_return_pay_sell"
    key_terms = ("perpetual inventory", "purchase discount", "purchase returns", "freight-in",
                 "cost of goods sold")
    principles = ("historical_cost", "matching", "double_entry")

    def draw(self, rng: random.Random) -> Params:
        invoice = rng.randrange(40, 400) * 100
        return {"invoice": invoice, "freight": rng.randrange(10, 90) * 10,
                "returned": invoice * rng.randrange(20, 45) // 100 // 10 * 10, "discount": rng.choice((2, 3)),
                "sold_pct": rng.choice((40, 50, 60, 75, 80)), "markup": rng.randrange(30, 90)}

    def _figures(self, p: Params, gross_discount: bool = False, freight_in_cost: bool = True) -> dict[str, float]:
        owed = p["invoice"] - p["returned"]
        discount = cents((p["invoice"] if gross_discount else owed) * p["discount"] / 100)
        kept = cents(owed - discount + (p["freight"] if freight_in_cost else 0))
        cost_sold = cents(kept * p["sold_pct"] / 100)
        true_cost = cents((owed - cents(owed * p["discount"] / 100) + p["freight"]) * p["sold_pct"] / 100)
        price = dollars(true_cost * (1 + p["markup"] / 100))
        return {"owed": owed, "discount": discount, "paid": cents(owed - discount), "kept": kept,
                "cost_sold": cost_sold, "price": price}

    def question(self, p: Params) -> str:
        f = self._figures(p)
        asks = (
            f"Record these transactions in {poss(p['company'])} general journal.",
            f"Give the journal entries {p['company']} makes for the four transactions.",
            f"Journalise the transactions in {poss(p['company'])} books.",
        )
        return (
            f"{p['company']} uses a perpetual inventory system and records purchases at the gross invoice price. "
            f"May 2: it bought merchandise on account for {money(p['invoice'], 0)}, terms {p['discount']}/10, n/30, "
            f"FOB shipping point, and paid the carrier {money(p['freight'], 0)} in cash. May 6: it returned "
            f"defective goods invoiced at {money(p['returned'], 0)} for credit. May 11: it paid the supplier the "
            f"balance owed. May 20: it sold {p['sold_pct']}% of the goods it kept from this purchase to a customer "
            f"on account for {money(f['price'], 0)}. " + asks[p["wording"]]
            + " List each account with its debit or credit amount; cents where needed."
        )

    def entries(self, p: Params, **error: bool) -> list[tuple[str, Entry]]:
        f = self._figures(p, **error)
        inv, ap = "Merchandise Inventory", "Accounts Payable"
        return [
            ("May 2", [line(inv, debit=p["invoice"]), line(ap, credit=p["invoice"])]),
            ("May 2 (freight)", [line(inv, debit=p["freight"]), line("Cash", credit=p["freight"])]),
            ("May 6", [line(ap, debit=p["returned"]), line(inv, credit=p["returned"])]),
            ("May 11", [line(ap, debit=f["owed"]), line("Cash", credit=f["paid"]), line(inv, credit=f["discount"])]),
            ("May 20", [line("Accounts Receivable", debit=f["price"]), line("Sales Revenue", credit=f["price"]),
                        line("Cost of Goods Sold", debit=f["cost_sold"]), line(inv, credit=f["cost_sold"])]),
        ]

    def work(self, p: Params) -> tuple[Any, Calc, str]:
        c, f = Calc(), self._figures(p)
        c.note("Perpetual system: freight on an FOB shipping point purchase is part of inventory cost.")
        c.step(f"Balance owed after the return = {money(p['invoice'], 0)} - {money(p['returned'], 0)} = "
               f"{money(f['owed'], 0)}.")
        c.step(f"Paid within 10 days: discount = {money(f['owed'], 0)} × {pct(p['discount'])} = "
               f"{money(f['discount'])}, credited to inventory.")
        c.step(f"Cash paid on May 11 = {money(f['owed'], 0)} - {money(f['discount'])} = {money(f['paid'])}.")
        c.step(f"Net cost of the goods kept = {money(f['owed'], 0)} - {money(f['discount'])} + freight "
               f"{money(p['freight'], 0)} = {money(f['kept'])}.")
        c.step(f"Cost of the goods sold on May 20 = {money(f['kept'])} × {p['sold_pct']}% = {money(f['cost_sold'])}.")
        entries = self.entries(p)
        return _gold(entries), c, _answer(entries)

    def mistakes(self, p: Params) -> dict[str, Entry]:
        return {"discount_on_gross": _gold(self.entries(p, gross_discount=True)),
                "freight_not_in_cost": _gold(self.entries(p, freight_in_cost=False))}


class NoteReceivableSequence(JournalProblem):
    """A note accepted for an overdue account, interest accrued at year end, collection at maturity.

    Computations: total interest; the interest accrued to December 31; the interest earned in the
    new year; the cash collected. Typical errors: the whole term's interest accrued at December 31;
    all the interest credited to revenue at maturity (the interest receivable left open).
    """

    name = "journal_note_receivable_sequence"
    key_terms = ("notes receivable", "accrued interest", "interest receivable", "interest revenue", "maturity")
    principles = ("accrual_basis", "revenue_recognition", "double_entry")

    def draw(self, rng: random.Random) -> Params:
        return {"principal": rng.randrange(10, 200) * 500, "rate": rng.choice((6, 7, 8, 9, 10, 12)),
                "month": rng.randrange(7, 12), "term": rng.choice((3, 4, 6, 9))}

    def _figures(self, p: Params) -> dict[str, float]:
        accrued_months = 12 - p["month"]
        total = cents(p["principal"] * p["rate"] / 100 * p["term"] / 12)
        accrued = cents(p["principal"] * p["rate"] / 100 * accrued_months / 12)
        return {"months": accrued_months, "total": total, "accrued": accrued, "rest": cents(total - accrued),
                "cash": cents(p["principal"] + total)}

    def acceptable(self, p: Params) -> bool:
        return p["term"] > 12 - p["month"]

    def question(self, p: Params) -> str:
        start = MONTHS[p["month"]]
        due = MONTHS[(p["month"] + p["term"]) % 12]
        asks = (
            f"Record the three entries in {poss(p['company'])} books.",
            f"Give {poss(p['company'])} journal entries for the note: at acceptance, at year end and at maturity.",
            f"Journalise the note from acceptance to collection in {poss(p['company'])} books.",
        )
        return (
            f"On {start} 1, Year 1, {p['company']} accepted a {p['term']}-month, {pct(p['rate'])} note for "
            f"{money(p['principal'], 0)} from a customer in settlement of an overdue account receivable. "
            f"{p['company']} closes its books on December 31 and accrues interest then. The customer paid the "
            f"note and all interest on {due} 1, Year 2. " + asks[p["wording"]]
            + " List each account with its debit or credit amount, to the cent."
        )

    def entries(self, p: Params, full_accrual: bool = False, receivable_open: bool = False) -> list[tuple[str, Entry]]:
        f = self._figures(p)
        if full_accrual:
            f = {**f, "accrued": f["total"], "rest": 0.0}
        if receivable_open:
            maturity = [line("Cash", debit=f["cash"]), line("Notes Receivable", credit=p["principal"]),
                        line("Interest Revenue", credit=f["total"])]
        else:
            maturity = [line("Cash", debit=f["cash"]), line("Notes Receivable", credit=p["principal"]),
                        line("Interest Receivable", credit=f["accrued"])]
            if f["rest"]:
                maturity.append(line("Interest Revenue", credit=f["rest"]))
        return [
            ("Acceptance", [line("Notes Receivable", debit=p["principal"]),
                            line("Accounts Receivable", credit=p["principal"])]),
            ("December 31", [line("Interest Receivable", debit=f["accrued"]),
                             line("Interest Revenue", credit=f["accrued"])]),
            ("Maturity", maturity),
        ]

    def work(self, p: Params) -> tuple[Any, Calc, str]:
        c, f = Calc(), self._figures(p)
        c.step(f"Total interest = {money(p['principal'], 0)} × {pct(p['rate'])} × {p['term']}/12 = {money(f['total'])}.")
        c.step(f"Accrued at December 31 ({f['months']} months) = {money(p['principal'], 0)} × {pct(p['rate'])} × "
               f"{f['months']}/12 = {money(f['accrued'])}.")
        c.step(f"Interest earned in Year 2 = {money(f['total'])} - {money(f['accrued'])} = {money(f['rest'])}.")
        c.step(f"Cash collected at maturity = {money(p['principal'], 0)} + {money(f['total'])} = {money(f['cash'])}.")
        entries = self.entries(p)
        return _gold(entries), c, _answer(entries)

    def mistakes(self, p: Params) -> dict[str, Entry]:
        return {"full_term_accrued": _gold(self.entries(p, full_accrual=True)),
                "receivable_left_open": _gold(self.entries(p, receivable_open=True))}


TEMPLATES = [PurchaseReturnPaySell(), NoteReceivableSequence()]
