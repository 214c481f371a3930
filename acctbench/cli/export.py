"""``acctbench export``: the bundled suites in other harnesses' formats.

``export hf DIR`` saves one ``datasets.Dataset`` per suite (``Suite.to_hf``: the rows ``acctbench
train`` feeds TRL) under ``DIR/<suite>``; ``datasets.load_from_disk`` reads them back.
``export lm-eval DIR`` writes lm-evaluation-harness tasks (:mod:`acctbench.integrations.lm_eval`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from acctbench.cli.common import CLIError, format_table


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``export`` with its ``hf`` and ``lm-eval`` formats."""
    p = sub.add_parser("export", help="export the suites for other harnesses (HF datasets, lm-evaluation-harness)")
    formats = p.add_subparsers(dest="format", required=True, metavar="FORMAT")

    hf = formats.add_parser("hf", help="one HF datasets.Dataset per suite (the rows acctbench train uses)")
    hf.add_argument("out", type=Path, metavar="DIR", help="output folder; each suite goes to DIR/<suite>")
    hf.add_argument("--suite", action="append", help="suite to export (repeatable; default: every bundled suite)")
    hf.add_argument("--split", default="train", choices=("test", "train"))
    hf.add_argument("--few-shot", type=int, default=0, help="k-shot examples in each prompt, from the train splits (default 0)")
    hf.add_argument("--force", action="store_true", help="overwrite existing DIR/<suite> folders")
    hf.set_defaults(handler=cmd_export_hf)

    lm = formats.add_parser("lm-eval", help="lm-evaluation-harness task YAMLs (one per suite, plus a group) and utils.py")
    lm.add_argument("out", type=Path, metavar="DIR", help="output folder, passed to lm_eval as --include_path DIR")
    lm.add_argument("--split", default="test", choices=("test", "train"))
    lm.add_argument("--force", action="store_true", help="overwrite files in a folder that already holds an export")
    lm.set_defaults(handler=cmd_export_lm_eval)


def _chosen_suites(names: list[str] | None) -> list:
    from acctbench.suites import get_suite, suites

    return [get_suite(n) for n in names] if names else list(suites().values())


def cmd_export_hf(args: argparse.Namespace) -> int:
    if args.few_shot < 0:
        raise CLIError("--few-shot must be 0 or more")
    chosen = _chosen_suites(args.suite)
    taken = [str(args.out / s.name) for s in chosen if (args.out / s.name).exists()]
    if taken and not args.force:
        raise CLIError(f"{', '.join(taken)} already exist; pass --force to overwrite")
    try:
        import datasets  # noqa: F401
    except ImportError:
        raise CLIError("export hf needs the datasets package: pip install 'acctbench[train]'") from None
    rows = []
    for suite in chosen:
        dataset = suite.to_hf(args.split, few_shot=args.few_shot)
        dataset.save_to_disk(str(args.out / suite.name))
        rows.append([suite.name, args.split, len(dataset), str(args.out / suite.name)])
    sys.stdout.write(format_table(["suite", "split", "rows", "saved to"], rows))
    return 0


def cmd_export_lm_eval(args: argparse.Namespace) -> int:
    from acctbench.integrations.lm_eval.export import export_tasks

    written = export_tasks(args.out, split=args.split, force=args.force)
    sys.stdout.write(format_table(["file"], [[str(p)] for p in written]))
    sys.stdout.write(f"run: lm_eval --model ... --tasks acctbench --include_path {args.out}\n")
    return 0
