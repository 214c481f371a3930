"""``principles``: does the answer state the principle's ideas and avoid its misconceptions?

The principles live in ``rewards/principles.yaml``: names, aliases, triggers, the ideas a
correct answer states and the typical misconceptions. A statement is present in a sentence
when the sentence has one of its ``subject`` phrases and one of its ``claim`` phrases, and no
negation cue ("not", "never", "rather than", "instead of", ...) precedes the claim in its
clause. Matching is on normalised lemmas (see :mod:`acctbench.rewards.text`).

The scorer applies when the item involves a principle (its ``principles`` field, or a
trigger phrase in its question or reference); otherwise it returns ``None``. For each involved
principle:

- a misconception stated, or one of the principle's ideas negated and nowhere affirmed
  ("revenue is *not* recognised when control transfers"), → 0 for that principle (what the
  reference itself states or negates, e.g. while describing an error, is not held against the
  answer);
- otherwise, when the reference states some of the principle's ideas → the share of those
  ideas the completion states (naming the principle alone earns half of one idea);
- when the reference names the principle but states no idea → 1 if the completion names it or
  states any of its ideas, else 0;
- when the reference neither names it nor states an idea → the principle only guards against
  misconceptions and is left out of the mean.

The score is the mean over the principles that count (x0.2 when the answer restates the
question or scrambles the reference's words); ``None`` when none counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from acctbench.rewards import text as T
from acctbench.rewards.genuine import degenerate_answer
from acctbench.rewards.terms import answer_style
from acctbench.rewards.commitment import stance_of
from acctbench.rewards.parsing import Parsed, parse
from acctbench.rewards.types import Score, not_applicable

NAME = "principles"
NAME_ONLY_CREDIT = 0.5
DEGENERATE_FACTOR = 0.2

Phrases = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class CompiledStatement:
    text: str
    subject: tuple[int, ...]
    """Phrase ids of the subject phrases."""
    claim: tuple[int, ...]
    """Phrase ids of the claim phrases."""


@dataclass(frozen=True)
class CompiledPrinciple:
    id: str
    name: str
    names: tuple[int, ...]
    triggers: tuple[int, ...]
    ideas: tuple[CompiledStatement, ...]
    misconceptions: tuple[CompiledStatement, ...]


class PrincipleMatcher:
    """Every distinct principle phrase once in a spaCy PhraseMatcher (on normalised lemmas).

    One matcher pass per text finds all names, triggers, subjects and claims; statements are
    then checked from match positions, sentence and clause boundaries and negation cues.
    """

    def __init__(self) -> None:
        from spacy.matcher import PhraseMatcher

        from acctbench.rewards.knowledge import load_principles

        nlp = T.nlp()
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        self.principles: dict[str, CompiledPrinciple] = {}
        phrase_ids: dict[tuple[int, ...], int] = {}

        def ids(phrases: list[str] | tuple[str, ...]) -> tuple[int, ...]:
            out = []
            for phrase in phrases:
                key = tuple(int(h) for h in T.phrase_hashes(phrase))
                if not key:
                    continue
                if key not in phrase_ids:
                    label = f"phrase{len(phrase_ids)}"
                    self.matcher.add(label, [nlp(phrase)])
                    phrase_ids[key] = nlp.vocab.strings[label]
                out.append(phrase_ids[key])
            return tuple(dict.fromkeys(out))

        for p in load_principles().values():
            groups = [
                tuple(CompiledStatement(s.text, ids(s.subject), ids(s.claim)) for s in statements)
                for statements in (p.ideas, p.misconceptions)
            ]
            self.principles[p.id] = CompiledPrinciple(
                p.id, p.name, ids([p.name, *p.aliases]), ids([p.name, *p.aliases, *p.triggers]), groups[0], groups[1]
            )

    def analyse(self, text: str) -> Analysis:
        """Phrase matches of a text, with its token features."""
        found: dict[int, list[tuple[int, int]]] = {}
        for match_id, start, end in self.matcher(T.doc(text)):
            found.setdefault(match_id, []).append((start, end))
        return Analysis(T.features(text), found)


class Analysis:
    """One text's phrase matches plus its sentence, clause and negation structure."""

    def __init__(self, features: T.Features, found: dict[int, list[tuple[int, int]]]):
        self.features = features
        self.found = found

    def has_any(self, phrase_ids: tuple[int, ...]) -> bool:
        """Whether any of the phrases occurs."""
        return not self.found.keys().isdisjoint(phrase_ids)

    def _spans(self, phrase_ids: tuple[int, ...]) -> list[tuple[int, int]]:
        return sorted(span for p in phrase_ids for span in self.found.get(p, ()))

    def stated_span(self, statement: CompiledStatement, negated: bool = False) -> tuple[int, int] | None:
        """Token span of a claim in a sentence that also has a subject, not negated in its
        clause (or, with ``negated``, negated); ``None`` when there is none."""
        if not self.has_any(statement.claim) or not self.has_any(statement.subject):
            return None
        sentence = self.features.sentence
        subject_sentences = {int(sentence[s]) for s, _ in self._spans(statement.subject)}
        for start, end in self._spans(statement.claim):
            if int(sentence[start]) in subject_sentences and self.features.negated(start) == negated:
                return start, end
        return None

    def states(self, statement: CompiledStatement) -> bool:
        """Whether the text makes the statement."""
        return self.stated_span(statement) is not None

    def denies(self, statement: CompiledStatement) -> bool:
        """Whether the text negates the statement ("... is not recognised when ...")."""
        return self.stated_span(statement, negated=True) is not None


@cache
def principle_matcher() -> PrincipleMatcher:
    """The compiled principles (built once per process)."""
    return PrincipleMatcher()


def compiled_principles() -> dict[str, CompiledPrinciple]:
    """Every principle by id."""
    return principle_matcher().principles


@lru_cache(maxsize=8192)
def analyse(text: str) -> Analysis:
    """Phrase matches and structure of a text (cached)."""
    return principle_matcher().analyse(text)


@lru_cache(maxsize=4096)
def _involved(question: str, reference: str, declared: tuple[str, ...]) -> tuple[str, ...]:
    known = compiled_principles()
    texts = (analyse(question), analyse(reference))  # both cached: the other scorers read them too
    triggered = [pid for pid, p in known.items() if any(a.has_any(p.triggers) for a in texts)]
    return tuple(dict.fromkeys([d for d in declared if d in known] + triggered))


@dataclass(frozen=True)
class ReferenceProfile:
    """What the reference says about one principle."""

    ideas: tuple[int, ...]
    names: bool
    own_misconceptions: frozenset[int]
    own_denials: frozenset[int]


@lru_cache(maxsize=4096)
def _reference_profile(reference: str, pid: str) -> ReferenceProfile:
    p = compiled_principles()[pid]
    a = analyse(reference)
    return ReferenceProfile(
        ideas=tuple(i for i, s in enumerate(p.ideas) if a.states(s)),
        names=a.has_any(p.names),
        own_misconceptions=frozenset(i for i, s in enumerate(p.misconceptions) if a.states(s)),
        own_denials=frozenset(i for i, s in enumerate(p.ideas) if a.denies(s)),
    )


def score_principles(item: dict[str, Any], parsed: Parsed) -> Score:
    """Score a parsed completion against the principles an item involves."""
    reference = T.reference_text(item)
    declared = tuple(p for p in item.get("principles") or () if isinstance(p, str))
    involved = _involved(str(item.get("question", "")), reference, declared)
    if not involved:
        return not_applicable("no accounting principle involved")
    stance = stance_of(item, parsed)
    if not stance.asserted:
        return Score(0.0, f"no idea asserted: {stance.why}", metadata={"principles": list(involved)})
    body = stance.body
    a = analyse(body)
    values: list[float] = []
    notes: list[str] = []
    principles = compiled_principles()
    for pid in involved:
        p = principles[pid]
        ref = _reference_profile(reference, pid)
        expected = ref.ideas
        stated = [i for i, s in enumerate(p.ideas) if a.states(s)]
        wrong = [m.text for i, m in enumerate(p.misconceptions) if i not in ref.own_misconceptions and a.states(m)]
        # A denial counts only where the answer never affirms the idea: "LIFO was not moved to
        # lower of cost and NRV; FIFO uses lower of cost and NRV" limits the idea, not denies it.
        wrong += [f"denies: {s.text}" for i, s in enumerate(p.ideas)
                  if i not in ref.own_denials and i not in stated and a.denies(s)]
        if wrong:
            values.append(0.0)
            notes.append(f"{p.name}: misconception stated ({wrong[0]})")
            continue
        named = a.has_any(p.names)
        if expected:
            shared = set(stated) & set(expected)
            hits = len(shared) + (NAME_ONLY_CREDIT if named and not shared else 0)
            values.append(min(1.0, hits / len(expected)))
            notes.append(f"{p.name}: {len(shared)}/{len(expected)} ideas")
        elif ref.names:
            values.append(1.0 if named or stated else 0.0)
            notes.append(f"{p.name}: {'named' if named or stated else 'not named'}")
    reason = degenerate_answer(item, parsed, stance, body, str(item.get("question", "")), reference)
    if reason and values:
        values = [v * DEGENERATE_FACTOR for v in values]
        notes.append(reason)
    style, style_notes = answer_style(item, parsed, stance)
    if style < 1 and values:
        values = [v * style for v in values]
        notes.extend(style_notes)
    notes += [stance.why] if stance.why and values else []
    if not values:
        return not_applicable(f"no checkable idea in the reference; no misconception ({', '.join(involved)})")
    return Score(sum(values) / len(values), "; ".join(notes), metadata={"principles": list(involved)})


def principles(item: dict[str, Any], completion: Any) -> Score:
    """Score a plain or chat completion against the item's principles."""
    return score_principles(item, parse(completion))
