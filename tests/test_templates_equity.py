"""Textbook checks for the equity templates (basic EPS per ASC 260 / IAS 33; retained earnings)."""

import json
import math
import random

import pytest

from acctbench.generators.numeric.equity import TEMPLATES, BasicEPS, RetainedEarningsRollForward


def test_basic_eps_textbook():
    # Preferred dividends = 10,000 × $100 × 6% = $60,000 (cumulative: deducted though undeclared).
    # Weighted shares = 200,000 + 60,000 × 9/12 (issued April 1) = 245,000.
    # EPS = (1,000,000 - 60,000) / 245,000 = 3.8367 → $3.84.
    p = {"net_income": 1_000_000, "shares_begin": 200_000, "shares_issued": 60_000, "issue_month": 4,
         "pref_shares": 10_000, "pref_par": 100, "pref_rate": 6, "pref_status": "cumulative_undeclared"}
    worked = BasicEPS().solve(p)
    assert worked.gold == pytest.approx(3.84)
    assert worked.answer == "$3.84"
    assert BasicEPS().solve({**p, "pref_status": "declared"}).gold == pytest.approx(3.84)
    # Noncumulative and undeclared: nothing deducted; 1,000,000 / 245,000 = 4.0816 → $4.08.
    assert BasicEPS().solve({**p, "pref_status": "noncumulative_undeclared"}).gold == pytest.approx(4.08)


def test_retained_earnings_textbook():
    # 500,000 + 120,000 - (10,000 preferred + 30,000 common declared) = 580,000 (unpaid part irrelevant).
    p = {"beginning": 500_000, "net_income": 120_000, "preferred_div": 10_000, "common_div": 30_000,
         "unpaid": 12_000}
    worked = RetainedEarningsRollForward().solve(p)
    assert worked.gold == pytest.approx(580_000)
    assert worked.answer == "$580,000.00"
    # Net loss: 500,000 - 50,000 - 20,000 = 430,000.
    loss = {**p, "net_income": -50_000, "preferred_div": 0, "common_div": 20_000, "unpaid": 0}
    assert RetainedEarningsRollForward().solve(loss).gold == pytest.approx(430_000)
    assert "a net loss of $50,000" in RetainedEarningsRollForward().question(loss)


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
