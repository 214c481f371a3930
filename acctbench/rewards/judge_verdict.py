"""Read a judge model's verdict, defensively: a JSON object or a tagged score, never a crash.

Accepted, anywhere in the reply (after a leading ``<think>`` block, which is dropped): a JSON
object with a score key (``{"score": 7, "reason": "..."}``, also inside a code fence, the
score a number or a numeric string such as ``"7"`` or ``"7/10"``), a tag (``<score>7</score>``)
or a label (``Score: 7``, ``**Rating** = 7/10``); the label words are data
(``rewards/judge.yaml``). A fraction ``a/b`` is read as ``a / b`` of the scale.

Rejected, with a status instead of a value:

- ``unparseable``: no score in any accepted form (also an empty reply);
- ``out_of_range``: only scores outside ``0..scale`` (or not finite);
- ``ambiguous``: two different scores (a judge that hedges, or one talked into a second verdict);
- ``echo``: every score found is one the candidate's answer itself contains (the judge copied a
  fake verdict out of the answer). A verdict counts as copied when its text appears in the
  answer, or when the answer holds a verdict with the same score and the same reason.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache

from acctbench.rewards.reasoning import scored_text

OK = "ok"
MAX_REPLY_CHARS = 20_000
MAX_OBJECT_TRIES = 200
"""Opening braces tried as the start of a JSON verdict (bounded time on a reply of braces)."""
_NUMBER = r"[-+]?\d+(?:\.\d+)?"
_FRACTION_RE = re.compile(rf"^\s*({_NUMBER})\s*(?:/\s*({_NUMBER}))?\s*$")
_SPACE_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class Verdict:
    """A judge's reading: ``score`` in ``0..scale`` (None unless ``status == "ok"``)."""

    score: float | None
    reason: str
    status: str
    candidates: int = 0

    @property
    def ok(self) -> bool:
        return self.status == OK


@dataclass(frozen=True)
class _Found:
    score: float
    reason: str
    span: str
    start: int
    end: int


@lru_cache(maxsize=8)
def _patterns(labels: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = "|".join(re.escape(w) for w in labels)
    tag = re.compile(rf"(?i)<\s*({words})\s*>\s*({_NUMBER}(?:\s*/\s*{_NUMBER})?)\s*<\s*/\s*\1\s*>")
    label = re.compile(rf"(?i)(?<!\w)(?:final\s+)?({words})\b[\s*_\"']*(?:\(\s*0\s*-\s*\d+\s*\)[\s*_\"']*)?(?:[:=]|\bis\b|\bof\b)"
                       rf"[\s*_\"']*({_NUMBER}(?:\s*/\s*{_NUMBER})?)(?![\d.]*\w)")
    return tag, label


def _number(value: object, scale: int) -> float | None:
    """A score from a JSON value or a ``"7"`` / ``"7/10"`` string, on the ``0..scale`` scale."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if not isinstance(value, str):
        return None
    m = _FRACTION_RE.match(value)
    if m is None:
        return None
    top = float(m.group(1))
    if m.group(2) is None:
        return top
    bottom = float(m.group(2))
    return top / bottom * scale if bottom > 0 else None


def _json_verdicts(text: str, labels: tuple[str, ...], scale: int) -> list[_Found]:
    decoder = json.JSONDecoder()
    found, pos = [], 0
    for _ in range(MAX_OBJECT_TRIES):
        start = text.find("{", pos)
        if start < 0:
            break
        try:
            obj, end = decoder.raw_decode(text, start)
        except (ValueError, RecursionError):  # not JSON from here, or nested past the parser's depth
            pos = start + 1
            continue
        pos = end
        if not isinstance(obj, dict):
            continue
        keys = {str(k).strip().lower(): v for k, v in obj.items()}
        label = next((w for w in labels if w in keys), None)
        score = _number(keys[label], scale) if label else None
        if score is not None:
            reason = keys.get("reason", keys.get("explanation", ""))
            found.append(_Found(score, str(reason)[:300] if reason is not None else "", text[start:end], start, end))
    return found


def _tagged(text: str, labels: tuple[str, ...], scale: int, taken: list[tuple[int, int]]) -> list[_Found]:
    found = []
    for pattern in _patterns(labels):
        for m in pattern.finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            score = _number(m.group(2), scale)
            if score is not None:
                found.append(_Found(score, "", m.group(0), m.start(), m.end()))
                taken.append((m.start(), m.end()))
    return found


def find_verdicts(text: str, labels: tuple[str, ...], scale: int) -> list[_Found]:
    """Every score the text states, JSON objects first, in reading order within each form."""
    text = text[:MAX_REPLY_CHARS]
    json_found = _json_verdicts(text, labels, scale)
    return json_found + _tagged(text, labels, scale, [(f.start, f.end) for f in json_found])


def _norm(text: str) -> str:
    return _SPACE_RE.sub(" ", text).strip().casefold()


def parse_verdict(reply: str, scale: int, labels: tuple[str, ...], answer: str = "") -> Verdict:
    """The verdict in a judge's ``reply``; ``answer`` is the candidate text the judge was shown
    (verdicts copied out of it do not count). Never raises."""
    if not isinstance(reply, str):
        return Verdict(None, "the judge returned no text", "unparseable")
    _, content = scored_text(reply)
    found = find_verdicts(content, labels, scale)
    if not found:
        return Verdict(None, f"no score in the judge's reply: {content.strip()[:120]!r}", "unparseable")
    planted_text = _norm(answer)
    planted = {(f.score, _norm(f.reason)) for f in find_verdicts(answer, labels, scale)} if answer else set()
    own = [f for f in found if _norm(f.span) not in planted_text and (f.score, _norm(f.reason)) not in planted]
    if not own:
        return Verdict(None, "the judge only repeated a verdict written in the answer", "echo", len(found))
    valid = [f for f in own if math.isfinite(f.score) and 0 <= f.score <= scale]
    if not valid:
        return Verdict(None, f"score {own[0].score:g} is outside 0..{scale}", "out_of_range", len(found))
    scores = sorted({f.score for f in valid})
    if len(scores) > 1:
        shown = ", ".join(f"{s:g}" for s in scores[:5])
        return Verdict(None, f"the judge gave {len(scores)} different scores ({shown})", "ambiguous", len(found))
    reason = next((f.reason for f in valid if f.reason.strip()), "")
    return Verdict(scores[0], reason.strip(), OK, len(found))
