"""The embedding runtime of the ``similarity`` scorer: fp32 torch, or ONNX Runtime in fp32 or int8.

``torch`` is sentence-transformers itself. ``onnx`` runs the same network through ONNX Runtime:
the model's Transformer and its mean pooling are exported once with ``torch.onnx.export`` from the
local weights (never a hub). ``onnx-int8`` then quantises the weights of its matrix products to
int8 (dynamic quantisation: activations are quantised per batch at run time).

Exports are cached in ``$XDG_CACHE_HOME/acctbench/embeddings/<sha256 of the model files>/<variant>/``
(``~/.cache`` when the variable is unset). A first use builds in a temporary folder beside it and
renames that into place, so concurrent first uses are safe and a half-written export is never read.

When ONNX Runtime is not installed, the model is not a plain Transformer with mean pooling, the
device is not the CPU, or the export fails, a warning is logged once and torch is used.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import warnings
from pathlib import Path
from typing import Any

import numpy as np

logger = logging.getLogger(__name__)

BACKENDS = ("torch", "onnx", "onnx-int8")
DEFAULT_BACKEND = "torch"
EXPORT_VERSION = "1"
"""Part of the cache key: bump it when the exported graph changes."""
ONNX_FILE = "model.onnx"
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
_warned: set[str] = set()


def check_backend(backend: str) -> str:
    """``backend`` if it names a runtime, else a ValueError listing them."""
    if backend not in BACKENDS:
        raise ValueError(f"unknown embedding backend {backend!r} (available: {', '.join(BACKENDS)})")
    return backend


def cache_root() -> Path:
    """``$XDG_CACHE_HOME/acctbench/embeddings`` (``~/.cache`` when unset)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "acctbench" / "embeddings"


def model_digest(source: Path) -> str:
    """sha256 over the model folder's files (names and bytes) and the export version."""
    digest = hashlib.sha256(f"acctbench-onnx-{EXPORT_VERSION}".encode())
    for path in sorted(p for p in source.rglob("*") if p.is_file() and not p.name.startswith(".")):
        digest.update(str(path.relative_to(source)).encode() + b"\0")
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def pooling_layout(source: Path) -> bool:
    """Whether the model normalises; ValueError unless it is Transformer, mean pooling[, Normalize]."""
    modules = json.loads((source / "modules.json").read_text(encoding="utf-8"))
    kinds = [m["type"].rsplit(".", 1)[-1] for m in modules]
    if kinds not in (["Transformer", "Pooling"], ["Transformer", "Pooling", "Normalize"]):
        raise ValueError(f"modules {kinds}: only Transformer, Pooling[, Normalize] export")
    pooling = json.loads((source / modules[1]["path"] / "config.json").read_text(encoding="utf-8"))
    modes = sorted(k for k, v in pooling.items() if k.startswith("pooling_mode") and v is True) or [pooling.get("pooling_mode")]
    if modes not in (["pooling_mode_mean_tokens"], ["mean"]):
        raise ValueError(f"pooling {modes}: only mean pooling exports")
    return kinds[-1] == "Normalize"


def export_onnx(source: Path, target: Path) -> None:
    """Export the Transformer and mean pooling of the model in ``source`` to ``target`` (opset 17)."""
    import torch
    from sentence_transformers import SentenceTransformer

    st = SentenceTransformer(str(source), device="cpu")

    class MeanPooled(torch.nn.Module):
        def __init__(self, encoder: torch.nn.Module) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            return (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)

    example = st.tokenizer(["an example", "a slightly longer example text"], padding=True, return_tensors="pt")
    axes = {name: {0: "batch", 1: "tokens"} for name in INPUTS}
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")  # the TorchScript exporter's deprecation and tracer notes
        torch.onnx.export(MeanPooled(st[0].auto_model).eval(), tuple(example[n] for n in INPUTS), str(target), dynamo=False,
                          input_names=list(INPUTS), output_names=["embedding"], dynamic_axes={**axes, "embedding": {0: "batch"}},
                          opset_version=17)


def quantize_int8(source: Path, target: Path) -> None:
    """Dynamic int8 quantisation of the matrix-product weights of ``source``."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(source), str(target), weight_type=QuantType.QInt8)


def exported(source: Path, variant: str, root: Path | None = None) -> Path:
    """The cached ONNX file of ``variant`` (``fp32`` or ``int8``) for the model in ``source``, built on first use."""
    folder = (root or cache_root()) / model_digest(source)
    final = folder / variant
    if (final / ONNX_FILE).is_file():
        return final / ONNX_FILE
    fp32 = exported(source, "fp32", root) if variant == "int8" else None
    folder.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{variant}-", dir=folder))
    try:
        if fp32 is None:
            export_onnx(source, tmp / ONNX_FILE)
        else:
            quantize_int8(fp32, tmp / ONNX_FILE)
        logger.info("exported %s to %s", source, final)
        try:
            os.rename(tmp, final)
        except OSError:  # another process renamed its export into place first
            if not (final / ONNX_FILE).is_file():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return final / ONNX_FILE


class OnnxEncoder:
    """``encode`` like sentence-transformers, on ONNX Runtime: same tokenizer, same pooling."""

    def __init__(self, source: Path, onnx_file: Path, normalize: bool) -> None:
        import onnxruntime as ort
        from transformers import AutoTokenizer

        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3
        self.session = ort.InferenceSession(str(onnx_file), options, providers=["CPUExecutionProvider"])
        self.tokenizer = AutoTokenizer.from_pretrained(str(source))
        bert_config = source / "sentence_bert_config.json"
        configured = json.loads(bert_config.read_text(encoding="utf-8")).get("max_seq_length") if bert_config.is_file() else None
        self.max_length = min(configured or self.tokenizer.model_max_length, self.tokenizer.model_max_length)
        self.normalize = normalize
        self.onnx_file = onnx_file

    def encode(self, texts: list[str], batch_size: int = 32, normalize_embeddings: bool = False, show_progress_bar: bool = False,
               **_: Any) -> np.ndarray:
        """Embeddings of ``texts`` in order (batches of similar length, like sentence-transformers)."""
        parts: list[np.ndarray] = []
        order = np.argsort([-len(t) for t in texts], kind="stable")
        for start in range(0, len(texts), batch_size):
            rows = order[start:start + batch_size]
            tokens = self.tokenizer([texts[i] for i in rows], padding=True, truncation="longest_first", max_length=self.max_length,
                                    return_tensors="np")
            parts.append(self.session.run(None, {name: tokens[name].astype(np.int64) for name in INPUTS})[0])
        out = np.zeros((len(texts), parts[0].shape[1] if parts else 0), dtype=np.float32)
        out[order] = np.concatenate(parts) if parts else out
        if normalize_embeddings or self.normalize:
            out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        return out


def _warn_once(message: str) -> None:
    if message not in _warned:
        _warned.add(message)
        logger.warning(message)


def load_encoder(model_path: str, backend: str, device: str | None = None) -> tuple[Any, str]:
    """The encoder for ``backend`` and the backend actually used; torch where ONNX cannot run."""
    check_backend(backend)
    if backend != "torch":
        source = Path(model_path)
        try:
            if device not in (None, "cpu"):
                raise ValueError(f"device {device!r}: ONNX Runtime runs here on the CPU only")
            if not source.is_dir():
                raise ValueError("not a local model folder")
            normalize = pooling_layout(source)
            return OnnxEncoder(source, exported(source, "int8" if backend == "onnx-int8" else "fp32"), normalize), backend
        except Exception as exc:  # ImportError (no onnxruntime), an unsupported model, a failed export
            _warn_once(f"similarity: embedding backend {backend} unavailable for {model_path} ({type(exc).__name__}: {exc}); "
                       "using fp32 torch")
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(model_path, device=device), "torch"
