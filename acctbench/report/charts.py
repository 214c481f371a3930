"""Chart geometry as plain data: rectangles, lines and texts that a template draws as SVG.

Nothing here writes markup. The template renders every coordinate, colour and label through
Jinja's autoescaping, so labels taken from run files (model names, categories) stay text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#6B6B6B", "#332288")
"""Okabe–Ito colours (colour-blind safe), then two extra; cycled for more systems."""

Interval = tuple[float, float | None, float | None]
"""(mean, ci low, ci high)."""
TOOLTIP_LABEL_CAP = 80
"""Characters of a system's label in a chart's tooltips (the tables show it whole)."""


def color(index: int) -> str:
    """The colour of the ``index``-th system."""
    return PALETTE[index % len(PALETTE)]


def _chart(width: float, height: float, label: str) -> dict[str, Any]:
    return {"width": round(width), "height": round(height), "label": label, "grid": [], "rects": [], "lines": [], "texts": []}


def _text(chart: dict[str, Any], x: float, y: float, text: str, **style: Any) -> None:
    chart["texts"].append({"x": round(x, 1), "y": round(y, 1), "text": text, "anchor": style.get("anchor", "middle"),
                           "size": style.get("size", 11), "fill": style.get("fill", "#333"),
                           "weight": style.get("weight", "normal"), "rotate": style.get("rotate")})


def _line(chart: dict[str, Any], x1: float, y1: float, x2: float, y2: float, stroke: str = "#999", width: float = 1,
          under: bool = False) -> None:
    """A line drawn over the bars, or (``under``) a grid line beneath them."""
    chart["grid" if under else "lines"].append({"x1": round(x1, 1), "y1": round(y1, 1), "x2": round(x2, 1), "y2": round(y2, 1), "stroke": stroke, "width": width})


def _rect(chart: dict[str, Any], x: float, y: float, w: float, h: float, fill: str, title: str = "") -> None:
    chart["rects"].append({"x": round(x, 1), "y": round(y, 1), "w": round(max(w, 0), 1), "h": round(max(h, 0), 1), "fill": fill, "title": title})


def _short(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(groups: Sequence[str], series: Sequence[str], values: Sequence[Sequence[Interval | None]],
              label: str, y_max: float = 1.0, group_width: float = 0) -> dict[str, Any]:
    """Grouped vertical bars with 95% CI error bars; ``values[group][series]``."""
    n_series = max(len(series), 1)
    group_w = group_width or max(96.0, 24.0 * n_series + 28)
    rotate = any(len(g) * 6.2 > group_w for g in groups)
    left, right, top, bottom = 44, 12, 12, (84 if rotate else 28)
    plot_w = group_w * max(len(groups), 1)
    plot_h = 200
    chart = _chart(left + plot_w + right, top + plot_h + bottom, label)
    for tick in range(5):
        value = y_max * tick / 4
        y = top + plot_h - plot_h * tick / 4
        _line(chart, left, y, left + plot_w, y, "#e3e3e3", under=True)
        _text(chart, left - 6, y + 4, f"{value:.2f}", anchor="end", size=10, fill="#666")
    bar_w = (group_w - 16) / n_series
    for gi, group in enumerate(groups):
        gx = left + gi * group_w + 8
        for si, name in enumerate(series):
            cell = values[gi][si]
            if cell is None or cell[0] is None:
                continue
            mean, lo, hi = cell
            x = gx + si * bar_w
            h = plot_h * min(max(mean / y_max, 0), 1)
            ci = "" if lo is None else f" [{lo:.3f}, {hi:.3f}]"
            _rect(chart, x + 1, top + plot_h - h, bar_w - 2, h, color(si), f"{_short(name, TOOLTIP_LABEL_CAP)} · {group}: {mean:.3f}{ci}")
            if lo is not None and hi is not None:
                cx = x + bar_w / 2
                y_lo = top + plot_h - plot_h * min(max(lo / y_max, 0), 1)
                y_hi = top + plot_h - plot_h * min(max(hi / y_max, 0), 1)
                _line(chart, cx, y_lo, cx, y_hi, "#222", 1.2)
                cap = min(4.0, bar_w / 3)
                _line(chart, cx - cap, y_lo, cx + cap, y_lo, "#222", 1.2)
                _line(chart, cx - cap, y_hi, cx + cap, y_hi, "#222", 1.2)
        center = left + gi * group_w + group_w / 2
        if rotate:
            _text(chart, center, top + plot_h + 14, _short(group, 22), anchor="end", size=11, rotate=-30)
        else:
            _text(chart, center, top + plot_h + 16, group, size=11)
    _line(chart, left, top + plot_h, left + plot_w, top + plot_h, "#666")
    return chart


def _blues(value: float) -> str:
    """Sequential white → blue for [0, 1]."""
    v = min(max(value, 0.0), 1.0)
    start, end = (247, 251, 255), (8, 69, 148)
    return "#" + "".join(f"{round(a + (b - a) * v):02x}" for a, b in zip(start, end))


def _diverging(value: float) -> str:
    """Red (−1) → white (0) → blue (+1)."""
    v = min(max(value, -1.0), 1.0)
    end = (33, 102, 172) if v >= 0 else (178, 24, 43)
    return "#" + "".join(f"{round(255 + (e - 255) * abs(v)):02x}" for e in end)


def heatmap(rows: Sequence[str], cols: Sequence[str], cells: Sequence[Sequence[tuple[float, str, str] | None]],
            label: str, diverging: bool = False) -> dict[str, Any]:
    """A labelled grid; ``cells[row][col] = (value, shown text, tooltip)``, None for empty."""
    left = min(max((len(r) for r in rows), default=4) * 6.6 + 12, 230)
    col_w = 92.0 if len(cols) <= 6 else 64.0
    longest = max((len(c) for c in cols), default=4)
    rotate = longest * 6.2 > col_w
    top = min(longest * 4.6 + 16, 110) if rotate else 24
    row_h = 24
    chart = _chart(left + col_w * len(cols) + 12, top + row_h * len(rows) + 8, label)
    for ci, name in enumerate(cols):
        x = left + ci * col_w + col_w / 2
        if rotate:
            _text(chart, x, top - 6, _short(name, 24), anchor="start", size=11, rotate=-35)
        else:
            _text(chart, x, top - 8, name, size=11)
    for ri, name in enumerate(rows):
        y = top + ri * row_h
        _text(chart, left - 8, y + row_h / 2 + 4, _short(name, 34), anchor="end", size=11)
        for ci in range(len(cols)):
            cell = cells[ri][ci]
            x = left + ci * col_w
            if cell is None:
                _rect(chart, x + 1, y + 1, col_w - 2, row_h - 2, "#f2f2f2", "no data")
                _text(chart, x + col_w / 2, y + row_h / 2 + 4, "–", size=11, fill="#999")
                continue
            value, shown, title = cell
            fill = _diverging(value) if diverging else _blues(value)
            _rect(chart, x + 1, y + 1, col_w - 2, row_h - 2, fill, title)
            dark = abs(value) > 0.55
            _text(chart, x + col_w / 2, y + row_h / 2 + 4, shown, size=11, fill="#fff" if dark else "#222")
    return chart


def histogram_chart(name: str, series: Sequence[str], fractions: Sequence[Sequence[float]], counts: Sequence[Sequence[int]]) -> dict[str, Any]:
    """One scorer's distribution: for each of the bins over [0, 1], a bar per system."""
    bins = len(fractions[0]) if fractions else 10
    left, right, top, bottom = 36, 8, 10, 26
    plot_w, plot_h = 290, 120
    peak = max((f for fs in fractions for f in fs), default=0.0)
    y_max = max(0.1, min(1.0, (int(peak * 10) + 1) / 10))
    chart = _chart(left + plot_w + right, top + plot_h + bottom, f"distribution of {name}")
    for tick in (0.0, y_max / 2, y_max):
        y = top + plot_h - plot_h * tick / y_max
        _line(chart, left, y, left + plot_w, y, "#e3e3e3", under=True)
        _text(chart, left - 4, y + 4, f"{tick:.0%}", anchor="end", size=9, fill="#666")
    bin_w = plot_w / bins
    bar_w = (bin_w - 2) / max(len(series), 1)
    shown = [_short(system, TOOLTIP_LABEL_CAP) for system in series]
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        for si, system in enumerate(shown):
            f = fractions[si][b]
            h = plot_h * f / y_max
            bracket = "]" if b == bins - 1 else ")"
            _rect(chart, left + b * bin_w + 1 + si * bar_w, top + plot_h - h, bar_w, h, color(si),
                  f"{system} · {name} in [{lo:.1f}, {hi:.1f}{bracket}: {f:.1%} ({counts[si][b]})")
    for tick in (0.0, 0.5, 1.0):
        x = left + plot_w * tick
        _text(chart, x, top + plot_h + 14, f"{tick:g}", size=9, fill="#666")
    _line(chart, left, top + plot_h, left + plot_w, top + plot_h, "#666")
    return chart


Series = tuple[str, Sequence[float | None], Sequence[float | None] | None]
"""(name, values per x, spread per x or None): a line, and a lighter band of value ± spread."""


def _nice_range(values: Sequence[float]) -> tuple[float, float]:
    lo, hi = min(values, default=0.0), max(values, default=1.0)
    if hi - lo < 1e-9:
        lo, hi = lo - 0.5, hi + 0.5
    pad = (hi - lo) * 0.05
    return lo - pad, hi + pad


def line_chart(xs: Sequence[float], series: Sequence[Series], label: str, y_range: tuple[float, float] | None = None,
               x_label: str = "step", width: float = 340) -> dict[str, Any]:
    """Lines over ``xs`` (one colour per series), each point with a tooltip; a missing value breaks the line.

    A series' spread draws as thin lines at value ± spread (e.g. the std of a reward across a batch).
    ``y_range`` fixes the axis (e.g. (0, 1) for rates); otherwise it fits the values and bands.
    """
    left, right, top, bottom = 48, 10, 12, 30
    plot_w, plot_h = width - left - right, 150
    chart = _chart(width, top + plot_h + bottom, label)
    seen: list[float] = []
    for _, values, spread in series:
        for i, v in enumerate(values):
            if v is not None:
                half = spread[i] if spread and spread[i] is not None else 0.0
                seen += [v - half, v + half]
    y_lo, y_hi = y_range or _nice_range(seen)
    x_lo, x_hi = (min(xs), max(xs)) if xs else (0.0, 1.0)
    x_span = (x_hi - x_lo) or 1.0

    def px(x: float) -> float:
        return left + plot_w * ((x - x_lo) / x_span if len(xs) > 1 else 0.5)

    def py(y: float) -> float:
        return top + plot_h - plot_h * (min(max(y, y_lo), y_hi) - y_lo) / (y_hi - y_lo)

    for tick in range(5):
        value = y_lo + (y_hi - y_lo) * tick / 4
        _line(chart, left, py(value), left + plot_w, py(value), "#e3e3e3", under=True)
        _text(chart, left - 5, py(value) + 4, f"{value:.3g}", anchor="end", size=9, fill="#666")
    for x in sorted({xs[0], xs[len(xs) // 2], xs[-1]} if xs else set()):
        _text(chart, px(x), top + plot_h + 13, f"{x:g}", size=9, fill="#666")
    _text(chart, left + plot_w / 2, top + plot_h + 26, x_label, size=10, fill="#444")
    _line(chart, left, top + plot_h, left + plot_w, top + plot_h, "#666")
    for si, (name, values, spread) in enumerate(series):
        stroke = color(si)
        for i in range(1, len(xs)):
            a, b = values[i - 1], values[i]
            if a is None or b is None:
                continue
            _line(chart, px(xs[i - 1]), py(a), px(xs[i]), py(b), stroke, 2)
            if spread and spread[i - 1] is not None and spread[i] is not None:
                for sign in (-1, 1):
                    _line(chart, px(xs[i - 1]), py(a + sign * spread[i - 1]), px(xs[i]), py(b + sign * spread[i]), stroke, 0.6)
        for i, v in enumerate(values):
            if v is not None:
                extra = f" ± {spread[i]:.3f}" if spread and spread[i] is not None else ""
                _rect(chart, px(xs[i]) - 2.5, py(v) - 2.5, 5, 5, stroke, f"{_short(name, TOOLTIP_LABEL_CAP)} · {x_label} {xs[i]:g}: {v:.3f}{extra}")
    return chart


__all__ = ["PALETTE", "bar_chart", "color", "heatmap", "histogram_chart", "line_chart"]
