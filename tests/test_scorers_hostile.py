"""Every scorer on hostile and arbitrary input: in range, deterministic, fast, inert."""

import socket
import threading
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acctbench.rewards import SCORER_NAMES, Judge

LEXICAL = [n for n in SCORER_NAMES if n not in ("similarity", "reference_match")]


@pytest.fixture(scope="module")
def judge(items):
    judge = Judge(LEXICAL)
    judge.score_batch(items, ["<reasoning>warm-up</reasoning><answer>1</answer>"] * len(items))  # load, untimed
    return judge


@pytest.fixture(scope="module")
def items():
    from acctbench.suites import suites

    return [suites()[name].load("test")[0] for name in ("computations", "journal", "choice", "concepts")]


def assert_sane(judgement):
    assert 0.0 <= judgement.total <= 1.0
    for name, score in judgement.scores.items():
        assert score.value is None or 0.0 <= score.value <= 1.0, name
        assert "scorer error" not in score.explanation, (name, score.explanation)


def _billion_laughs():
    defs = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{"&lol{};".format(i - 1 if i > 1 else "") * 10}">' for i in range(1, 10)
    )
    return f"<!DOCTYPE lolz [{defs}]><reasoning>&lol9;</reasoning><answer>&lol9;</answer>"


HOSTILE = {
    "billion_laughs": _billion_laughs(),
    "deep_nesting": "<reasoning>" * 5000 + "x" + "</reasoning>" * 5000,
    "repeated_pairs": "<reasoning>r</reasoning><answer>1</answer>" * 5000,
    "many_numbers": "<reasoning>r</reasoning><answer>" + "1," * 50_000 + "</answer>",
    "many_dr": "<reasoning>r</reasoning><answer>" + "Dr " * 50_000 + "</answer>",
    "nul_and_surrogates": "<reasoning>\x00\ud800\u202e</reasoning><answer>\udfff 5\x00</answer>",
    "two_megabytes": "<reasoning>" + "debit credit accrual é€ 1,000 " * 70_000 + "</reasoning><answer>x</answer>",
    "unclosed_everything": "<reasoning><answer><reasoning><answer>",
    "not_a_string": 12345,
    "none": None,
    "odd_messages": [{"role": "assistant", "content": None}, "junk", {"no": "role"}],
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_inputs_are_scored_quickly(judge, items, name):
    for item in items:
        start = time.perf_counter()
        judgement = judge.score(item, HOSTILE[name])
        assert time.perf_counter() - start < 1.0, (name, item["type"])
        assert_sane(judgement)


def test_xxe_reads_no_file_and_touches_no_network(judge, items, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-7781")
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(0.5)
    port = server.getsockname()[1]
    connections = []

    def accept():
        try:
            connections.append(server.accept())
        except OSError:
            pass

    thread = threading.Thread(target=accept)
    thread.start()
    completion = (
        f'<!DOCTYPE d [<!ENTITY file SYSTEM "file://{secret}"><!ENTITY net SYSTEM "http://127.0.0.1:{port}/x">]>'
        "<reasoning>&file;</reasoning><answer>&net;</answer>"
    )
    for item in items:
        judgement = judge.score(item, completion)
        assert_sane(judgement)
        dump = repr(judgement)
        assert "TOP-SECRET" not in dump
    thread.join()
    server.close()
    assert connections == []


texts = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=400)
fragments = st.lists(
    st.sampled_from(["<reasoning>", "</reasoning>", "<answer>", "</answer>", "Dr Cash 100", "Cr Sales 100",
                     "$1,000", "15%", "B", "&", "<", "not", "\n"]) | texts,
    max_size=12,
).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(completion=fragments)
def test_property_range_determinism_and_batch(judge, items, completion):
    one = [judge.score(item, completion) for item in items]
    batch = judge.score_batch(items, [completion] * len(items))
    again = [judge.score(item, completion) for item in items]
    for a, b, c in zip(one, batch, again):
        assert_sane(a)
        assert a.values() == b.values() == c.values()
        assert a.total == b.total == c.total


def test_worker_processes_give_identical_results():
    """Judge(workers=2) splits big batches across forked workers; the results must not change."""
    from acctbench.prompt import reference_completion
    from acctbench.suites import suites

    items = [i for name in ("computations", "journal", "choice", "concepts") for i in suites()[name].load("test")[:40]]
    completions = [reference_completion(i) if k % 2 else "<reasoning>r</reasoning><answer>0</answer>" for k, i in enumerate(items)]
    sequential = Judge(LEXICAL).score_batch(items, completions)
    parallel_judge = Judge(LEXICAL, workers=2)
    try:
        assert parallel_judge.pool.usable(len(items))
        parallel = parallel_judge.score_batch(items, completions)
    finally:
        parallel_judge.close()
    assert [j.values() for j in parallel] == [j.values() for j in sequential]
    assert [j.explanations() for j in parallel] == [j.explanations() for j in sequential]


def test_an_item_with_a_lone_surrogate_in_its_own_text_scores_without_error():
    from acctbench.rewards import Judge
    from acctbench.suites import get_suite

    item = dict(get_suite("concepts").load("test")[0])
    item["question"] += " \udcff"
    ref = item["reference"]
    judgement = Judge(["terms", "principles", "xml_format"]).score(
        item, f"<reasoning>{ref['reasoning']}</reasoning><answer>{ref['answer']}</answer>")
    assert not [e for e in judgement.explanations().values() if e.startswith("scorer error")]
    assert judgement.total > 0.9
