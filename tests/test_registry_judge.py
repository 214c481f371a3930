"""The scorer registry, its error guards, and ``Judge``: names, options, totals, batching and worker processes."""

import logging

import pytest

from acctbench.prompt import reference_completion
from acctbench.rewards import SCORER_NAMES, Judge, Judgement, Score, get_scorer
from acctbench.rewards.parsing import parse
from acctbench.rewards.registry import FunctionScorer, check_names, guarded, score_batch_guarded
from acctbench.rewards.total import combine
from acctbench.suites import suites
from tests.test_terms import DEPRECIATION

LEXICAL = [n for n in SCORER_NAMES if n not in ("similarity", "reference_match")]  # no embedding model is loaded in this file

# Straight-line depreciation (IAS 16.62, ASC 360-10-35): (50,000 - 5,000) / 5 = 9,000 a year.
NUMERIC = {**DEPRECIATION, "id": "dep-1", "tolerance": 0.001}
RIGHT = (
    "<reasoning>Straight-line depreciation spreads the cost less the residual value evenly over the useful life: "
    "(50,000 - 5,000) / 5 = 9,000 a year.</reasoning>\n<answer>$9,000</answer>"
)
WRONG = RIGHT.replace("$9,000</answer>", "$10,000</answer>")  # forgot the residual value: 50,000 / 5


@pytest.fixture(scope="module")
def judge():
    judge = Judge(LEXICAL)
    yield judge
    judge.close()


@pytest.fixture(scope="module")
def batch():
    """128 bundled test items (32 per suite) with varied completions: reference, untagged, truncated, chat, wrong."""
    items = [item for name in sorted(suites()) for item in suites()[name].load("test")[:32]]
    completions = []
    for i, item in enumerate(items):
        ref = reference_completion(item)
        variant = i % 5
        if variant == 1:
            ref = parse(ref).answer or ""  # the answer without tags
        elif variant == 2:
            ref = ref[: len(ref) // 2]  # truncated mid-way
        elif variant == 3:
            ref = [{"role": "user", "content": item["question"]}, {"role": "assistant", "content": ref}]
        elif variant == 4:
            ref = "<reasoning>I am not sure.</reasoning><answer>42</answer>"
        completions.append(ref)
    return items, completions


# ---- registry -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", LEXICAL)
def test_get_scorer_builds_each_lexical_scorer(name):
    scorer = get_scorer(name)
    assert scorer.name == name
    [score] = scorer.score_batch([NUMERIC], [parse(RIGHT)])
    assert isinstance(score, Score)
    assert score.value is None or 0.0 <= score.value <= 1.0
    assert "scorer error" not in score.explanation


@pytest.mark.parametrize(
    "name, expected",
    [
        pytest.param("correctness", 1.0, id="correctness: 9,000 is the gold"),
        pytest.param("xml_format", 1.0, id="xml_format: exact contract"),
        pytest.param("terms", 1.0, id="terms: depreciation, residual value, useful life"),
    ],
)
def test_get_scorer_values(name, expected):
    assert get_scorer(name).score_batch([NUMERIC], [parse(RIGHT)])[0].value == expected


def test_get_scorer_similarity_takes_options_without_loading_the_model():
    scorer = get_scorer("similarity", model="some/other-model", use_reasoning=True, batch_size=8, device="cpu")
    assert (scorer.name, scorer.model_name, scorer.use_reasoning, scorer.batch_size, scorer.device) == (
        "similarity", "some/other-model", True, 8, "cpu"
    )
    assert scorer._model is None  # loaded on first use only


@pytest.mark.parametrize(
    "name, message",
    [
        pytest.param("corectness", "unknown scorer 'corectness'; did you mean 'correctness'", id="typo"),
        pytest.param("similiarity", "did you mean 'similarity'", id="typo in similarity"),
        pytest.param("xml_fromat", "did you mean 'xml_format'", id="transposed letters"),
        pytest.param("bleu", r"unknown scorer 'bleu' \(available: correctness, xml_format, terms, principles, similarity, reference_match, judge\)",
                     id="no close name: lists the available ones"),
        pytest.param("total", "unknown scorer 'total'", id="total is not a scorer"),
    ],
)
def test_unknown_names(name, message):
    with pytest.raises(ValueError, match=message):
        get_scorer(name)
    with pytest.raises(ValueError, match=message):
        check_names(["terms", name])


@pytest.mark.parametrize("name", LEXICAL)
def test_options_rejected_for_scorers_that_take_none(name):
    with pytest.raises(ValueError, match=rf"scorer '{name}' takes no options, got \['model'\]"):
        get_scorer(name, model="x")


def test_check_names_returns_the_names_in_order():
    assert check_names(["terms", "correctness"]) == ["terms", "correctness"]


# ---- guards ---------------------------------------------------------------------------------------------

class _Boom(Exception):
    pass


def _explode(*_args):
    raise _Boom("lexicon missing")


class _BrokenBatch:
    """A scorer whose whole batch fails (e.g. an embedding model that cannot load)."""

    name = "broken"

    def score_batch(self, items, parsed):
        raise RuntimeError("model not found")


def test_guarded_passes_a_score_through():
    score = Score(0.5, "half")
    assert guarded("fake", lambda: score) is score


def test_guarded_turns_an_exception_into_a_zero_score(caplog):
    with caplog.at_level(logging.ERROR, logger="acctbench.rewards.registry"):
        score = guarded("fake", _explode)
    assert score == Score(0.0, "scorer error: _Boom: lexicon missing", metadata={"status": "error"})
    assert "scorer fake failed" in caplog.text


def test_guarded_explanation_is_capped_at_300_characters():
    def long_error():
        raise ValueError("x" * 1000)

    score = guarded("fake", long_error)
    assert score.value == 0.0
    assert len(score.explanation) == 300
    assert score.explanation.startswith("scorer error: ValueError: xxx")


def test_score_batch_guarded_on_a_failing_batch():
    scores = score_batch_guarded(_BrokenBatch(), [NUMERIC, NUMERIC, NUMERIC], [parse(RIGHT)] * 3)
    assert scores == [Score(0.0, "scorer error: RuntimeError: model not found", metadata={"status": "error"})] * 3


def test_score_batch_guarded_passes_a_working_batch_through():
    scores = score_batch_guarded(get_scorer("xml_format"), [NUMERIC, NUMERIC], [parse(RIGHT), parse("no tags")])
    assert [s.value for s in scores] == [1.0, 0.0]


def test_function_scorer_isolates_a_failing_row():
    def fragile(item, parsed):
        if parsed.answer == "$10,000":
            raise _Boom("bad row")
        return Score(1.0, "fine")

    scores = FunctionScorer("fragile", fragile).score_batch([NUMERIC] * 3, [parse(RIGHT), parse(WRONG), parse(RIGHT)])
    assert [s.value for s in scores] == [1.0, 0.0, 1.0]
    assert scores[1].explanation == "scorer error: _Boom: bad row"


def test_judge_survives_a_failing_scorer():
    judge = Judge(["correctness", "xml_format", "terms"])
    judge.scorers["terms"] = FunctionScorer("terms", _explode)
    judgement = judge.score(NUMERIC, RIGHT)
    assert judgement.scores["terms"] == Score(0.0, "scorer error: _Boom: lexicon missing", metadata={"status": "error"})
    # terms counts as 0 (an error is never "not applicable", or a crash would be a hack).
    assert 0.5 < judgement.total < 1.0


# ---- Judge ------------------------------------------------------------------------------------------------

def test_lexical_judge_config(judge):
    assert judge.config() == {
        "scorers": ["correctness", "xml_format", "terms", "principles"],
        "weights": {"correctness": 0.5, "xml_format": 0.1, "terms": 0.1, "principles": 0.15},
        "similarity_model": None,
        "use_reasoning": None,
        "similarity_backend": None,
        "reasoning": "strip",
    }


def test_config_with_similarity_and_custom_weights():
    judge = Judge(["correctness", "similarity"], weights={"similarity": 0.3}, similarity_model="my/model", use_reasoning=True)
    assert judge.config() == {
        "scorers": ["correctness", "similarity"],
        "weights": {"correctness": 0.5, "similarity": 0.3},
        "similarity_model": "my/model",
        "use_reasoning": True,
        "similarity_backend": "auto",
        "reasoning": "strip",
    }


def test_weights_for_scorers_not_selected_are_ignored():
    # The TRL adapter passes one weights mapping to every reward function, whichever scorers it runs.
    assert Judge(["correctness"], weights={"terms": 0.2}).weights == {"correctness": 0.5}


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        pytest.param({"names": ["corectness"]}, ValueError, "did you mean 'correctness'", id="unknown scorer name"),
        # A misspelt weight must not be silently dropped: it would train with weights the user did not ask for.
        pytest.param({"names": LEXICAL, "weights": {"corectness": 0.9}}, ValueError, "did you mean 'correctness'",
                     id="unknown weight name"),
        pytest.param({"names": LEXICAL, "weights": {"terms": -1.0}}, ValueError, "finite non-negative", id="negative weight"),
        pytest.param({"names": ["xml_format"], "weights": {"xml_format": 0.0}}, ValueError, "at least one weight must be positive",
                     id="all selected weights zero"),
        pytest.param({"names": LEXICAL, "workers": 0}, ValueError, "workers must be at least 1, got 0", id="zero workers"),
        pytest.param({"names": LEXICAL, "workers": -2}, ValueError, "workers must be at least 1, got -2", id="negative workers"),
    ],
)
def test_judge_rejects_bad_configuration(kwargs, error, message):
    with pytest.raises(error, match=message):
        Judge(**kwargs)


@pytest.mark.parametrize(
    "completion, values, total",
    [
        # correctness 1, format 1, terms 3/3, principles 1 (depreciation allocation, derived from the item): 1.0.
        pytest.param(RIGHT, {"correctness": 1.0, "xml_format": 1.0, "terms": 1.0, "principles": 1.0}, 1.0, id="right"),
        # Wrong number, same (sound) reasoning. Weights c 0.5, x 0.1, t 0.1, p 0.15: content = 0.25 / 0.75 = 1/3
        # -> format x2/3; share = 0.5 / 0.85; rest = (0.1 * 2/3 + 0.1 + 0.15) / 0.35 = 0.904762;
        # total = 0.35/0.85 * 0.904762 * 0.5 = 0.186275.
        pytest.param(WRONG, {"correctness": 0.0, "xml_format": 1.0, "terms": 1.0, "principles": 1.0}, 0.186275, id="wrong"),
    ],
)
def test_judgement_values_and_total(judge, completion, values, total):
    judgement = judge.score(NUMERIC, completion)
    assert judgement.values() == values
    assert judgement.total == pytest.approx(total, abs=1e-6)
    assert judgement.total == combine(judgement.values(), judge.weights)
    assert set(judgement.explanations()) == set(LEXICAL)


def test_judgement_answer(judge):
    # What correctness read as the final answer; for a text item (correctness n/a) the parsed answer block.
    assert judge.score(NUMERIC, RIGHT).answer == "$9,000"
    text_item = {"type": "text", "question": "What is an asset?", "reference": {"reasoning": "r", "answer": "A resource controlled."}}
    judgement = judge.score(text_item, "<reasoning>By definition.</reasoning><answer>A resource it controls.</answer>")
    assert judgement.scores["correctness"].value is None
    assert judgement.answer == "A resource it controls."


def test_total_is_combine_of_values_on_a_batch(judge, batch):
    items, completions = batch
    for judgement in judge.score_batch(items, completions):
        assert judgement.total == combine(judgement.values(), judge.weights)


def test_custom_weights_change_the_total():
    # correctness 0.6, terms 0, format 0.1, principles 0.15 on the wrong answer (c 0, x 1, t 1, p 1):
    # content = 0.15 / 0.75 = 0.2 -> format x0.4; share = 0.6 / 0.85; rest = (0.04 + 0.15) / 0.25 = 0.76;
    # total = 0.25/0.85 * 0.76 * 0.5 = 0.111765 (0.186275 with the default weights).
    judge = Judge(LEXICAL, weights={"correctness": 0.6, "terms": 0.0})
    judgement = judge.score(NUMERIC, WRONG)
    assert judgement.scores["terms"].value == 1.0  # still scored and reported
    assert judgement.total == pytest.approx(0.111765, abs=1e-6)


def test_score_equals_the_batch_row(judge, batch):
    items, completions = batch
    rows = judge.score_batch(items[:10], completions[:10])
    assert [judge.score(i, c) for i, c in zip(items[:10], completions[:10])] == rows


def test_length_mismatch_raises(judge):
    with pytest.raises(ValueError, match="2 items but 1 completions"):
        judge.score_batch([NUMERIC, NUMERIC], [RIGHT])


def test_empty_batch(judge):
    assert judge.score_batch([], []) == []


@pytest.mark.parametrize(
    "chat",
    [
        pytest.param([{"role": "assistant", "content": RIGHT}], id="one assistant message"),
        pytest.param([{"role": "system", "content": "Answer in tags."}, {"role": "user", "content": "q"},
                      {"role": "assistant", "content": RIGHT}], id="full conversation"),
        pytest.param({"role": "assistant", "content": RIGHT}, id="single message dict"),
        pytest.param([{"role": "assistant", "content": [{"type": "text", "text": RIGHT}]}], id="content parts"),
    ],
)
def test_chat_completions_score_like_the_string(judge, chat):
    assert judge.score(NUMERIC, chat) == judge.score(NUMERIC, RIGHT)


# ---- worker processes ------------------------------------------------------------------------------------

def test_workers_give_identical_results(judge, batch):
    items, completions = batch
    assert len(items) >= 128  # the pool splits batches of at least 2 * 64
    parallel = Judge(LEXICAL, workers=2)
    try:
        assert parallel.pool.usable(len(items))
        got = parallel.score_batch(items, completions)
        assert parallel.pool._pool is not None  # the batch really went through the workers
    finally:
        parallel.close()
    assert parallel.pool._pool is None
    expected = judge.score_batch(items, completions)
    assert all(isinstance(j, Judgement) for j in got)
    assert got == expected
