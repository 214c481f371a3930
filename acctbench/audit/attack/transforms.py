"""The named transforms an operator applies to a candidate; all wording lives in the data.

Each transform takes ``(candidate, slots, params, rng)`` and returns a new candidate, or
``None`` when it does not apply to this item (no figure to rewrite, no contrasting word, ...).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from random import Random
from typing import Any

from acctbench.audit.attack.journal import Line, rewrite_lines, swap_sides
from acctbench.audit.attack.numbers import Figure, Style, exact, find_figures, matches, render, rewrite_figures
from acctbench.audit.attack.slots import Candidate, Slots, fill
from acctbench.audit.attack.vocabulary import chart, contrast_partners, default_vocabulary
from acctbench.schema import DEFAULT_TOLERANCE, relative_band

Params = dict[str, Any]
_WORD = re.compile(r"[A-Za-z]+")
_SENTENCE_END = re.compile(r"[.;!?]")
_STANDARD_NUMBER = re.compile(r"\s+\d")


@dataclass(frozen=True)
class Transform:
    """A transform and the parameters it takes: ``{name: (type, required)}``."""

    fn: Callable[[Candidate, Slots, Params, Random], Candidate | None]
    params: dict[str, tuple[type, bool]]


def _edit_answer(cand: Candidate, edit: Callable[[str], str]) -> Candidate | None:
    """The candidate with ``edit`` applied to its answer; ``None`` without an answer or a change."""
    if cand.answer is None:
        return None
    answer = edit(cand.answer)
    return None if answer == cand.answer else replace(cand, answer=answer)


def template(cand: Candidate, slots: Slots, p: Params, rng: Random) -> Candidate | None:
    if p.get("completion") is not None:
        raw = fill(p["completion"], slots, cand)
        return None if raw is None else Candidate("", None, raw)
    reasoning = fill(p.get("reasoning") or "{reasoning}", slots, cand)
    answer = fill(p["answer"], slots, cand)
    return None if reasoning is None or answer is None else Candidate(reasoning, answer)


def vocabulary(cand: Candidate, slots: Slots, p: Params, rng: Random) -> Candidate | None:
    fields = {"answer": "{answer}", p.get("field", "answer"): rng.choice(default_vocabulary().phrasings[p["list"]])}
    return template(cand, slots, fields, rng)


def insert(cand: Candidate, slots: Slots, p: Params, rng: Random) -> Candidate | None:
    entry = default_vocabulary().insertions[p["list"]]
    where, text = rng.choice(entry.where), rng.choice(entry.texts)
    part, end = where.split("_")
    current = cand.answer if part == "answer" else cand.reasoning
    if current is None:
        return None
    glue = " " if current.rstrip()[-1:] in ".!?:" else ". "
    new = f"{current.rstrip()}{glue}{text}" if end == "end" else f"{text} {current}"
    return replace(cand, **{part: new})


def swap_contrast(cand: Candidate, slots: Slots, p: Params, rng: Random) -> Candidate | None:
    allowed = set(p.get("words") or contrast_partners())
    partners = {w: [x for x in ps if x in allowed] for w, ps in contrast_partners().items() if w in allowed}
    changes = {}
    for part in p.get("fields") or ["answer"]:
        text = getattr(cand, part)
        if text is None:
            return None
        spots = []
        for m in _WORD.finditer(text):
            base, plural = _singular(m.group(0).lower(), partners)
            if not partners.get(base) or _STANDARD_NUMBER.match(text, m.end()):
                continue  # not a contrasting word, or the name of a standard ("IFRS 9")
            start = max((s.end() for s in _SENTENCE_END.finditer(text, 0, m.start())), default=0)
            stop = _SENTENCE_END.search(text, m.end())
            sentence = {w.lower() for w in _WORD.findall(text[start : stop.start() if stop else len(text)])}
            # A partner in the same sentence means a list or a contrast ("revenues and expenses"):
            # swapping there may change nothing, so only lone words are swapped.
            if not any(w in sentence or _plural(w) in sentence for w in contrast_partners()[base]):
                spots.append((m, plural, partners[base]))
        if not spots:
            return None
        m, plural, options = rng.choice(spots)
        new = rng.choice(options)
        changes[part] = text[: m.start()] + _case_like(_plural(new) if plural else new, m.group(0)) + text[m.end() :]
    return replace(cand, **changes)


def _plural(word: str) -> str:
    if word.endswith("y") and word[-2:-1] not in tuple("aeiou"):
        return word[:-1] + "ies"
    return word + "es" if word.endswith(("s", "x", "ch", "sh")) else word + "s"


def _singular(word: str, known: dict[str, list[str]]) -> tuple[str, bool]:
    """The known word ``word`` is a form of, and whether it was plural."""
    for base in (word, word[:-3] + "y", word[:-2], word[:-1]):
        if base in known and (base == word or _plural(base) == word):
            return base, base != word
    return word, False


def _case_like(word: str, model: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    return word.capitalize() if model[0].isupper() else word


def swap_sides_(cand: Candidate, slots: Slots, p: Params, rng: Random) -> Candidate | None:
    return _edit_answer(cand, swap_sides)


def _tolerance(slots: Slots) -> float:
    return max(relative_band(slots.item), DEFAULT_TOLERANCE)


def scale_number(cand: Candidate, slots: Slots, p: Params, rng: Random) -> Candidate | None:
    factor, word, drop = float(p["multiply"]), p.get("word", ""), p.get("percent") == "drop"

    def scaled(f: Figure) -> str:
        style = exact(f.value * factor, replace(f.style, percent=f.style.percent and not drop))
        return render(f.value * factor, style) + word

    return _edit_answer(cand, lambda text: rewrite_figures(text, scaled)[0])


def flip_sign(cand: Candidate, slots: Slots, p: Params, rng: Random) -> Candidate | None:
    parens = p.get("style", "minus") == "parens"

    def flipped(f: Figure) -> str | None:
        return None if f.value == 0 else render(-f.value, replace(f.style, parens=parens))

    return _edit_answer(cand, lambda text: rewrite_figures(text, flipped)[0])


def approximate(cand: Candidate, slots: Slots, p: Params, rng: Random) -> Candidate | None:
    digits, lead, tol = int(p["digits"]), p.get("prefix", ""), _tolerance(slots)

    def rounded(f: Figure) -> str | None:
        value = float(f"{f.value:.{digits}g}")
        return None if matches(value, f.value, 2 * tol) else lead + render(value, exact(value, replace(f.style, decimals=0)))

    return _edit_answer(cand, lambda text: rewrite_figures(text, rounded)[0])


def reformat_number(cand: Candidate, slots: Slots, p: Params, rng: Random) -> Candidate | None:
    def restyled(f: Figure) -> str | None:
        style = replace(
            f.style,
            currency=p.get("currency", f.style.currency),
            commas=p.get("commas", f.style.commas),
            decimals=max(f.style.decimals, p.get("decimals", 0)),
            percent=f.style.percent and not p.get("percent_word"),
        )
        text = render(f.value, style) + (" percent" if f.style.percent and p.get("percent_word") else "") + p.get("suffix", "")
        back = find_figures(text)
        return text if back and back[0].value == f.value else None  # value-preserving by construction

    return _edit_answer(cand, lambda text: rewrite_figures(text, restyled)[0])


def synonym_accounts(cand: Candidate, slots: Slots, p: Params, rng: Random) -> Candidate | None:
    accounts = chart()

    def renamed(line: Line) -> str | None:
        acc = accounts.resolve(line.account)
        names = [s for s in acc.synonyms if accounts.resolve(s) is acc] if acc else []
        if not names:
            return None
        name = names[0] if p.get("pick", "first") == "first" else rng.choice(names)
        return f"{line.indent}{'Dr' if line.side == 'debit' else 'Cr'} {name} {line.amount_text}"

    return _edit_answer(cand, lambda text: rewrite_lines(text, renamed)[0])


def journal_layout(cand: Candidate, slots: Slots, p: Params, rng: Random) -> Candidate | None:
    decimals, currency = int(p.get("decimals", 0)), p.get("currency", "")

    def laid_out(line: Line) -> str:
        amount = render(line.amount, exact(line.amount, Style(currency, decimals, commas=True)))
        return p[line.side].replace("{account}", line.account).replace("{amount}", amount)

    def layout(text: str) -> str:
        body, changed = rewrite_lines(text, laid_out)
        return f"{p['header']}\n{body}" if changed and p.get("header") else body

    return _edit_answer(cand, layout)


def drop_answer_block(cand: Candidate, slots: Slots, p: Params, rng: Random) -> Candidate | None:
    if cand.answer is None:
        return None
    return Candidate(f"{cand.reasoning}{p.get('lead', ' ')}{cand.answer}", None)


TRANSFORMS: dict[str, Transform] = {
    "template": Transform(template, {"answer": (str, False), "reasoning": (str, False), "completion": (str, False)}),
    "vocabulary": Transform(vocabulary, {"list": (str, True), "field": (str, False)}),
    "insert": Transform(insert, {"list": (str, True)}),
    "swap_contrast": Transform(swap_contrast, {"words": (list, False), "fields": (list, False)}),
    "swap_sides": Transform(swap_sides_, {}),
    "scale_number": Transform(scale_number, {"multiply": (float, True), "word": (str, False), "percent": (str, False)}),
    "flip_sign": Transform(flip_sign, {"style": (str, False)}),
    "approximate": Transform(approximate, {"digits": (int, True), "prefix": (str, False)}),
    "reformat_number": Transform(
        reformat_number,
        {"currency": (str, False), "commas": (bool, False), "decimals": (int, False), "suffix": (str, False), "percent_word": (bool, False)},
    ),
    "synonym_accounts": Transform(synonym_accounts, {"pick": (str, False)}),
    "journal_layout": Transform(journal_layout, {"debit": (str, True), "credit": (str, True), "header": (str, False), "decimals": (int, False), "currency": (str, False)}),
    "drop_answer_block": Transform(drop_answer_block, {"lead": (str, False)}),
}
