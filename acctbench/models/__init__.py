"""``--model`` specs → generation backends, imported lazily (no torch at package import).

Spec syntax:

==========================  ==========================================================
spec                        backend
==========================  ==========================================================
``oracle``                  the reference answers (an upper bound; must score near 1)
``retrieval``               TF-IDF nearest train question's answer (a real floor)
``replay:FILE``             completions produced elsewhere (``{"id", "completion", ...}``)
``openai:MODEL``            OpenAI-compatible server; base URL from ``OPENAI_BASE_URL``
                            (default ``http://127.0.0.1:8000/v1``), key from ``OPENAI_API_KEY``
``http(s)://HOST/v1#MODEL`` OpenAI-compatible server at that URL, model after ``#``
``vllm:PATH_OR_NAME``       vLLM in-process (GPU; ``pip install acctbench[vllm]``)
``gemma3-270m``             alias: the Gemma 3 270M GGUF shipped by ``acctbench[demo]``
``PATH.gguf``               GGUF file on llama.cpp (``xllamacpp``, in the ``demo`` extra) when
                            installed, else through transformers (``gguf_file=``); option
                            ``engine=llamacpp`` or ``engine=transformers`` picks one
``DIR`` with adapter        LoRA/PEFT adapter: its base model plus the adapter
``DIR``                     local Hugging Face checkpoint (transformers)
==========================  ==========================================================
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from acctbench.models.aliases import ALIASES, resolve_model_alias
from acctbench.models.base import Backend, BackendError, Generation, GenerationConfig, Request

ENGINES = ("llamacpp", "transformers")
"""Engines for a local model (option ``engine``); llama.cpp runs GGUF files only."""

__all__ = [
    "Backend", "BackendError", "Generation", "GenerationConfig", "Request", "load_backend", "resolve_model_alias",
    "spec_kind",
]


def spec_kind(spec: str) -> str:
    """Which backend a spec names (without loading anything)."""
    if spec in ("oracle", "retrieval"):
        return spec
    for prefix in ("replay", "openai", "vllm"):
        if spec.startswith(prefix + ":"):
            return prefix
    if spec.startswith(("http://", "https://")):
        return "openai"
    path = Path(spec)
    if path.suffix == ".gguf" or (spec in ALIASES and not path.exists()):  # every alias names a GGUF file
        return "gguf"
    if path.is_dir() and (path / "adapter_config.json").is_file():
        return "adapter"
    if path.is_dir():
        return "checkpoint"
    raise BackendError(
        f"model {spec!r} is not a known spec and no such file or directory exists "
        "(expected a checkpoint directory, an adapter directory, a .gguf file, oracle, retrieval, "
        f"replay:FILE, openai:MODEL, a URL, vllm:MODEL or an alias: {', '.join(ALIASES)})"
    )


def _local_engine(kind: str, engine: object) -> str:
    """``llamacpp`` or ``transformers`` for a local model: as asked, else llama.cpp for a GGUF
    file when it is installed."""
    from acctbench.models.llamacpp import INSTALL_HINT, engine_installed

    if engine is None:
        return "llamacpp" if kind == "gguf" and engine_installed() else "transformers"
    if engine not in ENGINES:
        raise BackendError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
    if engine == "llamacpp" and kind != "gguf":
        raise BackendError(f"engine=llamacpp runs .gguf files only; this is a {kind}")
    if engine == "llamacpp" and not engine_installed():
        raise BackendError(f"engine=llamacpp needs the xllamacpp package, which is not installed: {INSTALL_HINT}")
    return str(engine)


def load_backend(spec: str, **options: Any) -> Backend:
    """Build the backend for a spec; heavy libraries load only here."""
    kind = spec_kind(spec)
    if options and kind in ("oracle", "retrieval", "replay"):
        raise BackendError(f"the {kind} backend takes no options, got {sorted(options)}")
    if kind == "oracle":
        from acctbench.models.baselines import OracleBackend

        return OracleBackend()
    if kind == "retrieval":
        from acctbench.models.baselines import RetrievalBackend

        return RetrievalBackend()
    if kind == "replay":
        from acctbench.models.baselines import ReplayBackend

        return ReplayBackend(Path(spec.split(":", 1)[1]))
    if kind == "openai":
        from acctbench.models.openai_compat import OpenAIBackend

        try:
            return OpenAIBackend.from_spec(spec, **options)
        except TypeError as exc:
            raise BackendError(f"bad model option for a server: {exc}") from None
    if kind == "vllm":
        from acctbench.models.vllm_backend import VLLMBackend

        return VLLMBackend(spec.split(":", 1)[1], **options)
    path = resolve_model_alias(spec)
    if _local_engine(kind, options.pop("engine", None)) == "llamacpp":
        from acctbench.models.llamacpp import LlamaCppBackend

        try:
            return LlamaCppBackend(path, **options)
        except TypeError as exc:
            raise BackendError(f"bad model option for llama.cpp: {exc}") from None
    from acctbench.models.hf import HFBackend

    try:
        return HFBackend(path, **options)
    except TypeError as exc:  # an unknown option name
        raise BackendError(f"bad model option for a local model: {exc}") from None
