"""Agreement of ``correctness`` with hand labels on realistic model outputs (held-out set).

Run: ``python -m benchmarks.realistic_outputs [--set rewards/realistic_outputs.jsonl] [--json OUT]``.

Loads the labelled completions and the items they answer: the set's own items file
(``<set>_items.jsonl``, the items exactly as they stood when the set was written, since later suite
rebuilds reword questions and reorder options) or, without one, the bundled suites. Scores each with ``correctness`` (``text`` items have no gold: there the weighted ``total`` of the
lexical scorers >= 0.5 counts as "scored correct", reported on its own row), and prints agreement
overall, by type and by style, the incorrect completions scored correct (false positives) and
every disagreement.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from acctbench._paths import data_path

TEXT_PASS = 0.5
TEXT_SCORERS = ["correctness", "xml_format", "terms", "principles"]


def load_set(path: Path) -> list[dict[str, Any]]:
    """The labelled rows; a bad line is an error naming the file, the line and the field."""
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        for key in ("id", "item_id", "style", "completion", "label"):
            if key not in row:
                raise ValueError(f"{path}:{n}: missing field {key!r}")
        if row["label"] not in ("correct", "incorrect"):
            raise ValueError(f"{path}:{n}: field 'label' must be correct or incorrect, got {row['label']!r}")
        rows.append(row)
    return rows


def _items(path: Path) -> dict[str, dict[str, Any]]:
    """The items the set answers: its own ``<set>_items.jsonl`` if present, else the bundled suites."""
    own = path.with_name(path.stem + "_items.jsonl")
    if own.is_file():
        from acctbench.schema import load_items

        return {i["id"]: i for i in load_items(own)}
    from acctbench.suites import get_suite, suites

    return {i["id"]: i for name in suites() for split in ("test", "train") for i in get_suite(name).load(split)}


def measure(path: Path) -> dict[str, Any]:
    """Scores every row and returns the figures (see the module doc)."""
    from acctbench.rewards import Judge
    from acctbench.rewards.correctness import correctness

    items = _items(path)
    rows = load_set(path)
    missing = [r["id"] for r in rows if r["item_id"] not in items]  # an item neither in its items file nor in the bundled suites
    rows = [r for r in rows if r["item_id"] in items]
    judge = Judge(TEXT_SCORERS)
    results = []
    for r in rows:
        item = items[r["item_id"]]
        if item["type"] == "text":
            total = judge.score(item, r["completion"]).total
            predicted, why = total >= TEXT_PASS, f"total {total:.3f}"
        else:
            score = correctness(item, r["completion"])
            predicted, why = score.value == 1.0, f"{score.metadata.get('status')}: {score.explanation}"
        results.append({"id": r["id"], "type": item["type"], "style": r["style"], "label": r["label"],
                        "scored_correct": predicted, "agree": predicted == (r["label"] == "correct"), "why": why[:200]})
    judge.close()
    return {**summarise(results), "missing_items": missing}


def _rate(group: list[dict[str, Any]]) -> dict[str, Any]:
    return {"n": len(group), "agree": sum(g["agree"] for g in group),
            "agreement": round(sum(g["agree"] for g in group) / len(group), 4) if group else None,
            "false_positives": sum(g["scored_correct"] and g["label"] == "incorrect" for g in group),
            "false_negatives": sum(not g["scored_correct"] and g["label"] == "correct" for g in group)}


def summarise(results: list[dict[str, Any]]) -> dict[str, Any]:
    gold = [r for r in results if r["type"] != "text"]
    by_type: dict[str, list] = defaultdict(list)
    by_style: dict[str, list] = defaultdict(list)
    for r in results:
        by_type[r["type"]].append(r)
        by_style[r["style"]].append(r)
    return {
        "gold": _rate(gold),
        "text": _rate([r for r in results if r["type"] == "text"]),
        "by_type": {k: _rate(v) for k, v in sorted(by_type.items())},
        "by_style": {k: _rate(v) for k, v in sorted(by_style.items())},
        "disagreements": [r for r in results if not r["agree"]],
    }


def render(result: dict[str, Any]) -> str:
    def line(name: str, r: dict[str, Any]) -> str:
        agreement = "-" if r["agreement"] is None else f"{100 * r['agreement']:.1f}%"
        return f"{name:<24} {r['n']:>5} {agreement:>9} {r['false_positives']:>6} {r['false_negatives']:>6}\n"

    out = f"{'group':<24} {'n':>5} {'agree':>9} {'FP':>6} {'FN':>6}\n"
    out += line("gold types (correctness)", result["gold"])
    out += line(f"text (total >= {TEXT_PASS})", result["text"])
    out += "".join(line(f"type {k}", v) for k, v in result["by_type"].items())
    out += "".join(line(f"style {k}", v) for k, v in result["by_style"].items())
    if result.get("missing_items"):
        out += f"\nskipped (item not in the bundled suites): {len(result['missing_items'])}\n"
    out += f"\nincorrect completions scored correct (gold types): {result['gold']['false_positives']}\n"
    out += f"disagreements ({len(result['disagreements'])}):\n"
    out += "".join(f"  {d['id']} [{d['type']}/{d['style']}] label {d['label']}, scored "
                   f"{'correct' if d['scored_correct'] else 'not correct'}: {d['why']}\n" for d in result["disagreements"])
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--set", type=Path, default=data_path("rewards", "realistic_outputs.jsonl"))
    p.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = p.parse_args(argv)
    result = measure(args.set)
    sys.stdout.write(render(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
