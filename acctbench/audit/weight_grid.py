"""Choose ``reference_match``'s weight in ``total`` on the reward model's validation pairs.

    python -m acctbench.audit.weight_grid [--pairs rewards/rm_pairs.jsonl] [--grid 0,0.15,0.3,0.5,1,2]
        [--json OUT]

The validation pairs are on held-out TRAIN items (``split: val``), never on test items or on
the held-out sets; ``equivalent`` pairs (two correct answers, trained as a tie) are left out.
Each answer is scored as a tagged completion (the answer text as both the reasoning and the
answer, so neither side gains from the wrapper) by every default scorer plus
``reference_match`` once; then ``total`` is recombined for each candidate weight (the other
weights keep their defaults) and its pairwise accuracy is reported overall, on the written
(fresh-words) pairs and per kind. The weight with the best accuracy on the written pairs is the
choice; ties go to the smaller weight. It also prints how ``reference_match`` scores the
validation items' own reference answers (a model that marks the reference down is broken).
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from acctbench.rewards.rm_items import EQUIVALENT

DEFAULT_GRID = (0.0, 0.15, 0.3, 0.5, 0.75, 1.0, 2.0)
NAME = "reference_match"


def completion(answer: str) -> str:
    """An answer text as a tagged completion."""
    return f"<reasoning>\n{answer}\n</reasoning>\n<answer>\n{answer}\n</answer>"


def grid_accuracy(pairs: list[dict[str, Any]], chosen: list[dict[str, float | None]],
                  rejected: list[dict[str, float | None]], grid: list[float]) -> dict[str, Any]:
    """Pairwise accuracy of ``total`` (ties are losses) for each ``reference_match`` weight."""
    from acctbench.rewards.total import DEFAULT_WEIGHTS, combine

    out: dict[str, Any] = {}
    for w in grid:
        weights = {**DEFAULT_WEIGHTS, NAME: w}
        wins: dict[str, list[bool]] = defaultdict(list)
        for pair, c, r in zip(pairs, chosen, rejected):
            win = combine(c, weights) > combine(r, weights)
            wins["all"].append(win)
            wins[f"kind:{pair['kind']}"].append(win)
            if str(pair.get("source", "")).startswith("written"):
                wins["written"].append(win)
        out[str(w)] = {k: round(sum(v) / len(v), 4) for k, v in sorted(wins.items())} | {"n": len(wins["all"])}
    return out


def best_weight(result: dict[str, Any]) -> tuple[float, str]:
    """The weight with the best accuracy on the written pairs (all pairs if none; ties: the
    smaller weight), and which pairs chose it."""
    key = "written" if all("written" in v for v in result.values()) else "all"
    return min((float(w) for w in result), key=lambda w: (-result[str(w)][key], w)), key


def reference_self(values: list[float]) -> dict[str, Any]:
    """How ``reference_match`` scores the validation items' own reference answers: a reward
    model that marks the reference itself down has learned that copying is suspicious."""
    if not values:
        return {"n": 0}
    return {"n": len(values), "mean": round(sum(values) / len(values), 4),
            "below_half": round(sum(v < 0.5 for v in values) / len(values), 4)}


def run(pairs_path: Path, grid: list[float]) -> dict[str, Any]:
    """Score the validation pairs once and return the accuracy per weight and the choice."""
    from acctbench.rewards.rm_items import train_items
    from acctbench.rewards.judge import Judge
    from acctbench.rewards.registry import default_scorer_names

    items = {i["id"]: i for i in train_items()}
    rows = [json.loads(line) for line in pairs_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    pairs = [p for p in rows if p.get("split") == "val" and p.get("kind") != EQUIVALENT]  # ties have no winner
    if not pairs:
        raise ValueError(f"{pairs_path}: no validation pairs (split: val)")
    judge = Judge([*default_scorer_names(), NAME], {NAME: 1.0})
    try:
        pair_items = [items[p["item_id"]] for p in pairs]
        chosen = [j.values() for j in judge.score_batch(pair_items, [completion(p["chosen"]) for p in pairs])]
        rejected = [j.values() for j in judge.score_batch(pair_items, [completion(p["rejected"]) for p in pairs])]
        val_items = [items[i] for i in sorted({p["item_id"] for p in pairs})]
        own = judge.score_batch(val_items, [completion(i["reference"]["answer"]) for i in val_items])
    finally:
        judge.close()
    result = grid_accuracy(pairs, chosen, rejected, grid)
    best, chosen_on = best_weight(result)
    return {"pairs": str(pairs_path), "weights_sha256": judge.config().get("reference_match_sha256"),
            "grid": result, "best": best, "chosen_on": chosen_on,
            "reference_self": reference_self([v for j in own if (v := j.values().get(NAME)) is not None])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=Path, default=Path("rewards/rm_pairs.jsonl"))
    parser.add_argument("--grid", default=",".join(str(w) for w in DEFAULT_GRID), help="comma-separated weights")
    parser.add_argument("--json", type=Path, help="also write the result here")
    args = parser.parse_args()
    try:
        grid = sorted({float(w) for w in args.grid.split(",") if w.strip()})
    except ValueError:
        parser.error(f"--grid: not a list of numbers: {args.grid!r}")
    if not grid or any(w < 0 for w in grid):
        parser.error("--grid: give one or more non-negative weights")
    result = run(args.pairs, grid)
    for w, acc in result["grid"].items():
        print(f"reference_match={w:<5} all {acc['all']:.3f}  written {acc.get('written', float('nan')):.3f}  (n={acc['n']})")
    print(f"best weight on the {result['chosen_on']} validation pairs: {result['best']}")
    own = result["reference_self"]
    if own["n"]:
        print(f"the {own['n']} validation items' own reference answers: reference_match mean {own['mean']:.3f}, "
              f"below 0.5 on {own['below_half']:.1%}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
