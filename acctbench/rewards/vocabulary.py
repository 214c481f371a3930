"""Keep spaCy's vocabulary bounded over long runs.

Every new word spaCy meets, and every number string ("$12,345.67") is one, becomes a lexeme
that stays in the vocabulary for good. A training run that scores millions of completions
would grow without bound (about 0.85 KB per new word, measured). Before each batch the
scorers call :func:`release_if_grown`. Once the vocabulary has grown by ``MAX_NEW_WORDS``
since it was built, every text cache of the lexical scorers is dropped and the pipeline and
matchers are rebuilt on their next use (about 2 s). Scores are unchanged: the caches hold
nothing but what the texts determine.
"""

from __future__ import annotations

from functools import cache

MAX_NEW_WORDS = 250_000


def _modules() -> tuple:
    from acctbench.rewards import genuine, principles, terms, text

    return text, terms, principles, genuine


@cache
def base_size() -> int:
    """The vocabulary size once the pipeline and the knowledge matchers are built."""
    from acctbench.rewards.principles import principle_matcher
    from acctbench.rewards.terms import lexicon
    from acctbench.rewards.text import nlp

    lexicon()
    principle_matcher()
    return len(nlp().vocab)


def release_if_grown(limit: int | None = None) -> bool:
    """Drop the text caches and the spaCy pipeline if the vocabulary grew past the limit;
    ``True`` when it did. Cheap when it did not."""
    text = _modules()[0]
    if text.nlp.cache_info().currsize == 0:
        return False  # nothing built yet
    grown = len(text.nlp().vocab) - base_size()
    if grown < (MAX_NEW_WORDS if limit is None else limit):
        return False
    for module in _modules():
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()
    text.forget_word_kinds()
    base_size.cache_clear()
    return True
