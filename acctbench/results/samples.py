"""``samples.jsonl``: one scored row per (id, model, sample), appended safely and read back.

Writers append complete lines, flush and fsync per batch. Readers drop a torn last line left
by a crash (it has no trailing newline or does not parse) and report where it was.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from acctbench.results.jsonl import dumps_line
from acctbench.rewards.judge import Judgement
from acctbench.rewards.parsing import completion_text
from acctbench.rewards.reasoning import reasoning_record
from acctbench.schema import Item

SampleKey = tuple[str, str, int]


def sample_row(item: Item, model: str, sample: int, completion: str, judgement: Judgement,
               reasoning_extra: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    """The public scored-sample record. ``reasoning`` holds the completion's reasoning block
    (:func:`acctbench.rewards.reasoning.reasoning_record`: text, tokens, chars, closed,
    delimiter, plus ``reasoning_extra`` such as the server field it came in) or ``None``."""
    reasoning = reasoning_record(completion_text(completion))
    if reasoning is not None and reasoning_extra:
        reasoning.update(reasoning_extra)
    correctness = judgement.scores.get("correctness")
    fmt = judgement.scores.get("xml_format")
    return {
        "id": item["id"],
        "model": model,
        "sample": sample,
        "suite": item.get("suite"),
        "type": item["type"],
        "category": item.get("category"),
        "completion": completion,
        "reasoning": reasoning,
        "answer": judgement.answer,
        "status": (correctness.metadata.get("status") if correctness and correctness.value is not None else None),
        "format_valid": bool(fmt and fmt.value == 1.0),
        "scores": judgement.values(),
        "total": judgement.total,
        "explanations": judgement.explanations(),
        **extra,
    }


def key_of(row: dict[str, Any]) -> SampleKey:
    """The identity of a row."""
    return (str(row["id"]), str(row.get("model", "")), int(row.get("sample", 0)))


class SampleWriter:
    """Append rows to ``samples.jsonl``: each ``write`` lands whole and fsynced, or not at all.

    A batch that cannot be written completely (disk full, I/O error, Ctrl-C) is cut back off
    the file before the error propagates, so the file holds whole rows only and
    ``rows_written`` is what is safely on disk from this writer. Text is kept losslessly
    (:func:`acctbench.results.jsonl.dumps`).
    """

    def __init__(self, path: Path):
        self.path = path
        self.rows_written = 0
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fd: int | None = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o666)

    def write(self, rows: Iterable[dict[str, Any]]) -> None:
        batch = list(rows)
        data = "".join(dumps_line(r) for r in batch).encode("utf-8")
        if not data or self._fd is None:
            return
        start = os.fstat(self._fd).st_size
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(self._fd, view):]
            os.fsync(self._fd)
        except BaseException as exc:
            self._cut(start)
            if isinstance(exc, OSError) and exc.errno is not None:
                raise OSError(exc.errno, exc.strerror, str(self.path)) from exc
            raise
        self.rows_written += len(batch)

    def _cut(self, size: int) -> None:
        try:
            os.ftruncate(self._fd, size)  # type: ignore[arg-type]
        except OSError:
            pass  # the reader drops a torn last line

    def close(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)

    def __enter__(self) -> SampleWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_samples(path: Path, repair: bool = False) -> list[dict[str, Any]]:
    """Rows of a samples file. A torn final line is dropped (and cut off the file when
    ``repair``); a bad line elsewhere is an error naming the line."""
    if not path.exists():
        return []
    raw = path.read_bytes()
    lines = raw.split(b"\n")
    rows: list[dict[str, Any]] = []
    good_bytes = 0
    for lineno, line in enumerate(lines, start=1):
        is_last = lineno == len(lines)
        if not line.strip():
            good_bytes += len(line) + (0 if is_last else 1)
            continue
        try:
            row = json.loads(line)
            if is_last:  # complete JSON but no newline: the write was cut before "\n"
                raise ValueError("no trailing newline")
        except ValueError:
            if is_last or (lineno == len(lines) - 1 and not lines[-1].strip()):
                break
            raise ValueError(f"{path}:{lineno}: corrupt samples line (not the last line; fix or remove it)") from None
        rows.append(row)
        good_bytes += len(line) + 1
    if repair and good_bytes < len(raw):
        with path.open("r+b") as handle:
            handle.truncate(good_bytes)
    return rows


def count_rows(path: Path) -> int | None:
    """How many whole rows ``path`` holds (None when it cannot be read)."""
    try:
        return len(read_samples(path))
    except (OSError, ValueError):
        return None


def unique_rows(rows: Sequence[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """The rows with each (id, model, sample) once (its first row), and how many were dropped."""
    seen: set[SampleKey] = set()
    out = []
    for row in rows:
        key = key_of(row)
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out, len(rows) - len(out)


def keys_on_disk(path: Path) -> set[SampleKey]:
    """The (id, model, sample) keys already in a samples file, cutting off a torn last line.
    A row that is not a scored sample is an error naming the file and the row."""
    keys = set()
    for n, row in enumerate(read_samples(path, repair=True), start=1):
        try:
            keys.add(key_of(row))
        except (KeyError, TypeError, ValueError, AttributeError):
            raise ValueError(f"{path}: row {n} is not a scored sample (needs id, model and an integer sample); fix or remove it") from None
    return keys
