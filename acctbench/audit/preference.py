"""Preference pairs for the reward model, built from training items only.

    python -m acctbench.audit.preference [--out rewards/rm_pairs.jsonl] [--seed 0]

Each pair is ``{"id", "item_id", "split", "kind", "source", "chosen", "rejected"}`` where
``chosen``/``rejected`` are answer texts (what the scorer compares with the reference answer).
Pairs of kind ``equivalent`` hold two correct answers (the reference and a paraphrase of it or a
written correct answer): the model is trained to score them alike, so it cannot learn that
copying the reference, or leaving it, is itself a cue.
``split`` is ``train`` or ``val``: a fixed share of train ITEMS (not pairs) is held out for
choosing weights and early stopping. Items: the concepts train split plus the extra
intermediate and advanced items written for the reward model (``rewards/rm_extra_items.jsonl``,
topics the test split lacks). Sources: answers written by hand in fresh words, correct and wrong
(``rewards/rm_answers_written_*.jsonl``), hand-written pairs (``rewards/rm_pairs_hand.jsonl``),
the attack library's text operators applied to the reference (``rewards/attack_operators.yaml``,
plus a swap over every ``rewards/contrasts.yaml`` word), rule rewrites (``rewards/rm_rules.yaml``:
negation flips, scope words, dropped conditions, paraphrases), principle misconceptions
(``rewards/principles.yaml``), other items' answers, question copies and padding with true but
irrelevant sentences from other train items. The data card is ``rewards/rm_pairs.md``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from random import Random
from typing import Any

import yaml

from acctbench.audit.attack.operators import Operator
from acctbench.audit.attack.files import load_operators
from acctbench.audit.attack.slots import item_slots, reference_candidate
from acctbench.rewards.rm_items import EQUIVALENT, train_items

VAL_SHARE = 0.15
PAIRS_PER_REJECTED = 2
STRUCTURE_FAMILIES = ("tag_games", "reasoning_only")  # about tags, not content: the format scorer's job
KINDS = ("concise_vs_long", "scope_error", "semantic_swap", "natural_negation", "misconception", "partial_vs_wrong")
NEAR_COPY_KINDS = ("semantic_swap", "scope_error", "negation_flip")
"""Rejected edits of the reference: each also meets the reference itself, which must win."""
WRITTEN_ANSWERS = "rm_answers_written_*.jsonl"
CORRECT_KINDS = ("concise", "full", "natural_negation", "partial")
WRONG_KINDS = {"long_wrong": "concise_vs_long", "scope_copy": "scope_error", "swap": "semantic_swap",
               "misconception": "misconception", "confident_wrong": "partial_vs_wrong"}
"""Written wrong-answer kind -> the pair kind it teaches."""
RULE_EDITS_PER_WRITTEN = 3
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")


@dataclass(frozen=True)
class Rules:
    """The rewrite rules of ``rewards/rm_rules.yaml``."""

    negate: tuple[tuple[re.Pattern[str], str], ...]
    scope: tuple[tuple[re.Pattern[str], str], ...]
    drop_condition: tuple[re.Pattern[str], ...]
    paraphrase: tuple[tuple[re.Pattern[str], str], ...]
    wrong_leads: tuple[str, ...]
    natural_negation: tuple[str, ...]


def load_rules(path: Path | None = None) -> Rules:
    """Read and compile the rules; a bad entry raises ``ValueError`` naming the file and entry."""
    from acctbench._paths import data_path

    source = path or data_path("rewards", "rm_rules.yaml")
    raw = yaml.safe_load(source.read_text(encoding="utf-8"))

    def subs(key: str) -> tuple[tuple[re.Pattern[str], str], ...]:
        out = []
        for i, entry in enumerate(raw.get(key) or []):
            try:
                pattern, replacement = entry
                out.append((re.compile(pattern, re.I), str(replacement)))
            except (ValueError, TypeError, re.error) as exc:
                raise ValueError(f"{source}: {key}[{i}]: {exc}") from None
        return tuple(out)

    try:
        drops = tuple(re.compile(p, re.I) for p in raw.get("drop_condition") or [])
    except re.error as exc:
        raise ValueError(f"{source}: drop_condition: {exc}") from None
    return Rules(subs("negate"), subs("scope"), drops, subs("paraphrase"),
                 tuple(raw.get("wrong_leads") or ()), tuple(raw.get("natural_negation") or ()))


def written_answers(paths: list[Path] | None = None) -> dict[str, dict[str, list[tuple[str, str]]]]:
    """Hand-written answers by item: ``{item_id: {"correct": [(kind, text)], "wrong": [...]}}``.
    A bad line raises ``ValueError`` naming the file and line."""
    from acctbench._paths import data_path

    files = paths if paths is not None else sorted(data_path("rewards").glob(WRITTEN_ANSWERS))
    out: dict[str, dict[str, list[tuple[str, str]]]] = {}
    for source in files:
        for lineno, line in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as exc:
                raise ValueError(f"{source}:{lineno}: not JSON ({exc})") from None
            label, kind, text = row.get("label"), row.get("kind"), row.get("text")
            allowed = CORRECT_KINDS if label == "correct" else tuple(WRONG_KINDS) if label == "wrong" else ()
            if not isinstance(row.get("item_id"), str) or kind not in allowed or not isinstance(text, str) or not text.strip():
                raise ValueError(f"{source}:{lineno}: needs item_id, label (correct|wrong), a kind of that label "
                                 f"({CORRECT_KINDS} | {tuple(WRONG_KINDS)}) and a non-empty text")
            out.setdefault(row["item_id"], {"correct": [], "wrong": []})[label].append((kind, " ".join(text.split())))
    return out


def written_pairs(item: dict[str, Any], answers: dict[str, list[tuple[str, str]]], rule_wrong: list[str],
                  rules: Rules, rng: Random) -> list[dict[str, Any]]:
    """Pairs from an item's written answers: every correct one against every wrong one; every
    correct one (fresh words) against edits of the reference that made it wrong, and against its
    own negation; the reference against every written wrong one; the reference and every full
    correct one as equivalents."""
    ref = " ".join(item["reference"]["answer"].split())
    correct, wrong = answers["correct"], answers["wrong"]
    pairs = []

    def add(kind: str, source: str, chosen: str, rejected: str) -> None:
        pairs.append({"item_id": item["id"], "kind": kind, "source": source, "chosen": chosen, "rejected": rejected})

    for wrong_kind, bad in wrong:
        add(WRONG_KINDS[wrong_kind], "written", ref, bad)
        for good_kind, good in correct:
            kind = "partial_vs_wrong" if good_kind == "partial" else "natural_negation" if good_kind == "natural_negation" else WRONG_KINDS[wrong_kind]
            add(kind, "written", good, bad)
    for good_kind, good in correct:
        if good_kind != "partial":
            add(EQUIVALENT, "written:equivalent", ref, good)
        for bad in rng.sample(rule_wrong, min(RULE_EDITS_PER_WRITTEN, len(rule_wrong))):
            add("scope_error", "written:vs_reference_edit", good, bad)
        for bad in _rewrite(good, rules.negate, rng)[:1]:
            add("negation_flip", "written:negated", good, bad)
    return pairs


def is_val(item_id: str) -> bool:
    """Whether an item is in the validation share (stable hash of its id)."""
    return int(hashlib.sha256(item_id.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF < VAL_SHARE


def sentences(text: str) -> list[str]:
    """Sentences of an answer."""
    return [s.strip() for s in _SENTENCE.split(text.strip()) if s.strip()]


def _rewrite(text: str, subs: tuple[tuple[re.Pattern[str], str], ...], rng: Random) -> list[str]:
    """One rewrite per applicable rule, each at one random sentence where it matches."""
    parts, out = sentences(text), []
    for pattern, replacement in subs:
        spots = [i for i, s in enumerate(parts) if pattern.search(s)]
        if spots:
            i = rng.choice(spots)
            changed = pattern.sub(replacement, parts[i], count=1)
            if changed != parts[i]:
                out.append(" ".join([*parts[:i], changed, *parts[i + 1:]]))
    return out


def _paraphrases(text: str, rules: Rules, rng: Random) -> list[str]:
    """Meaning-preserving variants: rule rewordings (several at once) and sentence order."""
    out = []
    for _ in range(3):
        new = text
        for pattern, replacement in rng.sample(rules.paraphrase, len(rules.paraphrase)):
            if pattern.search(new) and rng.random() < 0.6:
                new = pattern.sub(replacement, new, count=1)
        if new != text:
            out.append(new)
    parts = sentences(text)
    if len(parts) > 1:
        out.append(" ".join(parts[1:] + parts[:1]))
    return list(dict.fromkeys(out))


def _operator_outputs(item: dict[str, Any], ops: list[Operator], label: str, rng: Random) -> list[tuple[str, str]]:
    """(operator family, answer text) for every text operator of ``label`` that applies to the reference."""
    slots, ref, out = item_slots(item), reference_candidate(item), []
    for op in ops:
        if op.label != label or not op.applies(item) or op.family in STRUCTURE_FAMILIES:
            continue
        cand = op.apply(ref, slots, rng)
        if cand is None:
            continue
        answer = cand.answer if cand.raw is None else re.sub(r"</?\w+>", " ", cand.raw)
        if answer and answer.strip() and answer.strip() != ref.answer.strip():
            out.append((op.family, " ".join(answer.split())))
    return out


def _pad(text: str, fillers: list[str], rng: Random, n: int) -> str:
    return " ".join([text, *rng.sample(fillers, min(n, len(fillers)))])


def item_pairs(item: dict[str, Any], others: list[dict[str, Any]], rules: Rules, ops: list[Operator],
               misconceptions: list[str], rng: Random,
               written: dict[str, list[tuple[str, str]]] | None = None) -> list[dict[str, Any]]:
    """Every generated pair for one train item (its kind says which failure mode it teaches),
    and the pairs of its ``written`` answers, if it has any."""
    ref = " ".join(item["reference"]["answer"].split())
    same = [o for o in others if o["category"] == item["category"]]
    fillers = [s for o in others for s in sentences(o["reference"]["answer"]) if len(s.split()) >= 6]
    good = [ref, *_paraphrases(ref, rules, rng)]
    good += [t for _, t in _operator_outputs(item, ops, "correct", rng)]
    good += [f"{ref} {rng.choice(rules.natural_negation)}"]
    parts = sentences(ref)
    partial = [" ".join(parts[: max(1, len(parts) // 2)])] if len(parts) > 1 else []

    bad: list[tuple[str, str, str]] = []  # (kind, source, text)
    for family, text in _operator_outputs(item, ops, "wrong", rng):
        bad.append(("semantic_swap" if family == "swap_reference" else "commitment", f"attack:{family}", text))
    swap_all = Operator("swap_any", "swap_reference", "wrong", ("text",), "swap_contrast")
    for _ in range(3):
        cand = swap_all.apply(reference_candidate(item), item_slots(item), rng)
        if cand is not None and cand.answer:
            bad.append(("semantic_swap", "contrasts", " ".join(cand.answer.split())))
    bad += [("negation_flip", "rules:negate", t) for t in _rewrite(ref, rules.negate, rng)]
    bad += [("scope_error", "rules:scope", t) for t in _rewrite(ref, rules.scope, rng)]
    for pattern in rules.drop_condition:
        dropped = pattern.sub("", ref, count=1)
        if dropped != ref and len(dropped.split()) >= 5:
            bad.append(("scope_error", "rules:drop_condition", dropped))
    own = [m for m in misconceptions if m]
    for text in rng.sample(own, min(3, len(own))):
        bad.append(("misconception", "principles:misconception", f"{rng.choice(rules.wrong_leads)} {text[0].lower()}{text[1:]}"))
    for other in rng.sample(same, min(2, len(same))):
        bad.append(("other_answer", "other_item_answer", " ".join(other["reference"]["answer"].split())))
    bad.append(("question_copy", "question_copy", " ".join(item["question"].split())))
    # Long, term-rich and wrong: a wrong claim buried in true sentences from other items.
    wrong_core = [t for k, _, t in bad if k in ("semantic_swap", "scope_error", "misconception", "negation_flip")]
    for core in rng.sample(wrong_core, min(4, len(wrong_core))):
        bad.append(("concise_vs_long", "padded_wrong", _pad(core, fillers, rng, rng.randint(2, 4))))
    bad.append(("concise_vs_long", "padding_only", _pad(rng.choice(fillers), fillers, rng, 3)))

    pairs = []
    for kind, source, text in dict.fromkeys(bad):
        if text == ref:
            continue
        chosen_pool = partial if kind in ("misconception", "other_answer") and partial and rng.random() < 0.3 else good
        per = 1 if kind == "commitment" else PAIRS_PER_REJECTED  # the stance analysis guards these too
        picks = rng.sample(chosen_pool, min(per, len(chosen_pool)))
        for chosen in picks:
            final_kind = "partial_vs_wrong" if chosen in partial else kind
            if rng.random() < 0.25 and kind != "concise_vs_long":  # length must not decide: pad the chosen too
                chosen = _pad(chosen, fillers, rng, rng.randint(1, 3))
            pairs.append({"item_id": item["id"], "kind": final_kind, "source": source, "chosen": chosen, "rejected": text})
        if kind in NEAR_COPY_KINDS and ref not in picks:  # the reference itself beats every edit of it
            pairs.append({"item_id": item["id"], "kind": kind, "source": source, "chosen": ref, "rejected": text})
    pairs += [{"item_id": item["id"], "kind": EQUIVALENT, "source": "equivalent:paraphrase", "chosen": ref, "rejected": g}
              for g in good if g != ref]
    if written:
        edits = [t for k, _, t in bad if k in NEAR_COPY_KINDS]
        pairs += written_pairs(item, written, edits, rules, rng)
    return pairs


def hand_pairs(path: Path | None = None) -> list[dict[str, Any]]:
    """The hand-written pairs (``rewards/rm_pairs_hand.jsonl``), checked for their fields."""
    from acctbench._paths import data_path

    source = path or data_path("rewards", "rm_pairs_hand.jsonl")
    rows = []
    for lineno, line in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        missing = [k for k in ("item_id", "kind", "chosen", "rejected") if not isinstance(row.get(k), str)]
        if missing or row["kind"] not in KINDS:
            raise ValueError(f"{source}:{lineno}: needs string fields item_id, kind (one of {KINDS}), chosen, rejected")
        rows.append({**row, "source": "hand"})
    return rows


def build(seed: int = 0) -> list[dict[str, Any]]:
    """All pairs, deterministic for a seed, each with its ``split``."""
    from acctbench.rewards.knowledge import load_principles

    rng = Random(seed)
    items = train_items()
    by_id = {i["id"]: i for i in items}
    rules, ops = load_rules(), [op for op in load_operators() if "text" in op.types]
    principles = load_principles()
    written = written_answers()
    unknown = sorted(set(written) - set(by_id))
    if unknown:
        raise ValueError(f"written answers on items that are not training items: {unknown[:5]}")
    rows = []
    for row in hand_pairs():
        if row["item_id"] not in by_id:
            raise ValueError(f"hand-written pair on {row['item_id']!r}: not a training item")
        rows.append(row)
    for item in items:
        others = [o for o in items if o["id"] != item["id"] and is_val(o["id"]) == is_val(item["id"])]
        wrong = [m.text for p in item.get("principles") or [] if p in principles for m in principles[p].misconceptions]
        rows += item_pairs(item, others, rules, ops, wrong, rng, written.get(item["id"]))
    out, seen = [], set()
    for row in rows:
        key = (row["item_id"], row["chosen"], row["rejected"])
        if key in seen or row["chosen"] == row["rejected"]:
            continue
        seen.add(key)
        split = "val" if is_val(row["item_id"]) else "train"
        out.append({"id": f"rm-{len(out):05d}", "item_id": row["item_id"], "split": split, "kind": row["kind"],
                    "source": row["source"], "chosen": row["chosen"], "rejected": row["rejected"]})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path("rewards/rm_pairs.jsonl"))
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rows = build(args.seed)
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"wrote {len(rows)} pairs to {args.out}")


if __name__ == "__main__":
    main()
