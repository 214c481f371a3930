"""OpenAI-compatible chat servers: vLLM serve, llama.cpp server, Ollama, hosted APIs.

Standard library only (``urllib``). Each request is one ``POST {base}/chat/completions`` with
``model``, ``messages``, ``max_tokens``, ``temperature``, ``top_p`` and ``seed``; a batch is
sent ``concurrency`` requests at a time and comes back in request order. Option
``endpoint=completions`` sends ``POST {base}/completions`` instead, for base models served without
a chat template: the :func:`acctbench.prompt.plain_prompt` text as ``prompt``, with
:data:`acctbench.prompt.PLAIN_STOP` as a stop string.

Transient failures (HTTP 408, 429 and 5xx, connection errors, timeouts, a body cut short or
not JSON, a 200 answer that is an error or holds other than one choice) are retried up to
``max_retries`` times with exponential backoff and jitter; a ``Retry-After`` header is honoured
but capped at ``max_wait``. Any other 4xx fails at once with the server's message, and so does
a body over ``max_response_bytes``. ``timeout`` bounds each attempt as a whole, so a server
that drips its answer byte by byte cannot hold a run. Text is kept exactly as the server sent
it: bytes that are not UTF-8 become lone surrogates, which the run files keep as escapes. The API key
(``api_key`` option, else ``OPENAI_API_KEY``) is sent as a bearer token and never appears in
errors, ``identity()`` or ``repr``.

The request seed is ``config.seed`` offset by a stable hash of the item id and sample index, so
repeated samples of one item differ when sampling and a rerun asks for the same thing.
"""

from __future__ import annotations

import email.utils
import http.client
import ipaddress
import json
import os
import random
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from acctbench.models.base import BackendError, Generation, GenerationConfig, Request, request_seed
from acctbench.prompt import PLAIN_STOP, plain_prompt

DEFAULT_BASE_URL = "http://127.0.0.1:8000/v1"
RETRY_STATUSES = frozenset({408, 429})
"""Retried besides every 5xx."""
ERROR_TEXT_LIMIT = 500
READ_CHUNK = 1 << 16
MAX_RESPONSE_BYTES = 8 << 20
"""A chat completion this large is a runaway or broken server, not an answer."""


@dataclass(frozen=True)
class _Reply:
    """A successful JSON response and how it was obtained."""

    body: Any
    attempts: int
    latency_s: float


class _Failure(Exception):
    """One failed attempt: ``retry`` says whether another attempt may help."""

    def __init__(self, description: str, retry: bool, retry_after: float | None = None):
        super().__init__(description)
        self.retry = retry
        self.retry_after = retry_after


def parse_spec(spec: str) -> tuple[str, str | None]:
    """``(base URL, model or None)`` for ``openai:MODEL`` or ``http(s)://HOST/v1#MODEL``."""
    if spec.startswith("openai:"):
        model = spec.split(":", 1)[1].strip()
        base = os.environ.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL
    elif spec.startswith(("http://", "https://")):
        base, _, model = spec.partition("#")
        model = model.strip()
    else:
        raise BackendError(f"not an OpenAI-compatible spec: {spec!r} (expected openai:MODEL or http(s)://HOST/v1#MODEL)")
    return base.strip().rstrip("/"), model or None


def redact_url(url: str) -> str:
    """The URL without any ``user:password@`` part."""
    parts = urllib.parse.urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def _is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def _error_message(raw: bytes) -> str:
    """The server's error message from an error body (OpenAI, vLLM, llama.cpp, Ollama shapes)."""
    text = raw.decode("utf-8", errors="replace").strip()
    try:
        body = json.loads(text)
    except ValueError:
        return text[:ERROR_TEXT_LIMIT] or "(empty body)"
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict) and error.get("message"):
            return str(error["message"])[:ERROR_TEXT_LIMIT]
        if isinstance(error, str) and error:
            return error[:ERROR_TEXT_LIMIT]
        if body.get("message"):
            return str(body["message"])[:ERROR_TEXT_LIMIT]
    return text[:ERROR_TEXT_LIMIT]


ENDPOINTS = {"chat": ("/chat/completions", "message"), "completions": ("/completions", "text")}
"""Option ``endpoint`` → the path posted to and the part of its choice that holds the answer."""


def _the_choice(body: Any, part: str = "message") -> dict[str, Any]:
    """The one choice of a chat (``part="message"``) or text (``"text"``) completion, or a
    retryable :class:`_Failure` saying what came."""
    choices = body.get("choices") if isinstance(body, dict) else None
    if isinstance(choices, list) and len(choices) > 1:
        raise _Failure(f"{len(choices)} choices in the response, expected 1", True)
    choice = choices[0] if isinstance(choices, list) and choices else None
    if not isinstance(choice, dict) or not isinstance(choice.get(part), dict if part == "message" else str):
        error = _error_message(json.dumps(body).encode())
        raise _Failure(f"no choices[0].{part} in the response: {error}", True)
    return choice


def _text(content: Any) -> str:
    """Message content as text: a string, content parts (``[{"type": "text", "text": ...}]``) or nothing."""
    if isinstance(content, list):
        return "".join(str(p.get("text") or "") for p in content if isinstance(p, dict))
    return "" if content is None else str(content)


def _reasoning(message: dict[str, Any]) -> tuple[str | None, str | None]:
    """The reasoning a server split out of the content (vLLM and llama.cpp ``reasoning_content``,
    Ollama and OpenRouter ``reasoning``) and the field it came in; ``(None, None)`` when none."""
    from acctbench.rewards.reasoning import server_fields

    for name in server_fields():
        value = _text(message.get(name))
        if value.strip():
            return value, name
    return None, None


class OpenAIBackend:
    """A model behind an OpenAI-compatible ``/chat/completions`` endpoint."""

    device = None
    """Remote: the runner picks its remote batch size."""

    def __init__(
        self,
        base_url: str,
        model: str | None = None,
        *,
        api_key: str | None = None,
        label: str | None = None,
        concurrency: int = 8,
        max_retries: int = 5,
        timeout: float = 120.0,
        backoff: float = 1.0,
        max_wait: float = 60.0,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
        endpoint: str = "chat",
    ):
        parts = urllib.parse.urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise BackendError(f"base URL must be http(s)://HOST[:PORT]/PATH, got {redact_url(base_url)!r}")
        if concurrency < 1:
            raise BackendError(f"concurrency must be at least 1, got {concurrency}")
        if endpoint not in ENDPOINTS:
            raise BackendError(f"endpoint must be one of {', '.join(ENDPOINTS)}, got {endpoint!r}")
        if max_retries < 0:
            raise BackendError(f"max_retries must be at least 0, got {max_retries}")
        if timeout <= 0 or backoff < 0 or max_wait < 0 or max_response_bytes < 1:
            raise BackendError("timeout and max_response_bytes must be positive; backoff and max_wait must not be negative")
        self.base_url = base_url.rstrip("/")
        self.concurrency = concurrency
        self.endpoint = endpoint
        self.max_retries = max_retries
        self.timeout = float(timeout)
        self.backoff = float(backoff)
        self.max_wait = float(max_wait)
        self.max_response_bytes = int(max_response_bytes)
        self._api_key = api_key if api_key is not None else os.environ.get("OPENAI_API_KEY") or None
        handlers = [urllib.request.ProxyHandler({})] if _is_loopback(parts.hostname) else []
        self._opener = urllib.request.build_opener(*handlers)
        self._models: list[dict[str, Any]] | None = None
        self._stop = threading.Event()
        self.model = model or self._first_model()
        self.label = label or self.model

    @classmethod
    def from_spec(cls, spec: str, **options: Any) -> OpenAIBackend:
        """Build from ``openai:MODEL`` or ``http(s)://HOST[:PORT]/v1[#MODEL]``."""
        base, model = parse_spec(spec)
        return cls(base, model, **options)

    def __repr__(self) -> str:
        return f"OpenAIBackend(base_url={redact_url(self.base_url)!r}, model={self.model!r})"

    # ---- HTTP ----------------------------------------------------------------------------

    def _headers(self) -> dict[str, str]:
        headers = {"Accept": "application/json", "User-Agent": "acctbench"}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        return headers

    def _read_body(self, response: http.client.HTTPResponse, deadline: float) -> bytes:
        """The whole body before ``deadline``, at most ``max_response_bytes``, or a :class:`_Failure`."""
        chunks: list[bytes] = []
        size = 0
        while True:
            if time.monotonic() > deadline:
                raise _Failure(f"timed out: no complete response within {self.timeout:g} s", True)
            chunk = response.read1(READ_CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > self.max_response_bytes:
                raise _Failure(f"response body over {self.max_response_bytes:,} bytes (option max_response_bytes)", False)
            chunks.append(chunk)
        if response.length:  # the server closed the connection before its Content-Length
            raise _Failure(f"connection closed after {size:,} bytes of the body, {response.length:,} short", True)
        return b"".join(chunks)

    def _attempt(self, method: str, url: str, payload: bytes | None) -> Any:
        """One HTTP exchange: the decoded JSON body, or a :class:`_Failure`."""
        headers = self._headers()
        if payload is not None:
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(url, data=payload, headers=headers, method=method)
        deadline = time.monotonic() + self.timeout
        try:
            with self._opener.open(req, timeout=self.timeout) as response:
                raw = self._read_body(response, deadline)
        except urllib.error.HTTPError as exc:
            status = exc.code
            try:
                message = _error_message(exc.read())
            except (OSError, http.client.HTTPException):
                message = exc.reason or "(unreadable body)"
            retry = status in RETRY_STATUSES or status >= 500
            hint = " (is the base URL right? it usually ends in /v1)" if status == 404 else ""
            raise _Failure(f"HTTP {status}: {message}{hint}", retry, _retry_after(exc.headers.get("Retry-After"))) from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            retry = not isinstance(reason, ssl.SSLCertVerificationError)
            raise _Failure(f"{type(reason).__name__}: {reason}", retry) from None
        except (OSError, http.client.HTTPException) as exc:  # timeouts and resets while reading
            raise _Failure(f"{type(exc).__name__}: {str(exc) or 'timed out'}", True) from None
        try:
            return json.loads(raw.decode("utf-8", errors="surrogateescape"))
        except ValueError:
            snippet = raw[:200].decode("utf-8", errors="replace")
            raise _Failure(f"response is not JSON: {snippet!r}", True) from None

    def _delay(self, attempt: int, failure: _Failure) -> float:
        """Seconds to wait before retry number ``attempt`` (1-based)."""
        if failure.retry_after is not None:
            return min(failure.retry_after, self.max_wait)
        return min(self.max_wait, self.backoff * 2 ** (attempt - 1)) * random.uniform(0.5, 1.0)

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None, max_retries: int | None = None,
              check: Callable[[Any], Any] | None = None) -> _Reply:
        """An exchange with retries; :class:`BackendError` once retrying cannot help. ``check``
        raises :class:`_Failure` for a body of the wrong shape, which counts as a failed attempt."""
        retries = self.max_retries if max_retries is None else max_retries
        url = f"{self.base_url}{path}"
        shown = f"{method} {redact_url(url)}"
        payload = json.dumps(body).encode() if body is not None else None
        attempts = 0
        while True:
            attempts += 1
            start = time.perf_counter()
            try:
                result = self._attempt(method, url, payload)
                if check is not None:
                    check(result)
            except _Failure as failure:
                if not failure.retry:
                    raise BackendError(f"{shown} failed: {failure}") from None
                if attempts > retries:
                    raise BackendError(f"{shown} failed after {attempts} attempts; last error: {failure}") from None
                if self._stop.wait(self._delay(attempts, failure)):
                    raise BackendError(f"{shown} abandoned after {attempts} attempts: another request failed") from None
                continue
            return _Reply(result, attempts, time.perf_counter() - start)

    # ---- models --------------------------------------------------------------------------

    def _list_models(self, max_retries: int | None = None) -> list[dict[str, Any]]:
        if self._models is None:
            body = self._call("GET", "/models", max_retries=max_retries).body
            data = body.get("data") if isinstance(body, dict) else None
            if not isinstance(data, list):
                raise BackendError(f"GET {redact_url(self.base_url)}/models: no 'data' list in the response")
            self._models = [m for m in data if isinstance(m, dict) and m.get("id")]
        return self._models

    def _first_model(self) -> str:
        models = self._list_models()
        if not models:
            raise BackendError(f"{redact_url(self.base_url)}/models lists no model; name one: URL#MODEL")
        return str(models[0]["id"])

    def identity(self) -> dict[str, Any]:
        """Base URL, model and the server's ``/models`` entry for it (best effort: one retry at most)."""
        try:
            entry = next((m for m in self._list_models(min(1, self.max_retries)) if m.get("id") == self.model), None)
        except BackendError:
            entry = None
        server = {k: entry.get(k) for k in ("id", "object", "owned_by", "created", "root", "max_model_len") if k in entry} if entry else None
        return {
            "kind": "openai",
            "base_url": redact_url(self.base_url),
            "model": self.model,
            "endpoint": self.endpoint,
            "server_model": server,
            "api_key_set": bool(self._api_key),
        }

    # ---- generation ----------------------------------------------------------------------

    def _payload(self, request: Request, config: GenerationConfig) -> dict[str, Any]:
        if self.endpoint == "completions":
            prompt: dict[str, Any] = {"prompt": plain_prompt(request.messages), "stop": [PLAIN_STOP]}
        else:
            prompt = {"messages": [{"role": m["role"], "content": m["content"]} for m in request.messages]}
        return {
            "model": self.model,
            **prompt,
            "max_tokens": config.max_new_tokens,
            "temperature": config.temperature,
            "top_p": config.top_p,
            "seed": request_seed(config.seed, request),
            "stream": False,
        }

    def _one(self, request: Request, config: GenerationConfig) -> Generation:
        started = time.perf_counter()
        path, part = ENDPOINTS[self.endpoint]
        try:
            reply = self._call("POST", path, self._payload(request, config), check=lambda body: _the_choice(body, part))
        except BackendError as exc:
            raise BackendError(f"{exc} (item {request.item['id']!r}, sample {request.sample})") from None
        body = reply.body
        choice = _the_choice(body, part)
        message = choice["message"] if part == "message" else {}
        text = _text(message.get("content")) if part == "message" else choice["text"]
        usage = body.get("usage") if isinstance(body.get("usage"), dict) else {}
        reasoning, field = _reasoning(message)
        details = usage.get("completion_tokens_details")
        return Generation(
            text=text,
            prompt_tokens=usage.get("prompt_tokens"),
            completion_tokens=usage.get("completion_tokens"),
            latency_s=round(reply.latency_s, 4),
            reasoning=reasoning,
            reasoning_field=field,
            # cut off while thinking: the server returns the thoughts and no content
            reasoning_closed=not (reasoning is not None and not text.strip() and choice.get("finish_reason") == "length"),
            reasoning_tokens=details.get("reasoning_tokens") if isinstance(details, dict) else None,
            meta={
                "finish_reason": choice.get("finish_reason"),
                "attempts": reply.attempts,
                "wall_s": round(time.perf_counter() - started, 4),
                "server_model": body.get("model"),
            },
        )

    def generate(self, requests: list[Request], config: GenerationConfig) -> list[Generation]:
        """One generation per request, ``concurrency`` at a time, in request order."""
        if not requests:
            return []
        self._stop.clear()
        with ThreadPoolExecutor(max_workers=min(self.concurrency, len(requests)), thread_name_prefix="acctbench-http") as pool:
            futures = [pool.submit(self._one, r, config) for r in requests]
            try:
                done, _ = wait(futures, return_when=FIRST_EXCEPTION)
                failed = next((f for f in futures if f in done and f.exception() is not None), None)
            except BaseException:
                self._stop.set()
                pool.shutdown(wait=True, cancel_futures=True)
                raise
            if failed is not None:
                self._stop.set()
                pool.shutdown(wait=True, cancel_futures=True)
                raise failed.exception()  # type: ignore[misc]
        return [f.result() for f in futures]

    def close(self) -> None:
        """Stop any retry still waiting (nothing else is held between calls)."""
        self._stop.set()
