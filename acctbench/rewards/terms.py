"""``terms``: coverage of the accounting terms a good answer uses, with anti-stuffing rules.

Expected terms come from the item's ``key_terms`` or, failing that, from the lexicon terms
found in its question and reference. Matching uses spaCy's PhraseMatcher over the lexicon
(``rewards/lexicon.yaml``): variants match on normalised lemmas, acronyms match case-sensitively.
Key terms outside the lexicon match as normalised phrases.

Score = (expected terms found) / (expected terms), each term counted once however often it
repeats, then multiplied down when the text is mostly bare terms:

- fewer than 8% function words among 8+ words (a list, not sentences): x0.2
- more than 60% of the words and numbers inside matched terms, with under 25% function words
  (stuffing): x0.3

For items with a gold answer the style rules look at the reasoning only, since a number, a
letter or journal lines are terse by nature.
- fewer than 40% distinct words among 12+ (repetition): x0.3
- the text restates the question, or scrambles the reference's words: x0.2
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from acctbench.rewards import text as T
from acctbench.rewards.genuine import degenerate_answer
from acctbench.rewards.commitment import stance_of
from acctbench.rewards.parsing import Parsed, parse
from acctbench.rewards.types import Score, not_applicable

if TYPE_CHECKING:
    from acctbench.rewards.commitment import Stance
    from spacy.tokens import Doc

NAME = "terms"
MAX_DERIVED_TERMS = 8
MIN_WORDS_FOR_STYLE = 8
MIN_FUNCTION_WORD_SHARE = 0.08
MAX_TERM_DENSITY = 0.6
DENSE_FUNCTION_WORD_SHARE = 0.25
LIST_FACTOR, STUFFING_FACTOR, DEGENERATE_FACTOR = 0.2, 0.3, 0.2
GOLD_TYPES = ("numeric", "choice", "journal")


@dataclass(frozen=True)
class Expected:
    """What an item expects: lexicon term ids and key terms outside the lexicon (phrases)."""

    lexicon: frozenset[str]
    phrases: tuple[str, ...]
    labels: tuple[str, ...]


class Lexicon:
    """The accounting lexicon compiled into two PhraseMatchers."""

    def __init__(self) -> None:
        from spacy.matcher import PhraseMatcher

        from acctbench.rewards.knowledge import load_lexicon

        nlp = T.nlp()
        self.by_norm = PhraseMatcher(nlp.vocab, attr="NORM")
        self.by_orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        for entry in load_lexicon():
            phrases = [entry.term, *entry.variants]
            self.by_norm.add(entry.term, [nlp(p) for p in phrases])
            if entry.acronyms:
                self.by_orth.add(entry.term, [nlp.make_doc(a) for a in entry.acronyms])

    def matches(self, d: Doc) -> list[tuple[str, int, int]]:
        """``(term, start, end)`` for every lexicon match in a document."""
        vocab = d.vocab
        found = [(vocab.strings[m], s, e) for m, s, e in self.by_norm(d)]
        found += [(vocab.strings[m], s, e) for m, s, e in self.by_orth(d)]
        return found


@cache
def lexicon() -> Lexicon:
    """The compiled lexicon (built once per process)."""
    return Lexicon()


@lru_cache(maxsize=8192)
def lexicon_matches(text: str) -> tuple[tuple[str, int, int], ...]:
    """Lexicon matches of a text, sorted by position (cached). A match inside a longer one is
    dropped: "notes receivable" is not also "receivables", "IAS 16" not also "IAS"."""
    return tuple(_outermost(sorted(lexicon().matches(T.doc(text)), key=lambda m: (m[1], -m[2]))))


def _outermost(matches: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Matches sorted by start (longest first) minus those a longer match covers."""
    kept: list[tuple[str, int, int]] = []
    cover = (-1, -1)
    for match in matches:
        _, start, end = match
        if end <= cover[1] and (start, end) != cover:
            continue
        kept.append(match)
        if end > cover[1]:
            cover = (start, end)
    return kept


def terms_in(text: str) -> list[str]:
    """Distinct lexicon terms in a text, in order of first appearance."""
    return list(dict.fromkeys(term for term, _, _ in lexicon_matches(text)))


def _lexicon_id(term: str) -> str | None:
    """The lexicon term a key term is exactly (all of it), if any."""
    size = len(T.doc(term))
    whole = [m for m, s, e in lexicon_matches(term) if s == 0 and e == size]
    return whole[0] if whole else None


def _uses(text: str, term: str) -> bool:
    term_id = _lexicon_id(term)
    return term_id in terms_in(text) if term_id is not None else T.contains_phrase(text, term)


@lru_cache(maxsize=4096)
def _expected(question: str, reference: str, key_terms: tuple[str, ...]) -> Expected:
    """The item's key terms that its reference itself uses; without key terms (or when the
    reference uses none of them), the lexicon terms of the reference (else of the question)."""
    if not key_terms:
        chosen = tuple(terms_in(reference) or terms_in(question))[:MAX_DERIVED_TERMS]
        return Expected(frozenset(chosen), (), chosen)
    chosen = tuple(t for t in key_terms if _uses(reference, t))
    if not chosen:
        return _expected(question, reference, ())
    ids = {t: _lexicon_id(t) for t in chosen}
    return Expected(
        frozenset(i for i in ids.values() if i is not None),
        tuple(t for t, i in ids.items() if i is None),
        chosen,
    )


def style_factor(text: str, end: int | None = None, repetition_only: bool = False) -> tuple[float, list[str]]:
    """Penalties for list-like, stuffed or repetitive text, over ``text[:end]`` (only the
    repetition rule with ``repetition_only``: short answers are terse by nature)."""
    f = T.features(text)
    window = np.ones(len(f.norm), dtype=bool) if end is None else f.idx < end
    alpha = f.alpha & window
    words = int(alpha.sum())
    if words < MIN_WORDS_FOR_STYLE:
        return 1.0, []
    if repetition_only:
        return (STUFFING_FACTOR, ["repetitive"]) if T.repetitive(f.norm[alpha]) else (1.0, [])
    covered = np.zeros(len(f.norm), dtype=bool)
    for _, start, stop in lexicon_matches(text):
        covered[start:stop] = True
    term_words = int((covered & alpha).sum())
    function_share = int((f.stop & alpha).sum()) / words
    factor, notes = 1.0, []
    if function_share < MIN_FUNCTION_WORD_SHARE:
        factor *= LIST_FACTOR
        notes.append("mostly bare terms, not sentences")
    elif term_words / (words + int((f.num & window).sum())) > MAX_TERM_DENSITY and function_share < DENSE_FUNCTION_WORD_SHARE:
        factor *= STUFFING_FACTOR
        notes.append("term density too high (stuffing)")
    if T.repetitive(f.norm[alpha]):
        factor *= STUFFING_FACTOR
        notes.append("repetitive")
    return factor, notes


def answer_style(item: dict[str, Any], parsed: Parsed, stance: Stance) -> tuple[float, list[str]]:
    """The repetition factor of a free-text answer block on its own (a term list repeated
    answers nothing, however sound the reasoning before it); 1 elsewhere."""
    if item.get("type") != "text" or not (parsed.answer and parsed.reasoning and stance.answer.strip()):
        return 1.0, []
    factor, notes = style_factor(stance.answer, repetition_only=True)
    return factor, [f"answer block {n}" for n in notes]


def score_terms(item: dict[str, Any], parsed: Parsed) -> Score:
    """Score term coverage of a parsed completion for an item."""
    key_terms = tuple(t for t in item.get("key_terms") or () if isinstance(t, str) and t.strip())
    question = str(item.get("question", ""))
    reference = T.reference_text(item)
    expected = _expected(question, reference, key_terms)
    total = len(expected.lexicon) + len(expected.phrases)
    if total == 0:
        return not_applicable("no accounting terms expected for this item")
    stance = stance_of(item, parsed)
    if not stance.asserted:
        return Score(0.0, f"0/{total} expected terms: {stance.why}", metadata={"found": [], "expected": list(expected.labels)})
    body = stance.body
    found = set(terms_in(body)) & expected.lexicon
    found_phrases = [p for p in expected.phrases if T.contains_phrase(body, p)]
    coverage = (len(found) + len(found_phrases)) / total
    # Gold answers (numbers, letters, journal lines) are terse by nature: judge the style of
    # the reasoning there, and of the whole text for free-text items.
    terse_answer = item.get("type") in GOLD_TYPES and parsed.reasoning
    factor, notes = style_factor(body, len(parsed.reasoning) if terse_answer else None)
    answer_factor, answer_notes = answer_style(item, parsed, stance)
    if answer_factor < factor:
        factor, notes = answer_factor, answer_notes
    reason = degenerate_answer(item, parsed, stance, body, question, reference)
    if reason:
        factor *= DEGENERATE_FACTOR
        notes.append(reason)
    hits = len(found) + len(found_phrases)
    explanation = f"{hits}/{total} expected terms ({', '.join(expected.labels[:6])})"
    notes += [stance.why] if stance.why else []
    if notes:
        explanation += "; " + "; ".join(notes)
    return Score(coverage * factor, explanation, metadata={"found": sorted(found), "expected": list(expected.labels)})


def terms(item: dict[str, Any], completion: Any) -> Score:
    """Score term coverage of a plain or chat completion."""
    return score_terms(item, parse(completion))
