"""Parse a completion into its ``<reasoning>`` and ``<answer>`` blocks, safely.

The format contract: one ``<reasoning>…</reasoning>`` block followed by one
``<answer>…</answer>`` block, nothing but whitespace outside. Models do not escape text, so
block contents are plain text: ``P&L``, ``R&D``, ``a < b`` are content, not markup. Only the
four exact, lowercase, attribute-free tags ``<reasoning>``, ``</reasoning>``, ``<answer>`` and
``</answer>`` are structure; everything else is escaped before parsing.

The escaped document is parsed by lxml with a hardened parser (no DTD, no entities, no network,
no huge trees, ``recover=False``), so nesting errors are detected rather than silently
repaired. A DOCTYPE or ENTITY declaration anywhere in a completion is reported as an issue and
stays inert text: billion laughs and XXE cannot expand or read anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from lxml import etree

from acctbench.rewards.reasoning import STRIP, Thinking, check_policy, scored_text
from acctbench.rewards.types import MAX_COMPLETION_CHARS

TAGS = ("reasoning", "answer")
MAX_TAGS = 64
"""More tag tokens than this is never a valid completion; it is judged without parsing."""

_TAG_RE = re.compile(r"</?(?:reasoning|answer)>")
_DECLARATION_RE = re.compile(r"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    recover=False,
    remove_comments=False,
)


@dataclass(frozen=True)
class Parsed:
    """The structure of one completion.

    ``blocks`` lists the top-level tags in order with their text; ``issues`` names each
    deviation from the contract (empty when the completion is exactly valid).
    """

    text: str
    blocks: tuple[tuple[str, str], ...] = ()
    outside: str = ""
    issues: tuple[str, ...] = ()
    nested: bool = False
    well_formed: bool = True
    answer: str | None = None
    reasoning: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    thinking: Thinking | None = None
    """A reasoning model's ``<think>`` block (:mod:`acctbench.rewards.reasoning`); under the
    ``strip`` policy every other field describes only the content after it."""

    @property
    def valid(self) -> bool:
        """Exactly one reasoning then one answer block, both non-empty, nothing outside."""
        return not self.issues


def completion_text(completion: Any) -> str:
    """The text of a plain-string or chat-message completion: the last assistant message (or
    role-less message); a conversation with only user or system turns has no answer: "".

    Anything else (``None``, numbers, malformed messages) becomes a string, never an exception.
    """
    if isinstance(completion, str):
        text = completion
    elif isinstance(completion, dict):
        text = completion.get("content")
    elif isinstance(completion, (list, tuple)):
        messages = [m for m in completion if isinstance(m, dict) and m.get("role") in ("assistant", None)]
        text = messages[-1].get("content") if messages else ""
    else:
        text = completion
    if isinstance(text, list):  # content parts: [{"type": "text", "text": ...}]
        text = "".join(str(p.get("text") or "") for p in text if isinstance(p, dict))
    if text is None:
        text = ""
    elif not isinstance(text, str):
        text = str(text)
    # Lone surrogates cannot be encoded; replace them so every downstream step is safe.
    return text[:MAX_COMPLETION_CHARS].encode("utf-8", "replace").decode("utf-8")


def _escaped_document(text: str) -> str:
    """Escape all text, keeping only the four structural tags as markup."""
    parts, last = [], 0
    for match in _TAG_RE.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(match.group())
        last = match.end()
    parts.append(escape(text[last:]))
    return "<completion>" + "".join(parts) + "</completion>"


def _lenient_blocks(text: str) -> dict[str, str]:
    """Last-resort extraction for malformed completions: the last ``<tag>`` content per tag,
    ending at its closing tag, the next structural tag, or the end of the text."""
    found: dict[str, str] = {}
    for tag in TAGS:
        start = text.rfind(f"<{tag}>")
        if start < 0:
            continue
        body = text[start + len(tag) + 2 :]
        end = _TAG_RE.search(body)
        found[tag] = (body[: end.start()] if end else body).strip()
    return found


def _clean(text: str) -> str:
    # XML 1.0 forbids most control characters; they are content noise, not structure.
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", " ", text)


@lru_cache(maxsize=4096)
def parse_text(text: str, reasoning: str = STRIP) -> Parsed:
    """Parse completion text (already extracted by :func:`completion_text`) under a reasoning
    policy: ``strip`` parses only what follows a leading reasoning block, ``keep`` the whole
    text; an unclosed block leaves nothing to parse (a truncated generation)."""
    thinking, scored = scored_text(text, check_policy(reasoning))
    parsed = _parse_content(scored)
    return parsed if thinking is None else replace(parsed, thinking=thinking)


@lru_cache(maxsize=4096)
def _parse_content(text: str) -> Parsed:
    text = _clean(text)
    issues: list[str] = []
    if _DECLARATION_RE.search(text):
        issues.append("declaration")
    tag_count = len(_TAG_RE.findall(text))
    if tag_count == 0:
        return Parsed(text, outside=text, issues=tuple(issues + ["no_blocks"]), well_formed=True)
    if tag_count > MAX_TAGS:
        lenient = _lenient_blocks(text)
        return Parsed(
            text, issues=tuple(issues + ["too_many_tags"]), well_formed=False,
            answer=lenient.get("answer"), reasoning=lenient.get("reasoning"),
        )
    try:
        root = etree.fromstring(_escaped_document(text).encode("utf-8"), _PARSER)
    except etree.XMLSyntaxError:
        lenient = _lenient_blocks(text)
        return Parsed(
            text, issues=tuple(issues + ["malformed"]), well_formed=False,
            answer=lenient.get("answer"), reasoning=lenient.get("reasoning"),
        )
    blocks = tuple((child.tag, "".join(child.itertext()).strip()) for child in root)
    outside = (root.text or "") + "".join(child.tail or "" for child in root)
    if any(len(child) for child in root):
        issues.append("nested")
    nested_answers = tuple("".join(e.itertext()).strip() for child in root for e in child.iter("answer") if e is not child)
    return _judge(text, blocks, outside, nested_answers, issues)


def _judge(
    text: str,
    blocks: tuple[tuple[str, str], ...],
    outside: str,
    nested_answers: tuple[str, ...],
    issues: list[str],
) -> Parsed:
    nested = "nested" in issues
    tags = [tag for tag, _ in blocks]
    for tag in TAGS:
        count = tags.count(tag)
        if count == 0:
            issues.append(f"missing_{tag}")
        elif count > 1:
            issues.append(f"duplicate_{tag}")
    if tags.count("reasoning") >= 1 and tags.count("answer") >= 1 and tags.index("answer") < tags.index("reasoning"):
        issues.append("wrong_order")
    if outside.strip():
        issues.append("text_outside")
    for tag in TAGS:
        if any(t == tag and not body for t, body in blocks):
            issues.append(f"empty_{tag}")
    answers = [body for tag, body in blocks if tag == "answer"] or list(nested_answers)
    reasonings = [body for tag, body in blocks if tag == "reasoning"]
    return Parsed(
        text,
        blocks=blocks,
        outside=outside,
        issues=tuple(issues),
        nested=nested,
        answer=(answers[-1] if len(set(answers)) == 1 else "\n".join(answers)) if answers else None,
        reasoning=reasonings[0] if reasonings else None,
    )


def parse(completion: Any, reasoning: str = STRIP) -> Parsed:
    """Parse a plain or chat completion. Never raises on any completion; bounded time."""
    return parse_text(completion_text(completion), reasoning)


def completion_body(parsed: Parsed) -> str:
    """The content the lexical scorers read: reasoning then answer, else the whole text.

    The reasoning comes first, so ``body[:len(parsed.reasoning)]`` is the reasoning; a line
    break between them keeps a reasoning without a final full stop a sentence of its own.
    """
    return "\n".join(p for p in (parsed.reasoning, parsed.answer) if p) or parsed.text
