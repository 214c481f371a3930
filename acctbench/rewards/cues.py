"""The commitment cues of ``rewards/commitment.yaml``, compiled for fast anchored matching.

Each phrase becomes a regex; phrases are indexed by their first word, so a text is scanned once
for words and a section's regex is tried only where one of its first words stands (a handful of
anchored matches per completion instead of an alternation tried at every character).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

PHRASE_SECTIONS = (
    "retract", "reject", "unresolved", "deny_after", "reverse", "hedge_after", "deny_entry", "frame_false", "truth_markers", "reported_belief",
    "debunk", "counterfactual", "negate_before", "negate_after", "reply_after", "affirm_after", "commit_markers", "hedge_spread", "hedge_open",
)
WORD_SECTIONS = ("negate_filler", "yes_replies", "no_replies", "deferral", "deny_qualifiers")
SCANNED = ("retract", "reject", "unresolved", "deny_after", "reverse", "hedge_after", "deny_entry", "frame_false", "reported_belief", "debunk",
           "counterfactual", "commit_markers", "hedge_spread", "hedge_open")
"""Sections searched anywhere in a text; the others are matched at a known position."""

WORD_RE = re.compile(r"\w+")
GAP = r"(?:[\w'’$,.%-]+\s+){0,4}"
"""``~`` in a phrase: up to four words of any kind ("if ~ were" matches "if the rate were")."""
_CHUNK_RE = re.compile(r"[()\[\]|]|[^\s()\[\]|]+")
CLAUSE_END = r"(?=[ \t]*(?:[.,;:!?)\]}—–*_`\"”\n]|-(?!\w)|$))"
"""``<end>`` in a phrase: the clause ends here, at punctuation, markup or a line end ("B (wrong)",
"B, no." but not "B) No offsetting")."""
_NEGATED_BEFORE_RE = re.compile(r"(?i)(?:\bnot|n['’]t|\bnever|\bno)\s+$")


@dataclass(frozen=True)
class Hit:
    """One cue found in a text: its section, span and words."""

    section: str
    start: int
    end: int
    text: str


def _word(chunk: str) -> str:
    """One word slot: ``a/b`` alternatives, ``word*`` prefixes, ``'`` for either apostrophe."""
    if not any(c.isalnum() for c in chunk):
        return re.escape(chunk)
    out = []
    for alt in chunk.split("/"):
        prefix = alt.endswith("*")
        core = "".join("['’]" if ch in "'’" else re.escape(ch) for ch in alt.rstrip("*"))
        head = r"(?<!\w)" if alt[:1].isalnum() else ""
        tail = r"\w*" if prefix else (r"(?!\w)" if alt[-1:].isalnum() else "")
        out.append(head + core + tail)
    return "(?:" + "|".join(out) + ")"


def compile_phrase(phrase: str) -> str:
    """The regex of one phrase (see the syntax at the top of ``commitment.yaml``)."""
    parts: list[str] = []
    depth = 0
    for chunk in _CHUNK_RE.findall(phrase):
        if chunk in "([":
            depth += 1
            parts.append("(?:")
        elif chunk in ")]":
            depth -= 1
            if depth < 0:
                raise ValueError("unbalanced brackets")
            parts.append(")" if chunk == ")" else ")?")
        elif chunk == "|":
            parts.append("|")
        elif chunk == "~":
            parts.append(GAP)
        elif chunk == "<end>":
            parts.append(CLAUSE_END)
        else:
            parts.append(_word(chunk) + r"\s*")
    if depth:
        raise ValueError("unbalanced brackets")
    pattern = "".join(parts)
    return pattern[:-3] if pattern.endswith(r"\s*") else pattern


def first_words(phrase: str) -> frozenset[str]:
    """The lowercase words a phrase can start with (its index keys); ``""`` for punctuation."""
    chunks = _CHUNK_RE.findall(phrase)
    if chunks and chunks[0] == "[":
        raise ValueError("a phrase may not start with an optional group")
    if chunks and chunks[0] == "(":
        depth, heads, expect = 0, set(), True
        for chunk in chunks:
            if chunk in "([":
                depth += 1
            elif chunk in ")]":
                depth -= 1
                if depth == 0:
                    break
            elif chunk == "|":
                expect = depth == 1
            elif expect and depth == 1:
                heads.add(chunk)
                expect = False
        firsts = heads
    else:
        firsts = {chunks[0]} if chunks else set()
    keys = set()
    for chunk in firsts:
        for alt in chunk.split("/"):
            m = WORD_RE.match(alt.lower().rstrip("*"))
            keys.add(m.group() if m else "")
    return frozenset(keys)


def _alternation(phrases: Iterable[str]) -> str:
    """One regex matching any of ``phrases``."""
    return "|".join(f"(?:{compile_phrase(p)})" for p in phrases)


class Cues:
    """Every section's phrases, compiled; word sections as sets."""

    def __init__(self, data: dict[str, list[str]]):
        self.phrases = {s: tuple(data[s]) for s in PHRASE_SECTIONS}
        self.words = {s: frozenset(w.lower() for w in data[s]) for s in WORD_SECTIONS}
        index: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for section in SCANNED:
            for phrase in data[section]:
                for key in first_words(phrase):
                    index[key][section].append(compile_phrase(phrase))
        self.index = {k: tuple((s, re.compile("|".join(f"(?:{p})" for p in ps), re.I)) for s, ps in v.items())
                      for k, v in index.items()}
        keys = sorted((k for k in self.index if k), key=len, reverse=True)
        self.first_word_re = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, keys)) + r")(?!\w)")
        self.punct_sections = {s: re.compile(_alternation(p for p in data[s] if "" in first_words(p)))
                               for s in SCANNED if any("" in first_words(p) for p in data[s])}
        fillers = "|".join(re.escape(w).replace("'", "['’]") for w in sorted(self.words["negate_filler"], key=len, reverse=True))
        self.negated_before = re.compile(
            rf"(?:{_alternation(data['negate_before'])})(?:\s+(?:{fillers})(?!\w)){{0,3}}[\s(\[$\"'*“]*$", re.I)
        self.affirmed_after = re.compile(rf"[\s)\]*\"'”%]*(?:{_alternation(data['affirm_after'])})", re.I)
        self.negated_after = re.compile(rf"[\s()\]*\"'”%]*(?:{_alternation(data['negate_after'])})", re.I)
        self.replied_after = re.compile(rf"[^\w.!?\n]*(?:{_alternation(data['reply_after'])})", re.I)

    def scan(self, text: str) -> Iterator[Hit]:
        """Every scanned cue in ``text``: those led by a word in order, longest at each position
        (a cue right after "not"/"never", "not the other way round", is no cue), then those led
        by punctuation ("±")."""
        lowered = text.lower()
        seen_end = -1
        for m in self.first_word_re.finditer(lowered):
            entries = self.index[m.group()]
            if m.start() < seen_end:
                continue
            best: Hit | None = None
            for section, regex in entries:
                hit = regex.match(text, m.start())
                if hit and (best is None or hit.end() > best.end):
                    best = Hit(section, hit.start(), hit.end(), hit.group())
            if best is not None and not _NEGATED_BEFORE_RE.search(text[max(0, best.start - 8) : best.start]):
                seen_end = best.end
                yield best
        for section, regex in self.punct_sections.items():
            for hit in regex.finditer(text):
                yield Hit(section, hit.start(), hit.end(), hit.group())


def _validate(data: object, path: Path) -> dict[str, list[str]]:
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of sections")
    unknown = set(data) - set(PHRASE_SECTIONS) - set(WORD_SECTIONS)
    if unknown:
        raise ValueError(f"{path}: unknown section(s) {sorted(unknown)}")
    out: dict[str, list[str]] = {}
    for section in PHRASE_SECTIONS + WORD_SECTIONS:
        entries = data.get(section)
        if not isinstance(entries, list) or not entries:
            raise ValueError(f"{path}: {section}: a non-empty list of phrases is required")
        for i, entry in enumerate(entries):
            if not isinstance(entry, str) or not entry.strip():
                raise ValueError(f"{path}: {section}[{i}]: expected a non-empty string, got {entry!r}")
            if section in PHRASE_SECTIONS:
                try:
                    re.compile(compile_phrase(entry))
                    first_words(entry)
                except (ValueError, re.error) as exc:
                    raise ValueError(f"{path}: {section}[{i}] {entry!r}: {exc}") from None
        out[section] = [e.strip() for e in entries]
    return out


def load_cues(path: str | Path | None = None) -> Cues:
    """The cues in ``path`` (default: the bundled ``rewards/commitment.yaml``, cached)."""
    if path is None:
        return _default_cues()
    path = Path(path)
    return Cues(_validate(yaml.safe_load(path.read_text(encoding="utf-8")), path))


@cache
def _default_cues() -> Cues:
    from acctbench._paths import data_path

    path = data_path("rewards", "commitment.yaml")
    return Cues(_validate(yaml.safe_load(path.read_text(encoding="utf-8")), path))
