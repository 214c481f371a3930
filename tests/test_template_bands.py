"""Numeric bands follow the question's own rounding, and every template's typical errors miss them.

For every numeric template, over many generated instances: the exact (unrounded) value and the
rounded gold fall inside the item's band, and each typical student error the template lists
(:meth:`NumericTemplate.mistakes`, the errors its docstring names) falls outside it.
"""

import json
import random
import re

import pytest

from acctbench.generators import templates
from acctbench.generators.base import NumericTemplate, rounding_band
from acctbench.generators.build import sample_items
from acctbench.schema import numeric_band
from acctbench.suites import suites

NUMERIC = templates("numeric")
DRAWS = 150
_ROUNDING_WORDS = re.compile(r"(?i)\bround|\bnearest\b|decimal place")


def _instances(template: NumericTemplate, seed: int = 14) -> list[dict]:
    """What the generator keeps: drawn instances where no typical error is graded right."""
    rng = random.Random(f"{seed}:{template.name}")
    return [p for p in (template.sample(rng) for _ in range(DRAWS)) if not template.confusable(p)]


@pytest.mark.parametrize("template", NUMERIC, ids=lambda t: t.name)
def test_template_lists_its_typical_errors(template):
    assert type(template).mistakes is not NumericTemplate.mistakes, f"{template.name}: no typical errors"
    assert (type(template).mistakes.__doc__ or type(template).__doc__ or "").strip()
    assert all(template.mistakes(p) for p in _instances(template)[:20])


@pytest.mark.parametrize("template", NUMERIC, ids=lambda t: t.name)
def test_errors_outside_the_band_exact_and_rounded_inside(template):
    kept = _instances(template)
    assert len(kept) >= 0.7 * DRAWS, f"{template.name}: the generator discards too many draws"
    for p in kept:
        gold = float(template.solve(p).gold)
        exact = template.exact(p)
        assert template.within_band(p, gold), (template.name, p)
        assert template.within_band(p, exact), (template.name, p, exact, gold)
        step = template.rounding_step(p)
        if step is not None:  # the gold is the exact value rounded to the stated step
            assert abs(gold - exact) <= step / 2 + 1e-9, (template.name, p, exact, gold)
        for why, value in template.mistakes(p).items():
            assert not template.within_band(p, value), f"{template.name}: {why} {value} graded right for {p}"


@pytest.mark.parametrize("template", NUMERIC, ids=lambda t: t.name)
def test_a_question_that_fixes_its_rounding_gets_a_rounding_band(template):
    for p in _instances(template)[:30]:
        item = template.item(p, "computations")
        if _ROUNDING_WORDS.search(item["question"]):
            step = template.rounding_step(p)
            assert step is not None, f"{template.name}: the question rounds but the item has no rounding band"
            assert item["abs_tolerance"] == pytest.approx(rounding_band(step))
            assert step / 2 <= item["abs_tolerance"] <= step  # half a step plus slack, never a full step
            if not template.keep_relative:
                assert "tolerance" not in item  # no relative band beside the rounding band


def test_confusable_instances_are_skipped_by_the_generator():
    template = next(t for t in NUMERIC if t.name == "depreciation_sum_of_years_digits")
    rng = random.Random(3)
    middle = next(p for p in (template.sample(rng) for _ in range(2000)) if 2 * p["year"] == p["life"] + 1)
    assert template.confusable(middle)  # the ascending-fraction error gives the same answer
    drawn = sample_items("numeric", "computations", seed=5, n=len(NUMERIC) * 6)
    by_name = {t.name: t for t in NUMERIC}
    assert not any(by_name[i["template"]].confusable(i["params"]) for i in drawn)


def _pinned_keys() -> set[str]:
    path = suites()["computations"].directory / "pinned.jsonl"
    by_name = {t.name: t for t in NUMERIC}
    keys = set()
    for raw in path.read_text(encoding="utf-8").splitlines():
        entry = json.loads(raw)
        keys.add(f"{entry['template']}:{by_name[entry['template']].key(entry['params'])}")
    return keys


def test_bundled_items_carry_their_band_and_no_error_passes():
    """Every committed computations item: its band is its template's, and no typical error is
    graded right, except pinned items (cited by the held-out pairs, kept as they were)."""
    by_name = {t.name: t for t in NUMERIC}
    pinned, confusable = _pinned_keys(), []
    suite = suites()["computations"]
    for split in ("test", "train"):
        for item in suite.load(split):
            template, p = by_name[item["template"]], item["params"]
            rel, absolute = numeric_band(item)
            assert (rel, absolute) == pytest.approx(template.band(p)), item["id"]
            if template.confusable(p):
                confusable.append(item["id"])
                assert split == "test" and f"{item['template']}:{template.key(p)}" in pinned, item["id"]
    assert len(confusable) <= 5, confusable
