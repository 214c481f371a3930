"""A GGUF file dequantised once into a cached Hugging Face checkpoint, keyed by the file's sha256.

transformers loads a ``.gguf`` file (``gguf_file=``) by dequantising it to fp32, but refuses
``save_pretrained`` on the result. A model built from the same config with the loaded
``state_dict`` copied in saves normally: that is the checkpoint written here, with the tokenizer
(and the GGUF's chat template) beside it and ``acctbench_gguf.json`` naming the source file and
its hash. Training (``acctbench train --model FILE.gguf``) starts from that directory, so the
adapter it saves names a local checkpoint that ``acctbench run`` loads offline.

The cache lives in ``$XDG_CACHE_HOME/acctbench/gguf/<sha256>/`` (``~/.cache`` without
``XDG_CACHE_HOME``). Each checkpoint is built in a temporary directory beside it and renamed
into place, so a reader never sees half a checkpoint and two builders cannot mix files.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from acctbench.models.base import BackendError

MARKER = "acctbench_gguf.json"
"""The file in a converted checkpoint that names its GGUF source and that file's sha256."""


def cache_root() -> Path:
    """``$XDG_CACHE_HOME/acctbench`` (``~/.cache/acctbench`` when the variable is unset or empty)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "acctbench"


def sha256_of(path: Path) -> str:
    """The hex sha256 of the whole file."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(4 * 1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def converted_from(directory: Path) -> dict[str, Any] | None:
    """The GGUF source recorded in a converted checkpoint (``gguf_sha256``, ``gguf_file``), else None."""
    try:
        data = json.loads((Path(directory) / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and "gguf_sha256" in data else None


def checkpoint_for_gguf(gguf: Path, root: Path | None = None) -> Path:
    """The cached Hugging Face checkpoint of ``gguf``, converting it first when it is not cached."""
    gguf = Path(gguf).expanduser().resolve()
    if not gguf.is_file():
        raise BackendError(f"GGUF file not found: {gguf}")
    digest = sha256_of(gguf)

    def build(out: Path) -> None:
        _convert(gguf, out)
        record = {"gguf_sha256": digest, "gguf_file": gguf.name, "gguf_path": str(gguf), "bytes": gguf.stat().st_size}
        (out / MARKER).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")

    return build_cached((root or cache_root()) / "gguf" / digest, build, lambda d: converted_from(d) is not None)


def rebuild_known_base(base: str | Path) -> Path | None:
    """The cached checkpoint that a missing adapter base names, rebuilt from a shipped GGUF.

    An adapter trained here names ``<cache>/gguf/<sha256>`` as its base. On another machine (or
    after the cache was cleared) that directory is absent; when the sha256 is that of a GGUF a
    model alias ships (``gemma3-270m``), the checkpoint is converted again and its path returned.
    ``None`` when ``base`` does not look like such a path or no alias has that file."""
    from acctbench.models.aliases import ALIASES

    name = Path(base).name
    if Path(base).parent.name != "gguf" or len(name) != 64 or any(c not in "0123456789abcdef" for c in name):
        return None
    for resolver in ALIASES.values():
        try:
            gguf = Path(resolver())
        except BackendError:
            continue
        if gguf.suffix == ".gguf" and sha256_of(gguf) == name:
            return checkpoint_for_gguf(gguf)
    return None


def build_cached(target: Path, build: Callable[[Path], object], ready: Callable[[Path], bool]) -> Path:
    """``target``, built by ``build`` into a temporary directory beside it and renamed into place
    unless ``ready(target)`` already holds; a concurrent builder that finished first wins."""
    if ready(target):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name[:16]}-"))
    try:
        build(building)
        try:
            os.rename(building, target)
        except OSError:
            if not ready(target):  # not a finished copy from a concurrent builder
                raise
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return target


def _convert(gguf: Path, out: Path) -> None:
    """Dequantise ``gguf`` into a ``save_pretrained`` checkpoint (fp32 weights, tokenizer) in ``out``."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from acctbench.models.weights import gguf_chat_template

    source = {"pretrained_model_name_or_path": str(gguf.parent), "gguf_file": gguf.name}
    try:
        loaded = AutoModelForCausalLM.from_pretrained(**source, dtype=torch.float32)
        tokenizer = AutoTokenizer.from_pretrained(**source)
    except (OSError, ValueError, KeyError, RuntimeError) as exc:
        raise BackendError(f"transformers cannot load {gguf} ({type(exc).__name__}: {exc})") from exc
    # save_pretrained refuses a GGUF-loaded model; a model built from its config saves normally.
    # The weights are dequantised: the config must not claim GGUF quantization (training refuses it).
    config = loaded.config
    if hasattr(config, "quantization_config"):
        del config.quantization_config
    model = AutoModelForCausalLM.from_config(config, dtype=torch.float32)
    model.load_state_dict(loaded.state_dict())
    model.generation_config = loaded.generation_config
    model.save_pretrained(str(out))
    if not tokenizer.chat_template:
        tokenizer.chat_template = gguf_chat_template(gguf)
    tokenizer.save_pretrained(str(out))
