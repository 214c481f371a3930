"""The smoke recipe with no argument, and the report's training section on its real output.

``acctbench train --config finetune/tiny-cpu.yaml`` runs offline with nothing else: the recipe's
``model: tiny-random-llama`` is built into the cache (``XDG_CACHE_HOME``, a temporary folder here).
The output directory then goes into ``acctbench report`` beside a run directory of the adapter,
and the HTML opens in a real headless Chromium where one is installed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from acctbench.rewards.trl import COMMITMENT_FLAGS
from tests.cdp import Browser, find_chromium

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "finetune" / "tiny-cpu.yaml"
SCORERS = ["correctness", "similarity", "principles", "terms", "xml_format"]

pytestmark = pytest.mark.slow


def _cli(cwd: Path, env: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "acctbench", *argv], capture_output=True, text=True, timeout=600, cwd=cwd, env=env)


@pytest.fixture(scope="module")
def smoke(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The smoke recipe run with no argument (in a fresh working directory and cache), and a
    2-item run directory of its adapter."""
    root = tmp_path_factory.mktemp("smoke")
    env = {**os.environ, "XDG_CACHE_HOME": str(root / "cache"), "HF_HUB_OFFLINE": "1"}
    trained = _cli(root, env, "train", "--config", str(TINY))
    out = root / "outputs" / "tiny-cpu"
    run = root / "eval"
    evaluated = _cli(root, env, "run", "--model", str(out), "--suite", "choice", "--limit", "2",
                     "--max-new-tokens", "16", "--out", str(run), "--no-progress") if trained.returncode == 0 else None
    return {"root": root, "env": env, "out": out, "run": run, "trained": trained, "evaluated": evaluated}


def test_the_smoke_recipe_trains_with_no_argument(smoke: dict[str, Any]) -> None:
    trained = smoke["trained"]
    assert trained.returncode == 0, trained.stderr[-3000:]
    out = smoke["out"]
    meta = json.loads((out / "acctbench_train.json").read_text(encoding="utf-8"))
    assert meta["status"] == "finished" and meta["global_step"] == 3
    assert meta["base_model"]["spec"] == "tiny-random-llama"
    base = Path(json.loads((out / "adapter_config.json").read_text(encoding="utf-8"))["base_model_name_or_path"])
    # the adapter names the cached tiny model, inside this test's XDG_CACHE_HOME
    assert base.parent == smoke["root"] / "cache" / "acctbench" / "tiny-random-llama"
    assert (base / "config.json").is_file() and (base / "tokenizer.json").is_file()
    assert not [p for p in base.parent.iterdir() if p.name.startswith(".")]  # no half-built copy left
    state = json.loads((out / "trainer_state.json").read_text(encoding="utf-8"))
    assert [h["step"] for h in state["log_history"] if "reward" in h] == [1, 2, 3]
    evaluated = smoke["evaluated"]
    assert evaluated is not None and evaluated.returncode == 0, evaluated.stderr[-3000:]
    identity = json.loads((smoke["run"] / "run.json").read_text(encoding="utf-8"))["model"]["identity"]
    assert identity["kind"] == "adapter" and Path(identity["base_model"]) == base


def test_the_tiny_model_is_built_once(smoke: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    from acctbench.train import tiny

    monkeypatch.setenv("XDG_CACHE_HOME", str(smoke["root"] / "cache"))
    monkeypatch.setattr(tiny, "build_tiny_llama", lambda *a, **k: pytest.fail("rebuilt a cached tiny model"))
    assert tiny.tiny_llama_checkpoint().parent == smoke["root"] / "cache" / "acctbench" / "tiny-random-llama"


def _report(smoke: dict[str, Any], fmt: str) -> str:
    target = smoke["root"] / f"report.{fmt}"
    done = _cli(smoke["root"], smoke["env"], "report", str(smoke["run"]), str(smoke["out"]), "-o", str(target))
    assert done.returncode == 0, done.stderr[-3000:]
    return target.read_text(encoding="utf-8")


def test_the_report_adds_a_training_section(smoke: dict[str, Any]) -> None:
    from acctbench.report.training import load_training, training_section

    section = training_section(load_training(smoke["out"]))
    assert section["n_steps"] == 3 and not section["notes"]
    titles = [c["title"] for c in section["curves"]]
    assert [t.split(":")[0] for t in titles[:5]] == SCORERS  # one chart per reward, in recipe order
    assert any(t.startswith("weighted reward") for t in titles) and any(t.startswith("completion length") for t in titles)
    assert any(t.startswith("commitment flags") for t in titles)
    assert not any(t.startswith("KL") for t in titles)  # beta 0: TRL logs no KL
    flags = next(c for c in section["curves"] if c["title"].startswith("commitment flags"))
    assert [s["name"] for s in flags["legend"]] == list(COMMITMENT_FLAGS)
    state = json.loads((smoke["out"] / "trainer_state.json").read_text(encoding="utf-8"))["log_history"]
    last = [h for h in state if "reward" in h][-1]
    row = next(r for r in section["table"]["rows"] if r["name"] == "weighted reward")
    assert row["last"] == pytest.approx(last["reward"])
    assert [b["step"] for b in section["samples"]] == [1, 2, 3]
    assert all(set(x["name"] for x in r["rewards"]) == {*SCORERS, *COMMITMENT_FLAGS} for b in section["samples"] for r in b["rows"])

    html = _report(smoke, "html")
    assert '<section id="training">' in html and '<a href="#training">Training</a>' in html
    body = html.split('<section id="training">')[1].split("</section>")[0]
    assert body.count("<svg") == len(section["curves"]) and "Sampled completions at step 3" in body
    markdown = _report(smoke, "md")
    assert "## Training: tiny-cpu" in markdown and "### Sampled completions at step 1" in markdown
    assert "| base model | tiny-random-llama |" in markdown


@pytest.mark.browser
@pytest.mark.skipif(find_chromium() is None, reason="no chromium on PATH (apt-get install chromium)")
def test_the_training_section_in_a_browser(smoke: dict[str, Any]) -> None:
    _report(smoke, "html")
    with Browser() as browser:
        page = browser.new_page()
        page.navigate((smoke["root"] / "report.html").as_uri())
        page.wait_for("document.body.dataset.ready === '1'")
        assert page.errors() == []
        assert page.evaluate("document.querySelectorAll('#training svg.chart').length") >= 8
        assert page.evaluate("document.querySelectorAll('#training svg.chart rect title').length") > 20  # point tooltips
        visible = page.evaluate("document.querySelector('#training').innerText")
        assert "Sampled completions at step 3" in visible and "weighted reward" in visible
