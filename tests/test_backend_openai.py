"""The OpenAI-compatible backend against a real HTTP server on 127.0.0.1 (no client mocks).

Each test scripts the server: a list of behaviours for successive ``/chat/completions`` calls,
then a default. The server counts attempts itself, so retry counts are checked from outside.
Also here: the vLLM backend's missing-vLLM guard (vLLM needs a CUDA GPU).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from acctbench.models import BackendError, GenerationConfig, Request, load_backend
from acctbench.models.openai_compat import OpenAIBackend, _error_message, _retry_after, parse_spec, redact_url
from acctbench.prompt import build_messages

ROOT = Path(__file__).resolve().parents[1]
FAST = {"backoff": 0.01, "max_wait": 1.0, "timeout": 5.0}
SECRET = "sk-test-0123456789-secret"


@dataclass
class Reply:
    """What the server does for one call: optionally sleep, then answer ``status`` with ``body``
    (JSON, or ``bytes`` as they are); ``cut`` closes the connection after that many body bytes,
    ``drip`` sends the body a byte at a time with that pause (for at most 4 s)."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    sleep: float = 0.0
    cut: int | None = None
    drip: float = 0.0


Behaviour = Callable[[dict[str, Any]], Reply]


def last_user(body: dict[str, Any]) -> str:
    return [m["content"] for m in body["messages"] if m["role"] == "user"][-1]


def completion(text: str, prompt_tokens: int = 11, completion_tokens: int = 7) -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "model": "fake",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens, "total_tokens": prompt_tokens + completion_tokens},
    }


def echo(body: dict[str, Any]) -> Reply:
    """A normal answer derived from the last user message."""
    first_line = last_user(body).splitlines()[0]
    return Reply(body=completion(f"echo: {first_line}", prompt_tokens=len(first_line)))


def status(code: int, message: str, headers: dict[str, str] | None = None) -> Behaviour:
    return lambda body: Reply(code, {"error": {"message": message, "type": "test", "code": code}}, headers or {})


def slow(seconds: float) -> Behaviour:
    return lambda body: Reply(sleep=seconds, body=completion("too late"))


class FakeServer(ThreadingHTTPServer):
    """An OpenAI-compatible server whose ``/chat/completions`` follows a script."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.script: list[Behaviour] = []
        self.default: Behaviour = echo
        self.models: list[dict[str, Any]] = [{"id": "fake", "object": "model", "owned_by": "tests", "created": 1700000000}]
        self.lock = threading.Lock()
        self.chat_calls = 0
        self.model_calls = 0
        self.bodies: list[dict[str, Any]] = []
        self.auth: list[str | None] = []
        self.in_flight = 0
        self.max_in_flight = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"

    def next_behaviour(self, body: dict[str, Any], auth: str | None) -> Behaviour:
        with self.lock:
            self.chat_calls += 1
            self.bodies.append(body)
            self.auth.append(auth)
            return self.script.pop(0) if self.script else self.default


class Handler(BaseHTTPRequestHandler):
    server: FakeServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base signature
        pass

    def _send(self, reply: Reply) -> None:
        raw = reply.body if isinstance(reply.body, bytes) else json.dumps(reply.body).encode()
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            if reply.drip:
                for i in range(min(len(raw), int(4 / reply.drip))):
                    self.wfile.write(raw[i : i + 1])
                    self.wfile.flush()
                    time.sleep(reply.drip)
                self.close_connection = True
            elif reply.cut is not None:
                self.wfile.write(raw[: reply.cut])
                self.close_connection = True
            else:
                self.wfile.write(raw)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test)

    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        if self.path == "/v1/models":
            with self.server.lock:
                self.server.model_calls += 1
            self._send(Reply(body={"object": "list", "data": self.server.models}))
        else:
            self._send(Reply(404, {"error": {"message": f"no route {self.path}"}}))

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length))
        if self.path != "/v1/chat/completions":
            self._send(Reply(404, {"error": {"message": f"no route {self.path}"}}))
            return
        behaviour = self.server.next_behaviour(body, self.headers.get("Authorization"))
        with self.server.lock:
            self.server.in_flight += 1
            self.server.max_in_flight = max(self.server.max_in_flight, self.server.in_flight)
        try:
            reply = behaviour(body)
            if reply.sleep:
                time.sleep(reply.sleep)
        finally:
            with self.server.lock:
                self.server.in_flight -= 1
        self._send(reply)


@pytest.fixture
def server() -> Iterator[FakeServer]:
    srv = FakeServer()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(timeout=5)


@pytest.fixture(autouse=True)
def no_openai_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)


def make_requests(n: int) -> list[Request]:
    items = [
        {"id": f"q{i}", "type": "text", "question": f"Question number {i}: what is accrual accounting?",
         "reference": {"reasoning": "r", "answer": "a"}}
        for i in range(n)
    ]
    return [Request(item, 0, build_messages(item)) for item in items]


CONFIG = GenerationConfig(max_new_tokens=64, temperature=0.0, top_p=1.0, seed=3)


# ---- answers and payload --------------------------------------------------------------------


def test_normal_answer_and_payload(server):
    backend = OpenAIBackend.from_spec(f"{server.url}#fake", **FAST)
    [generation] = backend.generate(make_requests(1), CONFIG)
    assert generation.text == "echo: Question number 0: what is accrual accounting?"
    assert (generation.prompt_tokens, generation.completion_tokens) == (len("Question number 0: what is accrual accounting?"), 7)
    assert generation.latency_s is not None and generation.meta["attempts"] == 1
    assert generation.meta["finish_reason"] == "stop"
    [body] = server.bodies
    assert body["model"] == "fake" and body["max_tokens"] == 64 and body["temperature"] == 0.0 and body["top_p"] == 1.0
    assert isinstance(body["seed"], int) and [m["role"] for m in body["messages"]] == ["system", "user"]
    assert server.auth == [None]  # no key, no header
    assert backend.label == "fake" and backend.device is None


def test_samples_get_distinct_stable_seeds(server):
    item = make_requests(1)[0].item
    requests = [Request(item, s, build_messages(item)) for s in range(3)]
    backend = OpenAIBackend.from_spec(f"{server.url}#fake", **FAST)
    backend.generate(requests, CONFIG)
    backend.generate(requests, CONFIG)
    seeds = [b["seed"] for b in server.bodies]
    # Requests run concurrently, so compare each call's seeds as sets.
    assert len(set(seeds[:3])) == 3 and set(seeds[:3]) == set(seeds[3:])


def test_concurrent_requests_come_back_in_order(server):
    def later_is_faster(body: dict[str, Any]) -> Reply:
        index = int(last_user(body).split()[2].rstrip(":"))
        reply = echo(body)
        reply.sleep = (20 - index) * 0.01
        return reply

    server.default = later_is_faster
    backend = OpenAIBackend.from_spec(f"{server.url}#fake", concurrency=8, **FAST)
    generations = backend.generate(make_requests(20), CONFIG)
    assert [g.text for g in generations] == [f"echo: Question number {i}: what is accrual accounting?" for i in range(20)]
    assert server.chat_calls == 20
    assert 1 < server.max_in_flight <= 8


# ---- retries --------------------------------------------------------------------------------


def test_429_honours_retry_after_then_succeeds(server):
    server.script = [status(429, "slow down", {"Retry-After": "0"})]
    backend = OpenAIBackend.from_spec(f"{server.url}#fake", backoff=30.0, timeout=5.0)  # Retry-After, not backoff
    started = time.monotonic()
    [generation] = backend.generate(make_requests(1), CONFIG)
    assert time.monotonic() - started < 10
    assert generation.text.startswith("echo:") and generation.meta["attempts"] == 2
    assert server.chat_calls == 2


def test_retry_after_is_capped(server):
    server.script = [status(429, "come back in an hour", {"Retry-After": "3600"})]
    backend = OpenAIBackend.from_spec(f"{server.url}#fake", backoff=0.01, max_wait=0.05, timeout=5.0)
    started = time.monotonic()
    backend.generate(make_requests(1), CONFIG)
    assert time.monotonic() - started < 10 and server.chat_calls == 2


def test_500_twice_then_success(server):
    server.script = [status(500, "boom"), status(503, "overloaded")]
    [generation] = OpenAIBackend.from_spec(f"{server.url}#fake", **FAST).generate(make_requests(1), CONFIG)
    assert generation.text.startswith("echo:") and generation.meta["attempts"] == 3
    assert server.chat_calls == 3


def test_timeout_is_retried(server):
    server.script = [slow(1.0)]
    backend = OpenAIBackend.from_spec(f"{server.url}#fake", backoff=0.01, timeout=0.3)
    [generation] = backend.generate(make_requests(1), CONFIG)
    assert generation.text.startswith("echo:") and generation.meta["attempts"] == 2
    assert server.chat_calls == 2


def test_always_500_gives_up_after_exact_attempts(server):
    server.default = status(500, "the GPU caught fire")
    backend = OpenAIBackend.from_spec(f"{server.url}#fake", max_retries=3, **FAST)
    with pytest.raises(BackendError) as info:
        backend.generate(make_requests(1), CONFIG)
    assert server.chat_calls == 4  # one try and three retries
    message = str(info.value)
    assert "after 4 attempts" in message and "HTTP 500" in message and "the GPU caught fire" in message
    assert f"{server.url}/chat/completions" in message


def test_zero_retries_means_one_attempt(server):
    server.default = status(502, "bad gateway")
    with pytest.raises(BackendError, match="after 1 attempts"):
        OpenAIBackend.from_spec(f"{server.url}#fake", max_retries=0, **FAST).generate(make_requests(1), CONFIG)
    assert server.chat_calls == 1


def test_400_fails_at_once_with_the_server_message(server):
    server.default = status(400, "max_tokens is too large: 99999 > 4096")
    with pytest.raises(BackendError) as info:
        OpenAIBackend.from_spec(f"{server.url}#fake", max_retries=5, **FAST).generate(make_requests(1), CONFIG)
    assert server.chat_calls == 1
    assert "HTTP 400" in str(info.value) and "max_tokens is too large: 99999 > 4096" in str(info.value)


def test_one_failure_fails_the_batch(server):
    server.script = [status(401, "invalid api key")]
    backend = OpenAIBackend.from_spec(f"{server.url}#fake", concurrency=2, **FAST)
    with pytest.raises(BackendError, match="HTTP 401: invalid api key"):
        backend.generate(make_requests(6), CONFIG)
    assert server.chat_calls <= 6


def test_unreachable_port_raises_after_retries():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    backend = OpenAIBackend.from_spec(f"http://127.0.0.1:{port}/v1#fake", max_retries=2, **FAST)
    with pytest.raises(BackendError) as info:
        backend.generate(make_requests(1), CONFIG)
    assert "after 3 attempts" in str(info.value) and f"127.0.0.1:{port}" in str(info.value)


def test_identity_is_best_effort_when_unreachable():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    identity = OpenAIBackend(f"http://127.0.0.1:{port}/v1", "fake", **FAST).identity()
    assert identity["server_model"] is None and identity["model"] == "fake"


def test_wrong_path_hints_at_v1(server):
    backend = OpenAIBackend(server.url.removesuffix("/v1"), "fake", **FAST)
    with pytest.raises(BackendError, match="404.*ends in /v1"):
        backend.generate(make_requests(1), CONFIG)


def test_response_without_choices_is_an_error(server):
    server.default = lambda body: Reply(body={"error": "model not loaded"})
    with pytest.raises(BackendError, match="no choices.*model not loaded"):
        OpenAIBackend.from_spec(f"{server.url}#fake", **FAST).generate(make_requests(1), CONFIG)


# ---- broken answers: retried once, then a clear error ----------------------------------------

GOOD = json.dumps(completion("fine")).encode()


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        (Reply(body=GOOD, cut=len(GOOD) // 2), "connection closed after"),  # dropped mid-body
        (Reply(body=GOOD[: len(GOOD) // 2]), "response is not JSON"),  # invalid JSON with a 200
        (Reply(body={"error": {"message": "upstream overloaded", "code": 503}}), "no choices.*upstream overloaded"),
        (Reply(body=completion("two") | {"choices": completion("a")["choices"] * 2}), "2 choices in the response, expected 1"),
        (Reply(body=completion("none") | {"choices": []}), "no choices"),
        (Reply(body=GOOD, drip=0.05), "timed out: no complete response within 0.5 s"),  # a drip past the timeout
    ],
    ids=["dropped", "invalid-json", "error-body", "two-choices", "no-choices", "drip"],
)
def test_broken_answer_is_retried_then_a_clear_error(server, fault, message):
    server.script = [lambda body: fault]
    backend = OpenAIBackend.from_spec(f"{server.url}#fake", backoff=0.01, max_wait=1.0, timeout=0.5, max_retries=2)
    [generation] = backend.generate(make_requests(1), CONFIG)  # once: the retry answers
    assert generation.text.startswith("echo:") and generation.meta["attempts"] == 2
    server.default = lambda body: fault
    started = time.monotonic()
    with pytest.raises(BackendError, match=f"after 3 attempts; last error: {message}"):
        backend.generate(make_requests(1), CONFIG)
    assert time.monotonic() - started < 10  # a drip never holds a request past its timeouts


def test_huge_body_fails_at_once(server):
    server.default = lambda body: Reply(body=completion("A" * 10_000_000))
    with pytest.raises(BackendError, match="over 8,388,608 bytes.*max_response_bytes") as info:
        OpenAIBackend.from_spec(f"{server.url}#fake", max_retries=3, **FAST).generate(make_requests(1), CONFIG)
    assert server.chat_calls == 1 and "(item 'q0', sample 0)" in str(info.value)
    small = OpenAIBackend.from_spec(f"{server.url}#fake", max_response_bytes=100, **FAST)
    server.default = echo
    with pytest.raises(BackendError, match="over 100 bytes"):
        small.generate(make_requests(1), CONFIG)


def test_text_is_kept_exactly_surrogates_and_bad_bytes_included(server):
    hostile = "x \udcff y \x00 \ufeff \u202e \u2028"
    server.script = [lambda body: Reply(body=completion(hostile)),
                     lambda body: Reply(body=json.dumps(completion("bad @ byte")).encode().replace(b"@", b"\xff"))]
    backend = OpenAIBackend.from_spec(f"{server.url}#fake", concurrency=1, **FAST)
    first, second = backend.generate(make_requests(2), CONFIG)
    assert first.text == hostile and second.text == "bad \udcff byte"


# ---- specs, models and identity -------------------------------------------------------------


def test_url_without_model_uses_first_listed_model(server):
    server.models = [{"id": "first-model", "object": "model", "owned_by": "llamacpp", "created": 1712345678}, {"id": "second"}]
    backend = load_backend(server.url)
    assert isinstance(backend, OpenAIBackend)
    assert backend.label == backend.model == "first-model"
    backend.generate(make_requests(1), CONFIG)
    assert server.bodies[0]["model"] == "first-model"
    identity = backend.identity()
    assert identity["kind"] == "openai" and identity["base_url"] == server.url and identity["model"] == "first-model"
    assert identity["server_model"]["owned_by"] == "llamacpp" and identity["server_model"]["created"] == 1712345678
    assert server.model_calls == 1  # listed once, then cached


def test_empty_model_list_is_an_error(server):
    server.models = []
    with pytest.raises(BackendError, match="lists no model"):
        OpenAIBackend.from_spec(server.url, **FAST)


def test_openai_spec_reads_env_and_never_shows_the_key(server, monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", server.url + "/")
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    backend = load_backend("openai:fake")
    assert backend.base_url == server.url and backend.model == "fake"
    backend.generate(make_requests(1), CONFIG)
    assert server.auth == [f"Bearer {SECRET}"]
    server.default = status(400, "bad request")
    with pytest.raises(BackendError) as info:
        backend.generate(make_requests(1), CONFIG)
    identity = backend.identity()
    assert identity["api_key_set"] is True
    for shown in (str(info.value), json.dumps(identity), repr(backend)):
        assert SECRET not in shown


def test_identity_without_models_endpoint(server):
    backend = OpenAIBackend(server.url, "absent", **FAST)
    assert backend.identity()["server_model"] is None


@pytest.mark.parametrize(
    ("spec", "env", "expected"),
    [
        ("openai:gpt-4o-mini", None, ("http://127.0.0.1:8000/v1", "gpt-4o-mini")),  # default base
        ("openai:llama3.1:8b", "http://h:11434/v1/", ("http://h:11434/v1", "llama3.1:8b")),  # Ollama tag keeps its colon
        ("http://h:8000/v1#meta-llama/Llama-3.1-8B", None, ("http://h:8000/v1", "meta-llama/Llama-3.1-8B")),
        ("https://api.example.com/v1/", None, ("https://api.example.com/v1", None)),  # model from /models
        ("http://h/v1#", None, ("http://h/v1", None)),
    ],
)
def test_parse_spec(spec, env, expected, monkeypatch):
    if env:
        monkeypatch.setenv("OPENAI_BASE_URL", env)
    assert parse_spec(spec) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b'{"error": {"message": "openai style", "type": "x"}}', "openai style"),
        (b'{"object": "error", "message": "vllm style", "code": 400}', "vllm style"),
        (b'{"error": "ollama style"}', "ollama style"),
        (b"plain text failure", "plain text failure"),
        (b"", "(empty body)"),
    ],
)
def test_error_message_shapes(raw, expected):
    assert _error_message(raw) == expected


def test_retry_after_forms():
    assert _retry_after("2.5") == 2.5 and _retry_after("-3") == 0.0
    assert _retry_after(None) is None and _retry_after("soon") is None
    assert _retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # a date in the past


def test_invalid_options_and_urls():
    with pytest.raises(BackendError, match="concurrency"):
        OpenAIBackend("http://127.0.0.1:1/v1", "m", concurrency=0)
    with pytest.raises(BackendError, match="base URL"):
        OpenAIBackend("ftp://example.com/v1", "m")
    assert redact_url("https://user:pw@example.com/v1") == "https://example.com/v1"


# ---- end to end through the CLI -------------------------------------------------------------


@pytest.mark.slow
def test_cli_run_against_server(server, tmp_path):
    server.default = lambda body: Reply(body=completion("<reasoning>\nThe asset account is classified as an asset.\n</reasoning>\n<answer>A</answer>"))
    out = tmp_path / "run"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "acctbench", "run", "--model", f"{server.url}#fake", "--suite", "choice",
         "--limit", "5", "--out", str(out), "--no-progress"],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    rows = [json.loads(line) for line in (out / "samples.jsonl").read_text().splitlines()]
    assert len(rows) == 5 and server.chat_calls == 5
    assert {r["model"] for r in rows} == {"fake"}
    assert all(r["completion"].endswith("<answer>A</answer>") for r in rows)
    run = json.loads((out / "run.json").read_text())
    assert run["model"]["identity"]["kind"] == "openai" and run["model"]["identity"]["model"] == "fake"


# ---- vLLM guard -----------------------------------------------------------------------------


def test_vllm_missing_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "vllm", None)  # import vllm raises ImportError, installed or not
    with pytest.raises(BackendError) as info:
        load_backend("vllm:meta-llama/Llama-3.1-8B-Instruct")
    assert str(info.value) == "vLLM is not installed: pip install 'acctbench[vllm]' (needs a CUDA GPU)"
