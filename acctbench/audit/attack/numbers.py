"""Numbers as an answer writes them: find them, read them, and write new ones in the same style.

The attack operators rewrite figures ("$6,873.75" → "$7,561.13", "6873.75", "($6,873.75)"); this
module keeps that rewriting exact and reversible. It reads only the plain written forms the
bundled references use (currency sign, thousands commas, decimals, percent, minus or
parentheses); it does not score anything.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

_TOKEN = re.compile(
    r"(?<![\w.,])(?P<open>\()?(?P<neg>-)?(?P<cur>\$|USD )?(?P<neg2>-)?"
    r"(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?P<dec>\.\d+)?(?P<pct>%)?(?P<close>\))?(?![\w])"
)


@dataclass(frozen=True)
class Style:
    """How one figure is written."""

    currency: str = ""
    decimals: int = 0
    commas: bool = False
    percent: bool = False
    parens: bool = False


@dataclass(frozen=True)
class Figure:
    """A figure found in a text: its span, value and style."""

    start: int
    end: int
    value: float
    style: Style


def find_figures(text: str) -> list[Figure]:
    """Every figure in ``text``, left to right."""
    out = []
    for m in _TOKEN.finditer(text):
        start, end = m.start(), m.end()
        parens = bool(m["open"] and m["close"])
        if m["open"] and not parens:
            start += 1
        if m["close"] and not parens:
            end -= 1
        digits = m["int"].replace(",", "") + (m["dec"] or "")
        value = float(digits) * (-1 if (m["neg"] or m["neg2"] or parens) else 1)
        style = Style(
            currency=m["cur"] or "",
            decimals=len(m["dec"]) - 1 if m["dec"] else 0,
            commas="," in m["int"],
            percent=bool(m["pct"]),
            parens=parens,
        )
        out.append(Figure(start, end, value, style))
    return out


def render(value: float, style: Style) -> str:
    """``value`` written in ``style`` (commas also for a style that had none but needs them)."""
    body = f"{abs(value):,.{style.decimals}f}" if style.commas else f"{abs(value):.{style.decimals}f}"
    text = f"{style.currency}{body}{'%' if style.percent else ''}"
    if value < 0 and float(body.replace(",", "")) != 0:
        return f"({text})" if style.parens else f"-{text}"
    return text


def exact(value: float, style: Style) -> Style:
    """``style`` with as many more decimals as ``value`` needs to be written exactly (up to 10)."""
    d = style.decimals
    while d < 10 and abs(round(value, d) - value) > 1e-9 * max(1.0, abs(value)):
        d += 1
    return replace(style, decimals=d)


def rewrite_figures(text: str, fn: Callable[[Figure], str | None]) -> tuple[str, int]:
    """``text`` with each figure replaced by ``fn(figure)`` (``None`` keeps it); returns the text
    and how many figures changed."""
    parts, last, changed = [], 0, 0
    for fig in find_figures(text):
        new = fn(fig)
        if new is None or new == text[fig.start : fig.end]:
            continue
        parts.extend([text[last : fig.start], new])
        last, changed = fig.end, changed + 1
    return "".join(parts) + text[last:], changed


def matches(value: float, gold: float, tolerance: float) -> bool:
    """Whether ``value`` equals ``gold`` within the relative ``tolerance``."""
    return abs(value - gold) <= max(tolerance * abs(gold), 1e-9)
