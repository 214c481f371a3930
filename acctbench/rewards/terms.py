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

from acctbench.rewards import text as T
from acctbench.rewards.parsing import Parsed, parse
from acctbench.rewards.types import Score, not_applicable

if TYPE_CHECKING:
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
    """What an item expects: lexicon term ids and raw key-term phrases (as norm tuples)."""

    lexicon: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]
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

    def terms_in(self, text: str) -> list[str]:
        """Distinct lexicon terms in a text, in order of first appearance."""
        ordered = sorted(self.matches(T.doc(text)), key=lambda m: m[1])
        return list(dict.fromkeys(term for term, _, _ in ordered))


@cache
def lexicon() -> Lexicon:
    """The compiled lexicon (built once per process)."""
    return Lexicon()


def _key_term(term: str) -> tuple[str | None, tuple[str, ...]]:
    """A key term as a lexicon id (when it is exactly one lexicon term) or a norm phrase."""
    d = T.doc(term)
    whole = [m for m, s, e in lexicon().matches(d) if s == 0 and e == len(d)]
    return (whole[0], ()) if whole else (None, T.norms(term))


def _contains(text: str, key: tuple[str | None, tuple[str, ...]]) -> bool:
    term_id, phrase = key
    if term_id is not None:
        return term_id in lexicon().terms_in(text)
    return T.find(T.norms(text), phrase) >= 0


@lru_cache(maxsize=4096)
def _expected(question: str, reference: str, key_terms: tuple[str, ...]) -> Expected:
    """The item's key terms that its reference itself uses; without key terms (or when the
    reference uses none of them), the lexicon terms of the reference (else of the question)."""
    lex = lexicon()
    if not key_terms:
        derived = lex.terms_in(reference) or lex.terms_in(question)
        chosen = tuple(derived)[:MAX_DERIVED_TERMS]
        return Expected(frozenset(chosen), (), chosen)
    keys = {term: _key_term(term) for term in key_terms}
    chosen = tuple(t for t in key_terms if _contains(reference, keys[t]))
    if not chosen:
        return _expected(question, reference, ())
    ids = frozenset(keys[t][0] for t in chosen if keys[t][0] is not None)
    phrases = tuple(keys[t][1] for t in chosen if keys[t][0] is None)
    return Expected(ids, phrases, chosen)


def _style_factor(d: Doc, term_tokens: int) -> tuple[float, list[str]]:
    words = [t for t in d if t.is_alpha]
    if len(words) < MIN_WORDS_FOR_STYLE:
        return 1.0, []
    factor, notes = 1.0, []
    numbers = sum(1 for t in d if t.like_num)
    function_share = sum(t.is_stop for t in words) / len(words)
    if function_share < MIN_FUNCTION_WORD_SHARE:
        factor *= LIST_FACTOR
        notes.append("mostly bare terms, not sentences")
    elif term_tokens / (len(words) + numbers) > MAX_TERM_DENSITY and function_share < DENSE_FUNCTION_WORD_SHARE:
        factor *= STUFFING_FACTOR
        notes.append("term density too high (stuffing)")
    return factor, notes


def score_terms(item: dict[str, Any], parsed: Parsed) -> Score:
    """Score term coverage of a parsed completion for an item."""
    ref = item.get("reference") or {}
    key_terms = tuple(t for t in item.get("key_terms") or () if isinstance(t, str) and t.strip())
    question = str(item.get("question", ""))
    expected = _expected(question, f"{ref.get('reasoning', '')}\n{ref.get('answer', '')}", key_terms)
    total = len(expected.lexicon) + len(expected.phrases)
    if total == 0:
        return not_applicable("no accounting terms expected for this item")
    body = " ".join(p for p in (parsed.reasoning, parsed.answer) if p) or parsed.text
    d = T.doc(body)
    matches = lexicon().matches(d)
    # Gold answers (numbers, letters, journal lines) are terse by nature: judge the style of
    # the reasoning there, and of the whole text for free-text items.
    style_text = parsed.reasoning if item.get("type") in GOLD_TYPES and parsed.reasoning else body
    found = {term for term, _, _ in matches} & expected.lexicon
    tokens = [t.norm_ for t in d]
    found_phrases = [p for p in expected.phrases if T.find(tokens, p) >= 0]
    coverage = (len(found) + len(found_phrases)) / total
    style_doc = T.doc(style_text)
    style_terms = {i for _, s, e in lexicon().matches(style_doc) for i in range(s, e)}
    factor, notes = _style_factor(style_doc, sum(1 for i in style_terms if style_doc[i].is_alpha))
    if T.repetitive(style_doc):
        factor *= STUFFING_FACTOR
        notes.append("repetitive")
    reason = T.degenerate(body, question, f"{ref.get('reasoning', '')} {ref.get('answer', '')}")
    if reason:
        factor *= DEGENERATE_FACTOR
        notes.append(reason)
    hits = len(found) + len(found_phrases)
    explanation = f"{hits}/{total} expected terms ({', '.join(expected.labels[:6])})"
    if notes:
        explanation += "; " + "; ".join(notes)
    return Score(coverage * factor, explanation, metadata={"found": sorted(found), "expected": list(expected.labels)})


def terms(item: dict[str, Any], completion: Any) -> Score:
    """Score term coverage of a plain or chat completion."""
    return score_terms(item, parse(completion))
