"""The ONNX embedding runtime of ``similarity``: agreement with torch, the export cache, the torch fallback."""

from __future__ import annotations

import builtins
import json
import logging
from pathlib import Path

import numpy as np
import pytest

from acctbench.rewards import embedding as E
from acctbench.rewards.parsing import parse
from acctbench.rewards.similarity import DEFAULT_MODEL, Similarity, resolve_model_path

pytest.importorskip("onnxruntime", reason="the onnx runtime is optional (in the test extra)")

SOURCE = Path(resolve_model_path(DEFAULT_MODEL))
FP32_TOLERANCE = 1e-4
"""Max abs difference of a cosine between fp32 torch and fp32 ONNX Runtime (measured: below 1e-6)."""


def bundled_texts(n: int = 96) -> list[str]:
    """Answers from the held-out pairs: real free-text and numeric answers of several lengths."""
    texts: list[str] = []
    for path in sorted(Path(__file__).resolve().parents[1].joinpath("rewards").glob("heldout_pairs*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            texts += [parse(row[k]).answer or "" for k in ("chosen", "rejected")]
    return [t for t in dict.fromkeys(texts) if t.strip()][:n]


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("xdg")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(root))
        E.exported(SOURCE, "fp32")  # one export for the module
    return root


@pytest.mark.slow
def test_onnx_matches_torch(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    texts = bundled_texts()
    onnx, used = E.load_encoder(str(SOURCE), "onnx")
    torch_model, _ = E.load_encoder(str(SOURCE), "torch")
    assert used == "onnx" and isinstance(onnx, E.OnnxEncoder)
    a = onnx.encode(texts, batch_size=16, normalize_embeddings=True)
    b = torch_model.encode(texts, batch_size=16, normalize_embeddings=True, show_progress_bar=False)
    assert a.shape == b.shape == (len(texts), 384)
    rng = np.random.default_rng(0)
    i, j = rng.integers(0, len(texts), (2, 500))
    cos_a, cos_b = np.einsum("ij,ij->i", a[i], a[j]), np.einsum("ij,ij->i", b[i], b[j])
    assert float(np.abs(cos_a - cos_b).max()) < FP32_TOLERANCE
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)


def test_cache_is_keyed_by_model_hash_and_reused(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    path = E.exported(SOURCE, "fp32")
    assert path == cache / "acctbench" / "embeddings" / E.model_digest(SOURCE) / "fp32" / E.ONNX_FILE
    monkeypatch.setattr(E, "export_onnx", lambda *a: pytest.fail("exported again"))
    assert E.exported(SOURCE, "fp32") == path  # the second load reads the cache
    assert not [p for p in path.parent.parent.iterdir() if p.name.startswith(".")]  # no temp folder left


def test_a_lost_race_keeps_the_winners_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "model"
    source.mkdir()
    (source / "weights").write_bytes(b"w")

    def racing_export(src: Path, target: Path) -> None:  # another process finishes first
        winner = tmp_path / "cache" / E.model_digest(src) / "fp32"
        winner.mkdir(parents=True)
        (winner / E.ONNX_FILE).write_bytes(b"winner")
        target.write_bytes(b"loser")

    monkeypatch.setattr(E, "export_onnx", racing_export)
    path = E.exported(source, "fp32", root=tmp_path / "cache")
    assert path.read_bytes() == b"winner"
    assert [p.name for p in path.parent.parent.iterdir()] == ["fp32"]


def test_fallback_to_torch_when_onnxruntime_is_missing(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
                                                        tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    real_import = builtins.__import__

    def no_onnxruntime(name: str, *args, **kwargs):
        if name.startswith("onnxruntime"):
            raise ImportError("No module named 'onnxruntime'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_onnxruntime)
    monkeypatch.setattr(E, "exported", lambda *a: tmp_path / "model.onnx")  # skip the export; the import fails next
    monkeypatch.setattr(E, "_warned", set())
    with caplog.at_level(logging.WARNING, logger=E.__name__):
        model, used = E.load_encoder(str(SOURCE), "onnx")
        E.load_encoder(str(SOURCE), "onnx")
    assert used == "torch" and not isinstance(model, E.OnnxEncoder)
    assert len([r for r in caplog.records if "using fp32 torch" in r.message]) == 1  # warned once


def test_unsupported_model_and_device_fall_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(E, "_warned", set())
    with pytest.raises(ValueError, match="only Transformer"):
        (tmp_path / "modules.json").write_text(json.dumps([{"type": "x.Transformer", "path": ""}]))
        E.pooling_layout(tmp_path)
    assert E.pooling_layout(SOURCE) is True  # MiniLM: Transformer, mean Pooling, Normalize
    import sentence_transformers

    loads: list[tuple[str, str | None]] = []
    monkeypatch.setattr(sentence_transformers, "SentenceTransformer", lambda path, device=None: loads.append((path, device)))
    assert E.load_encoder(str(SOURCE), "onnx", device="cuda")[1] == "torch"  # ONNX Runtime runs on the CPU here
    assert loads == [(str(SOURCE), "cuda")]


def test_bad_backend_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown embedding backend 'onnx8'"):
        Similarity(backend="onnx8")


def test_scorer_on_onnx_never_raises(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    sim = Similarity(backend="onnx")
    item = {"type": "text", "question": "Why match expenses?", "reference": {"reasoning": "", "answer": "Costs follow revenue."}}
    for completion in ("", None, "\udcff" * 3, "x " * 5000, [{"role": "assistant", "content": "Costs follow the revenue."}]):
        score = sim(item, completion)
        assert 0.0 <= score.value <= 1.0
    assert sim.runtime == "onnx"


def test_backend_option_reaches_the_scorer_from_judge_and_cli() -> None:
    import argparse

    from acctbench.cli.score import add_scoring_options, judge_from_args
    from acctbench.rewards.judge import Judge

    assert Judge(["similarity"], similarity_backend="onnx").scorers["similarity"].backend == "onnx"
    parser = argparse.ArgumentParser()
    add_scoring_options(parser)
    args = parser.parse_args(["--scorers", "similarity", "--similarity-backend", "onnx-int8"])
    assert judge_from_args(args).scorers["similarity"].backend == "onnx-int8"
    assert parser.parse_args([]).similarity_backend == "auto"
    assert parser.parse_args(["--similarity-backend", "openvino-bf16"]).similarity_backend == "openvino-bf16"
