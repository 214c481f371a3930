"""Journal templates: each solved against a hand-worked textbook example, plus properties of all."""

from __future__ import annotations

import random
from typing import Any

import pytest

from acctbench.accounts import load_accounts
from acctbench.generators import templates
from acctbench.generators.journal import adjusting, financing, merchandising, plant_assets, receivables

JOURNAL = templates("journal")


def P(**kw: Any) -> dict[str, Any]:
    """Parameters with fixed cosmetic fields."""
    return {"company": "Alder Company", "year": 2024, "wording": 0, "day": 5, "month": 0, **kw}


def gold(template, params) -> list[tuple[str, str, float]]:
    out = []
    for ln in template.solve(params).gold:
        side = "Dr" if "debit" in ln else "Cr"
        out.append((side, ln["account"], ln["debit"] if side == "Dr" else ln["credit"]))
    return out


# ---- hand-worked examples ---------------------------------------------------------------------


def test_purchase_inventory_on_credit():
    t = merchandising.PurchaseInventoryOnCredit()
    # $12,000 on account; freight $300 paid in cash is part of inventory cost (FOB shipping point).
    assert gold(t, P(amount=12_000, terms="n/30", freight=300)) == [
        ("Dr", "Merchandise Inventory", 12_300), ("Cr", "Accounts Payable", 12_000), ("Cr", "Cash", 300)]
    assert gold(t, P(amount=12_000, terms="n/30", freight=0)) == [
        ("Dr", "Merchandise Inventory", 12_000), ("Cr", "Accounts Payable", 12_000)]


def test_credit_sale_with_cogs():
    t = merchandising.CreditSaleWithCost()
    # Sale $5,000 on account of goods costing $3,000: revenue entry + cost entry.
    assert gold(t, P(sale=5_000, cost=3_000, terms="n/30")) == [
        ("Dr", "Accounts Receivable", 5_000), ("Dr", "Cost of Goods Sold", 3_000),
        ("Cr", "Sales Revenue", 5_000), ("Cr", "Merchandise Inventory", 3_000)]


def test_cash_sale_with_sales_tax():
    t = merchandising.CashSale()
    # $2,000 + 6% tax = $2,120 cash; tax $120 is a liability; cost $1,200.
    assert gold(t, P(sale=2_000, cost=1_200, tax_rate=6)) == [
        ("Dr", "Cash", 2_120), ("Dr", "Cost of Goods Sold", 1_200), ("Cr", "Sales Revenue", 2_000),
        ("Cr", "Sales Taxes Payable", 120), ("Cr", "Merchandise Inventory", 1_200)]
    assert len(gold(t, P(sale=2_000, cost=1_200, tax_rate=0))) == 4


def test_sales_return_perpetual():
    t = merchandising.SalesReturn()
    # Goods sold on account for $800 (cost $480) returned undamaged.
    assert gold(t, P(price=800, cost=480, refund="account")) == [
        ("Dr", "Sales Returns and Allowances", 800), ("Dr", "Merchandise Inventory", 480),
        ("Cr", "Accounts Receivable", 800), ("Cr", "Cost of Goods Sold", 480)]
    assert gold(t, P(price=800, cost=480, refund="cash"))[2] == ("Cr", "Cash", 800)


def test_purchase_return_perpetual_and_periodic():
    t = merchandising.PurchaseReturn()
    assert gold(t, P(amount=1_500, system="perpetual")) == [
        ("Dr", "Accounts Payable", 1_500), ("Cr", "Merchandise Inventory", 1_500)]
    assert gold(t, P(amount=1_500, system="periodic")) == [
        ("Dr", "Accounts Payable", 1_500), ("Cr", "Purchase Returns and Allowances", 1_500)]


def test_purchase_discount_gross():
    t = merchandising.PurchaseDiscountGross()
    # Weygandt: bought $3,800, 2/10 n/30, returned $300, paid in 10 days:
    # payable $3,500, discount $70, cash $3,430.
    params = P(amount=3_800, returned=300, rate=2, system="perpetual", wait=8)
    assert gold(t, params) == [("Dr", "Accounts Payable", 3_500), ("Cr", "Cash", 3_430),
                               ("Cr", "Merchandise Inventory", 70)]
    params["system"] = "periodic"
    assert gold(t, params)[2] == ("Cr", "Purchase Discounts", 70)


def test_purchase_discount_net_method():
    t = merchandising.PurchaseDiscountNet()
    # $10,000 at 2/10 n/30 recorded at $9,800; paid late: $200 discount lost.
    assert gold(t, P(amount=10_000, rate=2, late=True, wait=6, late_wait=12)) == [
        ("Dr", "Accounts Payable", 9_800), ("Dr", "Purchase Discounts Lost", 200), ("Cr", "Cash", 10_000)]
    assert gold(t, P(amount=10_000, rate=2, late=False, wait=6, late_wait=12)) == [
        ("Dr", "Accounts Payable", 9_800), ("Cr", "Cash", 9_800)]


def test_sales_discount_gross():
    t = merchandising.SalesDiscountGross()
    # Weygandt (Sauk Stereo): sale $3,800, return $300, 2/10 n/30 paid in time.
    assert gold(t, P(amount=3_800, returned=300, rate=2, wait=9)) == [
        ("Dr", "Cash", 3_430), ("Dr", "Sales Discounts", 70), ("Cr", "Accounts Receivable", 3_500)]


def test_collect_receivable():
    t = receivables.CollectReceivable()
    assert gold(t, P(customer="B. Chen", balance=1_000, paid=600, form="cash")) == [
        ("Dr", "Cash", 600), ("Cr", "Accounts Receivable", 600)]
    assert gold(t, P(customer="B. Chen", balance=1_000, paid=1_000, form="note")) == [
        ("Dr", "Notes Receivable", 1_000), ("Cr", "Accounts Receivable", 1_000)]


def test_pay_payable():
    t = receivables.PayPayable()
    assert gold(t, P(supplier="Vega Supply", balance=5_000, paid=5_000, form="cash")) == [
        ("Dr", "Accounts Payable", 5_000), ("Cr", "Cash", 5_000)]
    assert gold(t, P(supplier="Vega Supply", balance=5_000, paid=4_000, form="note")) == [
        ("Dr", "Accounts Payable", 4_000), ("Cr", "Notes Payable", 4_000)]


def test_bad_debt_write_off():
    t = receivables.WriteOffAllowance()
    assert gold(t, P(customer="B. Chen", allowance=5_000, amount=1_200)) == [
        ("Dr", "Allowance for Doubtful Accounts", 1_200), ("Cr", "Accounts Receivable", 1_200)]


def test_bad_debt_recovery_two_steps():
    t = receivables.RecoveryOfWrittenOff()
    # Reinstate $1,000 (Dr A/R, Cr Allowance) then collect (Dr Cash, Cr A/R).
    assert gold(t, P(customer="B. Chen", written=1_000, recovered=1_000)) == [
        ("Dr", "Accounts Receivable", 1_000), ("Dr", "Cash", 1_000),
        ("Cr", "Allowance for Doubtful Accounts", 1_000), ("Cr", "Accounts Receivable", 1_000)]
    # Partial recovery with nothing more expected: reinstate only what is collected.
    assert gold(t, P(customer="B. Chen", written=1_000, recovered=400))[0] == ("Dr", "Accounts Receivable", 400)


def test_bad_debt_estimate():
    t = receivables.EstimateBadDebts()
    # Receivables approach: required allowance 5% x $200,000 = $10,000; $2,000 credit already there.
    assert gold(t, P(basis="receivables", base=200_000, rate=5, prior=2_000, prior_side="credit")) == [
        ("Dr", "Bad Debt Expense", 8_000), ("Cr", "Allowance for Doubtful Accounts", 8_000)]
    # A debit balance must be covered too: 10,000 + 1,000.
    assert gold(t, P(basis="receivables", base=200_000, rate=5, prior=1_000, prior_side="debit"))[0] == (
        "Dr", "Bad Debt Expense", 11_000)
    # Sales approach ignores the existing balance: 1% x $500,000.
    assert gold(t, P(basis="sales", base=500_000, rate=1, prior=1_000, prior_side="debit"))[0] == (
        "Dr", "Bad Debt Expense", 5_000)


def test_depreciation_adjustment():
    t = adjusting.Depreciation()
    # SL: (50,000 - 5,000) / 5 = 9,000 a year; bought April 1 -> 9 months = 6,750.
    assert gold(t, P(kind="equipment", cost=50_000, salvage=5_000, life=5, method="straight-line",
                     month=3)) == [("Dr", "Depreciation Expense", 6_750),
                                   ("Cr", "Accumulated Depreciation - Equipment", 6_750)]
    # DDB: 2/5 = 40% of 30,000 = 12,000 a year; bought July 1 -> 6 months = 6,000.
    assert gold(t, P(kind="vehicle", cost=30_000, salvage=3_000, life=5,
                     method="double-declining-balance", month=6)) == [
        ("Dr", "Depreciation Expense", 6_000), ("Cr", "Accumulated Depreciation - Vehicles", 6_000)]


def test_accrued_wages():
    t = adjusting.AccruedWages()
    # $5,000 per 5-day week = $1,000 a day; Dec 31 is a Wednesday -> 3 days = $3,000.
    assert gold(t, P(form="weekly", weekly=5_000, days=3)) == [
        ("Dr", "Wages Expense", 3_000), ("Cr", "Wages Payable", 3_000)]
    # 10 employees x $150 x 2 days.
    assert gold(t, P(form="daily", employees=10, rate=150, days=2))[0] == ("Dr", "Wages Expense", 3_000)


def test_accrued_interest():
    t = adjusting.AccruedInterest()
    # $12,000, 9%, issued October 1: 3 months -> 12,000 x 9% x 3/12 = $270.
    assert gold(t, P(side="borrower", principal=12_000, rate=9, month=9, term=6)) == [
        ("Dr", "Interest Expense", 270), ("Cr", "Interest Payable", 270)]
    assert gold(t, P(side="lender", principal=12_000, rate=9, month=9, term=6)) == [
        ("Dr", "Interest Receivable", 270), ("Cr", "Interest Revenue", 270)]


def test_prepaid_insurance_adjustment():
    t = adjusting.PrepaidInsuranceExpired()
    # $2,400 for 12 months from September 1: 4 months used = $800.
    assert gold(t, P(term=12, month=8, monthly=200)) == [
        ("Dr", "Insurance Expense", 800), ("Cr", "Prepaid Insurance", 800)]


def test_unearned_revenue_earned():
    t = adjusting.UnearnedRevenueEarned()
    # $6,000 for 12 months from November 1: 2 months earned = $1,000.
    assert gold(t, P(form="months", term=12, month=10, monthly=500)) == [
        ("Dr", "Unearned Revenue", 1_000), ("Cr", "Service Revenue", 1_000)]
    # $10,000 received, 40% of the work done.
    assert gold(t, P(form="work", received=10_000, fraction=40, month=7))[0] == (
        "Dr", "Unearned Revenue", 4_000)


def test_cash_received_in_advance():
    t = adjusting.CashReceivedInAdvance()
    assert gold(t, P(amount=6_000, service="an annual maintenance contract")) == [
        ("Dr", "Cash", 6_000), ("Cr", "Unearned Revenue", 6_000)]


def test_prepaid_rent_payment():
    t = adjusting.PrepaidRentPayment()
    assert gold(t, P(monthly=1_000, months=6)) == [("Dr", "Prepaid Rent", 6_000), ("Cr", "Cash", 6_000)]


def test_supplies_adjustment():
    t = adjusting.SuppliesUsed()
    # 500 + 2,000 available - 700 on hand = 1,800 used.
    assert gold(t, P(begin=500, bought=2_000, on_hand=700)) == [
        ("Dr", "Supplies Expense", 1_800), ("Cr", "Supplies", 1_800)]


def test_issue_common_stock_above_par():
    t = financing.IssueCommonStock()
    # 1,000 shares of $1 par at $5: cash 5,000, par 1,000, APIC 4,000.
    assert gold(t, P(shares=1_000, par=1, price=5.0, jurisdiction="us")) == [
        ("Dr", "Cash", 5_000), ("Cr", "Common Stock", 1_000), ("Cr", "Additional Paid-In Capital", 4_000)]


def test_dividends_declared():
    t = financing.DividendsDeclared()
    # 100,000 issued - 10,000 treasury = 90,000 outstanding x $0.50 = $45,000.
    params = P(issued=100_000, treasury=10_000, per_share=0.5, convention="dividends_account")
    assert gold(t, params) == [("Dr", "Dividends Declared", 45_000), ("Cr", "Dividends Payable", 45_000)]
    params["convention"] = "retained_earnings"
    assert gold(t, params)[0] == ("Dr", "Retained Earnings", 45_000)


def test_dividends_paid():
    t = financing.DividendsPaid()
    assert gold(t, P(shares=100_000, per_share=0.25)) == [
        ("Dr", "Dividends Payable", 25_000), ("Cr", "Cash", 25_000)]


def test_borrow_on_note():
    t = financing.BorrowOnNote()
    assert gold(t, P(principal=10_000, rate=8, term=6, form="interest")) == [
        ("Dr", "Cash", 10_000), ("Cr", "Notes Payable", 10_000)]
    # Discounted: 12,000 x 10% x 6/12 = 600 deducted in advance.
    assert gold(t, P(principal=12_000, rate=10, term=6, form="discount")) == [
        ("Dr", "Cash", 11_400), ("Dr", "Discount on Notes Payable", 600), ("Cr", "Notes Payable", 12_000)]


def test_repay_note_with_interest():
    t = financing.RepayNoteWithInterest()
    # Nov 1, 6 months, 12%, $10,000: interest 600, of which Nov-Dec (200) accrued at year-end.
    assert gold(t, P(month=10, principal=10_000, rate=12, term=6)) == [
        ("Dr", "Notes Payable", 10_000), ("Dr", "Interest Payable", 200), ("Dr", "Interest Expense", 400),
        ("Cr", "Cash", 10_600)]
    # Mar 1, 6 months, 8%, $9,000: matures Sep 1, nothing accrued; interest 360.
    assert gold(t, P(month=2, principal=9_000, rate=8, term=6)) == [
        ("Dr", "Notes Payable", 9_000), ("Dr", "Interest Expense", 360), ("Cr", "Cash", 9_360)]
    # Jul 1, 6 months: matures Jan 1; all interest was accrued at Dec 31.
    assert gold(t, P(month=6, principal=9_000, rate=8, term=6)) == [
        ("Dr", "Notes Payable", 9_000), ("Dr", "Interest Payable", 360), ("Cr", "Cash", 9_360)]


def test_treasury_stock_purchase():
    t = financing.TreasuryStockPurchase()
    assert gold(t, P(shares=1_000, price=15.0, par=1)) == [
        ("Dr", "Treasury Stock", 15_000), ("Cr", "Cash", 15_000)]


def test_treasury_stock_reissue():
    t = financing.TreasuryStockReissue()
    # 500 shares costing $15 reissued at $18: excess $1,500 to paid-in capital.
    assert gold(t, P(bought=1_000, sold=500, cost=15.0, price=18.0, pic_ts=0)) == [
        ("Dr", "Cash", 9_000), ("Cr", "Treasury Stock", 7_500),
        ("Cr", "Paid-In Capital from Treasury Stock", 1_500)]
    # 800 at $12 (cost $15): shortfall 2,400 -> 1,000 from PIC-TS, 1,400 from retained earnings.
    assert gold(t, P(bought=1_000, sold=800, cost=15.0, price=12.0, pic_ts=1_000)) == [
        ("Dr", "Cash", 9_600), ("Dr", "Paid-In Capital from Treasury Stock", 1_000),
        ("Dr", "Retained Earnings", 1_400), ("Cr", "Treasury Stock", 12_000)]


def test_purchase_equipment_cash_and_note():
    t = plant_assets.PurchaseEquipmentCashAndNote()
    # $50,000, 20% down; freight 500 + installation 1,500 capitalised and paid in cash.
    params = P(machine="a forklift", price=50_000, down_pct=20, freight=500, install=1_500,
               note_rate=8, note_years=3)
    assert gold(t, params) == [("Dr", "Equipment", 52_000), ("Cr", "Cash", 12_000),
                               ("Cr", "Notes Payable", 40_000)]


def test_disposal_of_plant_asset():
    t = plant_assets.DisposalOfPlantAsset()
    base = dict(kind="equipment", cost=50_000, life=5, salvage=5_000, years=3, form="compute")
    # Accumulated = 45,000 / 5 x 3 = 27,000; carrying amount 23,000.
    assert gold(t, P(**base, proceeds=20_000)) == [
        ("Dr", "Cash", 20_000), ("Dr", "Accumulated Depreciation - Equipment", 27_000),
        ("Dr", "Loss on Disposal of Plant Assets", 3_000), ("Cr", "Equipment", 50_000)]
    assert gold(t, P(**base, proceeds=25_000)) == [
        ("Dr", "Cash", 25_000), ("Dr", "Accumulated Depreciation - Equipment", 27_000),
        ("Cr", "Equipment", 50_000), ("Cr", "Gain on Disposal of Plant Assets", 2_000)]
    assert gold(t, P(**base, proceeds=0)) == [
        ("Dr", "Accumulated Depreciation - Equipment", 27_000),
        ("Dr", "Loss on Disposal of Plant Assets", 23_000), ("Cr", "Equipment", 50_000)]


# ---- properties of every template -------------------------------------------------------------


def test_family_size_and_names():
    assert len(JOURNAL) >= 22
    assert all(t.name.startswith("journal_") for t in JOURNAL)


@pytest.mark.parametrize("t", JOURNAL, ids=lambda t: t.name)
def test_samples_balance_resolve_and_validate(t):
    from acctbench.schema import validate_item

    chart = load_accounts()
    rng = random.Random(20240601)
    keys = set()
    for _ in range(300):
        p = t.sample(rng)
        keys.add(t.key(p))
        worked = t.solve(p)
        debits = sum(ln.get("debit", 0) for ln in worked.gold)
        credits = sum(ln.get("credit", 0) for ln in worked.gold)
        assert debits == pytest.approx(credits, abs=0.005), p
        sides = ["debit" in ln for ln in worked.gold]
        assert sides == sorted(sides, reverse=True), "debits must come before credits"
        for ln in worked.gold:
            acc = chart.resolve(ln["account"])
            assert acc is not None and acc.name == ln["account"], ln
            assert ln.get("debit", ln.get("credit")) > 0
        item = t.item(p, "journal")
        assert validate_item(item) == [], (p, validate_item(item))
    assert len(keys) >= 100


@pytest.mark.parametrize("t", JOURNAL, ids=lambda t: t.name)
def test_question_is_deterministic_and_cosmetics_do_not_change_gold(t):
    p = t.sample(random.Random(5))
    assert t.question(p) == t.question(dict(p))
    variant = {**p, "company": "Zephyr Corp.", "wording": (p["wording"] + 1) % 3}
    assert t.key(variant) == t.key(p)
    assert t.solve(variant).gold == t.solve(p).gold
