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

_LEMMA_OVERRIDES = {
    "taxes": "tax", "data": "data", "media": "media", "is": "be", "'s": "'s", "as": "as",
    "rent": "rent", "matter": "matter", "number": "number",  # nouns, not "rend", "matt", "numb"
    "does": "do",  # not "doe"
}
_ISE_RE = re.compile(r"(?<=[a-z]{3})is(e|ed|es|ing|ation|ations|able|ability|er|ers)$")
_OUR_RE = re.compile(r"(?<=[a-z]{3})our$")
VERB_NEGATIONS = ("not", "n't", "never", "cannot", "without")
"""Cues that negate a verb phrase ("without having to remember that it was accrued")."""
NEGATION_CUES = (*VERB_NEGATIONS, "no", "nor", "neither", "none")
NEGATION_PHRASES = (("rather", "than"), ("instead", "of"), ("as", "oppose", "to"), ("regardless", "of"))
CLAUSE_BREAKS = (",", ";", ":", "but", "whereas", "while", "although", "however", "—", "–")
_NEGATION_PHRASE_HEADS = frozenset(phrase[0] for phrase in NEGATION_PHRASES)
SENTENCE_ENDS = (".", "!", "?")
SCOPE_ENDS = ("until", "unless")
"""A negation does not reach past these: "not recognised until control transfers" affirms."""
AUXILIARIES = ("be", "have", "do", "will", "would", "shall", "should", "can", "could", "may", "might", "must")
"""A verb negation ends at an auxiliary after its own verb: in "the cost it will not get back is
spread over the life", "not" negates "get back", not "is spread"."""


def spelling(word: str) -> str:
    """Fold British spellings to US ones (applied to text and patterns alike)."""
    return _OUR_RE.sub("or", _ISE_RE.sub(r"iz\1", word))


@cache
def _lemma_table() -> Any:
    from spacy.lookups import load_lookups

    return load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")


@lru_cache(maxsize=65536)
def norm_word(lower: str) -> str:
    """The normalised form of one lowercase token.

    A lemma is looked up once more, so the plural of a noun in "-ing" folds like its singular
    ("buildings" → "building" → "build", as "building" → "build").
    """
    lemma = _lemma(lower)
    return spelling(_lemma(lemma) if lemma != lower else lemma)


def _lemma(lower: str) -> str:
    return _LEMMA_OVERRIDES.get(lower) or _lemma_table().get(lower, lower)


def _lexeme_norm(word: str) -> str:
    return norm_word(word.lower())


@cache
def nlp() -> Language:
    """The blank English pipeline whose tokens carry normalised lemmas in ``NORM``.

    The norm is a lexeme attribute, computed once per vocabulary word (not per token), so a
    document costs only its tokenisation. Tokenizer exceptions ("weren't" → "were", "n't")
    lose their own norms, so every token is normalised the same way.
    """
    import spacy
    from spacy.attrs import NORM

    pipeline = spacy.blank("en")
    vocab = pipeline.vocab
    vocab.lex_attr_getters[NORM] = _lexeme_norm
    for lexeme in vocab:  # words the tokenizer exceptions created before the getter was set
        lexeme.norm_ = _lexeme_norm(lexeme.orth_)
    rules = pipeline.tokenizer.rules
    pipeline.tokenizer.rules = {k: [{a: v for a, v in t.items() if a != NORM} for t in pieces] for k, pieces in rules.items()}
    return pipeline


def hashes(words: Sequence[str]) -> np.ndarray:
    """The string-store hashes of normalised words (as the ``NORM`` attribute stores them)."""
    strings = nlp().vocab.strings
    return np.asarray([strings.add(w) for w in words], dtype="uint64")


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


@lru_cache(maxsize=2048)
def doc(text: str) -> Doc:
    """A processed (cached) document. Lone surrogates (in an item's own text, say) become
    U+FFFD first: spaCy cannot encode them, and offsets stay the same."""
    if _SURROGATE_RE.search(text):
        text = _SURROGATE_RE.sub("\ufffd", text)
    return nlp()(text)


@dataclass(frozen=True)
class Features:
    """Per-token arrays of one text: norm hashes, flags, sentences and negation scope."""

    norm: np.ndarray
    idx: np.ndarray
    """Character offset of each token."""
    alpha: np.ndarray
    stop: np.ndarray
    num: np.ndarray
    sentence: np.ndarray
    """Sentence index of each token."""
    clause: np.ndarray
    """Clause index of each token (clauses end at sentence ends and clause breaks)."""
    cue: np.ndarray
    """Whether each token is (the first word of) a negation cue."""
    negated_mask: np.ndarray
    """Whether each token lies in the scope of a negation cue (see :func:`negation_scope`)."""

    def negated(self, index: int) -> bool:
        """Whether a negation cue governs the token at ``index``."""
        return bool(self.negated_mask[index])

    @property
    def content(self) -> np.ndarray:
        """Norms of alphanumeric non-stopword tokens."""
        return self.norm[(self.alpha | self.num) & ~self.stop]


class _WordKinds(dict[int, int]):
    """ORTH hash → bit mask of what a vocabulary word is, computed once per word: alphabetic,
    stopword, number, sentence end (also whitespace with a line break), clause break, negation
    cue, verb negation, negation scope end, auxiliary. One dictionary lookup per token is
    cheaper than one spaCy attribute column per kind."""

    KINDS = ("alpha", "stop", "num", "end", "break", "cue", "verbal", "scope_end", "auxiliary", "phrase_head")

    MAX_WORDS = 500_000
    """Bound on the cache: a long training run meets ever new number strings."""

    def __missing__(self, orth: int) -> int:
        if len(self) >= self.MAX_WORDS:
            self.clear()
        lexeme = nlp().vocab[orth]
        text, norm = lexeme.orth_, lexeme.norm_
        kinds = (
            lexeme.is_alpha, lexeme.is_stop, lexeme.like_num,
            norm in SENTENCE_ENDS or (text.isspace() and "\n" in text), norm in CLAUSE_BREAKS,
            norm in NEGATION_CUES, norm in VERB_NEGATIONS, norm in SCOPE_ENDS, norm in AUXILIARIES,
            norm in _NEGATION_PHRASE_HEADS,
        )
        self[orth] = bits = sum(1 << k for k, kind in enumerate(kinds) if kind)
        return bits


_WORD_KINDS = _WordKinds()


def forget_word_kinds() -> None:
    """Empty the word-kind cache (with a rebuilt vocabulary)."""
    _WORD_KINDS.clear()


def negation_scope(cue: np.ndarray, verbal: np.ndarray, stop: np.ndarray, auxiliary: np.ndarray, word: np.ndarray) -> np.ndarray:
    """Tokens governed by a negation cue: those after it up to a clause break or sentence end
    (``stop``), the next cue, "until"/"unless" (in ``stop``), or, for a verb negation, an
    auxiliary that follows a word of the negated phrase. Each token is visited once."""
    mask = np.zeros(len(cue), dtype=bool)
    cues = np.flatnonzero(cue).tolist()
    if not cues:
        return mask
    ends, aux, words = (stop | cue).tolist(), auxiliary.tolist(), (word & ~auxiliary).tolist()
    for c in cues:
        verb, seen_word = bool(verbal[c]), False
        for i in range(c + 1, len(ends)):
            if ends[i] or (verb and seen_word and aux[i]):
                break
            mask[i] = True
            seen_word = seen_word or words[i]
    return mask


def _index_after(marks: np.ndarray) -> np.ndarray:
    """For each token, how many marked tokens come strictly before it (a segment index)."""
    out = np.zeros(len(marks), dtype="int64")
    np.cumsum(marks[:-1], out=out[1:])
    return out


@cache
def _negation_phrases() -> tuple[np.ndarray, ...]:
    return tuple(hashes(phrase) for phrase in NEGATION_PHRASES)


@lru_cache(maxsize=8192)
def features(text: str) -> Features:
    """Cached token features of a text."""
    from spacy.attrs import IDX, NORM, ORTH

    d = doc(text)
    if not len(d):
        empty = np.zeros(0, dtype="uint64")
        flags = np.zeros(0, dtype=bool)
        return Features(empty, empty, flags, flags, flags, empty, empty, flags, flags)
    arr = d.to_array([ORTH, NORM, IDX])
    norm = arr[:, 1]
    bits = np.fromiter(map(_WORD_KINDS.__getitem__, arr[:, 0].tolist()), dtype="<u2", count=len(d))
    kinds = np.unpackbits(bits.view(np.uint8).reshape(-1, 2), axis=1, bitorder="little").view(bool)
    alpha, stop, num, ends, breaks, cue, verbal, scope_end, auxiliary, phrase_head = (
        kinds[:, k].copy() for k in range(len(_WordKinds.KINDS))
    )
    breaks |= ends
    if phrase_head.any():
        for phrase in _negation_phrases():
            cue[phrase_starts(norm, phrase)] = True
    sentence, clause = _index_after(ends), _index_after(breaks)
    return Features(
        norm=norm,
        idx=arr[:, 2].astype("int64"),
        alpha=alpha,
        stop=stop,
        num=num,
        sentence=sentence,
        clause=clause,
        cue=cue,
        negated_mask=negation_scope(cue, verbal, breaks | scope_end, auxiliary, alpha),
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
    needle = phrase_hashes(phrase).tobytes()
    if not needle:
        return False
    haystack = _norm_bytes(text)
    at = haystack.find(needle)
    while at >= 0 and at % 8:  # a match must start on a token boundary (8 bytes per hash)
        at = haystack.find(needle, at + 1)
    return at >= 0


@lru_cache(maxsize=4096)
def _norm_bytes(text: str) -> bytes:
    """A text's norm hashes as bytes, for fast phrase search."""
    return features(text).norm.tobytes()


_BIGRAM_MIX = np.uint64(0x9E3779B97F4A7C15)


@dataclass(frozen=True)
class ContentProfile:
    """A text's content words and adjacent-word pairs as hash arrays (a pair hashed to one
    integer)."""

    words: np.ndarray
    bigrams: np.ndarray


@lru_cache(maxsize=8192)
def content_profile(text: str) -> ContentProfile:
    """Cached content words (alphanumeric, not stopwords) and their bigrams."""
    words = features(text).content
    return ContentProfile(words, words[:-1] * _BIGRAM_MIX ^ words[1:] if len(words) > 1 else words[:0])


@lru_cache(maxsize=4096)
def content_sets(text: str) -> ContentProfile:
    """The distinct content words and bigrams of a text, sorted (for membership tests)."""
    profile = content_profile(text)
    return ContentProfile(np.unique(profile.words), np.unique(profile.bigrams))


def _containment(part: np.ndarray, whole: np.ndarray) -> float:
    """The share of ``part`` found in the sorted array ``whole``."""
    if not len(part) or not len(whole):
        return 0.0
    at = np.minimum(np.searchsorted(whole, part), len(whole) - 1)
    return float(np.count_nonzero(whole[at] == part)) / len(part)


def restates_question(answer: str, question: str, threshold: float = 0.8) -> bool:
    """Whether an answer mostly copies the question (its content bigrams come from it)."""
    a = content_profile(answer)
    if len(a.words) < 3:
        return False
    return _containment(a.bigrams, content_sets(question).bigrams) >= threshold


def word_salad(answer: str, reference: str) -> bool:
    """Reference words in a scrambled order: high word overlap, almost no shared word order.

    Genuine paraphrases share fewer words but keep phrases together; copies share both.
    """
    a = content_profile(answer)
    if len(a.words) < 6:
        return False
    ref = content_sets(reference)
    return _containment(a.words, ref.words) >= 0.8 and _containment(a.bigrams, ref.bigrams) < 0.25


REPEATED_RUN = 8
"""A run of this many words said three times over is repetition, however much else surrounds it."""


def repetitive(words: np.ndarray, min_words: int = 12, min_distinct: float = 0.4) -> bool:
    """Whether a sequence of word hashes mostly repeats itself (few distinct among many), or
    says one run of ``REPEATED_RUN`` words three times (a list repeated amid padding)."""
    if len(words) < min_words:
        return False
    if len(np.unique(words)) / len(words) < min_distinct:
        return True
    runs = np.lib.stride_tricks.sliding_window_view(words, REPEATED_RUN)
    _, counts = np.unique(runs, axis=0, return_counts=True)
    return bool(counts.max() >= 3)


def reference_text(item: dict[str, Any]) -> str:
    """An item's reference reasoning and answer as one text (the same string everywhere, so
    its processing is cached once)."""
    ref = item.get("reference") if isinstance(item.get("reference"), dict) else {}
    return f"{ref.get('reasoning', '')}\n{ref.get('answer', '')}"
