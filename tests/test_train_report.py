"""The report's training section on hand-written training directories: detection, bad files,
KL and gaps in the curves, and the CLI. The real smoke-run output is covered by
``tests/test_train_smoke.py``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from acctbench.report.charts import color, line_chart
from acctbench.report.training import is_training_dir, load_training, training_section

ROOT = Path(__file__).resolve().parents[1]


def _step(step: int, correctness: float | None, kl: float) -> dict:
    return {"step": step, "reward": 0.1 * step, "reward_std": 0.05, "kl": kl, "completions/mean_length": 100.0 - step,
            "rewards/correctness/mean": correctness, "rewards/correctness/std": 0.2,
            "rewards/total/mean": 0.2 * step, "rewards/total/std": 0.1, "rewards/hedged/mean": 0.5, "rewards/hedged/std": 0.5}


def _training_dir(tmp_path: Path, history: list[dict], samples: list[dict] | None = None) -> Path:
    out = tmp_path / "train-out"
    out.mkdir()
    final = {"step": history[-1]["step"], "train_runtime": 12.0, "train_loss": 0.0}  # the trainer's summary entry
    (out / "trainer_state.json").write_text(json.dumps({"log_history": [*history, final]}), encoding="utf-8")
    meta = {"status": "finished", "global_step": history[-1]["step"], "rewards": {"functions": ["total", "correctness"],
            "grpo_weights": {"total": 1.0, "correctness": 0.0, "hedged": 0.0}},
            "base_model": {"spec": "gemma3-270m", "gguf_sha256": "ab" * 32, "local_path": "/cache/gguf/abab"},
            "train_metrics": {"train_runtime": 12.0}}
    (out / "acctbench_train.json").write_text(json.dumps(meta), encoding="utf-8")
    if samples is not None:
        (out / "completions_sample.jsonl").write_text("".join(json.dumps(s) + "\n" for s in samples) + "not json\n",
                                                      encoding="utf-8")
    return out


def test_training_directories_are_told_from_run_directories(tmp_path: Path) -> None:
    out = _training_dir(tmp_path, [_step(1, 0.0, 0.0)])
    assert is_training_dir(out) and not is_training_dir(tmp_path / "missing") and not is_training_dir(tmp_path)
    (out / "samples.jsonl").write_text("", encoding="utf-8")
    assert not is_training_dir(out)  # a run directory, whatever else it holds
    with pytest.raises(FileNotFoundError, match="not a training output directory"):
        load_training(tmp_path)


def test_curves_follow_the_logged_metrics(tmp_path: Path) -> None:
    history = [_step(1, 0.0, 0.0), _step(2, None, 0.01), _step(3, 0.5, 0.02)]
    samples = [{"step": s, "id": f"q{s}", "completion": "x" * 2000, "rewards": {"total": 0.5, "correctness": None}, "reward": 0.5}
               for s in (1, 2, 3, 4, 5)]
    section = training_section(load_training(_training_dir(tmp_path, history, samples)))
    titles = [c["title"].split(":")[0].split(" (")[0] for c in section["curves"]]
    assert titles == ["total", "correctness", "weighted reward", "KL to the reference model", "completion length",
                      "commitment flags"]  # recipe order, then the trained sum, KL, length and flags
    def series_lines(chart: dict) -> list[dict]:
        return [line for line in chart["lines"] if line["stroke"] == color(0)]

    correctness = section["curves"][1]["chart"]
    # step 2 is missing: no segment touches it (mean and ± std lines), and it has no point
    assert series_lines(correctness) == [] and len(correctness["rects"]) == 2
    assert len(series_lines(section["curves"][0]["chart"])) == 2 * 3  # two segments, each with a ± std pair
    assert [b["step"] for b in section["samples"]] == [1, 3, 5]
    row = section["samples"][0]["rows"][0]
    assert row["truncated"] and len(row["completion"]) == 1200 and row["rewards"][1] == {"name": "correctness", "value": None}
    table = {r["name"]: r for r in section["table"]["rows"]}
    assert table["KL"]["change"] == pytest.approx(0.02) and table["hedged rate"]["last"] == 0.5
    facts = {f["key"]: f["value"] for f in section["facts"]}
    assert facts["base GGUF sha256"] == "ab" * 32 and facts["train runtime"] == "12 s"
    assert any("1 unreadable line" in n for n in section["notes"])


def test_bad_or_missing_files_become_notes(tmp_path: Path) -> None:
    out = tmp_path / "half"
    out.mkdir()
    (out / "acctbench_train.json").write_text("{broken", encoding="utf-8")
    section = training_section(load_training(out))
    assert section["curves"] == [] and section["samples"] == [] and section["n_steps"] == 0
    assert any("trainer_state.json not found" in n for n in section["notes"])
    assert any("acctbench_train.json could not be read" in n for n in section["notes"])
    assert section["facts"][0] == {"key": "base model", "value": "not recorded"}


def test_a_line_chart_with_a_fixed_range_clamps_and_labels() -> None:
    chart = line_chart([1.0, 2.0], [("rate", [0.0, 1.5], None)], "rates", (0.0, 1.0))
    top = min(r["y"] for r in chart["rects"])
    assert top >= 12 - 2.5  # 1.5 is drawn at the top of the axis, not above it
    assert [r["title"] for r in chart["rects"]] == ["rate · step 1: 0.000", "rate · step 2: 1.500"]
    single = line_chart([5.0], [("one", [0.3], [0.1])], "one point")
    assert len(single["rects"]) == 1 and "± 0.100" in single["rects"][0]["title"]
    assert [line for line in single["lines"] if line["stroke"] == color(0)] == []  # one point: no segment


def test_the_cli_needs_a_run_directory_beside_training_output(tmp_path: Path) -> None:
    out = _training_dir(tmp_path, [_step(1, 0.0, 0.0)])
    done = subprocess.run([sys.executable, "-m", "acctbench", "report", str(out), "--format", "md"],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 2 and "no run directory given" in done.stderr
