"""Textbook checks for the cost-volume-profit templates."""

import json
import math
import random

import pytest

from acctbench.generators.numeric.cvp import (
    TEMPLATES,
    BreakEvenSalesDollars,
    BreakEvenUnits,
    ContributionMargin,
    ContributionMarginRatio,
    TargetProfitUnits,
)


def test_break_even_units_textbook():
    # Price $50, variable $30: CM = $20. $100,000 / $20 = 5,000 units exactly.
    worked = BreakEvenUnits().solve({"price": 50, "variable": 30, "fixed": 100_000})
    assert worked.gold == 5_000
    assert worked.answer == "5,000 units"
    # $100,010 / $20 = 5,000.5 → rounded up to 5,001 units.
    assert BreakEvenUnits().solve({"price": 50, "variable": 30, "fixed": 100_010}).gold == 5_001


def test_contribution_margin_ratio_textbook():
    # ($80 - $52) / $80 = 28 / 80 = 35.00%; the same ratio from totals (10,000 units).
    p = {"price": 80, "variable": 52, "units": 10_000, "fixed": 90_000, "form": "per_unit"}
    worked = ContributionMarginRatio().solve(p)
    assert worked.gold == pytest.approx(35.0)
    assert worked.answer == "35.00%"
    totals = {**p, "form": "totals"}
    assert ContributionMarginRatio().solve(totals).gold == pytest.approx(35.0)
    assert "$800,000" in ContributionMarginRatio().question(totals)
    # 1/3 margin: ($30 - $20) / $30 = 33.333...% → 33.33%.
    assert ContributionMarginRatio().solve({**p, "price": 30, "variable": 20}).answer == "33.33%"


def test_target_profit_units_textbook():
    # Pretax target: ($100,000 + $40,000) / $20 = 7,000 units.
    p = {"price": 50, "variable": 30, "fixed": 100_000, "target": 40_000, "tax_rate": 0}
    worked = TargetProfitUnits().solve(p)
    assert worked.gold == 7_000
    assert worked.answer == "7,000 units"
    # After-tax $42,000 at 30%: pretax = 42,000 / 0.7 = 60,000; (100,000 + 60,000) / 20 = 8,000 units.
    assert TargetProfitUnits().solve({**p, "target": 42_000, "tax_rate": 30}).gold == 8_000
    # After-tax $10,000 at 25%: pretax 13,333.33; (100,000 + 13,333.33) / 20 = 5,666.67 → 5,667 units.
    assert TargetProfitUnits().solve({**p, "target": 10_000, "tax_rate": 25}).gold == 5_667


def test_contribution_margin_textbook():
    # Variable cost = 30 + 20 + 10 + 5 = $65; CM per unit = $100 - $65 = $35; total = 35 × 10,000 = $350,000.
    p = {"price": 100, "materials": 30, "labor": 20, "overhead": 10, "selling": 5,
         "fixed_overhead": 200_000, "units": 10_000, "ask": "per_unit"}
    worked = ContributionMargin().solve(p)
    assert worked.gold == pytest.approx(35)
    assert worked.answer == "$35.00"
    total = ContributionMargin().solve({**p, "ask": "total"})
    assert total.gold == pytest.approx(350_000)
    assert total.answer == "$350,000.00"


def test_break_even_sales_dollars_textbook():
    # CM ratio = 20 / 50 = 40%; $100,000 / 0.40 = $250,000 (= 5,000 units × $50).
    worked = BreakEvenSalesDollars().solve({"price": 50, "variable": 30, "fixed": 100_000})
    assert worked.gold == pytest.approx(250_000)
    assert worked.answer == "$250,000.00"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.name)
def test_samples_are_varied_finite_and_schema_valid(template):
    from acctbench.schema import validate_item

    rng = random.Random(20240611)
    params = [template.sample(rng) for _ in range(300)]
    assert len({template.key(p) for p in params}) >= 150
    for p in params:
        worked = template.solve(p)
        assert math.isfinite(worked.gold)
        assert worked.steps and worked.answer
        # Parameters survive a JSON round trip unchanged in meaning.
        again = json.loads(json.dumps(p))
        assert template.solve(again).gold == worked.gold
        assert template.question(again) == template.question(p)
        assert validate_item(template.item(p, "computations")) == []
