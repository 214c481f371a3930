"""vLLM in-process (``--model vllm:PATH_OR_NAME``): fast batched generation on a CUDA GPU.

NOT YET RUN ON REAL HARDWARE IN THIS REPOSITORY: the development machines have no GPU and no
vLLM, so only the missing-vLLM guard is tested. The code follows vLLM's documented offline API
(``LLM``, ``SamplingParams``, ``LLM.get_tokenizer``, ``LLM.generate`` with token-id prompts).

Prompts go through the tokenizer's chat template (a system turn the template rejects is merged
into the first user turn), else :func:`acctbench.prompt.plain_prompt`; they are passed as token
ids so no second BOS is added. Each request carries its own seed (``config.seed`` offset by its
item id and sample), so samples differ when sampling and reruns repeat.
"""

from __future__ import annotations

import gc
import hashlib
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from acctbench.models.base import BackendError, Generation, GenerationConfig, Request, request_seed
from acctbench.prompt import Message, merge_system, plain_prompt

MISSING = "vLLM is not installed: pip install 'acctbench[vllm]' (needs a CUDA GPU)"



class VLLMBackend:
    """A model loaded by vLLM in this process; ``generate`` sends a whole batch at once."""

    device = "cuda"

    def __init__(
        self,
        model: str,
        *,
        label: str | None = None,
        tensor_parallel_size: int = 1,
        gpu_memory_utilization: float = 0.9,
        max_model_len: int | None = None,
        dtype: str = "auto",
        trust_remote_code: bool = False,
    ):
        try:
            from vllm import LLM, SamplingParams
        except ImportError:
            raise BackendError(MISSING) from None
        self._sampling_params = SamplingParams
        self.model = model
        self.label = label or (Path(model).name if Path(model).exists() else model)
        self.options = {
            "tensor_parallel_size": tensor_parallel_size,
            "gpu_memory_utilization": gpu_memory_utilization,
            "max_model_len": max_model_len,
            "dtype": dtype,
        }
        kwargs: dict[str, Any] = {k: v for k, v in self.options.items() if v is not None}
        try:
            self.llm = LLM(model=model, trust_remote_code=trust_remote_code, **kwargs)
        except Exception as exc:  # noqa: BLE001 - vLLM raises many types while loading
            raise BackendError(f"vLLM cannot load {model!r}: {exc}") from exc
        self.tokenizer = self.llm.get_tokenizer()
        self.prompt_format = "chat_template" if getattr(self.tokenizer, "chat_template", None) else "plain"

    def _prompt_ids(self, messages: Sequence[Message]) -> list[int]:
        """Token ids of the prompt for chat messages."""
        if self.prompt_format == "plain":
            return list(self.tokenizer.encode(plain_prompt(messages), add_special_tokens=True))
        try:
            text = self.tokenizer.apply_chat_template(list(messages), add_generation_prompt=True, tokenize=False)
        except Exception as first:  # noqa: BLE001 - jinja raise_exception gives TemplateError
            if not any(m["role"] == "system" for m in messages):
                raise BackendError(f"the chat template of {self.label} failed: {first}") from first
            try:
                text = self.tokenizer.apply_chat_template(merge_system(messages), add_generation_prompt=True, tokenize=False)
            except Exception as exc:  # noqa: BLE001
                raise BackendError(f"the chat template of {self.label} failed: {exc}") from exc
        return list(self.tokenizer.encode(text, add_special_tokens=False))

    def generate(self, requests: list[Request], config: GenerationConfig) -> list[Generation]:
        """One generation per request, in order, as one vLLM batch."""
        if not requests:
            return []
        prompts = [{"prompt_token_ids": self._prompt_ids(r.messages)} for r in requests]
        params = [
            self._sampling_params(
                n=1,
                temperature=config.temperature,
                top_p=config.top_p if config.temperature > 0 else 1.0,
                max_tokens=config.max_new_tokens,
                seed=request_seed(config.seed, r),
            )
            for r in requests
        ]
        start = time.perf_counter()
        outputs = self.llm.generate(prompts, params, use_tqdm=False)
        elapsed = time.perf_counter() - start
        results = []
        for output in outputs:
            completion = output.outputs[0]
            results.append(
                Generation(
                    text=completion.text,
                    prompt_tokens=len(output.prompt_token_ids or []),
                    completion_tokens=len(completion.token_ids),
                    latency_s=elapsed / len(requests),
                    meta={"finish_reason": completion.finish_reason, "batch_size": len(requests)},
                )
            )
        return results

    def identity(self) -> dict[str, Any]:
        """Model, vLLM version, loading options and the chat template's hash."""
        import vllm

        template = getattr(self.tokenizer, "chat_template", None)
        model_config = getattr(getattr(self.llm, "llm_engine", None), "model_config", None)
        path = Path(self.model)
        return {
            "kind": "vllm",
            "model": str(path.resolve()) if path.exists() else self.model,
            **self.options,
            "revision": getattr(model_config, "revision", None),
            "max_model_len": getattr(model_config, "max_model_len", self.options["max_model_len"]),
            "resolved_dtype": str(getattr(model_config, "dtype", "")).removeprefix("torch.") or None,
            "prompt_format": self.prompt_format,
            "chat_template_sha256": hashlib.sha256(template.encode()).hexdigest() if isinstance(template, str) else None,
            "vllm": vllm.__version__,
        }

    def close(self) -> None:
        """Drop the engine and free GPU memory."""
        self.llm = None
        gc.collect()
        try:
            import torch

            if torch.cuda.is_available():
                torch.cuda.empty_cache()
        except ImportError:
            pass
