"""Completion texts the calibration pairs are made of: formats, variants and corruptions."""

from __future__ import annotations

import random
from typing import Any

from acctbench.generators.base import journal_answer, num


def fmt(reasoning: str, answer: str) -> str:
    """A well-formed completion."""
    return f"<reasoning>\n{reasoning}\n</reasoning>\n<answer>\n{answer}\n</answer>"


def reference_completion(item: dict[str, Any]) -> str:
    """The item's reference written as a valid completion."""
    return fmt(item["reference"]["reasoning"], item["reference"]["answer"])


def wrong_numbers(gold: float) -> list[tuple[str, float]]:
    """Typical wrong results: small slips, a decimal shift, a sign error, a doubled amount."""
    candidates = [
        ("10% too high", gold * 1.1),
        ("10% too low", gold * 0.9),
        ("decimal point shifted", gold * 10),
        ("sign error", -gold),
        ("doubled", gold * 2),
        ("a quarter too low", gold * 0.75),
    ]
    return [(why, round(v, 2)) for why, v in candidates if v != 0 and abs(v - gold) > 0.02 * max(1.0, abs(gold))]


def show_number(item: dict[str, Any], value: float) -> str:
    """A number written the way the item's reference writes its unit."""
    unit = item.get("unit")
    if unit == "$":
        return f"-${abs(value):,.2f}" if value < 0 else f"${value:,.2f}"
    if unit == "%":
        return f"{value:.2f}%"
    return f"{num(value)} {unit}" if unit else num(value)


def number_variants(item: dict[str, Any]) -> list[str]:
    """Correct answers written differently from the reference (percent forms for ``%``)."""
    gold, unit = float(item["gold"]), item.get("unit")
    if unit == "%":
        return [f"{gold / 100:.6g}", f"{gold:g} percent", f"{gold:.2f} %", f"approximately {gold:.2f}%"]
    out = [f"{gold:.2f}", f"{gold:,.2f}", f"The answer is {gold:,.2f}."]
    if unit == "$":
        out += [f"USD {gold:,.2f}", f"$ {gold:,.0f}" if gold == round(gold) else f"$ {gold:,.2f}"]
        if abs(gold) >= 1000 and gold % 10 == 0:
            out += [f"USD {gold / 1000:g} thousand", f"${gold / 1000:g}k"]
    return out


def choice_variants(item: dict[str, Any]) -> list[str]:
    """Correct choice answers in the many ways models write them."""
    letter = item["gold"]
    text = item["choices"][ord(letter) - 65]
    return [letter, f"({letter})", f"{letter}) {text}", text, f"The answer is {letter}.", f"Option {letter}"]


def wrong_letter(item: dict[str, Any], rng: random.Random) -> str:
    """A wrong option, as 'X) option text'."""
    letters = [chr(65 + i) for i in range(len(item["choices"])) if chr(65 + i) != item["gold"]]
    letter = rng.choice(letters)
    return f"{letter}) {item['choices'][ord(letter) - 65]}"


def reversed_entry(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every debit made a credit and vice versa."""
    return [
        {"account": ln["account"], "credit": ln["debit"]} if "debit" in ln else {"account": ln["account"], "debit": ln["credit"]}
        for ln in lines
    ]


def journal_text(lines: list[dict[str, Any]], style: str = "drcr") -> str:
    """Journal lines as ``Dr``/``Cr`` lines, ``Debit:``/``Credit:`` lines or a pipe table."""
    if style == "drcr":
        return journal_answer(lines)
    if style == "words":
        return "\n".join(
            f"Debit: {ln['account']} ${ln['debit']:,.2f}" if "debit" in ln else f"Credit: {ln['account']} ${ln['credit']:,.2f}"
            for ln in lines
        )
    rows = ["| Account | Debit | Credit |", "|---|---|---|"]
    for ln in lines:
        debit = f"{ln['debit']:,.2f}" if "debit" in ln else ""
        credit = f"{ln['credit']:,.2f}" if "credit" in ln else ""
        rows.append(f"| {ln['account']} | {debit} | {credit} |")
    return "\n".join(rows)


def shuffled_words(text: str, rng: random.Random) -> str:
    """The same words in a random order (word salad)."""
    words = text.split()
    rng.shuffle(words)
    return " ".join(words)


_PARAPHRASE = {
    "company": "business", "recognised": "recorded", "recognized": "recorded", "because": "since",
    "must": "has to", "should": "ought to", "however": "yet", "therefore": "so", "amount": "sum",
    "reported": "presented", "required": "needed", "entity": "business", "shows": "presents",
    "means": "implies", "uses": "applies", "important": "key", "ensures": "makes sure",
}


def paraphrase(text: str) -> str:
    """A light, meaning-preserving rewording: sentence order rotated, some words swapped."""
    sentences = [s.strip() for s in text.replace("\n", " ").split(". ") if s.strip()]
    if len(sentences) > 2:
        sentences = sentences[1:] + sentences[:1]
    out = ". ".join(s.rstrip(".") for s in sentences) + "."
    return " ".join(_PARAPHRASE.get(w, w) for w in out.split(" "))
