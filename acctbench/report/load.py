"""Read run directories (the reports' only input) and name the systems they hold.

A run directory has ``samples.jsonl`` (required), and where recorded ``items.jsonl``,
``summary.json`` and ``run.json``. One run may hold several models; each (run, model) pair is
a *system* — a column of the report.

Each (id, model, sample) counts once. When ``samples.jsonl`` holds the same case twice (two
writers appended to one run directory), the **first** row is kept — the one that was on disk
first, which a resumed run had already counted as done — and the run carries a warning with
the number of rows dropped. A run without a scored row loads (with a warning); the report
refuses only when no run has one.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from acctbench.results.samples import read_samples

CaseKey = tuple[str, int]
"""(item id, sample): what two systems are paired on."""
RowKey = tuple[str, str, int]
"""(item id, model, sample): the identity of a row."""


@dataclass
class Run:
    """The contents of one run directory."""

    path: Path
    rows: list[dict[str, Any]]
    items: dict[str, dict[str, Any]]
    summary: dict[str, Any] | None
    meta: dict[str, Any] | None
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    duplicates: int = 0
    """Rows dropped because an earlier row had the same (id, model, sample)."""

    @property
    def name(self) -> str:
        return self.path.name or str(self.path)


@dataclass
class System:
    """One model's rows in one run, keyed by (id, sample)."""

    label: str
    run: Run
    model: str
    rows: dict[CaseKey, dict[str, Any]]


def _read_json(path: Path, notes: list[str]) -> dict[str, Any] | None:
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        notes.append(f"{path.name} could not be read ({exc}); treated as not recorded")
        return None
    return data if isinstance(data, dict) else None


def _read_items(path: Path, notes: list[str]) -> dict[str, dict[str, Any]]:
    """Items by id; lines that do not parse are skipped and counted (a report never fails on them)."""
    if not path.is_file():
        return {}
    items: dict[str, dict[str, Any]] = {}
    bad = 0
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError:
            bad += 1
            continue
        if isinstance(item, dict) and "id" in item:
            items[str(item["id"])] = item
        else:
            bad += 1
    if bad:
        notes.append(f"items.jsonl: {bad} unreadable line(s) skipped")
    return items


def model_of(row: dict[str, Any]) -> str:
    """The model a row belongs to (``model`` when the row does not say)."""
    return str(row.get("model") or "model")


def row_key(row: dict[str, Any]) -> RowKey | None:
    """(id, model, sample) of a row; None when its sample is not an integer."""
    try:
        sample = int(row.get("sample", 0) or 0)
    except (TypeError, ValueError):
        return None
    return (str(row["id"]), model_of(row), sample)


def _unique_rows(rows: list[Any], warnings: list[str]) -> tuple[list[dict[str, Any]], int]:
    """Scored rows, each (id, model, sample) once (its first row); and how many were dropped."""
    seen: set[RowKey] = set()
    kept: list[dict[str, Any]] = []
    unkeyed = duplicates = 0
    for row in rows:
        if not isinstance(row, dict) or "id" not in row:
            continue
        key = row_key(row)
        if key is None:
            unkeyed += 1
            continue
        if key in seen:
            duplicates += 1
            continue
        seen.add(key)
        kept.append(row)
    if unkeyed:
        warnings.append(f"samples.jsonl: {unkeyed} row(s) with a sample that is not an integer were left out")
    if duplicates:
        warnings.append(f"samples.jsonl holds {duplicates} duplicate row(s) of an (id, model, sample) it already has "
                        "(two writers on one run directory?): each case is counted once, from its first row; "
                        f"{duplicates} row(s) dropped")
    return kept, duplicates


def load_run(path: Path) -> Run:
    """Read one run directory; raises FileNotFoundError without ``samples.jsonl``.

    A ``samples.jsonl`` without a scored row gives a run with no rows and a warning.
    """
    path = Path(path)
    samples = path / "samples.jsonl"
    if not path.is_dir():
        raise FileNotFoundError(f"run directory not found: {path}")
    if not samples.is_file():
        raise FileNotFoundError(f"{path} is not a run directory: no samples.jsonl")
    notes: list[str] = []
    warnings: list[str] = []
    raw = samples.read_bytes()
    if raw.strip() and not raw.endswith(b"\n"):
        notes.append("samples.jsonl ends with a torn line (an interrupted write); it was dropped")
    rows, duplicates = _unique_rows(read_samples(samples), warnings)
    if not rows:
        warnings.append("samples.jsonl holds no scored rows: the run is left out of the statistics")
    items = _read_items(path / "items.jsonl", notes)
    if not items:
        notes.append("items.jsonl not recorded: questions and references are not shown")
    return Run(
        path=path,
        rows=rows,
        items=items,
        summary=_read_json(path / "summary.json", notes),
        meta=_read_json(path / "run.json", notes),
        notes=notes,
        warnings=warnings,
        duplicates=duplicates,
    )


def systems_of(runs: list[Run]) -> list[System]:
    """The (run, model) systems in order, with labels unique across the report.

    A model name is its own label when only one run holds it; otherwise the run's directory
    name is prefixed (and, if that still clashes, a counter is appended).
    """
    found: list[tuple[Run, str, dict[CaseKey, dict[str, Any]]]] = []
    for run in runs:
        by_model: dict[str, dict[CaseKey, dict[str, Any]]] = {}
        for row in run.rows:
            key = row_key(row)
            if key is not None:  # the first row of a case, as load_run keeps
                by_model.setdefault(key[1], {}).setdefault((key[0], key[2]), row)
        for model, rows in by_model.items():
            found.append((run, model, rows))
    model_counts = Counter(model for _, model, _ in found)
    labels = [model if model_counts[model] == 1 else f"{run.name} / {model}" for run, model, _ in found]
    seen: Counter[str] = Counter()
    unique = []
    for label in labels:
        seen[label] += 1
        unique.append(label if Counter(labels)[label] == 1 else f"{label} #{seen[label]}")
    return [System(label, run, model, rows) for (run, model, rows), label in zip(found, unique)]
