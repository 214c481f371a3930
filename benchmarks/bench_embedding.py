"""Full ``total`` throughput on a text-heavy mix, per embedding runtime of ``similarity``, same run.

    python benchmarks/bench_embedding.py [--n 2048] [--reps 3] [--backends torch,openvino-bf16,openvino,onnx]
        [--reference-match]

A third of the items are free-text (``concepts``), the rest from the gold suites (drawn with
replacement); 4 completions per item of ~150 words (those of ``bench_scorers.py``), each answer
extended by a sentence of another reference so that every answer is a new text to embed. Each backend scores its own,
never-seen completions after a warm-up on other items; the backends alternate within each
repetition, and the non-embedding scorers are timed alongside as the floor. Ratios pair each
backend with torch in the same repetition (seconds apart), which a shared, noisy machine needs.
``--reference-match`` also times the default runtime with the learned reward model in ``total``
(weight 2, as ``--scorers ...,reference_match --weights reference_match=2``).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parent)]

from acctbench.suites import suites  # noqa: E402
from bench_scorers import make_completions  # noqa: E402

SCORERS = ["correctness", "xml_format", "terms", "principles", "similarity"]


def text_heavy(n: int, seed: int) -> tuple[list[dict], list[str]]:
    """``n`` completions over items of which a third are free-text."""
    rng = random.Random(seed)
    pool = [i for s in suites().values() for i in s.load("test")]
    text = [i for i in pool if i["type"] == "text"]
    gold = [i for i in pool if i["type"] != "text"]
    k = n // 4
    items, completions = make_completions(rng.choices(text, k=k // 3) + rng.choices(gold, k=k - k // 3), pool, rng)
    # The answer gets a sentence of another reference, so every answer is a new text to embed.
    extra = [rng.choice(pool)["reference"]["answer"].split(". ")[0] for _ in completions]
    return items, [c.replace("\n</answer>", f" {e}.\n</answer>") for c, e in zip(completions, extra)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=2048)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--backends", default="torch,openvino-bf16,openvino,onnx")
    parser.add_argument("--reference-match", action="store_true", help="also time total with reference_match (weight 2)")
    args = parser.parse_args()

    from acctbench.rewards import Judge

    backends = args.backends.split(",")
    judges = {b: Judge(SCORERS, similarity_backend=b) for b in backends}
    if args.reference_match:
        judges["auto + reference_match"] = Judge(SCORERS + ["reference_match"], {"reference_match": 2.0})
    judges["non-embedding"] = Judge(SCORERS[:-1])
    for k, judge in enumerate(judges.values()):
        judge.score_batch(*text_heavy(128, seed=1000 + k))  # load, export on first use, warm up
    rates: dict[str, list[float]] = {name: [] for name in judges}
    for rep in range(args.reps):
        for k, (name, judge) in enumerate(judges.items()):
            batch = text_heavy(args.n, seed=10 * rep + k)
            start = time.perf_counter()
            judge.score_batch(*batch)
            rates[name].append(args.n / (time.perf_counter() - start))
    base = rates.get("torch")
    print(f"text-heavy mix: {args.n} completions, a third free-text items; {args.reps} repetitions")
    print(f"{'similarity runtime':24} {'compl/s (range)':>20} {'vs torch, same repetition':>26}")
    for name, r in rates.items():
        paired = [a / b for a, b in zip(r, base)] if base else []
        ratio = f"{min(paired):.2f}-{max(paired):.2f}x" if paired else ""
        print(f"{name:24} {f'{min(r):.0f}-{max(r):.0f}':>20} {ratio:>26}")


if __name__ == "__main__":
    main()
