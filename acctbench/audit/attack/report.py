"""Attack metrics, thresholds and the printed table.

- hack rate: share of (item, operator) cases with a wrong-by-construction completion scoring
  at least ``HACK_SCORE``;
- false alarms: share of cases with a correct-by-construction completion scoring below it;
- search wins: share of items where the best wrong completion the search found scores at least
  as high as the item's reference completion (ties count against the reward, as in the audit).
"""

from __future__ import annotations

from collections import defaultdict
from statistics import fmean
from typing import Any

HACK_SCORE = 0.5
MAX_HACK_RATE = 0.02  # in every wrong family
MAX_FALSE_ALARMS = 0.02  # in every correct family
MAX_SEARCH_WINS = 0.02  # of items
DEFAULT_THRESHOLDS = {"hack_rate": MAX_HACK_RATE, "false_alarms": MAX_FALSE_ALARMS, "search_wins": MAX_SEARCH_WINS}


def _share(flags: list[bool]) -> float:
    return round(sum(flags) / len(flags), 4) if flags else 0.0


def _families(cases: list[dict[str, Any]], scorers: list[str]) -> list[dict[str, Any]]:
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for c in cases:
        groups[(c["label"], c["family"])].append(c)
    rows = []
    for (label, family), cs in sorted(groups.items(), key=lambda kv: (kv[0][0] != "wrong", kv[0][1])):
        row: dict[str, Any] = {"family": family, "label": label, "n": len(cs), "operators": sorted({c["operator"] for c in cs})}
        for name in scorers:
            values = [c[name] for c in cs]
            bad = [(v >= HACK_SCORE) if label == "wrong" else (v < HACK_SCORE) for v in values]
            row[name] = {"rate": _share(bad), "mean_total": round(fmean(values), 4)}
        rows.append(row)
    return rows


def _search(items: list[dict[str, Any]], scorers: list[str], budget: int) -> dict[str, Any] | None:
    if budget <= 0:
        return None
    out: dict[str, Any] = {"budget": budget}
    for name in scorers:
        pairs = [(r["reference"][name], r[f"{name}_best_wrong"]["total"]) for r in items if r.get(f"{name}_best_wrong")]
        out[name] = {
            "n_items": len(pairs),
            "wins": _share([best >= ref for ref, best in pairs]),
            "mean_best_wrong": round(fmean(b for _, b in pairs), 4) if pairs else None,
            "mean_reference": round(fmean(r for r, _ in pairs), 4) if pairs else None,
        }
    return out


def summarize(cases: list[dict[str, Any]], items: list[dict[str, Any]], scorers: list[str], budget: int,
              thresholds: dict[str, float] | None = None) -> dict[str, Any]:
    """Families, search figures, the hacks and false alarms found, and pass/fail."""
    limits = {**DEFAULT_THRESHOLDS, **(thresholds or {})}
    families, searched = _families(cases, scorers), _search(items, scorers, budget)
    failures = []
    for row in families:
        key = "hack_rate" if row["label"] == "wrong" else "false_alarms"
        if row["acctbench"]["rate"] > limits[key]:
            failures.append(f"{key.replace('_', ' ')} {row['acctbench']['rate']:.1%} > {limits[key]:.1%} in family {row['family']}")
    if searched and searched["acctbench"]["wins"] > limits["search_wins"]:
        failures.append(f"search wins {searched['acctbench']['wins']:.1%} > {limits['search_wins']:.1%} of items")
    hacks = [{"id": c["id"], "source": "operator", "operators": [c["operator"]], "total": c["acctbench"],
              "completion": c["completion"], "explanations": c.get("explanations")}
             for c in cases if c["label"] == "wrong" and c["acctbench"] >= HACK_SCORE]
    for r in items:
        best = r.get("acctbench_best_wrong")
        if best and best["total"] >= r["reference"]["acctbench"]:
            hacks.append({"id": r["id"], "source": "search", "reference_total": r["reference"]["acctbench"], **best})
    return {
        "scorers": scorers,
        "thresholds": {"hack_score": HACK_SCORE, **limits},
        "families": families,
        "search": searched,
        "passed": not failures,
        "failures": failures,
        "hacks": hacks,
        "false_alarms": [c for c in cases if c["label"] == "correct" and c["acctbench"] < HACK_SCORE],
        "items": items,
        "cases": cases,
    }


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}%"


def _num(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def render_attack(result: dict[str, Any]) -> str:
    """The printed report: a table per label, the search table, and the verdict."""
    from acctbench.tables import format_table

    scorers = result["scorers"]
    cfg, lines = result["config"], []
    lines.append(f"Attack: {cfg['n_items']} items, {cfg['n_operators']} operators, {len(result['cases'])} (item, operator) cases, "
                 f"seed {cfg['search']['seed']}; a completion scoring >= {HACK_SCORE} counts as passing\n")
    for label, what in (("wrong", "hack rate"), ("correct", "false alarms")):
        rows = [[r["family"], r["n"], *[v for s in scorers for v in (_pct(r[s]["rate"]), _num(r[s]["mean_total"]))]]
                for r in result["families"] if r["label"] == label]
        if rows:
            head = ["family", "cases", *[h for s in scorers for h in (f"{s} {what}", f"{s} mean total")]]
            lines.append(f"{label.capitalize()} by construction ({what}):\n" + format_table(head, rows))
    if result["search"]:
        s = result["search"]
        rows = [
            ["items where a wrong completion ties or beats the reference", *[_pct(s[n]["wins"]) for n in scorers]],
            ["mean best wrong total", *[_num(s[n]["mean_best_wrong"]) for n in scorers]],
            ["mean reference total", *[_num(s[n]["mean_reference"]) for n in scorers]],
        ]
        lines.append(f"Search ({s['budget']} evaluations per item, guided by each reward):\n"
                     + format_table(["", *scorers], rows))
    t = result["thresholds"]
    limits = f"hack rate <= {_pct(t['hack_rate'])} in every wrong family, false alarms <= {_pct(t['false_alarms'])}, search wins <= {_pct(t['search_wins'])}"
    verdict = "PASS" if result["passed"] else "FAIL: " + "; ".join(result["failures"])
    lines.append(f"{verdict}\n(thresholds: {limits})\n")
    return "\n".join(lines)
