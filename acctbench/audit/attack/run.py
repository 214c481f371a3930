"""Run an attack: every operator on every item's reference, then the search, scored by a Judge
(and the naive reward set beside it)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from random import Random
from typing import Any

from acctbench.audit.attack.operators import Operator
from acctbench.audit.attack.report import HACK_SCORE, summarize
from acctbench.audit.attack.search import Found, SearchConfig, search
from acctbench.audit.attack.slots import item_slots, reference_candidate
from acctbench.audit.naive import naive_scores

SCORE_CHUNK = 2048  # completions per score_batch call


def _judge_objective(judge: Any):
    def score(items: list[dict[str, Any]], texts: list[str]) -> list[float]:
        out: list[float] = []
        for start in range(0, len(texts), SCORE_CHUNK):
            out += [j.total for j in judge.score_batch(items[start : start + SCORE_CHUNK], texts[start : start + SCORE_CHUNK])]
        return out

    return score


def _naive_objective(items: list[dict[str, Any]], texts: list[str]) -> list[float]:
    return [naive_scores(i, t)["naive_total"] for i, t in zip(items, texts)]


def operator_cases(items: Sequence[dict[str, Any]], operators: Sequence[Operator], seed: int) -> list[dict[str, Any]]:
    """Every applicable operator applied once to every item's reference (not yet scored)."""
    cases = []
    for item in items:
        slots, ref = item_slots(item), reference_candidate(item)
        for op in operators:
            if not op.applies(item):
                continue
            cand = op.apply(ref, slots, Random(f"{seed}:{item['id']}:{op.name}"))
            if cand is None or cand.text() == ref.text():
                continue
            cases.append({"id": item["id"], "item": item, "operator": op.name, "family": op.family,
                          "label": op.label, "candidate": cand, "completion": cand.text()})
    return cases


def _found_row(found: Found | None) -> dict[str, Any] | None:
    if found is None:
        return None
    return {"total": round(found.score, 4), "operators": list(found.chain), "completion": found.text}


def run_attack(
    items: Sequence[dict[str, Any]],
    judge: Any,
    operators: Sequence[Operator],
    config: SearchConfig | None = None,
    naive: bool = True,
    thresholds: dict[str, float] | None = None,
) -> dict[str, Any]:
    """Attack ``items``: per-operator hack and false-alarm rates, and the search's best wrong
    completion per item, with the naive set beside (unless ``naive=False``)."""
    config = config or SearchConfig()
    items = list(items)
    ids = [i["id"] for i in items]
    if len(set(ids)) != len(ids):
        raise ValueError("attack items must have unique ids")
    scorers = {"acctbench": _judge_objective(judge)}
    if naive:
        scorers["naive"] = _naive_objective
    cases = operator_cases(items, operators, config.seed)
    refs = [reference_candidate(i).text() for i in items]
    reference: dict[str, dict[str, float]] = {i: {} for i in ids}
    for name, objective in scorers.items():
        for case, score in zip(cases, objective([c["item"] for c in cases], [c["completion"] for c in cases])):
            case[name] = round(score, 4)
        for item_id, score in zip(ids, objective(items, refs)):
            reference[item_id][name] = round(score, 4)
    searched: dict[str, list[list[Found]]] = {}
    if config.budget > 0:
        slots = [item_slots(i) for i in items]
        for name, objective in scorers.items():
            starts: dict[str, list[Found]] = {i: [] for i in ids}
            for c in cases:
                if c["label"] == "wrong":
                    starts[c["id"]].append(Found(c["candidate"], (c["operator"],), c[name]))
            searched[name] = search(items, slots, [starts[i] for i in ids], operators, objective, config)
    per_item = []
    for k, item in enumerate(items):
        row = {"id": item["id"], "type": item["type"], "suite": item.get("suite"), "reference": reference[item["id"]]}
        for name, found in searched.items():
            row[f"{name}_best_wrong"] = _found_row(found[k][0] if found[k] else None)
            row[f"{name}_top_wrong"] = [_found_row(f) for f in found[k]]
        per_item.append(row)
    explained = [c for c in cases if (c["label"] == "wrong") == (c["acctbench"] >= HACK_SCORE)]
    best = [(row, row["acctbench_best_wrong"]) for row in per_item if row.get("acctbench_best_wrong")]
    by_id = {i["id"]: i for i in items}
    judged = judge.score_batch([c["item"] for c in explained] + [by_id[r["id"]] for r, _ in best],
                               [c["completion"] for c in explained] + [b["completion"] for _, b in best])
    for c, j in zip(explained, judged):
        c["explanations"] = j.explanations()
    for (_, b), j in zip(best, judged[len(explained) :]):
        b["explanations"] = j.explanations()
    for c in cases:
        del c["item"], c["candidate"]
    result = summarize(cases, per_item, list(scorers), config.budget, thresholds)
    result["config"] = {"search": asdict(config), "n_items": len(items), "n_operators": len(operators),
                        "scoring": judge.config()}
    return result
