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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

_LEMMA_OVERRIDES = {"taxes": "tax", "data": "data", "media": "media", "is": "be", "'s": "'s", "as": "as"}
_ISE_RE = re.compile(r"(?<=[a-z]{3})is(e|ed|es|ing|ation|ations|able|ability|er|ers)$")
_OUR_RE = re.compile(r"(?<=[a-z]{3})our$")
NEGATION_CUES = frozenset({"not", "never", "no", "n't", "nor", "neither", "without", "cannot", "none"})
NEGATION_PHRASES = (("rather", "than"), ("instead", "of"), ("as", "oppose", "to"), ("regardless", "of"))
_CLAUSE_BREAKS = frozenset({",", ";", ":", "but", "whereas", "while", "although", "however", "—", "–"})


def spelling(word: str) -> str:
    """Fold British spellings to US ones (applied to text and patterns alike)."""
    return _OUR_RE.sub("or", _ISE_RE.sub(r"iz\1", word))


@cache
def _lemmas() -> dict[str, str]:
    from spacy.lookups import load_lookups

    table = load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")
    return {**dict(table.items()), **_LEMMA_OVERRIDES}


@lru_cache(maxsize=65536)
def norm_word(lower: str) -> str:
    """The normalised form of one lowercase token."""
    return spelling(_lemmas().get(lower, lower))


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


def clauses(d: Doc) -> list[list[str]]:
    """Split a document into clauses of normalised tokens (sentence ends and clause breaks)."""
    out: list[list[str]] = [[]]
    for token in d:
        if token.is_space:
            continue
        n = token.norm_
        if n in {".", "!", "?"} or "\n" in token.text:
            out.append([])
            continue
        if n in _CLAUSE_BREAKS:
            out.append([])
            continue
        out[-1].append(n)
    return [c for c in out if c]


def sentences(d: Doc) -> list[list[list[str]]]:
    """Sentences of a document, each a list of clauses of normalised tokens."""
    result: list[list[list[str]]] = [[[]]]
    for token in d:
        if token.is_space and "\n" not in token.text:
            continue
        n = token.norm_
        if n in {".", "!", "?"} or "\n" in token.text:
            result.append([[]])
        elif n in _CLAUSE_BREAKS:
            result[-1].append([])
        else:
            result[-1][-1].append(n)
    return [[c for c in s if c] for s in result if any(s)]


def find(tokens: Sequence[str], phrase: Sequence[str], start: int = 0) -> int:
    """Index of the first occurrence of ``phrase`` in ``tokens`` at or after ``start``, else -1."""
    if not phrase:
        return -1
    first, size = phrase[0], len(phrase)
    for i in range(start, len(tokens) - size + 1):
        if tokens[i] == first and tuple(tokens[i : i + size]) == tuple(phrase):
            return i
    return -1


def negated_before(tokens: Sequence[str], index: int) -> bool:
    """Whether a negation cue occurs in ``tokens`` before ``index`` (same clause)."""
    head = tokens[:index]
    if any(t in NEGATION_CUES for t in head):
        return True
    return any(find(head, phrase) >= 0 for phrase in NEGATION_PHRASES)


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
