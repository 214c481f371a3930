"""A minimal Chrome DevTools Protocol client over ``--remote-debugging-pipe`` (stdlib only).

Chromium reads commands from fd 3 and writes replies and events to fd 4; every message is one
JSON object followed by a NUL byte. No websocket, no third-party package. Used by the browser
tests and by ``benchmarks/bench_report.py``::

    with Browser() as browser:
        page = browser.new_page()
        page.navigate(path.as_uri())
        page.evaluate("document.title")
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--no-default-browser-check",
    "--mute-audio",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
)


class CDPError(RuntimeError):
    """A protocol error reply, a timeout or a browser that went away."""


def find_chromium() -> str | None:
    """The path of a Chromium/Chrome executable on PATH (or ``$CHROMIUM``), else None."""
    explicit = os.environ.get("CHROMIUM")
    if explicit and shutil.which(explicit):
        return shutil.which(explicit)
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _high_fd(fd: int) -> int:
    """Duplicate ``fd`` to a number >= 10 (so dup2 onto 3 and 4 never clobbers it)."""
    high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return high


class Browser:
    """A headless Chromium with a fresh profile, driven over the DevTools pipe."""

    def __init__(self, executable: str | None = None, timeout: float = 30.0):
        exe = executable or find_chromium()
        if exe is None:
            raise CDPError("no chromium executable found on PATH")
        self.timeout = timeout
        self._profile = tempfile.mkdtemp(prefix="acctbench-chromium-")
        to_child_r, to_child_w = (_high_fd(fd) for fd in os.pipe())
        from_child_r, from_child_w = (_high_fd(fd) for fd in os.pipe())

        def wire_pipes() -> None:  # runs in the child between fork and exec
            os.dup2(to_child_r, 3)
            os.dup2(from_child_w, 4)

        self._log = open(Path(self._profile) / "chromium.log", "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            [exe, *CHROMIUM_FLAGS, f"--user-data-dir={self._profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            preexec_fn=wire_pipes,  # noqa: PLW1509 - the only way to place fds 3 and 4
            close_fds=False,  # Python's own fds are close-on-exec (PEP 446); 3 and 4 must survive
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._out = os.fdopen(to_child_w, "wb", buffering=0)
        self._in = os.fdopen(from_child_r, "rb", buffering=0)
        self._next_id = 0
        self._lock = threading.Lock()
        self._cond = threading.Condition()
        self._replies: dict[int, dict[str, Any]] = {}
        self.events: list[dict[str, Any]] = []
        self._closed = False
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()

    # -- transport -----------------------------------------------------------------------
    def _read_loop(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = self._in.read(65536)
            except OSError:
                chunk = b""
            if not chunk:
                break
            buffer += chunk
            while b"\0" in buffer:
                raw, buffer = buffer.split(b"\0", 1)
                message = json.loads(raw)
                with self._cond:
                    if "id" in message:
                        self._replies[message["id"]] = message
                    else:
                        self.events.append(message)
                    self._cond.notify_all()
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None, timeout: float | None = None) -> dict[str, Any]:
        """Send one command and wait for its reply; returns ``result`` or raises CDPError."""
        with self._lock:
            self._next_id += 1
            message_id = self._next_id
        message: dict[str, Any] = {"id": message_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        try:
            self._out.write(json.dumps(message).encode() + b"\0")
        except OSError as exc:
            raise CDPError(f"browser pipe closed: {exc}") from None
        deadline = time.monotonic() + (timeout or self.timeout)
        with self._cond:
            while message_id not in self._replies:
                left = deadline - time.monotonic()
                if self._closed or left <= 0:
                    raise CDPError(f"no reply to {method} ({'browser exited' if self._closed else 'timeout'})")
                self._cond.wait(left)
            reply = self._replies.pop(message_id)
        if "error" in reply:
            raise CDPError(f"{method}: {reply['error'].get('message')} {reply['error'].get('data', '')}".strip())
        return reply.get("result", {})

    def wait_event(self, predicate: Callable[[dict[str, Any]], bool], timeout: float | None = None, start: int = 0) -> dict[str, Any]:
        """The first event (from index ``start``) matching ``predicate``, waiting for it."""
        deadline = time.monotonic() + (timeout or self.timeout)
        index = start
        with self._cond:
            while True:
                while index < len(self.events):
                    if predicate(self.events[index]):
                        return self.events[index]
                    index += 1
                left = deadline - time.monotonic()
                if self._closed or left <= 0:
                    raise CDPError("event not seen (" + ("browser exited" if self._closed else "timeout") + ")")
                self._cond.wait(left)

    # -- pages ---------------------------------------------------------------------------
    def new_page(self, width: int = 1400, height: int = 900) -> Page:
        """Attach to a fresh tab with Page, Runtime and Log domains enabled."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session)
        for domain in ("Page", "Runtime", "Log"):
            page.send(f"{domain}.enable")
        page.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        return page

    def close(self) -> None:
        """Ask the browser to quit, then make sure it is gone and remove the profile."""
        if self.process.poll() is None:
            try:
                self.send("Browser.close", timeout=5)
            except CDPError:
                pass
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        for handle in (self._out, self._in, self._log):
            try:
                handle.close()
            except OSError:
                pass
        shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Page:
    """One attached tab: navigate, evaluate, click, type, screenshot, collect errors."""

    def __init__(self, browser: Browser, session: str):
        self.browser = browser
        self.session = session

    def send(self, method: str, params: dict[str, Any] | None = None, timeout: float | None = None) -> dict[str, Any]:
        return self.browser.send(method, params, session=self.session, timeout=timeout)

    def _mine(self, event: dict[str, Any]) -> bool:
        return event.get("sessionId") == self.session

    def navigate(self, url: str, timeout: float | None = None) -> float:
        """Load ``url`` and wait for its load event; returns the seconds it took."""
        start_index = len(self.browser.events)
        started = time.perf_counter()
        result = self.send("Page.navigate", {"url": url})
        if result.get("errorText"):
            raise CDPError(f"navigation failed: {result['errorText']}")
        self.browser.wait_event(lambda e: self._mine(e) and e.get("method") == "Page.loadEventFired", timeout, start_index)
        return time.perf_counter() - started

    def evaluate(self, expression: str, timeout: float | None = None) -> Any:
        """The JSON value of a JavaScript expression (promises are awaited)."""
        result = self.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
            timeout=timeout,
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise CDPError(f"JavaScript error: {text}")
        return result.get("result", {}).get("value")

    def wait_for(self, expression: str, timeout: float = 10.0, interval: float = 0.02) -> Any:
        """Poll a JavaScript expression until it is truthy; returns its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise CDPError(f"timed out waiting for: {expression}")
            time.sleep(interval)

    def click(self, selector: str) -> None:
        """A real mouse click (pressed + released) at the centre of the first match."""
        box = self.evaluate(
            f"(() => {{ const el = document.querySelector({json.dumps(selector)});"
            " if (!el) return null; el.scrollIntoView({block: 'center'});"
            " const r = el.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()"
        )
        if box is None:
            raise CDPError(f"no element matches {selector!r}")
        x, y = box
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})

    def type_text(self, selector: str, text: str) -> None:
        """Focus a field, clear it and type ``text`` as real input events."""
        self.evaluate(f"(() => {{ const el = document.querySelector({json.dumps(selector)}); el.focus(); el.select && el.select(); }})()")
        self.send("Input.dispatchKeyEvent", {"type": "rawKeyDown", "key": "Backspace", "code": "Backspace", "windowsVirtualKeyCode": 8})
        self.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": "Backspace", "code": "Backspace", "windowsVirtualKeyCode": 8})
        if text:
            self.send("Input.insertText", {"text": text})

    def screenshot(self, path: Path, full_page: bool = False, clip: dict[str, float] | None = None) -> int:
        """Save a PNG screenshot; returns its size in bytes."""
        params: dict[str, Any] = {"format": "png", "captureBeyondViewport": full_page}
        if clip:
            params["clip"] = {**clip, "scale": clip.get("scale", 1)}
        data = base64.b64decode(self.send("Page.captureScreenshot", params)["data"])
        path.write_bytes(data)
        return len(data)

    def errors(self) -> list[str]:
        """Console errors/warnings, uncaught exceptions and log errors (CSP violations
        included) seen on this page so far."""
        found = []
        for event in list(self.browser.events):
            if not self._mine(event):
                continue
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                details = params.get("exceptionDetails", {})
                found.append("exception: " + (details.get("exception", {}).get("description") or details.get("text", "")))
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "warning", "assert"):
                args = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
                found.append(f"console.{params['type']}: {args}")
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") in ("error", "warning"):
                entry = params["entry"]
                found.append(f"log {entry.get('source')}: {entry.get('text')}")
        return found
