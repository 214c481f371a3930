"""Train the ``reference_match`` reward model on the preference pairs (CPU, 2 threads).

    python -m acctbench.rewards.train_rm [--pairs rewards/rm_pairs.jsonl] [--out rewards/reference_match]
        [--epochs 2] [--seed 0] [--limit N] [--cache-dir DIR]

Pairs (``acctbench.audit.preference`` builds them) are ``{"item_id", "split", "chosen",
"rejected"}``; ``split: val`` pairs (held-out train items) pick the best checkpoint (the best accuracy on the
written pairs among those whose reference is not scored below its equivalents by more than
``TIE_TOLERANCE``) and the calibration, never the gradient. The frozen lower layers' states of
every distinct text are computed once; only the cross layers and the head train, with a pairwise
Bradley-Terry loss ``-log sigmoid(s_chosen - s_rejected)``; pairs of kind ``equivalent`` (two
correct answers) are a tie, ``-TIE_WEIGHT * (log sigmoid(d) + log sigmoid(-d)) / 2``, least when
both score alike. Fixed seed, ``torch.set_num_threads(2)`` and
deterministic algorithms: the same command on the same torch build and CPU type gives the same
weights bit for bit.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import time
from dataclasses import replace
from pathlib import Path
from random import Random
from typing import Any

from acctbench.rewards.rm_items import EQUIVALENT

logger = logging.getLogger("acctbench.train_rm")

BATCH = 32
LR_LAYERS, LR_HEAD = 5e-5, 1e-3
WEIGHT_DECAY = 0.01
SCORE_L2 = 1e-3  # keeps raw scores near zero so the calibration stays stable
EVALS_PER_EPOCH = 5
TIE_WEIGHT = 2.0  # a tie pair counts twice: the reference must not sink below its paraphrases
TIE_TOLERANCE = 0.25
"""A checkpoint whose reference scores more than this (raw) below its equivalents is kept only
if no checkpoint is within it: a model that marks the reference down is broken, however it ranks."""


def read_pairs(path: Path) -> list[dict[str, Any]]:
    """Pairs with their fields checked (``file:line: problem`` errors)."""
    rows = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise ValueError(f"{path}:{lineno}: not JSON ({exc})") from None
        bad = [k for k in ("item_id", "split", "chosen", "rejected") if not isinstance(row.get(k), str)]
        if bad or row["split"] not in ("train", "val"):
            raise ValueError(f"{path}:{lineno}: needs string fields item_id, split (train|val), chosen, rejected")
        rows.append(row)
    return rows


class StateCache:
    """Frozen-layer states of every distinct text, computed once (fp16 to save memory)."""

    def __init__(self, base: Any, tokenizer: Any, frozen: int):
        self.base, self.tokenizer, self.frozen = base, tokenizer, frozen
        self.states: dict[tuple[str, int], Any] = {}

    def load(self, path: Path) -> None:
        """Reuse states saved by :meth:`save` (same base, same ``frozen``: the caller's key)."""
        import torch

        if path.exists():
            self.states.update(torch.load(path))

    def save(self, path: Path) -> None:
        import torch

        torch.save(self.states, path)

    def fill(self, texts: list[str], limit: int, batch: int = 64) -> None:
        import torch

        from acctbench.rewards.rm_network import frozen_states, pad, token_ids

        todo = sorted({t for t in texts if (t, limit) not in self.states}, key=len)
        with torch.inference_mode():
            for start in range(0, len(todo), batch):
                chunk = todo[start : start + batch]
                ids, mask = pad(token_ids(self.tokenizer, chunk, limit))
                h = frozen_states(self.base, ids, mask, self.frozen)
                for i, t in enumerate(chunk):
                    self.states[(t, limit)] = h[i, : int(mask[i].sum())].to(torch.float16).clone()

    def batch(self, texts: list[str], limit: int) -> tuple[Any, Any]:
        from acctbench.rewards.rm_network import stack

        return stack([self.states[(t, limit)] for t in texts])


def _scores(model: Any, cache: StateCache, refs: list[str], cands: list[str]) -> Any:
    from acctbench.rewards.rm_network import MAX_CANDIDATE_TOKENS, MAX_REFERENCE_TOKENS

    r, rm = cache.batch(refs, MAX_REFERENCE_TOKENS)
    c, cm = cache.batch(cands, MAX_CANDIDATE_TOKENS)
    return model(r, rm, c, cm)


def raw_pair_scores(model: Any, cache: StateCache, pairs: list[dict[str, Any]], refs: dict[str, str]) -> tuple[list[float], list[float]]:
    """The raw scores of every pair's chosen and rejected answer, in batches of 128."""
    import torch

    chosen, rejected = [], []
    with torch.inference_mode():
        for start in range(0, len(pairs), 128):
            chunk = pairs[start : start + 128]
            rr = [refs[p["item_id"]] for p in chunk]
            chosen += _scores(model, cache, rr, [p["chosen"] for p in chunk]).tolist()
            rejected += _scores(model, cache, rr, [p["rejected"] for p in chunk]).tolist()
    return chosen, rejected


def evaluate(model: Any, cache: StateCache, pairs: list[dict[str, Any]], refs: dict[str, str]) -> tuple[float, list[float], list[float]]:
    """Pairwise accuracy (ties are losses) and the raw chosen / rejected scores of the ranked
    pairs (``equivalent`` pairs have no winner: see :func:`tie_gap`)."""
    ranked = [p for p in pairs if p.get("kind") != EQUIVALENT]
    chosen, rejected = raw_pair_scores(model, cache, ranked, refs)
    wins = sum(c > r for c, r in zip(chosen, rejected))
    return wins / max(1, len(ranked)), chosen, rejected


def tie_gap(model: Any, cache: StateCache, pairs: list[dict[str, Any]], refs: dict[str, str]) -> float:
    """Mean of ``s(reference) - s(equivalent answer)`` over the ``equivalent`` pairs (0 is ideal)."""
    chosen, rejected = raw_pair_scores(model, cache, [p for p in pairs if p.get("kind") == EQUIVALENT], refs)
    return sum(c - r for c, r in zip(chosen, rejected)) / len(chosen) if chosen else 0.0


def pair_losses(d: Any, tie: Any) -> Any:
    """Per-pair loss of the score differences ``d = s_chosen - s_rejected``: Bradley-Terry for a
    ranked pair, a weighted tie (least at ``d = 0``) for an ``equivalent`` one."""
    import torch

    logsig = torch.nn.functional.logsigmoid
    return torch.where(tie, -TIE_WEIGHT * (logsig(d) + logsig(-d)) / 2, -logsig(d))


def _median(values: list[float]) -> float:
    s = sorted(values)
    return s[len(s) // 2] if s else 0.0


def train(pairs_path: Path, out: Path, epochs: float, seed: int, limit: int | None, frozen: int, cross: int,
          cache_dir: Path | None = None) -> dict[str, Any]:
    """Train, keep the best validation checkpoint, calibrate, save; returns the training record.
    ``cache_dir``: keep the frozen states there between runs (a pure function of base and texts)."""
    import copy

    import torch

    from acctbench.rewards.rm_network import (MAX_CANDIDATE_TOKENS, MAX_REFERENCE_TOKENS, CrossHead, RMConfig,
                                              base_dir, load_base, save, sha256_file)
    from acctbench.rewards.rm_items import train_items

    torch.manual_seed(seed)
    torch.set_num_threads(2)
    torch.use_deterministic_algorithms(True)
    rng = Random(seed)
    pairs = read_pairs(pairs_path)
    if limit:
        pairs = Random(seed).sample(pairs, min(limit, len(pairs)))
    refs = {i["id"]: " ".join(i["reference"]["answer"].split()) for i in train_items()}
    unknown = sorted({p["item_id"] for p in pairs} - set(refs))
    if unknown:
        raise ValueError(f"{pairs_path}: pairs on items that are not training items: {unknown[:5]}")
    train_pairs = [p for p in pairs if p["split"] == "train"]
    val_pairs = [p for p in pairs if p["split"] == "val"]
    # Checkpoints are chosen on the written validation pairs when there are any: fresh words on both
    # sides, like a user's new items (the rule-made pairs reward closeness to the reference).
    select_pairs = [p for p in val_pairs if str(p.get("source", "")).startswith("written") and p.get("kind") != EQUIVALENT] or val_pairs
    base_sha = sha256_file(base_dir() / "model.safetensors")
    base, tokenizer = load_base(base_sha)
    config = RMConfig(frozen=frozen, cross=cross, base_sha256=base_sha, data_sha256=sha256_file(pairs_path), seed=seed)
    t0 = time.perf_counter()
    cache = StateCache(base, tokenizer, frozen)
    cache_file = cache_dir / f"states-{base_sha[:12]}-{frozen}.pt" if cache_dir else None
    if cache_file:
        cache.load(cache_file)
    known = len(cache.states)
    cache.fill(list(refs.values()), MAX_REFERENCE_TOKENS)
    cache.fill([t for p in pairs for t in (p["chosen"], p["rejected"])], MAX_CANDIDATE_TOKENS)
    if cache_file and len(cache.states) > known:
        cache_dir.mkdir(parents=True, exist_ok=True)
        cache.save(cache_file)
    logger.info("cached frozen states of %d texts in %.0fs", len(cache.states), time.perf_counter() - t0)
    model = CrossHead(config, base)
    head = [p for n, p in model.named_parameters() if not n.startswith("layers.")]
    optimiser = torch.optim.AdamW([{"params": model.layers.parameters(), "lr": LR_LAYERS},
                                   {"params": head, "lr": LR_HEAD}], weight_decay=WEIGHT_DECAY)
    steps_per_epoch = max(1, len(train_pairs) // BATCH)
    total_steps = max(1, round(epochs * steps_per_epoch))
    eval_every = max(1, steps_per_epoch // EVALS_PER_EPOCH)
    best: tuple[tuple[bool, float], Any, int] = ((False, -1.0), None, 0)
    step = 0
    for epoch in range(math.ceil(total_steps / steps_per_epoch)):
        order = list(range(len(train_pairs)))
        rng.shuffle(order)
        model.train()
        for start in range(0, steps_per_epoch * BATCH, BATCH):
            chunk = [train_pairs[i] for i in order[start : start + BATCH]]
            if not chunk or step >= total_steps:
                break
            rr = [refs[p["item_id"]] for p in chunk]
            s = _scores(model, cache, rr + rr, [p["chosen"] for p in chunk] + [p["rejected"] for p in chunk])
            tie = torch.tensor([p.get("kind") == EQUIVALENT for p in chunk])
            loss = pair_losses(s[: len(chunk)] - s[len(chunk):], tie).mean() + SCORE_L2 * (s ** 2).mean()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            step += 1
            if step % eval_every == 0 or step == total_steps:
                model.eval()
                acc = evaluate(model, cache, select_pairs, refs)[0] if select_pairs else 0.0
                gap = tie_gap(model, cache, val_pairs, refs)
                model.train()
                logger.info("epoch %d step %d loss %.4f val accuracy %.4f tie gap %.3f (%.0fs)", epoch, step, loss.item(), acc, gap,
                            time.perf_counter() - t0)
                key = (gap >= -TIE_TOLERANCE, acc)
                if key > best[0]:
                    best = (key, copy.deepcopy(model.state_dict()), step)
    model.load_state_dict(best[1])
    model.eval()
    acc, chosen, rejected = evaluate(model, cache, val_pairs, refs)
    select_acc = evaluate(model, cache, select_pairs, refs)[0] if select_pairs else 0.0
    gap = tie_gap(model, cache, val_pairs, refs)
    model.config = replace(config, low=round(_median(rejected), 4), high=round(_median(chosen), 4))
    weights_sha = save(model, out)
    record = {"val_accuracy": round(acc, 4), "val_written_accuracy": round(select_acc, 4),
              "val_tie_gap": round(gap, 4), "best_step": best[2],
              "steps": step, "train_pairs": len(train_pairs), "val_pairs": len(val_pairs), "val_written_pairs": len(select_pairs), "seconds": round(time.perf_counter() - t0), "weights_sha256": weights_sha,
              "config": {"low": model.config.low, "high": model.config.high, "frozen": frozen, "cross": cross}}
    (out / "training.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return record


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=Path, default=Path("rewards/rm_pairs.jsonl"))
    parser.add_argument("--out", type=Path, default=Path("rewards/reference_match"))
    parser.add_argument("--epochs", type=float, default=2, help="passes over the train pairs (a fraction ends mid-pass)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--limit", type=int, help="train on a random subset of this many pairs (smoke tests)")
    parser.add_argument("--frozen", type=int, default=3, help="MiniLM layers run frozen on each text alone")
    parser.add_argument("--cross", type=int, default=1, help="trained cross layers after them")
    parser.add_argument("--cache-dir", type=Path, help="keep the frozen layers' states here between runs")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    record = train(args.pairs, args.out, args.epochs, args.seed, args.limit, args.frozen, args.cross, args.cache_dir)
    print(json.dumps(record, indent=2))


if __name__ == "__main__":
    main()
