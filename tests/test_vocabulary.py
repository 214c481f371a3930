"""spaCy's vocabulary stays bounded over long runs, and releasing it changes no score."""

import pytest

from acctbench.rewards import Judge
from acctbench.rewards import text as T
from acctbench.rewards import vocabulary as V
from acctbench.suites import suites

LEXICAL = ["correctness", "xml_format", "terms", "principles"]


@pytest.fixture(scope="module")
def batch():
    items = [suites()[name].load("test")[i] for name in ("computations", "journal", "choice", "concepts") for i in range(3)]
    completions = [f"<reasoning>{i['reference']['reasoning']}</reasoning>\n<answer>{i['reference']['answer']}</answer>" for i in items]
    return items, completions


def _values(judge: Judge, batch) -> list[tuple]:
    return [(j.total, tuple(sorted(j.values().items())), tuple(sorted(j.explanations().items()))) for j in judge.score_batch(*batch)]


def test_release_drops_the_grown_vocabulary_and_keeps_every_score(batch) -> None:
    judge = Judge(LEXICAL)
    before = _values(judge, batch)
    judge.score_batch(batch[0][:1] * 200, [f"<answer>${n:,}.{n % 97:02d}</answer>" for n in range(10_000, 10_200)])
    grown = len(T.nlp().vocab)
    assert grown - V.base_size() >= 200  # every new number string is a new word
    assert V.release_if_grown(limit=100)
    assert not V.release_if_grown(limit=100)  # nothing built since: nothing to release
    assert _values(judge, batch) == before
    assert len(T.nlp().vocab) < grown


def test_release_waits_for_the_limit(batch) -> None:
    judge = Judge(LEXICAL)
    judge.score_batch(*batch)
    assert not V.release_if_grown(limit=10**9)


def test_judge_releases_before_a_batch(batch, monkeypatch: pytest.MonkeyPatch) -> None:
    judge = Judge(LEXICAL)
    judge.score_batch(*batch)
    judge.score_batch(batch[0][:1] * 50, [f"<answer>{n} units</answer>" for n in range(900_000, 900_050)])
    monkeypatch.setattr(V, "MAX_NEW_WORDS", 20)
    built = T.nlp()
    judge.score_batch(*batch)
    assert T.nlp() is not built  # the pipeline was rebuilt for this batch
