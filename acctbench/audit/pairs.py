"""Build the calibration pairs (``rewards/calibration_pairs.jsonl``) from the bundled test items.

Each pair holds a chosen and a rejected completion for one item and the failure ``kind`` it
probes. ``python -m acctbench.audit.pairs`` rewrites the file deterministically; a test checks
the committed file equals a rebuild.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterator
from typing import Any

from acctbench.audit import completions as C
from acctbench.rewards import text as T
from acctbench.suites import suites

PER_KIND = 14
SEED = 2026
Item = dict[str, Any]
Pair = tuple[str, str, str]  # chosen, rejected, note


def _numeric(item: Item, rng: random.Random) -> tuple[str, float]:
    why, value = rng.choice(C.wrong_numbers(float(item["gold"])))
    return why, value


def numeric_wrong(item: Item, rng: random.Random) -> Pair | None:
    why, value = _numeric(item, rng)
    return C.reference_completion(item), C.fmt(item["reference"]["reasoning"], C.show_number(item, value)), why


def number_format(item: Item, rng: random.Random) -> Pair | None:
    if item.get("unit") == "%":
        return None
    variant = rng.choice(C.number_variants(item))
    _, value = _numeric(item, rng)
    return C.fmt(item["reference"]["reasoning"], variant), C.fmt(item["reference"]["reasoning"], C.show_number(item, value)), variant


def percent_format(item: Item, rng: random.Random) -> Pair | None:
    if item.get("unit") != "%":
        return None
    variant = rng.choice(C.number_variants(item))
    _, value = _numeric(item, rng)
    return C.fmt(item["reference"]["reasoning"], variant), C.fmt(item["reference"]["reasoning"], C.show_number(item, value)), variant


def hedged(item: Item, rng: random.Random) -> Pair | None:
    _, value = _numeric(item, rng)
    both = [C.show_number(item, float(item["gold"])), C.show_number(item, value)]
    rng.shuffle(both)
    return C.reference_completion(item), C.fmt(item["reference"]["reasoning"], f"Either {both[0]} or {both[1]}"), "two answers"


def choice_format(item: Item, rng: random.Random) -> Pair | None:
    variant = rng.choice(C.choice_variants(item))
    return C.fmt(item["reference"]["reasoning"], variant), C.fmt(item["reference"]["reasoning"], C.wrong_letter(item, rng)), variant


def wrong_choice(item: Item, rng: random.Random) -> Pair | None:
    return C.reference_completion(item), C.fmt(item["reference"]["reasoning"], C.wrong_letter(item, rng)), "wrong option"


def reversed_journal(item: Item, rng: random.Random) -> Pair | None:
    rejected = C.journal_text(C.reversed_entry(item["gold"]))
    return C.reference_completion(item), C.fmt(item["reference"]["reasoning"], rejected), "debits and credits swapped"


def wrong_account(item: Item, rng: random.Random) -> Pair | None:
    from acctbench.accounts import load_accounts

    chart = load_accounts()
    lines = [dict(ln) for ln in item["gold"]]
    target = rng.randrange(len(lines))
    original = chart.resolve(lines[target]["account"])
    used = {ln["account"] for ln in lines}
    options = [a.name for a in chart.accounts if original and a.type == original.type and a.name not in used and not a.contra]
    if not options:
        return None
    lines[target]["account"] = rng.choice(sorted(options))
    return C.reference_completion(item), C.fmt(item["reference"]["reasoning"], C.journal_text(lines)), f"{original.name if original else '?'} -> {lines[target]['account']}"


def synonym_accounts(item: Item, rng: random.Random) -> Pair | None:
    from acctbench.accounts import load_accounts

    chart = load_accounts()
    renamed = []
    for ln in item["gold"]:
        account = chart.resolve(ln["account"])
        names = [s for s in (account.synonyms if account else ()) if len(s) > 4]
        renamed.append({**ln, "account": rng.choice(names) if names else ln["account"]})
    if [ln["account"] for ln in renamed] == [ln["account"] for ln in item["gold"]]:
        return None
    style = rng.choice(["drcr", "words", "table"])
    unbalanced = [dict(ln) for ln in item["gold"]]
    side = "debit" if "debit" in unbalanced[0] else "credit"
    unbalanced[0][side] = round(unbalanced[0][side] * 1.5, 2)
    chosen = C.fmt(item["reference"]["reasoning"], C.journal_text(renamed, style))
    return chosen, C.fmt(item["reference"]["reasoning"], C.journal_text(unbalanced)), f"synonyms, {style} layout vs wrong amount"


def unbalanced_entry(item: Item, rng: random.Random) -> Pair | None:
    lines = [dict(ln) for ln in item["gold"]]
    target = rng.randrange(len(lines))
    side = "debit" if "debit" in lines[target] else "credit"
    lines[target][side] = round(lines[target][side] * rng.choice([0.5, 1.5, 10]), 2)
    return C.reference_completion(item), C.fmt(item["reference"]["reasoning"], C.journal_text(lines)), f"{lines[target]['account']} amount changed"


def _principle(item: Item) -> Any:
    from acctbench.rewards.knowledge import load_principles

    known = load_principles()
    ids = [p for p in item.get("principles", []) if p in known]
    return known[ids[0]] if ids else None


def misconception(item: Item, rng: random.Random) -> Pair | None:
    principle = _principle(item)
    if principle is None:
        return None
    wrong = rng.choice(principle.misconceptions)
    ref = item["reference"]
    return C.reference_completion(item), C.fmt(ref["reasoning"], f"{ref['answer']} {wrong.text}"), wrong.text


def _stated_ideas(item: Item, fields: tuple[str, ...]) -> Iterator[tuple[str, int, int, Any]]:
    """Every place a reference field states one of the item's principle ideas:
    ``(field, start char, end char, principle)`` of the claim, in field order."""
    from acctbench.rewards.principles import analyse, compiled_principles

    for field in fields:
        text = item["reference"][field]
        d = T.doc(text)
        analysis = analyse(text)
        for pid in item.get("principles", []):
            principle = compiled_principles().get(pid)
            for idea in principle.ideas if principle else ():
                span = analysis.stated_span(idea)
                if span:
                    last = d[span[1] - 1]
                    yield field, d[span[0]].idx, last.idx + len(last.text), principle


def _idea_sentences(item: Item) -> dict[str, list[tuple[int, int, Any]]]:
    """Per reference field, the character spans of sentences stating one of the item's
    principle ideas, with the principle."""
    found: dict[str, list[tuple[int, int, Any]]] = {}
    for field, start, _, principle in _stated_ideas(item, ("reasoning", "answer")):
        sent = _sentence_bounds(item["reference"][field], start)
        if all(sent[0] != s for s, _, _ in found.get(field, [])):
            found.setdefault(field, []).append((*sent, principle))
    return found


def _sentence_bounds(text: str, at: int) -> tuple[int, int]:
    starts = [m.end() for m in re.finditer(r"[.!?]\s+", text[:at])]
    start = starts[-1] if starts else 0
    end_match = re.search(r"[.!?](\s|$)", text[at:])
    end = at + end_match.end() if end_match else len(text)
    return start, end


def misconception_reworded(item: Item, rng: random.Random) -> Pair | None:
    """Every sentence of the reference that states a principle's idea is replaced by a
    misconception of that principle; the rest of the reference's words stay."""
    from acctbench.rewards.knowledge import load_principles

    spans = _idea_sentences(item)
    if not spans:
        return None
    ref = dict(item["reference"])
    used = []
    for field, sentences in spans.items():
        text = ref[field]
        for start, end, principle in sorted(sentences, key=lambda s: s[0], reverse=True):
            wrong = rng.choice(load_principles()[principle.id].misconceptions)
            used.append(wrong.text)
            text = text[:start] + wrong.text + " " + text[end:].lstrip()
        ref[field] = text.strip()
    return C.reference_completion(item), C.fmt(ref["reasoning"], ref["answer"]), "; ".join(used)[:200]


def negation_flip(item: Item, rng: random.Random) -> Pair | None:
    """The first idea the reference's answer (else reasoning) states, negated in place."""
    for field, start, end, _ in _stated_ideas(item, ("answer", "reasoning")):
        text = item["reference"][field]
        ref = {**item["reference"], field: text[:start] + "not " + text[start:]}
        return C.reference_completion(item), C.fmt(ref["reasoning"], ref["answer"]), f"negated: {text[start:end]}"
    return None


def paraphrased_correct(item: Item, rng: random.Random, others: list[Item]) -> Pair | None:
    same_topic = [o for o in others if o["category"] == item["category"] and o["id"] != item["id"]]
    if not same_topic:
        return None
    ref = item["reference"]
    chosen = C.fmt(C.paraphrase(ref["reasoning"]), C.paraphrase(ref["answer"]))
    return chosen, C.reference_completion(rng.choice(same_topic)), "paraphrase vs a same-topic answer to another question"


def keyword_stuffing(item: Item, rng: random.Random) -> Pair | None:
    terms = item.get("key_terms") or []
    if len(terms) < 2:
        return None
    stuffed = ", ".join(terms * 4)
    return C.reference_completion(item), C.fmt(stuffed, ", ".join(terms * 2)), "key terms repeated"


def word_salad(item: Item, rng: random.Random) -> Pair | None:
    ref = item["reference"]
    return C.reference_completion(item), C.fmt(C.shuffled_words(ref["reasoning"], rng), C.shuffled_words(ref["answer"], rng)), "shuffled reference"


def question_copy(item: Item, rng: random.Random) -> Pair | None:
    return C.reference_completion(item), C.fmt(item["question"], item["question"]), "question copied"


def empty_tags(item: Item, rng: random.Random) -> Pair | None:
    return C.reference_completion(item), "<reasoning></reasoning>\n<answer></answer>", "empty tags"


def repetition(item: Item, rng: random.Random) -> Pair | None:
    return C.reference_completion(item), "\n".join([C.reference_completion(item)] * 5), "blocks repeated five times"


def truncation(item: Item, rng: random.Random) -> Pair | None:
    full = C.reference_completion(item)
    cut = full[: max(20, int(len(full) * rng.uniform(0.3, 0.6)))]
    return full, cut, f"cut at {len(cut)} of {len(full)} characters"


def off_topic(item: Item, rng: random.Random, others: list[Item]) -> Pair | None:
    unrelated = [o for o in others if o.get("suite") != item.get("suite")]
    return C.reference_completion(item), C.reference_completion(rng.choice(unrelated)), "answer to an unrelated question"


def _wrong_answer(item: Item, rng: random.Random) -> str:
    if item["type"] == "numeric":
        return C.show_number(item, _numeric(item, rng)[1])
    if item["type"] == "choice":
        return C.wrong_letter(item, rng)
    return C.journal_text(C.reversed_entry(item["gold"]))


def unformatted_vs_formatted(item: Item, rng: random.Random) -> Pair | None:
    ref = item["reference"]
    chosen = f"{ref['reasoning']}\n\nFinal answer: {ref['answer']}"
    return chosen, C.fmt(ref["reasoning"], _wrong_answer(item, rng)), "correct without tags vs wrong with tags"


_ELABORATION = (
    "Let me double-check each figure before concluding. Each input comes directly from the question, "
    "and the computation follows the standard textbook method, so the result below is consistent with it."
)


def verbose_vs_short(item: Item, rng: random.Random) -> Pair | None:
    ref = item["reference"]
    chosen = C.fmt(f"{ref['reasoning']} {_ELABORATION}", ref["answer"])
    return chosen, C.fmt("Quick estimate.", _wrong_answer(item, rng)), "long correct vs short wrong"


Builder = Callable[..., "Pair | None"]
KINDS: dict[str, tuple[str, Builder]] = {
    "numeric_wrong": ("computations", numeric_wrong),
    "number_format_variant": ("computations", number_format),
    "percent_variant": ("computations", percent_format),
    "hedged_answer": ("computations", hedged),
    "choice_format_variant": ("choice", choice_format),
    "wrong_choice": ("choice", wrong_choice),
    "reversed_journal": ("journal", reversed_journal),
    "wrong_account": ("journal", wrong_account),
    "synonym_accounts": ("journal", synonym_accounts),
    "unbalanced_entry": ("journal", unbalanced_entry),
    "misconception": ("concepts", misconception),
    "misconception_reworded": ("concepts", misconception_reworded),
    "paraphrased_correct": ("concepts", paraphrased_correct),
    "negation_flip": ("concepts", negation_flip),
    "keyword_stuffing": ("*", keyword_stuffing),
    "word_salad": ("*", word_salad),
    "question_copy": ("*", question_copy),
    "empty_tags": ("*", empty_tags),
    "repetition": ("*", repetition),
    "truncation": ("*", truncation),
    "off_topic": ("*", off_topic),
    "unformatted_correct_vs_formatted_wrong": ("gold", unformatted_vs_formatted),
    "verbose_correct_vs_short_wrong": ("gold", verbose_vs_short),
}
_NEEDS_OTHERS = {"paraphrased_correct", "off_topic"}


def build_pairs(per_kind: int = PER_KIND, seed: int = SEED) -> Iterator[dict[str, Any]]:
    """Every calibration pair, deterministic for a seed."""
    pools = {name: s.load("test") for name, s in suites().items()}
    everything = [i for items in pools.values() for i in items]
    for kind, (source, builder) in KINDS.items():
        rng = random.Random(f"{seed}:{kind}")
        if source == "*":
            pool = everything
        elif source == "gold":
            pool = [i for i in everything if "gold" in i]
        else:
            pool = pools[source]
        candidates = pool[:]
        rng.shuffle(candidates)
        made = 0
        for item in candidates:
            pair = builder(item, rng, everything) if kind in _NEEDS_OTHERS else builder(item, rng)
            if pair is None:
                continue
            chosen, rejected, note = pair
            made += 1
            yield {"id": f"{kind}-{made:02d}", "kind": kind, "item_id": item["id"], "suite": item.get("suite"),
                   "chosen": chosen, "rejected": rejected, "note": note}
            if made == per_kind:
                break


def write_pairs(path: Any = None) -> int:
    """Rewrite the bundled pairs file; returns the number of pairs."""
    from acctbench._paths import data_path

    target = path or data_path("rewards", "calibration_pairs.jsonl")
    rows = list(build_pairs())
    target.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return len(rows)


if __name__ == "__main__":
    import sys

    sys.stdout.write(f"wrote {write_pairs()} calibration pairs\n")
