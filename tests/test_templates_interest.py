"""Textbook checks for the time-value-of-money templates."""

import json
import math
import random

import pytest

from acctbench.generators.numeric.interest import (
    TEMPLATES,
    CompoundFutureValue,
    PresentValueLumpSum,
    PresentValueOrdinaryAnnuity,
    SimpleInterest,
)


def test_simple_interest_textbook():
    # $50,000 × 6% × 9/12 = $2,250.00.
    p = {"principal": 50_000, "rate": 6, "months": 9, "context": "loan"}
    worked = SimpleInterest().solve(p)
    assert worked.gold == pytest.approx(2_250)
    assert worked.answer == "$2,250.00"
    assert SimpleInterest().key(p) == SimpleInterest().key({**p, "context": "deposit"})


def test_compound_future_value_textbook():
    # $10,000 at 8% compounded quarterly for 5 years: i = 2%, n = 20, (1.02)^20 = 1.485947 → $14,859.47.
    p = {"principal": 10_000, "rate": 8, "years": 5, "compounding": "quarterly", "ask": "future_value"}
    worked = CompoundFutureValue().solve(p)
    assert worked.gold == pytest.approx(14_859.47)
    assert worked.answer == "$14,859.47"
    # Interest earned = 14,859.47 - 10,000 = 4,859.47.
    interest = CompoundFutureValue().solve({**p, "ask": "interest"})
    assert interest.gold == pytest.approx(4_859.47)
    assert interest.answer == "$4,859.47"


def test_present_value_lump_sum_textbook():
    # $100,000 in 5 years at 10% compounded annually: 100,000 × 0.62092 = $62,092.13.
    p = {"future": 100_000, "rate": 10, "years": 5, "compounding": "annually"}
    worked = PresentValueLumpSum().solve(p)
    assert worked.gold == pytest.approx(62_092.13)
    assert worked.answer == "$62,092.13"


def test_present_value_annuity_textbook():
    # $10,000 at the end of each year for 5 years at 8%: 10,000 × 3.99271 = $39,927.10.
    p = {"payment": 10_000, "rate": 8, "payments": 5, "frequency": "annual", "context": "note"}
    worked = PresentValueOrdinaryAnnuity().solve(p)
    assert worked.gold == pytest.approx(39_927.10)
    assert worked.answer == "$39,927.10"
    # Semiannual: $5,000 every six months, 10 payments at 8% a year (4% a period):
    # 5,000 × 8.11090 = 40,554.48.
    semi_p = {**p, "payment": 5_000, "payments": 10, "frequency": "semiannual"}
    semi = PresentValueOrdinaryAnnuity().solve(semi_p)
    assert semi.gold == pytest.approx(40_554.48)


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
