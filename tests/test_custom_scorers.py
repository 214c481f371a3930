"""Custom scorers: ``register_scorer`` and the ``acctbench.scorers`` entry point, guarded like the built-ins."""

import json
import math
import subprocess
import sys
import textwrap
import time

import pytest

from acctbench.prompt import reference_completion
from acctbench.rewards import Judge, Score, get_reward_funcs
from acctbench.rewards.custom import CustomScorer, _as_score, register_scorer, unregister_scorer
from acctbench.rewards.registry import SCORER_NAMES, check_names, scorer_names
from acctbench.suites import get_suite

ITEM = get_suite("computations").load("test")[0]
LEXICAL = ["correctness", "xml_format", "terms", "principles"]
GOOD = "<reasoning>\nworked it out\n</reasoning>\n<answer>\n$5\n</answer>"


@pytest.fixture
def registered():
    """Register scorers for one test and remove them afterwards."""
    names = []

    def add(name, fn, **kwargs):
        register_scorer(name, fn, **kwargs)
        names.append(name)

    yield add
    for name in names:
        unregister_scorer(name)


@pytest.mark.parametrize(
    "returned, value, status",
    [
        (0.25, 0.25, None),  # a plain float
        (1, 1.0, None),  # an int counts as a number
        (None, None, None),  # not applicable
        ((0.5, "half right"), 0.5, None),  # (value, explanation)
        (Score(0.75, "own score"), 0.75, None),  # a Score passes through
        (3.0, 1.0, None),  # out of range: clamped like every Score
        (True, 0.0, "error"),  # a bool is no score
        ("0.9", 0.0, "error"),  # a string is no score
        (float("nan"), 0.0, "error"),  # NaN would poison the mean
        (math.inf, 0.0, "error"),  # so would infinity
        ([0.5], 0.0, "error"),  # a list is no score
    ],
)
def test_return_values_become_scores(returned, value, status):
    score = _as_score("mine", returned)
    assert score.value == value
    assert score.metadata.get("status") == status


def test_registered_scorer_joins_names_judge_and_weights(registered):
    registered("has_dollar", lambda item, completion: (1.0 if "$" in completion else 0.0, "dollar sign"))
    assert "has_dollar" in scorer_names() and "has_dollar" not in SCORER_NAMES
    assert check_names(["has_dollar"]) == ["has_dollar"]
    judge = Judge([*LEXICAL, "has_dollar"])
    unweighted = judge.score(ITEM, GOOD)
    assert unweighted.scores["has_dollar"] == Score(1.0, "dollar sign")
    assert judge.weights["has_dollar"] == 0.0  # joins total only when weighted
    assert unweighted.total == Judge(LEXICAL).score(ITEM, GOOD).total
    weighted = Judge([*LEXICAL, "has_dollar"], {"has_dollar": 1.0}).score(ITEM, GOOD)
    assert weighted.total > unweighted.total
    assert "has_dollar" in Judge().names  # the default set includes registered scorers


def test_typo_of_a_custom_name_gets_a_hint(registered):
    registered("dollar_check", lambda item, completion: 1.0)
    with pytest.raises(ValueError, match="did you mean 'dollar_check'"):
        check_names(["dollar_chek"])


@pytest.mark.parametrize(
    "name, fn, kwargs, message",
    [
        ("Bad-Name", len, {}, "snake_case"),  # not snake_case
        ("total", len, {}, "built-in"),  # reserved for the weighted total
        ("correctness", len, {}, "built-in"),  # a built-in scorer's name
        ("fine_name", "not callable", {}, "not callable"),
        ("fine_name", len, {"timeout": 0}, "timeout"),
        ("fine_name", len, {"timeout": float("inf")}, "timeout"),
    ],
)
def test_bad_registrations_are_refused(name, fn, kwargs, message):
    with pytest.raises(ValueError, match=message):
        register_scorer(name, fn, **kwargs)


def test_duplicate_needs_replace(registered):
    registered("twice", lambda item, completion: 0.1)
    with pytest.raises(ValueError, match="already registered"):
        register_scorer("twice", lambda item, completion: 0.2)
    register_scorer("twice", lambda item, completion: 0.2, replace=True)
    assert Judge(["twice"], {"twice": 1.0}).score(ITEM, GOOD).scores["twice"].value == 0.2


def test_raising_and_hanging_scorers_score_zero_and_never_abort(registered):
    registered("raises", lambda item, completion: {}["missing"])
    registered("hangs", lambda item, completion: time.sleep(60), timeout=0.3)
    judge = Judge([*LEXICAL, "raises", "hangs"], {"raises": 0.1, "hangs": 0.1})
    started = time.monotonic()
    results = judge.score_batch([ITEM, ITEM], [GOOD, "no tags at all"])
    assert time.monotonic() - started < 5  # two timed-out calls of 0.3 s, not 60 s
    for judgement in results:
        assert judgement.scores["raises"].value == 0.0
        assert judgement.scores["raises"].metadata["status"] == "error"
        assert "KeyError" in judgement.scores["raises"].explanation
        assert judgement.scores["hangs"].value == 0.0
        assert judgement.scores["hangs"].metadata["status"] == "timeout"
        assert 0.0 <= judgement.total <= 1.0


def test_custom_scorer_sees_a_copy_of_the_item_and_the_scored_text():
    seen = []

    def spy(item, completion):
        seen.append(completion)
        item["question"] = "mutated"
        return 0.5

    item = dict(ITEM)
    CustomScorer("spy", spy).score_one(item, "text")
    assert seen == ["text"] and item["question"] == ITEM["question"]


def test_trl_reward_functions_take_custom_names(registered):
    registered("length_cap", lambda item, completion: 1.0 if len(completion) < 200 else 0.0)
    kwargs = {"item_json": [json.dumps(ITEM)] * 2}
    short, padded = reference_completion(ITEM)[:190], reference_completion(ITEM) + " and so on" * 30
    length_cap, total = get_reward_funcs(["length_cap", "total"], weights={"length_cap": 1.0})
    assert length_cap.__name__ == "length_cap"
    assert length_cap([short, padded], **kwargs) == [1.0, 0.0]
    plain = get_reward_funcs(["total"])[0]([short, padded], **kwargs)
    weighted = total([short, padded], **kwargs)
    assert weighted[1] < plain[1]  # the custom scorer's 0 now counts in the total


def test_train_config_accepts_a_custom_reward(registered):
    from acctbench.train.config import ConfigError, TrainArguments

    registered("length_cap", lambda item, completion: 1.0)
    TrainArguments(model="some-model", rewards=["length_cap", "total"], total_weights={"length_cap": 0.2}).validate()
    with pytest.raises(ConfigError, match="did you mean 'length_cap'"):
        TrainArguments(model="some-model", rewards=["length_cep"]).validate()


PLUGIN = textwrap.dedent(
    """
    import time


    def has_dollar(item, completion):
        return (1.0 if "$" in completion else 0.0), "a dollar sign in the completion"


    def raises(item, completion):
        raise RuntimeError("plugin bug")


    def hangs(item, completion):
        time.sleep(60)


    hangs.timeout = 0.5
    """
)


@pytest.fixture
def plugin_path(tmp_path):
    """An installed-looking plugin: a module plus a dist-info with entry points."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "acct_plugin.py").write_text(PLUGIN)
    info = site / "acct_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: acct-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(
        "[acctbench.scorers]\nhas_dollar = acct_plugin:has_dollar\nraises = acct_plugin:raises\n"
        "hangs = acct_plugin:hangs\nbroken = acct_plugin:no_such_function\n"
    )
    return site


def _cli(site, *args):
    import os

    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]), "HF_HUB_OFFLINE": "1"}
    return subprocess.run([sys.executable, "-m", "acctbench", *args], capture_output=True, text=True, env=env, timeout=600)


@pytest.mark.slow
def test_entry_point_scorer_in_run_samples_report_and_audit(plugin_path, tmp_path):
    out = tmp_path / "run"
    scorers = "correctness,xml_format,terms,has_dollar,raises,hangs"
    result = _cli(plugin_path, "run", "--model", "oracle", "--suite", "computations", "--limit", "4", "--out", str(out),
                  "--no-progress", "--scorers", scorers, "--weights", "has_dollar=0.2,raises=0.1")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in (out / "samples.jsonl").read_text().splitlines()]
    assert len(rows) == 4
    for row in rows:
        assert row["scores"]["has_dollar"] == 1.0  # oracle answers carry dollar amounts
        assert row["explanations"]["has_dollar"] == "a dollar sign in the completion"
        assert row["scores"]["raises"] == 0.0 and row["explanations"]["raises"].startswith("scorer error: RuntimeError")
        assert row["scores"]["hangs"] == 0.0 and row["explanations"]["hangs"].startswith("scorer timeout")
    report = tmp_path / "report.html"
    result = _cli(plugin_path, "report", str(out), "--out", str(report))
    assert result.returncode == 0, result.stderr
    assert "has_dollar" in report.read_text()

    from acctbench._paths import data_path

    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text("".join(data_path("rewards", "calibration_pairs.jsonl").read_text().splitlines(keepends=True)[:6]))
    result = _cli(plugin_path, "audit", "--pairs", str(pairs), "--scorers", "correctness,has_dollar", "--json", str(tmp_path / "a.json"))
    assert "has_dollar" in result.stdout, result.stderr
    assert json.loads((tmp_path / "a.json").read_text())["scorers"]["has_dollar"]["n"] == 6


def test_broken_entry_point_is_named_when_asked_for(plugin_path, tmp_path):
    result = _cli(plugin_path, "run", "--model", "oracle", "--suite", "choice", "--limit", "1", "--out", str(tmp_path / "run"),
                  "--no-progress", "--scorers", "correctness,broken")
    assert result.returncode == 2
    assert "scorer 'broken' is unusable: entry point broken = acct_plugin:no_such_function failed to load" in result.stderr
