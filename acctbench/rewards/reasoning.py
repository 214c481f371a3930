"""Reasoning ("thinking") blocks: split a reasoning model's thoughts from its final content.

Reasoning models write their thoughts before the answer: ``<think>…</think>`` (DeepSeek-R1,
Qwen3), ``<|begin_of_thought|>…<|end_of_thought|>``, ``◁think▷…◁/think▷`` and others; the
delimiters are data (``rewards/reasoning.yaml``). A completion has a reasoning block when

1. it opens (after whitespace) with an opening delimiter: the block runs to the first matching
   closing delimiter; with none, the block is **unclosed** (the generation was cut off inside
   its thoughts: a truncated generation with no final answer); or
2. it holds a closing delimiter with no opening delimiter of its kind before it (a chat
   template that puts ``<think>`` in the prompt, as DeepSeek-R1's and QwQ's do, or a bare
   leading ``</think>``): everything before it is the reasoning.

Delimiters anywhere else are plain text. The reasoning policy decides what is scored:
``strip`` (the default) scores only the content after the block, so nothing inside it earns
or costs anything; ``keep`` scores the whole text as written (the block then counts as text
outside the tags, which ``xml_format`` penalises). Either way an unclosed block leaves no
final answer. Token counts are a cheap regex count (a run of word characters or one other
non-space character each), not a model tokenizer's; a backend's own count, when a server
reports one, is recorded beside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import yaml

from acctbench._paths import data_path

__all__ = [
    "KEEP", "POLICIES", "STRIP", "Thinking", "check_policy", "count_tokens", "join_reasoning",
    "load_delimiters", "reasoning_record", "scored_text", "server_fields", "split_reasoning",
]

STRIP = "strip"
KEEP = "keep"
POLICIES = (STRIP, KEEP)
_TOKEN_RE = re.compile(r"\w+|[^\w\s]")
_LEAD_RE = re.compile(r"[\s\ufeff]*")


@dataclass(frozen=True)
class Thinking:
    """A reasoning block: its text, whether it closed, and the delimiter that opened it
    (for a bare closing delimiter, that delimiter's pair)."""

    text: str
    closed: bool
    delimiter: str

    @property
    def tokens(self) -> int:
        """:func:`count_tokens` of the reasoning text."""
        return count_tokens(self.text)


def check_policy(policy: str) -> str:
    """``policy`` if it is ``strip`` or ``keep``; else a ``ValueError`` naming both."""
    if policy not in POLICIES:
        raise ValueError(f"reasoning policy must be one of {', '.join(POLICIES)}, got {policy!r}")
    return policy


def count_tokens(text: str) -> int:
    """A cheap token count: runs of word characters plus other non-space characters."""
    return sum(1 for _ in _TOKEN_RE.finditer(text))


@cache
def _config() -> dict[str, Any]:
    path = data_path("rewards", "reasoning.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("delimiters"), list) or not data["delimiters"]:
        raise ValueError(f"{path}: needs a non-empty 'delimiters' list")
    pairs = []
    for n, entry in enumerate(data["delimiters"], start=1):
        if not isinstance(entry, dict):
            raise ValueError(f"{path}: delimiters entry {n} is not a mapping")
        for key in ("open", "close"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise ValueError(f"{path}: delimiters entry {n}: field {key!r} must be a non-empty string")
        if entry["open"].casefold() == entry["close"].casefold():
            raise ValueError(f"{path}: delimiters entry {n}: open and close are the same")
        pairs.append((entry["open"], entry["close"]))
    fields = data.get("server_fields", [])
    if not isinstance(fields, list) or not all(isinstance(f, str) and f for f in fields):
        raise ValueError(f"{path}: 'server_fields' must be a list of field names")
    return {"pairs": tuple(pairs), "fields": tuple(fields)}


def load_delimiters() -> tuple[tuple[str, str], ...]:
    """The ``(open, close)`` delimiter pairs of ``rewards/reasoning.yaml``."""
    return _config()["pairs"]


def server_fields() -> tuple[str, ...]:
    """Response fields in which servers return reasoning apart from the content."""
    return _config()["fields"]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, tuple[str, re.Pattern[str], re.Pattern[str]]]]:
    pairs = load_delimiters()
    opening = re.compile(_alternation([o for o, _ in pairs]), re.I)
    closing = re.compile(_alternation([c for _, c in pairs]), re.I)
    by_word: dict[str, tuple[str, re.Pattern[str], re.Pattern[str]]] = {}
    for o, c in pairs:
        entry = (o, re.compile(re.escape(o), re.I), re.compile(re.escape(c), re.I))
        by_word.setdefault(o.casefold(), entry)
        by_word.setdefault(c.casefold(), entry)
    return opening, closing, by_word


@lru_cache(maxsize=4096)
def split_reasoning(text: str) -> tuple[Thinking | None, str]:
    """The reasoning block of ``text`` (``None`` when it has none) and the content after it
    (leading whitespace removed; ``""`` for an unclosed block). Linear time, never raises."""
    if not isinstance(text, str):
        return None, "" if text is None else str(text)
    opening, closing, by_word = _patterns()
    lead = _LEAD_RE.match(text).end()  # type: ignore[union-attr]
    first = opening.match(text, lead)
    if first is not None:
        opener, _, close_re = by_word[first.group().casefold()]
        end = close_re.search(text, first.end())
        if end is None:
            return Thinking(text[first.end() :].strip(), False, opener), ""
        return Thinking(text[first.end() : end.start()].strip(), True, opener), text[end.end() :].lstrip()
    bare = closing.search(text)  # only the first closing delimiter can be bare
    if bare is not None:
        opener, open_re, _ = by_word[bare.group().casefold()]
        if not open_re.search(text, 0, bare.start()):
            return Thinking(text[: bare.start()].strip(), True, opener), text[bare.end() :].lstrip()
    return None, text


def scored_text(text: str, policy: str = STRIP) -> tuple[Thinking | None, str]:
    """The reasoning block and the text a scorer reads under ``policy``: the content after the
    block (``strip``), the whole text (``keep``), ``""`` when the block never closed."""
    thinking, content = split_reasoning(text)
    if thinking is None:
        return None, text
    if not thinking.closed:
        return thinking, ""
    return thinking, (text if policy == KEEP else content)


def join_reasoning(reasoning: str, content: str, closed: bool = True) -> str:
    """One completion text from a server's separate reasoning field and its content, written
    with the first delimiter pair (so it splits back the same way and reruns score alike)."""
    opener, closer = load_delimiters()[0]
    if not closed:
        return f"{opener}\n{reasoning}"
    return f"{opener}\n{reasoning}\n{closer}\n\n{content}"


def reasoning_record(text: str) -> dict[str, Any] | None:
    """What ``samples.jsonl`` records about a completion's reasoning (``None`` when it has
    none): ``text``, ``tokens`` (:func:`count_tokens`), ``chars``, ``closed``, ``delimiter``."""
    thinking, _ = split_reasoning(text)
    if thinking is None:
        return None
    return {
        "text": thinking.text,
        "tokens": thinking.tokens,
        "chars": len(thinking.text),
        "closed": thinking.closed,
        "delimiter": thinking.delimiter,
    }
