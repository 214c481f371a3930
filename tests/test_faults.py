"""Faults a run directory must survive: SIGKILL, Ctrl-C, a full or read-only disk, two writers,
a misbehaving server, corrupted files and hostile text. Nothing is lost or duplicated.

The scenario functions at the top also drive ``benchmarks/faults.py``, which prints the
README's fault table. Runs are ``acctbench`` subprocesses; the scripted server listens on
127.0.0.1 only; every loop and wait is bounded. A tmpfs serves as a full or read-only disk
where root may mount one; otherwise an injected writer stands in (or the test skips, saying why).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from acctbench.prompt import user_message
from acctbench.results.jsonl import dumps, dumps_line
from acctbench.results.lock import LOCK_NAME, RunLock, RunLocked
from acctbench.results.samples import SampleWriter, count_rows, key_of, keys_on_disk, read_samples
from acctbench.results.summary import summarize
from acctbench.suites import suites

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
RESUME = "rerun the same command to resume"
EXIT_OUTPUT, EXIT_LOCKED, EXIT_BACKEND, EXIT_INTERRUPTED = 4, 5, 3, 130
WAIT_S = 120
"""The longest any scenario waits for one process."""
ORACLE = ["--model", "oracle", "--suite", "computations", "--suite", "journal", "--limit", "60", "--batch-size", "2",
          "--scorers", "correctness,xml_format", "--no-progress"]
"""120 items in batches of 2: 60 fsynced appends for a kill to land between (or in)."""
HOSTILE = {
    "lone low surrogate": "x \udcff y",
    "lone high surrogate": "\ud800 answer <answer>A</answer>",
    "NUL": "a\x00b <answer>B\x00</answer>",
    "BOM": "\ufeff<answer>C</answer>\ufeff",
    "RTL marks": "\u202e<answer>A</answer>\u202c \u200fB\u200e \u2067C\u2069",
    "line separators": "one\u2028two\u2029three\x85four\rfive\x1csix\x1d\x1e",
    "2 MB string": "A" * 2_000_000 + " \udcff <answer>D</answer>",
}
SERVER_FAULTS = ("connection dropped mid-body", "invalid JSON", "200 with an error body", "slow drip past the timeout",
                 "10 MB body", "wrong choices length")

Key = tuple[str, str, int]


def acctbench(*args: str | Path, timeout: float = WAIT_S) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "acctbench", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, env=ENV, timeout=timeout)


def _interruptible() -> None:
    """In the child: Ctrl-C as in a terminal. A test run started in the background by a
    non-interactive shell (``pytest &``) inherits SIGINT ignored, and so would every run it starts."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(*args: str | Path, stderr: int = subprocess.DEVNULL) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "acctbench", *map(str, args)], stdout=subprocess.DEVNULL,
                            stderr=stderr, text=True, cwd=ROOT, env=ENV, preexec_fn=_interruptible)


def size_of(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def wait_for(proc: subprocess.Popen, path: Path, at_least: float) -> bool:
    """Wait until ``path`` holds ``at_least`` bytes or ``proc`` exits; whether it still runs."""
    deadline = time.monotonic() + WAIT_S
    while proc.poll() is None and size_of(path) < at_least and time.monotonic() < deadline:
        time.sleep(0.001)
    return proc.poll() is None


def one_line_error(stderr: str, *expected: str) -> bool:
    """Exactly one line on stderr, no traceback, holding every expected fragment."""
    lines = stderr.strip().splitlines()
    return len(lines) == 1 and "Traceback" not in stderr and all(e in lines[0] for e in expected)


@dataclass
class Outcome:
    """One row of the fault table."""

    fault: str
    tried: int = 0
    survived: int = 0
    lost: int = 0
    duplicated: int = 0
    note: str = ""

    def add(self, survived: bool, lost: int, duplicated: int) -> None:
        self.tried += 1
        self.survived += int(survived)
        self.lost += lost
        self.duplicated += duplicated

    @property
    def clean(self) -> bool:
        return self.tried > 0 and self.survived == self.tried and self.lost == 0 and self.duplicated == 0


@dataclass
class Reference:
    """A clean, uninterrupted run of the same command: what every faulty run must end as."""

    directory: Path
    args: list[str]
    rows: dict[Key, tuple]
    models: dict[str, Any]
    size: int
    first_row_s: float

    def run(self, out: Path, *extra: str, timeout: float = WAIT_S) -> subprocess.CompletedProcess:
        return acctbench("run", *self.args, "--out", out, *extra, timeout=timeout)

    def start(self, out: Path, *extra: str, stderr: int = subprocess.DEVNULL) -> subprocess.Popen:
        return start("run", *self.args, "--out", out, *extra, stderr=stderr)


def content(row: dict[str, Any]) -> tuple:
    return (row["completion"], row["scores"], row["total"])


def reference_run(out: Path, args: list[str]) -> Reference:
    started = time.monotonic()
    proc = start("run", *args, "--out", out, stderr=subprocess.PIPE)
    first = None
    deadline = started + WAIT_S
    while proc.poll() is None and time.monotonic() < deadline:
        if first is None and size_of(out / "samples.jsonl"):
            first = time.monotonic() - started
        time.sleep(0.002)
    _, err = proc.communicate(timeout=WAIT_S)
    assert proc.returncode == 0, err
    rows = {key_of(r): content(r) for r in read_samples(out / "samples.jsonl")}
    models = json.loads((out / "summary.json").read_text())["models"]
    return Reference(out, args, rows, models, size_of(out / "samples.jsonl"), first or time.monotonic() - started)


def tally(out: Path, ref: Reference, already_duplicated: int = 0) -> tuple[int, int]:
    """(rows lost, rows duplicated) against the reference: a missing or differing row is lost;
    a second row of one key, or a key the reference lacks, is duplicated."""
    try:
        rows = read_samples(out / "samples.jsonl")
    except (OSError, ValueError):
        return len(ref.rows), 0
    seen = Counter(key_of(r) for r in rows)
    first: dict[Key, tuple] = {}
    for r in rows:
        first.setdefault(key_of(r), content(r))
    lost = sum(1 for key, value in ref.rows.items() if first.get(key) != value)
    duplicated = sum(n - 1 for n in seen.values()) + sum(1 for key in seen if key not in ref.rows)
    return lost, duplicated - already_duplicated


def finished(out: Path, ref: Reference) -> bool:
    """The run says it is complete and its summary equals the clean run's."""
    try:
        run = json.loads((out / "run.json").read_text())
        summary = json.loads((out / "summary.json").read_text())
    except (OSError, ValueError):
        return False
    return run.get("status") == "complete" and summary.get("models") == ref.models


def partial_copy(ref: Reference, out: Path, keep: float = 0.5) -> int:
    """A copy of the reference run cut to its first ``keep`` share of rows (as a crash leaves it)."""
    shutil.copytree(ref.directory, out)
    lines = (out / "samples.jsonl").read_bytes().splitlines(keepends=True)
    kept = lines[: int(len(lines) * keep)]
    (out / "samples.jsonl").write_bytes(b"".join(kept))
    return len(kept)


# ---- a disk of our own: tmpfs where root may mount one --------------------------------------


def mount_refusal(probe: Path) -> str | None:
    """Why a tmpfs cannot be mounted here (None when it can)."""
    if os.geteuid() != 0:
        return "not root: cannot mount a tmpfs"
    if shutil.which("mount") is None:
        return "no mount command"
    probe.mkdir(parents=True, exist_ok=True)
    tried = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)], capture_output=True, text=True)
    if tried.returncode != 0:
        return f"mounting a tmpfs is not permitted here: {tried.stderr.strip()}"
    subprocess.run(["umount", str(probe)], check=True)
    return None


@contextlib.contextmanager
def tmpfs(path: Path, size: str) -> Iterator[Path]:
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], check=True, capture_output=True)
    try:
        yield path
    finally:
        subprocess.run(["umount", str(path)], check=True, capture_output=True)


def remount(path: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(path)], check=True, capture_output=True)


# ---- the scripted OpenAI-compatible server --------------------------------------------------

RAW_BYTE = "@@raw-ff@@"
"""In an answer text, sent as the byte 0xff (not UTF-8): the backend keeps it as U+DCFF."""


def completion_body(text: str, choices: int = 1) -> dict[str, Any]:
    choice = {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}
    return {"object": "chat.completion", "model": "fake", "choices": [choice] * choices,
            "usage": {"prompt_tokens": 10, "completion_tokens": 5}}


def last_user(body: dict[str, Any]) -> str:
    return [m["content"] for m in body["messages"] if m["role"] == "user"][-1]


def echo_answer(body: dict[str, Any]) -> str:
    """A deterministic answer per question and seed (so a resumed run equals a clean one)."""
    digest = hashlib.sha256(f"{last_user(body)}#{body['seed']}".encode()).hexdigest()
    return f"<reasoning>echo {digest[:12]}</reasoning>\n<answer>{'ABCD'[int(digest, 16) % 4]}</answer>"


class FaultServer(ThreadingHTTPServer):
    """``/v1/chat/completions`` answers ``text(body)``, unless a fault is planned for the call."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), FaultHandler)
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.calls = 0
            self.once: dict[int, str] = {}
            self.always: str | None = None
            self.delay = 0.0
            self.text: Callable[[dict[str, Any]], str] = echo_answer

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"

    def plan(self) -> tuple[int, str | None]:
        with self.lock:
            self.calls += 1
            return self.calls, self.once.pop(self.calls, None) or self.always


class FaultHandler(BaseHTTPRequestHandler):
    server: FaultServer
    DRIP_S = 0.05
    DRIP_BYTES = 80
    """A drip stops after 4 s; the client's 2 s timeout has given up by then."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base signature
        pass

    def _send(self, raw: bytes, cut: int | None = None, drip: bool = False) -> None:
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            if drip:
                for i in range(min(len(raw), self.DRIP_BYTES)):
                    self.wfile.write(raw[i : i + 1])
                    self.wfile.flush()
                    time.sleep(self.DRIP_S)
                self.close_connection = True
            elif cut is not None:
                self.wfile.write(raw[:cut])
                self.wfile.flush()
                self.close_connection = True
            else:
                self.wfile.write(raw)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should

    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        self._send(json.dumps({"object": "list", "data": [{"id": "fake", "object": "model"}]}).encode())

    def do_POST(self) -> None:  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
        call, fault = self.server.plan()
        if self.server.delay:
            time.sleep(self.server.delay)
        good = json.dumps(completion_body(self.server.text(body))).encode().replace(RAW_BYTE.encode(), b"\xff")
        if fault is None:
            self._send(good)
        elif fault == "connection dropped mid-body":
            self._send(good, cut=len(good) // 2)
        elif fault == "invalid JSON":
            self._send(good[: len(good) // 2])
        elif fault == "200 with an error body":
            self._send(json.dumps({"error": {"message": "upstream overloaded", "type": "server_error", "code": 503}}).encode())
        elif fault == "slow drip past the timeout":
            self._send(good, drip=True)
        elif fault == "10 MB body":
            self._send(json.dumps(completion_body("A" * 10_000_000)).encode())
        elif fault == "wrong choices length":
            self._send(json.dumps(completion_body(self.server.text(body), choices=2 if call % 2 else 0)).encode())
        else:
            raise ValueError(f"unknown fault {fault!r}")


@contextlib.contextmanager
def fault_server() -> Iterator[FaultServer]:
    server = FaultServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def server_args(server: FaultServer, limit: int = 16, concurrency: int = 2) -> list[str]:
    return ["--model", f"{server.url}#fake", "--suite", "choice", "--limit", str(limit), "--batch-size", "4",
            "--model-option", "max_retries=2", "--model-option", "backoff=0.01", "--model-option", "timeout=2",
            "--model-option", f"concurrency={concurrency}", "--scorers", "correctness,xml_format", "--no-progress"]


# ---- scenarios ------------------------------------------------------------------------------


def sigkill(work: Path, ref: Reference, kills: int, rng: random.Random) -> Outcome:
    """SIGKILL at random points (in bytes written; a few during start-up), then resume."""
    outcome = Outcome("SIGKILL at a random point, then resume")
    mid = 0
    for i in range(kills):
        out = work / f"kill-{i}"
        point = rng.uniform(-0.15, 1.0)
        proc = ref.start(out)
        if point < 0:
            time.sleep(rng.uniform(0, ref.first_row_s))
        else:
            wait_for(proc, out / "samples.jsonl", point * ref.size)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=WAIT_S)
        at_kill = count_rows(out / "samples.jsonl") or 0
        mid += 0 < at_kill < len(ref.rows)
        resumed = ref.run(out)
        outcome.add(resumed.returncode == 0 and finished(out, ref), *tally(out, ref))
    outcome.note = f"{mid} of {kills} kills left a partial samples file"
    return outcome


def sigint(work: Path, ref: Reference, tries: int, rng: random.Random) -> Outcome:
    """Ctrl-C mid-run: exit 130 with a one-line message saying how to resume; then resume."""
    outcome = Outcome("SIGINT (Ctrl-C), then resume")
    stops, seen = 0, []
    for i in range(tries):
        out = work / f"int-{i}"
        proc = ref.start(out, stderr=subprocess.PIPE)
        signalled = wait_for(proc, out / "samples.jsonl", rng.uniform(0.1, 0.8) * ref.size)
        if signalled:
            proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=WAIT_S)
        clean_stop = proc.returncode == EXIT_INTERRUPTED and one_line_error(err, "interrupted", "safely on disk", RESUME)
        stops += clean_stop
        if not clean_stop:  # what the run said, so a failure here can be diagnosed
            seen.append(f"signalled={signalled} exit={proc.returncode} stderr={err[-400:]!r}")
        resumed = ref.run(out)
        outcome.add(clean_stop and resumed.returncode == 0 and finished(out, ref), *tally(out, ref))
    outcome.note = f"{stops} of {tries} stopped with exit 130 and a one-line message" + "".join(f"; {s}" for s in seen)
    return outcome


def _disk_full_message(result: subprocess.CompletedProcess, out: Path) -> bool:
    """Exit 4, one line naming a path in ``out``, 'No space left', the true row count, the hint."""
    said = re.search(r"(\d+) rows? safely on disk", result.stderr)
    return (result.returncode == EXIT_OUTPUT and one_line_error(result.stderr, str(out), "No space left on device", RESUME)
            and said is not None and int(said.group(1)) == count_rows(out / "samples.jsonl"))


def enospc_tmpfs(work: Path, ref: Reference, sizes: tuple[str, ...] = ("120k", "200k", "260k")) -> Outcome:
    """A tmpfs that fills before (120k), during (200k) and near the end of (260k) the run."""
    outcome = Outcome("ENOSPC (tmpfs " + "/".join(sizes) + "), then resume")
    at = []
    for size in sizes:
        with tmpfs(work / f"full-{size}", size) as disk:
            out = disk / "run"
            first = ref.run(out)
            said = _disk_full_message(first, out)
            at.append(str(count_rows(out / "samples.jsonl")))
            remount(disk, "size=32m")
            resumed = ref.run(out)
            outcome.add(said and resumed.returncode == 0 and finished(out, ref), *tally(out, ref))
    outcome.note = f"stopped with {', '.join(at)} of {len(ref.rows)} rows on disk"
    return outcome


def run_with_full_disk(argv: list[str], rows_that_fit: int) -> tuple[int, str]:
    """``acctbench`` in this process with a samples writer that raises ENOSPC once
    ``rows_that_fit`` rows are written: (exit code, stderr)."""
    import acctbench.runner as runner
    from acctbench.cli import main

    class FullDisk(SampleWriter):
        def write(self, rows):
            batch = list(rows)
            if self.rows_written + len(batch) > rows_that_fit:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self.path))
            super().write(batch)

    err = io.StringIO()
    original, runner.SampleWriter = runner.SampleWriter, FullDisk
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(argv)
    finally:
        runner.SampleWriter = original
    return code, err.getvalue()


def enospc_injected(work: Path, ref: Reference, fits: tuple[int, ...] = (0, 31, 97)) -> Outcome:
    """ENOSPC from an injected samples writer (runs everywhere, root or not)."""
    outcome = Outcome("ENOSPC (injected writer), then resume")
    for n in fits:
        out = work / f"inject-{n}"
        code, err = run_with_full_disk(["run", *ref.args, "--out", str(out)], n)
        said = code == EXIT_OUTPUT and one_line_error(err, "No space left on device", f"{n // 2 * 2} rows", RESUME)
        resumed = ref.run(out)
        outcome.add(said and resumed.returncode == 0 and finished(out, ref), *tally(out, ref))
    outcome.note = "stopped with " + ", ".join(str(n // 2 * 2) for n in fits) + " rows on disk"
    return outcome


def concurrent(work: Path, server: FaultServer, ref: Reference) -> Outcome:
    """Two runs on one directory: the second refuses at once naming the holder; with --wait a
    third queues, then finds nothing left to do."""
    outcome = Outcome("two concurrent runs (second refuses; --wait queues)")
    out = work / "concurrent"
    server.reset()
    server.delay = 0.25  # 16 requests one at a time: about 4 s of run for the others to meet
    args = server_args(server, concurrency=1)
    first = start("run", *args, "--out", out, stderr=subprocess.PIPE)
    wait_for(first, out / "samples.jsonl", 1)
    began = time.monotonic()
    second = acctbench("run", *args, "--out", out)
    refused_s = time.monotonic() - began
    refused = second.returncode == EXIT_LOCKED and one_line_error(second.stderr, f"pid {first.pid}", "--wait")
    third = start("run", *args, "--out", out, "--wait", stderr=subprocess.PIPE)
    first.communicate(timeout=WAIT_S)
    calls = server.calls
    _, third_err = third.communicate(timeout=WAIT_S)
    queued = "waiting for it to finish" in third_err
    nothing_left = third.returncode == 0 and server.calls == calls
    outcome.add(refused and first.returncode == 0 and nothing_left and finished(out, ref), *tally(out, ref))
    outcome.note = (f"refused in {refused_s:.1f} s (process start included); --wait "
                    f"{'queued' if queued else 'found the run over'}, then made {server.calls - calls} requests")
    return outcome


def server_fault(work: Path, server: FaultServer, ref: Reference, fault: str) -> Outcome:
    """The fault once (call 5), then on every call: a clear stop or a retry, then a resume."""
    outcome = Outcome(f"server: {fault}")
    notes = []
    for mode in ("once", "always"):
        out = work / f"server-{re.sub(r'[^a-z0-9]+', '-', fault.lower())}-{mode}"
        server.reset()
        if mode == "once":
            server.once = {5: fault}
        else:
            server.always = fault
        first = ref.run(out)
        clear = first.returncode == 0 or (first.returncode == EXIT_BACKEND and one_line_error(first.stderr, "error: model"))
        server.reset()
        resumed = ref.run(out) if clear else first
        survived = clear and resumed.returncode == 0 and finished(out, ref)
        outcome.add(survived, *tally(out, ref))
        notes.append(f"{mode}: {'completed' if first.returncode == 0 else f'exit {first.returncode}'}")
        if not survived:
            notes.append(f"FAILED: first run {first.stderr.strip()[-300:]!r}; resume exit {resumed.returncode} {resumed.stderr.strip()[-300:]!r}")
    outcome.note = "; ".join(notes) + ("; resumes completed" if outcome.survived == outcome.tried else "")
    return outcome


def corrupted(work: Path, ref: Reference) -> list[Outcome]:
    """A half-done run directory with one file damaged, then the same command (again)."""
    outcomes = []

    def overwrite(name: str, data: bytes) -> Callable[[Path], int]:
        def damage(out: Path) -> int:
            (out / name).write_bytes(data)
            return 0

        return damage

    def case(name: str, damage: Callable[[Path], int], check: Callable[[Path, subprocess.CompletedProcess], bool]) -> None:
        out = work / f"corrupt-{len(outcomes)}"
        partial_copy(ref, out)
        already = damage(out)  # duplicate rows it made
        first = ref.run(out)
        ok = check(out, first)
        outcome = Outcome(name)
        outcome.add(ok and finished(out, ref), *tally(out, ref, already))
        outcomes.append(outcome)

    def run_json(out: Path, first: subprocess.CompletedProcess) -> bool:
        refused = first.returncode == 2 and one_line_error(first.stderr, str(out / "run.json"), "corrupt", "--force")
        return refused and ref.run(out, "--force").returncode == 0

    def samples_line(out: Path) -> int:
        lines = (out / "samples.jsonl").read_bytes().splitlines(keepends=True)
        lines[3] = b'{"id": "torn' + b"\n"
        (out / "samples.jsonl").write_bytes(b"".join(lines))
        return 0

    def samples_check(out: Path, first: subprocess.CompletedProcess) -> bool:
        named = first.returncode == 2 and one_line_error(first.stderr, "samples.jsonl:4", "corrupt")
        lines = (out / "samples.jsonl").read_bytes().splitlines(keepends=True)
        (out / "samples.jsonl").write_bytes(b"".join(lines[:3] + lines[4:]))  # what the message asks for
        return named and ref.run(out).returncode == 0

    def twice(out: Path) -> int:
        data = (out / "samples.jsonl").read_bytes()
        (out / "samples.jsonl").write_bytes(data + data)  # two writers, before the lock existed
        return len(data.splitlines())

    def deduplicated(out: Path, first: subprocess.CompletedProcess) -> bool:
        summary = json.loads((out / "summary.json").read_text())
        return first.returncode == 0 and summary.get("duplicate_rows") == len(ref.rows) // 2 and "counted once" in summary["note"]

    case("corrupted run.json (refused, then --force rebuilds it)",
         overwrite("run.json", b'{"model": {"spec": "ora'), run_json)
    case("corrupted summary.json (rebuilt)", overwrite("summary.json", b"\x00\xff garbage"),
         lambda out, first: first.returncode == 0)
    case("corrupted items.jsonl (rebuilt)", overwrite("items.jsonl", b"{not json\n\xff\n"),
         lambda out, first: first.returncode == 0 and (out / "items.jsonl").read_bytes() == (ref.directory / "items.jsonl").read_bytes())
    case("corrupted samples.jsonl line (named, then resumed)", samples_line, samples_check)
    case("duplicate rows already in samples.jsonl (counted once)", twice, deduplicated)
    return outcomes


def read_only(work: Path, ref: Reference) -> Outcome:
    """A half-done run on a read-only file system (a read-only tmpfs as root, else chmod)."""
    outcome = Outcome("read-only output directory, then resume")
    disk = work / "ro"
    as_root = os.geteuid() == 0
    with tmpfs(disk, "32m") if as_root else contextlib.nullcontext(disk) as where:
        out = where / "run"
        rows = partial_copy(ref, out)
        if as_root:
            remount(where, "ro")
        else:
            out.chmod(0o555)
        first = ref.run(out)
        reason = "Read-only file system" if as_root else "Permission denied"
        said = first.returncode == EXIT_OUTPUT and one_line_error(first.stderr, str(out), reason, f"{rows} rows safely", RESUME)
        if as_root:
            remount(where, "rw")
        else:
            out.chmod(0o755)
        resumed = ref.run(out)
        outcome.add(said and resumed.returncode == 0 and finished(out, ref), *tally(out, ref))
    outcome.note = f"stopped with exit {first.returncode} naming the path and the {rows} rows on disk"
    return outcome


# ---- hostile text through every command -----------------------------------------------------


def hostile_items() -> list[dict[str, Any]]:
    return suites()["choice"].load("test")[: len(HOSTILE) + 1]


def write_completions(path: Path, texts: dict[str, str], model: str | Callable[[str], str]) -> Path:
    """A completions file that starts with a BOM; rows without surrogates are written raw (so
    U+2028 and U+0085 sit unescaped in the file), rows with them as JSON escapes."""
    lines = []
    for item_id, text in texts.items():
        row = {"id": item_id, "completion": text, "model": model if isinstance(model, str) else model(text)}
        raw = not any("\ud800" <= c <= "\udfff" for c in text + row["model"])
        lines.append(json.dumps(row, ensure_ascii=not raw))
    path.write_bytes("\ufeff".encode() + "\n".join(lines).encode("utf-8") + b"\n")
    return path


def kept(out: Path, expected: dict[str, str]) -> tuple[bool, int]:
    """Whether the run's files keep every text exactly and every reader reads them: (ok, lost)."""
    from acctbench.report.load import load_run, systems_of

    raw = (out / "samples.jsonl").read_bytes()
    rows = read_samples(out / "samples.jsonl")
    got = {r["id"]: r["completion"] for r in rows}
    lost = sum(1 for i, text in expected.items() if got.get(i) != text)
    run = load_run(out)
    items = [json.loads(line) for line in (out / "items.jsonl").read_bytes().decode("utf-8").splitlines()]
    readable = (len(raw.decode("utf-8").splitlines()) == len(rows) == len(expected)
                and sum(len(s.rows) for s in systems_of([run])) == len(expected)
                and isinstance(json.loads((out / "summary.json").read_bytes()), dict)
                and {i["id"] for i in items} == set(expected))
    return readable and lost == 0, lost


def hostile_texts() -> dict[str, str]:
    items = hostile_items()
    texts = dict(zip((i["id"] for i in items), HOSTILE.values()))
    texts[items[-1]["id"]] = f"<answer>{items[-1]['gold']}</answer> plain"
    return texts


def hostile_score(work: Path) -> Outcome:
    texts = hostile_texts()
    completions = write_completions(work / "hostile-score.jsonl", texts, lambda text: "m \udcff" if "plain" in text else "m \u202e\u2028")
    out = work / "hostile-score"
    result = acctbench("score", "--dataset", "choice", "--completions", completions, "--out", out, "--scorers", "correctness,xml_format")
    outcome = Outcome("hostile text: score")
    ok, lost = kept(out, texts) if result.returncode == 0 else (False, len(texts))
    outcome.add(ok, lost, 0)
    outcome.note = ", ".join(HOSTILE) + "; model names with a surrogate, RTL and U+2028"
    return outcome


def hostile_replay(work: Path) -> Outcome:
    texts = hostile_texts()
    replay = write_completions(work / "hostile-replay.jsonl", texts, "replayed")
    out = work / "hostile-replay"
    result = acctbench("run", "--model", f"replay:{replay}", "--suite", "choice", "--limit", str(len(texts)),
                       "--scorers", "correctness,xml_format", "--no-progress", "--out", out)
    outcome = Outcome("hostile text: run (replay file)")
    ok, lost = kept(out, texts) if result.returncode == 0 else (False, len(texts))
    outcome.add(ok, lost, 0)
    return outcome


def hostile_server(work: Path, server: FaultServer) -> Outcome:
    items = hostile_items()
    kinds = [*HOSTILE.values(), f"bad byte {RAW_BYTE} inside"]
    plan = {user_message(item): text for item, text in zip(items, kinds)}
    server.reset()
    server.text = lambda body: plan[last_user(body)]
    out = work / "hostile-server"
    result = acctbench("run", *server_args(server, limit=len(items)), "--out", out)
    expected = {item["id"]: text.replace(RAW_BYTE, "\udcff") for item, text in zip(items, kinds)}
    outcome = Outcome("hostile text: run (OpenAI-compatible server)")
    ok, lost = kept(out, expected) if result.returncode == 0 else (False, len(expected))
    outcome.add(ok, lost, 0)
    outcome.note = "also a raw 0xff byte in the body (kept as U+DCFF)"
    return outcome


def hostile_train(work: Path) -> Outcome:
    """``acctbench train``'s completions sample table, written at a logging step."""
    from acctbench.train.samples import RecordingReward, SampleLog, sample_callback

    def reward(completions, **kwargs):
        return [0.5] * len(completions)

    texts = list(HOSTILE.values())
    log = SampleLog({"reward": 1.0}, limit=len(texts))
    questions = [f"question {i} \udcff\u2028" for i in range(len(texts))]
    chat = [[{"role": "assistant", "content": t}] for t in texts]
    RecordingReward(reward, log)(chat, id=[f"q{i}" for i in range(len(texts))], type=["text"] * len(texts),
                                  item_json=[json.dumps({"question": q}) for q in questions])
    path = work / "train" / "completions_sample.jsonl"
    state = SimpleNamespace(global_step=3, is_world_process_zero=True)
    sample_callback(log, path).on_log(args=None, state=state, control=None)
    rows = [json.loads(line) for line in path.read_bytes().decode("utf-8").splitlines()]
    lost = sum(1 for r, t, q in zip(rows, texts, questions) if (r["completion"], r["question"]) != (t, q)) + len(texts) - len(rows)
    outcome = Outcome("hostile text: train samples")
    outcome.add(lost == 0, lost, 0)
    return outcome


# ---- fast tests: every machine --------------------------------------------------------------


@pytest.mark.parametrize("kind", HOSTILE)
def test_dumps_keeps_hostile_text_as_one_utf8_line(kind):
    text = HOSTILE[kind]
    line = dumps_line({"completion": text, "nested": [text]})
    assert line.encode("utf-8") and line.endswith("\n") and len(line.splitlines()) == 1
    assert json.loads(line) == {"completion": text, "nested": [text]}
    assert json.loads(dumps({"t": text}, indent=2)) == {"t": text}


def test_readable_text_stays_readable():
    assert dumps({"t": "€ Überschuss 売上"}) == '{"t": "€ Überschuss 売上"}'


def test_writer_and_report_reader_keep_hostile_rows(tmp_path):
    from acctbench.report.load import load_run, systems_of

    rows = [{"id": f"q{i}", "model": "m\udcff", "sample": 0, "completion": t, "scores": {}, "total": 0.0}
            for i, t in enumerate(HOSTILE.values())]
    with SampleWriter(tmp_path / "samples.jsonl") as writer:
        writer.write(rows)
    assert read_samples(tmp_path / "samples.jsonl") == rows
    [system] = systems_of([load_run(tmp_path)])
    assert [r["completion"] for r in system.rows.values()] == list(HOSTILE.values())


def test_completions_reader_bom_raw_separators_and_bad_bytes(tmp_path):
    from acctbench.completions import read_completions
    from acctbench.schema import DatasetError

    good = write_completions(tmp_path / "c.jsonl", {"a": "one\u2028two\x85three", "b": "x \udcff"}, "m")
    assert [r["completion"] for r in read_completions(good)] == ["one\u2028two\x85three", "x \udcff"]
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b'{"id": "a", "completion": "ok"}\n{"id": "b", "completion": "\xff"}\n')
    with pytest.raises(DatasetError, match=r"bad.jsonl:2: encoding: not UTF-8"):
        read_completions(bad)


def test_a_partial_batch_is_cut_off_when_the_disk_fills(tmp_path, monkeypatch):
    """os.write takes half a batch, then ENOSPC: the file keeps the earlier batch only."""
    import acctbench.results.samples as samples

    path = tmp_path / "samples.jsonl"
    writer = SampleWriter(path)
    writer.write([{"id": "a", "model": "m", "sample": 0}])
    before = path.read_bytes()
    calls = []

    def half_then_full(fd, data):
        calls.append(len(data))
        if len(calls) == 1:
            return os.write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(samples, "os", SimpleNamespace(**{**vars(os), "write": half_then_full}))
    with pytest.raises(OSError) as info:
        writer.write([{"id": "b", "model": "m", "sample": 0}, {"id": "c", "model": "m", "sample": 0}])
    assert info.value.errno == errno.ENOSPC and info.value.filename == str(path)
    assert path.read_bytes() == before and writer.rows_written == 1
    writer.close()


def test_full_disk_is_one_line_with_the_rows_on_disk_then_resumes(tmp_path):
    args = ["run", "--model", "oracle", "--suite", "choice", "--limit", "12", "--batch-size", "4", "--scorers", "correctness",
            "--no-progress", "--out", str(tmp_path / "run")]
    code, err = run_with_full_disk(args, rows_that_fit=8)
    assert code == EXIT_OUTPUT, err
    assert one_line_error(err, f"{tmp_path / 'run' / 'samples.jsonl'}: No space left on device", "8 rows safely on disk", RESUME)
    code, err = run_with_full_disk(["--debug", *args], rows_that_fit=0)  # nothing more fits: the traceback, then the line
    assert code == EXIT_OUTPUT and "Traceback" in err and err.strip().splitlines()[-1].endswith(RESUME)
    code, err = run_with_full_disk(args, rows_that_fit=100)
    assert code == 0, err
    keys = [key_of(r) for r in read_samples(tmp_path / "run" / "samples.jsonl")]
    assert len(keys) == len(set(keys)) == 12


def test_score_full_disk_is_one_line(tmp_path, monkeypatch, capsys):
    import acctbench.results.samples as samples
    from acctbench.cli import main

    items = suites()["choice"].load("test")[:3]
    completions = write_completions(tmp_path / "c.jsonl", {i["id"]: "A" for i in items}, "m")

    def full(fd, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(samples, "os", SimpleNamespace(**{**vars(os), "write": full}))
    code = main(["score", "--dataset", "choice", "--completions", str(completions), "--out", str(tmp_path / "o"), "--scorers", "xml_format"])
    assert code == EXIT_OUTPUT
    assert one_line_error(capsys.readouterr().err, "No space left on device", "0 rows safely on disk", RESUME)


def test_second_lock_refuses_naming_the_holder(tmp_path):
    with RunLock(tmp_path):
        with pytest.raises(RunLocked, match=rf"in use by another acctbench process \(pid {os.getpid()}\).*--wait"):
            RunLock(tmp_path).acquire()
    with RunLock(tmp_path):  # released: free again
        pass


def test_wait_queues_behind_the_holder(tmp_path):
    holder = RunLock(tmp_path)
    holder.acquire()
    got = threading.Event()

    def second() -> None:
        with RunLock(tmp_path, wait=True):
            got.set()

    thread = threading.Thread(target=second)
    thread.start()
    assert not got.wait(0.3)
    holder.release()
    assert got.wait(10)
    thread.join(10)


def test_lock_of_a_killed_process_never_blocks(tmp_path):
    code = f"from acctbench.results.lock import RunLock; RunLock({str(tmp_path)!r}).acquire(); print('held', flush=True); import time; time.sleep(60)"
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert proc.stdout.readline().strip() == "held"
    with pytest.raises(RunLocked, match=f"pid {proc.pid}"):
        RunLock(tmp_path).acquire()
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    proc.stdout.close()
    assert (tmp_path / LOCK_NAME).read_text().strip() == str(proc.pid)  # the stale pid stays, and blocks nothing
    with RunLock(tmp_path):
        pass


def test_a_forked_child_does_not_keep_the_lock(tmp_path):
    """Scorer workers are forked; an orphaned one must not hold a dead run's lock."""
    lock = RunLock(tmp_path)
    lock.acquire()
    read, write = os.pipe()
    ready_read, ready_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child (its fork hooks have run): say so, then wait until the parent says stop
        os.write(ready_write, b"r")
        os.read(read, 1)
        os._exit(0)
    os.close(read)
    os.close(ready_write)
    try:
        assert os.read(ready_read, 1) == b"r"
        os.close(ready_read)
        lock.release()
        with RunLock(tmp_path):  # the child still runs, the lock is free
            pass
    finally:
        os.write(write, b"x")
        os.close(write)
        os.waitpid(pid, 0)


def test_summary_counts_each_key_once_and_says_so():
    row = {"id": "a", "model": "m", "sample": 0, "scores": {"correctness": 1.0}, "total": 1.0, "status": "correct", "format_valid": True}
    other = {**row, "id": "b", "total": 0.0, "scores": {"correctness": 0.0}, "status": "wrong"}
    summary = summarize([row, other, dict(row, total=0.5)])
    assert summary["n_rows"] == 2 and summary["duplicate_rows"] == 1 and "counted once" in summary["note"]
    assert summary["models"]["m"]["overall"]["total"]["mean"] == 0.5  # the first (1.0) and b (0.0)
    assert "note" not in summarize([row, other])


def test_rows_without_a_key_are_named(tmp_path):
    path = tmp_path / "samples.jsonl"
    path.write_text('{"id": "a", "model": "m", "sample": 0}\n[1, 2]\n')
    with pytest.raises(ValueError, match=r"samples.jsonl: row 2 is not a scored sample"):
        keys_on_disk(path)


def test_corrupt_run_json_is_named_and_force_rebuilds_it(tmp_path, capsys):
    from acctbench.cli import main

    args = ["run", "--model", "oracle", "--suite", "choice", "--limit", "3", "--scorers", "correctness", "--no-progress",
            "--out", str(tmp_path)]
    assert main(args) == 0
    (tmp_path / "run.json").write_text("[]")
    capsys.readouterr()
    assert main(args) == 2
    assert one_line_error(capsys.readouterr().err, f"{tmp_path / 'run.json'} is corrupt", "--force")
    assert main([*args, "--force"]) == 0
    assert json.loads((tmp_path / "run.json").read_text())["status"] == "complete"
    assert len(read_samples(tmp_path / "samples.jsonl")) == 3


def test_hostile_text_in_train_samples(tmp_path):
    outcome = hostile_train(tmp_path)
    assert outcome.clean, outcome


# ---- slow tests: real processes -------------------------------------------------------------


@pytest.fixture(scope="module")
def oracle_ref(tmp_path_factory) -> Reference:
    return reference_run(tmp_path_factory.mktemp("clean") / "run", ORACLE)


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    with fault_server() as srv:
        yield srv


@pytest.fixture(scope="module")
def server_ref(server, tmp_path_factory) -> Reference:
    server.reset()
    return reference_run(tmp_path_factory.mktemp("server-clean") / "run", server_args(server))


@pytest.mark.slow
def test_sigkill_at_random_points_then_resume(tmp_path, oracle_ref):
    outcome = sigkill(tmp_path, oracle_ref, kills=4, rng=random.Random(1))
    assert outcome.clean, outcome


@pytest.mark.slow
def test_sigint_stops_cleanly_then_resumes(tmp_path, oracle_ref):
    outcome = sigint(tmp_path, oracle_ref, tries=2, rng=random.Random(2))
    assert outcome.clean, outcome


@pytest.mark.slow
def test_enospc_on_a_small_tmpfs(tmp_path, oracle_ref):
    refusal = mount_refusal(tmp_path / "probe")
    if refusal:
        pytest.skip(refusal)
    outcome = enospc_tmpfs(tmp_path, oracle_ref, sizes=("200k",))
    assert outcome.clean, outcome


@pytest.mark.slow
def test_enospc_injected_then_resume(tmp_path, oracle_ref):
    outcome = enospc_injected(tmp_path, oracle_ref, fits=(31,))
    assert outcome.clean, outcome


@pytest.mark.slow
def test_read_only_directory(tmp_path, oracle_ref):
    if os.geteuid() == 0:
        refusal = mount_refusal(tmp_path / "probe")
        if refusal:
            pytest.skip(f"as root only a read-only mount makes a directory read-only; {refusal}")
    outcome = read_only(tmp_path, oracle_ref)
    assert outcome.clean, outcome


@pytest.mark.slow
def test_corrupted_files(tmp_path, oracle_ref):
    for outcome in corrupted(tmp_path, oracle_ref):
        assert outcome.clean, outcome


@pytest.mark.slow
def test_two_concurrent_runs(tmp_path, server, server_ref):
    outcome = concurrent(tmp_path, server, server_ref)
    assert outcome.clean, outcome


@pytest.mark.slow
@pytest.mark.parametrize("fault", SERVER_FAULTS)
def test_server_fault(tmp_path, server, server_ref, fault):
    outcome = server_fault(tmp_path, server, server_ref, fault)
    assert outcome.clean, outcome


@pytest.mark.slow
@pytest.mark.parametrize("command", ["score", "replay", "server"])
def test_hostile_text_through_commands(tmp_path, server, command):
    outcome = {"score": hostile_score, "replay": hostile_replay}[command](tmp_path) if command != "server" else hostile_server(tmp_path, server)
    assert outcome.clean, outcome
