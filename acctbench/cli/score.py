"""Scoring subcommands: ``score`` (user completions) and ``audit`` (calibration pairs)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from acctbench.cli.common import EXIT_LOCKED, EXIT_OUTPUT, CLIError, format_table, write_atomic

SCORE_BATCH = 256
SCORE_RECORD = "score.json"
"""What a ``score`` output directory was made from, so the same command resumes it."""


def add_scoring_options(p: argparse.ArgumentParser) -> None:
    """Options shared by every command that scores: scorers, weights, embedding model."""
    p.add_argument("--scorers", help="comma-separated scorer names (default: all)")
    p.add_argument("--weights", help="e.g. correctness=0.6,xml_format=0.05 (others keep defaults)")
    p.add_argument("--similarity-model", default="all-MiniLM-L6-v2", help="sentence-transformers name or path")
    p.add_argument("--similarity-backend", choices=("auto", "torch", "onnx", "onnx-int8", "openvino", "openvino-bf16"), default="auto",
                   help="embedding runtime of similarity (default auto: openvino-bf16 where OpenVINO is installed, else torch; "
                   "torch, onnx, openvino: fp32, same scores; openvino-bf16: same audit figures, fastest; onnx-int8: faster, less exact)")
    p.add_argument("--use-reasoning", action="store_true", help="similarity also compares the reasoning")
    p.add_argument("--reasoning", choices=("strip", "keep"), default="strip",
                   help="a leading <think> block: strip = score only what follows it (default), keep = score the whole text")
    p.add_argument("--workers", type=int, default=1, help="processes for the lexical scorers on big batches (default 1)")
    p.add_argument("--judge", metavar="SPEC", help="LLM judge model (any --model spec: openai:M, URL#M, vllm:M, "
                   "FILE.gguf, gemma3-270m, checkpoint): adds the 'judge' scorer, weight 0 unless --weights gives it one")
    p.add_argument("--judge-option", action="append", default=[], metavar="KEY=VALUE",
                   help="judge model backend option, repeatable (as --model-option: concurrency=16, timeout=60, parallel=4)")
    p.add_argument("--judge-cache", metavar="DIR", help="judge reply cache folder (default $XDG_CACHE_HOME/acctbench/judge; 'off': none)")


def judge_cache_from_args(args: argparse.Namespace) -> str | None:
    """The judge cache folder the options ask for (``None``: no cache)."""
    from acctbench.rewards.judge_llm import DEFAULT_CACHE

    if args.judge_cache is None:
        return DEFAULT_CACHE
    return None if args.judge_cache == "off" else args.judge_cache


def judge_model_from_args(args: argparse.Namespace, names: list[str] | None):  # -> Backend | None
    """The LLM judge's backend for ``--judge SPEC`` (``None`` without it)."""
    if not args.judge:
        if names and "judge" in names:
            raise CLIError("--scorers names 'judge': give the judge model with --judge SPEC")
        return None
    from acctbench.cli.run import parse_model_options
    from acctbench.models import BackendError, load_backend

    try:
        return load_backend(args.judge, **parse_model_options(args.judge_option))
    except BackendError as exc:
        raise CLIError(f"--judge {args.judge!r}: {exc}") from exc


def judge_from_args(args: argparse.Namespace):  # -> Judge
    """Build the configured Judge from CLI options."""
    from acctbench.rewards import Judge
    from acctbench.rewards.total import parse_weights

    names = [n.strip() for n in args.scorers.split(",") if n.strip()] if args.scorers else None
    weights = parse_weights(args.weights) if args.weights else None
    if args.workers < 1:
        raise CLIError("--workers must be at least 1")
    judge_model = judge_model_from_args(args, names)
    try:
        return Judge(names, weights, similarity_model=args.similarity_model, similarity_backend=args.similarity_backend,
                     use_reasoning=args.use_reasoning, workers=args.workers,
                     reasoning=args.reasoning, judge_model=judge_model, judge_cache=judge_cache_from_args(args))
    except BaseException:
        if judge_model is not None:
            judge_model.close()
        raise


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``score`` and ``audit``."""
    p = sub.add_parser("score", help="score a completions file against a dataset")
    p.add_argument("--dataset", required=True, help="bundled suite name or items JSONL file")
    p.add_argument("--split", default="test", choices=("test", "train"))
    p.add_argument("--completions", required=True, type=Path, help='JSONL: {"id", "completion", "model"?, "sample"?}')
    p.add_argument("--out", required=True, type=Path, help="output directory (samples.jsonl, summary.json)")
    p.add_argument("--force", action="store_true", help="overwrite samples.jsonl made by another command (the same command resumes)")
    p.add_argument("--wait", action="store_true", help="wait for another process writing --out instead of refusing")
    add_scoring_options(p)
    p.set_defaults(handler=cmd_score)

    p = sub.add_parser("audit", help="measure the scorers on chosen/rejected calibration pairs")
    p.add_argument("--pairs", type=Path, help="pairs JSONL (default: the bundled rewards/calibration_pairs.jsonl)")
    p.add_argument("--json", type=Path, help="also write the full audit as JSON here")
    p.add_argument("--dataset", type=Path, help="items JSONL for pairs on items outside the bundled suites")
    p.add_argument("--limit", type=int, help="at most N pairs per pair set, taken in turn from each kind")
    add_scoring_options(p)
    p.set_defaults(handler=cmd_audit)


def _fingerprint(args: argparse.Namespace, label: str, judge) -> dict:
    """What makes two ``score`` commands the same: dataset, split, completions and scoring."""
    import hashlib

    digest = hashlib.sha256(args.completions.read_bytes()).hexdigest()
    record = {"dataset": label, "split": args.split, "completions_sha256": digest, "scoring": judge.config()}
    return json.loads(json.dumps(record))  # as it reads back from the file


def _start_or_resume(args: argparse.Namespace, fingerprint: dict, samples_path: Path) -> None:
    """Resume the same command's samples; refuse other samples unless ``--force``."""
    from acctbench.results.jsonl import dumps

    record = args.out / SCORE_RECORD
    if samples_path.exists() and not args.force:
        try:
            previous = json.loads(record.read_bytes()) if record.exists() else None
        except ValueError:
            previous = None
        if previous != fingerprint:
            raise CLIError(f"{samples_path} holds the scores of another command; pass --force to overwrite it or choose another --out")
    if args.force:
        samples_path.unlink(missing_ok=True)
    write_atomic(record, dumps(fingerprint, indent=2) + "\n")


def _score_locked(args: argparse.Namespace, label: str, items: list, rows: list, samples_path: Path) -> tuple[dict, int]:
    """Score what is not on disk yet; the summary over every row, and how many were new."""
    from acctbench.results.jsonl import dumps, dumps_line
    from acctbench.results.samples import SampleWriter, keys_on_disk, read_samples, sample_row
    from acctbench.results.summary import summarize

    by_id = {i["id"]: i for i in items}
    judge = judge_from_args(args)
    try:
        _start_or_resume(args, _fingerprint(args, label, judge), samples_path)
        done = keys_on_disk(samples_path)
        todo = [r for r in rows if (r["id"], r["model"], r["sample"]) not in done]
        with SampleWriter(samples_path) as writer:
            for start in range(0, len(todo), SCORE_BATCH):
                batch = todo[start : start + SCORE_BATCH]
                judgements = judge.score_batch([by_id[r["id"]] for r in batch], [r["completion"] for r in batch])
                writer.write(sample_row(by_id[r["id"]], r["model"], r["sample"], r["completion"], j) for r, j in zip(batch, judgements))
    finally:
        judge.close()
    asked = {r["id"] for r in rows}
    write_atomic(args.out / "items.jsonl", "".join(dumps_line(i) for i in items if i["id"] in asked))
    summary = {"dataset": label, "split": args.split, "scoring": judge.config(), **summarize(read_samples(samples_path))}
    write_atomic(args.out / "summary.json", dumps(summary, indent=2) + "\n")
    return summary, len(todo)


def cmd_score(args: argparse.Namespace) -> int:
    from acctbench.completions import read_completions
    from acctbench.results.errors import OutputError, RunInterrupted, inside
    from acctbench.results.lock import RunLock, RunLocked
    from acctbench.results.summary import SUMMARY_HEADERS, summary_table
    from acctbench.suites import resolve_dataset

    label, items = resolve_dataset(args.dataset, args.split)
    rows = read_completions(args.completions, {i["id"] for i in items})
    samples_path = args.out / "samples.jsonl"
    try:
        with RunLock(args.out, wait=args.wait):
            summary, new = _score_locked(args, label, items, rows, samples_path)
    except RunLocked as exc:
        raise CLIError(str(exc), exit_code=EXIT_LOCKED) from exc
    except KeyboardInterrupt:
        raise RunInterrupted(samples_path) from None
    except OSError as exc:
        if not inside(exc.filename, args.out):
            raise
        raise CLIError(str(OutputError(exc, samples_path)), exit_code=EXIT_OUTPUT) from exc
    sys.stdout.write(format_table(SUMMARY_HEADERS, summary_table(summary)))
    sys.stdout.write(f"scored {new} new samples; {summary['n_rows']} in {samples_path}\n")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from acctbench.audit import run_audit, render_audit

    if args.limit is not None and args.limit < 1:
        raise CLIError("--limit must be at least 1")
    if args.dataset is not None and not args.dataset.is_file():
        raise CLIError(f"--dataset: file not found: {args.dataset}")
    if args.judge:
        return _audit_judge(args)
    judge = judge_from_args(args)
    try:
        result = run_audit(judge, args.pairs, args.dataset, args.limit)
    finally:
        judge.close()
    sys.stdout.write(render_audit(result))
    if args.json:
        write_atomic(args.json, json.dumps(result, indent=2) + "\n")
    return 0 if result["passed"] else 1


def _audit_judge(args: argparse.Namespace) -> int:
    """``audit --judge``: the judge beside ``total`` on the calibration pairs and every held-out
    set (or on ``--pairs``); a measurement, so it exits 0 whatever the accuracies."""
    from acctbench.audit import render_audit, run_audit
    from acctbench.audit.run import pair_sets
    from acctbench.rewards.judge_llm import NOT_ASKED

    sets = [(args.pairs.stem, args.pairs, args.dataset)] if args.pairs else pair_sets()
    judge = judge_from_args(args)
    results, rows = {}, []
    try:
        for name, path, dataset in sets:
            result = run_audit(judge, path, dataset, args.limit, beside=("judge",))
            results[name] = result
            sys.stdout.write(f"== {name} ({path.name}) ==\n{render_audit(result)}\n")
            total, llm = result["scorers"]["total"], result["scorers"]["judge"]
            rejected = sum(n for status, n in result["statuses"]["judge"].items() if status not in ("ok", NOT_ASKED))
            rows.append([name, total["n"], _pct(total["accuracy"]), _pct(llm["accuracy"]),
                         f"{rejected}/{2 * total['n']}"])
        made = judge.scorers["judge"].requests_made
    finally:
        judge.close()
    sys.stdout.write("LLM judge beside total (pairwise accuracy, ties are losses)\n")
    sys.stdout.write(format_table(["pair set", "pairs", "total", "judge", "unusable judge verdicts"], rows))
    sys.stdout.write(f"judge model {args.judge}: {made} requests made (the rest from the cache)\n")
    if args.json:
        write_atomic(args.json, json.dumps(results, indent=2) + "\n")
    return 0


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}%"
