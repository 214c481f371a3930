"""Textbook checks for the year-end adjusting-entry templates."""

import json
import math
import random

import pytest

from acctbench.generators.numeric.adjustments import (
    TEMPLATES,
    AccruedInterestOnNote,
    AccruedWages,
    PrepaidExpenseUsed,
    UnearnedRevenueEarned,
)


def test_prepaid_expense_textbook():
    # Oct 1: $24,000 for a 12-month policy → $2,000 a month; Oct-Dec = 3 months → $6,000 expense,
    # $18,000 still prepaid.
    p = {"term": 12, "start": 10, "monthly": 2_000, "ask": "used", "item": "insurance"}
    worked = PrepaidExpenseUsed().solve(p)
    assert worked.gold == pytest.approx(6_000)
    assert worked.answer == "$6,000.00"
    assert "$24,000" in PrepaidExpenseUsed().question(p)
    assert PrepaidExpenseUsed().solve({**p, "ask": "remaining"}).gold == pytest.approx(18_000)


def test_unearned_revenue_textbook():
    # Sep 1: $18,000 for 12 months → $1,500 a month; Sep-Dec = 4 months → $6,000 earned, $12,000 unearned.
    p = {"term": 12, "start": 9, "monthly": 1_500, "ask": "used", "item": "consulting"}
    worked = UnearnedRevenueEarned().solve(p)
    assert worked.gold == pytest.approx(6_000)
    assert worked.answer == "$6,000.00"
    assert UnearnedRevenueEarned().solve({**p, "ask": "remaining"}).answer == "$12,000.00"


def test_accrued_interest_textbook():
    # Oct 1, $60,000, 9%, 6-month note: Oct-Dec = 3 months; 60,000 × 9% × 3/12 = $1,350.00.
    p = {"principal": 60_000, "rate": 9, "term": 6, "elapsed": 3, "side": "payable"}
    worked = AccruedInterestOnNote().solve(p)
    assert worked.gold == pytest.approx(1_350)
    assert worked.answer == "$1,350.00"
    assert "On October 1" in AccruedInterestOnNote().question(p)


def test_accrued_wages_textbook():
    # $10,000 a 5-day week, year ends on a Wednesday: Mon-Wed = 3 days; 10,000 × 3/5 = $6,000.00.
    worked = AccruedWages().solve({"weekly_payroll": 10_000, "workdays": 5, "days_accrued": 3})
    assert worked.gold == pytest.approx(6_000)
    assert worked.answer == "$6,000.00"
    # $9,000 a 6-day week (paid Saturday), year ends on a Tuesday: 9,000 × 2/6 = $3,000.00.
    p6 = {"weekly_payroll": 9_000, "workdays": 6, "days_accrued": 2}
    assert AccruedWages().solve(p6).gold == pytest.approx(3_000)
    assert "falls on a Tuesday" in AccruedWages().question(p6)


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
