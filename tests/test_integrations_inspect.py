"""inspect_ai: ``acctbench/<suite>`` tasks found by name, acctbench's prompt, the ``@scorer`` adapter, ``inspect score``.

Offline with ``mockllm/model``: its outputs carry token usage so that mockllm does not fetch a
tiktoken vocabulary to count tokens (the one thing ``--model mockllm/model`` on the command
line needs a network for).
"""

import json
import math
import os
import shutil
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

pytest.importorskip("inspect_ai", reason="inspect_ai (acctbench[inspect]) is not installed")

from inspect_ai import eval as inspect_eval  # noqa: E402
from inspect_ai.log import read_eval_log  # noqa: E402
from inspect_ai.model import ModelOutput, ModelUsage, get_model  # noqa: E402

from acctbench.integrations.inspect_ai import judgement_score  # noqa: E402
from acctbench.integrations.inspect_ai.tasks import TASKS, suite_task  # noqa: E402
from acctbench.prompt import build_messages, reference_completion, select_shots  # noqa: E402
from acctbench.rewards import Judge  # noqa: E402
from acctbench.suites import get_suite, suites  # noqa: E402

WRONG = "<reasoning>\nguessing\n</reasoning>\n<answer>\nZ\n</answer>"


def _mock(texts):
    outputs = []
    for text in texts:
        output = ModelOutput.from_content(model="mockllm/model", content=text)
        output.usage = ModelUsage(input_tokens=1, output_tokens=1, total_tokens=2)
        outputs.append(output)
    return get_model("mockllm/model", custom_outputs=outputs)


def test_entry_point_and_one_task_per_suite():
    (ep,) = [ep for ep in entry_points(group="inspect_ai") if ep.name == "acctbench"]
    assert ep.value == "acctbench.integrations.inspect_ai._registry"
    assert sorted(TASKS) == sorted(suites())
    for name, suite in suites().items():
        assert len(suite_task(name).dataset) == len(suite.load("test"))


def test_judgement_score_keeps_not_applicable_apart():
    item = get_suite("concepts").load("test")[0]
    judgement = Judge(["correctness", "xml_format", "terms"]).score(item, reference_completion(item))
    score = judgement_score(judgement)
    assert math.isnan(score.value["correctness"])  # not applicable: unscored for that key in inspect
    assert score.metadata["scores"]["correctness"] is None
    assert score.value["total"] == judgement.total
    assert score.explanation.splitlines()[1].startswith("xml_format: ")


@pytest.fixture(scope="module")
def choice_log(tmp_path_factory):
    """An eval of acctbench/choice by name: two reference answers, then a wrong one."""
    items = get_suite("choice").load("test")[:3]
    model = _mock([reference_completion(items[0]), reference_completion(items[1]), WRONG])
    log_dir = tmp_path_factory.mktemp("inspect_logs")
    (log,) = inspect_eval("acctbench/choice", model=model, limit=3, log_dir=str(log_dir), display="none")
    assert log.status == "success", log.error
    return log, items


def test_eval_by_name_reports_acctbench_scores(choice_log):
    log, items = choice_log
    judge = Judge()
    expected = [judge.score(items[0], reference_completion(items[0])), judge.score(items[1], reference_completion(items[1])),
                judge.score(items[2], WRONG)]
    metrics = {s.name: s.metrics for s in log.results.scores}
    assert metrics["total"]["mean"].value == pytest.approx(sum(j.total for j in expected) / 3)
    assert metrics["correctness"]["mean"].value == pytest.approx(2 / 3)
    assert "stderr" in metrics["correctness"]
    for sample, item, judgement in zip(log.samples, items, expected):
        assert sample.id == item["id"]
        assert [(m.role, m.text) for m in sample.input] == [(m["role"], m["content"]) for m in build_messages(item)]
        score = sample.scores["acctbench_scorer"]
        assert score.metadata["scores"] == judgement.values()
        assert score.answer == judgement.answer


def test_task_arguments_split_and_few_shot():
    task = TASKS["journal"](split="train", few_shot=2)
    items = get_suite("journal").load("train")
    asked = {i["id"] for i in items}
    pool = [i for s in suites().values() for i in s.load("train") if i["id"] not in asked]
    sample = task.dataset[0]
    assert sample.id == items[0]["id"]
    expected = build_messages(items[0], select_shots(items[0], pool, 2))
    assert [(m.role, m.text) for m in sample.input] == [(m["role"], m["content"]) for m in expected]


@pytest.mark.slow
def test_inspect_score_rescores_a_saved_log(choice_log, tmp_path):
    log, _ = choice_log
    inspect = shutil.which("inspect", path=str(Path(sys.executable).parent)) or shutil.which("inspect")
    assert inspect, "the inspect command is not on PATH"
    out = tmp_path / "rescored.eval"
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    result = subprocess.run([inspect, "score", log.location, "--scorer", "acctbench/acctbench_scorer", "-S",
                             "scorers=[correctness,xml_format]", "--action", "overwrite", "--output-file", str(out),
                             "--display", "none"], capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    rescored = read_eval_log(str(out))
    names = [s.name for s in rescored.results.scores]
    assert names == ["total", "correctness", "xml_format"]
    totals = [s.scores["acctbench_scorer"].value["total"] for s in rescored.samples]
    expected = [Judge(["correctness", "xml_format"]).score(json.loads(s.metadata["item_json"]), s.output.completion).total
                for s in rescored.samples]
    assert totals == pytest.approx(expected)
