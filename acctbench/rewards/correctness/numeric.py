"""Numeric items: the one number a region states (numbers read by :mod:`acctbench.rewards.numbers`).

1. Asides are set apart: numbers inside parentheses (``$9,000 (i.e. $45,000 over 5 years)``),
   restatements to the end of their sentence ("i.e.", "e.g.", "that is", "in other words"),
   dates, year labels (``in 2024``, ``Year 3``, ``yr 5``), counts of time (``5 years``, unless the
   item's unit is that word), list numbers (``1.``), the ``1`` of a ratio (``1.72:1``),
   percentages when the unit is not ``%``, currency amounts when it is ``%`` or a word
   (``units``), and a parenthesised amount that repeats another number
   (``$25,760 (25,760.00)``, ``12.37% (0.1237)``). A number followed by the item's unit word (``2,500 units``) is
   never an aside. Asides only count when the region has nothing else.
2. If all remaining numbers agree (within tolerance) that value is the answer.
3. If they disagree, the answer is what follows a final marker: the numbers in ``**bold**``
   when any are bold, else the numbers after the last ``=``, ``=>``, ``≈``, ``→``, ``->``, ``:``, ``is``,
   ``are``, ``was``, ``equals``, ``totals``, ``comes to``, ``amounts to`` followed by one.
   Those must agree. No marker, or disagreement after it ("either 4,000 or 5,000",
   "4000 / 5000", "= 4,000 or 5,000") is **hedged**: 0.
4. Right when ``|x - gold| <= max(rel * |gold|, abs)`` with the item's band from
   :func:`acctbench.schema.numeric_band` (``tolerance`` relative, ``abs_tolerance`` absolute;
   ``1e-9`` floor); numbers in one answer agree within the same band. With
   unit ``%`` (gold in percent) ``15``, ``15%`` and ``0.15`` all match 15 (``x * 100`` only
   for unmarked ``|x| <= 1``).
   A sign written as a word ("negative $500", "minus 500") makes the number negative; a
   fraction or multiple before it ("one hundredth of", "twice") and a scale for the whole answer
   ("in thousands", "in millions") scale it; when the unit is not ``%``, ``3.30%`` is 0.033.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from acctbench.rewards.correctness.common import ABS_FLOOR, bracketed, finite, fmt, matches_gold, span_mask
from acctbench.rewards.correctness.region import make_score
from acctbench.rewards.numbers import Token, scan_numbers
from acctbench.rewards.types import Score, not_applicable
from acctbench.schema import numeric_band, relative_band

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_DATE_RE = re.compile(
    rf"(?i)\b{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b|\b\d{{1,2}}\s+{_MONTH}\b\.?(?:,?\s+\d{{4}})?"
    rf"|\b{_MONTH}\.?,?\s+\d{{4}}\b|\b\d{{4}}-\d{{1,2}}-\d{{1,2}}\b|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b"
)
_TIME_AFTER_RE = re.compile(r"(?i)\s?-?\s?(year|yr|month|week|day|quarter|period|hour)s?\b")
_LABEL_BEFORE_RE = re.compile(
    r"(?i)(?:\b(?:years?|yrs?|months?|mos?|weeks?|days?|quarters?|periods?|fy|q|notes?|steps?|items?|no\.)|#)\s*$"
)
_RATIO_BEFORE_RE = re.compile(r"\d\s*(?::|\bto)\s*$")
_YEAR_BEFORE_RE = re.compile(r"(?i)\b(?:in|for|during|since|until|through|fiscal|year|ended|ending)\s*$")
_MARKER_RE = re.compile(
    r"(?i)=>?|≈|→|->|:|\b(?:is|are|was|were|equals?|equal\s+to|totals?|totall?ing|comes\s+to|amounts?\s+to)\b"
)
_RESTATE_RE = re.compile(
    r"(?i)(?<!\w)(?:i\.\s?e\.?|e\.\s?g\.?|that\s+is|equivalently|equivalent\s+to|in\s+other\s+words)(?!\w)"
)
_SENTENCE_END_RE = re.compile(r"[;\n]|\.(?=\s|$)")
_BOLD_RE = re.compile(r"\*\*(.{1,400}?)\*\*", re.S)
_ZERO_RE = re.compile(r"(?i)\b(?:zero|nil)\b")
_SIGN_WORD_RE = re.compile(r"(?i)(?<!\w)(?:negative|minus)\s*$")
_SCALES = {"thousands": 1e3, "millions": 1e6, "billions": 1e9}
_SCALE_RE = re.compile(r"(?i)\bin\s+(thousands|millions|billions)\b")
_PARTS = {"half": 0.5, "third": 1 / 3, "quarter": 0.25, "tenth": 0.1, "hundredth": 0.01, "thousandth": 0.001,
          "twice": 2.0, "double": 2.0, "triple": 3.0, "thrice": 3.0}
_PART_RE = re.compile(r"(?i)\b(half|third|quarter|tenth|hundredth|thousandth|twice|double|triple|thrice)\s*(?:of\s*)?(?:the\s*)?$")
_MONEY_UNITS = frozenset({"", "$", "us$", "usd", "€", "eur", "£", "gbp", "dollar", "dollars"})


def _restatements(text: str) -> Iterator[tuple[int, int]]:
    """From "i.e." / "that is" / "in other words" to the end of that sentence."""
    end = 0
    for m in _RESTATE_RE.finditer(text):
        if m.start() < end:
            continue
        stop = _SENTENCE_END_RE.search(text, m.end())
        end = stop.start() if stop else len(text)
        yield m.end(), end


class _Context:
    """What a region says around its numbers: brackets, dates, bold, the item's unit."""

    def __init__(self, text: str, unit: str):
        self.text = text
        self.groups = bracketed(text)
        self.dates = span_mask(len(text), (m.span() for m in _DATE_RE.finditer(text)))
        self.bold = span_mask(len(text), (m.span(1) for m in _BOLD_RE.finditer(text)))
        self.restated = span_mask(len(text), _restatements(text))
        self.percent = unit == "%"
        word = unit.strip().lower()
        self.word = "" if self.percent or word in _MONEY_UNITS else word[:-1] if word.endswith("s") else word
        self.word_re = re.compile(rf"(?i)\s?-?\s?{re.escape(self.word)}s?(?!\w)") if self.word else None

    def aside(self, tok: Token) -> bool:
        """Numbers that are clearly not the answer (see the module doc, rule 1)."""
        text, (start, end) = self.text, tok.span
        if self.word_re is not None and self.word_re.match(text, end):
            return False  # "2,500 units" when the question asks for units
        if self.groups[start] or self.dates[start] or self.restated[start]:
            return True
        if tok.is_percent != self.percent and (tok.is_percent or tok.currency):
            return True  # a rate when the answer is an amount, an amount when it is a rate
        if self.word and tok.currency:
            return True
        after = _TIME_AFTER_RE.match(text, end)
        if after and not tok.currency:
            return True
        before = text[max(0, start - 16) : start]
        if tok.value == 1 and _RATIO_BEFORE_RE.search(before):
            return True  # the "1" of "1.72:1" or "2 to 1"
        if not tok.currency and _LABEL_BEFORE_RE.search(before):
            return True
        plain = not (tok.currency or tok.grouped or tok.is_percent) and tok.value.is_integer()
        if plain and 1900 <= tok.value <= 2100 and _YEAR_BEFORE_RE.search(before):
            return True
        line_start = text.rfind("\n", 0, start) + 1
        list_number = not text[line_start:start].strip() and text[end : end + 2] in (". ", ") ")
        return plain and 0 < tok.value < 100 and list_number


def _close(a: float, b: float, tol: float) -> bool:
    """Within relative ``tol`` of the larger magnitude (with an absolute floor)."""
    return abs(a - b) <= max(tol * max(abs(a), abs(b)), ABS_FLOOR) * (1 + 1e-9)


def _restated_negative(tok: Token, tokens: Sequence[Token], tol: float, percent: bool) -> bool:
    """"$25,760 (25,760.00)", "12.37% (0.1237)": parentheses repeating another number restate
    it; they do not make it negative."""
    if not tok.parenthesized:
        return False
    positive = _readings(tok._replace(value=-tok.value), percent)
    return any(not o.parenthesized and any(_close(a, b, tol) for a in _readings(o, percent) for b in positive) for o in tokens)


def _readings(tok: Token, percent: bool) -> list[float]:
    """The values a number may mean: with unit ``%`` an unmarked ``0.15`` may mean 15."""
    if percent and not tok.is_percent and abs(tok.value) <= 1:
        return [tok.value, tok.value * 100]
    return [tok.value]


def _common(tokens: Sequence[Token], percent: bool, tol: float) -> list[float]:
    """Values every number can be read as (empty when they disagree)."""
    rest = [_readings(t, percent) for t in tokens[1:]]
    return [c for c in _readings(tokens[0], percent) if all(any(_close(c, r, tol) for r in rs) for rs in rest)]


def _pick(ctx: _Context, tokens: list[Token], tol: float) -> tuple[list[Token], list[float], str]:
    """The numbers read as the answer, their common values, and how they were chosen."""
    common = _common(tokens, ctx.percent, tol)
    if common:
        return tokens, common, "all numbers agree"
    bold = [t for t in tokens if ctx.bold[t.span[0]]]
    if bold:
        return bold, _common(bold, ctx.percent, tol), "in bold"
    last_start, last = max(t.span[0] for t in tokens), None
    for m in _MARKER_RE.finditer(ctx.text, 0, last_start):
        last = m
    if last is None:
        return tokens, [], "no final marker"
    after = [t for t in tokens if t.span[0] >= last.end()]
    return after, _common(after, ctx.percent, tol), f"after the last {last.group().strip()!r}"


def _bracketed_alone(region: str, span: tuple[int, int]) -> bool:
    """"(41.79%)": a number in parentheses of its own."""
    return region[: span[0]].rstrip().endswith("(") and region[span[1] :].lstrip().startswith(")")


def _as_stated(tokens: Sequence[Token], region: str, percent: bool) -> list[Token]:
    """Numbers with what the words around them do to them: a sign word ("negative $500"), a
    fraction or multiple before ("one hundredth of $500", "twice $500"), a scale for the whole
    answer ("in thousands"); and, when the answer is not a percentage, "3.30%" is 0.033."""
    scale = _SCALE_RE.search(region)
    factor = _SCALES[scale.group(1).lower()] if scale else 1.0
    out = []
    for t in tokens:
        value = t.value * factor
        before = region[max(0, t.span[0] - 24) : t.span[0]]
        part = _PART_RE.search(before)
        if part:
            value *= _PARTS[part.group(1).lower()]
        if t.is_percent and not percent:
            value /= 100
        if value > 0 and (_SIGN_WORD_RE.search(region, max(0, t.span[0] - 12), t.span[0]) or t.is_percent and len(tokens) == 1 and _bracketed_alone(region, t.span)):
            value = -value  # "(41.79%)" alone is a negative rate; beside another number it restates it
        out.append(t if value == t.value else t._replace(value=value))
    return out


def score_numeric(item: dict[str, Any], region: str, source: str) -> Score:
    """Judge the number stated in ``region`` against the item's numeric gold."""
    gold, unit = item.get("gold"), item.get("unit")
    if not finite(gold):
        return not_applicable("item has no numeric gold")
    gold = float(gold)
    rel, band = numeric_band(item)
    tol = relative_band(item)  # numbers within one answer agree within the same band
    tokens = _as_stated(scan_numbers(region), region, unit == "%")
    if not tokens:
        if _ZERO_RE.search(region):
            ok = matches_gold(0.0, gold, rel, band)
            return make_score(float(ok), "correct" if ok else "wrong", f"read zero; gold {fmt(gold)}", source, "0", 0.0)
        return make_score(0.0, "no_answer", "no number in the answer", source, None, None)
    ctx = _Context(region, unit if isinstance(unit, str) else "")
    main = [t for t in tokens if not ctx.aside(t) and not _restated_negative(t, tokens, tol, ctx.percent)] or tokens
    chosen, common, how = _pick(ctx, main, tol)
    shown = " / ".join(dict.fromkeys(t.text.strip() for t in chosen[:6]))
    if not common:
        return make_score(0.0, "hedged", f"hedged: different values ({shown}), {how}", source, shown, None)
    hit = next((c for c in common if matches_gold(c, gold, rel, band)), None)
    if hit is not None:
        return make_score(1.0, "correct", f"{fmt(hit)} matches gold {fmt(gold)}", source, shown, hit)
    return make_score(0.0, "wrong", f"{fmt(common[0])} vs gold {fmt(gold)}", source, shown, common[0])
