"""Textbook checks for the allowance-for-doubtful-accounts templates."""

import json
import math
import random

import pytest

from acctbench.generators.numeric.receivables import (
    TEMPLATES,
    AgingOfReceivables,
    PercentOfReceivables,
    PercentOfSales,
)


def test_percent_of_receivables_textbook():
    # Required allowance = 200,000 × 5% = 10,000.
    # Credit balance 2,000 → expense 10,000 - 2,000 = 8,000; debit balance 2,000 → 10,000 + 2,000 = 12,000.
    p = {"receivables": 200_000, "rate": 5, "side": "credit", "existing": 2_000, "ask": "expense"}
    worked = PercentOfReceivables().solve(p)
    assert worked.gold == pytest.approx(8_000)
    assert worked.answer == "$8,000.00"
    assert PercentOfReceivables().solve({**p, "side": "debit"}).gold == pytest.approx(12_000)
    # Net realizable value = 200,000 - 10,000 = 190,000, whatever the unadjusted balance.
    nrv = PercentOfReceivables().solve({**p, "side": "debit", "ask": "net_realizable_value"})
    assert nrv.gold == pytest.approx(190_000)
    assert nrv.answer == "$190,000.00"


def test_aging_textbook():
    # 100,000×1% + 40,000×4% + 20,000×10% + 10,000×25% + 5,000×50%
    #   = 1,000 + 1,600 + 2,000 + 2,500 + 2,500 = 9,600 required;
    # debit balance of 800 → expense 9,600 + 800 = 10,400; credit balance of 800 → 8,800.
    p = {"amounts": [100_000, 40_000, 20_000, 10_000, 5_000], "rates": [1, 4, 10, 25, 50],
         "side": "debit", "existing": 800}
    worked = AgingOfReceivables().solve(p)
    assert worked.gold == pytest.approx(10_400)
    assert worked.answer == "$10,400.00"
    assert AgingOfReceivables().solve({**p, "side": "credit"}).gold == pytest.approx(8_800)


def test_percent_of_sales_textbook():
    # Credit sales = 1,000,000 - 200,000 = 800,000; × 1.5% = 12,000. The allowance balance is ignored.
    p = {"credit_sales": 800_000, "cash_sales": 200_000, "rate": 1.5, "side": "debit", "existing": 3_000}
    worked = PercentOfSales().solve(p)
    assert worked.gold == pytest.approx(12_000)
    assert worked.answer == "$12,000.00"
    assert PercentOfSales().solve({**p, "side": "credit"}).gold == worked.gold


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
