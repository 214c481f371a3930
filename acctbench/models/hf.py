"""Local Hugging Face models: a checkpoint directory, a LoRA/PEFT adapter directory or a ``.gguf`` file.

Imported lazily (it pulls torch and transformers). Prompts use the tokenizer's chat template
when it has one (a system turn the template rejects is merged into the first user turn), else
:func:`acctbench.prompt.plain_prompt`. Generation is batched with left padding under
``torch.inference_mode()``: greedy at temperature 0, otherwise sampling seeded per batch.
"""

from __future__ import annotations

import gc
import hashlib
import json
import time
import zlib
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import torch
import transformers
from transformers import AutoModelForCausalLM, AutoTokenizer

from acctbench.models.base import BackendError, Generation, GenerationConfig, Request
from acctbench.models.gguf_checkpoint import converted_from, rebuild_known_base
from acctbench.models.weights import gguf_chat_template, weights_fingerprint
from acctbench.prompt import PLAIN_STOP, Message, merge_system, plain_prompt

WEIGHT_PATTERNS = ("*.safetensors", "*.bin", "*.pt", "*.pth", "*.gguf")
DTYPES = {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _weight_files(directory: Path) -> list[Path]:
    return sorted({p for pattern in WEIGHT_PATTERNS for p in directory.glob(pattern) if p.is_file()})


def auto_device() -> str:
    """``cuda``, then ``mps``, then ``cpu``."""
    if torch.cuda.is_available():
        return "cuda"
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return "mps"
    return "cpu"


def auto_dtype(device: str) -> torch.dtype:
    """bf16 on a CUDA GPU that supports it, else fp16 on an accelerator; float32 on CPU."""
    if device.startswith("cuda"):
        return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
    if device.startswith("mps"):
        return torch.float16
    return torch.float32


def _dtype_kwargs(dtype: torch.dtype) -> dict[str, Any]:
    """``dtype=`` on transformers >= 4.56, ``torch_dtype=`` before."""
    major, minor = (int(x) for x in transformers.__version__.split(".")[:2])
    return {"dtype": dtype} if (major, minor) >= (4, 56) else {"torch_dtype": dtype}



def _batch_seed(seed: int, batch: Sequence[Request]) -> int:
    """``seed`` plus a stable (process-independent) offset from the batch's ids and samples."""
    key = "\n".join(f"{r.item['id']}#{r.sample}" for r in batch).encode()
    return (seed + zlib.crc32(key)) % (2**63)


class HFBackend:
    """A local transformers model answering :class:`Request` batches.

    ``path`` is a checkpoint directory (``config.json`` + weights), an adapter directory
    (``adapter_config.json``; the base comes from ``base_model_name_or_path`` unless
    ``base_model`` is given) or a ``.gguf`` file. ``device``/``dtype`` default to the best found.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        label: str | None = None,
        batch_size: int = 8,
        device: str | None = None,
        dtype: str | None = None,
        base_model: str | Path | None = None,
    ):
        self.path = Path(path).expanduser().resolve()
        if batch_size < 1:
            raise BackendError(f"batch size must be at least 1, got {batch_size}")
        self.batch_size = batch_size
        self.kind, self.base_path = self._resolve(self.path, base_model)
        self.label = label or (self.path.stem if self.kind == "gguf" else self.path.name)
        self.device = device or auto_device()
        if dtype is not None and dtype not in DTYPES:
            raise BackendError(f"unknown dtype {dtype!r}; expected one of {', '.join(DTYPES)}")
        self.dtype = DTYPES[dtype] if dtype else auto_dtype(self.device)
        self._identity: dict[str, Any] | None = None
        self.tokenizer = self._load_tokenizer()
        self.model = self._load_model()
        self.prompt_format = "chat_template" if self.tokenizer.chat_template else "plain"

    # ---- loading -------------------------------------------------------------------------

    @staticmethod
    def _resolve(path: Path, base_model: str | Path | None) -> tuple[str, Path | None]:
        """``(kind, base path)`` for a model path, or a :class:`BackendError` saying what is wrong."""
        if not path.exists():
            raise BackendError(f"model path {path} does not exist")
        if path.is_file():
            if path.suffix.lower() == ".gguf":
                return "gguf", None
            raise BackendError(f"{path} is a file but not a .gguf model; pass a checkpoint directory or a .gguf file")
        if (path / "adapter_config.json").is_file():
            return "adapter", HFBackend._adapter_base(path, base_model)
        if (path / "config.json").is_file():
            if not _weight_files(path):
                raise BackendError(f"{path} has config.json but no weight files (*.safetensors, *.bin)")
            return "checkpoint", None
        ggufs = sorted(path.glob("*.gguf"))
        hint = f"; to load a GGUF model pass the file itself, e.g. {ggufs[0]}" if ggufs else ""
        raise BackendError(
            f"{path} is neither a Hugging Face checkpoint (config.json) nor a PEFT adapter "
            f"(adapter_config.json){hint}"
        )

    @staticmethod
    def _adapter_base(path: Path, base_model: str | Path | None) -> Path:
        """The local base checkpoint of an adapter directory."""
        if base_model is None:
            config_file = path / "adapter_config.json"
            try:
                config = json.loads(config_file.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise BackendError(f"cannot read adapter config {config_file}: {exc}") from exc
            base_model = config.get("base_model_name_or_path") if isinstance(config, dict) else None
            if not base_model:
                raise BackendError(f"{config_file} does not name base_model_name_or_path; pass the base model explicitly")
        candidates = [Path(base_model).expanduser()]
        if not candidates[0].is_absolute():
            candidates.append(path / candidates[0])
        for candidate in candidates:
            if (candidate / "config.json").is_file():
                return candidate.resolve()
        rebuilt = rebuild_known_base(base_model)
        if rebuilt is not None:
            return rebuilt
        raise BackendError(
            f"base model {str(base_model)!r} of adapter {path} is not a local checkpoint directory "
            "(no config.json there); download it and pass its local path as the base model"
        )

    def _source(self) -> tuple[str, dict[str, Any]]:
        """Where transformers loads the model weights from, and the extra kwargs (``gguf_file``)."""
        if self.kind == "gguf":
            return str(self.path.parent), {"gguf_file": self.path.name}
        if self.kind == "adapter":
            assert self.base_path is not None
            return str(self.base_path), {}
        return str(self.path), {}

    def _load_tokenizer(self) -> Any:
        source, extra = self._source()
        if self.kind == "adapter" and (self.path / "tokenizer_config.json").is_file():
            source = str(self.path)  # an adapter saved with its own (possibly extended) tokenizer
        try:
            tokenizer = AutoTokenizer.from_pretrained(source, **extra)
        except Exception as exc:  # noqa: BLE001 - transformers raises many types here
            raise BackendError(f"cannot load the tokenizer of {self.path}: {exc}") from exc
        if self.kind == "gguf" and not tokenizer.chat_template:
            tokenizer.chat_template = gguf_chat_template(self.path)
        tokenizer.padding_side = "left"
        if tokenizer.pad_token is None:
            if tokenizer.eos_token is None:
                raise BackendError(f"the tokenizer of {self.path} has neither a pad nor an eos token")
            tokenizer.pad_token = tokenizer.eos_token
        return tokenizer

    def _load_model(self) -> Any:
        source, extra = self._source()
        try:
            model = AutoModelForCausalLM.from_pretrained(source, **extra, **_dtype_kwargs(self.dtype))
            if self.kind == "adapter":
                from peft import PeftModel

                model = PeftModel.from_pretrained(model, str(self.path))
        except Exception as exc:  # noqa: BLE001 - transformers/peft raise many types here
            raise BackendError(f"cannot load the model {self.path}: {exc}") from exc
        if not _is_quantized(model):  # bitsandbytes models are placed at load and cannot be cast
            model.to(device=self.device, dtype=self.dtype)
        model.eval()
        return model

    # ---- prompts and generation --------------------------------------------------------

    def render(self, messages: Sequence[Message]) -> str:
        """The prompt text for chat messages (chat template, or the plain format)."""
        if not self.tokenizer.chat_template:
            return plain_prompt(messages)
        try:
            return self.tokenizer.apply_chat_template(list(messages), add_generation_prompt=True, tokenize=False)
        except Exception as first:  # noqa: BLE001 - jinja raise_exception gives TemplateError
            if not any(m["role"] == "system" for m in messages):
                raise BackendError(f"the chat template of {self.label} failed: {first}") from first
        try:
            return self.tokenizer.apply_chat_template(
                merge_system(messages), add_generation_prompt=True, tokenize=False
            )
        except Exception as exc:  # noqa: BLE001
            raise BackendError(f"the chat template of {self.label} failed: {exc}") from exc

    def _stop_ids(self) -> set[int]:
        ids = self.model.generation_config.eos_token_id
        stops = set(ids if isinstance(ids, list) else [ids] if ids is not None else [])
        if self.tokenizer.eos_token_id is not None:
            stops.add(self.tokenizer.eos_token_id)
        return stops

    def _decoding_kwargs(self, config: GenerationConfig) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "max_new_tokens": config.max_new_tokens,
            "pad_token_id": self.tokenizer.pad_token_id,
        }
        if config.temperature > 0:
            kwargs.update(do_sample=True, temperature=config.temperature, top_p=config.top_p)
        else:
            kwargs.update(do_sample=False, temperature=None, top_p=None, top_k=None)
        if not self.tokenizer.chat_template:
            kwargs.update(stop_strings=[PLAIN_STOP], tokenizer=self.tokenizer)
        return kwargs

    def _generate_batch(self, batch: Sequence[Request], prompts: Sequence[str], config: GenerationConfig) -> list[Generation]:
        add_special = not self.tokenizer.chat_template  # a chat template writes its own bos
        encoded = self.tokenizer(list(prompts), return_tensors="pt", padding=True, add_special_tokens=add_special)
        # Decoder-only models take ids and mask only; transformers 4.x rejects token_type_ids.
        encoded = {k: encoded[k].to(self.device) for k in ("input_ids", "attention_mask")}
        if config.temperature > 0:
            torch.manual_seed(_batch_seed(config.seed, batch))
        start = time.perf_counter()
        with torch.inference_mode():
            output = self.model.generate(**encoded, **self._decoding_kwargs(config))
        elapsed = time.perf_counter() - start
        prompt_width = encoded["input_ids"].shape[1]
        prompt_lengths = encoded["attention_mask"].sum(dim=1).tolist()
        stops = self._stop_ids()
        results = []
        for row, prompt_tokens in zip(output[:, prompt_width:].tolist(), prompt_lengths):
            end = next((i + 1 for i, token in enumerate(row) if token in stops), None)
            tokens = row if end is None else row[:end]
            text = self.tokenizer.decode(tokens, skip_special_tokens=True)
            if not self.tokenizer.chat_template and PLAIN_STOP in text:
                text, end = text.split(PLAIN_STOP, 1)[0], len(tokens)
            results.append(
                Generation(
                    text=text,
                    prompt_tokens=int(prompt_tokens),
                    completion_tokens=len(tokens),
                    latency_s=elapsed / len(batch),
                    meta={"finish_reason": "length" if end is None else "stop", "batch_size": len(batch)},
                )
            )
        return results

    def generate(self, requests: list[Request], config: GenerationConfig) -> list[Generation]:
        """One generation per request, in order; batches group prompts of similar length."""
        prompts = [self.render(r.messages) for r in requests]
        lengths = [len(self.tokenizer(p, add_special_tokens=False)["input_ids"]) for p in prompts]
        order = sorted(range(len(requests)), key=lambda i: (lengths[i], i))
        results: list[Generation | None] = [None] * len(requests)
        for start in range(0, len(order), self.batch_size):
            chunk = order[start : start + self.batch_size]
            generated = self._generate_batch([requests[i] for i in chunk], [prompts[i] for i in chunk], config)
            for index, generation in zip(chunk, generated):
                results[index] = generation
        return [g for g in results if g is not None]

    # ---- metadata and cleanup ----------------------------------------------------------

    def identity(self) -> dict[str, Any]:
        """Kind, absolute paths, weight hashes, library versions, chat template hash, dtype, device."""
        if self._identity is None:
            if self.kind == "gguf":
                weights = weights_fingerprint([self.path], self.path.parent)
            else:
                weights = weights_fingerprint(_weight_files(self.path), self.path)
            identity: dict[str, Any] = {
                "backend": "hf",
                "engine": "transformers",
                "kind": self.kind,
                "path": str(self.path),
                "base_model": str(self.base_path) if self.base_path else None,
                **weights,
            }
            if self.base_path is not None:
                base = weights_fingerprint(_weight_files(self.base_path), self.base_path)
                identity.update({f"base_{key}": value for key, value in base.items()})
            source = converted_from(self.base_path or self.path)
            if source is not None:  # a checkpoint that acctbench dequantised from a GGUF file
                identity["base_gguf_sha256" if self.base_path else "gguf_sha256"] = source["gguf_sha256"]
            template = self.tokenizer.chat_template
            if isinstance(template, dict):  # named templates
                template = json.dumps(template, sort_keys=True)
            identity.update(
                prompt_format=self.prompt_format,
                chat_template_sha256=hashlib.sha256(template.encode()).hexdigest() if template else None,
                dtype=str(self.dtype).removeprefix("torch."),
                device=self.device,
                torch=torch.__version__,
                transformers=transformers.__version__,
                peft=_version("peft"),
                gguf=_version("gguf") if self.kind == "gguf" else None,
            )
            self._identity = identity
        return dict(self._identity)

    def close(self) -> None:
        """Drop the model and free accelerator memory."""
        self.model = None
        gc.collect()
        if self.device.startswith("cuda"):
            torch.cuda.empty_cache()


def _is_quantized(model: Any) -> bool:
    """Whether transformers loaded the model through a quantizer (e.g. bitsandbytes 4-bit)."""
    base = getattr(model, "get_base_model", lambda: model)()
    return bool(getattr(base, "is_quantized", False) or getattr(base, "hf_quantizer", None))
