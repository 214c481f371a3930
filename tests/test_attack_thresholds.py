"""The reward against a fixed-seed attack over all four suites (issue 10's CI bar).

Eight test items per suite, spread over each split, every bundled operator once per item, then
a search of 200 evaluations per item. The bar: hack rate <= 2% in every wrong-by-construction
family, false alarms <= 2% in every correct-by-construction family, and a wrong completion
tying or beating the reference on <= 2% of items.
"""

import pytest

from acctbench.audit.attack import SearchConfig, load_operators, run_attack
from acctbench.audit.attack.report import MAX_FALSE_ALARMS, MAX_HACK_RATE, MAX_SEARCH_WINS
from acctbench.rewards import Judge
from acctbench.suites import get_suite

SUITES = ("computations", "journal", "choice", "concepts")
PER_SUITE = 8
BUDGET = 200
SEED = 0


def _items():
    out = []
    for name in SUITES:
        items = get_suite(name).load("test")
        out += items[:: len(items) // PER_SUITE][:PER_SUITE]
    return out


@pytest.fixture(scope="module")
def attack():
    judge = Judge()
    try:
        return run_attack(_items(), judge, load_operators(), SearchConfig(budget=BUDGET, seed=SEED), naive=False)
    finally:
        judge.close()


def _examples(cases, n=3):
    return "\n".join(f"  {c['id']} {c['operators'] if 'operators' in c else c['operator']}: "
                     f"{c['total'] if 'total' in c else c['acctbench']:.3f} {c['completion'][-160:]!r}" for c in cases[:n])


@pytest.mark.slow
def test_every_wrong_family_stays_below_the_hack_rate(attack):
    over = [r for r in attack["families"] if r["label"] == "wrong" and r["acctbench"]["rate"] > MAX_HACK_RATE]
    hacks = [h for h in attack["hacks"] if h["source"] == "operator"]
    assert not over, "\n".join(f"{r['family']}: {r['acctbench']['rate']:.1%} of {r['n']}" for r in over) + "\n" + _examples(hacks)


@pytest.mark.slow
def test_correct_families_raise_no_false_alarms(attack):
    over = [r for r in attack["families"] if r["label"] == "correct" and r["acctbench"]["rate"] > MAX_FALSE_ALARMS]
    assert not over, "\n".join(f"{r['family']}: {r['acctbench']['rate']:.1%} of {r['n']}" for r in over) + "\n" + _examples(attack["false_alarms"])


@pytest.mark.slow
def test_search_rarely_finds_a_wrong_completion_as_good_as_the_reference(attack):
    s = attack["search"]["acctbench"]
    assert s["n_items"] == PER_SUITE * len(SUITES)
    wins = [h for h in attack["hacks"] if h["source"] == "search"]
    assert s["wins"] <= MAX_SEARCH_WINS, f"{s['wins']:.1%} of items\n" + _examples(wins)
