"""The bundled suites: reproducible from their recipes, disjoint splits, cards and hashes."""

import pytest

from acctbench.generators.build import build_suite, dump_jsonl, item_key
from acctbench.suites import SPLITS, suites


@pytest.mark.parametrize("name", sorted(suites()))
def test_committed_files_equal_a_rebuild(name):
    suite = suites()[name]
    rebuilt = build_suite(suite)
    for split in SPLITS:
        assert suite.path(split).read_text(encoding="utf-8") == dump_jsonl(rebuilt[split]), (
            f"{name}/{split}.jsonl is stale: run python -m acctbench.generators.build"
        )


@pytest.mark.parametrize("name", sorted(suites()))
def test_splits_share_no_question_or_parameter_set(name):
    suite = suites()[name]
    test, train = suite.load("test"), suite.load("train")
    assert not {i["question"] for i in test} & {i["question"] for i in train}
    assert not {i["id"] for i in test} & {i["id"] for i in train}
    if "template" in test[0]:
        assert not {item_key(i) for i in test} & {item_key(i) for i in train}


def test_no_near_duplicate_concepts_across_splits():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    suite = suites()["concepts"]
    test, train = suite.load("test"), suite.load("train")
    vectorizer = TfidfVectorizer(stop_words="english", ngram_range=(1, 2), sublinear_tf=True)
    matrix = vectorizer.fit_transform([i["question"] for i in test + train])
    sims = cosine_similarity(matrix[: len(test)], matrix[len(test) :])
    worst = sims.max()
    i, j = divmod(int(sims.argmax()), sims.shape[1])
    assert worst < 0.8, f"near-duplicate across splits ({worst:.2f}): {test[i]['question']!r} ~ {train[j]['question']!r}"


@pytest.mark.parametrize("name", sorted(suites()))
def test_card_and_metadata(name):
    suite = suites()[name]
    card = (suite.directory / "CARD.md").read_text(encoding="utf-8")
    for heading in ("## Purpose", "## Counts", "## Provenance", "## Licence", "## Known limitations"):
        assert heading in card
    assert "CC BY 4.0" in card
    assert suite.version and suite.content_hash("test").startswith("sha256:")


def test_concepts_cover_thirty_topics():
    categories = {i["category"] for i in suites()["concepts"].load("test")}
    assert len(categories) >= 30


def test_numeric_and_journal_template_counts():
    from acctbench.generators import templates

    assert len(templates("numeric")) >= 25
    assert len(templates("journal")) >= 20


def test_every_worked_reasoning_reaches_its_gold():
    """A numeric reasoning must state the number it concludes with (catches truncated steps)."""
    from acctbench.rewards.numbers import extract_numbers

    missing = []
    for split in ("test", "train"):
        for item in suites()["computations"].load(split):
            gold, tol = item["gold"], item.get("tolerance", 1e-3)
            values = [v for v, _, _ in extract_numbers(item["reference"]["reasoning"])]
            if not any(abs(v - gold) <= max(tol * abs(gold), 0.005) for v in values):
                missing.append(item["id"])
    assert not missing, f"{len(missing)} reasonings never state their gold, e.g. {missing[:3]}"


@pytest.mark.parametrize("name", ["computations", "journal", "choice"])
def test_every_reference_answer_is_judged_correct(name):
    """The reference answer of every gold item (both splits) scores 1.0 for correctness."""
    from acctbench.prompt import reference_completion
    from acctbench.rewards import Judge

    judge = Judge(["correctness"])
    items = suites()[name].load("test") + suites()[name].load("train")
    judged = judge.score_batch(items, [reference_completion(i) for i in items])
    wrong = [(i["id"], j.scores["correctness"].explanation) for i, j in zip(items, judged) if j.scores["correctness"].value != 1.0]
    assert not wrong, wrong[:3]
