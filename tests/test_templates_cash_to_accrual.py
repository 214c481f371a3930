"""Textbook checks for the cash-to-accrual conversion templates."""

import json
import math
import random

import pytest

from acctbench.generators.numeric.cash_to_accrual import TEMPLATES, AccrualExpense, AccrualRevenue


def test_accrual_revenue_textbook():
    # Cash 500,000 + AR increase (40,000 → 55,000) 15,000 + unearned decrease (10,000 → 6,000) 4,000
    #   = 519,000.
    p = {"cash": 500_000, "ar_begin": 40_000, "ar_end": 55_000, "ur_begin": 10_000, "ur_end": 6_000,
         "kind": "service"}
    worked = AccrualRevenue().solve(p)
    assert worked.gold == pytest.approx(519_000)
    assert worked.answer == "$519,000.00"
    # Reversed changes: 500,000 - 15,000 - 4,000 = 481,000.
    rev = {**p, "ar_begin": 55_000, "ar_end": 40_000, "ur_begin": 6_000, "ur_end": 10_000}
    assert AccrualRevenue().solve(rev).gold == pytest.approx(481_000)


def test_accrual_expense_textbook():
    # Cash 90,000 + payable increase (5,000 → 8,000) 3,000 + prepaid decrease (12,000 → 9,000) 3,000
    #   = 96,000.
    p = {"cash": 90_000, "payable_begin": 5_000, "payable_end": 8_000, "prepaid_begin": 12_000,
         "prepaid_end": 9_000, "kind": "rent"}
    worked = AccrualExpense().solve(p)
    assert worked.gold == pytest.approx(96_000)
    assert worked.answer == "$96,000.00"
    # Prepaid increase instead (12,000 → 15,000): 90,000 + 3,000 - 3,000 = 90,000.
    assert AccrualExpense().solve({**p, "prepaid_end": 15_000}).gold == pytest.approx(90_000)


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
