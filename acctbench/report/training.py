"""The training section of a report: curves and sampled completions from an ``acctbench train`` output.

A training output directory holds ``trainer_state.json`` (TRL's ``log_history``: the metrics
logged at every logging step), ``acctbench_train.json`` (the recipe's rewards and weights, the base
model, the data) and ``completions_sample.jsonl`` (a few completions per logging step with each
reward's value). Either of the first two marks the directory; a missing file leaves its part out
with a note. The section charts, per step, each reward's batch mean with its std, the weighted
reward GRPO trains on, the KL to the reference model, the completion length and the
commitment-flag rates (weight-0 monitors), and shows the sampled completions at the first,
middle and last logged step.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from acctbench.report import charts

STATE_FILE = "trainer_state.json"
METADATA_FILE = "acctbench_train.json"
SAMPLES_FILE = "completions_sample.jsonl"
MARKERS = (STATE_FILE, METADATA_FILE)
FLAGS = ("negated", "retracted", "hedged", "denied", "framed_false")
"""The commitment monitors ``acctbench train`` logs as ``rewards/<flag>/mean`` (rates in [0, 1])."""
SAMPLE_STEPS = 3
"""Logged steps whose sampled completions are shown: the first, the middle and the last."""
COMPLETION_CHARS = 1200


def is_training_dir(path: Path) -> bool:
    """A directory with ``trainer_state.json`` or ``acctbench_train.json`` and no ``samples.jsonl``."""
    path = Path(path)
    return path.is_dir() and not (path / "samples.jsonl").is_file() and any((path / m).is_file() for m in MARKERS)


@dataclass
class TrainingRun:
    """What a training output directory holds."""

    path: Path
    meta: dict[str, Any] | None
    history: list[dict[str, Any]]
    samples: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.name or str(self.path)


def _json(path: Path, notes: list[str]) -> Any:
    if not path.is_file():
        notes.append(f"{path.name} not found")
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        notes.append(f"{path.name} could not be read ({exc})")
        return None


def _samples(path: Path, notes: list[str]) -> list[dict[str, Any]]:
    if not path.is_file():
        notes.append(f"{SAMPLES_FILE} not found: no sampled completions")
        return []
    rows, bad = [], 0
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError:
            bad += 1
            continue
        if isinstance(row, dict) and isinstance(row.get("step"), int):
            rows.append(row)
        else:
            bad += 1
    if bad:
        notes.append(f"{SAMPLES_FILE}: {bad} unreadable line(s) skipped")
    return rows


def load_training(path: Path) -> TrainingRun:
    """Read a training output directory; raises FileNotFoundError when it is not one."""
    path = Path(path)
    if not is_training_dir(path):
        raise FileNotFoundError(f"{path} is not a training output directory: no {' or '.join(MARKERS)}")
    notes: list[str] = []
    state = _json(path / STATE_FILE, notes)
    meta = _json(path / METADATA_FILE, notes)
    history = state.get("log_history") if isinstance(state, dict) else None
    steps = [h for h in history or [] if isinstance(h, dict) and isinstance(h.get("step"), int)
             and any(k == "reward" or k.startswith("rewards/") for k in h)]
    if state is not None and not steps:
        notes.append(f"{STATE_FILE} holds no logged reward: nothing to chart")
    return TrainingRun(path, meta if isinstance(meta, dict) else None, steps, _samples(path / SAMPLES_FILE, notes), notes)


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) and value == value else None


def _column(history: list[dict[str, Any]], key: str) -> list[float | None]:
    return [_number(h.get(key)) for h in history]


def _reward_names(run: TrainingRun) -> tuple[list[str], list[str]]:
    """The trained reward functions (recipe order) and the commitment flags that were logged."""
    logged = list(dict.fromkeys(k.split("/")[1] for h in run.history for k in h if k.startswith("rewards/") and k.endswith("/mean")))
    functions = ((run.meta or {}).get("rewards") or {}).get("functions") or []
    rewards = [n for n in functions if n in logged] + [n for n in logged if n not in functions and n not in FLAGS]
    return rewards, [n for n in FLAGS if n in logged]


def _first_key(history: list[dict[str, Any]], *keys: str) -> str | None:
    return next((k for k in keys if any(k in h for h in history)), None)


def _curves(run: TrainingRun, rewards: list[str], flags: list[str]) -> list[dict[str, Any]]:
    """One chart per reward (mean ± std), then the weighted reward, KL, length and flag rates."""
    history = run.history
    xs = [float(h["step"]) for h in history]
    out = []
    for name in rewards:
        series = [(name, _column(history, f"rewards/{name}/mean"), _column(history, f"rewards/{name}/std"))]
        out.append({"title": f"{name}: batch mean ± std", "chart": charts.line_chart(xs, series, f"{name} per step", (0.0, 1.0))})
    if _first_key(history, "reward"):
        series = [("reward", _column(history, "reward"), _column(history, "reward_std"))]
        out.append({"title": "weighted reward (what GRPO trains on) ± std", "chart": charts.line_chart(xs, series, "weighted reward per step")})
    kl = _first_key(history, "kl", "objective/kl")
    if kl:
        out.append({"title": "KL to the reference model", "chart": charts.line_chart(xs, [("kl", _column(history, kl), None)], "KL per step")})
    length = _first_key(history, "completions/mean_length", "completion_length")
    if length:
        series = [("mean", _column(history, length), None)]
        for extra in ("completions/min_length", "completions/max_length"):
            if _first_key(history, extra):
                series.append((extra.split("/")[1].replace("_", " "), _column(history, extra), None))
        out.append({"title": "completion length (tokens)", "chart": charts.line_chart(xs, series, "completion length per step"),
                    "legend": [{"name": s[0], "color": charts.color(i)} for i, s in enumerate(series)]})
    if flags:
        series = [(f, _column(history, f"rewards/{f}/mean"), None) for f in flags]
        out.append({"title": "commitment flags: share of completions", "chart": charts.line_chart(xs, series, "flag rates per step", (0.0, 1.0)),
                    "legend": [{"name": f, "color": charts.color(i)} for i, f in enumerate(flags)]})
    for curve in out:
        curve.setdefault("legend", [])
    return out


def _table(run: TrainingRun, rewards: list[str], flags: list[str]) -> dict[str, Any]:
    """The logged values at the first and the last step, and their change."""
    keys = [(f"{n} mean", f"rewards/{n}/mean") for n in rewards] + [("weighted reward", "reward"), ("reward std", "reward_std")]
    keys += [(label, k) for label, k in (("KL", _first_key(run.history, "kl", "objective/kl")),
                                         ("completion length", _first_key(run.history, "completions/mean_length", "completion_length"))) if k]
    keys += [(f"{f} rate", f"rewards/{f}/mean") for f in flags]
    first, last = (run.history[0], run.history[-1]) if run.history else ({}, {})
    rows = []
    for label, key in keys:
        a, b = _number(first.get(key)), _number(last.get(key))
        rows.append({"name": label, "first": a, "last": b, "change": None if a is None or b is None else b - a})
    return {"first_step": first.get("step"), "last_step": last.get("step"), "rows": rows}


def _sampled(run: TrainingRun) -> list[dict[str, Any]]:
    """The sampled completions at the first, middle and last logged step."""
    steps = sorted({r["step"] for r in run.samples})
    chosen = sorted({steps[0], steps[len(steps) // 2], steps[-1]}) if steps else []
    out = []
    for step in chosen[:SAMPLE_STEPS]:
        rows = [r for r in run.samples if r["step"] == step]
        out.append({"step": step, "rows": [{
            "id": str(r.get("id")), "question": str(r.get("question") or ""),
            "completion": str(r.get("completion") or "")[:COMPLETION_CHARS],
            "truncated": len(str(r.get("completion") or "")) > COMPLETION_CHARS,
            "rewards": [{"name": k, "value": _number(v)} for k, v in (r.get("rewards") or {}).items()],
            "reward": _number(r.get("reward")),
        } for r in rows]})
    return out


def _facts(run: TrainingRun) -> list[tuple[str, str]]:
    """Base model (with its GGUF hash), backend, steps, data and reward weights, as key/value text."""
    meta = run.meta or {}
    base = meta.get("base_model") or {}
    data = meta.get("data") or {}
    rewards = meta.get("rewards") or {}
    backend = meta.get("backend") or {}
    facts = [
        ("base model", str(base.get("spec", "not recorded"))),
        ("base GGUF sha256", str(base["gguf_sha256"])) if base.get("gguf_sha256") else None,
        ("base checkpoint", str(base.get("local_path") or base.get("loaded_from") or "not recorded")),
        ("backend", f"{backend.get('name', '?')} on {backend.get('device', '?')}") if backend else None,
        ("status", f"{meta.get('status', 'not recorded')}, {meta.get('global_step', '?')} steps"),
        ("training rows", f"{data.get('rows')} ({', '.join(f'{k} {v}' for k, v in (data.get('per_suite') or {}).items())})") if data else None,
        ("reward weights", ", ".join(f"{k} {v:g}" for k, v in (rewards.get("grpo_weights") or {}).items() if isinstance(v, (int, float)))) if rewards else None,
        ("train runtime", f"{(meta.get('train_metrics') or {}).get('train_runtime', 0):.0f} s") if (meta.get("train_metrics") or {}).get("train_runtime") else None,
    ]
    return [f for f in facts if f is not None]


def training_section(run: TrainingRun) -> dict[str, Any]:
    """The JSON-ready training section of one training output directory."""
    rewards, flags = _reward_names(run)
    return {
        "name": run.name,
        "path": str(run.path),
        "notes": list(run.notes),
        "facts": [{"key": k, "value": v} for k, v in _facts(run)],
        "n_steps": len(run.history),
        "curves": _curves(run, rewards, flags) if run.history else [],
        "table": _table(run, rewards, flags),
        "samples": _sampled(run),
    }


def training_markdown(sections: list[dict[str, Any]], table: Any, line: Any) -> list[str]:
    """Markdown parts for the training sections (``table``/``line``: the renderer's escaping helpers)."""
    out: list[str] = []
    for section in sections:
        out.append(f"## Training: {line(section['name'])}")
        out += [f"> {line(n)}" for n in section["notes"]]
        out.append(table(["key", "value"], [[f["key"], f["value"]] for f in section["facts"]]))
        t = section["table"]
        if t["rows"]:
            def fmt(v: float | None, signed: bool = False) -> str:
                return "–" if v is None else (f"{v:+.3f}" if signed else f"{v:.3f}")

            out.append(table(["metric", f"step {t['first_step']}", f"step {t['last_step']}", "change"],
                             [[r["name"], fmt(r["first"]), fmt(r["last"]), fmt(r["change"], True)] for r in t["rows"]]))
        for block in section["samples"]:
            rows = [[r["id"], f"{r['reward']:.3f}" if r["reward"] is not None else "–",
                     ", ".join(f"{x['name']} {x['value']:.2f}" if x["value"] is not None else f"{x['name']} n/a" for x in r["rewards"]),
                     r["completion"][:200]] for r in block["rows"]]
            out.append(f"### Sampled completions at step {block['step']}")
            out.append(table(["id", "reward", "rewards", "completion (first 200 characters)"], rows))
    return out
