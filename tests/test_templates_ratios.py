"""Textbook checks for the financial-ratio templates."""

import math
import random
from fractions import Fraction

import pytest

from acctbench.generators.numeric.ratios import (
    TEMPLATES,
    CurrentRatio,
    DaysSalesOutstanding,
    DebtToEquity,
    GrossMarginPercent,
    InventoryTurnover,
    QuickRatio,
    ReturnOnAssets,
    ReturnOnEquity,
    half_up,
)

CO = {"company": "Northwind Traders"}


def _check(template, params, gold, answer):
    worked = template.solve({**params, **CO})
    assert worked.gold == gold
    assert worked.answer == answer


def test_half_up_rounds_ties_away_from_zero():
    # Exact ties go up (Python's round() would go to even: round(0.125, 2) == 0.12).
    assert half_up(Fraction(2345, 1000), 2) == 2.35
    assert half_up(Fraction(1, 8), 2) == 0.13
    assert half_up(Fraction(61, 2), 0) == 31


def test_current_ratio_textbook():
    # CA = 50,000 + 80,000 + 100,000 + 20,000 = 250,000; CL = 70,000 + 20,000 + 10,000 = 100,000;
    # equipment and the long-term note are non-current. 250,000 / 100,000 = 2.50.
    p = {"cash": 50_000, "receivables": 80_000, "inventory": 100_000, "prepaid": 20_000,
         "equipment": 500_000, "payables": 70_000, "accrued": 20_000, "current_debt": 10_000,
         "long_term_debt": 300_000}
    _check(CurrentRatio(), p, 2.50, "2.50")


def test_quick_ratio_textbook():
    # Quick assets = 40,000 + 20,000 + 60,000 = 120,000 (inventory 90,000 and prepaid 10,000 left
    # out); CL = 50,000 + 25,000 + 5,000 = 80,000; 120,000 / 80,000 = 1.50.
    p = {"cash": 40_000, "securities": 20_000, "receivables": 60_000, "inventory": 90_000,
         "prepaid": 10_000, "payables": 50_000, "accrued": 25_000, "current_debt": 5_000}
    _check(QuickRatio(), p, 1.50, "1.50")
    # With CL = 60,000 + 25,000 + 5,000 = 90,000: 120,000 / 90,000 = 1.333... -> 1.33.
    _check(QuickRatio(), {**p, "payables": 60_000}, 1.33, "1.33")


def test_debt_to_equity_textbook():
    # Liabilities = 40,000 + 20,000 + 140,000 = 200,000; equity = 100,000 + 50,000 + 100,000
    # = 250,000; 200,000 / 250,000 = 0.80.
    p = {"payables": 40_000, "accrued": 20_000, "bonds": 140_000, "common_stock": 100_000,
         "apic": 50_000, "retained_earnings": 100_000}
    _check(DebtToEquity(), p, 0.80, "0.80")


def test_return_on_equity_textbook():
    # Average equity = (280,000 + 320,000) / 2 = 300,000; 45,000 / 300,000 = 15.00%.
    _check(ReturnOnEquity(), {"net_income": 45_000, "begin": 280_000, "end": 320_000},
           15.00, "15.00%")


def test_return_on_assets_textbook():
    # Average assets = (550,000 + 650,000) / 2 = 600,000; 45,000 / 600,000 = 7.50%.
    _check(ReturnOnAssets(), {"net_income": 45_000, "begin": 550_000, "end": 650_000},
           7.50, "7.50%")
    # 50,000 / ((560,000 + 640,000) / 2 = 600,000) = 8.333...% -> 8.33%.
    _check(ReturnOnAssets(), {"net_income": 50_000, "begin": 560_000, "end": 640_000},
           8.33, "8.33%")


def test_gross_margin_textbook():
    # Net sales = 520,000 - 15,000 - 5,000 = 500,000; gross profit = 500,000 - 310,000 = 190,000;
    # 190,000 / 500,000 = 38.00% (operating expenses of 100,000 play no part).
    p = {"gross_sales": 520_000, "returns": 15_000, "discounts": 5_000, "cogs": 310_000,
         "operating_expenses": 100_000}
    _check(GrossMarginPercent(), p, 38.00, "38.00%")


def test_inventory_turnover_textbook():
    # Average inventory = (70,000 + 90,000) / 2 = 80,000; 480,000 / 80,000 = 6.00 times.
    p = {"cogs": 480_000, "net_sales": 800_000, "begin": 70_000, "end": 90_000}
    _check(InventoryTurnover(), p, 6.00, "6.00 times")


def test_days_sales_outstanding_textbook():
    # Average AR = (40,000 + 60,000) / 2 = 50,000; 50,000 / 730,000 x 365 = 25.0 days.
    p = {"credit_sales": 730_000, "cash_sales": 200_000, "begin": 40_000, "end": 60_000}
    _check(DaysSalesOutstanding(), p, 25.0, "25.0 days")
    # Average AR = 50,000 again; 50,000 / 600,000 x 365 = 30.416... -> 30.4 days.
    _check(DaysSalesOutstanding(), {**p, "credit_sales": 600_000}, 30.4, "30.4 days")


def test_units_and_tolerances():
    # the band is the stated rounding: two decimals, or one decimal for days sales outstanding
    units = {t.name: (t.unit, t.rounding) for t in TEMPLATES}
    assert units["ratio_current"] == ("times", 0.01)
    assert units["ratio_return_on_equity"] == ("%", 0.01)
    assert units["ratio_days_sales_outstanding"] == ("days", 0.1)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.name)
def test_ratio_template_sampling(template):
    from acctbench.schema import validate_item

    rng = random.Random(20240603)
    params = [template.sample(rng) for _ in range(300)]
    assert len({template.key(p) for p in params}) >= 150
    for p in params:
        item = template.item(p, "computations")
        assert math.isfinite(item["gold"]) and item["gold"] > 0
        assert validate_item(item) == []
