"""Where the final answer is read, and the verdict that records it.

Read as printed (LaTeX commands, display math and dot leaders undone; see
:mod:`acctbench.rewards.math_text`): the ``<answer>`` block when there is one (an empty block
is no answer). Without one, the text outside a well-formed ``<reasoning>`` block (the working
itself is no answer), or the whole text when there are no blocks. There (format is
another scorer's business, a right answer still scores 1): the rest of the last line marked
"Answer:" / "Final answer" / "The answer is" (the text after it when the line ends there) that
holds a digit (choice: any text), else the last line with a digit (choice: the last non-empty
line; journal: the last paragraph holding a journal line). The explanation then says
"no <answer> block".
"""

from __future__ import annotations

import re
from typing import Any

from acctbench.rewards.correctness.common import MARKDOWN_RE, MAX_HITS, MAX_LINES
from acctbench.rewards.correctness.journal_parse import parse_journal
from acctbench.rewards.math_text import plain_math
from acctbench.rewards.parsing import Parsed
from acctbench.rewards.types import MAX_COMPLETION_CHARS, Score

NO_BLOCK = "no <answer> block"

_ANSWER_MARK_RE = re.compile(
    r"(?i)\b(?:final\s+answer\b\s*(?:is\b|[:=\-–])?|(?:the\s+)?answer\s*(?:is\b|[:=]))\s*[:*_]*"
)


def answer_region(parsed: Parsed, kind: str = "numeric") -> tuple[str, str]:
    """The text holding the final answer and where it came from: ``answer_block``,
    ``answer_line`` or ``final_line``. ``kind`` tunes the fallback (see the module doc)."""
    return region_of(parsed.answer, answer_source(parsed), kind)


def answer_source(parsed: Parsed) -> str:
    """The text a missing ``<answer>`` block is looked for in: with a well-formed
    ``<reasoning>`` block, only the text outside it (the working is no answer); else all of it."""
    if parsed.answer is None and parsed.reasoning is not None and parsed.well_formed:
        return parsed.outside
    return parsed.text


def answer_region_text(reasoning: str | None, answer: str | None, text: str, kind: str) -> str:
    """:func:`answer_region`'s text from a completion's parts (hashable arguments)."""
    return region_of(answer, text, kind)[0]


def region_of(answer: str | None, text: str, kind: str) -> tuple[str, str]:
    """:func:`answer_region` on the answer block (``None`` when absent) and the whole text,
    both read as printed (:func:`~acctbench.rewards.math_text.plain_math`: LaTeX, leaders)."""
    if answer is not None:
        return plain_math(answer[:MAX_COMPLETION_CHARS]), "answer_block"
    region, source = _region_in(plain_math(text[:MAX_COMPLETION_CHARS], fractions=False), kind)
    return plain_math(region), source


def _region_in(text: str, kind: str) -> tuple[str, str]:
    usable = (lambda r: bool(r.strip())) if kind == "choice" else (lambda r: any(c.isdigit() for c in r))
    for mark in reversed(list(_ANSWER_MARK_RE.finditer(text))[-MAX_HITS:]):
        end = text.find("\n", mark.end())
        rest = text[mark.end() : end if end >= 0 else len(text)]
        if kind == "journal" or not MARKDOWN_RE.sub("", rest).strip():
            rest = text[mark.end() :]  # "Answer:" on its own line: what follows
        if usable(rest):
            return rest.strip(), "answer_line"
    if kind == "journal":
        return _last_journal_paragraph(text), "final_line"
    lines = [ln for ln in text.splitlines()[-MAX_LINES:] if ln.strip()]
    lines = [ln for ln in lines if usable(ln)] or lines
    return (lines[-1].strip() if lines else ""), "final_line"


def _last_journal_paragraph(text: str) -> str:
    """The last blank-line-separated paragraph holding a journal line ("" when none)."""
    paragraphs = re.split(r"\n\s*\n", text)[-MAX_LINES:]
    for para in reversed(paragraphs):
        if parse_journal(para):
            return para.strip()
    return ""


def _note(source: str) -> str:
    """What the explanation adds when the answer was not read from an ``<answer>`` block."""
    return {"answer_block": "", "reasoning": "", "answer_line": f" ({NO_BLOCK}; read the 'Answer' line)",
            "final_line": f" ({NO_BLOCK}; read the final line)"}[source]


def make_score(value: float, status: str, why: str, source: str, answer: str | None, parsed: Any) -> Score:
    """A verdict with its status, what was parsed and the region it was read from."""
    return Score(value, why + _note(source), answer=answer,
                 metadata={"status": status, "parsed": parsed, "region": source})
