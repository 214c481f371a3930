"""Read run directories (the reports' only input) and name the systems they hold.

A run directory has ``samples.jsonl`` (required), and where recorded ``items.jsonl``,
``summary.json`` and ``run.json``. One run may hold several models; each (run, model) pair is
a *system* — a column of the report.
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


@dataclass
class Run:
    """The contents of one run directory."""

    path: Path
    rows: list[dict[str, Any]]
    items: dict[str, dict[str, Any]]
    summary: dict[str, Any] | None
    meta: dict[str, Any] | None
    notes: list[str] = field(default_factory=list)

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


def load_run(path: Path) -> Run:
    """Read one run directory; raises FileNotFoundError without ``samples.jsonl``."""
    path = Path(path)
    samples = path / "samples.jsonl"
    if not path.is_dir():
        raise FileNotFoundError(f"run directory not found: {path}")
    if not samples.is_file():
        raise FileNotFoundError(f"{path} is not a run directory: no samples.jsonl")
    notes: list[str] = []
    raw = samples.read_bytes()
    rows = read_samples(samples)
    if raw.strip() and not raw.endswith(b"\n"):
        notes.append("samples.jsonl ends with a torn line (an interrupted write); it was dropped")
    rows = [r for r in rows if isinstance(r, dict) and "id" in r]
    if not rows:
        raise ValueError(f"{samples} holds no scored rows")
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
            model = str(row.get("model") or "model")
            by_model.setdefault(model, {})[(str(row["id"]), int(row.get("sample", 0) or 0))] = row
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
