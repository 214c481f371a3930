"""Is an answer a genuine answer? The checks the content scorers share.

An answer is *degenerate* when it restates the question, scrambles the reference's words, or,
on free-text items, copies the reference with a decisive change. The content scorers
(``terms``, ``principles``, ``similarity``) multiply a degenerate answer down, because its
overlap with the reference is not evidence of understanding.

A decisive change is found clause by clause: an answer clause of 4+ words that is a near copy
of a reference clause (``difflib`` ratio >= 0.75 on normalised lemmas, stopwords included)
and differs from it by

- a contrasting word put in place of another (``rewards/contrasts.yaml``: higher/lower,
  lessee/lessor, permit/prohibit, operating/investing/financing, ...);
- a different number ("$9,000" copied as "$10,000");
- a lexicon term of one category replaced by terms of others only ("debit Accounts
  Receivable" copied as "debit Bad Debt Expense": an asset become an expense);
- a negation added or removed as the clause's only change ("does not allow" copied as
  "allows", "adjusting" as "non-adjusting"; a rewording such as "prohibits" is not a negation
  change);
- or, across the answer, two content words swapped for each other ("IFRS ... US GAAP" copied
  as "US GAAP ... IFRS").

Conditional clauses ("if ...", "unless ...") are left out: an answer may take the other case.
Answers in their own words are never near copies, so the check cannot touch them.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from acctbench.rewards import text as T
from acctbench.rewards.correctness.common import matches_gold
from acctbench.rewards.numbers import scan_numbers

if TYPE_CHECKING:
    from acctbench.rewards.commitment import Stance
    from acctbench.rewards.parsing import Parsed

MIN_CLAUSE_WORDS = 4
CONDITIONALS = ("if", "unless", "whether")
NEAR_COPY_RATIO = 0.75


class Word(NamedTuple):
    """One word of a clause, with what the copy check needs to know about it."""

    text: str
    negation: bool
    number: bool
    stopword: bool
    term: str | None
    """The lexicon term the word belongs to, if any."""


@dataclass(frozen=True)
class Clause:
    """One clause of a text: its words (alphanumeric tokens and negation cues such as "n't") as
    norm hashes and positions."""

    text: str
    positions: tuple[int, ...]
    norms: tuple[int, ...]
    vocabulary: frozenset[int]

    def words(self, start: int = 0, stop: int | None = None) -> list[Word]:
        """The words ``start:stop``."""
        from acctbench.rewards.terms import lexicon_matches

        f, d = T.features(self.text), T.doc(self.text)
        term_at: dict[int, str] = {}
        for term, s, e in lexicon_matches(self.text):
            for i in range(s, e):
                term_at.setdefault(i, term)
        out = []
        for i in self.positions[start:stop]:
            negation = bool(f.cue[i]) or d[i].norm_ == "non"  # "non-adjusting" negates "adjusting"
            out.append(Word(d[i].text, negation, bool(f.num[i]), bool(f.stop[i]), term_at.get(i)))
        return out


@lru_cache(maxsize=4096)
def clauses(text: str) -> tuple[Clause, ...]:
    """The clauses of a text with at least ``MIN_CLAUSE_WORDS`` words (cached; a shorter one is
    also read joined to the clause before it), conditional ones left out: "if the plans do not
    alleviate the doubt" and "if they do" are two cases of one rule, not a contradiction."""
    f = T.features(text)
    keep = np.flatnonzero(f.alpha | f.num | f.cue)
    conditional = _conditionals()
    groups: list[np.ndarray] = []
    for group in np.split(keep, np.flatnonzero(np.diff(f.clause[keep])) + 1) if len(keep) else ():
        if len(group) < MIN_CLAUSE_WORDS and groups and int(f.norm[group[0]]) not in conditional and not f.num[group].any():
            groups.append(np.concatenate([groups[-1], group]))  # ", less residual value," read with its clause too
        groups.append(group)
    out = []
    for group in groups:
        if len(group) >= MIN_CLAUSE_WORDS and int(f.norm[group[0]]) not in conditional:
            norms = tuple(f.norm[group].tolist())
            out.append(Clause(text, tuple(group.tolist()), norms, frozenset(norms)))
    return tuple(out)


@cache
def _conditionals() -> frozenset[int]:
    return frozenset(int(h) for h in T.hashes(CONDITIONALS))


@cache
def _contrasts() -> frozenset[frozenset[int]]:
    """Every pair of contrasting words, as norm hashes."""
    from acctbench.rewards.knowledge import load_contrasts

    pairs = set()
    for group in load_contrasts():
        norms = [int(h) for h in T.hashes([T.norm_word(w) for w in group])]
        pairs.update(frozenset((a, b)) for a in norms for b in norms if a != b)
    return frozenset(pairs)


@cache
def _term_categories() -> dict[str, str]:
    """Lexicon term → its category (asset, expense, ...)."""
    from acctbench.rewards.knowledge import load_lexicon

    return {t.term: t.category for t in load_lexicon()}


@cache
def _auxiliaries() -> frozenset[int]:
    return frozenset(int(h) for h in T.hashes(T.AUXILIARIES))


def _value(word: str) -> float | None:
    numbers = scan_numbers(word, 1)
    return numbers[0].value if numbers else None


def _change(ref: Clause, ans: Clause, swaps: dict[tuple[int, int], str]) -> str | None:
    """The decisive change from a reference clause to its near copy, if any; 1:1 replacements
    of content words are collected in ``swaps`` for the cross-clause swap check."""
    contrasts, auxiliaries = _contrasts(), _auxiliaries()
    ops = [op for op in SequenceMatcher(None, ref.norms, ans.norms, autojunk=False).get_opcodes() if op[0] != "equal"]
    ref_terms_all = ans_terms_all = None
    for op, i1, i2, j1, j2 in ops:
        ref_words, ans_words = ref.words(i1, i2), ans.words(j1, j2)
        if op in ("delete", "insert"):
            words, norms = (ref_words, ref.norms[i1:i2]) if op == "delete" else (ans_words, ans.norms[j1:j2])
            alone = len(ops) == 1  # "was not earned this year" for "was earned last year" is a rewording
            if alone and any(w.negation for w in words) and all(w.negation or h in auxiliaries for w, h in zip(words, norms)):
                return f"negation {'removed' if op == 'delete' else 'added'} in a copied clause"
            continue
        negation_changed = any(w.negation for w in ref_words) != any(w.negation for w in ans_words)
        for a, r in zip(ref.norms[i1:i2], ref_words):
            for b, w in zip(ans.norms[j1:j2], ans_words):
                # A word only moved (still in the answer clause) is a reordering, and "does not
                # allow" reworded as "prohibits" is two flips with the same meaning.
                moved = a in ans.vocabulary or b in ref.vocabulary
                if frozenset((a, b)) in contrasts and not moved and not negation_changed:
                    return f"'{r.text}' copied as '{w.text}'"
        ref_numbers = {_value(w.text) for w in ref_words if w.number} - {None}
        ans_numbers = {_value(w.text) for w in ans_words if w.number} - {None}
        if ref_numbers and ans_numbers and ref_numbers != ans_numbers:
            return f"number changed in a copied clause ({ref_words[0].text} → {ans_words[0].text})"
        ref_terms, ans_terms = {w.term for w in ref_words} - {None}, {w.term for w in ans_words} - {None}
        if ref_terms and ans_terms:
            if ref_terms_all is None:
                ref_terms_all, ans_terms_all = {w.term for w in ref.words()}, {w.term for w in ans.words()}
            categories = _term_categories()
            removed, added = ref_terms - ans_terms_all, ans_terms - ref_terms_all
            if removed and added and {categories[t] for t in removed}.isdisjoint(categories[t] for t in added):
                return f"'{min(removed)}' copied as '{min(added)}'"
        if i2 - i1 == j2 - j1:
            for a, b, r, w in zip(ref.norms[i1:i2], ans.norms[j1:j2], ref_words, ans_words):
                if not (r.stopword or w.stopword):
                    swaps[(a, b)] = f"'{r.text}' and '{w.text}' swapped"
    return None


def _closest(ans: Clause, ref_clauses: tuple[Clause, ...]) -> Clause | None:
    """The reference clause the answer clause copies most closely, if it is a near copy."""
    vocabulary, best, best_ratio = ans.vocabulary, None, NEAR_COPY_RATIO
    for ref in ref_clauses:
        if len(vocabulary & ref.vocabulary) < 0.6 * len(ref.vocabulary):
            continue
        matcher = SequenceMatcher(None, ref.norms, ans.norms, autojunk=False)
        if matcher.quick_ratio() >= best_ratio and (ratio := matcher.ratio()) >= best_ratio:
            best, best_ratio = ref, ratio
    return best


@lru_cache(maxsize=8192)
def contradiction(answer: str, reference: str) -> str | None:
    """How the answer copies the reference with a decisive change, or ``None``."""
    ref_clauses = clauses(reference)
    if not ref_clauses:
        return None
    swaps: dict[tuple[int, int], str] = {}
    copied = {ref.norms for ref in ref_clauses}
    for ans in clauses(answer):
        if ans.norms in copied:
            continue  # an exact copy changes nothing
        ref = _closest(ans, ref_clauses)
        if ref is not None:
            change = _change(ref, ans, swaps)
            if change:
                return change
    return next((why for (a, b), why in swaps.items() if (b, a) in swaps), None)


@lru_cache(maxsize=8192)
def degenerate(answer: str, question: str, reference: str, free_text: bool = False) -> str | None:
    """Why an answer is not a genuine answer, or ``None``: a copy of the question, the
    reference's words scrambled, or (``free_text``) a copy of the reference with a decisive
    change."""
    if T.word_salad(answer, reference):
        return "scrambled reference words"
    if T.restates_question(answer, question):
        return "restates the question"
    if free_text:
        change = contradiction(answer, reference)
        if change:
            return f"contradicts the reference it copies: {change}"
    return None


def degenerate_answer(item: dict[str, Any], parsed: Parsed, stance: Stance, body: str, question: str, reference: str) -> str | None:
    """:func:`degenerate` for a completion's asserted body; on free-text items the answer block
    is also checked alone for a copy of the question, which a sound reasoning would dilute."""
    free_text = item.get("type") == "text"
    reason = degenerate(body, question, reference, free_text)
    if reason is None and free_text and parsed.answer and parsed.reasoning and T.restates_question(stance.answer, question):
        reason = "the answer block restates the question"
    return reason


@lru_cache(maxsize=4096)
def reference_figures(reference: str) -> tuple[float, ...]:
    """The figures a reference states: amounts, percentages and grouped numbers ("2,000")."""
    figures = (t.value for t in scan_numbers(reference) if t.currency or t.is_percent or t.grouped)
    return tuple(dict.fromkeys(figures))


def figures_stated(text: str, figures: tuple[float, ...], tolerance: float = 0.005) -> int:
    """How many of ``figures`` ``text`` states (relative tolerance; "40%" also as "0.40")."""
    values = [v for t in scan_numbers(text) for v in ((t.value,) if t.is_percent else (t.value, t.value * 100))]
    return sum(any(matches_gold(v, figure, tolerance) for v in values) for figure in figures)
