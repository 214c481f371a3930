"""The OpenVINO embedding runtime of ``similarity``: agreement with torch, the IR cache, ``auto`` and its fallbacks."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from acctbench.rewards import embedding as E
from acctbench.rewards.similarity import DEFAULT_MODEL, Similarity, resolve_model_path
from tests.test_embedding import bundled_texts

ov = pytest.importorskip("openvino", reason="OpenVINO is optional (in the onnx extra, so in the test extra)")

SOURCE = Path(resolve_model_path(DEFAULT_MODEL))
FP32_TOLERANCE = 1e-4
"""Max abs difference of a cosine between fp32 torch and fp32 OpenVINO (measured: below 1e-6)."""
BF16_TOLERANCE = 5e-3
"""Max abs difference of a cosine between fp32 torch and bf16 OpenVINO (measured: up to 3e-3)."""
HAS_BF16 = "BF16" in ov.Core().get_property("CPU", "OPTIMIZATION_CAPABILITIES")


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("xdg")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(root))
        E.exported(SOURCE, "openvino")  # one export and conversion for the module
    return root


def pair_cosines(vectors: np.ndarray, n: int = 500) -> np.ndarray:
    i, j = np.random.default_rng(0).integers(0, len(vectors), (2, n))
    return np.einsum("ij,ij->i", vectors[i], vectors[j])


@pytest.mark.slow
@pytest.mark.parametrize("backend, tolerance", [("openvino", FP32_TOLERANCE), ("openvino-bf16", BF16_TOLERANCE)])
def test_openvino_matches_torch(cache: Path, monkeypatch: pytest.MonkeyPatch, backend: str, tolerance: float) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    texts = bundled_texts()
    encoder, used = E.load_encoder(str(SOURCE), backend)
    torch_model, _ = E.load_encoder(str(SOURCE), "torch")
    assert isinstance(encoder, E.OpenVinoEncoder) and used == (backend if HAS_BF16 else "openvino")
    a = encoder.encode(texts, batch_size=16, normalize_embeddings=True)
    b = torch_model.encode(texts, batch_size=16, normalize_embeddings=True, show_progress_bar=False)
    assert a.shape == b.shape == (len(texts), 384)
    assert float(np.abs(pair_cosines(a) - pair_cosines(b)).max()) < tolerance
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    # The order of the texts and the batch size do not change an embedding beyond the tolerance.
    shuffled = encoder.encode(texts[::-1], batch_size=5, normalize_embeddings=True)[::-1]
    assert float(np.abs(np.einsum("ij,ij->i", a, shuffled) - 1).max()) < tolerance


def test_ir_is_cached_with_fp32_weights(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    path = E.exported(SOURCE, "openvino")
    assert path == cache / "acctbench" / "embeddings" / E.model_digest(SOURCE) / "openvino" / E.OPENVINO_FILE
    assert path.with_suffix(".bin").is_file()
    monkeypatch.setattr(E, "convert_openvino", lambda *a: pytest.fail("converted again"))
    assert E.exported(SOURCE, "openvino") == path  # the second load reads the cache
    weights = {str(op.get_output_element_type(0)) for op in ov.Core().read_model(str(path)).get_ops() if op.get_type_name() == "Constant"}
    assert "<Type: 'float16'>" not in weights and "<Type: 'float32'>" in weights  # not compressed to fp16


def test_auto_picks_openvino_bf16_on_a_local_cpu_model(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert E.DEFAULT_BACKEND == "auto" and Similarity().backend == "auto"
    assert E.resolve_backend("auto", str(SOURCE)) == "openvino-bf16"
    assert E.resolve_backend("auto", str(SOURCE), device="cpu") == "openvino-bf16"
    assert E.resolve_backend("auto", str(SOURCE), device="cuda") == "torch"  # torch on a GPU
    assert E.resolve_backend("auto", "sentence-transformers/all-mpnet-base-v2") == "torch"  # a hub name: not exported
    assert E.resolve_backend("openvino", "a/hub-name") == "openvino"  # an explicit runtime is kept (and warns at load)
    monkeypatch.setattr(E.importlib.util, "find_spec", lambda name: None)
    assert E.resolve_backend("auto", str(SOURCE)) == "torch"  # OpenVINO not installed


def test_auto_falls_back_to_torch_without_a_warning(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
                                                     tmp_path: Path) -> None:
    import sentence_transformers

    (tmp_path / "modules.json").write_text('[{"type": "x.Transformer", "path": ""}, {"type": "x.Dense", "path": "1"}]')
    loads: list[str] = []
    monkeypatch.setattr(sentence_transformers, "SentenceTransformer", lambda path, device=None: loads.append(path))
    monkeypatch.setattr(E, "_warned", set())
    with caplog.at_level(logging.INFO, logger=E.__name__):
        assert E.load_encoder(str(tmp_path), "auto")[1] == "torch"
        assert E.load_encoder(str(tmp_path), "openvino")[1] == "torch"
    levels = [(r.levelname, "only Transformer" in r.message) for r in caplog.records]
    assert levels == [("INFO", True), ("WARNING", True)]  # auto notes it; an explicit openvino warns
    assert loads == [str(tmp_path)] * 2


def test_bf16_runs_in_fp32_on_a_cpu_without_it(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))

    class NoBf16Core(ov.Core):
        def get_property(self, device: str, name: str):  # type: ignore[override]
            return ["FP32", "INT8"] if name == "OPTIMIZATION_CAPABILITIES" else super().get_property(device, name)

    monkeypatch.setattr(ov, "Core", NoBf16Core)
    encoder, used = E.load_encoder(str(SOURCE), "openvino-bf16")
    assert used == "openvino" and encoder.precision == "f32"
    assert str(encoder.compiled.get_property("INFERENCE_PRECISION_HINT")) == "<Type: 'float32'>"


def test_scorer_on_auto_never_raises(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    sim = Similarity()
    item = {"type": "text", "question": "Why match expenses?", "reference": {"reasoning": "", "answer": "Costs follow revenue."}}
    for completion in ("", None, "\udcff" * 3, "x " * 5000, [{"role": "assistant", "content": "Costs follow the revenue."}]):
        score = sim(item, completion)
        assert 0.0 <= score.value <= 1.0
    assert sim.runtime == ("openvino-bf16" if HAS_BF16 else "openvino")
