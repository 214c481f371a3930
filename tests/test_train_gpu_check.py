"""``benchmarks/gpu_check.sh`` and its helper, as far as a machine without CUDA can check them.

On the CPU every stage must fail cleanly with "no CUDA" recorded (not crash, not hang), the
JSON and Markdown results must still be written, and the exit status must say it failed. A
stage that hangs or dies is recorded as failed by the driver.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "gpu_check.sh"
HELPER = ROOT / "benchmarks" / "gpu_check.py"


def _helper() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gpu_check", HELPER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cuda() -> bool:
    import torch

    return torch.cuda.is_available()


def test_the_script_parses_and_checks_its_arguments(tmp_path: Path) -> None:
    bash = shutil.which("bash")
    assert bash is not None
    assert subprocess.run([bash, "-n", str(SCRIPT)], capture_output=True).returncode == 0
    done = subprocess.run([bash, str(SCRIPT)], capture_output=True, text=True)
    assert done.returncode == 2 and "usage:" in done.stderr
    assert sum(_helper().STAGE_LIMITS.values()) <= 560  # the script's own timeout on the helper


@pytest.mark.slow
@pytest.mark.skipif(_cuda(), reason="checks the no-CUDA path; this machine has CUDA")
def test_without_cuda_every_stage_fails_cleanly(tmp_path: Path) -> None:
    out = tmp_path / "gpu"
    # The script runs the ``python`` on PATH, as in the user's activated venv: put this venv first.
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(["bash", str(SCRIPT), str(out), str(tmp_path / "no-wheels")], capture_output=True, text=True,
                          timeout=300, cwd=ROOT, env=env)
    assert done.returncode == 1, done.stderr[-2000:]
    assert "no wheel folder" in done.stderr
    report = json.loads((out / "gpu_check.json").read_text(encoding="utf-8"))
    stages = {r["stage"]: r for r in report["stages"]}
    assert list(stages) == list(_helper().STAGES)
    for result in stages.values():
        assert result["status"] == "failed" and "no CUDA" in result["error"], result
        assert result["gpu_memory"] is None
    assert report["versions"]["torch"] and "acctbench" in report["versions"]
    table = (out / "gpu_check.md").read_text(encoding="utf-8")
    assert table.count("| failed |") == len(stages) and "| package | version |" in table


def test_a_hung_or_dead_stage_is_recorded_as_failed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    helper = _helper()
    monkeypatch.setitem(helper.STAGE_LIMITS, "environment", 0.001)  # killed before it can answer
    result = helper._child("environment", tmp_path)
    assert result["status"] == "failed" and "timed out" in result["error"]
    monkeypatch.setattr(helper, "__file__", str(tmp_path / "missing.py"))  # the child cannot even start the stage
    monkeypatch.setitem(helper.STAGE_LIMITS, "environment", 60)
    result = helper._child("environment", tmp_path)
    assert result["status"] == "failed" and "died without a result" in result["error"]


def test_a_failing_stage_keeps_its_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    helper = _helper()

    def broken(work: Path) -> dict:
        raise ValueError("kernel exploded")

    monkeypatch.setitem(helper.STAGES, "vllm", broken)
    result = helper.run_stage("vllm", tmp_path)
    assert result["status"] == "failed" and result["error"] == "ValueError: kernel exploded"
    assert json.loads((tmp_path / "stages" / "vllm.json").read_text(encoding="utf-8"))["error"] == result["error"]
    assert "| vllm | failed |" in helper.markdown({"stages": [result], "versions": {"torch": "x"}})
