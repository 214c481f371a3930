"""``acctbench run``: baselines, real tiny models, resume after SIGKILL, config guard, bad input."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from acctbench.results.samples import read_samples
from tests.cli import run_acctbench

SUITES = ("computations", "journal", "choice", "concepts", "problems")
ROWS = 25 * len(SUITES)  # --limit 25 per suite


def rows_of(out_dir):
    return read_samples(out_dir / "samples.jsonl")


@pytest.fixture(scope="module")
def baselines(tmp_path_factory):
    """Oracle and retrieval on 25 test items of every suite (all scorers)."""
    root = tmp_path_factory.mktemp("baselines")
    summaries = {}
    for model in ("oracle", "retrieval"):
        out = run_acctbench("run", "--model", model, "--limit", "25", "--out", str(root / model), "--no-progress")
        assert out.returncode == 0, out.stderr
        summaries[model] = json.loads((root / model / "summary.json").read_text())
    return root, summaries


@pytest.mark.parametrize("suite", SUITES)
def test_oracle_near_top_and_retrieval_clearly_lower(baselines, suite):
    _, summaries = baselines
    oracle = summaries["oracle"]["models"]["oracle"]["by_suite"][suite]["total"]["mean"]
    retrieval = summaries["retrieval"]["models"]["retrieval"]["by_suite"][suite]["total"]["mean"]
    assert oracle >= 0.9, (suite, oracle)
    assert retrieval < oracle - 0.2, (suite, oracle, retrieval)


def test_run_directory_contract(baselines):
    root, summaries = baselines
    out = root / "oracle"
    run = json.loads((out / "run.json").read_text())
    assert run["status"] == "complete" and run["model"]["spec"] == "oracle"
    assert {d["name"] for d in run["datasets"]} == set(SUITES)
    assert all(d["content_hash"].startswith("sha256:") and d["version"] for d in run["datasets"])
    for key in ("generation", "scoring", "prompt_hash", "packages", "host", "command", "created_at"):
        assert run[key], key
    assert set(run["scoring"]["weights"]) == {"correctness", "xml_format", "terms", "principles", "similarity"}
    rows = rows_of(out)
    assert len(rows) == ROWS and len({(r["id"], r["sample"]) for r in rows}) == ROWS
    row = rows[0]
    for key in ("id", "model", "sample", "completion", "scores", "total", "explanations", "latency_s"):
        assert key in row, key
    assert len((out / "items.jsonl").read_text().splitlines()) == ROWS
    overall = summaries["oracle"]["models"]["oracle"]["overall"]
    assert overall["accuracy"]["mean"] == 1.0 and overall["no_answer_rate"] == 0.0
    assert overall["total"]["ci95"][0] <= overall["total"]["mean"] <= overall["total"]["ci95"][1]


def test_rerun_resumes_without_duplicates(baselines):
    root, _ = baselines
    out = run_acctbench("run", "--model", "oracle", "--limit", "25", "--out", str(root / "oracle"), "--no-progress")
    assert out.returncode == 0, out.stderr
    assert len(rows_of(root / "oracle")) == ROWS


def test_changed_config_is_refused_unless_forced(baselines):
    root, _ = baselines
    args = ["run", "--model", "oracle", "--limit", "25", "--out", str(root / "oracle"), "--no-progress", "--few-shot", "1"]
    refused = run_acctbench(*args)
    assert refused.returncode == 2 and "different configuration (few_shot)" in refused.stderr
    assert len(rows_of(root / "oracle")) == ROWS  # nothing lost


def test_torn_last_line_is_dropped_and_redone(tmp_path):
    out = tmp_path / "run"
    assert run_acctbench("run", "--model", "oracle", "--suite", "choice", "--limit", "5", "--out", str(out), "--no-progress",
                   "--scorers", "correctness,xml_format").returncode == 0
    samples = out / "samples.jsonl"
    lines = samples.read_text().splitlines()
    samples.write_text("\n".join(lines[:3]) + "\n" + lines[3][: len(lines[3]) // 2])  # crash mid-write
    again = run_acctbench("run", "--model", "oracle", "--suite", "choice", "--limit", "5", "--out", str(out), "--no-progress",
                    "--scorers", "correctness,xml_format")
    assert again.returncode == 0, again.stderr
    rows = rows_of(out)
    assert sorted(r["id"] for r in rows) == sorted(json.loads(line)["id"] for line in lines)


@pytest.mark.slow
def test_sigkill_mid_run_then_resume_matches_clean_run(tmp_path, tiny_llama_dir):
    common = ["--model", str(tiny_llama_dir), "--suite", "choice", "--suite", "concepts", "--limit", "12",
              "--samples", "2", "--batch-size", "1", "--max-new-tokens", "24", "--no-progress",
              "--scorers", "correctness,xml_format,terms,principles"]
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    clean = tmp_path / "clean"
    assert run_acctbench("run", *common, "--out", str(clean), env=env).returncode == 0
    killed = tmp_path / "killed"
    proc = subprocess.Popen([sys.executable, "-m", "acctbench", "run", *common, "--out", str(killed)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = time.time() + 120
    while time.time() < deadline and len(rows_of(killed)) < 8:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = len(rows_of(killed))
    assert 0 < partial < 48, partial
    assert run_acctbench("run", *common, "--out", str(killed), env=env).returncode == 0
    rows = rows_of(killed)
    keys = [(r["id"], r["sample"]) for r in rows]
    assert len(keys) == len(set(keys)) == 48
    clean_summary = json.loads((clean / "summary.json").read_text())
    resumed_summary = json.loads((killed / "summary.json").read_text())
    assert resumed_summary["models"] == clean_summary["models"]


def test_tiny_checkpoint_and_adapter_end_to_end(tmp_path, tiny_llama_dir, tiny_adapter_dir):
    for name, model in (("base", tiny_llama_dir), ("adapter", tiny_adapter_dir)):
        out = tmp_path / name
        result = run_acctbench("run", "--model", str(model), "--suite", "journal", "--limit", "3", "--max-new-tokens", "16",
                         "--batch-size", "3", "--out", str(out), "--no-progress", "--scorers", "correctness,xml_format")
        assert result.returncode == 0, result.stderr
        rows = rows_of(out)
        assert len(rows) == 3 and all(r["completion_tokens"] for r in rows)
        run = json.loads((out / "run.json").read_text())
        assert run["model"]["identity"]["kind"] == ("checkpoint" if name == "base" else "adapter")


def test_replay_scores_a_completions_file(tmp_path):
    from acctbench.suites import suites

    items = suites()["choice"].load("test")[:3]
    replay = tmp_path / "mymodel.jsonl"
    replay.write_text("".join(json.dumps({"id": i["id"], "completion": f"<reasoning>r</reasoning><answer>{i['gold']}</answer>"}) + "\n" for i in items))
    out = tmp_path / "run"
    result = run_acctbench("run", "--model", f"replay:{replay}", "--suite", "choice", "--limit", "3", "--out", str(out),
                     "--no-progress", "--scorers", "correctness")
    assert result.returncode == 0, result.stderr
    assert [r["status"] for r in rows_of(out)] == ["correct"] * 3
    assert rows_of(out)[0]["model"] == "mymodel"


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["--model", "/no/such/model"], 3, "no such file or directory"),
        (["--model", "oracle", "--dataset", "/no/such.jsonl"], 2, "dataset file not found"),
        (["--model", "oracle", "--suite", "jurnal"], 2, "did you mean 'journal'"),
        (["--model", "oracle", "--batch-size", "zero"], 2, "--batch-size must be an integer"),
        (["--model", "oracle", "--samples", "0"], 2, "--samples must be at least 1"),
        (["--model", "oracle", "--model-option", "concurrency"], 2, "must look like key=value"),
        (["--model", "oracle", "--model-option", "concurrency=4"], 3, "takes no options"),
    ],
)
def test_bad_input_clear_errors(tmp_path, args, code, message):
    result = run_acctbench("run", *args, "--out", str(tmp_path / "o"), "--no-progress")
    assert result.returncode == code, result.stderr
    assert message in result.stderr


def test_invalid_dataset_file_names_lines(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "type": "numeric"}\n')
    result = run_acctbench("run", "--model", "oracle", "--dataset", str(bad), "--out", str(tmp_path / "o"), "--no-progress")
    assert result.returncode == 2 and f"{bad}:1: question" in result.stderr


@pytest.mark.slow
def test_demo_runs_offline_and_writes_report(tmp_path):
    """The README's first command, end to end (Gemma 3 270M GGUF on CPU, ~2 minutes on 2 cores)."""
    report = tmp_path / "demo.html"
    result = run_acctbench("demo", "--out", str(tmp_path / "runs"), "--report", str(report), cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    for label in ("oracle", "retrieval", "gemma-3-270m"):
        assert label in result.stdout
    html = report.read_text()
    assert "Content-Security-Policy" in html and "acctbench demo" in html
    assert len(rows_of(tmp_path / "runs" / "oracle")) == 24


def test_model_options_reach_the_backend_and_the_record(tmp_path, tiny_llama_dir):
    out = tmp_path / "run"
    result = run_acctbench("run", "--model", str(tiny_llama_dir), "--model-option", "dtype=float32", "--suite", "choice",
                     "--limit", "1", "--max-new-tokens", "4", "--out", str(out), "--no-progress", "--scorers", "xml_format")
    assert result.returncode == 0, result.stderr
    run = json.loads((out / "run.json").read_text())
    assert run["model"]["options"] == {"dtype": "float32"}
    bad = run_acctbench("run", "--model", str(tiny_llama_dir), "--model-option", "no_such_option=1", "--suite", "choice",
                  "--limit", "1", "--out", str(tmp_path / "bad"), "--no-progress")
    assert bad.returncode == 3 and "bad model option" in bad.stderr


def test_duplicate_rows_are_counted_once_and_noted(tmp_path):
    """Issue 11: two writers once left every row twice; n doubled and the CIs ran on duplicates."""
    out = tmp_path / "run"
    args = ["run", "--model", "oracle", "--suite", "choice", "--limit", "6", "--out", str(out), "--no-progress", "--scorers", "correctness"]
    assert run_acctbench(*args).returncode == 0
    samples = out / "samples.jsonl"
    samples.write_bytes(samples.read_bytes() * 2)
    again = run_acctbench(*args)
    assert again.returncode == 0, again.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert summary["n_rows"] == 6 and summary["models"]["oracle"]["overall"]["n"] == 6
    assert summary["duplicate_rows"] == 6 and "counted once" in summary["note"]
    assert len(rows_of(out)) == 12  # nothing redone, nothing deleted


def test_second_run_on_a_held_directory_refuses_at_once(tmp_path):
    from acctbench.results.lock import RunLock

    out = tmp_path / "run"
    with RunLock(out):  # this test process holds the directory
        refused = run_acctbench("run", "--model", "oracle", "--suite", "choice", "--limit", "2", "--out", str(out), "--no-progress")
    assert refused.returncode == 5
    assert refused.stderr.strip() == (f"acctbench: error: {out} is in use by another acctbench process (pid {os.getpid()}); "
                                      "wait for it to finish, or pass --wait to queue behind it")
    assert not (out / "samples.jsonl").exists()


def test_python_api_default_runs_every_suite_like_the_cli(tmp_path):
    """``RunConfig`` once defaulted to four suites while ``acctbench run`` ran all five."""
    from acctbench.runner import RunConfig
    from acctbench.suites import suites

    assert RunConfig(model="oracle", out=tmp_path).datasets == list(suites())
    result = run_acctbench("run", "--model", "oracle", "--limit", "1", "--out", str(tmp_path / "run"), "--no-progress",
                           "--scorers", "correctness")
    assert result.returncode == 0, result.stderr
    recorded = json.loads((tmp_path / "run" / "run.json").read_text())["datasets"]
    assert sorted(d["name"] for d in recorded) == sorted(suites())
