"""The naive reward set common in GRPO notebooks, measured beside acctbench's scorers.

- ``naive_format``: an unanchored regex finds ``<reasoning>…</reasoning>…<answer>…</answer>``.
- ``naive_terms``: 0.1 per lexicon term occurrence (substring count), capped at 1.
- ``naive_overlap``: recall of the reference's words in the completion.
- ``naive_total``: their mean.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from acctbench.rewards.parsing import completion_text

_TAGS = re.compile(r"<reasoning>.*?</reasoning>.*?<answer>.*?</answer>", re.S)
_WORD = re.compile(r"[a-z0-9]+")


@cache
def _terms() -> tuple[str, ...]:
    from acctbench.rewards.knowledge import load_lexicon

    return tuple(sorted({v.lower() for t in load_lexicon() for v in (t.term, *t.variants)}))


def naive_scores(item: dict[str, Any], completion: Any) -> dict[str, float]:
    """The three naive rewards and their mean."""
    text = completion_text(completion)
    lower = text.lower()
    fmt = 1.0 if _TAGS.search(text) else 0.0
    terms = min(1.0, 0.1 * sum(lower.count(t) for t in _terms()))
    ref = item.get("reference", {})
    ref_words = set(_WORD.findall(f"{ref.get('reasoning', '')} {ref.get('answer', '')}".lower()))
    words = set(_WORD.findall(lower))
    overlap = len(ref_words & words) / len(ref_words) if ref_words else 0.0
    return {"naive_format": fmt, "naive_terms": terms, "naive_overlap": overlap, "naive_total": (fmt + terms + overlap) / 3}
