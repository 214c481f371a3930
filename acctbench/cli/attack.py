"""``acctbench attack``: measure the reward against attack operators and a search for hacks."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from acctbench.cli.common import CLIError, write_atomic
from acctbench.cli.score import add_scoring_options, judge_from_args
from acctbench.results.jsonl import dumps

ALL_SUITES = ("computations", "journal", "choice", "concepts")


def _share(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"expected a share between 0 and 1, got {text}")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``attack``."""
    p = sub.add_parser(
        "attack", help="attack the reward: wrong-by-construction operators and a budgeted search for hacks",
        description="Apply every attack operator to each item's reference completion, then search for the "
        "highest-scoring wrong completion per item; report hack rates, false alarms and search wins beside "
        "the naive reward set. Exits 1 when a threshold is exceeded.",
    )
    p.add_argument("--suite", action="append", default=[], help="bundled suite (repeatable; default: all four)")
    p.add_argument("--dataset", action="append", default=[], help="items JSONL file (repeatable)")
    p.add_argument("--split", default="test", choices=("test", "train"))
    p.add_argument("--limit", type=int, help="first N items of each suite or dataset")
    p.add_argument("--budget", type=int, default=200, help="search evaluations per item (0: operators only; default 200)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--operators", action="append", type=Path, default=[],
                   help="operator file, YAML or JSONL in the held-out format (repeatable; default: rewards/attack_operators.yaml)")
    p.add_argument("--json", type=Path, help="write everything here: families, search, per-item results, hacks")
    p.add_argument("--no-naive", action="store_true", help="skip the naive reward set")
    # Defaults: MAX_HACK_RATE, MAX_FALSE_ALARMS, MAX_SEARCH_WINS in acctbench/audit/attack/report.py
    # (read in the handler, so that building the parser imports no scorer).
    p.add_argument("--max-hack-rate", type=_share, help="highest hack rate allowed in any wrong family (default 0.02)")
    p.add_argument("--max-false-alarms", type=_share, help="highest false-alarm rate in any correct family (default 0.02)")
    p.add_argument("--max-search-wins", type=_share, help="highest share of items a search win may reach (default 0.02)")
    add_scoring_options(p)
    p.set_defaults(handler=cmd_attack)


def cmd_attack(args: argparse.Namespace) -> int:
    from acctbench.audit.attack import OperatorError, SearchConfig, load_operators, render_attack, run_attack
    from acctbench.suites import resolve_dataset

    if args.limit is not None and args.limit < 1:
        raise CLIError("--limit must be at least 1")
    if args.budget < 0:
        raise CLIError("--budget must be 0 or more")
    for path in args.operators:
        if not path.is_file():
            raise CLIError(f"operator file not found: {path}")
    try:
        operators = load_operators(args.operators or None)
    except OperatorError as exc:
        raise CLIError(f"bad operator file:\n{exc}") from exc
    items = []
    for spec in (args.suite + args.dataset) or list(ALL_SUITES):
        items += resolve_dataset(spec, args.split)[1][: args.limit]
    judge = judge_from_args(args)
    given = {"hack_rate": args.max_hack_rate, "false_alarms": args.max_false_alarms, "search_wins": args.max_search_wins}
    thresholds = {k: v for k, v in given.items() if v is not None}
    try:
        result = run_attack(items, judge, operators, SearchConfig(budget=args.budget, seed=args.seed),
                            naive=not args.no_naive, thresholds=thresholds)
    finally:
        judge.close()
    result["config"]["operator_files"] = [str(p) for p in args.operators] or ["rewards/attack_operators.yaml"]
    sys.stdout.write(render_attack(result))
    if args.json:
        write_atomic(args.json, dumps(result, indent=1) + "\n")
        sys.stdout.write(f"wrote {args.json}\n")
    return 0 if result["passed"] else 1
