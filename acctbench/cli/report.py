"""The ``report`` subcommand: compare run directories as HTML, Markdown or CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from acctbench.cli.common import CLIError, write_atomic

SUFFIX_FORMATS = {".md": "md", ".markdown": "md", ".csv": "csv", ".html": "html", ".htm": "html"}


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``report``."""
    p = sub.add_parser(
        "report",
        help="compare run directories in a self-contained HTML report (or Markdown / CSV)",
        description="Compare run directories (from `acctbench run` or `acctbench score`): leaderboard with "
        "95%% CIs, per-scorer and per-category breakdowns, paired comparisons against a baseline and "
        "between every pair (bootstrap CI, McNemar), per-item drill-down, scorer diagnostics and run metadata. "
        "Runs may cover different cases: each system is summarised on its own cases and each pair is "
        "compared on the cases both have.",
    )
    p.add_argument("runs", nargs="+", type=Path, metavar="RUN_DIR",
                   help="run directories holding samples.jsonl; an `acctbench train` output directory "
                   "(trainer_state.json, acctbench_train.json) adds a training section with its curves")
    p.add_argument("-o", "--out", type=Path, help="output file; required for html, md/csv print to stdout without it")
    p.add_argument("--baseline", type=Path, metavar="RUN_DIR", help="run to compare against (default: the first RUN_DIR)")
    p.add_argument("--title", help="report title")
    p.add_argument("--format", choices=("html", "md", "csv"),
                   help="output format (default: from the -o suffix, else html)")
    p.set_defaults(handler=cmd_report)


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    if args.out is not None:
        return SUFFIX_FORMATS.get(args.out.suffix.lower(), "html")
    return "html"


def _same(a: Path, b: Path) -> bool:
    return a.resolve() == b.resolve()


def cmd_report(args: argparse.Namespace) -> int:
    from acctbench.report import build_report, load_run, render
    from acctbench.report.text import encodable
    from acctbench.report.training import is_training_dir, load_training

    fmt = _format(args)
    if fmt == "html" and args.out is None:
        raise CLIError("an HTML report needs -o/--out FILE (md and csv can go to stdout)")
    training = [load_training(p) for p in args.runs if is_training_dir(p)]
    paths = [p for p in args.runs if not is_training_dir(p)]
    if not paths:
        raise CLIError("no run directory given: a report compares runs (training output directories only add curves)")
    baseline = 0
    if args.baseline is not None:
        matches = [i for i, p in enumerate(paths) if _same(p, args.baseline)]
        if matches:
            baseline = matches[0]
        else:
            paths.insert(0, args.baseline)
    for i, p in enumerate(paths):
        if any(_same(p, q) for q in paths[:i]):
            raise CLIError(f"run directory given twice: {p}")
    runs = [load_run(p) for p in paths]
    report = build_report(runs, baseline=baseline, title=args.title, training=training)
    text = render(report, fmt)
    for note in report["notes"]:
        if note["level"] == "warn":
            sys.stderr.write(encodable(f"acctbench: warning: {note['text']}\n"))
    if args.out is None:
        sys.stdout.write(text)
        return 0
    write_atomic(args.out, text)
    size = len(text.encode("utf-8"))
    sys.stdout.write(encodable(
        f"wrote {args.out} ({fmt}, {size / 1e6:.2f} MB): {len(report['systems'])} system(s), "
        f"{report['n_cases']} (id, sample) cases ({report['n_common']} in every system), "
        f"baseline {report['systems'][report['baseline']]['label']}\n"
    ))
    return 0
