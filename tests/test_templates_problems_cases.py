"""Hand-worked textbook examples for every ``problems`` template.

Each case fixes the parameters, works the solution by hand in the comments, and compares the
template's gold with the hand figure (never with another call into the template's code).
"""

import pytest

from acctbench.generators import templates
from acctbench.generators.problems._common import merged

BY_NAME = {t.name: t for t in templates("problems")}
COSMETIC = {"company": "Harbor Ledger Co.", "wording": 0}


def gold(name: str, **params) -> float:
    return BY_NAME[name].solve({**params, **COSMETIC}).gold


def steps(name: str, **params) -> int:
    return BY_NAME[name].count_steps({**params, **COSMETIC})


BOOK_ITEMS = dict(note=3000, note_interest=120, service_charge=35.0, nsf=410.0, check_actual=459.0,
                  check_recorded=495.0, check_no=1234, deposits_in_transit=2100.0, outstanding=1850.0)


def test_bank_rec_adjusted_balance():
    # Book 24,500 + note 3,000 + interest 120 + check over-recorded (495 - 459 = 36)
    # - service charge 35 - NSF 410 = 27,211.00. Deposits in transit / outstanding checks: bank side only.
    assert gold("bank_rec_adjusted_balance", book=24_500.0, **BOOK_ITEMS) == pytest.approx(27_211.00)
    assert steps("bank_rec_adjusted_balance", book=24_500.0, **BOOK_ITEMS) == 5


def test_bank_rec_unadjusted_book():
    # Adjusted bank = 26,961 + 2,100 - 1,850 = 27,211; book adjustments net +3,120 + 36 - 445 = +2,711;
    # unadjusted book = 27,211 - 2,711 = 24,500.00.
    assert gold("bank_rec_unadjusted_book", bank=26_961.0, **BOOK_ITEMS) == pytest.approx(24_500.00)


def test_cash_budget_ending_cash():
    # Collections: 150,000 × 60% + 120,000 × 30% + 100,000 × 5% = 90,000 + 36,000 + 5,000 = 131,000.
    # Purchases paid: 90,000 × 40% + 80,000 × 60% = 36,000 + 48,000 = 84,000. Cash expenses 30,000
    # (depreciation 8,000 is not cash). Ending = 20,000 + 131,000 - 84,000 - 30,000 = 37,000.
    p = dict(sales=[100_000, 120_000, 150_000], collect=[60, 30, 5], purchases=[80_000, 90_000], paid_now=40,
             expenses=30_000, depreciation=8_000, begin=20_000)
    assert gold("cash_budget_ending_cash", **p) == 37_000
    assert steps("cash_budget_ending_cash", **p) == 7


def test_trial_balance_net_income():
    # Revenue 400,000 + 40% of 20,000 unearned = 408,000. Expenses: wages 150,000 + accrued 4,000 + rent
    # 36,000 + utilities 12,000 + supplies (9,000 - 2,500) 6,500 + insurance (12,000 × 9/12, April 1
    # policy) 9,000 + depreciation 15,000 = 232,500. Net income = 175,500.
    p = dict(revenue=400_000, unearned=20_000, earned_pct=40, wages=150_000, rent=36_000, utilities=12_000,
             supplies=9_000, on_hand=2_500, insurance=12_000, policy_month=4, accrued_wages=4_000,
             depreciation=15_000)
    assert gold("trial_balance_net_income", **p) == 175_500


def test_operating_cash_flow_indirect():
    # 200,000 + depreciation 40,000 - gain 6,000 - AR increase 8,000 + inventory decrease 5,000
    # - prepaid increase 1,000 + AP increase 6,000 - accrued decrease 2,000 = 234,000.
    # Dividends (financing) and capex (investing) are ignored.
    p = dict(net_income=200_000, depreciation=40_000, disposal=6_000, dividends=25_000, capex=90_000,
             balances={"ar": [50_000, 58_000], "inventory": [70_000, 65_000], "prepaid": [4_000, 5_000],
                       "ap": [30_000, 36_000], "accrued": [10_000, 8_000]})
    assert gold("operating_cash_flow_indirect", **p) == 234_000
    # A loss instead of the gain is added back: 234,000 + 12,000 = 246,000.
    assert gold("operating_cash_flow_indirect", **{**p, "disposal": -6_000}) == 246_000


def test_allowance_aging_expense():
    # Required: 80,000 × 2% + 20,000 × 5% + 8,000 × 20% + 3,000 × 50% = 1,600 + 1,000 + 1,600 + 1,500
    # = 5,700. Before adjustment: 4,000 - 5,200 + 600 = 600 debit. Expense = 5,700 + 600 = 6,300.
    p = dict(buckets=[80_000, 20_000, 8_000, 3_000], rates=[2, 5, 20, 50], beginning=4_000, write_offs=5_200,
             recoveries=600)
    assert gold("allowance_aging_expense", **p) == 6_300
    # With a 1,000 credit balance left (write-offs 2,600): expense = 5,700 - 2,000 = 3,700.
    assert gold("allowance_aging_expense", **{**p, "write_offs": 2_600}) == 3_700


def test_finance_lease_liability_year_end():
    # Annuity due, 5 payments at 8%: 1 + 3.31213 = 4.31213; PV = 50,000 × 4.31213 = 215,606.34.
    # Option: 10,000 / 1.08^5 = 6,805.83. L0 = 222,412.17. After the January 1 payment 172,412.17;
    # interest 8% = 13,792.97; December 31 liability = 186,205.14 → $186,205.
    assert gold("finance_lease_liability_year_end", payment=50_000, years=5, rate=8, option=10_000) == 186_205


def test_operating_lease_straight_line_cost():
    # Rent 100,000 + 105,000 + 110,000 + 115,000 = 430,000; - incentive 20,000 + direct costs 4,000
    # = 414,000; / 4 years = 103,500 a year.
    assert gold("operating_lease_straight_line_cost", first=100_000, step=5_000, years=4, incentive=20_000,
                direct=4_000) == 103_500


def test_operating_lease_rou_asset():
    # L0 = 100,000 × 4.21236 (5 years, 6%) = 421,236.38; ROU0 = 431,236.38. Interest = 25,274.18.
    # Straight-line cost = (500,000 + 10,000) / 5 = 102,000; amortisation = 102,000 - 25,274.18 = 76,725.82.
    # ROU1 = 431,236.38 - 76,725.82 = 354,510.56 → $354,511.
    assert gold("operating_lease_rou_asset", payment=100_000, years=5, rate=6, direct=10_000) == 354_511


def test_deferred_tax_rate_change():
    # Start: DTL 100,000 × 30% = 30,000, DTA 20,000 × 30% = 6,000, net 24,000. End at the new 25%:
    # DTL 160,000 × 25% = 40,000, DTA 30,000 × 25% = 7,500, net 32,500. Expense = 32,500 - 24,000 = 8,500.
    p = dict(old=30, new=25, taxable0=100_000, deductible0=20_000, taxable1=160_000, deductible1=30_000)
    assert gold("deferred_tax_rate_change", **p) == 8_500
    assert steps("deferred_tax_rate_change", **p) == 6


def test_income_tax_expense_total():
    # Taxable income = 500,000 - 20,000 + 10,000 - 60,000 + 15,000 = 445,000; current 25% = 111,250.
    # Deferred = (60,000 - 15,000) × 25% = 11,250. Total = 122,500 (= (500,000 - 20,000 + 10,000) × 25%).
    assert gold("income_tax_expense_total", pretax=500_000, muni=20_000, fines=10_000, depreciation=60_000,
                warranty=15_000, rate=25) == 122_500


def test_basic_eps_weighted_shares():
    # Split 2-for-1 restated retroactively: 100,000 × 2 = 200,000; April 1 issue 20,000 × 2 × 9/12 = 30,000;
    # October 1 treasury 10,000 × 3/12 = 2,500. Weighted = 227,500. EPS = (600,000 - 50,000) / 227,500
    # = 2.4176 → $2.42.
    assert gold("basic_eps_weighted_shares", opening=100_000, issued=20_000, issue_month=3, split=2,
                split_month=6, bought=10_000, buy_month=9, income=600_000, preferred=50_000) == pytest.approx(2.42)


DILUTED = dict(income=1_000_000, preferred=100_000, shares=400_000, options=40_000, exercise=20, average=25,
               face=1_000_000, per_1000=20, tax=25)


def test_diluted_eps_antidilutive_convertible_excluded():
    # Options: 40,000 - 40,000 × 20/25 = 8,000 shares; 900,000 / 408,000 = 2.2059.
    # 6% bonds: 60,000 × 75% = 45,000 / 20,000 shares = 2.25 > 2.2059: antidilutive. Diluted = $2.21.
    assert gold("diluted_eps_convertible_options", coupon=6, **DILUTED) == pytest.approx(2.21)


def test_diluted_eps_dilutive_convertible_included():
    # 5% bonds: 50,000 × 75% = 37,500 / 20,000 = 1.875 < 2.2059: dilutive.
    # (900,000 + 37,500) / (400,000 + 8,000 + 20,000) = 937,500 / 428,000 = 2.1904 → $2.19.
    assert gold("diluted_eps_convertible_options", coupon=5, **DILUTED) == pytest.approx(2.19)


def test_equity_method_balance():
    # Cost = 30% × (1,000,000 + 200,000) + goodwill 40,000 = 400,000. + 30% × 150,000 = 45,000;
    # - extra depreciation 60,000 / 10 = 6,000; - dividends 30% × 50,000 = 15,000. Balance = 424,000.
    assert gold("equity_method_balance", share=30, book=1_000_000, undervalued=200_000, life=10,
                goodwill=40_000, income=150_000, dividends=50_000) == 424_000


def test_consolidation_nci_balance():
    # NCI fair value = 20% × (500,000 + 100,000) × 1.05 = 126,000. + 20% × (90,000 - 100,000/10) = 16,000;
    # - 20% × 30,000 = 6,000. NCI = 136,000.
    assert gold("consolidation_nci_balance", owned=80, book=500_000, step_up=100_000, life=10, premium=5,
                income=90_000, dividends=30_000) == 136_000


def test_lcnrv_inventory_lines():
    # A: NRV 60 - 15 = 45 < 50 → 100 × 45 = 4,500. B: NRV 35 > 30 → 6,000. C: NRV 70 < 80 → 3,500.
    # D: NRV 140 > 100 → 1,000. Total 15,000 (cost 16,000; write-down 1,000).
    lines = [{"product": "desk lamps", "units": 100, "cost": 50, "price": 60, "to_sell": 15},
             {"product": "office chairs", "units": 200, "cost": 30, "price": 40, "to_sell": 5},
             {"product": "bookcases", "units": 50, "cost": 80, "price": 90, "to_sell": 20},
             {"product": "whiteboards", "units": 10, "cost": 100, "price": 150, "to_sell": 10}]
    assert gold("lcnrv_inventory_lines", lines=lines) == 15_000


def test_dollar_value_lifo_with_decrement():
    # Base layer 100,000. Y1: 126,500 / 1.10 = 115,000 → layer 15,000 @1.10. Y2: 150,000 / 1.20 = 125,000
    # → layer 10,000 @1.20. Y3: 150,000 / 1.25 = 120,000 → decrement 5,000 from the Y2 layer.
    # Ending = 100,000 + 15,000 × 1.10 + 5,000 × 1.20 = 100,000 + 16,500 + 6,000 = 122,500.
    p = dict(base=[100_000, 115_000, 125_000, 120_000], indexes=[1.0, 1.1, 1.2, 1.25])
    assert gold("dollar_value_lifo", **p) == 122_500
    assert steps("dollar_value_lifo", **p) == 7


def test_gross_profit_method_loss():
    # Available = 60,000 + 200,000 - 5,000 + 3,000 = 258,000. Net sales 270,000. 25% markup on cost
    # = 20% margin; COGS = 216,000; inventory 42,000; less salvage 4,000 → loss 38,000.
    assert gold("gross_profit_method_loss", beginning=60_000, purchases=200_000, returns_out=5_000,
                freight=3_000, sales=280_000, returns_in=10_000, markup=25, salvage=4_000) == 38_000


def test_retail_inventory_conventional():
    # Cost 30,000 + 150,000 + 6,000 = 186,000; retail 50,000 + 240,000 + 10,000 = 300,000; ratio 62%.
    # Ending retail = 300,000 - 20,000 - 200,000 = 80,000; at cost 80,000 × 62% = 49,600.
    assert gold("retail_inventory_conventional", cost0=30_000, retail0=50_000, cost1=150_000, retail1=240_000,
                freight=6_000, markups=10_000, markdowns=20_000, sales=200_000) == 49_600


def test_payroll_net_pay():
    # Gross 20,000. SS on 176,100 - 165,000 = 11,100 × 6.2% = 688.20; Medicare 20,000 × 1.45% = 290.00;
    # 401(k) 5% = 1,000; income-tax wages 19,000: federal 22% = 4,180, state 5% = 950; health 200.
    # Withholdings 7,308.20; net = 12,691.80.
    assert gold("payroll_net_pay", salary=15_000, bonus=5_000, ytd=165_000, deferral=5, federal=22, state=5,
                health=200) == pytest.approx(12_691.80)


def test_employer_payroll_taxes():
    # SS wages 4,000 + 6,000 + (176,100 - 174,000) 2,100 = 12,100 × 6.2% = 750.20; Medicare 20,000 × 1.45%
    # = 290.00; FUTA (7,000 - 5,000) 2,000 × 0.6% = 12.00; SUTA (9,000 - 5,000) 4,000 × 2.7% = 108.00.
    # Total 1,160.20.
    staff = [{"ytd": 5_000, "gross": 4_000}, {"ytd": 50_000, "gross": 6_000}, {"ytd": 174_000, "gross": 10_000}]
    assert gold("employer_payroll_taxes", staff=staff, suta_rate=2.7, suta_base=9_000) == pytest.approx(1_160.20)


def test_bond_carrying_after_periods():
    # Price: 4,000 × 7.72173 + 100,000 × 0.61391 = 92,278. P1: 92,278 × 5% = 4,613.90 → 92,891.90.
    # P2: 4,644.595 → 4,644.60 → 93,536.50. P3: 4,676.825 → 4,676.83 → 94,213.33 → $94,213.
    p = dict(face=100_000, coupon=8, market=10, years=5, paid=3)
    assert gold("bond_carrying_after_periods", **p) == 94_213
    assert steps("bond_carrying_after_periods", **p) == 7


def test_bond_issued_between_dates():
    # Accrued interest 200,000 × 6% × 2/12 = 2,000; premium 4,000 over 118 months, 10 months = 338.98.
    # Coupons 12,000 - 2,000 accrued received = 10,000; - 338.98 = 9,661.02 → $9,661.
    assert gold("bond_issued_between_dates", face=200_000, coupon=6, price=102, years=10, month=2) == 9_661


def test_installment_note_balance():
    # Payment = 100,000 / 3.16987 = 31,547.08. Y1: interest 10,000, balance 78,452.92.
    # Y2: interest 7,845.29, principal 23,701.79, balance 54,751.13 → $54,751.
    assert gold("installment_note_balance", principal=100_000, rate=10, years=4, paid=2) == 54_751


CONTRACT = dict(price=10_000_000, cost1=2_000_000, left1=6_000_000, cost2=3_000_000)


def test_cost_to_cost_profit_year_two():
    # Y1: 2/8 = 25% × 2,000,000 = 500,000. Y2: 5,000,000 / 8,500,000 = 58.8235% × 1,500,000 = 882,352.94;
    # Y2 profit = 882,352.94 - 500,000 = 382,353.
    assert gold("cost_to_cost_year_two_profit", left2=3_500_000, **CONTRACT) == 382_353


def test_cost_to_cost_loss_year_two():
    # Expected total cost 10,500,000 > price: whole loss 500,000 now, plus reversing Y1's 500,000 → -1,000,000.
    assert gold("cost_to_cost_year_two_profit", left2=5_500_000, **CONTRACT) == -1_000_000


def test_materials_quantity_variance():
    # Used = 500 + 2,300 - 700 = 2,100 lb; allowed 1,000 × 2 = 2,000; (2,100 - 2,000) × $5 = 500 U.
    assert gold("materials_quantity_variance", per_unit=2, produced=1_000, sold=900, begin=500, end=700,
                purchased=2_300, std_price=5.0, actual_price=5.2) == 500


def test_labor_efficiency_variance():
    # Hours = 65,100 / 21 = 3,100; allowed 2,000 × 1.5 = 3,000; 100 × $20 = 2,000 U.
    assert gold("labor_efficiency_variance", hours_per=1.5, produced=2_000, budgeted=2_200, actual_hours=3_100,
                std_rate=20, actual_rate=21.0) == 2_000


def test_fixed_overhead_volume_variance():
    # Budget 10,000 h × $6 = 60,000; applied 4,500 × 2 h × $6 = 54,000; volume variance 6,000 U.
    assert gold("fixed_overhead_volume_variance", hours_per=2, denominator=10_000, rate=6, produced=4_500,
                actual_hours_ratio=100, spent_ratio=100) == 6_000
    # Output above the denominator: 5,500 × 2 × 6 = 66,000 applied → -6,000 (favourable).
    assert gold("fixed_overhead_volume_variance", hours_per=2, denominator=10_000, rate=6, produced=5_500,
                actual_hours_ratio=100, spent_ratio=100) == -6_000


PARTNERS = dict(partners=["Ayers", "Brooks"], ratio=[3, 2], capital=[100_000, 50_000], salary=[30_000, 20_000],
                rate=10, who=0)


def test_partnership_allocation():
    # Salaries 50,000; interest 10,000 + 5,000; remainder 70,000 - 65,000 = 5,000; Ayers 3/5 = 3,000.
    # Ayers = 30,000 + 10,000 + 3,000 = 43,000.
    assert gold("partnership_allocation", income=70_000, **PARTNERS) == 43_000
    # Income 40,000: remainder -25,000, Ayers bears 3/5 = -15,000 → 25,000.
    assert gold("partnership_allocation", income=40_000, **PARTNERS) == 25_000


def test_break_even_sales_mix():
    # Margins 8, 12, 20; bundle (3:2:1) = 24 + 24 + 20 = 68. 341,000 / 68 = 5,014.7 → 5,015 bundles;
    # Basic = 5,015 × 3 = 15,045 units.
    assert gold("break_even_sales_mix", prices=[20, 30, 50], variable=[12, 18, 30], mix=[3, 2, 1],
                fixed=341_000, ask=0) == 15_045


def test_capital_budgeting_npv():
    # Depreciation 20,000, shield 5,000; annual 30,000 × 75% + 5,000 = 27,500 × 3.79079 = 104,246.64.
    # Terminal 5,000 × 75% + 10,000 = 13,750 / 1.61051 = 8,537.66. NPV = -110,000 + 104,246.64 + 8,537.66
    # = 2,784.30 → $2,784.
    assert gold("capital_budgeting_npv", cost=100_000, years=5, savings=30_000, tax=25, rate=10, working=10_000,
                salvage=5_000) == 2_784


def test_journal_purchase_return_pay_sell():
    # Owed after return 10,000 - 1,000 = 9,000; discount 2% = 180; cash 8,820. Goods kept cost
    # 9,000 - 180 + freight 200 = 9,020; half sold → COGS 4,510, sold at 50% markup → 6,765.
    lines = gold("journal_purchase_return_pay_sell", invoice=10_000, freight=200, returned=1_000, discount=2,
                 sold_pct=50, markup=50)
    assert merged(lines) == pytest.approx({
        ("Merchandise Inventory", "debit"): 10_200, ("Merchandise Inventory", "credit"): 5_690,
        ("Accounts Payable", "debit"): 10_000, ("Accounts Payable", "credit"): 10_000,
        ("Cash", "credit"): 9_020, ("Accounts Receivable", "debit"): 6_765, ("Sales Revenue", "credit"): 6_765,
        ("Cost of Goods Sold", "debit"): 4_510,
    })


def test_journal_note_receivable_sequence():
    # 12,000 × 10% × 6/12 = 600 total; Nov 1 → Dec 31 accrual 2 months = 200; Year 2 interest 400;
    # cash at maturity (May 1) 12,600.
    p = dict(principal=12_000, rate=10, month=10, term=6)
    lines = gold("journal_note_receivable_sequence", **p)
    assert merged(lines) == pytest.approx({
        ("Notes Receivable", "debit"): 12_000, ("Accounts Receivable", "credit"): 12_000,
        ("Interest Receivable", "debit"): 200, ("Interest Revenue", "credit"): 600,
        ("Cash", "debit"): 12_600, ("Notes Receivable", "credit"): 12_000, ("Interest Receivable", "credit"): 200,
    })
    assert "May 1" in BY_NAME["journal_note_receivable_sequence"].question({**p, **COSMETIC})


def test_asset_exchange_gain():
    # Depreciation (60,000 - 6,000) / 9 = 6,000 a year; Jan 1, 2020 to Apr 1, 2022 = 27 months;
    # accumulated 6,000 × 27 / 12 = 13,500; book value 46,500; loss = 40,000 - 46,500 = -6,500.
    # The 10,000 cash paid goes into the new machine's cost (50,000), not into the loss.
    p = dict(cost=60_000, residual=6_000, life=9, years=2, month=4, fair=40_000, cash=10_000, start_year=2020)
    assert gold("asset_exchange_gain", **p) == -6_500
    assert steps("asset_exchange_gain", **p) == 5


def test_impairment_depreciation_after():
    # 500,000 / 10 = 50,000 a year; carrying amount after 4 years 300,000; undiscounted 40,000 × 6
    # = 240,000 < 300,000: impaired; loss 300,000 - 180,000 = 120,000; new depreciation 180,000 / 6 = 30,000.
    p = dict(cost=500_000, life=10, years=4, flow=40_000, fair=180_000, start_year=2015)
    assert gold("impairment_depreciation_after", **p) == 30_000
    assert steps("impairment_depreciation_after", **p) == 5


def test_revaluation_downward():
    # Year 1: 1,000,000 / 10 = 100,000; carrying 900,000; surplus 990,000 - 900,000 = 90,000 (OCI).
    # Year 2: 990,000 / 9 = 110,000; carrying 880,000; decrease to 600,000 = 280,000; 90,000 against the
    # surplus, 190,000 in profit or loss (IAS 16.40).
    p = dict(cost=1_000_000, life=10, up=990_000, down=600_000, start_year=2020)
    assert gold("revaluation_downward", **p) == 190_000
    assert steps("revaluation_downward", **p) == 7


def test_abc_unit_cost():
    # Rates: setups 50,000 / 100 = 500; moves 30,000 / 600 = 50; inspections 20,000 / 400 = 50.
    # Overhead 20 × 500 + 150 × 50 + 80 × 50 = 10,000 + 7,500 + 4,000 = 21,500; labour 2,000 × 20 = 40,000;
    # total 40,000 + 40,000 + 21,500 = 101,500; per unit / 1,000 = 101.50.
    p = dict(activities=[0, 1, 2], pools=[50_000, 30_000, 20_000], totals=[100, 600, 400], usage=[20, 150, 80],
             units=1_000, materials=40_000, labor_hours=10_000, product_hours=2_000, wage=20)
    assert gold("abc_unit_cost", **p) == pytest.approx(101.50)
    assert steps("abc_unit_cost", **p) == 7


def test_process_ending_wip():
    # Completed 1,000 + 9,000 - 2,000 = 8,000. EU materials 8,000 + 2,000 = 10,000; conversion 8,000 + 500
    # = 8,500. Rates (5,000 + 45,000) / 10,000 = 5.00 and (2,000 + 36,000) / 8,500 = 4.470588.
    # Ending WIP 2,000 × 5 + 500 × 4.470588 = 10,000 + 2,235.29 = 12,235.
    p = dict(begin=1_000, begin_pct=40, started=9_000, end=2_000, end_pct=25, begin_mat=5_000, begin_conv=2_000,
             mat=45_000, conv=36_000)
    assert gold("process_ending_wip", **p) == 12_235
    assert steps("process_ending_wip", **p) == 6


def test_special_order_income():
    # Idle 100,000 - 90,000 = 10,000; relevant cost 10 + 8 + 4 = 22; order 15,000 × (30 - 22) = 120,000;
    # 5,000 regular units lost at 50 - 22 - 3 = 25 = 125,000; change 120,000 - 125,000 - 5,000 = -10,000.
    p = dict(capacity=100_000, regular=90_000, order=15_000, price=50, special=30, materials=10, labor=8,
             var_oh=4, fixed_oh=6, selling=3, setup=5_000)
    assert gold("special_order_income", **p) == -10_000
    assert steps("special_order_income", **p) == 7


def test_residual_income():
    # Margin 2,000,000 - 1,100,000 = 900,000; income 900,000 - 400,000 = 500,000 (corporate 60,000 excluded);
    # average assets (1,800,000 + 2,200,000) / 2 = 2,000,000; charge 12% = 240,000; RI = 260,000.
    p = dict(sales=2_000_000, variable=1_100_000, fixed=400_000, corporate=60_000, begin=1_800_000,
             end=2_200_000, rate=12)
    assert gold("residual_income", **p) == 260_000
    assert steps("residual_income", **p) == 5


def test_pension_expense():
    # Interest 1,000,000 × 5% = 50,000; expected return 800,000 × 7% = 56,000; prior service cost
    # 60,000 / 10 = 6,000; corridor 10% × 1,000,000 = 100,000; loss outside 150,000 - 100,000 = 50,000,
    # / 10 = 5,000. Expense = 90,000 + 50,000 - 56,000 + 6,000 + 5,000 = 95,000 (the 3% actual return unused).
    p = dict(service=90_000, pbo=1_000_000, assets=800_000, discount=5, expected=7, actual=3, psc=60_000,
             psc_years=10, loss=150_000, service_years=10)
    assert gold("pension_expense", **p) == 95_000
    assert steps("pension_expense", **p) == 7


def test_inventory_errors_net_income():
    # Year-1 ending (= Year-2 beginning) overstated 20,000: Year-2 COGS overstated, income understated, +20,000.
    # Year-2 ending overstated 8,000: COGS understated, income overstated, -8,000. Net +12,000 pretax,
    # × (1 - 25%) = +9,000; corrected 500,000 + 9,000 = 509,000.
    p = dict(income1=300_000, income2=500_000, error1=20_000, over1=True, error2=8_000, over2=True, tax=25)
    assert gold("inventory_errors_net_income", **p) == 509_000
    assert steps("inventory_errors_net_income", **p) == 5
    # Both understated instead: -20,000 + 8,000 = -12,000 pretax, -9,000 after tax: 491,000.
    assert gold("inventory_errors_net_income", **{**p, "over1": False, "over2": False}) == 491_000


def test_note_discounting_loss():
    # Interest 10,000 × 9% × 6/12 = 450; maturity 10,450; 4 months left; discount 10,450 × 12% × 4/12 = 418;
    # proceeds 10,032; carrying 10,000 + 10,000 × 9% × 2/12 = 10,150; loss 10,032 - 10,150 = -118.00.
    p = dict(face=10_000, rate=9, term=6, held=2, bank=12, month=3)
    assert gold("note_discounting_loss", **p) == pytest.approx(-118.00)
    assert steps("note_discounting_loss", **p) == 8


def test_every_template_has_a_case_here():
    import inspect
    import sys

    source = inspect.getsource(sys.modules[__name__])
    missing = [name for name in BY_NAME if f'"{name}"' not in source]
    assert not missing, missing
