"""The base model a recipe names, as a local checkpoint that training and ``acctbench run`` can load.

``model:`` may be a checkpoint directory or hub id (used as is), ``tiny-random-llama`` (the tiny
random Llama of :mod:`acctbench.train.tiny`, built once into the cache), a model alias such as
``gemma3-270m`` or a ``.gguf`` file: a GGUF model is dequantised once into a cached checkpoint
keyed by the file's sha256 (:mod:`acctbench.models.gguf_checkpoint`) and trained from there.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from acctbench.train.config import ConfigError


@dataclass(frozen=True)
class BaseModel:
    """What ``model:`` named, what ``from_pretrained`` receives, and the GGUF it came from (if any)."""

    spec: str
    source: str
    gguf: dict[str, Any] | None = None

    def record(self) -> dict[str, Any]:
        """The ``base_model`` entry of ``acctbench_train.json``."""
        entry: dict[str, Any] = {"spec": self.spec, "loaded_from": self.source}
        if self.gguf is not None:
            entry["gguf_sha256"] = self.gguf["gguf_sha256"]
            entry["gguf_file"] = self.gguf["gguf_file"]
        return entry


def resolve_base(spec: str) -> BaseModel:
    """The local checkpoint for ``spec`` (building or converting it into the cache when needed)."""
    from acctbench.models.aliases import resolve_model_alias
    from acctbench.models.base import BackendError
    from acctbench.models.gguf_checkpoint import checkpoint_for_gguf, converted_from
    from acctbench.train.tiny import TINY_MODEL, tiny_llama_checkpoint

    if spec == TINY_MODEL and not Path(spec).exists():
        return BaseModel(spec, str(tiny_llama_checkpoint()))
    try:
        resolved = resolve_model_alias(spec)
        if Path(resolved).suffix.lower() == ".gguf":
            checkpoint = checkpoint_for_gguf(Path(resolved))
            return BaseModel(spec, str(checkpoint), converted_from(checkpoint))
    except BackendError as exc:
        raise ConfigError(f"model {spec!r}: {exc}") from exc
    path = Path(resolved).expanduser()
    return BaseModel(spec, str(path.resolve()) if path.is_dir() else resolved, converted_from(path))
