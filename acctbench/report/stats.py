"""Statistics for comparing runs: paired bootstrap, McNemar's exact test, histograms, correlations.

Pairs are rows of two systems on the same (id, sample). The mean difference of totals gets a
95% paired percentile-bootstrap interval (resampling pairs, i.e. the per-pair differences,
with the seed and resample count that ``summary.json`` uses). Accuracy on gold items is
compared with McNemar's exact test: under the null, the discordant pairs split 50/50, so the
two-sided p-value is the binomial tail ``2 * P(X <= min(b, c))`` with ``X ~ Bin(b + c, 1/2)``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from acctbench.results.summary import mean_ci

ALPHA = 0.05
TIE_EPSILON = 1e-9
"""Totals closer than this are a tie (totals are stored rounded to six decimals)."""


def paired_bootstrap(baseline: Sequence[float], other: Sequence[float]) -> dict[str, Any]:
    """Mean of ``other - baseline`` with a 95% paired-bootstrap interval and its ``n``.

    Resampling pairs and averaging their differences is a bootstrap of the mean difference,
    so this reuses :func:`acctbench.results.summary.mean_ci` on the per-pair differences.
    """
    if len(baseline) != len(other):
        raise ValueError(f"paired samples differ in length: {len(baseline)} vs {len(other)}")
    diffs = np.asarray(other, dtype=float) - np.asarray(baseline, dtype=float)
    out = mean_ci(diffs.tolist())
    lo, hi = out["ci95"]
    out["significant"] = bool(lo is not None and (lo > 0 or hi < 0))
    return out


def mcnemar_exact(b: int, c: int) -> float:
    """Two-sided exact McNemar p-value for ``b`` and ``c`` discordant pairs (1.0 when none)."""
    if b < 0 or c < 0:
        raise ValueError("discordant counts must be non-negative")
    n = b + c
    if n == 0:
        return 1.0
    tail = sum(math.comb(n, k) for k in range(min(b, c) + 1))
    return min(1.0, 2 * tail / 2**n)


@dataclass
class Comparison:
    """One system against the baseline on their shared (id, sample) pairs."""

    n_pairs: int
    wins: int
    ties: int
    losses: int
    diff: dict[str, Any]
    n_gold: int
    baseline_accuracy: float | None
    accuracy: float | None
    gained: list[tuple[str, int]] = field(default_factory=list)
    lost: list[tuple[str, int]] = field(default_factory=list)
    p_value: float | None = None

    @property
    def accuracy_significant(self) -> bool:
        """McNemar's test rejects equal accuracy at the 5% level."""
        return self.p_value is not None and self.p_value < ALPHA


def is_correct(row: dict[str, Any]) -> bool | None:
    """Whether a gold-item row is correct; None for items without a gold answer."""
    status = row.get("status")
    return None if status is None else status == "correct"


def compare(baseline: dict[tuple[str, int], dict[str, Any]], other: dict[tuple[str, int], dict[str, Any]]) -> Comparison:
    """Wins/ties/losses and paired CI on ``total``; McNemar on accuracy; flipped items."""
    keys = [k for k in baseline if k in other]
    base_totals = [float(baseline[k]["total"]) for k in keys]
    other_totals = [float(other[k]["total"]) for k in keys]
    diffs = [o - b for b, o in zip(base_totals, other_totals)]
    wins = sum(d > TIE_EPSILON for d in diffs)
    losses = sum(d < -TIE_EPSILON for d in diffs)
    gained: list[tuple[str, int]] = []
    lost: list[tuple[str, int]] = []
    base_correct = other_correct = n_gold = 0
    for k in keys:
        b, o = is_correct(baseline[k]), is_correct(other[k])
        if b is None or o is None:
            continue
        n_gold += 1
        base_correct += b
        other_correct += o
        if o and not b:
            gained.append(k)
        elif b and not o:
            lost.append(k)
    return Comparison(
        n_pairs=len(keys),
        wins=wins,
        ties=len(keys) - wins - losses,
        losses=losses,
        diff=paired_bootstrap(base_totals, other_totals),
        n_gold=n_gold,
        baseline_accuracy=base_correct / n_gold if n_gold else None,
        accuracy=other_correct / n_gold if n_gold else None,
        gained=gained,
        lost=lost,
        p_value=mcnemar_exact(len(lost), len(gained)) if n_gold else None,
    )


def histogram(values: Sequence[float | None], bins: int = 10) -> dict[str, Any]:
    """Fractions of the non-null values in ``bins`` equal bins over [0, 1] (1.0 in the last)."""
    present = np.asarray([v for v in values if v is not None], dtype=float)
    counts = np.zeros(bins, dtype=int)
    if present.size:
        index = np.clip((present * bins).astype(int), 0, bins - 1)
        counts = np.bincount(index, minlength=bins)
    n = int(present.size)
    return {
        "counts": counts.tolist(),
        "fractions": [round(c / n, 6) if n else 0.0 for c in counts.tolist()],
        "n": n,
        "n_null": len(values) - n,
    }


def correlation_matrix(columns: dict[str, Sequence[float | None]]) -> dict[str, Any]:
    """Pearson correlations between columns over the rows where both are non-null.

    Returns ``{"names", "r", "n"}``; ``r[i][j]`` is None where fewer than three pairs exist
    or a column is constant on the shared rows.
    """
    names = list(columns)
    size = len(names)
    r: list[list[float | None]] = [[None] * size for _ in range(size)]
    n: list[list[int]] = [[0] * size for _ in range(size)]
    arrays = {k: np.asarray([np.nan if v is None else float(v) for v in vs], dtype=float) for k, vs in columns.items()}
    for i, a in enumerate(names):
        for j, b in enumerate(names):
            if j < i:
                r[i][j], n[i][j] = r[j][i], n[j][i]
                continue
            x, y = arrays[a], arrays[b]
            mask = ~np.isnan(x) & ~np.isnan(y)
            n[i][j] = int(mask.sum())
            if n[i][j] < 3:
                continue
            xs, ys = x[mask], y[mask]
            if xs.std() == 0 or ys.std() == 0:
                continue
            r[i][j] = round(float(np.corrcoef(xs, ys)[0, 1]), 4)
    return {"names": names, "r": r, "n": n}
