"""Merchandising entries: purchases, sales with cost of goods sold, returns and cash discounts.

Perpetual systems carry purchases, freight-in, returns and discounts in Merchandise Inventory
and record cost of goods sold at each sale; periodic systems use Purchases and its contra
accounts (ASC 330 / IAS 2: inventory cost includes costs of bringing goods to their location).
Revenue is recognised when control of the goods passes (ASC 606 / IFRS 15).
"""

from __future__ import annotations

import random

from acctbench.generators.base import Params, Worked, line, money, round2
from acctbench.generators.journal._common import (
    MONTHS,
    JournalBase,
    amt,
    cosmetics,
    day_of,
    finish,
    pct,
)

_INV = "Merchandise Inventory"


class _Merchandising(JournalBase):
    """Merchandising templates: the month and the days between events are cosmetic."""

    cosmetic = (*JournalBase.cosmetic, "month", "wait", "late_wait", "terms")


def _cost_of(rng: random.Random, sale: int) -> int:
    """A cost of goods at 45-80% of the selling price, in whole $50s."""
    ratio = rng.choice((0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8))
    return max(50, int(round(sale * ratio / 50)) * 50)


def _invoice(rng: random.Random) -> dict[str, int]:
    """An invoice amount and, a third of the time, a return of up to a fifth of it."""
    amount = rng.randrange(10, 501) * 100
    return {"amount": amount, "returned": rng.choice((0, 0, rng.randrange(1, amount // 500 + 1) * 100))}


class PurchaseInventoryOnCredit(_Merchandising):
    """Perpetual purchase on account, optionally with freight-in paid in cash."""

    name = "journal_purchase_inventory_credit"
    category = "merchandising"
    key_terms = ("perpetual inventory system", "merchandise inventory", "accounts payable",
                 "freight-in", "FOB shipping point")
    principles = ("historical_cost", "double_entry", "accrual_basis")

    def sample(self, rng: random.Random) -> Params:
        freight = rng.choice((0, 0, rng.randrange(2, 40) * 25))
        return {**cosmetics(rng), "month": rng.randrange(12), "day": day_of(rng),
                "amount": rng.randrange(20, 901) * 100, "terms": rng.choice(("n/30", "n/60", "n/45")),
                "freight": freight}

    def question(self, p: Params) -> str:
        freight = (
            f" The goods were shipped FOB shipping point, and {p['company']} paid the carrier "
            f"{amt(p['freight'])} in cash for the freight." if p["freight"] else ""
        )
        return (
            f"{p['company']} uses a perpetual inventory system. On {MONTHS[p['month']]} {p['day']}, "
            f"{p['year']}, it purchased merchandise for {amt(p['amount'])} on account, terms "
            f"{p['terms']}.{freight} " + self.ask(p, "the purchase")
        )

    def solve(self, p: Params) -> Worked:
        total = p["amount"] + p["freight"]
        steps = [
            "Under a perpetual system, purchases are debited directly to Merchandise Inventory; "
            f"the amount owed to the supplier, {money(p['amount'])}, is credited to Accounts Payable."
        ]
        if p["freight"]:
            steps.append(
                f"Freight paid on an FOB shipping point purchase is part of the cost of the inventory "
                f"(ASC 330 / IAS 2), so inventory is debited {money(p['amount'])} + "
                f"{money(p['freight'])} = {money(total)} and Cash is credited {money(p['freight'])}."
            )
        lines = [line(_INV, debit=total), line("Accounts Payable", credit=p["amount"]),
                 line("Cash", credit=p["freight"])]
        return finish(lines, steps)


class CreditSaleWithCost(_Merchandising):
    """Perpetual credit sale: the revenue entry and the cost-of-goods-sold entry."""

    name = "journal_credit_sale_with_cogs"
    category = "merchandising"
    key_terms = ("perpetual inventory system", "cost of goods sold", "accounts receivable",
                 "sales revenue", "sale on account")
    principles = ("revenue_recognition", "matching", "double_entry")

    def sample(self, rng: random.Random) -> Params:
        sale = rng.randrange(10, 601) * 100
        return {**cosmetics(rng), "month": rng.randrange(12), "day": day_of(rng), "sale": sale,
                "cost": _cost_of(rng, sale), "terms": rng.choice(("n/30", "n/45", "n/60"))}

    def question(self, p: Params) -> str:
        return (
            f"{p['company']} uses a perpetual inventory system. On {MONTHS[p['month']]} {p['day']}, "
            f"{p['year']}, it sold merchandise on account for {amt(p['sale'])}, terms {p['terms']}. "
            f"The merchandise had cost {p['company']} {amt(p['cost'])}. "
            + self.ask(p, "the sale and the cost of the goods sold",
                       "Include both entries; you may list all lines together.")
        )

    def solve(self, p: Params) -> Worked:
        steps = [
            f"Revenue entry: the customer now owes {money(p['sale'])}, so debit Accounts Receivable "
            f"and credit Sales Revenue {money(p['sale'])} (control of the goods has passed).",
            f"Cost entry (perpetual system): debit Cost of Goods Sold and credit Merchandise "
            f"Inventory for the cost of the goods, {money(p['cost'])} (matching).",
        ]
        lines = [line("Accounts Receivable", debit=p["sale"]), line("Cost of Goods Sold", debit=p["cost"]),
                 line("Sales Revenue", credit=p["sale"]), line(_INV, credit=p["cost"])]
        return finish(lines, steps)


class CashSale(_Merchandising):
    """Perpetual cash sale, optionally collecting sales tax."""

    name = "journal_cash_sale"
    category = "merchandising"
    key_terms = ("cash sale", "cost of goods sold", "sales revenue", "sales tax payable",
                 "perpetual inventory system")
    principles = ("revenue_recognition", "matching", "double_entry")

    def sample(self, rng: random.Random) -> Params:
        sale = rng.randrange(5, 401) * 100
        return {**cosmetics(rng), "month": rng.randrange(12), "day": day_of(rng), "sale": sale,
                "cost": _cost_of(rng, sale), "tax_rate": rng.choice((0, 0, 5, 6, 7, 8))}

    def question(self, p: Params) -> str:
        before_tax = " (before sales tax)" if p["tax_rate"] else ""
        tax = (
            f" The company also collected a {pct(p['tax_rate'])} sales tax on the selling price, "
            "which it must remit to the state." if p["tax_rate"] else ""
        )
        return (
            f"On {MONTHS[p['month']]} {p['day']}, {p['year']}, {p['company']}, which uses a perpetual "
            f"inventory system, sold merchandise for {amt(p['sale'])} cash{before_tax}. The goods "
            f"had cost {amt(p['cost'])}.{tax} "
            + self.ask(p, "the sale and its cost of goods sold",
                       "Include both entries; you may list all lines together.")
        )

    def solve(self, p: Params) -> Worked:
        tax = round2(p["sale"] * p["tax_rate"] / 100)
        cash = round2(p["sale"] + tax)
        steps = [f"Sales Revenue is credited for the selling price, {money(p['sale'])}."]
        if tax:
            steps.append(
                f"Sales tax collected is a liability, not revenue: {pct(p['tax_rate'])} x "
                f"{money(p['sale'])} = {money(tax)} credited to Sales Taxes Payable; Cash is debited "
                f"{money(p['sale'])} + {money(tax)} = {money(cash)}."
            )
        else:
            steps.append(f"Cash is debited {money(cash)}.")
        steps.append(
            f"Perpetual system: debit Cost of Goods Sold and credit Merchandise Inventory "
            f"{money(p['cost'])}."
        )
        lines = [line("Cash", debit=cash), line("Cost of Goods Sold", debit=p["cost"]),
                 line("Sales Revenue", credit=p["sale"]), line("Sales Taxes Payable", credit=tax),
                 line(_INV, credit=p["cost"])]
        return finish(lines, steps)


class SalesReturn(_Merchandising):
    """Perpetual sales return of undamaged goods: contra revenue plus restoring inventory."""

    name = "journal_sales_return_perpetual"
    category = "merchandising"
    key_terms = ("sales returns and allowances", "contra revenue", "perpetual inventory system",
                 "cost of goods sold", "credit memorandum")
    principles = ("revenue_recognition", "matching", "no_offsetting")

    def sample(self, rng: random.Random) -> Params:
        price = rng.randrange(4, 301) * 50
        return {**cosmetics(rng), "month": rng.randrange(12), "day": day_of(rng), "price": price,
                "cost": _cost_of(rng, price), "refund": rng.choice(("account", "cash"))}

    def question(self, p: Params) -> str:
        sold, settle = (
            ("on account", "The customer's account was credited for the full selling price.")
            if p["refund"] == "account"
            else ("for cash", "The company refunded the full selling price in cash.")
        )
        return (
            f"{p['company']} uses a perpetual inventory system and records returns in a Sales Returns "
            f"and Allowances account. On {MONTHS[p['month']]} {p['day']}, {p['year']}, a customer "
            f"returned merchandise that had been sold {sold} for {amt(p['price'])}. The goods had "
            f"cost {amt(p['cost'])}; they were undamaged and were put back into inventory. {settle} "
            + self.ask(p, "the return", "Record both the revenue side and the inventory side.")
        )

    def solve(self, p: Params) -> Worked:
        settle = "Accounts Receivable" if p["refund"] == "account" else "Cash"
        steps = [
            f"Revenue side: debit the contra-revenue account Sales Returns and Allowances "
            f"{money(p['price'])} and credit {settle} {money(p['price'])}.",
            f"Inventory side (perpetual): the goods are back in stock at cost, so debit Merchandise "
            f"Inventory and credit Cost of Goods Sold {money(p['cost'])}.",
        ]
        lines = [line("Sales Returns and Allowances", debit=p["price"]), line(_INV, debit=p["cost"]),
                 line(settle, credit=p["price"]), line("Cost of Goods Sold", credit=p["cost"])]
        return finish(lines, steps)


class PurchaseReturn(_Merchandising):
    """Return of goods bought on account, perpetual or periodic."""

    name = "journal_purchase_return"
    category = "merchandising"
    key_terms = ("purchase returns and allowances", "debit memorandum", "accounts payable",
                 "perpetual inventory system", "periodic inventory system")
    principles = ("historical_cost", "double_entry")

    def sample(self, rng: random.Random) -> Params:
        return {**cosmetics(rng), "month": rng.randrange(12), "day": day_of(rng),
                "amount": rng.randrange(4, 401) * 50, "system": rng.choice(("perpetual", "periodic"))}

    def question(self, p: Params) -> str:
        return (
            f"{p['company']} uses a {p['system']} inventory system. On {MONTHS[p['month']]} "
            f"{p['day']}, {p['year']}, it returned defective merchandise that it had bought on account "
            f"for {amt(p['amount'])}; the supplier granted full credit against the balance owed and "
            f"nothing had been paid yet. " + self.ask(p, "the return")
        )

    def solve(self, p: Params) -> Worked:
        credit = _INV if p["system"] == "perpetual" else "Purchase Returns and Allowances"
        why = (
            "under a perpetual system the cost comes straight out of Merchandise Inventory"
            if p["system"] == "perpetual"
            else "under a periodic system returns go to the contra account Purchase Returns and "
            "Allowances (Purchases itself is left at the gross amount)"
        )
        steps = [
            f"The amount owed to the supplier falls by {money(p['amount'])}: debit Accounts Payable.",
            f"Credit {credit} {money(p['amount'])}, because {why}.",
        ]
        return finish([line("Accounts Payable", debit=p["amount"]), line(credit, credit=p["amount"])],
                      steps)


class PurchaseDiscountGross(_Merchandising):
    """Payment within the discount period under the gross method, after an optional return."""

    name = "journal_purchase_discount_gross"
    category = "merchandising"
    key_terms = ("purchase discount", "gross method", "credit terms", "discount period",
                 "accounts payable")
    principles = ("historical_cost", "double_entry")

    def sample(self, rng: random.Random) -> Params:
        return {**cosmetics(rng), **_invoice(rng), "month": rng.randrange(12), "day": day_of(rng, 15),
                "wait": rng.randint(4, 10),
                "rate": rng.choice((1, 2, 3)), "system": rng.choice(("perpetual", "periodic"))}

    def question(self, p: Params) -> str:
        month, d0 = MONTHS[p["month"]], p["day"]
        ret = (
            f" On {month} {d0 + 2} it returned {amt(p['returned'])} of the goods for credit."
            if p["returned"] else ""
        )
        return (
            f"{p['company']} uses a {p['system']} inventory system and records purchases at the gross "
            f"invoice price (gross method). On {month} {d0}, {p['year']}, it bought merchandise for "
            f"{amt(p['amount'])} on account, terms {p['rate']}/10, n/30.{ret} On {month} "
            f"{d0 + p['wait']}, within the discount period, it paid the balance owed. "
            + self.ask(p, "the payment")
        )

    def solve(self, p: Params) -> Worked:
        owed = p["amount"] - p["returned"]
        discount = round2(owed * p["rate"] / 100)
        cash = round2(owed - discount)
        credit = _INV if p["system"] == "perpetual" else "Purchase Discounts"
        steps = []
        if p["returned"]:
            steps.append(f"Balance owed after the return: {money(p['amount'])} - "
                         f"{money(p['returned'])} = {money(owed)}.")
        steps += [
            f"Paid within 10 days, so the {pct(p['rate'])} discount applies: {pct(p['rate'])} x "
            f"{money(owed)} = {money(discount)}; cash paid = {money(owed)} - {money(discount)} = "
            f"{money(cash)}.",
            f"Debit Accounts Payable for the full {money(owed)} settled; credit Cash {money(cash)} and "
            f"credit {credit} {money(discount)} ("
            + ("a perpetual system reduces the cost of the inventory" if p["system"] == "perpetual"
               else "a periodic system uses the contra account Purchase Discounts") + ").",
        ]
        lines = [line("Accounts Payable", debit=owed), line("Cash", credit=cash),
                 line(credit, credit=discount)]
        return finish(lines, steps)


class PurchaseDiscountNet(_Merchandising):
    """Payment under the net method, inside or after the discount period."""

    name = "journal_purchase_discount_net"
    category = "merchandising"
    key_terms = ("net method", "purchase discounts lost", "credit terms", "discount period",
                 "accounts payable")
    principles = ("historical_cost", "faithful_representation")

    def sample(self, rng: random.Random) -> Params:
        return {**cosmetics(rng), "month": rng.randrange(12), "day": day_of(rng, 15),
                "amount": rng.randrange(10, 601) * 100, "rate": rng.choice((1, 2, 3)),
                "late": rng.random() < 0.7, "wait": rng.randint(4, 10), "late_wait": rng.randint(12, 13)}

    def question(self, p: Params) -> str:
        month, d0 = MONTHS[p["month"]], p["day"]
        when = (
            f"On {month} {d0 + p['late_wait']}, after the discount period had expired, it paid the "
            "full invoice."
            if p["late"]
            else f"On {month} {d0 + p['wait']}, within the discount period, it paid the amount due."
        )
        return (
            f"{p['company']} uses a perpetual inventory system and records purchases net of cash "
            f"discounts (net method). On {month} {d0}, {p['year']}, it bought merchandise with an "
            f"invoice price of {amt(p['amount'])} on account, terms {p['rate']}/10, n/30. {when} "
            + self.ask(p, "the payment")
        )

    def solve(self, p: Params) -> Worked:
        discount = round2(p["amount"] * p["rate"] / 100)
        net = round2(p["amount"] - discount)
        steps = [
            f"Net method: the purchase and the payable were recorded at {money(p['amount'])} - "
            f"{pct(p['rate'])} = {money(net)}."
        ]
        if p["late"]:
            steps.append(
                f"Paying after the discount period costs the full {money(p['amount'])}; the extra "
                f"{money(discount)} is a financing cost, debited to Purchase Discounts Lost."
            )
            lines = [line("Accounts Payable", debit=net), line("Purchase Discounts Lost", debit=discount),
                     line("Cash", credit=p["amount"])]
        else:
            steps.append(f"Paying within the period settles the payable for exactly {money(net)}.")
            lines = [line("Accounts Payable", debit=net), line("Cash", credit=net)]
        return finish(lines, steps)


class SalesDiscountGross(_Merchandising):
    """Collection within the discount period under the gross method, after an optional return."""

    name = "journal_sales_discount_gross"
    category = "merchandising"
    key_terms = ("sales discount", "gross method", "contra revenue", "credit terms",
                 "accounts receivable")
    principles = ("revenue_recognition", "no_offsetting")

    def sample(self, rng: random.Random) -> Params:
        return {**cosmetics(rng), **_invoice(rng), "month": rng.randrange(12), "day": day_of(rng, 15),
                "wait": rng.randint(3, 10),
                "rate": rng.choice((1, 2, 3))}

    def question(self, p: Params) -> str:
        month, d0 = MONTHS[p["month"]], p["day"]
        ret = (
            f" On {month} {d0 + 1} the customer returned goods with a selling price of "
            f"{amt(p['returned'])} and received credit (that return has already been recorded)."
            if p["returned"] else ""
        )
        return (
            f"{p['company']} records credit sales at the gross amount and uses a Sales Discounts "
            f"account (gross method). On {month} {d0}, {p['year']}, it sold merchandise for "
            f"{amt(p['amount'])} on account, terms {p['rate']}/10, n/30.{ret} On {month} "
            f"{d0 + p['wait']}, within the discount period, the customer paid the balance due. "
            + self.ask(p, "the collection")
        )

    def solve(self, p: Params) -> Worked:
        due = p["amount"] - p["returned"]
        discount = round2(due * p["rate"] / 100)
        cash = round2(due - discount)
        steps = []
        if p["returned"]:
            steps.append(f"Receivable after the return: {money(p['amount'])} - {money(p['returned'])}"
                         f" = {money(due)}.")
        steps += [
            f"Discount taken: {pct(p['rate'])} x {money(due)} = {money(discount)}; cash received = "
            f"{money(cash)}.",
            f"Debit Cash {money(cash)} and the contra-revenue Sales Discounts {money(discount)}; credit "
            f"Accounts Receivable for the full {money(due)} settled.",
        ]
        lines = [line("Cash", debit=cash), line("Sales Discounts", debit=discount),
                 line("Accounts Receivable", credit=due)]
        return finish(lines, steps)


TEMPLATES = [
    PurchaseInventoryOnCredit(),
    CreditSaleWithCost(),
    CashSale(),
    SalesReturn(),
    PurchaseReturn(),
    PurchaseDiscountGross(),
    PurchaseDiscountNet(),
    SalesDiscountGross(),
]
