"""Session fixtures over the package's tiny random Llama (:mod:`acctbench.train.tiny`).

The session fixtures ``tiny_llama_dir`` and ``tiny_adapter_dir`` build each once per test session
(``from tests.tiny_model import tiny_llama_dir`` in a conftest).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from acctbench.train.tiny import build_tiny_llama, build_tokenizer, save_tiny_adapter

__all__ = ["build_tiny_llama", "build_tokenizer", "save_tiny_adapter", "tiny_adapter_dir", "tiny_llama_dir"]


def _cached(directory: Path, markers: tuple[str, ...], build: Callable[[Path], Path]) -> Path:
    """Build into ``directory`` unless an earlier fixture instance already did."""
    if not all((directory / marker).is_file() for marker in markers):
        build(directory)
    return directory


@pytest.fixture(scope="session")
def tiny_llama_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny Llama checkpoint directory, built once per session."""
    return _cached(tmp_path_factory.getbasetemp() / "tiny_llama", ("config.json", "tokenizer.json"), build_tiny_llama)


@pytest.fixture(scope="session")
def tiny_adapter_dir(tmp_path_factory: pytest.TempPathFactory, tiny_llama_dir: Path) -> Path:
    """A LoRA adapter over ``tiny_llama_dir``, built once per session."""
    return _cached(
        tmp_path_factory.getbasetemp() / "tiny_adapter",
        ("adapter_config.json", "adapter_model.safetensors"),
        lambda out: save_tiny_adapter(tiny_llama_dir, out),
    )
