"""Textbook checks for the bond templates (effective-interest method, ASC 835-30 / IFRS 9)."""

import json
import math
import random

import pytest

from acctbench.generators.numeric.bonds import (
    TEMPLATES,
    BondCarryingAfterFirstPayment,
    BondFirstAmortization,
    BondFirstInterestExpense,
    BondIssuePrice,
)

# $100,000, 5-year, 8% bonds, annual coupon, sold to yield 10% (a discount).
DISCOUNT = {"face": 100_000, "coupon_rate": 8, "market_rate": 10, "years": 5, "frequency": "annual"}
# $500,000, 10-year, 10% bonds, semiannual coupon, sold to yield 8% (a premium).
PREMIUM = {"face": 500_000, "coupon_rate": 10, "market_rate": 8, "years": 10, "frequency": "semiannual"}


def test_issue_price_discount_textbook():
    # Price = 8,000 × 3.79079 + 100,000 × 0.62092 = 30,326.29 + 62,092.13 = 92,418.43 → $92,418.
    worked = BondIssuePrice().solve(DISCOUNT)
    assert worked.gold == 92_418
    assert worked.answer == "$92,418"


def test_issue_price_premium_semiannual_textbook():
    # 20 periods at 4%: 25,000 × 13.59033 + 500,000 × 0.45639 = 339,758.16 + 228,193.47 = 567,951.63.
    worked = BondIssuePrice().solve(PREMIUM)
    assert worked.gold == 567_952
    assert worked.answer == "$567,952"
    assert "premium of $67,952" in " ".join(worked.steps)


def test_first_interest_expense_textbook():
    # Discount: 92,418 × 10% = 9,241.80.  Premium: 567,952 × 4% = 22,718.08.
    t = BondFirstInterestExpense()
    assert t.solve(DISCOUNT).gold == pytest.approx(9_241.80)
    assert t.solve(DISCOUNT).answer == "$9,241.80"
    assert t.solve(PREMIUM).gold == pytest.approx(22_718.08)
    assert "$92,418" in t.question(DISCOUNT)


def test_carrying_after_first_payment_textbook():
    # Discount: 92,418 + (9,241.80 - 8,000) = 93,659.80.
    # Premium: 567,952 - (25,000 - 22,718.08) = 567,952 - 2,281.92 = 565,670.08.
    t = BondCarryingAfterFirstPayment()
    assert t.solve(DISCOUNT).gold == pytest.approx(93_659.80)
    assert t.solve(DISCOUNT).answer == "$93,659.80"
    assert t.solve(PREMIUM).gold == pytest.approx(565_670.08)
    assert t.solve(PREMIUM).answer == "$565,670.08"


def test_first_amortization_textbook():
    # Discount amortised = 9,241.80 - 8,000 = 1,241.80; premium amortised = 25,000 - 22,718.08 = 2,281.92.
    t = BondFirstAmortization()
    assert t.solve(DISCOUNT).gold == pytest.approx(1_241.80)
    assert t.solve(DISCOUNT).answer == "$1,241.80"
    assert t.solve(PREMIUM).gold == pytest.approx(2_281.92)
    assert "bond premium" in t.question(PREMIUM)


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
