"""Run the audit: pairwise accuracy (ties are losses) per scorer, for the total, per kind."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from acctbench.audit.naive import naive_scores

TOTAL_THRESHOLD = 0.95
KIND_THRESHOLD = 0.85


def load_pairs(path: Path | None = None) -> list[dict[str, Any]]:
    """The calibration pairs (bundled by default)."""
    from acctbench._paths import data_path

    source = path or data_path("rewards", "calibration_pairs.jsonl")
    rows = []
    for lineno, line in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            row["chosen"], row["rejected"], row["item_id"], row["kind"]
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{source}:{lineno}: bad calibration pair ({exc})") from None
        rows.append(row)
    return rows


def sample_pairs(pairs: list[dict[str, Any]], limit: int | None) -> list[dict[str, Any]]:
    """At most ``limit`` pairs, taken in turn from each kind (in file order): deterministic, and
    every kind is represented while ``limit`` allows."""
    if limit is None or limit >= len(pairs):
        return pairs
    by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for pair in pairs:
        by_kind[pair["kind"]].append(pair)
    queues = list(by_kind.values())
    taken: list[dict[str, Any]] = []
    for depth in range(max(map(len, queues))):
        taken += [q[depth] for q in queues if depth < len(q)]
    return taken[:limit]


def pair_sets() -> list[tuple[str, Path, Path | None]]:
    """The calibration pairs and every held-out pair set as ``(name, pairs file, items file)``:
    ``heldout_pairs*.jsonl`` (on bundled items) and ``heldout_newitem_pairs*.jsonl`` with their
    ``heldout_newitems*.jsonl`` items (a pair file without its items file is left out)."""
    from acctbench._paths import data_dir

    rewards = data_dir("rewards")
    sets: list[tuple[str, Path, Path | None]] = [("calibration", rewards / "calibration_pairs.jsonl", None)]
    sets += [(p.stem, p, None) for p in sorted(rewards.glob("heldout_pairs*.jsonl"))]
    for p in sorted(rewards.glob("heldout_newitem_pairs*.jsonl")):
        items = rewards / p.name.replace("newitem_pairs", "newitems")
        if items.is_file():
            sets.append((p.stem, p, items))
    return sets


def _items_by_id(dataset: Path | None = None) -> dict[str, dict[str, Any]]:
    """Every bundled item, plus (and overriding) the items of a user ``dataset`` JSONL file."""
    from acctbench.suites import load_items, suites

    items = {i["id"]: i for s in suites().values() for split in ("test", "train") for i in s.load(split)}
    if dataset is not None:
        items.update({i["id"]: i for i in load_items(dataset)})
    return items


def _accuracy(wins: list[bool]) -> dict[str, Any]:
    return {"accuracy": round(sum(wins) / len(wins), 4) if wins else None, "n": len(wins)}


def run_audit(judge: Any, path: Path | None = None, dataset: Path | None = None, limit: int | None = None,
              beside: tuple[str, ...] = ()) -> dict[str, Any]:
    """Score every pair with ``judge`` and the naive set; return accuracies and pass/fail.
    ``dataset``: an items JSONL file for pairs on items outside the bundled suites; ``limit``:
    at most that many pairs (:func:`sample_pairs`); ``beside``: scorers whose accuracy per kind
    is reported beside the total's (with the count of each score ``status`` they returned)."""
    pairs = sample_pairs(load_pairs(path), limit)
    items = _items_by_id(dataset)
    missing = sorted({p["item_id"] for p in pairs} - set(items))
    if missing:
        raise ValueError(f"calibration pairs refer to unknown items: {missing[:5]}")
    pair_items = [items[p["item_id"]] for p in pairs]
    chosen = judge.score_batch(pair_items, [p["chosen"] for p in pairs])
    rejected = judge.score_batch(pair_items, [p["rejected"] for p in pairs])
    per_scorer: dict[str, list[bool]] = defaultdict(list)
    per_kind: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
    failures = []
    statuses: dict[str, Counter[str]] = {name: Counter() for name in beside}
    for pair, item, c, r in zip(pairs, pair_items, chosen, rejected):
        win = c.total > r.total
        per_kind[pair["kind"]]["total"].append(win)
        for name in beside:
            cv, rv = c.scores[name].value, r.scores[name].value
            per_kind[pair["kind"]][name].append(cv is not None and rv is not None and cv > rv)
            statuses[name].update(str(s.scores[name].metadata.get("status", "ok")) for s in (c, r))
        per_scorer["total"].append(win)
        if not win:
            failures.append({"id": pair["id"], "kind": pair["kind"], "chosen": c.total, "rejected": r.total})
        for name in c.scores:
            cv, rv = c.scores[name].value, r.scores[name].value
            if cv is not None and rv is not None:
                per_scorer[name].append(cv > rv)
        naive_c, naive_r = naive_scores(item, pair["chosen"]), naive_scores(item, pair["rejected"])
        for name in naive_c:
            per_scorer[name].append(naive_c[name] > naive_r[name])
        per_kind[pair["kind"]]["naive_total"].append(naive_c["naive_total"] > naive_r["naive_total"])
    kinds = {k: {name: _accuracy(w) for name, w in v.items()} for k, v in sorted(per_kind.items())}
    overall = _accuracy(per_scorer["total"])["accuracy"] or 0.0
    weakest = min((v["total"]["accuracy"] for v in kinds.values()), default=0.0)
    return {
        "n_pairs": len(pairs),
        "scorers": {name: _accuracy(w) for name, w in per_scorer.items()},
        "kinds": kinds,
        "thresholds": {"total": TOTAL_THRESHOLD, "every_kind": KIND_THRESHOLD},
        "passed": overall >= TOTAL_THRESHOLD and weakest >= KIND_THRESHOLD,
        "failures": failures,
        "scoring": judge.config(),
        "beside": list(beside),
        "statuses": {name: dict(sorted(counts.items())) for name, counts in statuses.items()},
    }


def render_audit(result: dict[str, Any]) -> str:
    """A readable report: per-scorer accuracy, then per kind against the naive baseline."""
    from acctbench.tables import format_table

    def pct(x: Any) -> str:
        return "-" if x is None else f"{100 * x:.1f}%"

    scorer_rows = [[name, pct(v["accuracy"]), v["n"]] for name, v in result["scorers"].items()]
    beside = result.get("beside", [])
    kind_rows = [
        [kind, v["total"]["n"], pct(v["total"]["accuracy"]), *(pct(v[b]["accuracy"]) for b in beside), pct(v["naive_total"]["accuracy"])]
        for kind, v in result["kinds"].items()
    ]
    statuses = "".join(f"{b} statuses (chosen and rejected): {', '.join(f'{k} {n}' for k, n in result['statuses'][b].items())}\n"
                       for b in beside)
    verdict = "PASS" if result["passed"] else "FAIL"
    t = result["thresholds"]
    return (
        f"Calibration audit: {result['n_pairs']} chosen/rejected pairs (ties count as losses)\n\n"
        + format_table(["scorer", "pair accuracy", "pairs scored"], scorer_rows)
        + "\n"
        + format_table(["kind", "pairs", "acctbench total", *beside, "naive total"], kind_rows)
        + statuses
        + f"\n{verdict}: total must be >= {pct(t['total'])} overall and >= {pct(t['every_kind'])} on every kind\n"
    )
