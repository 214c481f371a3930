"""The embedding runtime of the ``similarity`` scorer: fp32 torch, ONNX Runtime, or OpenVINO.

``torch`` is sentence-transformers itself. ``onnx`` runs the same network through ONNX Runtime:
the model's Transformer and its mean pooling are exported once with ``torch.onnx.export`` from the
local weights (never a hub). ``onnx-int8`` then quantises the weights of its matrix products to
int8 (dynamic quantisation: activations are quantised per batch at run time). ``openvino`` runs
that export, converted once to OpenVINO IR with fp32 weights, in fp32; ``openvino-bf16`` runs it
with bf16 matrix products (AMX / AVX-512 BF16), and in fp32 on a CPU without them.

Exports are cached in ``$XDG_CACHE_HOME/acctbench/embeddings/<sha256 of the model files>/<variant>/``
(``~/.cache`` when the variable is unset). A first use builds in a temporary folder beside it and
renames that into place, so concurrent first uses are safe and a half-written export is never read.

``auto`` (the default) is ``openvino-bf16`` where OpenVINO is installed, the device is the CPU and
the model is a local folder, and fp32 torch otherwise. On the bundled audit and held-out pair
sets its figures equal fp32 torch's (cosines within 5e-3; tests/test_embedding_audit.py).

When an asked-for runtime is not installed, the model is not a plain Transformer with mean pooling,
the device is not the CPU, or the export fails, a warning is logged once and torch is used (for
``auto``, an info message).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
import shutil
import tempfile
import warnings
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any

import numpy as np

logger = logging.getLogger(__name__)

BACKENDS = ("auto", "torch", "onnx", "onnx-int8", "openvino", "openvino-bf16")
DEFAULT_BACKEND = "auto"
AUTO = "openvino-bf16"
"""What ``auto`` runs where it can."""
EXPORT_VERSION = "1"
"""Part of the cache key: bump it when the exported graph changes."""
ONNX_FILE = "model.onnx"
OPENVINO_FILE = "model.xml"
"""OpenVINO IR: the graph; its fp32 weights are in ``model.bin`` beside it."""
FILES = {"fp32": ONNX_FILE, "int8": ONNX_FILE, "openvino": OPENVINO_FILE}
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


def convert_openvino(source: Path, target: Path) -> None:
    """Convert the ONNX file ``source`` to OpenVINO IR at ``target``, weights kept in fp32.

    ``Core.read_model`` reads ONNX directly; ``ov.convert_model`` would do the same and also start telemetry."""
    import openvino as ov

    ov.save_model(ov.Core().read_model(str(source)), str(target), compress_to_fp16=False)


def exported(source: Path, variant: str, root: Path | None = None) -> Path:
    """The cached file of ``variant`` (``fp32``, ``int8`` or ``openvino``) for the model in ``source``, built on first use."""
    folder = (root or cache_root()) / model_digest(source)
    final, name = folder / variant, FILES[variant]
    if (final / name).is_file():
        return final / name
    fp32 = exported(source, "fp32", root) if variant != "fp32" else None
    folder.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{variant}-", dir=folder))
    try:
        if fp32 is None:
            export_onnx(source, tmp / name)
        elif variant == "int8":
            quantize_int8(fp32, tmp / name)
        else:
            convert_openvino(fp32, tmp / name)
        logger.info("exported %s to %s", source, final)
        try:
            os.rename(tmp, final)
        except OSError:  # another process renamed its export into place first
            if not (final / name).is_file():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return final / name


class ExportedEncoder(ABC):
    """``encode`` like sentence-transformers on an exported graph: same tokenizer, same pooling."""

    def __init__(self, source: Path, normalize: bool) -> None:
        from transformers import AutoTokenizer

        self.tokenizer = AutoTokenizer.from_pretrained(str(source))
        bert_config = source / "sentence_bert_config.json"
        configured = json.loads(bert_config.read_text(encoding="utf-8")).get("max_seq_length") if bert_config.is_file() else None
        self.max_length = min(configured or self.tokenizer.model_max_length, self.tokenizer.model_max_length)
        self.normalize = normalize

    @abstractmethod
    def infer(self, feeds: dict[str, np.ndarray]) -> np.ndarray:
        """Mean-pooled embeddings of one tokenised batch."""

    def encode(self, texts: list[str], batch_size: int = 32, normalize_embeddings: bool = False, show_progress_bar: bool = False,
               **_: Any) -> np.ndarray:
        """Embeddings of ``texts`` in order (batches of similar length, like sentence-transformers)."""
        parts: list[np.ndarray] = []
        order = np.argsort([-len(t) for t in texts], kind="stable")
        for start in range(0, len(texts), batch_size):
            rows = order[start:start + batch_size]
            tokens = self.tokenizer([texts[i] for i in rows], padding=True, truncation="longest_first", max_length=self.max_length,
                                    return_tensors="np")
            parts.append(self.infer({name: tokens[name].astype(np.int64) for name in INPUTS}))
        out = np.zeros((len(texts), parts[0].shape[1] if parts else 0), dtype=np.float32)
        out[order] = np.concatenate(parts) if parts else out
        if normalize_embeddings or self.normalize:
            out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        return out


class OnnxEncoder(ExportedEncoder):
    """The export on ONNX Runtime (fp32 or int8)."""

    def __init__(self, source: Path, onnx_file: Path, normalize: bool) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3
        self.session = ort.InferenceSession(str(onnx_file), options, providers=["CPUExecutionProvider"])
        self.onnx_file = onnx_file
        super().__init__(source, normalize)

    def infer(self, feeds: dict[str, np.ndarray]) -> np.ndarray:
        return self.session.run(None, feeds)[0]


class OpenVinoEncoder(ExportedEncoder):
    """The export on OpenVINO's CPU plugin, with fp32 or (where the CPU has it) bf16 matrix products."""

    def __init__(self, source: Path, ir_file: Path, normalize: bool, bf16: bool = False) -> None:
        import openvino as ov

        core = ov.Core()
        self.precision = "bf16" if bf16 and "BF16" in core.get_property("CPU", "OPTIMIZATION_CAPABILITIES") else "f32"
        self.compiled = core.compile_model(core.read_model(str(ir_file)), "CPU",
                                           {"INFERENCE_PRECISION_HINT": self.precision, "PERFORMANCE_HINT": "LATENCY"})
        self.ir_file = ir_file
        super().__init__(source, normalize)

    def infer(self, feeds: dict[str, np.ndarray]) -> np.ndarray:
        return self.compiled(feeds)[0]


def _warn_once(message: str) -> None:
    if message not in _warned:
        _warned.add(message)
        logger.warning(message)


def resolve_backend(backend: str, model_path: str, device: str | None = None) -> str:
    """The runtime to try for ``backend``: ``auto`` becomes ``openvino-bf16`` where it can run, else ``torch``."""
    if check_backend(backend) != "auto":
        return backend
    usable = device in (None, "cpu") and Path(model_path).is_dir() and importlib.util.find_spec("openvino") is not None
    return AUTO if usable else "torch"


def _exported_encoder(source: Path, backend: str) -> tuple[ExportedEncoder, str]:
    normalize = pooling_layout(source)
    if backend.startswith("openvino"):
        encoder = OpenVinoEncoder(source, exported(source, "openvino"), normalize, bf16=backend == "openvino-bf16")
        return encoder, "openvino" if encoder.precision == "f32" else backend
    return OnnxEncoder(source, exported(source, "int8" if backend == "onnx-int8" else "fp32"), normalize), backend


def load_encoder(model_path: str, backend: str, device: str | None = None) -> tuple[Any, str]:
    """The encoder for ``backend`` and the runtime actually used; torch where the asked-for one cannot run."""
    runtime = resolve_backend(backend, model_path, device)
    if runtime != "torch":
        try:
            if device not in (None, "cpu"):
                raise ValueError(f"device {device!r}: ONNX Runtime and OpenVINO run here on the CPU only")
            if not Path(model_path).is_dir():
                raise ValueError("not a local model folder")
            encoder, used = _exported_encoder(Path(model_path), runtime)
            if used != runtime:
                _note(backend, f"similarity: this CPU has no bf16 matrix products; {runtime} runs in fp32")
            return encoder, used
        except Exception as exc:  # ImportError (no runtime), an unsupported model, a failed export
            _note(backend, f"similarity: embedding backend {runtime} unavailable for {model_path} ({type(exc).__name__}: {exc}); "
                           "using fp32 torch")
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(model_path, device=device), "torch"


def _note(backend: str, message: str) -> None:
    """Warn once about an asked-for runtime; ``auto`` falling back is only worth an info line."""
    if backend == "auto":
        logger.info(message)
    else:
        _warn_once(message)
