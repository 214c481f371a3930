"""Receivables and payables: collections, payments, and bad debts under the allowance method.

The allowance method (ASC 326 / IFRS 9 expected credit losses) records estimated losses as Bad
Debt Expense against an Allowance for Doubtful Accounts; a later write-off only removes the
specific account from both the allowance and the receivable and does not touch expense.
"""

from __future__ import annotations

import random

from acctbench.generators.base import Params, Worked, line, money, round2
from acctbench.generators.journal._common import (
    CUSTOMERS,
    MONTHS,
    JournalBase,
    amt,
    books_of,
    cosmetics,
    day_of,
    finish,
    pct,
)

_AR = "Accounts Receivable"
_ALLOW = "Allowance for Doubtful Accounts"
_SUPPLIERS = ("Vega Supply", "Orion Wholesale", "Atlas Parts", "Lyra Distributors", "Nova Paper Co.")


class _Cycle(JournalBase):
    """Receivable/payable templates: dates and counterparties are cosmetic."""

    cosmetic = (*JournalBase.cosmetic, "month", "supplier")


def _settlement(rng: random.Random) -> Params:
    """An open balance, the part settled (all of it half the time) and how it is settled."""
    balance = rng.randrange(10, 401) * 100
    paid = balance if rng.random() < 0.5 else rng.randrange(1, balance // 100) * 100
    return {"month": rng.randrange(12), "day": day_of(rng), "balance": balance, "paid": paid,
            "form": rng.choice(("cash", "cash", "note"))}


class CollectReceivable(_Cycle):
    """A customer settles an account in cash, or converts it into a note receivable."""

    name = "journal_collect_receivable"
    category = "receivables"
    key_terms = ("accounts receivable", "collection", "note receivable", "promissory note")
    principles = ("double_entry", "substance_over_form")

    def sample(self, rng: random.Random) -> Params:
        return {**cosmetics(rng), **_settlement(rng), "customer": rng.choice(CUSTOMERS)}

    def question(self, p: Params) -> str:
        when = f"On {MONTHS[p['month']]} {p['day']}, {p['year']}"
        owed = f"{p['customer']} owed {p['company']} {amt(p['balance'])} on account."
        if p["form"] == "note":
            what = (f"{when}, {p['customer']} could not pay and signed a 90-day, 8% promissory note "
                    f"for {amt(p['paid'])} of that balance, which {p['company']} accepted.")
        elif p["paid"] == p["balance"]:
            what = f"{when}, {p['company']} received a check for the full balance."
        else:
            what = f"{when}, {p['company']} received {amt(p['paid'])} in cash as a partial payment."
        return f"{owed} {what} " + self.ask(p, f"this transaction in {books_of(p['company'])}")

    def solve(self, p: Params) -> Worked:
        debit = "Cash" if p["form"] == "cash" else "Notes Receivable"
        steps = [
            f"The receivable falls by the amount settled, {money(p['paid'])}: credit Accounts "
            "Receivable (any balance not settled stays on the account).",
            f"Debit {debit} {money(p['paid'])}"
            + ("; the note replaces the open account (its interest is earned later)." if debit != "Cash"
               else "."),
        ]
        return finish([line(debit, debit=p["paid"]), line(_AR, credit=p["paid"])], steps)


class PayPayable(_Cycle):
    """Paying a supplier on account, or replacing the account with a note payable."""

    name = "journal_pay_payable"
    category = "payables"
    key_terms = ("accounts payable", "payment on account", "note payable")
    principles = ("double_entry",)

    def sample(self, rng: random.Random) -> Params:
        return {**cosmetics(rng), **_settlement(rng), "supplier": rng.choice(_SUPPLIERS)}

    def question(self, p: Params) -> str:
        when = f"On {MONTHS[p['month']]} {p['day']}, {p['year']}"
        owed = f"{p['company']} owed {p['supplier']} {amt(p['balance'])} for merchandise bought on account."
        if p["form"] == "note":
            what = (f"{when}, {p['supplier']} agreed to accept {p['company']}'s 60-day, 9% note payable "
                    f"for {amt(p['paid'])} of the overdue balance.")
        elif p["paid"] == p["balance"]:
            what = f"{when}, {p['company']} paid the balance in full by check."
        else:
            what = f"{when}, {p['company']} paid {amt(p['paid'])} of the balance in cash."
        return f"{owed} {what} " + self.ask(p, f"this transaction in {books_of(p['company'])}")

    def solve(self, p: Params) -> Worked:
        credit = "Cash" if p["form"] == "cash" else "Notes Payable"
        steps = [
            f"The liability to the supplier falls by {money(p['paid'])}: debit Accounts Payable.",
            f"Credit {credit} {money(p['paid'])}"
            + (" (a formal note replaces the open account)." if credit != "Cash" else "."),
        ]
        return finish([line("Accounts Payable", debit=p["paid"]), line(credit, credit=p["paid"])], steps)


class WriteOffAllowance(_Cycle):
    """Writing off a specific uncollectible account under the allowance method."""

    name = "journal_bad_debt_write_off"
    category = "receivables"
    key_terms = ("allowance method", "write-off", "allowance for doubtful accounts",
                 "uncollectible account", "net realizable value")
    principles = ("conservatism", "matching", "accrual_basis")

    def sample(self, rng: random.Random) -> Params:
        allowance = rng.randrange(20, 301) * 100
        return {**cosmetics(rng), "month": rng.randrange(12), "day": day_of(rng),
                "customer": rng.choice(CUSTOMERS), "allowance": allowance,
                "amount": rng.randrange(2, allowance // 50) * 50}

    def question(self, p: Params) -> str:
        return (
            f"{p['company']} uses the allowance method for uncollectible accounts; its Allowance for "
            f"Doubtful Accounts has a credit balance of {amt(p['allowance'])}. On {MONTHS[p['month']]} "
            f"{p['day']}, {p['year']}, it decided that the {amt(p['amount'])} balance owed by "
            f"{p['customer']} is uncollectible and wrote it off. " + self.ask(p, "the write-off")
        )

    def solve(self, p: Params) -> Worked:
        steps = [
            "Under the allowance method the expense was recognised when the loss was estimated, so "
            "the write-off does not touch Bad Debt Expense.",
            f"Debit Allowance for Doubtful Accounts and credit Accounts Receivable {money(p['amount'])}; "
            "net realizable value of receivables is unchanged.",
        ]
        return finish([line(_ALLOW, debit=p["amount"]), line(_AR, credit=p["amount"])], steps)


class RecoveryOfWrittenOff(_Cycle):
    """Collecting an account written off earlier: reinstate it, then record the collection."""

    name = "journal_bad_debt_recovery"
    category = "receivables"
    key_terms = ("allowance method", "recovery", "reinstate", "write-off",
                 "allowance for doubtful accounts")
    principles = ("conservatism", "faithful_representation")

    def sample(self, rng: random.Random) -> Params:
        written = rng.randrange(4, 301) * 50
        recovered = written if rng.random() < 0.5 else rng.randrange(1, written // 50) * 50
        return {**cosmetics(rng), "month": rng.randrange(12), "day": day_of(rng),
                "customer": rng.choice(CUSTOMERS), "written": written, "recovered": recovered}

    def question(self, p: Params) -> str:
        paid = (
            f"paid the full {amt(p['written'])} in cash"
            if p["recovered"] == p["written"]
            else f"paid {amt(p['recovered'])} in cash and the company expects no further collections"
        )
        return (
            f"{p['company']} uses the allowance method. Last year it wrote off {p['customer']}'s "
            f"account of {amt(p['written'])} as uncollectible. On {MONTHS[p['month']]} {p['day']}, "
            f"{p['year']}, {p['customer']} unexpectedly {paid}. "
            + self.ask(p, "the recovery", "Reinstate the account, then record the collection; you "
                       "may list all lines together.")
        )

    def solve(self, p: Params) -> Worked:
        r = p["recovered"]
        steps = [
            f"Reinstate the amount recovered by reversing the write-off: debit Accounts Receivable and "
            f"credit Allowance for Doubtful Accounts {money(r)}.",
            f"Record the collection: debit Cash and credit Accounts Receivable {money(r)}.",
        ]
        lines = [line(_AR, debit=r), line("Cash", debit=r), line(_ALLOW, credit=r), line(_AR, credit=r)]
        return finish(lines, steps)


class EstimateBadDebts(_Cycle):
    """Year-end bad debt estimate: percentage of credit sales or of receivables (with a balance)."""

    name = "journal_bad_debt_estimate"
    category = "receivables"
    key_terms = ("bad debt expense", "allowance for doubtful accounts", "percentage-of-sales method",
                 "percentage-of-receivables method", "allowance method")
    principles = ("matching", "conservatism", "accrual_basis")

    def sample(self, rng: random.Random) -> Params:
        basis = rng.choice(("sales", "receivables"))
        if basis == "sales":
            base = rng.randrange(20, 501) * 10_000
            rate = rng.choice((0.5, 1, 1.5, 2, 2.5, 3))
        else:
            base = rng.randrange(20, 401) * 1_000
            rate = rng.choice((2, 3, 4, 5, 6, 8, 10))
        target = base * rate / 100
        prior_side = rng.choice(("credit", "debit"))
        cap = target * 0.8 if prior_side == "credit" else target * 0.5
        prior = rng.randrange(1, max(2, int(cap // 100))) * 100
        return {**cosmetics(rng), "basis": basis, "base": base, "rate": rate, "prior": prior,
                "prior_side": prior_side}

    def question(self, p: Params) -> str:
        before = (
            f"Before adjustment, Allowance for Doubtful Accounts has a {p['prior_side']} balance of "
            f"{amt(p['prior'])}."
        )
        if p["basis"] == "sales":
            method = (
                f"Credit sales for the year were {amt(p['base'])}, and the company estimates bad debts "
                f"as {pct(p['rate'])} of credit sales (percentage-of-sales method)."
            )
        else:
            method = (
                f"Accounts Receivable is {amt(p['base'])} at year-end, and the company estimates that "
                f"{pct(p['rate'])} of it will prove uncollectible (percentage-of-receivables method)."
            )
        return (
            f"{p['company']} uses the allowance method and closes its books on December 31, {p['year']}. "
            f"{method} {before} " + self.ask(p, "the year-end bad debt adjustment")
        )

    def solve(self, p: Params) -> Worked:
        estimate = round2(p["base"] * p["rate"] / 100)
        if p["basis"] == "sales":
            expense = estimate
            steps = [
                f"Percentage-of-sales (income-statement approach): expense = {pct(p['rate'])} x "
                f"{money(p['base'])} = {money(expense)}.",
                "The existing allowance balance is ignored under this approach.",
            ]
        else:
            sign = -1 if p["prior_side"] == "credit" else 1
            expense = round2(estimate + sign * p["prior"])
            op = "-" if sign < 0 else "+"
            steps = [
                f"Percentage-of-receivables (balance-sheet approach): required ending allowance = "
                f"{pct(p['rate'])} x {money(p['base'])} = {money(estimate)} (credit).",
                f"The allowance already has a {p['prior_side']} balance of {money(p['prior'])}, so the "
                f"adjustment is {money(estimate)} {op} {money(p['prior'])} = {money(expense)}.",
            ]
        steps.append(f"Debit Bad Debt Expense and credit Allowance for Doubtful Accounts {money(expense)}.")
        return finish([line("Bad Debt Expense", debit=expense), line(_ALLOW, credit=expense)], steps)


TEMPLATES = [
    CollectReceivable(),
    PayPayable(),
    WriteOffAllowance(),
    RecoveryOfWrittenOff(),
    EstimateBadDebts(),
]
