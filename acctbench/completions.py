"""Completions files (public JSONL): ``{"id", "completion", "model"?, "sample"?}`` a line.

Lines end at ``\n`` only: JSON strings may hold U+2028, U+0085 and other characters that
``str.splitlines`` would split on. A leading BOM is ignored; text is kept as JSON decodes it
(lone surrogates included).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from acctbench.schema import DatasetError, ItemError

BOM = "\ufeff".encode()


def read_completions(path: Path, known_ids: set[str] | None = None, default_model: str | None = None) -> list[dict[str, Any]]:
    """Validated completion rows; every bad line is reported (file:line: field: message).

    ``completion`` may be a string or a list of chat messages. Unknown ids (when
    ``known_ids`` is given) and duplicate (id, model, sample) rows are errors.
    """
    model_default = default_model if default_model is not None else path.stem
    rows: list[dict[str, Any]] = []
    errors: list[ItemError] = []
    seen: dict[tuple[str, str, int], int] = {}
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DatasetError([ItemError(str(path), 0, "file", f"cannot read: {exc}")]) from None
    for lineno, raw in enumerate(data.removeprefix(BOM).split(b"\n"), start=1):
        if not raw.strip():
            continue

        def bad(field: str, message: str) -> None:
            errors.append(ItemError(str(path), lineno, field, message))

        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad("encoding", f"not UTF-8 (byte {exc.start + 1}): JSON text must be UTF-8; write other text as \\u escapes")
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            bad("json", f"malformed JSON: {exc.msg} (column {exc.colno})")
            continue
        if not isinstance(row, dict):
            bad("row", "must be a JSON object")
            continue
        if not isinstance(row.get("id"), str) or not row["id"]:
            bad("id", "required non-empty string")
            continue
        completion = row.get("completion")
        if not isinstance(completion, (str, list)):
            bad("completion", "required string or list of chat messages")
            continue
        sample = row.get("sample", 0)
        if isinstance(sample, bool) or not isinstance(sample, int) or sample < 0:
            bad("sample", "must be a non-negative integer")
            continue
        model = row.get("model", model_default)
        if not isinstance(model, str):
            bad("model", "must be a string")
            continue
        if known_ids is not None and row["id"] not in known_ids:
            bad("id", f"unknown item id {row['id']!r} (not in the dataset)")
            continue
        key = (row["id"], model, sample)
        if key in seen:
            bad("id", f"duplicate (id, model, sample) {key} (first on line {seen[key]})")
            continue
        seen[key] = lineno
        rows.append({**row, "model": model, "sample": sample})
    if errors:
        raise DatasetError(errors)
    if not rows:
        raise DatasetError([ItemError(str(path), 0, "file", "no completions found")])
    return rows
