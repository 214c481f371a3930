"""``principles``: does the answer state the principle's ideas and avoid its misconceptions?

The principles live in ``rewards/principles.yaml``: names, aliases, triggers, the ideas a
correct answer states and the typical misconceptions. A statement is present in a sentence
when the sentence has one of its ``subject`` phrases and one of its ``claim`` phrases, and no
negation cue ("not", "never", "rather than", "instead of", ...) precedes the claim in its
clause. Matching is on normalised lemmas (see :mod:`acctbench.rewards.text`).

The scorer applies when the item involves a principle (its ``principles`` field, or a
trigger phrase in its question or reference); otherwise it returns ``None``. For each involved
principle:

- a misconception stated in the completion → 0 for that principle (misconceptions that the
  reference itself states, e.g. while describing an error, are not held against the answer);
- otherwise, when the reference states some of the principle's ideas → the share of those
  ideas the completion states (naming the principle alone earns half of one idea);
- when the reference names the principle but states no idea → 1 if the completion names it or
  states any of its ideas, else 0;
- when the reference neither names it nor states an idea → the principle only guards against
  misconceptions and is left out of the mean.

The score is the mean over the principles that count; ``None`` when none counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from acctbench.rewards import text as T
from acctbench.rewards.parsing import Parsed, parse
from acctbench.rewards.types import Score, not_applicable

NAME = "principles"
NAME_ONLY_CREDIT = 0.5

Phrases = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class CompiledStatement:
    text: str
    subject: Phrases
    claim: Phrases


@dataclass(frozen=True)
class CompiledPrinciple:
    id: str
    name: str
    names: Phrases
    triggers: Phrases
    ideas: tuple[CompiledStatement, ...]
    misconceptions: tuple[CompiledStatement, ...]


def _phrases(texts: tuple[str, ...] | list[str]) -> Phrases:
    return tuple(p for p in (T.norms(t) for t in texts) if p)


def _statement(s: Any) -> CompiledStatement:
    return CompiledStatement(s.text, _phrases(s.subject), _phrases(s.claim))


@cache
def compiled_principles() -> dict[str, CompiledPrinciple]:
    """Every principle, with its phrases normalised once."""
    from acctbench.rewards.knowledge import load_principles

    return {
        p.id: CompiledPrinciple(
            id=p.id,
            name=p.name,
            names=_phrases([p.name, *p.aliases]),
            triggers=_phrases([p.name, *p.aliases, *p.triggers]),
            ideas=tuple(_statement(s) for s in p.ideas),
            misconceptions=tuple(_statement(s) for s in p.misconceptions),
        )
        for p in load_principles().values()
    }


def _has_any(tokens: list[str], phrases: Phrases) -> bool:
    return any(T.find(tokens, p) >= 0 for p in phrases)


def states(sentences: list[list[list[str]]], statement: CompiledStatement) -> bool:
    """Whether any sentence states ``statement`` (subject + un-negated claim)."""
    for clauses in sentences:
        flat = [t for c in clauses for t in c]
        if not _has_any(flat, statement.subject):
            continue
        for clause in clauses:
            for claim in statement.claim:
                at = T.find(clause, claim)
                if at >= 0 and not T.negated_before(clause, at):
                    return True
    return False


def names_principle(tokens: list[str], principle: CompiledPrinciple) -> bool:
    """Whether the text names the principle (name or alias)."""
    return _has_any(tokens, principle.names)


@lru_cache(maxsize=4096)
def _involved(question: str, reference: str, declared: tuple[str, ...]) -> tuple[str, ...]:
    known = compiled_principles()
    tokens = list(T.norms(f"{question}\n{reference}"))
    triggered = [p.id for p in known.values() if _has_any(tokens, p.triggers)]
    return tuple(dict.fromkeys([d for d in declared if d in known] + triggered))


@lru_cache(maxsize=4096)
def _reference_profile(reference: str, pid: str) -> tuple[tuple[int, ...], bool, frozenset[int]]:
    """Indices of ideas the reference states, whether it names the principle, and the
    misconceptions it states itself."""
    p = compiled_principles()[pid]
    d = T.doc(reference)
    sents = T.sentences(d)
    ideas = tuple(i for i, s in enumerate(p.ideas) if states(sents, s))
    own = frozenset(i for i, s in enumerate(p.misconceptions) if states(sents, s))
    return ideas, names_principle([t.norm_ for t in d], p), own


def score_principles(item: dict[str, Any], parsed: Parsed) -> Score:
    """Score a parsed completion against the principles an item involves."""
    ref = item.get("reference") or {}
    reference = f"{ref.get('reasoning', '')}\n{ref.get('answer', '')}"
    declared = tuple(p for p in item.get("principles") or () if isinstance(p, str))
    involved = _involved(str(item.get("question", "")), reference, declared)
    if not involved:
        return not_applicable("no accounting principle involved")
    body = " ".join(p for p in (parsed.reasoning, parsed.answer) if p) or parsed.text
    d = T.doc(body)
    sents = T.sentences(d)
    tokens = [t.norm_ for t in d]
    values: list[float] = []
    notes: list[str] = []
    principles = compiled_principles()
    for pid in involved:
        p = principles[pid]
        expected, ref_names, ref_own = _reference_profile(reference, pid)
        wrong = [m.text for i, m in enumerate(p.misconceptions) if i not in ref_own and states(sents, m)]
        if wrong:
            values.append(0.0)
            notes.append(f"{p.name}: misconception stated ({wrong[0]})")
            continue
        stated = [i for i, s in enumerate(p.ideas) if states(sents, s)]
        named = names_principle(tokens, p)
        if expected:
            hits = len(set(stated) & set(expected)) + (NAME_ONLY_CREDIT if named and not stated else 0)
            values.append(min(1.0, hits / len(expected)))
            notes.append(f"{p.name}: {len(set(stated) & set(expected))}/{len(expected)} ideas")
        elif ref_names:
            values.append(1.0 if named or stated else 0.0)
            notes.append(f"{p.name}: {'named' if named or stated else 'not named'}")
    if not values:
        return not_applicable(f"no checkable idea in the reference; no misconception ({', '.join(involved)})")
    return Score(sum(values) / len(values), "; ".join(notes), metadata={"principles": list(involved)})


def principles(item: dict[str, Any], completion: Any) -> Score:
    """Score a plain or chat completion against the item's principles."""
    return score_principles(item, parse(completion))
