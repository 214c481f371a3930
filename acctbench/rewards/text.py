"""Shared text processing for the lexical scorers: one spaCy tokenizer, lemma norms, features.

spaCy runs as a blank English pipeline (tokenizer only, no statistical model, no network).
Each token's ``NORM`` is set to a spelling-normalised lookup lemma from
``spacy-lookups-data``: lowercase, lemmatised ("expenses" → "expense"), and British spellings
folded to US ("recognised" → "recognize", "labour" → "labor"). Patterns go through the same
pipeline, so matching is symmetric.

For speed the scorers never iterate spaCy tokens in Python: :func:`features` turns a text into
cached numpy arrays (norm hashes and boolean flags) once, and every rule works on those.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

_LEMMA_OVERRIDES = {"taxes": "tax", "data": "data", "media": "media", "is": "be", "'s": "'s", "as": "as"}
_ISE_RE = re.compile(r"(?<=[a-z]{3})is(e|ed|es|ing|ation|ations|able|ability|er|ers)$")
_OUR_RE = re.compile(r"(?<=[a-z]{3})our$")
NEGATION_CUES = ("not", "never", "no", "n't", "nor", "neither", "without", "cannot", "none")
NEGATION_PHRASES = (("rather", "than"), ("instead", "of"), ("as", "oppose", "to"), ("regardless", "of"))
CLAUSE_BREAKS = (",", ";", ":", "but", "whereas", "while", "although", "however", "—", "–")
SENTENCE_ENDS = (".", "!", "?")


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


_NORM_OF_LOWER: dict[int, int] = {}


@cache
def nlp() -> Language:
    """The blank English pipeline whose tokens carry normalised lemmas in ``NORM``."""
    import spacy
    from spacy.attrs import LOWER, NORM
    from spacy.language import Language

    if not Language.has_factory("acctbench_norm"):

        @Language.component("acctbench_norm")
        def _set_norms(doc: Doc) -> Doc:
            if not len(doc):
                return doc
            strings = doc.vocab.strings
            out = []
            for lower in doc.to_array([LOWER]).tolist():
                norm = _NORM_OF_LOWER.get(lower)
                if norm is None:
                    norm = _NORM_OF_LOWER[lower] = strings.add(norm_word(strings[lower]))
                out.append(norm)
            doc.from_array([NORM], np.asarray(out, dtype="uint64").reshape(-1, 1))
            return doc

    pipeline = spacy.blank("en")
    pipeline.add_pipe("acctbench_norm")
    return pipeline


def hashes(words: Sequence[str]) -> np.ndarray:
    """The string-store hashes of normalised words (as the ``NORM`` attribute stores them)."""
    strings = nlp().vocab.strings
    return np.asarray([strings.add(w) for w in words], dtype="uint64")


@lru_cache(maxsize=2048)
def doc(text: str) -> Doc:
    """A processed (cached) document."""
    return nlp()(text)


@dataclass(frozen=True)
class Features:
    """Per-token arrays of one text: norm hashes, flags, sentences, clauses and negation."""

    norm: np.ndarray
    idx: np.ndarray
    """Character offset of each token."""
    alpha: np.ndarray
    stop: np.ndarray
    num: np.ndarray
    sentence: np.ndarray
    """Sentence index of each token."""
    clause_start: np.ndarray
    """Index of the first token of each token's clause."""
    negations_before: np.ndarray
    """Number of negation cues strictly before each token (prefix count)."""

    def negated(self, index: int) -> bool:
        """Whether a negation cue precedes ``index`` in its clause."""
        start = int(self.clause_start[index])
        return bool(self.negations_before[index] - self.negations_before[start] > 0)

    @property
    def content(self) -> np.ndarray:
        """Norms of alphanumeric non-stopword tokens."""
        return self.norm[(self.alpha | self.num) & ~self.stop]


@cache
def _marker_kinds() -> dict[int, int]:
    """Norm hash → 1 (sentence end), 2 (clause break) or 3 (negation cue)."""
    kinds = {int(h): 3 for h in hashes(NEGATION_CUES)}
    kinds.update({int(h): 2 for h in hashes(CLAUSE_BREAKS)})
    kinds.update({int(h): 1 for h in hashes(SENTENCE_ENDS)})
    return kinds


@lru_cache(maxsize=8192)
def features(text: str) -> Features:
    """Cached token features of a text."""
    from spacy.attrs import IDX, IS_ALPHA, IS_SPACE, IS_STOP, LIKE_NUM, NORM

    d = doc(text)
    if not len(d):
        empty = np.zeros(0, dtype="uint64")
        flags = np.zeros(0, dtype=bool)
        return Features(empty, empty, flags, flags, flags, empty, empty, np.zeros(1, dtype="int64"))
    arr = d.to_array([NORM, IS_ALPHA, IS_STOP, LIKE_NUM, IS_SPACE, IDX])
    norm = arr[:, 0]
    space = arr[:, 4].astype(bool)
    newline = np.zeros(len(d), dtype=bool)
    for i in np.flatnonzero(space):
        newline[i] = "\n" in d[int(i)].text
    kinds = _marker_kinds()
    kind = np.fromiter((kinds.get(h, 0) for h in norm.tolist()), dtype="int8", count=len(norm))
    ends = (kind == 1) | newline
    breaks = ends | (kind == 2)
    negation = kind == 3
    for phrase in NEGATION_PHRASES:
        for start in phrase_starts(norm, hashes(phrase)):
            negation[start] = True
    index = np.arange(len(d))
    sentence = np.concatenate([[0], np.cumsum(ends)[:-1]])
    clause_start = np.maximum.accumulate(np.concatenate([[0], np.where(breaks, index + 1, 0)[:-1]]))
    negations_before = np.concatenate([[0], np.cumsum(negation)])
    return Features(
        norm=norm,
        idx=arr[:, 5].astype("int64"),
        alpha=arr[:, 1].astype(bool),
        stop=arr[:, 2].astype(bool),
        num=arr[:, 3].astype(bool),
        sentence=sentence,
        clause_start=clause_start,
        negations_before=negations_before,
    )


def phrase_starts(norm: np.ndarray, phrase: np.ndarray) -> np.ndarray:
    """Start indices where the hash sequence ``phrase`` occurs in ``norm``."""
    size = len(phrase)
    if size == 0 or size > len(norm):
        return np.zeros(0, dtype="int64")
    starts = np.flatnonzero(norm[: len(norm) - size + 1] == phrase[0])
    for offset in range(1, size):
        starts = starts[norm[starts + offset] == phrase[offset]]
    return starts


@lru_cache(maxsize=16384)
def phrase_hashes(text: str) -> np.ndarray:
    """The normalised token hashes of a phrase (spaces dropped)."""
    f = features(text)
    d = doc(text)
    keep = np.asarray([not t.is_space for t in d], dtype=bool) if len(d) else np.zeros(0, dtype=bool)
    return f.norm[keep]


def contains_phrase(text: str, phrase: str) -> bool:
    """Whether ``phrase`` occurs in ``text`` on normalised lemmas."""
    return len(phrase_starts(features(text).norm, phrase_hashes(phrase))) > 0


@dataclass(frozen=True)
class ContentProfile:
    """A text's content words and adjacent-word pairs, as hash lists and sets."""

    words: list[int]
    word_set: frozenset[int]
    bigrams: list[tuple[int, int]]
    bigram_set: frozenset[tuple[int, int]]


@lru_cache(maxsize=8192)
def content_profile(text: str) -> ContentProfile:
    """Cached content words (alphanumeric, not stopwords) and their bigrams."""
    words = features(text).content.tolist()
    bigrams = list(zip(words, words[1:]))
    return ContentProfile(words, frozenset(words), bigrams, frozenset(bigrams))


def _containment(part: list[Any], whole: frozenset[Any]) -> float:
    return sum(1 for x in part if x in whole) / len(part) if part else 0.0


def restates_question(answer: str, question: str, threshold: float = 0.8) -> bool:
    """Whether an answer mostly copies the question (its content bigrams come from it)."""
    a = content_profile(answer)
    if len(a.words) < 3:
        return False
    return _containment(a.bigrams, content_profile(question).bigram_set) >= threshold


def word_salad(answer: str, reference: str) -> bool:
    """Reference words in a scrambled order: high word overlap, almost no shared word order.

    Genuine paraphrases share fewer words but keep phrases together; copies share both.
    """
    a = content_profile(answer)
    if len(a.words) < 6:
        return False
    ref = content_profile(reference)
    return _containment(a.words, ref.word_set) >= 0.8 and _containment(a.bigrams, ref.bigram_set) < 0.25


@lru_cache(maxsize=8192)
def degenerate(answer: str, question: str, reference: str) -> str | None:
    """Why an answer is not a genuine answer (a copy of the question or the reference's
    words scrambled), or ``None``. Content scorers multiply such answers down."""
    if word_salad(answer, reference):
        return "scrambled reference words"
    if restates_question(answer, question):
        return "restates the question"
    return None


def repetitive(words: np.ndarray, min_words: int = 12, min_distinct: float = 0.4) -> bool:
    """Whether a sequence of word hashes mostly repeats itself (few distinct among many)."""
    return len(words) >= min_words and len(np.unique(words)) / len(words) < min_distinct


def reference_text(item: dict[str, Any]) -> str:
    """An item's reference reasoning and answer as one text (the same string everywhere, so
    its processing is cached once)."""
    ref = item.get("reference") if isinstance(item.get("reference"), dict) else {}
    return f"{ref.get('reasoning', '')}\n{ref.get('answer', '')}"
