"""``samples.jsonl``: one scored row per (id, model, sample), appended safely and read back.

Writers append complete lines, flush and fsync per batch. Readers drop a torn last line left
by a crash (it has no trailing newline or does not parse) and report where it was.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from acctbench.rewards.judge import Judgement
from acctbench.schema import Item

SampleKey = tuple[str, str, int]


def sample_row(item: Item, model: str, sample: int, completion: str, judgement: Judgement, **extra: Any) -> dict[str, Any]:
    """The public scored-sample record."""
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
    """Append rows to ``samples.jsonl``; each ``write`` is flushed and fsynced."""

    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._handle = path.open("a", encoding="utf-8")

    def write(self, rows: Iterable[dict[str, Any]]) -> None:
        data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        if data:
            self._handle.write(data)
            self._handle.flush()
            os.fsync(self._handle.fileno())

    def close(self) -> None:
        self._handle.close()

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
