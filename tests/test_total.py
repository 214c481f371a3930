"""``total``: the weighted combination of the scorers, its two rules, and weight validation; exact values."""

import itertools
import math

import pytest

from acctbench.rewards.total import DEFAULT_WEIGHTS, check_weights, combine, parse_weights

C, S, P, T, X = "correctness", "similarity", "principles", "terms", "xml_format"


# ---- combine: hand-computed totals ------------------------------------------------------------------
# Default weights: correctness 0.5, similarity 0.15, principles 0.15, terms 0.1, xml_format 0.1.
# content = weighted mean of the applicable non-format scorers; format counts x min(1, 2 * content);
# with correctness: share = w_c / (sum of applicable weights), total = share * c + (1 - share) * rest * (0.5 + 0.5 * c).

@pytest.mark.parametrize(
    "scores, weights, expected",
    [
        # content = (0.5 + 0.12 + 0.09 + 0.05) / 0.9 = 0.844 -> format x1; share = 0.5 / 1.0 = 0.5;
        # rest = (0.12 + 0.09 + 0.05 + 0.1) / 0.5 = 0.72; total = 0.5 + 0.5 * 0.72 * 1 = 0.86.
        pytest.param({C: 1.0, S: 0.8, P: 0.6, T: 0.5, X: 1.0}, None, 0.86, id="all applicable, correct"),
        # content = 0.26 / 0.9 = 0.28889 -> format x0.57778; rest = (0.26 + 0.057778) / 0.5 = 0.635556;
        # total = 0.5 * 0 + 0.5 * 0.635556 * 0.5 = 0.158889.
        pytest.param({C: 0.0, S: 0.8, P: 0.6, T: 0.5, X: 1.0}, None, 0.158889, id="all applicable, wrong"),
        # Text item, correctness and principles None: content = (0.12 + 0.05) / 0.25 = 0.68 -> format x1;
        # no correctness, plain weighted mean = (0.12 + 0.05 + 0.1) / 0.35 = 0.771429.
        pytest.param({C: None, S: 0.8, P: None, T: 0.5, X: 1.0}, None, 0.771429, id="None scorers drop out, rest renormalised"),
        # content = similarity = 0.2 -> format x0.4 = 0.4; total = (0.15 * 0.2 + 0.1 * 0.4) / 0.25 = 0.28.
        pytest.param({S: 0.2, X: 1.0}, None, 0.28, id="format gated by content"),
        # content = 0.6 -> 2 * 0.6 >= 1, format counts fully: (0.15 * 0.6 + 0.1 * 1) / 0.25 = 0.76.
        pytest.param({S: 0.6, X: 1.0}, None, 0.76, id="format ungated once content reaches 0.5"),
        # Only the format applies: no content at all, so format x0 -> 0.
        pytest.param({X: 1.0}, None, 0.0, id="format alone earns nothing"),
        # Gold item, no similarity/principles: share = 0.5 / 0.7 = 5/7; content = (0.25 + 0.1) / 0.6 -> format x1;
        # rest = (0.1 + 0.1) / 0.2 = 1; total = 5/7 * 0.5 + 2/7 * 1 * 0.75 = 4/7 = 0.571429.
        pytest.param({C: 0.5, S: None, P: None, T: 1.0, X: 1.0}, None, 0.571429, id="gold rule with partial correctness"),
        # Correct without tags: content = (0.5 + 0.05) / 0.6 -> x0 irrelevant; rest = (0.05 + 0) / 0.2 = 0.25;
        # total = 5/7 + 2/7 * 0.25 * 1 = 5.5/7 = 0.785714.
        pytest.param({C: 1.0, S: None, P: None, T: 0.5, X: 0.0}, None, 0.785714, id="correct without tags"),
        # Wrong in perfect tags: content = 0.05 / 0.6 = 1/12 -> format x1/6; rest = (0.05 + 0.1/6) / 0.2 = 1/3;
        # total = 2/7 * 1/3 * 0.5 = 1/21 = 0.047619.
        pytest.param({C: 0.0, S: None, P: None, T: 0.5, X: 1.0}, None, 0.047619, id="wrong in perfect tags"),
        # Only correctness applies: share = 1 and rest = correctness, so total = correctness.
        pytest.param({C: 1.0}, None, 1.0, id="correctness alone, correct"),
        pytest.param({C: 0.5, S: None}, None, 0.5, id="correctness alone, half"),
        # Nothing applicable at all.
        pytest.param({}, None, 0.0, id="no scores"),
        pytest.param({C: None, S: None, P: None, T: None, X: None}, None, 0.0, id="every scorer None"),
        # A name without a weight is ignored: the total is the correctness alone.
        pytest.param({C: 1.0, "bogus": 0.0}, None, 1.0, id="unweighted names are ignored"),
        # Custom weights c 0.6 (rest default, format 0.05): share = 0.6 / 0.75 = 0.8; rest = (0.05 + 0) / 0.15 = 1/3;
        # total = 0.8 + 0.2 * 1/3 * 1 = 0.866667.
        pytest.param({C: 1.0, S: None, P: None, T: 0.5, X: 0.0}, {**DEFAULT_WEIGHTS, C: 0.6, X: 0.05}, 0.866667,
                     id="custom weights"),
        # A partial mapping is the whole weighting: terms has no weight here and drops out; content = 1 -> format x1;
        # share = 0.6 / 0.65; rest = 1; total = 0.6/0.65 + 0.05/0.65 * 1 * 1 = 1.0.
        pytest.param({C: 1.0, T: 0.0, X: 1.0}, {C: 0.6, X: 0.05}, 1.0, id="partial weight mapping"),
        # terms weight 0: the stuffed terms value is ignored; content = correctness = 0 -> format x0; total 0.
        pytest.param({C: 0.0, S: None, P: None, T: 1.0, X: 1.0}, {**DEFAULT_WEIGHTS, T: 0.0}, 0.0, id="zero weight drops a scorer"),
        # Same scores with default weights: content = 0.1 / 0.6 = 1/6 -> format x1/3; rest = (0.1 + 0.1/3) / 0.2 = 2/3;
        # total = 2/7 * 2/3 * 0.5 = 2/21 = 0.095238.
        pytest.param({C: 0.0, S: None, P: None, T: 1.0, X: 1.0}, None, 0.095238, id="same scores, default weights"),
        # correctness weight 0: no gold rule; content = terms = 0.5 -> format x1; total = (0.05 + 0.1) / 0.2 = 0.75.
        pytest.param({C: 1.0, T: 0.5, X: 1.0}, {C: 0.0, T: 0.1, X: 0.1}, 0.75, id="zero correctness weight"),
    ],
)
def test_combine(scores, weights, expected):
    assert combine(scores, weights) == pytest.approx(expected, abs=1e-6)


def test_combine_does_not_mutate_its_inputs():
    scores = {C: 0.0, T: 0.5, X: 1.0}
    weights = dict(DEFAULT_WEIGHTS)
    combine(scores, weights)
    assert scores == {C: 0.0, T: 0.5, X: 1.0}
    assert weights == DEFAULT_WEIGHTS


# ---- documented guarantees ----------------------------------------------------------------------------

GRID = (None, 0.0, 0.5, 1.0)


def test_correct_with_imperfect_format_beats_wrong_with_perfect_format():
    # Gold items: whatever the other scorers say, a correct answer in imperfect format (xml_format < 1)
    # totals more than a wrong answer in perfect format. With default weights share >= 0.5, so
    # correct >= 0.5 while wrong <= (1 - share) * rest * 0.5 <= 0.25.
    correct = [
        combine({C: 1.0, S: s, P: p, T: t, X: x}) for s, p, t in itertools.product(GRID, repeat=3) for x in (0.0, 0.1, 0.3, 0.5)
    ]
    wrong = [combine({C: 0.0, S: s, P: p, T: t, X: 1.0}) for s, p, t in itertools.product(GRID, repeat=3)]
    assert min(correct) == pytest.approx(0.5)  # every other scorer applicable and 0: share = 0.5
    # Every other scorer 1: content = 0.4 / 0.9 (correctness 0 counts) -> format x0.8889;
    # rest = (0.4 + 0.08889) / 0.5 = 0.97778; total = 0.5 * 0.97778 * 0.5 = 0.244444.
    assert max(wrong) == pytest.approx(0.244444, abs=1e-6)
    assert min(correct) > max(wrong)


@pytest.mark.parametrize("correctness", [None, 0.0], ids=["text item", "gold item"])
def test_perfect_format_without_content_earns_at_most_0_2(correctness):
    # Perfect tags, no (or almost no) answer content: each content scorer 0 or 0.1.
    totals = [
        combine({C: correctness, S: s, P: p, T: t, X: 1.0})
        for s, p, t in itertools.product((None, 0.0, 0.1), repeat=3)
    ]
    assert max(totals) <= 0.2
    # No content at all earns exactly nothing.
    assert combine({C: correctness, S: 0.0, P: 0.0, T: 0.0, X: 1.0}) == 0.0


def test_total_stays_in_range():
    values = (None, 0.0, 0.3, 1.0)
    for combo in itertools.product(values, repeat=5):
        total = combine(dict(zip((C, S, P, T, X), combo)))
        assert 0.0 <= total <= 1.0


# ---- check_weights ---------------------------------------------------------------------------------------

def test_check_weights_returns_floats():
    assert check_weights({C: 1, T: 0.25, X: 0}) == {C: 1.0, T: 0.25, X: 0.0}
    assert all(type(v) is float for v in check_weights({C: 1, T: 2}).values())


@pytest.mark.parametrize(
    "weights, message",
    [
        pytest.param({"corectness": 1.0}, "unknown scorer 'corectness'; did you mean 'correctness'", id="typo gets a hint"),
        pytest.param({"xml_fromat": 1.0}, "did you mean 'xml_format'", id="transposition gets a hint"),
        pytest.param({"bleu": 1.0}, r"unknown scorer 'bleu' \(available: correctness, xml_format", id="unknown without hint"),
        pytest.param({C: -0.1}, "weight for 'correctness' must be a finite non-negative number, got -0.1", id="negative"),
        pytest.param({C: math.nan}, "must be a finite non-negative number, got nan", id="NaN"),
        pytest.param({C: math.inf}, "must be a finite non-negative number, got inf", id="infinity"),
        pytest.param({C: -math.inf}, "must be a finite non-negative number, got -inf", id="negative infinity"),
        pytest.param({C: "0.5"}, "must be a finite non-negative number, got '0.5'", id="string value"),
        pytest.param({C: None}, "must be a finite non-negative number, got None", id="None value"),
        pytest.param({C: 0.0, T: 0}, "at least one weight must be positive", id="all zero"),
        pytest.param({}, "at least one weight must be positive", id="empty"),
    ],
)
def test_check_weights_errors(weights, message):
    with pytest.raises(ValueError, match=message):
        check_weights(weights)


# ---- parse_weights (CLI form) --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "spec, expected",
    [
        pytest.param("", DEFAULT_WEIGHTS, id="empty spec keeps the defaults"),
        pytest.param("correctness=0.6,xml_format=0.05", {**DEFAULT_WEIGHTS, C: 0.6, X: 0.05}, id="README example"),
        pytest.param(" terms = 0.2 , ", {**DEFAULT_WEIGHTS, T: 0.2}, id="spaces and a trailing comma"),
        pytest.param("similarity=0", {**DEFAULT_WEIGHTS, S: 0.0}, id="zero switches a scorer off"),
        pytest.param("terms=1e-1", {**DEFAULT_WEIGHTS, T: 0.1}, id="exponent notation"),
        pytest.param("terms=0.2,terms=0.3", {**DEFAULT_WEIGHTS, T: 0.3}, id="the last value of a name wins"),
    ],
)
def test_parse_weights(spec, expected):
    assert parse_weights(spec) == expected


@pytest.mark.parametrize(
    "spec, message",
    [
        pytest.param("correctness", "weights must look like name=value, got 'correctness'", id="no equals sign"),
        pytest.param("correctness:0.5", "weights must look like name=value", id="colon instead of equals"),
        pytest.param("terms=abc", "weight for 'terms' is not a number: 'abc'", id="not a number"),
        pytest.param("terms=", "weight for 'terms' is not a number: ''", id="missing value"),
        pytest.param("corectness=1", "did you mean 'correctness'", id="typo in the name"),
        pytest.param("=1", "unknown scorer ''", id="missing name"),
        pytest.param("terms=-1", "must be a finite non-negative number, got -1.0", id="negative"),
        pytest.param("terms=nan", "must be a finite non-negative number, got nan", id="nan"),
        pytest.param("terms=inf", "must be a finite non-negative number, got inf", id="inf"),
        pytest.param("correctness=0,similarity=0,principles=0,terms=0,xml_format=0", "at least one weight must be positive",
                     id="all zero"),
    ],
)
def test_parse_weights_errors(spec, message):
    with pytest.raises(ValueError, match=message):
        parse_weights(spec)
