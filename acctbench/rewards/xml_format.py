"""``xml_format``: how closely a completion follows the ``<reasoning>``/``<answer>`` contract.

Graded, documented partial credit (the lowest applicable cap wins, then multipliers apply):

===================  =====  ==========================================================
deviation            score  why
===================  =====  ==========================================================
valid                1.0    one non-empty reasoning block, then one non-empty answer
no blocks            0.0    no structural tags at all
DOCTYPE / ENTITY     0.0    declarations are never part of an answer (kept inert)
too many tags        0.0    more than 64 tags: harvesting, never a real answer
duplicate block      0.1    repeating tags must not harvest credit
empty answer         0.1    tags without an answer are worth nothing
malformed / unclosed 0.3    e.g. truncated ``<answer>42`` or crossed tags
nested tags          0.3    a block inside a block
wrong order          0.5    answer before reasoning
missing reasoning    0.4    only an answer block
missing answer       0.2    only a reasoning block
empty reasoning      0.4    an answer with an empty reasoning block
text outside         x0.7   chatter around valid blocks (x0.4 when it outweighs the blocks)
===================  =====  ==========================================================
"""

from __future__ import annotations

from typing import Any

from acctbench.rewards.parsing import Parsed, parse
from acctbench.rewards.types import Score

NAME = "xml_format"

CAPS: dict[str, float] = {
    "no_blocks": 0.0,
    "declaration": 0.0,
    "too_many_tags": 0.0,
    "duplicate_reasoning": 0.1,
    "duplicate_answer": 0.1,
    "empty_answer": 0.1,
    "malformed": 0.3,
    "nested": 0.3,
    "wrong_order": 0.5,
    "missing_reasoning": 0.4,
    "missing_answer": 0.2,
    "empty_reasoning": 0.4,
}
OUTSIDE_FACTOR = 0.7
OUTSIDE_HEAVY_FACTOR = 0.4


def score_format(parsed: Parsed) -> Score:
    """Score an already parsed completion."""
    if parsed.valid:
        return Score(1.0, "valid: one reasoning block then one answer block")
    value = min([CAPS[i] for i in parsed.issues if i in CAPS], default=1.0)
    if "text_outside" in parsed.issues:
        inside = sum(len(body) for _, body in parsed.blocks)
        heavy = len(parsed.outside.strip()) > inside
        value *= OUTSIDE_HEAVY_FACTOR if heavy else OUTSIDE_FACTOR
    issues = ", ".join(i.replace("_", " ") for i in parsed.issues)
    return Score(value, f"format issues: {issues}", metadata={"issues": list(parsed.issues)})


def xml_format(item: dict[str, Any], completion: Any) -> Score:
    """Score the format of a completion (the item is not needed but keeps the scorer signature)."""
    return score_format(parse(completion))
