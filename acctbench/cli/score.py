"""Scoring subcommands: ``score`` (user completions) and ``audit`` (calibration pairs)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from acctbench.cli.common import CLIError, format_table, write_atomic

SCORE_BATCH = 256


def add_scoring_options(p: argparse.ArgumentParser) -> None:
    """Options shared by every command that scores: scorers, weights, embedding model."""
    p.add_argument("--scorers", help="comma-separated scorer names (default: all)")
    p.add_argument("--weights", help="e.g. correctness=0.6,xml_format=0.05 (others keep defaults)")
    p.add_argument("--similarity-model", default="all-MiniLM-L6-v2", help="sentence-transformers name or path")
    p.add_argument("--use-reasoning", action="store_true", help="similarity also compares the reasoning")
    p.add_argument("--workers", type=int, default=1, help="processes for the lexical scorers on big batches (default 1)")


def judge_from_args(args: argparse.Namespace):  # -> Judge
    """Build the configured Judge from CLI options."""
    from acctbench.rewards import Judge
    from acctbench.rewards.total import parse_weights

    names = [n.strip() for n in args.scorers.split(",") if n.strip()] if args.scorers else None
    weights = parse_weights(args.weights) if args.weights else None
    if args.workers < 1:
        raise CLIError("--workers must be at least 1")
    return Judge(names, weights, similarity_model=args.similarity_model, use_reasoning=args.use_reasoning, workers=args.workers)


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``score`` and ``audit``."""
    p = sub.add_parser("score", help="score a completions file against a dataset")
    p.add_argument("--dataset", required=True, help="bundled suite name or items JSONL file")
    p.add_argument("--split", default="test", choices=("test", "train"))
    p.add_argument("--completions", required=True, type=Path, help='JSONL: {"id", "completion", "model"?, "sample"?}')
    p.add_argument("--out", required=True, type=Path, help="output directory (samples.jsonl, summary.json)")
    p.add_argument("--force", action="store_true", help="overwrite an existing samples.jsonl")
    add_scoring_options(p)
    p.set_defaults(handler=cmd_score)

    p = sub.add_parser("audit", help="measure the scorers on chosen/rejected calibration pairs")
    p.add_argument("--pairs", type=Path, help="pairs JSONL (default: the bundled rewards/calibration_pairs.jsonl)")
    p.add_argument("--json", type=Path, help="also write the full audit as JSON here")
    add_scoring_options(p)
    p.set_defaults(handler=cmd_audit)


def cmd_score(args: argparse.Namespace) -> int:
    from acctbench.completions import read_completions
    from acctbench.results.samples import SampleWriter, sample_row
    from acctbench.results.summary import SUMMARY_HEADERS, summarize, summary_table
    from acctbench.suites import resolve_dataset

    label, items = resolve_dataset(args.dataset, args.split)
    by_id = {i["id"]: i for i in items}
    rows = read_completions(args.completions, set(by_id))
    samples_path = args.out / "samples.jsonl"
    if samples_path.exists() and not args.force:
        raise CLIError(f"{samples_path} exists; pass --force to overwrite it or choose another --out")
    judge = judge_from_args(args)
    samples_path.unlink(missing_ok=True)
    scored = []
    try:
        with SampleWriter(samples_path) as writer:
            for start in range(0, len(rows), SCORE_BATCH):
                batch = rows[start : start + SCORE_BATCH]
                judgements = judge.score_batch([by_id[r["id"]] for r in batch], [r["completion"] for r in batch])
                out = [sample_row(by_id[r["id"]], r["model"], r["sample"], r["completion"], j) for r, j in zip(batch, judgements)]
                writer.write(out)
                scored.extend(out)
    finally:
        judge.close()
    asked = {r["id"] for r in rows}
    write_atomic(args.out / "items.jsonl", "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items if i["id"] in asked))
    summary = {"dataset": label, "split": args.split, "scoring": judge.config(), **summarize(scored)}
    write_atomic(args.out / "summary.json", json.dumps(summary, indent=2) + "\n")
    sys.stdout.write(format_table(SUMMARY_HEADERS, summary_table(summary)))
    sys.stdout.write(f"wrote {len(scored)} scored samples to {samples_path}\n")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from acctbench.audit import run_audit, render_audit

    judge = judge_from_args(args)
    try:
        result = run_audit(judge, args.pairs)
    finally:
        judge.close()
    sys.stdout.write(render_audit(result))
    if args.json:
        write_atomic(args.json, json.dumps(result, indent=2) + "\n")
    return 0 if result["passed"] else 1
