"""Textbook checks for the depreciation templates: each solved against a hand-worked example."""

import math
import random

import pytest

from acctbench.generators.numeric.depreciation import (
    TEMPLATES,
    DoubleDecliningDepreciation,
    PartialYearStraightLine,
    StraightLineDepreciation,
    SumOfYearsDigitsDepreciation,
    UnitsOfProductionDepreciation,
    ddb_schedule,
)


def test_straight_line_textbook():
    # Cost $50,000, salvage $5,000, 5 years: (50,000 - 5,000) / 5 = $9,000 a year.
    worked = StraightLineDepreciation().solve({"cost": 50_000, "salvage": 5_000, "life": 5})
    assert worked.gold == pytest.approx(9_000)
    assert worked.answer == "$9,000.00"


def test_straight_line_item_is_schema_valid():
    from acctbench.schema import validate_item

    t = StraightLineDepreciation()
    item = t.item(t.sample(random.Random(0)), suite="computations")
    assert validate_item(item) == []


# ---- accelerated, activity and partial-year methods -------------------------------------------


def _ddb(year: int, cost: int = 10_000, salvage: int = 1_000, life: int = 5):
    p = {"cost": cost, "salvage": salvage, "life": life, "year": year, "asset": "equipment"}
    return DoubleDecliningDepreciation().solve(p)


def test_double_declining_textbook_year_3():
    # Cost 10,000, salvage 1,000, 5 years, rate 2/5 = 40%:
    # yr1 40% x 10,000 = 4,000 (BV 6,000); yr2 40% x 6,000 = 2,400 (BV 3,600);
    # yr3 40% x 3,600 = 1,440 (BV 2,160).
    worked = _ddb(3)
    assert worked.gold == 1_440.00
    assert worked.answer == "$1,440.00"


def test_double_declining_stops_at_salvage():
    # Continuing: yr4 40% x 2,160 = 864 (BV 1,296); yr5 40% x 1,296 = 518.40 would take BV to
    # 777.60 < salvage 1,000, so yr5 is limited to 1,296 - 1,000 = 296.
    worked = _ddb(5)
    assert worked.gold == 296.00
    assert worked.answer == "$296.00"
    assert "limited to book value minus salvage" in " ".join(worked.steps)


def test_double_declining_rounds_each_year_to_cents():
    # Cost 9,000, no salvage, 3 years, rate 2/3: yr1 6,000 (BV 3,000); yr2 2,000 (BV 1,000);
    # yr3 2/3 x 1,000 = 666.666... -> 666.67.
    worked = _ddb(3, cost=9_000, salvage=0, life=3)
    assert worked.gold == 666.67
    assert worked.answer == "$666.67"


def test_double_declining_schedule_never_below_salvage():
    # Cost 10,000, salvage 2,000, 4 years, rate 50%: 5,000 (BV 5,000), 2,500 (BV 2,500),
    # then 50% x 2,500 = 1,250 is capped at 2,500 - 2,000 = 500, and year 4 is 0.
    assert [row[1] for row in ddb_schedule(10_000, 2_000, 4)] == [5_000, 2_500, 500, 0]


def test_sum_of_years_digits_textbook():
    # Cost 50,000, salvage 5,000, 5 years: SYD = 5 x 6 / 2 = 15; year 2 = 45,000 x 4/15 = 12,000.
    p = {"cost": 50_000, "salvage": 5_000, "life": 5, "year": 2, "asset": "equipment"}
    worked = SumOfYearsDigitsDepreciation().solve(p)
    assert worked.gold == 12_000.00
    assert worked.answer == "$12,000.00"


def test_sum_of_years_digits_rounds_to_cents():
    # Cost 10,000, no salvage, 7 years: SYD = 28; year 3 = 10,000 x 5/28 = 1,785.714... -> 1,785.71.
    p = {"cost": 10_000, "salvage": 0, "life": 7, "year": 3, "asset": "equipment"}
    worked = SumOfYearsDigitsDepreciation().solve(p)
    assert worked.gold == 1_785.71
    assert worked.answer == "$1,785.71"


def test_units_of_production_textbook():
    # Cost 100,000, salvage 10,000, 450,000 units: rate 90,000 / 450,000 = $0.20 a unit;
    # 60,000 units produced -> 60,000 x 0.20 = 12,000.
    p = {"cost": 100_000, "salvage": 10_000, "total": 450_000, "used": 60_000, "activity": 1}
    worked = UnitsOfProductionDepreciation().solve(p)
    assert worked.gold == 12_000.00
    assert worked.answer == "$12,000.00"


def test_units_of_production_unrounded_rate():
    # Truck: cost 50,000, salvage 5,000, 135,000 miles: rate 45,000 / 135,000 = $0.3333... a mile;
    # 20,000 miles -> 45,000 x 20,000 / 135,000 = 6,666.666... -> 6,666.67.
    p = {"cost": 50_000, "salvage": 5_000, "total": 135_000, "used": 20_000, "activity": 0}
    worked = UnitsOfProductionDepreciation().solve(p)
    assert worked.gold == 6_666.67
    assert worked.answer == "$6,666.67"


def test_partial_year_calendar_year():
    # Cost 36,000, salvage 6,000, 5 years: annual 30,000 / 5 = 6,000; bought April 1 with a
    # December 31 year end -> 9 months: 6,000 x 9/12 = 4,500.
    p = {"cost": 36_000, "salvage": 6_000, "life": 5, "start_month": 4, "year_end_month": 12,
         "asset": "equipment"}
    worked = PartialYearStraightLine().solve(p)
    assert worked.gold == 4_500.00
    assert worked.answer == "$4,500.00"


def test_partial_year_fiscal_year_wraps():
    # Cost 50,000, salvage 2,000, 8 years: annual 48,000 / 8 = 6,000; fiscal year ends
    # September 30, bought February 1 -> February..September = 8 months: 6,000 x 8/12 = 4,000.
    p = {"cost": 50_000, "salvage": 2_000, "life": 8, "start_month": 2, "year_end_month": 9,
         "asset": "equipment"}
    worked = PartialYearStraightLine().solve(p)
    assert worked.gold == 4_000.00
    assert worked.answer == "$4,000.00"
    # A June 30 year end with an October 1 purchase spans October..June = 9 months.
    p.update(start_month=10, year_end_month=6)
    assert PartialYearStraightLine().solve(p).gold == 4_500.00


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.name)
def test_depreciation_template_sampling(template):
    from acctbench.schema import validate_item

    rng = random.Random(20240601)
    params = [template.sample(rng) for _ in range(300)]
    assert len({template.key(p) for p in params}) >= 150
    for p in params:
        item = template.item(p, "computations")
        assert math.isfinite(item["gold"]) and item["gold"] > 0
        assert validate_item(item) == []
