"""Cash problems: bank reconciliations (both sides) and a three-month cash budget.

A bank reconciliation brings the bank's balance and the books' balance to the same adjusted
(true) cash balance: the bank side adds deposits in transit and deducts outstanding checks; the
book side records what the bank knew first (collections, charges, NSF checks) and book errors.
"""

from __future__ import annotations

import random

from acctbench.generators.base import Params
from acctbench.generators.problems._common import Calc, NumericProblem, cents, dollars, money, poss

_BANK_ASKS = (
    "What is the adjusted (correct) cash balance at {date}? Round to the nearest cent.",
    "After the reconciliation, what cash balance should {company} report on its balance sheet at "
    "{date}? Give the amount to the cent.",
    "Determine the true cash balance at {date} (to the nearest cent).",
)


def _check_error(p: Params) -> float:
    """Book correction for a check recorded at the wrong amount: + when over-recorded."""
    return cents(p["check_recorded"] - p["check_actual"])


def _draw_book_items(rng: random.Random) -> Params:
    actual = rng.randrange(12_000, 98_000) / 100
    digits = f"{actual:.2f}".replace(".", "")
    swapped = digits[:-3] + digits[-2] + digits[-3] + digits[-1]  # transpose two digits
    recorded = int(swapped) / 100
    if rng.random() < 0.5:
        actual, recorded = recorded, actual
    return {
        "note": rng.randrange(10, 80) * 100, "note_interest": rng.randrange(20, 400),
        "service_charge": rng.randrange(1500, 9000) / 100, "nsf": rng.randrange(15_000, 180_000) / 100,
        "check_actual": actual, "check_recorded": recorded, "check_no": rng.randrange(1100, 4999),
        "deposits_in_transit": rng.randrange(80_000, 900_000) / 100,
        "outstanding": rng.randrange(60_000, 1_200_000) / 100,
    }


def _book_facts(p: Params) -> str:
    return (
        f"The bank statement shows that the bank collected a {money(p['note'], 0)} note receivable for "
        f"{p['company']} plus {money(p['note_interest'], 0)} of interest, charged a "
        f"{money(p['service_charge'])} service fee, and returned a customer's NSF check for "
        f"{money(p['nsf'])}. Check No. {p['check_no']}, written for {money(p['check_actual'])} to pay a "
        f"supplier, was entered in the cash payments journal as {money(p['check_recorded'])}."
    )


def _book_adjustments(p: Params, c: Calc) -> float:
    """Net change to the book balance, each computation recorded."""
    collected = cents(p["note"] + p["note_interest"])
    c.step(f"Collection by the bank = note {money(p['note'], 0)} + interest {money(p['note_interest'], 0)} "
           f"= {money(collected)} (add to the book balance).")
    err = _check_error(p)
    how = "add back the excess" if err > 0 else "deduct the shortfall"
    c.step(f"Check No. {p['check_no']}: recorded {money(p['check_recorded'])} vs actual "
           f"{money(p['check_actual'])}, a difference of {money(abs(err))}; {how}.")
    deductions = cents(p["service_charge"] + p["nsf"])
    c.step(f"Deductions: service charge {money(p['service_charge'])} + NSF check {money(p['nsf'])} = "
           f"{money(deductions)}.")
    net = cents(collected + err - deductions)
    c.step(f"Net book adjustment = {money(collected)} {'+' if err >= 0 else '-'} {money(abs(err))} - "
           f"{money(deductions)} = {money(net)}.")
    return net


class BankRecAdjustedBalance(NumericProblem):
    """Adjusted cash balance from the book side of a bank reconciliation.

    Typical errors: deposits in transit and outstanding checks applied to the book balance; the
    check-recording error applied with the wrong sign; the interest on the collected note left
    out; the NSF check not deducted.
    """

    name = "bank_rec_adjusted_balance"
    rounding = 0.01
    key_terms = ("bank reconciliation", "adjusted cash balance", "NSF check", "deposits in transit",
                 "outstanding checks")
    principles = ("full_disclosure",)

    def draw(self, rng: random.Random) -> Params:
        return {**_draw_book_items(rng), "book": rng.randrange(1_500_000, 9_000_000) / 100}

    def question(self, p: Params) -> str:
        date = "June 30"
        return (
            f"On {date} the cash account of {p['company']} shows a balance of {money(p['book'])}. "
            f"{_book_facts(p)} Deposits in transit total {money(p['deposits_in_transit'])} and "
            f"outstanding checks total {money(p['outstanding'])}. "
            + _BANK_ASKS[p["wording"]].format(date=date, company=p["company"])
        )

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c = Calc()
        c.note("Deposits in transit and outstanding checks adjust the bank side only; the book side "
               "records what the bank knew first and the company's own errors.")
        net = _book_adjustments(p, c)
        adjusted = cents(p["book"] + net)
        c.step(f"Adjusted balance = {money(p['book'])} + {money(net)} = {money(adjusted)}.")
        return adjusted, c, money(adjusted)

    def mistakes(self, p: Params) -> dict[str, float]:
        c = Calc()
        net = _book_adjustments(p, c)
        return {
            "bank_items_on_book_side": cents(p["book"] + net + p["deposits_in_transit"] - p["outstanding"]),
            "error_sign_reversed": cents(p["book"] + net - 2 * _check_error(p)),
            "interest_left_out": cents(p["book"] + net - p["note_interest"]),
            "nsf_not_deducted": cents(p["book"] + net + p["nsf"]),
        }


class BankRecUnadjustedBook(NumericProblem):
    """The books' unadjusted cash balance, worked back from the bank side.

    Typical errors: the book adjustments applied forwards instead of reversed; the deposits in
    transit left out; outstanding checks added instead of deducted.
    """

    name = "bank_rec_unadjusted_book"
    rounding = 0.01
    key_terms = ("bank reconciliation", "adjusted cash balance", "deposits in transit", "outstanding checks")
    principles = ("full_disclosure",)

    def draw(self, rng: random.Random) -> Params:
        return {**_draw_book_items(rng), "bank": rng.randrange(1_500_000, 9_000_000) / 100}

    def question(self, p: Params) -> str:
        asks = (
            "What balance did the cash account show in the books before the reconciliation? Round to the cent.",
            f"The bookkeeper lost the general ledger. Work out {poss(p['company'])} unadjusted book balance "
            "of cash at September 30, to the nearest cent.",
            "What was the balance per books at September 30 before any reconciling entries (nearest cent)?",
        )
        return (
            f"{poss(p['company'])} September 30 bank statement shows an ending balance of {money(p['bank'])}. "
            f"Deposits in transit are {money(p['deposits_in_transit'])} and outstanding checks total "
            f"{money(p['outstanding'])}. {_book_facts(p)} No other reconciling items exist. "
            + asks[p["wording"]]
        )

    def _adjusted_bank(self, p: Params, c: Calc) -> float:
        adjusted = cents(p["bank"] + p["deposits_in_transit"] - p["outstanding"])
        c.step(f"Adjusted balance per bank = {money(p['bank'])} + deposits in transit "
               f"{money(p['deposits_in_transit'])} - outstanding checks {money(p['outstanding'])} = "
               f"{money(adjusted)}.")
        return adjusted

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c = Calc()
        adjusted = self._adjusted_bank(p, c)
        c.note("The adjusted book balance equals the adjusted bank balance, so the unadjusted book "
               "balance is the adjusted balance less the net book adjustments.")
        net = _book_adjustments(p, c)
        book = cents(adjusted - net)
        c.step(f"Unadjusted balance per books = {money(adjusted)} - ({money(net)}) = {money(book)}.")
        return book, c, money(book)

    def mistakes(self, p: Params) -> dict[str, float]:
        c = Calc()
        adjusted, net = self._adjusted_bank(p, c), _book_adjustments(p, c)
        return {
            "adjustments_forwards": cents(adjusted + net),
            "deposits_in_transit_left_out": cents(adjusted - net - p["deposits_in_transit"]),
            "outstanding_added": cents(adjusted - net + 2 * p["outstanding"]),
        }


class CashBudgetEndingCash(NumericProblem):
    """Ending cash of the third month of a cash budget, before any financing.

    Collections follow a pattern over the month of sale and the two following months (the rest
    is never collected); purchases are paid partly in the month and the rest the next month.
    Typical errors: depreciation treated as a cash payment; the whole month's sales collected in
    the month; all purchases paid in the month bought; uncollectible share collected.
    """

    name = "cash_budget_ending_cash"
    key_terms = ("cash budget", "cash collections", "cash disbursements", "depreciation")
    principles = ("accrual_basis",)

    def draw(self, rng: random.Random) -> Params:
        now = rng.choice((50, 55, 60, 65, 70))
        nxt = rng.choice([x for x in (20, 25, 30, 35) if now + x <= 97])
        return {
            "sales": [rng.randrange(80, 400) * 1000 for _ in range(3)],
            "collect": [now, nxt, rng.choice([x for x in (2, 3, 5, 8, 10) if now + nxt + x <= 99])],
            "purchases": [rng.randrange(40, 250) * 1000 for _ in range(2)],
            "paid_now": rng.choice((30, 40, 50, 60)),
            "expenses": rng.randrange(20, 90) * 1000, "depreciation": rng.randrange(5, 30) * 1000,
            "begin": rng.randrange(10, 80) * 1000,
        }

    def question(self, p: Params) -> str:
        s, k = p["sales"], p["collect"]
        bad = 100 - sum(k)
        asks = (
            "What is the budgeted cash balance at the end of March, before any borrowing? Round to the nearest dollar.",
            "Prepare the March cash budget: what ending cash balance does it show before financing (nearest dollar)?",
            f"How much cash will {p['company']} have at March 31 if it arranges no financing? Nearest dollar.",
        )
        return (
            f"{p['company']} budgets credit sales of {money(s[0], 0)} in January, {money(s[1], 0)} in "
            f"February and {money(s[2], 0)} in March. It collects {k[0]}% of a month's sales in the month "
            f"of sale, {k[1]}% in the following month and {k[2]}% in the second month after the sale; "
            f"the remaining {bad}% is never collected. Merchandise purchases are {money(p['purchases'][0], 0)} "
            f"in February and {money(p['purchases'][1], 0)} in March; {p['paid_now']}% of each month's "
            f"purchases is paid in the month of purchase and the rest in the following month. March operating "
            f"expenses are {money(p['expenses'] + p['depreciation'], 0)}, of which "
            f"{money(p['depreciation'], 0)} is depreciation; the rest are paid in cash in March. Cash on "
            f"March 1 is {money(p['begin'], 0)}. " + asks[p["wording"]]
        )

    def _parts(self, p: Params) -> tuple[float, float, float]:
        s, k = p["sales"], p["collect"]
        collections = (s[2] * k[0] + s[1] * k[1] + s[0] * k[2]) / 100
        payments = (p["purchases"][1] * p["paid_now"] + p["purchases"][0] * (100 - p["paid_now"])) / 100
        return collections, payments, float(p["expenses"])

    def work(self, p: Params) -> tuple[float, Calc, str]:
        s, k = p["sales"], p["collect"]
        c = Calc()
        amounts = [s[2] * k[0] / 100, s[1] * k[1] / 100, s[0] * k[2] / 100]
        for month, sale, rate, amt in zip(("March", "February", "January"), (s[2], s[1], s[0]), k, amounts):
            c.step(f"From {month} sales: {money(sale, 0)} × {rate}% = {money(amt)}.")
        collections, payments, cash_exp = self._parts(p)
        c.step(f"March collections = {' + '.join(money(a) for a in amounts)} = {money(collections)}.")
        c.step(f"Purchases paid in March = {money(p['purchases'][1], 0)} × {p['paid_now']}% + "
               f"{money(p['purchases'][0], 0)} × {100 - p['paid_now']}% = {money(payments)}.")
        c.step(f"Cash operating expenses = {money(p['expenses'] + p['depreciation'], 0)} - depreciation "
               f"{money(p['depreciation'], 0)} (not a cash outflow) = {money(cash_exp, 0)}.")
        end = dollars(p["begin"] + collections - payments - cash_exp)
        c.step(f"Ending cash = {money(p['begin'], 0)} + {money(collections)} - {money(payments)} - "
               f"{money(cash_exp, 0)} = {money(end, 0)}.")
        return float(end), c, money(end, 0)

    def mistakes(self, p: Params) -> dict[str, float]:
        collections, payments, cash_exp = self._parts(p)
        base = p["begin"] + collections - payments - cash_exp
        s, k = p["sales"], p["collect"]
        return {
            "depreciation_paid": float(dollars(base - p["depreciation"])),
            "march_sales_fully_collected": float(dollars(base + s[2] * (100 - k[0]) / 100)),
            "purchases_paid_in_month": float(dollars(p["begin"] + collections - p["purchases"][1] - cash_exp)),
            "uncollectible_collected": float(dollars(base + s[0] * (100 - sum(k)) / 100)),
        }


TEMPLATES = [BankRecAdjustedBalance(), BankRecUnadjustedBook(), CashBudgetEndingCash()]
