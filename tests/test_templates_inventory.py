"""Textbook checks for the periodic inventory cost-flow templates."""

import math
import random

import pytest

from acctbench.generators.numeric.inventory import (
    TEMPLATES,
    FifoCogs,
    FifoEndingInventory,
    LifoCogs,
    LifoEndingInventory,
    WeightedAverageCogs,
    WeightedAverageEndingInventory,
)

# Beginning 100 @ $10, purchases 200 @ $12 and 300 @ $14; 450 units sold, 150 left.
# Goods available: 1,000 + 2,400 + 4,200 = 7,600 for 600 units.
BASIC = {"layers": [[100, 10.0], [200, 12.0], [300, 14.0]], "sold": 450,
         "dates": ["March 3", "August 19"], "company": "Cedar Hardware", "product": "widgets"}

# Beginning 200 @ $5.00, purchases 300 @ $5.50, 400 @ $6.00, 100 @ $6.50; 750 sold, 250 left.
THREE = {"layers": [[200, 5.0], [300, 5.5], [400, 6.0], [100, 6.5]], "sold": 750,
         "dates": ["March 3", "June 10", "September 21"], "company": "Cedar Hardware",
         "product": "widgets"}

# Beginning 100 @ $10.00, purchases 200 @ $11.00 and 300 @ $12.50: 1,000 + 2,200 + 3,750 = 6,950
# for 600 units, an average of $11.5833...; 400 sold, 200 left.
ODD_AVERAGE = {"layers": [[100, 10.0], [200, 11.0], [300, 12.5]], "sold": 400,
               "dates": ["March 3", "August 19"], "company": "Cedar Hardware", "product": "widgets"}


def _check(template, params, gold, answer):
    worked = template.solve(params)
    assert worked.gold == gold
    assert worked.answer == answer


def test_fifo_cogs_textbook():
    # Oldest first: 100 x 10 + 200 x 12 + 150 x 14 = 1,000 + 2,400 + 2,100 = 5,500.
    _check(FifoCogs(), BASIC, 5_500.00, "$5,500.00")


def test_fifo_cogs_three_purchases():
    # 200 x 5.00 + 300 x 5.50 + 250 x 6.00 = 1,000 + 1,650 + 1,500 = 4,150.
    _check(FifoCogs(), THREE, 4_150.00, "$4,150.00")


def test_lifo_cogs_textbook():
    # Periodic LIFO takes the latest layers of the year: 300 x 14 + 150 x 12 = 4,200 + 1,800 = 6,000.
    _check(LifoCogs(), BASIC, 6_000.00, "$6,000.00")


def test_lifo_cogs_three_purchases():
    # 100 x 6.50 + 400 x 6.00 + 250 x 5.50 = 650 + 2,400 + 1,375 = 4,425.
    _check(LifoCogs(), THREE, 4_425.00, "$4,425.00")


def test_weighted_average_cogs_textbook():
    # 7,600 / 600 = 12.6667 a unit; 450 x 7,600 / 600 = 5,700.
    _check(WeightedAverageCogs(), BASIC, 5_700.00, "$5,700.00")


def test_weighted_average_cogs_unrounded_unit_cost():
    # 400 x 6,950 / 600 = 4,633.333... -> 4,633.33 (not 400 x 11.58 = 4,632.00).
    _check(WeightedAverageCogs(), ODD_AVERAGE, 4_633.33, "$4,633.33")


def test_fifo_ending_inventory_textbook():
    # The 150 units left come from the latest purchase: 150 x 14 = 2,100 (= 7,600 - 5,500).
    _check(FifoEndingInventory(), BASIC, 2_100.00, "$2,100.00")


def test_lifo_ending_inventory_textbook():
    # The 150 units left are the oldest: 100 x 10 + 50 x 12 = 1,000 + 600 = 1,600 (= 7,600 - 6,000).
    _check(LifoEndingInventory(), BASIC, 1_600.00, "$1,600.00")


def test_weighted_average_ending_inventory_textbook():
    # 150 x 7,600 / 600 = 1,900; with the odd average 200 x 6,950 / 600 = 2,316.666... -> 2,316.67.
    _check(WeightedAverageEndingInventory(), BASIC, 1_900.00, "$1,900.00")
    _check(WeightedAverageEndingInventory(), ODD_AVERAGE, 2_316.67, "$2,316.67")


def test_cogs_plus_ending_equals_goods_available():
    for cogs, ending in ((FifoCogs(), FifoEndingInventory()), (LifoCogs(), LifoEndingInventory())):
        for params in (BASIC, THREE):
            total = sum(u * c for u, c in params["layers"])
            assert cogs.solve(params).gold + ending.solve(params).gold == pytest.approx(total)


def test_question_states_the_system_and_method():
    question = LifoCogs().question(BASIC)
    assert "periodic inventory system" in question
    assert "last-in, first-out (LIFO)" in question
    assert "rounded to two decimal places" in question


def test_wording_does_not_change_identity():
    other = dict(BASIC, company="Alder Outfitters", product="desk lamps", dates=["May 2", "July 9"])
    assert FifoCogs().key(BASIC) == FifoCogs().key(other)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.name)
def test_inventory_template_sampling(template):
    from acctbench.schema import validate_item

    rng = random.Random(20240602)
    params = [template.sample(rng) for _ in range(300)]
    assert len({template.key(p) for p in params}) >= 150
    for p in params:
        units = sum(u for u, _ in p["layers"])
        assert p["layers"][0][0] < p["sold"] < units  # sales reach past the beginning inventory
        item = template.item(p, "computations")
        assert math.isfinite(item["gold"]) and item["gold"] > 0
        assert validate_item(item) == []
