"""GGUF files on llama.cpp: the ``xllamacpp`` server, run inside this process.

llama.cpp keeps the weights quantised (memory-mapped, so a GGUF runs in about its file size)
where transformers dequantises them to fp32. Requests go to the server's OpenAI-shaped
handlers from ``parallel`` threads at once (they release the GIL); its continuous batching
decodes them together in ``parallel`` slots of ``context`` tokens each. The server also
listens on a free loopback port, which this backend does not use.

Prompts use the chat template stored in the GGUF file when it has one (a system turn the
template rejects is merged into the first user turn), else :func:`acctbench.prompt.plain_prompt`
through the completions handler with :data:`acctbench.prompt.PLAIN_STOP` as a stop string.
Sampling is what :class:`GenerationConfig` says and nothing more (top-k and min-p off), seeded
per request with :func:`acctbench.models.base.request_seed`; temperature 0 is greedy. The same
requests in the same order give the same text; which requests decode together can change a
greedy output slightly (llama.cpp's batched kernels are not bitwise batch-invariant). The text
comes back as the model wrote it, a ``<think>`` block included (llama.cpp's reasoning split off).
"""

from __future__ import annotations

import gc
import hashlib
import time
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path
from typing import Any

from acctbench.models.base import BackendError, Generation, GenerationConfig, Request, request_seed
from acctbench.models.weights import gguf_chat_template, weights_fingerprint
from acctbench.prompt import PLAIN_STOP, Message, merge_system, plain_prompt

ENGINE_PACKAGE = "xllamacpp"
INSTALL_HINT = "pip install 'acctbench[demo]' (or pip install xllamacpp)"
SAMPLER = {"top_k": 0, "min_p": 0.0, "repeat_penalty": 1.0}
"""Samplers llama.cpp turns on by default, turned off: decoding is temperature and top-p only."""
NO_PROMPT_CACHE = {"cache_prompt": False}
"""A prompt prefix cached from an earlier batch changes later greedy outputs slightly; without
the cache the same command gives the same text (measured on Gemma 3 270M, 6 prompts, 4 slots)."""


def engine_installed() -> bool:
    """Whether the llama.cpp engine (``xllamacpp``) can be imported."""
    try:
        import xllamacpp  # noqa: F401
    except ImportError:
        return False
    return True


def _server_error(body: Any) -> str | None:
    """The error message of a handler's answer, or None when it is a completion."""
    if not isinstance(body, dict):
        return f"not a JSON object: {str(body)[:200]}"
    error = body.get("error")
    if isinstance(error, dict):
        return str(error.get("message") or error)
    if error:
        return str(error)
    if "code" in body and "choices" not in body:  # xllamacpp's own shape for an unparsable answer
        return str(body.get("message") or body)
    choices = body.get("choices")
    if not isinstance(choices, list) or len(choices) != 1 or not isinstance(choices[0], dict):
        return f"expected one choice, got {str(body)[:200]}"
    return None


class LlamaCppBackend:
    """A ``.gguf`` file served by llama.cpp in this process, answering :class:`Request` batches.

    ``parallel`` requests decode at once, each with up to ``context`` tokens of prompt plus
    completion; ``threads`` defaults to llama.cpp's choice (the physical cores)."""

    device = "cpu"
    """The PyPI wheel computes on the CPU (the runner sizes its batches by this)."""

    def __init__(
        self,
        path: str | Path,
        *,
        label: str | None = None,
        parallel: int = 4,
        context: int = 4096,
        threads: int | None = None,
    ):
        self.path = Path(path).expanduser().resolve()
        if not self.path.is_file():
            raise BackendError(f"model path {self.path} does not exist or is not a file")
        if parallel < 1 or context < 64 or (threads is not None and threads < 1):
            raise BackendError(f"parallel and threads must be at least 1 and context at least 64, got {parallel}, {threads}, {context}")
        try:
            import xllamacpp
        except ImportError:
            raise BackendError(f"engine=llamacpp needs the xllamacpp package: {INSTALL_HINT}") from None
        self.label = label or self.path.stem
        self.parallel = parallel
        self.context = context
        self.threads = threads
        self.chat_template = gguf_chat_template(self.path)
        self.prompt_format = "chat_template" if self.chat_template else "plain"
        self._merge_system = False
        self._identity: dict[str, Any] | None = None
        self._xllamacpp = xllamacpp
        self._server = self._start(xllamacpp)

    def _start(self, xllamacpp: Any) -> Any:
        params = xllamacpp.CommonParams()
        params.model.path = str(self.path)
        params.n_parallel = self.parallel
        params.n_ctx = self.parallel * self.context  # split evenly: each slot gets ``context``
        params.verbosity = -1  # no llama.cpp log on stderr
        params.use_jinja = True
        # the text as the model wrote it, a <think> block included (the scorers' reasoning policy reads it)
        params.reasoning_format = xllamacpp.common_reasoning_format.COMMON_REASONING_FORMAT_NONE
        params.warmup = False
        if self.threads is not None:
            params.cpuparams.n_threads = self.threads
            params.cpuparams_batch.n_threads = self.threads
        try:
            return xllamacpp.Server(params)
        except Exception as exc:  # noqa: BLE001 - xllamacpp raises RuntimeError without detail
            raise BackendError(f"llama.cpp cannot load {self.path}: {exc} (is it a valid GGUF file?)") from exc

    # ---- generation ----------------------------------------------------------------------

    def _payload(self, request: Request, config: GenerationConfig) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "max_tokens": config.max_new_tokens,
            "temperature": config.temperature,
            "top_p": config.top_p,
            "seed": request_seed(config.seed, request),
            **SAMPLER,
            **NO_PROMPT_CACHE,
        }
        if self.chat_template:
            messages: list[Message] = merge_system(request.messages) if self._merge_system else list(request.messages)
            payload["messages"] = [{"role": m["role"], "content": m["content"]} for m in messages]
        else:
            payload.update(prompt=plain_prompt(request.messages), stop=[PLAIN_STOP])
        return payload

    def _call(self, payload: dict[str, Any]) -> dict[str, Any]:
        """One handler call; a :class:`BackendError` with the server's message on failure."""
        handler = self._server.handle_chat_completions if "messages" in payload else self._server.handle_completions
        body = handler(payload)
        error = _server_error(body)
        if error is not None:
            hint = f" (raise it with --model-option context=N; now {self.context})" if "context" in error.lower() else ""
            raise BackendError(f"llama.cpp: {error}{hint}")
        return body

    def _one(self, request: Request, config: GenerationConfig) -> Generation:
        started = time.perf_counter()
        payload = self._payload(request, config)
        try:
            try:
                body = self._call(payload)
            except BackendError:
                if "messages" not in payload or self._merge_system or not any(m["role"] == "system" for m in request.messages):
                    raise
                self._merge_system = True  # the template rejects a system turn: fold it in from now on
                body = self._call(self._payload(request, config))
        except BackendError as exc:
            raise BackendError(f"{exc} (item {request.item['id']!r}, sample {request.sample})") from None
        choice = body["choices"][0]
        text = choice.get("text") if "prompt" in payload else (choice.get("message") or {}).get("content")
        usage = body.get("usage") if isinstance(body.get("usage"), dict) else {}
        elapsed = time.perf_counter() - started
        return Generation(
            text=str(text or ""),
            prompt_tokens=usage.get("prompt_tokens"),
            completion_tokens=usage.get("completion_tokens"),
            latency_s=round(elapsed, 4),
            meta={"finish_reason": choice.get("finish_reason"), "parallel": self.parallel},
        )

    def generate(self, requests: list[Request], config: GenerationConfig) -> list[Generation]:
        """One generation per request, in order; ``parallel`` decode together."""
        if not requests:
            return []
        if self._server is None:
            raise BackendError("the llama.cpp backend is closed")
        workers = min(self.parallel, len(requests))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="acctbench-llamacpp") as pool:
            return list(pool.map(lambda r: self._one(r, config), requests))

    # ---- metadata and cleanup ----------------------------------------------------------

    def identity(self) -> dict[str, Any]:
        """Engine and version, the GGUF file's hash, chat template hash, slots and threads."""
        if self._identity is None:
            template = self.chat_template
            self._identity = {
                "backend": "llamacpp",
                "engine": "llama.cpp",
                "engine_package": ENGINE_PACKAGE,
                "engine_version": metadata.version(ENGINE_PACKAGE),
                "engine_build": dict(getattr(self._xllamacpp, "BUILD_INFO", {}) or {}),
                "engine_system_info": self._xllamacpp.get_system_info().strip(),
                "kind": "gguf",
                "path": str(self.path),
                **weights_fingerprint([self.path], self.path.parent),
                "prompt_format": self.prompt_format,
                "chat_template_sha256": hashlib.sha256(template.encode()).hexdigest() if template else None,
                "device": self.device,
                "parallel": self.parallel,
                "context": self.context,
                "threads": self.threads or "auto",
                "sampler": dict(SAMPLER),
            }
        return dict(self._identity)

    def close(self) -> None:
        """Stop the server and free its memory."""
        self._server = None
        gc.collect()
