"""Shared text processing for the lexical scorers: one spaCy tokenizer, lemma norms, clauses.

spaCy runs as a blank English pipeline (tokenizer only, no statistical model, no network).
Each token's ``norm_`` is set to a spelling-normalised lookup lemma from
``spacy-lookups-data``: lowercase, lemmatised ("expenses" → "expense"), and British spellings
folded to US ("recognised" → "recognize", "labour" → "labor"). Patterns go through the same
function, so matching is symmetric.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

_LEMMA_OVERRIDES = {"taxes": "tax", "data": "data", "media": "media", "is": "be", "'s": "'s", "as": "as"}
_ISE_RE = re.compile(r"(?<=[a-z]{3})is(e|ed|es|ing|ation|ations|able|ability|er|ers)$")
_OUR_RE = re.compile(r"(?<=[a-z]{3})our$")
NEGATION_CUES = frozenset({"not", "never", "no", "n't", "nor", "neither", "without", "cannot", "none"})
NEGATION_PHRASES = (("rather", "than"), ("instead", "of"), ("as", "oppose", "to"), ("regardless", "of"))
CLAUSE_BREAKS = frozenset({",", ";", ":", "but", "whereas", "while", "although", "however", "—", "–"})
SENTENCE_ENDS = frozenset({".", "!", "?"})


def spelling(word: str) -> str:
    """Fold British spellings to US ones (applied to text and patterns alike)."""
    return _OUR_RE.sub("or", _ISE_RE.sub(r"iz\1", word))


@cache
def _lemma_table() -> Any:
    from spacy.lookups import load_lookups

    return load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")


@lru_cache(maxsize=65536)
def norm_word(lower: str) -> str:
    """The normalised form of one lowercase token."""
    lemma = _LEMMA_OVERRIDES.get(lower) or _lemma_table().get(lower, lower)
    return spelling(lemma)


@cache
def nlp() -> Language:
    """The blank English pipeline whose tokens carry normalised lemmas in ``norm_``."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory("acctbench_norm"):

        @Language.component("acctbench_norm")
        def _set_norms(doc: Doc) -> Doc:
            for token in doc:
                token.norm_ = norm_word(token.lower_)
            return doc

    pipeline = spacy.blank("en")
    pipeline.add_pipe("acctbench_norm")
    return pipeline


@lru_cache(maxsize=8192)
def doc(text: str) -> Doc:
    """A processed (cached) document."""
    return nlp()(text)


def docs(texts: Iterable[str]) -> list[Doc]:
    """Process many texts, reusing the cache."""
    return [doc(t) for t in texts]


def norms(text: str) -> tuple[str, ...]:
    """Normalised tokens of a phrase or text (punctuation kept as tokens)."""
    return tuple(t.norm_ for t in doc(text) if not t.is_space)


def find(tokens: Sequence[str], phrase: Sequence[str], start: int = 0) -> int:
    """Index of the first occurrence of ``phrase`` in ``tokens`` at or after ``start``, else -1."""
    if not phrase:
        return -1
    first, size = phrase[0], len(phrase)
    for i in range(start, len(tokens) - size + 1):
        if tokens[i] == first and tuple(tokens[i : i + size]) == tuple(phrase):
            return i
    return -1


def starts_negation_phrase(norms: Sequence[str], index: int) -> bool:
    """Whether a multi-word negation ("rather than", "instead of", ...) starts at ``index``."""
    return any(tuple(norms[index : index + len(p)]) == p for p in NEGATION_PHRASES)


def content_words(text: str) -> list[str]:
    """Normalised alphanumeric non-stopword tokens."""
    return [t.norm_ for t in doc(text) if (t.is_alpha or t.like_num) and not t.is_stop]


def containment(part: Sequence[str], whole: Sequence[str]) -> float:
    """Share of ``part``'s items that also occur in ``whole`` (0 when ``part`` is empty)."""
    if not part:
        return 0.0
    pool = set(whole)
    return sum(1 for x in part if x in pool) / len(part)


def bigrams(words: Sequence[str]) -> list[tuple[str, str]]:
    """Adjacent word pairs."""
    return list(zip(words, words[1:]))


def restates_question(answer: str, question: str, threshold: float = 0.8) -> bool:
    """Whether an answer mostly copies the question (its content bigrams come from it)."""
    words = content_words(answer)
    if len(words) < 3:
        return False
    return containment(bigrams(words), bigrams(content_words(question))) >= threshold


def word_salad(answer: str, reference: str) -> bool:
    """Reference words in a scrambled order: high word overlap, almost no shared word order.

    Genuine paraphrases share fewer words but keep phrases together; copies share both.
    """
    words = content_words(answer)
    if len(words) < 6:
        return False
    ref = content_words(reference)
    return containment(words, ref) >= 0.8 and containment(bigrams(words), bigrams(ref)) < 0.25


def degenerate(answer: str, question: str, reference: str) -> str | None:
    """Why an answer is not a genuine answer (a copy of the question or the reference's
    words scrambled), or ``None``. Content scorers multiply such answers down."""
    if word_salad(answer, reference):
        return "scrambled reference words"
    if restates_question(answer, question):
        return "restates the question"
    return None


def repetitive(d: Doc, min_words: int = 12, min_distinct: float = 0.4) -> bool:
    """Whether a text mostly repeats itself (few distinct words among many)."""
    words = [t.norm_ for t in d if t.is_alpha]
    return len(words) >= min_words and len(set(words)) / len(words) < min_distinct
