"""Numbers in model text, read without ``eval``: amounts, percentages, magnitudes.

Recognised: currency symbols and codes before or after (``$``, ``US$``, ``USD``, ``€``, ``£``,
``EUR``, ``GBP``, ``dollars``), thousands separators (``12,000``, ``12 000``, ``12’000``,
``12'000``, no-break and thin spaces; one separator style per number, groups of exactly three
digits), decimals (``12000.00``, ``.5``), negatives written ``-1,200``, ``−1,200`` (unicode minus),
``$-1,200`` or ``(1,200)`` / ``($1,200)`` (accounting parentheses), percentages (``15%``,
``15 percent``), magnitude words and suffixes (``12k``, ``12K``, ``12 thousand``, ``1.2m``,
``1.2mn``, ``1.2MM``, ``1.2 million``, ``3bn``, ``3B``, ``3 billion``), a ratio suffix (``2.5x``)
and decimal digits of any script (Arabic-Indic, full-width ... via ``unicodedata.decimal``).

Not numbers: digits glued to letters (``FY2024``, ``5th``, ``10kg``), European decimal commas
(``12.000,50`` is skipped rather than misread), a hyphen between two numbers (``5-10`` is two
positive numbers) and a minus after a number (``60,000 - 10,000``: binary, not a sign).

Everything is one precompiled regex over a length-preserving normalised copy of the text, so
spans index the original text; scanning stops after ``limit`` numbers (linear time).
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import NamedTuple

from acctbench.rewards.types import MAX_COMPLETION_CHARS

__all__ = ["Number", "Token", "extract_numbers", "normalize_digits", "scan_numbers"]

DEFAULT_LIMIT = 200
"""At most this many numbers are read from one text (bounded work on hostile input)."""

_MAGNITUDES = {
    "k": 1e3, "thousand": 1e3,
    "m": 1e6, "mn": 1e6, "mm": 1e6, "million": 1e6,
    "b": 1e9, "bn": 1e9, "billion": 1e9,
}

# One character in, one character out: spans in the normalised text index the original.
_SPECIAL = {
    0x2212: "-", 0xFE63: "-", 0xFF0D: "-",  # minus signs
    0xFF0C: ",", 0x066C: ",", 0xFF0E: ".", 0x066B: ".",  # separators
    0xFF05: "%", 0x066A: "%", 0xFF04: "$", 0xFE69: "$", 0xFFE1: "£", 0xFFE5: "¥",
    0xFF08: "(", 0xFF09: ")",
    0x00A0: " ", 0x202F: " ", 0x2009: " ", 0x2007: " ",  # no-break, thin, figure spaces
}
_CACHE_LIMIT = 4096


class _DigitMap(dict):
    """``str.translate`` table: unicode decimal digits to ASCII, plus ``_SPECIAL``."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        digit = unicodedata.decimal(char, None)
        out = str(digit) if digit is not None else char
        if len(self) < _CACHE_LIMIT:
            self[code] = out
        return out


_TABLE = _DigitMap({code: char for code, char in _SPECIAL.items()})


def normalize_digits(text: str) -> str:
    """ASCII digits, minus, separators and currency signs, with the length unchanged."""
    return text if text.isascii() else text.translate(_TABLE)


_NUMBER_RE = re.compile(
    r"""
    (?<![\w.])(?<!\d,)                      # not glued to a word or to another number
    (?P<cur0>(?:US\$|[$€£¥])\ ?(?=\())?       # "$(1,200)"
    (?P<open>\(\ ?)?
    (?P<sign>[-+]\ ?)?
    (?P<cur>(?:US\$|USD|EUR|GBP|[$€£¥])\ ?)?
    (?P<sign2>-\ ?)?
    (?P<core>(?>                            # atomic: never re-read a number as a shorter one
        \d{1,3}(?P<sep>[,'’\ ])\d{3}(?:(?P=sep)\d{3})*(?!\d)(?:\.\d+)?
        | \d+(?:\.\d+)?
        | \.\d+
    ))
    (?![.,]?\d)                             # "12.000,50", "1,2": not a number here
    (?P<pct>\ ?(?:%|(?i:percent|per\ cent|pct)\b))?
    (?:\ ?(?P<word>(?i:thousand|million|billion)|mn|bn|MM)\b|(?P<suffix>[kKmMbBx×])(?![A-Za-z]))?
    (?P<post>\ ?(?:USD|EUR|GBP|dollars?|euros?|pounds?|[$€£])(?!\w))?
    (?P<close>\ ?\))?
    (?!\w)
    """,
    re.VERBOSE,
)


class Number(NamedTuple):
    """A number as read: its value, whether it was written as a percentage, and its span."""

    value: float
    is_percent: bool
    span: tuple[int, int]


class Token(NamedTuple):
    """A number with the marks around it (for callers that weigh where a number came from)."""

    value: float
    is_percent: bool
    span: tuple[int, int]
    currency: bool
    parenthesized: bool
    grouped: bool
    text: str


def _binary_minus(text: str, start: int) -> bool:
    """A ``-`` right after a number or ``)`` is subtraction, not a sign."""
    i = start - 1
    while i >= 0 and start - i <= 3 and text[i] == " ":
        i -= 1
    return i >= 0 and (text[i].isdigit() or text[i] in ")%")


def _token(text: str, m: re.Match[str]) -> Token | None:
    core = m.group("core")
    sep = m.group("sep")
    digits = core.replace(sep, "") if sep else core
    try:
        value = float(digits)
    except ValueError:
        return None
    scale = m.group("word") or m.group("suffix") or ""
    value *= _MAGNITUDES.get(scale.lower(), 1.0)
    start, end = m.start(), m.end()
    # Accounting parentheses mean a negative amount; "(15%)" and "(1.2 million)" restate.
    paren = bool(m.group("open") and m.group("close")) and not (m.group("pct") or scale)
    if m.group("open") and not paren:
        start = m.end("open")  # "($45,000 over five years": the parenthesis is not the number's
    if m.group("close") and not paren:
        end = m.start("close")
    sign = (m.group("sign") or "").strip()
    if sign == "-" and m.group("open") is None and _binary_minus(text, m.start("sign")):
        sign, start = "", m.end("sign")
    negative = sign == "-" or bool(m.group("sign2")) or paren
    if negative:
        value = -value
    if not math.isfinite(value):
        return None
    return Token(
        value=value,
        is_percent=m.group("pct") is not None,
        span=(start, end),
        currency=bool(m.group("cur0") or m.group("cur") or m.group("post")),
        parenthesized=paren,
        grouped=sep is not None,
        text=text[start:end],
    )


def scan_numbers(text: str, limit: int = DEFAULT_LIMIT, start: int = 0) -> list[Token]:
    """The first ``limit`` numbers in ``text`` from ``start`` (at most the first
    ``MAX_COMPLETION_CHARS`` characters are read), with their marks."""
    if not isinstance(text, str) or limit <= 0:
        return []
    norm = normalize_digits(text[:MAX_COMPLETION_CHARS])
    out: list[Token] = []
    for m in _NUMBER_RE.finditer(norm, max(0, start)):
        tok = _token(norm, m)
        if tok is not None:
            out.append(tok._replace(text=text[tok.span[0] : tok.span[1]]))
            if len(out) >= limit:
                break
    return out


def extract_numbers(text: str, limit: int = DEFAULT_LIMIT) -> list[Number]:
    """``(value, is_percent, span)`` for the first ``limit`` numbers of ``text``.

    >>> [n.value for n in extract_numbers("Dr Cash $12,000; fee (1,200); rate 7.5%; 1.2m")]
    [12000.0, -1200.0, 7.5, 1200000.0]
    """
    return [Number(t.value, t.is_percent, t.span) for t in scan_numbers(text, limit)]
