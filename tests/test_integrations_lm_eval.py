"""``acctbench export lm-eval``: task YAMLs whose ``process_results`` calls acctbench's scorers, run by lm-eval offline."""

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from acctbench.prompt import SYSTEM_PROMPT, reference_completion, user_message
from acctbench.rewards import Judge
from acctbench.suites import get_suite, suites

lm_eval = pytest.importorskip("lm_eval", reason="lm-evaluation-harness (acctbench[lm-eval]) is not installed")
LM_EVAL = str(Path(sys.executable).with_name("lm_eval"))  # this venv's command, whether or not it is activated

SCORERS = ["correctness", "xml_format", "terms", "principles"]


def _cli(*args, cwd=None):
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
    return subprocess.run([*args], capture_output=True, text=True, timeout=900, env=env, cwd=cwd)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("lm_eval_tasks")
    result = _cli(sys.executable, "-m", "acctbench", "export", "lm-eval", str(out))
    assert result.returncode == 0, result.stderr
    return out


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_constructor("!function", lambda loader, node: ("function", loader.construct_scalar(node)))


def test_one_task_per_suite_and_a_group(exported):
    group = yaml.load((exported / "_acctbench.yaml").read_text(), Loader=_Loader)
    assert group["group"] == "acctbench"
    assert group["task"] == [f"acctbench_{name}" for name in suites()]
    for name, suite in suites().items():
        task = yaml.load((exported / f"acctbench_{name}.yaml").read_text(), Loader=_Loader)
        assert task["task"] == f"acctbench_{name}" and task["dataset_kwargs"] == {"suite": name}
        assert task["description"] == SYSTEM_PROMPT
        assert task["process_results"] == ("function", "utils.process_results")
        assert task["metadata"]["test_sha256"] == suite.content_hash("test")
        assert [m["metric"] for m in task["metric_list"]][:3] == ["total", "correctness", "xml_format"]
    refused = _cli(sys.executable, "-m", "acctbench", "export", "lm-eval", str(exported))
    assert refused.returncode != 0 and "--force" in refused.stderr


def test_hooks_score_like_the_judge():
    from acctbench.integrations.lm_eval.hooks import doc_to_target, doc_to_text, load_dataset, make_process_results

    data = load_dataset("computations")
    items = get_suite("computations").load("test")
    assert len(data["test"]) == len(items) and len(data["train"]) == len(get_suite("computations").load("train"))
    doc = data["test"][0]
    assert doc_to_text(doc) == user_message(items[0])
    assert doc_to_target(doc) == reference_completion(items[0])
    process = make_process_results(SCORERS)
    right = process(doc, [reference_completion(items[0])])
    assert right["correctness"] == 1.0
    wrong_text = "<reasoning>\nguess\n</reasoning>\n<answer>\n$1\n</answer>"
    wrong = process(doc, [wrong_text])
    judgement = Judge(SCORERS).score(items[0], wrong_text)
    assert wrong == {"total": judgement.total, **judgement.values()}
    assert wrong["total"] < right["total"]
    concept = load_dataset("concepts")["test"][0]
    assert math.isnan(process(concept, ["anything"])["correctness"])  # not applicable -> NaN (nanmean skips it)


@pytest.mark.slow
def test_lm_eval_dummy_model_reports_acctbench_scores(exported, tmp_path):
    out = tmp_path / "results"
    result = _cli(LM_EVAL, "run", "--model", "dummy", "--tasks", "acctbench_choice", "--include_path", str(exported),
                  "--limit", "3", "--log_samples", "--output_path", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    (results_file,) = out.rglob("results_*.json")
    scores = json.loads(results_file.read_text())["results"]["acctbench_choice"]
    for name in ("total", "correctness", "xml_format", "terms"):
        assert f"{name},none" in scores and f"{name}_stderr,none" in scores
    (samples_file,) = out.rglob("samples_acctbench_choice_*.jsonl")
    samples = [json.loads(line) for line in samples_file.read_text().splitlines()]
    items = {i["id"]: i for i in get_suite("choice").load("test")}
    judge = Judge()
    for sample in samples:
        item = items[sample["doc"]["id"]]
        prompt = sample["arguments"]["gen_args_0"]["arg_0"]
        assert prompt.startswith(SYSTEM_PROMPT) and user_message(item) in prompt  # acctbench's prompt
        judgement = judge.score(item, sample["resps"][0][0])
        assert sample["total"] == pytest.approx(judgement.total)
        assert sample["correctness"] == judgement.scores["correctness"].value
    mean_total = sum(s["total"] for s in samples) / len(samples)
    assert scores["total,none"] == pytest.approx(mean_total)


@pytest.mark.slow
def test_lm_eval_hf_tiny_model_asks_acctbench_prompt(exported, tmp_path, tiny_llama_dir):
    from transformers import AutoTokenizer

    from acctbench.prompt import build_messages

    out = tmp_path / "results"
    result = _cli(LM_EVAL, "run", "--model", "hf", "--model_args", f"pretrained={tiny_llama_dir},dtype=float32", "--device", "cpu",
                  "--tasks", "acctbench_journal", "--include_path", str(exported), "--limit", "2", "--apply_chat_template",
                  "--gen_kwargs", "max_gen_toks=16", "--log_samples", "--output_path", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    (results_file,) = out.rglob("results_*.json")
    assert "total,none" in json.loads(results_file.read_text())["results"]["acctbench_journal"]
    tokenizer = AutoTokenizer.from_pretrained(tiny_llama_dir)
    items = {i["id"]: i for i in get_suite("journal").load("test")}
    (samples_file,) = out.rglob("samples_acctbench_journal_*.jsonl")
    for line in samples_file.read_text().splitlines():
        sample = json.loads(line)
        expected = tokenizer.apply_chat_template(build_messages(items[sample["doc"]["id"]]), add_generation_prompt=True, tokenize=False)
        assert sample["arguments"]["gen_args_0"]["arg_0"] == expected  # byte for byte what acctbench run asks
        assert sample["total"] == pytest.approx(Judge().score(items[sample["doc"]["id"]], sample["resps"][0][0]).total)
