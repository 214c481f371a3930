"""``acctbench run`` (score any model) and ``acctbench demo`` (the offline showcase)."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

from acctbench.cli.common import EXIT_LOCKED, EXIT_OUTPUT, CLIError, format_table
from acctbench.cli.score import add_scoring_options, judge_cache_from_args

DEMO_PER_SUITE = 6
DEMO_MAX_NEW_TOKENS = 128
DEMO_FEW_SHOT = 1  # one worked example shows a small base model the answer format
DEMO_MODEL = "gemma3-270m"  # a model alias (acctbench.models.aliases)
DEMO_SUITES = ["computations", "journal", "choice", "concepts"]  # 24 items at 6 per suite: a minute


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``run`` and ``demo``."""
    from acctbench.models import __doc__ as specs_doc

    p = sub.add_parser(
        "run", help="generate with a model and score it (resumable)",
        description="Score any model on the benchmark.\n" + (specs_doc or ""),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--model", required=True, help="model spec (see above); a bare path is auto-detected")
    p.add_argument("--model-option", action="append", default=[], metavar="KEY=VALUE",
                   help="backend option, repeatable: e.g. concurrency=16, max_retries=8, timeout=300 (servers); "
                   "base_model=PATH, dtype=bfloat16 (local); tensor_parallel_size=2 (vllm)")
    p.add_argument("--suite", action="append", default=[], help="bundled suite (repeatable; default: every bundled suite)")
    p.add_argument("--dataset", action="append", default=[], type=str, help="items JSONL file (repeatable)")
    p.add_argument("--split", default="test", choices=("test", "train"))
    p.add_argument("--limit", type=int, help="first N items of each dataset")
    p.add_argument("--ids", help="comma-separated item ids to run")
    p.add_argument("--samples", type=int, default=1, help="completions per item (default 1)")
    p.add_argument("--out", type=Path, help="run directory (default: runs/<model>); rerun to resume")
    p.add_argument("--batch-size", default="auto", help="integer or 'auto' (default)")
    p.add_argument("--max-new-tokens", type=int, default=512)
    p.add_argument("--temperature", type=float, default=0.0)
    p.add_argument("--top-p", type=float, default=1.0)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--few-shot", type=int, default=0, help="k examples from the train split")
    p.add_argument("--force", action="store_true", help="continue a run directory whose configuration differs")
    p.add_argument("--wait", action="store_true", help="wait for another process writing --out instead of refusing")
    p.add_argument("--no-progress", action="store_true")
    add_scoring_options(p)
    p.set_defaults(handler=cmd_run)

    p = sub.add_parser("demo", help="offline demo: oracle, retrieval and Gemma 3 270M on a small subset")
    p.add_argument("--out", type=Path, default=Path("runs/demo"))
    p.add_argument("--report", type=Path, default=Path("reports/demo.html"))
    p.add_argument("--per-suite", type=int, default=DEMO_PER_SUITE)
    p.add_argument("--skip-lm", action="store_true", help="only the two baselines (no language model)")
    p.set_defaults(handler=cmd_demo)


def default_out(model: str) -> Path:
    """``runs/<model>`` with the spec made filesystem-safe."""
    name = Path(model.rstrip("/")).name if Path(model).exists() else model
    return Path("runs") / (re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "model")


def _execute(config, progress: bool) -> dict:
    from acctbench.models import BackendError
    from acctbench.results.errors import RESUME_HINT, OutputError
    from acctbench.results.lock import RunLocked
    from acctbench.runner import RunConfigError, execute

    try:
        return execute(config, progress=progress)
    except RunConfigError as exc:
        raise CLIError(str(exc)) from exc
    except RunLocked as exc:
        raise CLIError(str(exc), exit_code=EXIT_LOCKED) from exc
    except OutputError as exc:
        raise CLIError(str(exc), exit_code=EXIT_OUTPUT) from exc
    except BackendError as exc:
        from acctbench.results.samples import count_rows

        done = count_rows(config.out / "samples.jsonl")
        safe = "" if not done else f"; {done} rows safely on disk in {config.out / 'samples.jsonl'}; {RESUME_HINT}"
        raise CLIError(f"model {config.model!r}: {exc}{safe}", exit_code=3) from exc


def _print_summary(summaries: list[dict]) -> None:
    from acctbench.results.summary import SUMMARY_HEADERS, summary_table

    rows = [row for s in summaries for row in summary_table(s)]
    sys.stdout.write(format_table(SUMMARY_HEADERS, rows))


def cmd_run(args: argparse.Namespace) -> int:
    from acctbench.models import GenerationConfig
    from acctbench.rewards.total import parse_weights
    from acctbench.runner import RunConfig
    from acctbench.suites import suites

    batch = args.batch_size if args.batch_size == "auto" else _positive_int(args.batch_size, "--batch-size")
    if args.samples < 1:
        raise CLIError("--samples must be at least 1")
    if not args.judge and args.scorers and "judge" in [n.strip() for n in args.scorers.split(",")]:
        raise CLIError("--scorers names 'judge': give the judge model with --judge SPEC")
    config = RunConfig(
        model=args.model,
        model_options=parse_model_options(args.model_option),
        out=args.out or default_out(args.model),
        datasets=(args.suite + args.dataset) or list(suites()),
        split=args.split,
        limit=args.limit,
        ids=[i.strip() for i in args.ids.split(",") if i.strip()] if args.ids else None,
        samples=args.samples,
        few_shot=args.few_shot,
        batch_size=batch,
        generation=GenerationConfig(args.max_new_tokens, args.temperature, args.top_p, args.seed),
        scorers=[n.strip() for n in args.scorers.split(",")] if args.scorers else None,
        weights=parse_weights(args.weights) if args.weights else None,
        similarity_model=args.similarity_model,
        use_reasoning=args.use_reasoning,
        reasoning=args.reasoning,
        workers=args.workers,
        judge=args.judge,
        judge_options=parse_model_options(args.judge_option),
        judge_cache=judge_cache_from_args(args),
        force=args.force,
        wait=args.wait,
        command=["acctbench", *sys.argv[1:]],
    )
    summary = _execute(config, progress=not args.no_progress)
    _print_summary([summary])
    sys.stdout.write(f"run directory: {config.out}\n")
    return 0


def parse_model_options(pairs: list[str]) -> dict[str, object]:
    """``KEY=VALUE`` strings to keyword options; numbers and true/false are converted."""
    options: dict[str, object] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key.strip().isidentifier():
            raise CLIError(f"--model-option must look like key=value, got {pair!r}")
        value: object = raw
        if raw.lower() in ("true", "false"):
            value = raw.lower() == "true"
        else:
            for convert in (int, float):
                try:
                    value = convert(raw)
                    break
                except ValueError:
                    continue
        options[key.strip()] = value
    return options


def _positive_int(value: str, flag: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise CLIError(f"{flag} must be an integer or 'auto', got {value!r}") from None
    if number < 1:
        raise CLIError(f"{flag} must be at least 1")
    return number


def cmd_demo(args: argparse.Namespace) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the demo is offline by design: never ask a hub
    from acctbench.models import GenerationConfig
    from acctbench.runner import RunConfig

    models = ["oracle", "retrieval"]
    if not args.skip_lm:
        from acctbench.models import BackendError, resolve_model_alias

        try:
            models.append(resolve_model_alias(DEMO_MODEL))
        except BackendError as exc:
            raise CLIError(f"{exc} (or pass --skip-lm)") from None
    summaries, run_dirs = [], []
    started = time.perf_counter()
    for model in models:
        out = args.out / default_out(model).name
        sys.stderr.write(f"[demo] {model} -> {out}\n")
        config = RunConfig(
            model=model, out=out, datasets=list(DEMO_SUITES), limit=args.per_suite, few_shot=DEMO_FEW_SHOT,
            generation=GenerationConfig(max_new_tokens=DEMO_MAX_NEW_TOKENS),
            command=["acctbench", "demo", "--per-suite", str(args.per_suite)],
            force=True,  # the demo's own fixed recipe: continue runs from older versions
        )
        summaries.append(_execute(config, progress=True))
        run_dirs.append(out)
    _print_summary(summaries)
    _write_demo_report(run_dirs, args.report)
    scoring = sum(json.loads((d / "run.json").read_text())["timing"]["score_seconds"] for d in run_dirs)
    wall = time.perf_counter() - started
    sys.stdout.write(f"demo wall time {wall:.0f} s, of which scoring {scoring:.1f} s ({100 * scoring / wall:.1f}%)\n")
    return 0


def _write_demo_report(run_dirs: list[Path], target: Path) -> None:
    from acctbench.report import build_report, load_run, render
    from acctbench.results.files import write_atomic

    report = build_report([load_run(p) for p in run_dirs], baseline=0, title="acctbench demo")
    write_atomic(target, render(report, "html"))
    sys.stdout.write(f"report: {target} (open it in a browser)\n")
