"""Completions files (public JSONL): ``{"id", "completion", "model"?, "sample"?}`` a line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from acctbench.schema import DatasetError, ItemError


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
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DatasetError([ItemError(str(path), 0, "file", f"cannot read: {exc}")]) from None
    for lineno, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue

        def bad(field: str, message: str) -> None:
            errors.append(ItemError(str(path), lineno, field, message))

        try:
            row = json.loads(raw)
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
