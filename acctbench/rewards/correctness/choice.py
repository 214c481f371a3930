"""Choice items: the option a region names, by letter or by the option's own text.

A letter counts only where it reads as a letter: the whole answer (``B``, ``(b)``), ``(B)``,
``B)`` / ``B.`` / ``B:`` / ``B -``, after "option", "choice", "answer (is)", "letter", a lone
capital at the end of a line, or a list ``A or B`` / ``A, C``; never the article in "A liability
account" and never after "not". Without a letter, the option text itself: an exact (case- and
punctuation-insensitive) match, else an option that opens the answer before a clause break
("Credit, because a debit would ..."), else the options contained in the answer (a longer option
hides one it contains; "not X" does not name X; "X or Y" with a word only one option has names
that option too). A letter followed by another option's text ("A) Investing activities" when
that is B) names two options. Two or more options: hedged.
"""

from __future__ import annotations

import re
from typing import Any

from acctbench.rewards.correctness.common import MARKDOWN_RE, MAX_HITS, normalize
from acctbench.rewards.correctness.region import make_score
from acctbench.rewards.types import MAX_COMPLETION_CHARS, Score, not_applicable

_NEGATED_RE = re.compile(
    r"(?i)(?:\bnot|\brather\s+than|\binstead\s+of|\bnor|\bnever|n't)\s*(?:option\s+|choice\s+)?[(\[]?\s*$"
)
_KEYWORD = r"(?i:\b(?:option|choice|answer|letter)\b(?:\s+is)?\s*[:=\-–]?\s*)"
_LETTER_RES = (
    re.compile(r"\(([A-Z])\)"),
    re.compile(r"(?<![\w.])([A-Z])(?:[).:,;!?](?![\w.])|\s+[-–—]\s)"),
    re.compile(r"(?<![\w.])([A-Z])[ \t]*$", re.M),
    re.compile(r"^\s*([B-HJ-Z])(?![\w'’.\-/])"),  # "B because ...": only A and I are words
    re.compile(r"^\s*([AI])\s+(?=(?:because|since|as|is|was|would|will|should)\b)"),
    re.compile(_KEYWORD + r"[(\[]?([A-Z])(?!\w)"),
    re.compile(_KEYWORD + r"[(\[]?([a-z])(?![\w'’])(?!\s+[a-z])"),  # lowercase: not "answer is a liability"
)
_LIST_RE = re.compile(
    r"(?<![\w.])[(\[]?[A-Z][)\]]?(?:\s*(?:,|/|\bor\b|\band\b|\band/or\b)\s*[(\[]?[A-Z][)\]]?(?![\w.]))+"
)
_CAPITAL_RE = re.compile(r"(?<![A-Za-z])[A-Z](?![A-Za-z])")
_LEAD_PHRASE_RE = re.compile(r"\W*(.{1,300}?)\s*(?:[.,;:!—–(]|\s-\s|\s(?:because|since|as)\b)", re.S)


def _letters(text: str, n: int, norm_options: list[str]) -> set[int]:
    """Option indexes named by letter (plus options whose text follows a different letter)."""
    whole = text.strip().strip("()[]{}.:;!,").strip()
    if len(whole) == 1 and whole.isalpha():
        index = ord(whole.upper()) - ord("A")
        return {index} if 0 <= index < n else set()
    found: set[int] = set()
    hits: list[tuple[int, int]] = []
    for regex in _LETTER_RES:
        for m in regex.finditer(text):
            hits.append((m.start(1), m.end()))
    for m in _LIST_RE.finditer(text):
        letters = [ord(c.group()) - ord("A") for c in _CAPITAL_RE.finditer(m.group())]
        if letters and all(0 <= i < n for i in letters):
            hits.extend((m.start() + c.start(), m.start() + c.end()) for c in _CAPITAL_RE.finditer(m.group()))
    width = max(len(o) for o in norm_options) + 16
    for start, end in sorted(set(hits))[:MAX_HITS]:
        index = ord(text[start].upper()) - ord("A")
        if not 0 <= index < n or _NEGATED_RE.search(text[max(0, start - 24) : start]):
            continue
        found.add(index)
        follow = normalize(text[end : end + width].split("\n", 1)[0])
        own = norm_options[index] + " "
        for j, opt in enumerate(norm_options):
            if j != index and opt and (follow + " ").startswith(opt + " ") and not own.startswith(opt + " "):
                found.add(j)
    return found


def _options(text: str, norm_options: list[str]) -> set[int]:
    """Options named by their text: the maximal (not negated) mentions of whole option texts."""
    padded = f" {normalize(text)} "
    spans: list[tuple[int, int, int]] = []
    for j, opt in enumerate(norm_options):
        start = padded.find(f" {opt} ") if opt else -1
        while start >= 0 and len(spans) < MAX_HITS:
            if not _NEGATED_RE.search(padded[max(0, start - 24) : start + 1].rstrip() + " "):
                spans.append((start, start + len(opt) + 1, j))
            start = padded.find(f" {opt} ", start + 1)
    return {j for a, b, j in spans if not any(c <= a and b <= d and (d - c) > (b - a) for c, d, _ in spans)}


def _joined(text: str, norm_options: list[str]) -> set[int]:
    """Options hinted by a word of their own joined to another option's word: "operating or
    investing activities" also names the option whose distinctive word is "operating"."""
    words_of = [set(o.split()) for o in norm_options]
    owner: dict[str, int] = {}
    for j, words in enumerate(words_of):
        for w in words:
            if len(w) >= 4 and sum(w in other for other in words_of) == 1:
                owner[w] = j
    every = set().union(*words_of)
    words = normalize(re.sub(r"[/&]", " or ", text[:MAX_COMPLETION_CHARS])).split()[:4000]
    found: set[int] = set()
    for i in range(1, len(words) - 1):
        if words[i] in ("or", "and") and words[i - 1] in every and words[i + 1] in every:
            found.update(owner[w] for w in (words[i - 1], words[i + 1]) if w in owner)
    return found


def score_choice(item: dict[str, Any], region: str, source: str) -> Score:
    """Judge the option named in ``region`` against the item's gold letter."""
    choices, gold = item.get("choices"), item.get("gold")
    if not (isinstance(choices, list) and len(choices) >= 2 and all(isinstance(c, str) for c in choices)):
        return not_applicable("item has no choices")
    n = min(len(choices), 26)
    if not (isinstance(gold, str) and len(gold) == 1 and 0 <= ord(gold.upper()) - ord("A") < n):
        return not_applicable("item has no gold letter")
    gold_index = ord(gold.upper()) - ord("A")
    text = MARKDOWN_RE.sub(" ", region)
    norm_options = [normalize(c) for c in choices[:n]]
    exact = normalize(text)
    if exact and exact in norm_options:
        picked = {norm_options.index(exact)}
    else:
        lead = _LEAD_PHRASE_RE.match(text)
        lead_norm = normalize(lead.group(1)) if lead else ""
        picked = _letters(text, n, norm_options)
        if not picked and lead_norm in norm_options:  # "Credit, because a debit would ..."
            picked = {norm_options.index(lead_norm)}
        picked = picked or _options(text, norm_options)
        picked |= _joined(text, norm_options) if picked else set()
    letters = "".join(chr(ord("A") + i) for i in sorted(picked))
    if not picked:
        return make_score(0.0, "no_answer", "no option named in the answer", source, None, None)
    if len(picked) > 1:
        return make_score(0.0, "hedged", f"hedged: several options ({', '.join(letters)})", source, letters, letters)
    if gold_index in picked:
        return make_score(1.0, "correct", f"{letters} is correct", source, letters, letters)
    return make_score(0.0, "wrong", f"{letters} vs gold {gold.upper()}", source, letters, letters)
