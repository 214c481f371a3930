"""Helpers shared by the correctness checkers: limits, tolerance, formatting, text folding."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

MAX_LINES = 400
"""At most this many lines (or paragraphs) of a region are looked at."""
MAX_HITS = 64
"""At most this many matches of one pattern are weighed."""
ABS_FLOOR = 1e-9
"""Absolute floor of every tolerance (a gold of 0 still matches 0)."""
MARKDOWN_RE = re.compile(r"[*_`#>]")


def span_mask(size: int, spans: Iterable[tuple[int, int]]) -> bytearray:
    """1 at every position covered by one of ``spans`` (half-open)."""
    mask = bytearray(size + 1)
    for a, b in spans:
        if b > a:
            mask[a:b] = b"\x01" * (b - a)
    return mask


def bracketed(text: str) -> bytearray:
    """Positions strictly inside matched round or square brackets."""
    stack: list[int] = []
    spans: list[tuple[int, int]] = []
    for i, ch in enumerate(text):
        if ch in "([":
            if len(stack) < 64:
                stack.append(i)
        elif ch in ")]" and stack:
            spans.append((stack.pop() + 1, i))
    return span_mask(len(text), spans)


def matches_gold(x: float, gold: float, tol: float, band: float = 0.0) -> bool:
    """``x`` within relative ``tol`` of ``gold`` or within the absolute ``band`` (with a floor)."""
    return abs(x - gold) <= max(tol * abs(gold), band, ABS_FLOOR) * (1 + 1e-9)


def fmt(x: float) -> str:
    """An amount for explanations: ``12,000``, ``0.15``, ``1e+15``."""
    if abs(x) >= 1e15:
        return f"{x:.6g}"
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.6f}".rstrip("0")


def finite(x: Any) -> bool:
    """A real, finite int or float (not a bool)."""
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def normalize(text: str) -> str:
    """Case-, width- and punctuation-folded words (``%`` and ``$`` kept), single-spaced."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w%$]+|_", " ", text).split())
