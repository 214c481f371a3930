"""Properties every ``problems`` template must have, over many seeds, and the suite it builds.

Hand-worked textbook examples live in ``test_templates_problems_cases.py``.
"""

import json
import math
import random
import re
from collections import Counter

import pytest

from acctbench.generators import templates
from acctbench.generators.base import rounding_band
from acctbench.generators.problems._common import NumericProblem, round_to
from acctbench.rewards.correctness.journal import score_entry
from acctbench.rewards.correctness.journal_parse import parse_journal
from acctbench.schema import numeric_band, validate_item
from acctbench.suites import get_suite

TEMPLATES = templates("problems")
NUMERIC = [t for t in TEMPLATES if isinstance(t, NumericProblem)]
JOURNAL = [t for t in TEMPLATES if t.type == "journal"]
SEEDS = 300


def instances(template, n=SEEDS, seed=1414):
    rng = random.Random(f"{template.name}:{seed}")
    return [template.sample(rng) for _ in range(n)]


def test_at_least_25_templates_most_numeric_some_journal():
    assert len(TEMPLATES) >= 25
    assert len(NUMERIC) >= 20 and len(JOURNAL) >= 1


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.name)
def test_items_valid_varied_and_multi_step(template):
    params = instances(template)
    assert len({template.key(p) for p in params}) >= 0.9 * SEEDS
    for p in params:
        item = template.item(p, "problems")
        assert validate_item(item) == [], (item["id"], validate_item(item))
        assert item["steps"] >= 4, (item["id"], item["steps"])
        assert item["category"] == template.name and item["difficulty"] in ("medium", "hard")
        assert item["reference"]["answer"] and len(item["reference"]["reasoning"]) > 100
        again = json.loads(json.dumps(p))  # parameters survive JSON unchanged in meaning
        assert template.question(again) == item["question"] and template.solve(again).gold == item["gold"]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.name)
def test_three_wordings_read_differently(template):
    p = instances(template, n=1)[0]
    texts = {template.question({**p, "wording": w}) for w in range(template.wordings)}
    assert template.wordings >= 3 and len(texts) == template.wordings
    digits = {re.sub(r"\d", "#", t) for t in texts}
    assert len(digits) == template.wordings


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.name)
def test_docstring_lists_the_typical_errors(template):
    doc = " ".join((type(template).__doc__ or "").split())
    assert "Typical errors" in doc, template.name
    assert len(template.mistakes(instances(template, n=1)[0])) >= 2


@pytest.mark.parametrize("template", NUMERIC, ids=lambda t: t.name)
def test_errors_outside_the_band_exact_and_rounded_gold_inside(template):
    for p in instances(template):
        item = template.item(p, "problems")
        rel, band = numeric_band(item)
        assert rel == 0 and band == pytest.approx(rounding_band(template.rounding))
        gold, exact = item["gold"], template.exact(p)
        assert abs(exact - gold) <= band, (item["id"], exact, gold)  # the unrounded answer passes
        assert round_to(exact, template.rounding) == pytest.approx(gold), item["id"]  # gold is the stated rounding
        for name, wrong in template.mistakes(p).items():
            assert math.isfinite(wrong) and abs(wrong - gold) > band, (item["id"], name, wrong, gold)


@pytest.mark.parametrize("template", JOURNAL, ids=lambda t: t.name)
def test_journal_errors_are_not_graded_right(template):
    for p in instances(template, n=60):
        item = template.item(p, "problems")
        assert score_entry(item["gold"], parse_journal(item["reference"]["answer"])).value == 1.0
        for name, wrong in template.mistakes(p).items():
            verdict = score_entry(item["gold"], parse_journal("\n".join(
                f"{'Dr' if 'debit' in ln else 'Cr'} {ln['account']} {ln.get('debit', ln.get('credit'))}"
                for ln in wrong)))
            assert verdict.value < 1.0, (item["id"], name)


def test_suite_counts_steps_and_companies():
    suite = get_suite("problems")
    test, train = suite.load("test"), suite.load("train")
    assert len(test) >= 200 and len(train) >= 1000
    assert {i["template"] for i in test} == {t.name for t in TEMPLATES}
    assert all(i["steps"] >= 4 for i in test + train)
    companies = Counter(i["params"]["company"] for i in test)
    assert max(companies.values()) == 1, companies.most_common(3)
    numeric = [i for i in test + train if i["type"] == "numeric"]
    assert all("abs_tolerance" in i and "tolerance" not in i for i in numeric)


def test_reference_answers_all_graded_right():
    from acctbench.prompt import reference_completion
    from acctbench.rewards import Judge

    items = get_suite("problems").load("test") + get_suite("problems").load("train")
    judged = Judge(["correctness"]).score_batch(items, [reference_completion(i) for i in items])
    wrong = [(i["id"], j.scores["correctness"].explanation) for i, j in zip(items, judged)
             if j.scores["correctness"].value != 1.0]
    assert not wrong, wrong[:3]


@pytest.mark.slow
def test_oracle_near_top_retrieval_far_below():
    """All scorers on the whole test split: the reference scores >= 0.9, the nearest train answer far less."""
    from acctbench.models.base import GenerationConfig, Request
    from acctbench.models.baselines import RetrievalBackend
    from acctbench.prompt import reference_completion
    from acctbench.rewards import Judge

    items = get_suite("problems").load("test")
    judge = Judge()
    oracle = [j.total for j in judge.score_batch(items, [reference_completion(i) for i in items])]
    found = RetrievalBackend().generate([Request(i, 0, []) for i in items], GenerationConfig())
    retrieval = [j.total for j in judge.score_batch(items, [g.text for g in found])]
    oracle_mean, retrieval_mean = sum(oracle) / len(oracle), sum(retrieval) / len(retrieval)
    assert oracle_mean >= 0.9, oracle_mean
    assert retrieval_mean < oracle_mean - 0.5, (oracle_mean, retrieval_mean)
