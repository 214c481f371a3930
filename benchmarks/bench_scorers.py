"""Scorer throughput: acctbench's batched scorers vs a naive implementation, same run.

    python benchmarks/bench_scorers.py [--n 1024] [--naive-n 128]

Completions are ~150 words each (reference reasoning plus sentences from other references,
then the reference answer), 4 per item, over items of all four suites, like a GRPO batch.
Prints completions/s for (1) the non-embedding scorers together, (2) the full total with
similarity (default: the answer of free-text items is embedded), (3) the same with
``use_reasoning=True`` (every reasoning is embedded too: ~150 words each), (4) a naive
implementation of the full total (one ``encode`` per completion, the reference re-encoded each
call, one regex per lexicon term), and peak memory.
One-off loading (embedding model, matchers) is timed separately from throughput.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from acctbench.suites import suites  # noqa: E402

WORDS_TARGET = 150


def make_batch(n: int, seed: int = 0, item_seed: int = 0) -> tuple[list[dict], list[str]]:
    """``n`` distinct completions, 4 per item; ``seed`` varies the texts, ``item_seed`` the items."""
    pool = [i for s in suites().values() for i in s.load("test")]
    return make_completions(random.Random(item_seed).sample(pool, n // 4), pool, random.Random(seed))


def make_completions(items: list[dict], pool: list[dict], rng: random.Random) -> tuple[list[dict], list[str]]:
    """4 completions per item: its reference reasoning padded with other references' sentences to ~150 words."""
    fillers = [s for i in pool for s in re.split(r"(?<=[.!?])\s+", i["reference"]["reasoning"]) if len(s.split()) > 4]
    out_items, completions = [], []
    for item in items:
        for k in range(4):
            words = item["reference"]["reasoning"].split()
            extra = []
            while len(words) + sum(len(s.split()) for s in extra) < WORDS_TARGET:
                extra.append(rng.choice(fillers))
            reasoning = " ".join([*words, *extra])
            completions.append(f"<reasoning>\n{reasoning}\n</reasoning>\n<answer>\n{item['reference']['answer']}\n</answer>")
            out_items.append(item)
    return out_items, completions


class NaiveTotal:
    """The common notebook approach: per-completion encode, references re-encoded, a regex per term."""

    def __init__(self, model):
        from acctbench.rewards.knowledge import load_lexicon

        self.model = model
        self.term_patterns = [re.compile(r"\b" + re.escape(v) + r"\b", re.I) for t in load_lexicon() for v in (t.term, *t.variants)]
        self.tags = re.compile(r"<reasoning>.*?</reasoning>.*?<answer>.*?</answer>", re.S)

    def score(self, item: dict, completion: str) -> float:
        fmt = 1.0 if self.tags.search(completion) else 0.0
        hits = sum(1 for p in self.term_patterns if p.search(completion))
        a = self.model.encode(completion, normalize_embeddings=True)
        b = self.model.encode(item["reference"]["answer"], normalize_embeddings=True)
        return (fmt + min(1.0, hits / 10) + float(a @ b)) / 3


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1024)
    parser.add_argument("--naive-n", type=int, default=128, help="completions for the (slow) naive baseline")
    args = parser.parse_args()

    from acctbench.rewards import Judge

    # Every path scores its own, never-seen completions (same items): no path profits from
    # another's text caches. Warm-up texts come from other items.
    batches = [make_batch(args.n, seed=s, item_seed=k) for s, k in
               ((10, 0), (11, 0), (12, 0), (13, 0), (14, 0), (15, 1), (16, 1), (17, 2))]
    warm_items, warm = make_batch(64, seed=1, item_seed=99)
    words = sum(len(c.split()) for c in batches[0][1]) / args.n

    lexical = Judge(["correctness", "xml_format", "terms", "principles"])
    lexical2 = Judge(["correctness", "xml_format", "terms", "principles"], workers=2)
    full = Judge()
    full2 = Judge(workers=2)
    full_reasoning = Judge(use_reasoning=True)
    load = timed(lambda: [j.score_batch(warm_items, warm) for j in (lexical, full, full_reasoning)])
    lexical2.score_batch(*make_batch(256, seed=2, item_seed=98))  # start the workers
    full2.score_batch(*make_batch(256, seed=3, item_seed=97))

    t_lexical = timed(lambda: lexical.score_batch(*batches[0]))
    t_lexical_warm = timed(lambda: lexical.score_batch(*batches[3]))  # same items, new texts
    t_full = timed(lambda: full.score_batch(*batches[1]))
    t_lexical2 = timed(lambda: lexical2.score_batch(*batches[5]))
    t_lexical2_warm = timed(lambda: lexical2.score_batch(*batches[6]))
    t_full2 = timed(lambda: full2.score_batch(*batches[7]))
    peak_default_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t_reasoning = timed(lambda: full_reasoning.score_batch(*batches[2]))
    naive = NaiveTotal(full.scorers["similarity"].model)
    items, completions = batches[4]
    k = min(args.naive_n, len(items))
    t_naive = timed(lambda: [naive.score(i, c) for i, c in zip(items[:k], completions[:k])])

    rate_lexical, rate_full, rate_naive = args.n / t_lexical, args.n / t_full, k / t_naive
    rate_reasoning = args.n / t_reasoning
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = [
        ("non-embedding scorers (4)", args.n, t_lexical, rate_lexical, ">= 2000/s"),
        ("  same items again, new texts", args.n, t_lexical_warm, args.n / t_lexical_warm, ""),
        ("non-embedding, workers=2", args.n, t_lexical2, args.n / t_lexical2, ">= 2000/s"),
        ("  same items again, new texts", args.n, t_lexical2_warm, args.n / t_lexical2_warm, ""),
        ("full total incl. similarity", args.n, t_full, rate_full, ">= 150/s"),
        ("full total, workers=2", args.n, t_full2, args.n / t_full2, ""),
        ("full total, use_reasoning=True", args.n, t_reasoning, rate_reasoning, ""),
        ("naive full total (baseline)", k, t_naive, rate_naive, ""),
    ]
    print(f"completions: {args.n}, mean {words:.0f} words; one-off load/warm-up {load:.1f}s")
    print(f"{'path':32} {'n':>6} {'seconds':>9} {'compl/s':>9}  target")
    for name, n, seconds, rate, target in rows:
        print(f"{name:32} {n:>6} {seconds:>9.2f} {rate:>9.0f}  {target}")
    print(f"speed-up of full total over naive: {rate_full / rate_naive:.1f}x (target >= 5x); "
          f"with use_reasoning: {rate_reasoning / rate_naive:.1f}x")
    print(f"peak memory (max RSS) through the default full total: {peak_default_mb:.0f} MB (target < 1500 MB); "
          f"whole benchmark incl. use_reasoning and naive: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
