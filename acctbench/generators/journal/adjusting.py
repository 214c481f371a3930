"""Adjusting entries and deferrals: depreciation, accruals, prepayments and unearned revenue.

Accrual accounting recognises expenses when incurred and revenue when earned (ASC 606 /
IFRS 15), whatever the timing of cash; depreciation allocates an asset's depreciable amount
over its useful life (ASC 360 / IAS 16). All year-ends are December 31 and time is counted in
whole months unless the question says otherwise.
"""

from __future__ import annotations

import random

from acctbench.generators.base import Params, Worked, line, money, round2
from acctbench.generators.journal._common import MONTHS, JournalBase, amt, cosmetics, day_of, finish, pct

# asset class -> (description, asset account, accumulated depreciation account, lives, cost range in $1,000s)
ASSET_CLASSES: dict[str, tuple[str, str, str, tuple[int, ...], tuple[int, int]]] = {
    "equipment": ("a machine", "Equipment", "Accumulated Depreciation - Equipment",
                  (4, 5, 6, 8, 10), (12, 400)),
    "vehicle": ("a delivery truck", "Vehicles", "Accumulated Depreciation - Vehicles",
                (3, 4, 5, 6, 8), (20, 150)),
    "furniture": ("office furniture", "Furniture and Fixtures",
                  "Accumulated Depreciation - Furniture and Fixtures", (5, 7, 8, 10), (10, 120)),
    "building": ("a warehouse building", "Buildings", "Accumulated Depreciation - Buildings",
                 (20, 25, 30, 40), (300, 3000)),
}
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday")


def months_to_year_end(month: int) -> int:
    """Whole months from the first day of ``month`` (0 = January) to December 31."""
    return 12 - month


class Depreciation(JournalBase):
    """Year-end depreciation, straight-line or double-declining-balance, for a partial or full year."""

    name = "journal_depreciation_adjustment"
    category = "adjusting_entries"
    key_terms = ("depreciation expense", "accumulated depreciation", "straight-line method",
                 "double-declining-balance method", "residual value", "contra asset")
    principles = ("depreciation_allocation", "matching", "historical_cost")

    def sample(self, rng: random.Random) -> Params:
        kind = rng.choice(tuple(ASSET_CLASSES))
        _, _, _, lives, (lo, hi) = ASSET_CLASSES[kind]
        cost = rng.randrange(lo, hi + 1) * 1000
        salvage = rng.randrange(0, cost // 10 // 500 + 1) * 500
        method = "straight-line" if kind == "building" else rng.choice(("straight-line",
                                                                        "double-declining-balance"))
        return {**cosmetics(rng), "kind": kind, "cost": cost, "salvage": salvage,
                "life": rng.choice(lives), "method": method, "month": rng.choice((0, 0, *range(1, 12)))}

    def question(self, p: Params) -> str:
        desc = ASSET_CLASSES[p["kind"]][0]
        return (
            f"On {MONTHS[p['month']]} 1, {p['year']}, {p['company']} acquired {desc} for "
            f"{amt(p['cost'])}. It has an estimated residual value of {amt(p['salvage'])} and a useful "
            f"life of {p['life']} years. The company records the asset in its "
            f"{ASSET_CLASSES[p['kind']][1]} account, uses the {p['method']} method, computes "
            "depreciation to the nearest whole month, and keeps a separate accumulated depreciation "
            f"account for each asset class. Its fiscal year ends on December 31. "
            + self.ask(p, f"depreciation at December 31, {p['year']}")
        )

    def solve(self, p: Params) -> Worked:
        months = months_to_year_end(p["month"])
        frac = f"{months}/12"
        if p["method"] == "straight-line":
            base = p["cost"] - p["salvage"]
            amount = round2(base / p["life"] * months / 12)
            steps = [f"Straight-line: ({money(p['cost'])} - {money(p['salvage'])}) / {p['life']} years "
                     f"= {money(base / p['life'])} a year."]
        else:
            rate = 2 / p["life"]
            amount = round2(p["cost"] * rate * months / 12)
            steps = [f"Double-declining-balance rate = 2 / {p['life']} = {rate:.4g}; it applies to the "
                     f"book value ({money(p['cost'])} in the first year), ignoring residual value."]
        steps.append(
            f"The asset was used for {months} months this year: x {frac} = {money(amount)}."
            if months < 12 else f"A full year of use: {money(amount)}."
        )
        accum = ASSET_CLASSES[p["kind"]][2]
        steps.append(f"Debit Depreciation Expense and credit the contra asset {accum} {money(amount)}.")
        return finish([line("Depreciation Expense", debit=amount), line(accum, credit=amount)], steps)


class AccruedWages(JournalBase):
    """Wages earned but unpaid at year-end, from a weekly payroll or a daily rate."""

    name = "journal_accrued_wages"
    category = "adjusting_entries"
    key_terms = ("accrued wages", "accrued liabilities", "adjusting entry", "wages payable")
    principles = ("accrual_basis", "matching", "time_period")

    def sample(self, rng: random.Random) -> Params:
        form = rng.choice(("weekly", "daily"))
        p = {**cosmetics(rng), "form": form, "days": rng.randint(1, 4)}
        if form == "weekly":
            p["weekly"] = rng.randrange(10, 201) * 500
        else:
            p["employees"] = rng.randint(3, 40)
            p["rate"] = rng.randrange(12, 60) * 10
        return p

    def question(self, p: Params) -> str:
        if p["form"] == "weekly":
            pay = (f"Its employees work Monday through Friday and earn a total of {amt(p['weekly'])} "
                   "per five-day week, paid every Friday for that week.")
        else:
            pay = (f"It has {p['employees']} employees who each earn {amt(p['rate'])} per day, work "
                   "Monday through Friday and are paid every Friday for that week.")
        return (
            f"{p['company']} closes its books on December 31, {p['year']}. {pay} December 31 falls on a "
            f"{_WEEKDAYS[p['days'] - 1]}, and employees worked every weekday that week. "
            + self.ask(p, "the year-end wage accrual")
        )

    def solve(self, p: Params) -> Worked:
        daily = p["weekly"] / 5 if p["form"] == "weekly" else p["employees"] * p["rate"]
        amount = round2(daily * p["days"])
        steps = [
            "Unpaid days since the last payday: Monday"
            + (f" through {_WEEKDAYS[p['days'] - 1]}" if p["days"] > 1 else "") + f" = {p['days']}.",
            f"Daily wages = {money(daily)}; accrued wages = {money(daily)} x {p['days']} = "
            f"{money(amount)}.",
            "Debit Wages Expense (incurred this year) and credit Wages Payable (paid next year).",
        ]
        return finish([line("Wages Expense", debit=amount), line("Wages Payable", credit=amount)], steps)


class AccruedInterest(JournalBase):
    """Year-end accrual of interest on a note, for the borrower or the lender."""

    name = "journal_accrued_interest"
    category = "adjusting_entries"
    key_terms = ("accrued interest", "interest payable", "interest receivable", "note payable",
                 "note receivable", "adjusting entry")
    principles = ("accrual_basis", "matching", "time_period")

    def sample(self, rng: random.Random) -> Params:
        month = rng.randrange(3, 12)
        elapsed = months_to_year_end(month)
        term = rng.choice([t for t in (6, 9, 12, 18, 24) if t > elapsed])
        return {**cosmetics(rng), "side": rng.choice(("borrower", "lender")),
                "principal": rng.randrange(5, 201) * 1000, "rate": rng.choice((4, 5, 6, 7.5, 8, 9, 10, 12)),
                "month": month, "term": term}

    def question(self, p: Params) -> str:
        deal = (
            f"borrowed {amt(p['principal'])} from First City Bank, signing a {p['term']}-month, "
            f"{pct(p['rate'])} note payable"
            if p["side"] == "borrower"
            else f"accepted a {p['term']}-month, {pct(p['rate'])}, {amt(p['principal'])} note "
            "receivable from a customer"
        )
        return (
            f"On {MONTHS[p['month']]} 1, {p['year']}, {p['company']} {deal}. Interest is due at "
            "maturity. The fiscal year ends on December 31; compute interest by months (months/12). "
            + self.ask(p, f"the accrued interest at December 31, {p['year']}")
        )

    def solve(self, p: Params) -> Worked:
        months = months_to_year_end(p["month"])
        interest = round2(p["principal"] * p["rate"] / 100 * months / 12)
        steps = [
            f"Interest for {MONTHS[p['month']]} 1 to December 31 = {months} months: "
            f"{money(p['principal'])} x {pct(p['rate'])} x {months}/12 = {money(interest)}.",
        ]
        if p["side"] == "borrower":
            steps.append("The borrower has incurred the interest but not paid it: debit Interest "
                         "Expense, credit Interest Payable.")
            lines = [line("Interest Expense", debit=interest), line("Interest Payable", credit=interest)]
        else:
            steps.append("The lender has earned the interest but not received it: debit Interest "
                         "Receivable, credit Interest Revenue.")
            lines = [line("Interest Receivable", debit=interest), line("Interest Revenue", credit=interest)]
        return finish(lines, steps)


class PrepaidInsuranceExpired(JournalBase):
    """Year-end adjustment for the expired part of an insurance premium paid in advance."""

    name = "journal_prepaid_insurance_adjustment"
    category = "adjusting_entries"
    key_terms = ("prepaid insurance", "insurance expense", "deferral", "adjusting entry",
                 "prepaid expense")
    principles = ("matching", "accrual_basis", "time_period")

    def sample(self, rng: random.Random) -> Params:
        term = rng.choice((6, 12, 12, 24, 36))
        month = rng.randrange(max(0, 12 - term), 12)
        if month == 0 and term == 12:  # a policy that exactly covers the year leaves nothing prepaid
            month = rng.randrange(1, 12)
        return {**cosmetics(rng), "term": term, "month": month, "monthly": rng.randrange(2, 81) * 25}

    def question(self, p: Params) -> str:
        premium = p["term"] * p["monthly"]
        return (
            f"On {MONTHS[p['month']]} 1, {p['year']}, {p['company']} paid {amt(premium)} for a "
            f"{p['term']}-month insurance policy starting that day and debited Prepaid Insurance. "
            f"The fiscal year ends on December 31. "
            + self.ask(p, f"the insurance adjustment at December 31, {p['year']}")
        )

    def solve(self, p: Params) -> Worked:
        premium = p["term"] * p["monthly"]
        months = months_to_year_end(p["month"])
        expired = round2(p["monthly"] * months)
        steps = [
            f"Monthly cost = {money(premium)} / {p['term']} = {money(p['monthly'])}.",
            f"Months of coverage used by December 31: {months}; expired = {money(expired)}.",
            f"Debit Insurance Expense and credit Prepaid Insurance {money(expired)}; "
            f"{money(premium - expired)} stays prepaid.",
        ]
        return finish([line("Insurance Expense", debit=expired), line("Prepaid Insurance", credit=expired)],
                      steps)


class UnearnedRevenueEarned(JournalBase):
    """Year-end recognition of revenue received in advance, by elapsed months or work done."""

    name = "journal_unearned_revenue_earned"
    category = "adjusting_entries"
    key_terms = ("unearned revenue", "deferred revenue", "contract liability", "service revenue",
                 "performance obligation")
    principles = ("revenue_recognition", "accrual_basis", "time_period")

    def sample(self, rng: random.Random) -> Params:
        form = rng.choice(("months", "work"))
        if form == "months":
            term = rng.choice((6, 12, 12, 18, 24))
            month = rng.randrange(max(1, 12 - term + 1), 12)
            return {**cosmetics(rng), "form": form, "term": term, "month": month,
                    "monthly": rng.randrange(4, 201) * 50}
        received = rng.randrange(10, 301) * 200
        return {**cosmetics(rng), "form": form, "received": received,
                "fraction": rng.choice((10, 20, 25, 30, 40, 50, 60, 70, 75, 80, 90)),
                "month": rng.randrange(6, 11)}

    def question(self, p: Params) -> str:
        close = "The fiscal year ends on December 31. " + self.ask(
            p, f"the revenue adjustment at December 31, {p['year']}")
        if p["form"] == "months":
            received = p["term"] * p["monthly"]
            return (
                f"On {MONTHS[p['month']]} 1, {p['year']}, {p['company']} received {amt(received)} in "
                f"advance for {p['term']} months of maintenance services, starting that day and "
                f"provided evenly over the period, and credited Unearned Revenue. {close}"
            )
        return (
            f"On {MONTHS[p['month']]} 1, {p['year']}, {p['company']} received {amt(p['received'])} in "
            f"advance for a consulting engagement and credited Unearned Revenue. By December 31, "
            f"{p['fraction']}% of the work had been performed. {close}"
        )

    def solve(self, p: Params) -> Worked:
        if p["form"] == "months":
            months = months_to_year_end(p["month"])
            earned = round2(p["monthly"] * months)
            steps = [f"Revenue per month = {money(p['term'] * p['monthly'])} / {p['term']} = "
                     f"{money(p['monthly'])}; {months} months of service provided = {money(earned)}."]
        else:
            earned = round2(p["received"] * p["fraction"] / 100)
            steps = [f"Work performed: {p['fraction']}% x {money(p['received'])} = {money(earned)}."]
        steps.append(f"The obligation is satisfied to that extent: debit Unearned Revenue and credit "
                     f"Service Revenue {money(earned)}.")
        return finish([line("Unearned Revenue", debit=earned), line("Service Revenue", credit=earned)],
                      steps)


class CashReceivedInAdvance(JournalBase):
    """Cash collected before services are performed creates a liability, not revenue."""

    name = "journal_cash_received_in_advance"
    category = "adjusting_entries"
    key_terms = ("unearned revenue", "deferred revenue", "contract liability", "advance payment",
                 "performance obligation")
    principles = ("revenue_recognition", "accrual_basis")
    cosmetic = (*JournalBase.cosmetic, "month", "service")

    def sample(self, rng: random.Random) -> Params:
        return {**cosmetics(rng), "month": rng.randrange(12), "day": day_of(rng),
                "amount": rng.randrange(6, 601) * 100,
                "service": rng.choice(("a six-month cleaning contract", "a year of software support",
                                       "a training course to be delivered next month",
                                       "three months of consulting services",
                                       "an annual maintenance contract"))}

    def question(self, p: Params) -> str:
        return (
            f"On {MONTHS[p['month']]} {p['day']}, {p['year']}, {p['company']} received {amt(p['amount'])} "
            f"in cash from a client as payment in advance for {p['service']}, none of which has been "
            f"performed yet. The company follows accrual accounting. "
            + self.ask(p, "the receipt of the cash")
        )

    def solve(self, p: Params) -> Worked:
        steps = [
            f"Cash increases by {money(p['amount'])}.",
            "No service has been performed, so no revenue is earned yet (ASC 606 / IFRS 15); the "
            f"company owes the service and records a liability: credit Unearned Revenue "
            f"{money(p['amount'])}.",
        ]
        return finish([line("Cash", debit=p["amount"]), line("Unearned Revenue", credit=p["amount"])], steps)


class PrepaidRentPayment(JournalBase):
    """Paying rent in advance, recorded as an asset."""

    name = "journal_prepaid_rent_payment"
    category = "adjusting_entries"
    key_terms = ("prepaid rent", "prepaid expense", "deferral", "asset")
    principles = ("accrual_basis", "matching")
    cosmetic = (*JournalBase.cosmetic, "month")

    def sample(self, rng: random.Random) -> Params:
        return {**cosmetics(rng), "month": rng.randrange(12), "monthly": rng.randrange(8, 121) * 100,
                "months": rng.choice((3, 6, 6, 12, 12, 24))}

    def question(self, p: Params) -> str:
        start = MONTHS[(p["month"] + 1) % 12]
        return (
            f"On {MONTHS[p['month']]} 15, {p['year']}, {p['company']} paid {amt(p['monthly'] * p['months'])} "
            f"in cash for {p['months']} months of office rent ({amt(p['monthly'])} a month), covering the "
            f"period beginning {start} 1. "
            + self.ask(p, "the payment")
        )

    def solve(self, p: Params) -> Worked:
        total = p["monthly"] * p["months"]
        steps = [
            f"Total paid = {money(p['monthly'])} x {p['months']} = {money(total)}.",
            "None of the rental period has started, so the payment buys a future benefit: debit "
            "Prepaid Rent and credit Cash (it is expensed month by month later).",
        ]
        return finish([line("Prepaid Rent", debit=total), line("Cash", credit=total)], steps)


class SuppliesUsed(JournalBase):
    """Year-end adjustment for supplies used, from a physical count."""

    name = "journal_supplies_adjustment"
    category = "adjusting_entries"
    key_terms = ("supplies", "supplies expense", "physical count", "adjusting entry")
    principles = ("matching", "accrual_basis")

    def sample(self, rng: random.Random) -> Params:
        begin = rng.randrange(2, 41) * 100
        bought = rng.randrange(5, 121) * 100
        on_hand = rng.randrange(1, (begin + bought) // 100) * 100
        return {**cosmetics(rng), "begin": begin, "bought": bought, "on_hand": on_hand}

    def question(self, p: Params) -> str:
        return (
            f"{p['company']}'s Supplies account had a balance of {amt(p['begin'])} on January 1, "
            f"{p['year']}. During the year it bought supplies for {amt(p['bought'])}. "
            f"A count on December 31, {p['year']} shows supplies of {amt(p['on_hand'])} on hand. "
            + self.ask(p, "the year-end supplies adjustment")
        )

    def solve(self, p: Params) -> Worked:
        available = p["begin"] + p["bought"]
        used = available - p["on_hand"]
        steps = [
            f"Supplies available = {money(p['begin'])} + {money(p['bought'])} = {money(available)}.",
            f"Used = available - on hand = {money(available)} - {money(p['on_hand'])} = {money(used)}.",
            f"Debit Supplies Expense and credit Supplies {money(used)}, leaving {money(p['on_hand'])}.",
        ]
        return finish([line("Supplies Expense", debit=used), line("Supplies", credit=used)], steps)


TEMPLATES = [
    Depreciation(),
    AccruedWages(),
    AccruedInterest(),
    PrepaidInsuranceExpired(),
    UnearnedRevenueEarned(),
    CashReceivedInAdvance(),
    PrepaidRentPayment(),
    SuppliesUsed(),
]
