"""The judge's on-disk cache: one SQLite file, the judge's raw reply per key.

A key is the sha256 of (the judge's stable identity, the template hash, the item id, the answer
shown, the rendered prompt): the same judge asked the same thing answers from disk, so reruns,
resumed runs and repeated audits make no request. The raw reply is stored, not the reading, so
a fix to the verdict parser applies to cached replies too. Failed requests are never stored.
Several processes may share the file (SQLite locking; a busy database waits up to 30 s).

Default location: ``$XDG_CACHE_HOME/acctbench/judge/judge.sqlite`` (``~/.cache`` when unset).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

FILE_NAME = "judge.sqlite"
STABLE_IDENTITY_KEYS = (
    "backend", "kind", "engine", "engine_version", "model", "base_url", "endpoint", "path", "base_model",
    "weights_sha256", "weights_sha256_partial", "base_weights_sha256", "base_weights_sha256_partial", "gguf_sha256",
    "base_gguf_sha256", "chat_template_sha256", "prompt_format", "revision", "vllm", "dtype", "resolved_dtype",
)
"""Identity fields that change what a judge answers; the rest (start times, threads, slots,
whether a key is set) do not, and would only defeat the cache."""


def default_dir() -> Path:
    """``$XDG_CACHE_HOME/acctbench/judge`` (``~/.cache`` when unset)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "acctbench" / "judge"


def stable_identity(label: str, identity: Mapping[str, Any]) -> dict[str, Any]:
    """The part of a backend's identity that decides its answers, with its label. A file path
    counts only when no weights hash identifies the file."""
    kept = {k: identity[k] for k in STABLE_IDENTITY_KEYS if k in identity}
    if any(k.startswith(("weights_sha256", "gguf_sha256")) for k in kept):
        kept.pop("path", None)
    server = identity.get("server_model")
    if isinstance(server, Mapping):
        kept["server_model"] = {k: server[k] for k in ("id", "root", "owned_by") if k in server}
    return {"label": label, **kept}


def cache_key(identity: Mapping[str, Any], template_sha256: str, item_id: str, answer: str, prompt: Any) -> str:
    """The cache key of one judge request."""
    record = json.dumps([identity, template_sha256, item_id, answer, prompt], sort_keys=True, default=str, ensure_ascii=True)
    return hashlib.sha256(record.encode("utf-8", "surrogatepass")).hexdigest()


class JudgeCache:
    """Raw judge replies by key in ``<folder>/judge.sqlite`` (stored as JSON strings, so text
    with lone surrogates survives); ``folder=None`` keeps nothing.

    A cache that cannot be opened or written is logged once and then bypassed: grading goes on
    uncached rather than failing."""

    def __init__(self, folder: str | Path | None):
        self.path = Path(folder) / FILE_NAME if folder is not None else None
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._broken = False

    def _connect(self) -> sqlite3.Connection | None:
        if self.path is None or self._broken:
            return None
        if self._db is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
                db.execute("CREATE TABLE IF NOT EXISTS replies (key TEXT PRIMARY KEY, reply TEXT NOT NULL, created REAL NOT NULL)")
                db.commit()
                self._db = db
            except (OSError, sqlite3.Error) as exc:
                self._fail(exc)
        return self._db

    def _fail(self, exc: Exception) -> None:
        logger.warning("judge cache %s unusable (%s: %s); grading without it", self.path, type(exc).__name__, exc)
        self._broken = True
        self._db = None

    def get_many(self, keys: Iterable[str]) -> dict[str, str]:
        """The cached replies among ``keys``."""
        keys = list(dict.fromkeys(keys))
        with self._lock:
            db = self._connect()
            if db is None or not keys:
                return {}
            out: dict[str, str] = {}
            try:
                for start in range(0, len(keys), 500):
                    part = keys[start : start + 500]
                    marks = ",".join("?" * len(part))
                    rows = db.execute(f"SELECT key, reply FROM replies WHERE key IN ({marks})", part).fetchall()
                    out.update((k, json.loads(v)) for k, v in rows)
            except (sqlite3.Error, ValueError) as exc:
                self._fail(exc)
                return {}
            return out

    def put_many(self, replies: Mapping[str, str]) -> None:
        """Store replies (one transaction)."""
        with self._lock:
            db = self._connect()
            if db is None or not replies:
                return
            now = time.time()
            try:
                with db:
                    db.executemany("INSERT OR REPLACE INTO replies (key, reply, created) VALUES (?, ?, ?)",
                                   [(k, json.dumps(v), now) for k, v in replies.items()])
            except sqlite3.Error as exc:
                self._fail(exc)

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
