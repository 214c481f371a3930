"""``summary.json``: per model and per suite / type / category aggregates with 95% CIs.

Every group reports n, the mean total with a 95% percentile-bootstrap interval, each scorer's
mean over the rows where it applies (with its own CI and n), the format-valid rate, the
no-answer rate and, over items with a gold answer, accuracy (correctness = 1). No answer is
reported apart from wrong answers, as inspect_ai does. Each (id, model, sample) counts once,
even where a samples file holds it twice (``note`` then says so).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from acctbench.results.samples import unique_rows

BOOTSTRAP_RESAMPLES = 1000
BOOTSTRAP_SEED = 0
GROUPINGS = ("suite", "type", "category")


def mean_ci(values: Sequence[float], resamples: int = BOOTSTRAP_RESAMPLES, seed: int = BOOTSTRAP_SEED) -> dict[str, Any]:
    """Mean and 95% percentile-bootstrap interval (deterministic for a seed)."""
    arr = np.asarray(values, dtype=float)
    if arr.size == 0:
        return {"mean": None, "ci95": [None, None], "n": 0}
    if arr.size == 1:
        return {"mean": float(arr[0]), "ci95": [float(arr[0]), float(arr[0])], "n": 1}
    rng = np.random.default_rng(seed)
    means = arr[rng.integers(0, arr.size, size=(resamples, arr.size))].mean(axis=1)
    lo, hi = np.percentile(means, [2.5, 97.5])
    return {"mean": round(float(arr.mean()), 6), "ci95": [round(float(lo), 6), round(float(hi), 6)], "n": int(arr.size)}


UNCOMMITTED = ("negated", "retracted", "hedged", "denied", "framed_false")


def aggregate(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The statistics of one group of scored rows."""
    scorers = sorted({name for r in rows for name in r.get("scores", {})})
    gold = [r for r in rows if r.get("status") is not None]
    out: dict[str, Any] = {
        "n": len(rows),
        "total": mean_ci([r["total"] for r in rows]),
        "scores": {
            name: mean_ci([r["scores"][name] for r in rows if r["scores"].get(name) is not None])
            for name in scorers
        },
        "format_valid_rate": _rate(r.get("format_valid") for r in rows),
        "no_answer_rate": _rate(r.get("status") == "no_answer" for r in gold) if gold else None,
        # An answer that negates, retracts, hedges, denies or frames as false its own final value
        # is neither "no answer" nor a plain wrong one: counted apart (acctbench.rewards.commitment).
        "uncommitted_rate": _rate(r.get("status") in UNCOMMITTED for r in gold) if gold else None,
        "statuses": dict(sorted(Counter(str(r["status"]) for r in gold).items())),
        "accuracy": mean_ci([1.0 if r["status"] == "correct" else 0.0 for r in gold]) if gold else None,
        "n_gold": len(gold),
        **_reasoning_stats(rows),
    }
    return out


def _reasoning_stats(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Reasoning blocks (``<think>``): the share of rows with one, their mean length in tokens
    (acctbench.rewards.reasoning.count_tokens, over the rows with one) and the share of rows
    cut off inside one (truncated: no final answer)."""
    blocks = [r["reasoning"] for r in rows if isinstance(r.get("reasoning"), dict)]
    tokens = [b["tokens"] for b in blocks if isinstance(b.get("tokens"), (int, float))]
    return {
        "reasoning_rate": _rate(isinstance(r.get("reasoning"), dict) for r in rows),
        "reasoning_tokens": round(sum(tokens) / len(tokens), 1) if tokens else None,
        "truncated_rate": _rate(isinstance(r.get("reasoning"), dict) and r["reasoning"].get("closed") is False for r in rows),
    }


def _rate(flags: Iterable[Any]) -> float | None:
    values = [bool(f) for f in flags]
    return round(sum(values) / len(values), 6) if values else None


def summarize(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Aggregates per model: overall and by suite, type and category; duplicates counted once."""
    rows, duplicates = unique_rows(rows)
    by_model: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_model[str(r.get("model", ""))].append(r)
    models: dict[str, Any] = {}
    for model, model_rows in sorted(by_model.items()):
        entry: dict[str, Any] = {"overall": aggregate(model_rows)}
        for field in GROUPINGS:
            groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for r in model_rows:
                groups[str(r.get(field))].append(r)
            entry[f"by_{field}"] = {k: aggregate(v) for k, v in sorted(groups.items())}
        models[model] = entry
    out: dict[str, Any] = {"models": models, "n_rows": len(rows)}
    if duplicates:
        out["duplicate_rows"] = duplicates
        out["note"] = (
            f"the samples file holds {duplicates} duplicate row{'s' if duplicates != 1 else ''} of an (id, model, sample) "
            "already present (an older run written by two processes at once); each is counted once, by its first row"
        )
    return out


def summary_table(summary: dict[str, Any]) -> list[list[str]]:
    """Rows for a short printed table: model, n, total [CI], accuracy, format valid, no answer,
    uncommitted (negated, retracted, hedged, denied or framed-false final answers)."""
    out = []
    for model, entry in summary["models"].items():
        o = entry["overall"]
        ci = o["total"]["ci95"]
        acc = o["accuracy"]["mean"] if o["accuracy"] else None
        out.append([
            model,
            str(o["n"]),
            f"{o['total']['mean']:.3f} [{ci[0]:.3f}, {ci[1]:.3f}]",
            "-" if acc is None else f"{acc:.3f}",
            "-" if o["format_valid_rate"] is None else f"{o['format_valid_rate']:.3f}",
            "-" if o["no_answer_rate"] is None else f"{o['no_answer_rate']:.3f}",
            "-" if o.get("uncommitted_rate") is None else f"{o['uncommitted_rate']:.3f}",
        ])
    return out


SUMMARY_HEADERS = ["model", "n", "total [95% CI]", "accuracy", "format valid", "no answer", "uncommitted"]
