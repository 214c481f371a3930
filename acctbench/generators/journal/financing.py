"""Equity and debt financing: share issues, dividends, treasury shares, notes payable.

Shares issued above par split the proceeds between the par (or nominal) value and additional
paid-in capital / share premium. Treasury shares follow the cost method (ASC 505-30): they are
carried at cost as contra equity, and reissues never produce income.
"""

from __future__ import annotations

import random

from acctbench.generators.base import Params, Worked, line, money, round2
from acctbench.generators.journal._common import MONTHS, JournalBase, amt, cosmetics, day_of, finish, pct

_PARS = (0.01, 0.10, 0.50, 1, 2, 5, 10)


def _price(x: float) -> str:
    """A per-share price: ``$0.01``, ``$12.50``, ``$8``."""
    return money(x) if not float(x).is_integer() else money(x, 0)


def _shares(n: int) -> str:
    return f"{n:,}"


class _Financing(JournalBase):
    """Financing templates: the transaction dates are cosmetic unless they drive interest."""

    cosmetic = (*JournalBase.cosmetic, "month", "jurisdiction")


class IssueCommonStock(_Financing):
    """Common (ordinary) shares issued for cash above par value."""

    name = "journal_issue_common_stock"
    category = "equity"
    key_terms = ("common stock", "par value", "additional paid-in capital", "share premium",
                 "stock issuance")
    principles = ("historical_cost", "economic_entity", "double_entry")

    def sample(self, rng: random.Random) -> Params:
        par = rng.choice(_PARS)
        price = rng.randrange(2, 121) * 0.5 if par < 1 else par + rng.randrange(1, 61) * 0.5
        return {**cosmetics(rng), "month": rng.randrange(12), "day": day_of(rng),
                "shares": rng.randrange(1, 201) * 500, "par": par, "price": price,
                "jurisdiction": rng.choice(("us", "us", "ifrs"))}

    def question(self, p: Params) -> str:
        when = f"On {MONTHS[p['month']]} {p['day']}, {p['year']}"
        if p["jurisdiction"] == "ifrs":
            what = (f"{p['company']} issued {_shares(p['shares'])} ordinary shares with a nominal (par) "
                    f"value of {_price(p['par'])} each for {_price(p['price'])} per share in cash")
        else:
            what = (f"{p['company']} issued {_shares(p['shares'])} shares of {_price(p['par'])} par value "
                    f"common stock for cash at {_price(p['price'])} per share")
        return f"{when}, {what}. " + self.ask(p, "the share issue")

    def solve(self, p: Params) -> Worked:
        cash = round2(p["shares"] * p["price"])
        par_total = round2(p["shares"] * p["par"])
        excess = round2(cash - par_total)
        steps = [
            f"Cash received = {_shares(p['shares'])} x {_price(p['price'])} = {money(cash)}.",
            f"Common Stock is credited at par: {_shares(p['shares'])} x {_price(p['par'])} = "
            f"{money(par_total)}.",
            f"The excess, {money(cash)} - {money(par_total)} = {money(excess)}, is credited to "
            "Additional Paid-In Capital (share premium).",
        ]
        lines = [line("Cash", debit=cash), line("Common Stock", credit=par_total),
                 line("Additional Paid-In Capital", credit=excess)]
        return finish(lines, steps)


class DividendsDeclared(_Financing):
    """Declaration of a cash dividend on the shares outstanding."""

    name = "journal_dividends_declared"
    category = "equity"
    key_terms = ("dividends declared", "declaration date", "dividends payable", "retained earnings",
                 "shares outstanding", "treasury stock")
    principles = ("economic_entity", "accrual_basis")

    def sample(self, rng: random.Random) -> Params:
        issued = rng.randrange(10, 401) * 1000
        treasury = rng.choice((0, rng.randrange(1, issued // 10_000 + 2) * 500))
        return {**cosmetics(rng), "month": rng.randrange(12), "day": day_of(rng), "issued": issued,
                "treasury": treasury, "per_share": rng.randrange(2, 41) * 0.05,
                "convention": rng.choice(("dividends_account", "retained_earnings"))}

    def question(self, p: Params) -> str:
        held = (f", of which {_shares(p['treasury'])} are held as treasury stock"
                if p["treasury"] else ", all outstanding")
        account = (
            "It records declarations in a Dividends Declared account that is closed to Retained "
            "Earnings at year-end."
            if p["convention"] == "dividends_account"
            else "It keeps no separate dividends account."
        )
        return (
            f"{p['company']} has {_shares(p['issued'])} shares of common stock issued{held}. On "
            f"{MONTHS[p['month']]} {p['day']}, {p['year']}, the board of directors declared a cash dividend "
            f"of {money(p['per_share'])} per share, payable next month. {account} "
            + self.ask(p, "the declaration")
        )

    def solve(self, p: Params) -> Worked:
        outstanding = p["issued"] - p["treasury"]
        amount = round2(outstanding * p["per_share"])
        debit = "Dividends Declared" if p["convention"] == "dividends_account" else "Retained Earnings"
        steps = []
        if p["treasury"]:
            steps.append(f"Treasury shares receive no dividends: outstanding = {_shares(p['issued'])} - "
                         f"{_shares(p['treasury'])} = {_shares(outstanding)}.")
        steps += [
            f"Dividend = {_shares(outstanding)} x {money(p['per_share'])} = {money(amount)}.",
            f"Declaration creates a liability: debit {debit} and credit Dividends Payable {money(amount)}.",
        ]
        return finish([line(debit, debit=amount), line("Dividends Payable", credit=amount)], steps)


class DividendsPaid(_Financing):
    """Payment of a cash dividend declared earlier."""

    name = "journal_dividends_paid"
    category = "equity"
    key_terms = ("dividends payable", "payment date", "date of record", "cash dividend")
    principles = ("double_entry",)

    def sample(self, rng: random.Random) -> Params:
        return {**cosmetics(rng), "month": rng.randrange(11), "day": day_of(rng, 14),
                "shares": rng.randrange(10, 401) * 1000, "per_share": rng.randrange(2, 41) * 0.05}

    def question(self, p: Params) -> str:
        m = p["month"]
        return (
            f"On {MONTHS[m]} {p['day']}, {p['year']}, the board of {p['company']} declared a cash dividend "
            f"of {money(p['per_share'])} per share on its {_shares(p['shares'])} outstanding common "
            f"shares, to shareholders of record on {MONTHS[m]} {p['day'] + 14}, and the "
            f"declaration was recorded. The dividend was paid on {MONTHS[m + 1]} {p['day']}. "
            + self.ask(p, f"the payment on {MONTHS[m + 1]} {p['day']}")
        )

    def solve(self, p: Params) -> Worked:
        amount = round2(p["shares"] * p["per_share"])
        steps = [
            f"Dividend = {_shares(p['shares'])} x {money(p['per_share'])} = {money(amount)}.",
            "The liability set up at declaration is settled: debit Dividends Payable, credit Cash. "
            "The record date needs no entry.",
        ]
        return finish([line("Dividends Payable", debit=amount), line("Cash", credit=amount)], steps)


class BorrowOnNote(_Financing):
    """Borrowing from a bank on an interest-bearing or a discounted note."""

    name = "journal_borrow_note_payable"
    category = "financing"
    key_terms = ("note payable", "interest-bearing note", "discount on notes payable",
                 "bank loan", "principal")
    principles = ("historical_cost", "substance_over_form", "double_entry")

    def sample(self, rng: random.Random) -> Params:
        return {**cosmetics(rng), "month": rng.randrange(12), "day": day_of(rng),
                "principal": rng.randrange(5, 301) * 1000, "rate": rng.choice((4, 5, 6, 7, 8, 9, 10, 12)),
                "term": rng.choice((3, 6, 9, 12)), "form": rng.choice(("interest", "interest", "discount"))}

    def question(self, p: Params) -> str:
        when = f"On {MONTHS[p['month']]} {p['day']}, {p['year']}"
        if p["form"] == "interest":
            body = (f"{when}, {p['company']} borrowed {amt(p['principal'])} in cash from its bank, signing "
                    f"a {p['term']}-month, {pct(p['rate'])} interest-bearing note payable with a face value "
                    f"of {amt(p['principal'])}; principal and interest are due at maturity.")
        else:
            body = (f"{when}, {p['company']} signed a {p['term']}-month note payable with a face value of "
                    f"{amt(p['principal'])} to its bank. The bank discounted the note at {pct(p['rate'])} "
                    "a year, deducting the interest in advance and lending the remainder in cash. Use a "
                    "Discount on Notes Payable account.")
        return body + " " + self.ask(p, "the borrowing")

    def solve(self, p: Params) -> Worked:
        if p["form"] == "interest":
            steps = [f"Cash and a liability of {money(p['principal'])} arise; interest is recorded as it "
                     "accrues, not at signing."]
            lines = [line("Cash", debit=p["principal"]), line("Notes Payable", credit=p["principal"])]
        else:
            interest = round2(p["principal"] * p["rate"] / 100 * p["term"] / 12)
            cash = round2(p["principal"] - interest)
            steps = [
                f"Interest deducted in advance = {money(p['principal'])} x {pct(p['rate'])} x "
                f"{p['term']}/12 = {money(interest)}; cash received = {money(cash)}.",
                f"Notes Payable is credited at face value {money(p['principal'])}; the contra liability "
                f"Discount on Notes Payable ({money(interest)}) is amortised to interest expense over "
                "the term.",
            ]
            lines = [line("Cash", debit=cash), line("Discount on Notes Payable", debit=interest),
                     line("Notes Payable", credit=p["principal"])]
        return finish(lines, steps)


class RepayNoteWithInterest(_Financing):
    """Repaying a note at maturity with interest, part of which may have been accrued at year-end."""

    name = "journal_repay_note_with_interest"
    category = "financing"
    key_terms = ("note payable", "interest expense", "interest payable", "maturity",
                 "accrued interest")
    principles = ("accrual_basis", "matching", "time_period")
    cosmetic = (*JournalBase.cosmetic, "jurisdiction")

    def sample(self, rng: random.Random) -> Params:
        return {**cosmetics(rng), "month": rng.randrange(12), "principal": rng.randrange(5, 301) * 1000,
                "rate": rng.choice((4, 5, 6, 7.5, 8, 9, 10, 12)), "term": rng.choice((3, 4, 6, 9, 12))}

    def question(self, p: Params) -> str:
        start = p["month"]
        end = (start + p["term"]) % 12
        crosses = start + p["term"] >= 12
        accrual = (
            "The company's fiscal year ends on December 31, and it recorded the required adjusting "
            "entry for accrued interest on the note at that date. "
            if crosses
            else "No interest has been recorded on the note before maturity. "
        )
        end_year = p["year"] + (1 if start + p["term"] >= 12 else 0)
        return (
            f"On {MONTHS[start]} 1, {p['year']}, {p['company']} signed a {p['term']}-month, {pct(p['rate'])} "
            f"note payable for {amt(p['principal'])} cash, with principal and interest due at maturity. "
            f"{accrual}On {MONTHS[end]} 1, {end_year}, it paid the note and the interest in full. "
            "Compute interest by months (months/12). "
            + self.ask(p, "the repayment at maturity")
        )

    def solve(self, p: Params) -> Worked:
        total_interest = round2(p["principal"] * p["rate"] / 100 * p["term"] / 12)
        accrued_months = 12 - p["month"] if p["month"] + p["term"] >= 12 else 0
        accrued = round2(p["principal"] * p["rate"] / 100 * accrued_months / 12)
        expense = round2(total_interest - accrued)
        cash = round2(p["principal"] + total_interest)
        steps = [
            f"Total interest = {money(p['principal'])} x {pct(p['rate'])} x {p['term']}/12 = "
            f"{money(total_interest)}; cash paid = {money(cash)}."
        ]
        if accrued and expense:
            steps.append(
                f"{accrued_months} months ({money(accrued)}) were accrued at December 31 as Interest "
                f"Payable; the remaining {p['term'] - accrued_months} months ({money(expense)}) are "
                "this year's Interest Expense."
            )
        elif accrued:
            steps.append(f"All {accrued_months} months ({money(accrued)}) were accrued at December 31, "
                         "so the payment settles Interest Payable and no new expense arises.")
        else:
            steps.append(f"None was accrued, so all {money(total_interest)} is Interest Expense now.")
        steps.append(f"Debit Notes Payable {money(p['principal'])} to remove the liability; credit Cash.")
        lines = [line("Notes Payable", debit=p["principal"]), line("Interest Payable", debit=accrued),
                 line("Interest Expense", debit=expense), line("Cash", credit=cash)]
        return finish(lines, steps)


class TreasuryStockPurchase(_Financing):
    """Reacquisition of the company's own shares, cost method."""

    name = "journal_treasury_stock_purchase"
    category = "equity"
    key_terms = ("treasury stock", "cost method", "share repurchase", "contra equity")
    principles = ("historical_cost", "economic_entity")

    def sample(self, rng: random.Random) -> Params:
        return {**cosmetics(rng), "month": rng.randrange(12), "day": day_of(rng),
                "shares": rng.randrange(2, 201) * 100, "price": rng.randrange(10, 161) * 0.5,
                "par": rng.choice((0.01, 0.10, 1, 5))}

    def question(self, p: Params) -> str:
        return (
            f"On {MONTHS[p['month']]} {p['day']}, {p['year']}, {p['company']} reacquired "
            f"{_shares(p['shares'])} shares of its own {_price(p['par'])} par value common stock on the "
            f"open market at {_price(p['price'])} per share, paying cash. It accounts for treasury stock "
            "by the cost method. " + self.ask(p, "the repurchase")
        )

    def solve(self, p: Params) -> Worked:
        cost = round2(p["shares"] * p["price"])
        steps = [
            f"Cost = {_shares(p['shares'])} x {_price(p['price'])} = {money(cost)}.",
            "Cost method: Treasury Stock (contra equity) is debited at cost, whatever the par value; "
            "Cash is credited.",
        ]
        return finish([line("Treasury Stock", debit=cost), line("Cash", credit=cost)], steps)


class TreasuryStockReissue(_Financing):
    """Reissue of treasury shares above or below cost (cost method)."""

    name = "journal_treasury_stock_reissue"
    category = "equity"
    key_terms = ("treasury stock", "cost method", "paid-in capital from treasury stock",
                 "retained earnings", "reissue")
    principles = ("historical_cost", "economic_entity")

    def sample(self, rng: random.Random) -> Params:
        cost = rng.randrange(20, 121) * 0.5
        step = rng.choice((-1, 1)) * rng.randrange(1, int(cost * 0.8) + 1) * 0.5
        price = cost + step
        bought = rng.randrange(5, 101) * 100
        return {**cosmetics(rng), "month": rng.randrange(12), "day": day_of(rng), "bought": bought,
                "sold": rng.randrange(1, bought // 100 + 1) * 100, "cost": cost, "price": price,
                "pic_ts": rng.choice((0, rng.randrange(1, 41) * 250))}

    def question(self, p: Params) -> str:
        balance = (
            f"Before this reissue, Paid-In Capital from Treasury Stock has a credit balance of "
            f"{amt(p['pic_ts'])}." if p["pic_ts"]
            else "Before this reissue, there is no Paid-In Capital from Treasury Stock balance."
        )
        return (
            f"{p['company']} uses the cost method for treasury stock. Earlier it had reacquired "
            f"{_shares(p['bought'])} of its common shares at {_price(p['cost'])} per share. On "
            f"{MONTHS[p['month']]} {p['day']}, {p['year']}, it reissued {_shares(p['sold'])} of these "
            f"treasury shares for {_price(p['price'])} per share in cash. {balance} "
            + self.ask(p, "the reissue")
        )

    def solve(self, p: Params) -> Worked:
        cash = round2(p["sold"] * p["price"])
        at_cost = round2(p["sold"] * p["cost"])
        diff = round2(cash - at_cost)
        steps = [f"Cash = {_shares(p['sold'])} x {_price(p['price'])} = {money(cash)}; Treasury Stock is "
                 f"credited at cost, {_shares(p['sold'])} x {_price(p['cost'])} = {money(at_cost)}."]
        lines = [line("Cash", debit=cash), line("Treasury Stock", credit=at_cost)]
        if diff > 0:
            steps.append(f"The excess {money(diff)} is credited to Paid-In Capital from Treasury Stock; "
                         "a company never reports a gain on its own shares.")
            lines.append(line("Paid-In Capital from Treasury Stock", credit=diff))
        else:
            shortfall = -diff
            from_pic = min(shortfall, p["pic_ts"])
            from_re = round2(shortfall - from_pic)
            if p["pic_ts"]:
                steps.append(
                    f"The shortfall {money(shortfall)} is charged first to Paid-In Capital from Treasury "
                    f"Stock (up to its {money(p['pic_ts'])} balance: {money(from_pic)})"
                    + (f" and the rest, {money(from_re)}, to Retained Earnings." if from_re else ".")
                )
            else:
                steps.append(f"With no Paid-In Capital from Treasury Stock to absorb it, the shortfall "
                             f"{money(shortfall)} is charged to Retained Earnings.")
            lines += [line("Paid-In Capital from Treasury Stock", debit=from_pic),
                      line("Retained Earnings", debit=from_re)]
        return finish(lines, steps)


TEMPLATES = [
    IssueCommonStock(),
    DividendsDeclared(),
    DividendsPaid(),
    BorrowOnNote(),
    RepayNoteWithInterest(),
    TreasuryStockPurchase(),
    TreasuryStockReissue(),
]
