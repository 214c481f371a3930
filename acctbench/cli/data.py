"""Data subcommands: ``list``, ``show``, ``validate`` and ``generate``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from acctbench.cli.common import CLIError, format_table, write_atomic
from acctbench.schema import Item


def register(sub: argparse._SubParsersAction) -> None:
    """Add the data subcommands to the top-level parser."""
    p = sub.add_parser("list", help="list the bundled suites with counts, versions and hashes")
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("show", help="print items of a suite or dataset file")
    p.add_argument("suite", help="bundled suite name or a JSONL file")
    p.add_argument("--split", default="test", choices=("test", "train"))
    p.add_argument("--n", type=int, default=3, help="number of items to show (default 3)")
    p.add_argument("--json", action="store_true", help="print raw JSON lines")
    p.set_defaults(handler=cmd_show)

    p = sub.add_parser("validate", help="check JSONL item files against the item schema")
    p.add_argument("files", nargs="+", type=Path)
    p.set_defaults(handler=cmd_validate)

    p = sub.add_parser("generate", help="draw fresh instances of a template suite from a new seed")
    p.add_argument("--suite", required=True, help="computations, journal or choice")
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--n", type=int, default=100)
    p.add_argument("--out", type=Path, required=True, help="output JSONL file")
    p.add_argument("--force", action="store_true", help="overwrite an existing output file")
    p.set_defaults(handler=cmd_generate)


def cmd_list(args: argparse.Namespace) -> int:
    from acctbench.suites import suites

    rows = []
    for suite in suites().values():
        counts = [sum(1 for _ in suite.path(s).open(encoding="utf-8")) for s in ("test", "train")]
        rows.append([suite.name, suite.type, suite.version, *counts, suite.content_hash("test")[7:19]])
    sys.stdout.write(format_table(["suite", "type", "version", "test", "train", "test sha256"], rows))
    return 0


def _describe(item: Item) -> str:
    lines = [f"[{item['id']}] ({item['type']}, {item.get('category', '-')})", item["question"]]
    for i, choice in enumerate(item.get("choices", [])):
        lines.append(f"  {chr(65 + i)}) {choice}")
    if "gold" in item:
        gold = item["gold"]
        if item["type"] == "journal":
            gold = "; ".join(
                f"Dr {ln['account']} {ln['debit']:,.2f}" if "debit" in ln else f"Cr {ln['account']} {ln['credit']:,.2f}"
                for ln in gold
            )
        unit = f" ({item['unit']})" if item.get("unit") else ""
        lines.append(f"gold: {gold}{unit}")
    lines.append(f"reference answer: {item['reference']['answer']}")
    return "\n".join(lines)


def cmd_show(args: argparse.Namespace) -> int:
    from acctbench.suites import resolve_dataset

    _, items = resolve_dataset(args.suite, args.split)
    for item in items[: max(args.n, 0)]:
        if args.json:
            sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(_describe(item) + "\n\n")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from acctbench.schema import read_items

    failed = 0
    for path in args.files:
        items, errors = read_items(path)
        for error in errors:
            sys.stderr.write(f"{error}\n")
        if errors:
            failed += 1
            sys.stdout.write(f"{path}: INVALID ({len(errors)} error(s), {len(items)} valid item(s))\n")
        else:
            sys.stdout.write(f"{path}: OK ({len(items)} items)\n")
    return 1 if failed else 0


def cmd_generate(args: argparse.Namespace) -> int:
    from acctbench.generators.build import dump_jsonl, item_key, sample_items
    from acctbench.suites import get_suite

    suite = get_suite(args.suite)
    family = suite.meta.get("family")
    if family == "concepts":
        raise CLIError(f"suite {suite.name!r} is hand-written; only template suites can be generated")
    if args.n < 1:
        raise CLIError("--n must be at least 1")
    if args.out.exists() and not args.force:
        raise CLIError(f"{args.out} exists; pass --force to overwrite it")
    bundled = {item_key(i) for split in ("test", "train") for i in suite.load(split)}
    items = sample_items(family, suite.name, args.seed, args.n, exclude=bundled)
    write_atomic(args.out, dump_jsonl(items))
    sys.stdout.write(f"wrote {len(items)} fresh {suite.name} items (seed {args.seed}) to {args.out}\n")
    return 0
