"""Answers written in LaTeX or typeset layouts, read as the plain text they print.

Reasoning and math-tuned models answer in LaTeX: ``\\$6{,}873.75``, ``\\boxed{640}``,
``\\text{Interest Expense}``, ``\\[ 6{,}400 \\times 10\\% = 640 \\]``, ``\\frac{3}{4}``; and
journals set with dot leaders (``Dec 31 Interest Expense ........ 640``). :func:`plain_math`
rewrites them to what a reader sees: ``$6,873.75``, ``640``, ``Interest Expense``,
``6,400 × 10% = 640``. The commands are data (``rewards/math_text.yaml``). Fractions read as a
value only when one is the whole answer (``fractions=True`` on an answer region: ``\\frac{3}{4}``
is ``0.75``); anywhere else ``\\frac{a}{b}`` is ``a/b``, so working keeps its final value.
Linear passes over the text (nested braces are undone innermost first, at most
``MAX_DEPTH`` levels); never raises.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

import yaml

from acctbench._paths import data_path
from acctbench.rewards.numbers import scan_numbers

__all__ = ["plain_math"]

MAX_DEPTH = 8
_GROUP_SEP_RE = re.compile(r"(?<=\d)\{\s*(,|\\,)\s*\}(?=\d)")  # 6{,}873
_THIN_SEP_RE = re.compile(r"(?<=\d)\\[,;:!](?=\d{3}(?!\d))")  # 6\,873
_INLINE_RE = re.compile(r"(?<!\\)\$(?=\s*\\[A-Za-z])([^$\n]{1,400}?)(?<!\\)\$")  # $\frac{3}{4}$
_SPACING_RE = re.compile(r"\\[,;:! ]")
_LINE_BREAK_RE = re.compile(r"\\\\|&(?=\s*[=≈])")


@cache
def _rules() -> dict[str, Any]:
    path = data_path("rewards", "math_text.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in ("unwrap", "fractions", "escapes", "symbols", "drop", "delimiters", "leader_chars", "leader_min"):
        if key not in data:
            raise ValueError(f"{path}: missing {key!r}")
    words = "|".join(sorted(data["unwrap"], key=len, reverse=True))
    fracs = "|".join(sorted(data["fractions"], key=len, reverse=True))
    chars = re.escape(data["leader_chars"])
    return {
        "unwrap": re.compile(rf"\\(?:{words})\s*\{{([^{{}}]*)\}}"),
        "fraction": re.compile(rf"\\(?:{fracs})\s*\{{([^{{}}]*)\}}\s*\{{([^{{}}]*)\}}"),
        "whole": re.compile(rf"^\s*(?P<open>(?:\\(?:{words})\s*\{{\s*|[$*_]\s*)*)(-?)\s*\\(?:{fracs})\s*"
                            rf"\{{([^{{}}]*)\}}\s*\{{([^{{}}]*)\}}(?P<close>[\s}}$.*_]*)$"),
        "escape": re.compile(r"\\([" + re.escape("".join(data["escapes"])) + "])"),
        "escapes": dict(data["escapes"]),
        "symbol": re.compile(r"\\(" + "|".join(sorted(data["symbols"], key=len, reverse=True)) + r")(?![A-Za-z])"),
        "symbols": dict(data["symbols"]),
        "drop": re.compile(r"\\(?:" + "|".join(sorted(data["drop"], key=len, reverse=True)) + r")(?![A-Za-z])"),
        "delimiters": re.compile("|".join(re.escape(d) for d in sorted(data["delimiters"], key=len, reverse=True))),
        "leader": re.compile(rf"([{chars}])(?:[ ]?\1){{{int(data['leader_min']) - 1},}}"),
    }


def _value(text: str) -> float | None:
    """The value of a text that is exactly one number, else ``None``."""
    tokens = scan_numbers(text, 2)
    if len(tokens) != 1 or tokens[0].span != (len(text) - len(text.lstrip()), len(text.rstrip())) or tokens[0].is_percent:
        return None
    return tokens[0].value


def _whole_fraction(text: str, whole: re.Pattern[str]) -> str | None:
    """``\\frac{a}{b}`` that is the whole text (inside ``\\boxed{}`` and the like, ``$``, spaces
    and a full stop around it) as a value."""
    m = whole.match(text)
    if m is None or m.group("open").count("{") != m.group("close").count("}"):
        return None
    a, b = _value(m.group(3)), _value(m.group(4))
    if a is None or not b:
        return None
    return f"{'-' if m.group(2) else ''}{a / b:.10g}"


def _until_stable(pattern: re.Pattern[str], repl: Any, text: str) -> str:
    for _ in range(MAX_DEPTH):
        new = pattern.sub(repl, text)
        if new == text:
            break
        text = new
    return text


@lru_cache(maxsize=4096)
def plain_math(text: str, fractions: bool = True) -> str:
    """``text`` as printed (see the module doc); ``fractions`` turns ``\\frac`` into a value
    (the whole text) or ``a/b`` (elsewhere); without it fractions are left as written."""
    rules = _rules()
    if "\\" in text or "{" in text or "$$" in text:
        text = _GROUP_SEP_RE.sub(",", text)
        text = _THIN_SEP_RE.sub(",", text)
        text = _INLINE_RE.sub(lambda m: m.group(1), text)
        text = rules["delimiters"].sub(" ", text)
        text = _LINE_BREAK_RE.sub(lambda m: "\n" if m.group() == "\\\\" else "", text)
        whole = _whole_fraction(text, rules["whole"]) if fractions else None
        if whole is not None:
            return whole
        text = _until_stable(rules["unwrap"], lambda m: m.group(1), text)
        text = rules["symbol"].sub(lambda m: rules["symbols"][m.group(1)], text)
        text = rules["drop"].sub("", text)
        text = _SPACING_RE.sub(" ", text)
        text = rules["escape"].sub(lambda m: rules["escapes"][m.group(1)], text)
        if fractions:
            text = _until_stable(rules["fraction"], lambda m: f"{m.group(1).strip()}/{m.group(2).strip()}", text)
    return rules["leader"].sub(lambda m: " " * len(m.group()), text)
