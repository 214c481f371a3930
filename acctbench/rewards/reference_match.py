"""``reference_match``: a learned reward model of whether an answer says what the reference says.

What is compared: for ``text`` items, the asserted answer (the commitment analysis's
``stance.answer``: negated, retracted, hedged, denied and framed-false parts blanked; nothing
asserted scores 0) with the reference answer. With ``use_reasoning=True`` the reasoning is
also compared with the reference reasoning (weight 0.3), and on gold items (where the scorer
otherwise does not apply) the reasoning with the reference reasoning.

The model (:mod:`acctbench.rewards.rm_network`): frozen MiniLM lower layers, one trained cross
layer in which the candidate attends to the reference, and a small head; trained pairwise
(Bradley-Terry) on ``rewards/rm_pairs.jsonl``, built from the concepts train split only
(``python -m acctbench.rewards.train_rm``). Weights: ``rewards/reference_match/``.

Calibration: the raw score ``r`` maps to ``(r - LOW) / (HIGH - LOW)`` clipped to [0, 1], where
LOW and HIGH (in ``config.json``) are the median raw scores of the rejected and of the chosen
answers of the validation pairs (held-out train items). So a typical validated wrong answer
scores 0, a typical right one 1, and the values between are linear in the raw score. The scale
is anchored at the reference: where the reference itself, scored as a candidate, gets a raw
``r_ref`` below HIGH, the scale shifts down by ``HIGH - r_ref``, so the reference scores 1 and
nothing scores above it (the model alone marked 14% of the test references below a typical
wrong answer, and "In short, " + the reference above the reference on 86%).

Guards, as for ``similarity``: a degenerate answer (question restated, reference scrambled or
copied with a decisive change) ×0.2, a repetitive one ×0.2, and on text items a missing share of
the reference's figures costs up to half (the model reads words, not amounts).
"""

from __future__ import annotations

import json
from collections import OrderedDict
from pathlib import Path
from typing import Any

from acctbench.rewards.commitment import stance_of
from acctbench.rewards.genuine import degenerate, figures_stated, reference_figures
from acctbench.rewards.parsing import Parsed, parse
from acctbench.rewards.terms import style_factor
from acctbench.rewards.types import Score, not_applicable

NAME = "reference_match"
GUARD_FACTOR = 0.2
FIGURES_WEIGHT = 0.5
REASONING_WEIGHT = 0.3
CACHE_SIZE = 20_000
GOLD_TYPES = ("numeric", "choice", "journal")


def weights_dir() -> Path:
    """The shipped weights' folder (``rewards/reference_match``)."""
    from acctbench._paths import data_path

    return data_path("rewards", "reference_match")


def _norm(text: str) -> str:
    return " ".join(text.split())


class ReferenceMatch:
    """Batched reward-model scorer; the model loads on first use, references' states are cached."""

    name = NAME

    def __init__(self, use_reasoning: bool = False, batch_size: int = 64, device: str | None = None, weights: str | None = None):
        self.use_reasoning = use_reasoning
        self.batch_size = batch_size
        self.device = device  # CPU inference only; kept for the Judge's uniform options
        self.weights = weights
        self._net: Any = None
        self._refs: OrderedDict[str, Any] = OrderedDict()
        self._raw: OrderedDict[tuple[str, str], float] = OrderedDict()

    @property
    def folder(self) -> Path:
        return Path(self.weights) if self.weights else weights_dir()

    @property
    def config(self) -> dict[str, Any]:
        """The shipped model's config (calibration, layers, hashes)."""
        return json.loads((self.folder / "config.json").read_text(encoding="utf-8"))

    @property
    def weights_sha256(self) -> str | None:
        """sha256 of the weights file (recorded in ``run.json``), or ``None`` if it is missing."""
        from acctbench.rewards.rm_network import sha256_file

        path = self.folder / "weights.safetensors"
        return sha256_file(path) if path.exists() else None

    def _load(self) -> tuple[Any, Any, Any, dict[str, Any]]:
        if self._net is None:
            from acctbench.rewards.rm_network import load, load_base

            model, _ = load(self.folder)
            base, tokenizer = load_base(model.config.base_sha256)
            self._net = (base, tokenizer, model, self.config)
        return self._net

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_net": None, "_refs": OrderedDict(), "_raw": OrderedDict()}

    def _states(self, texts: list[str], limit: int) -> list[Any]:
        import torch

        from acctbench.rewards.rm_network import frozen_states, pad, token_ids

        base, tokenizer, model, _ = self._load()
        out: list[Any] = [None] * len(texts)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        with torch.inference_mode():
            for start in range(0, len(order), self.batch_size):
                idx = order[start : start + self.batch_size]
                ids, mask = pad(token_ids(tokenizer, [texts[i] for i in idx], limit))
                h = frozen_states(base, ids, mask, model.config.frozen)
                for row, i in enumerate(idx):
                    out[i] = h[row, : int(mask[row].sum())]
        return out

    def _ref_state(self, refs: list[str]) -> dict[str, Any]:
        from acctbench.rewards.rm_network import MAX_REFERENCE_TOKENS

        todo = list(dict.fromkeys(r for r in refs if r not in self._refs))
        if todo:
            for r, s in zip(todo, self._states(todo, MAX_REFERENCE_TOKENS)):
                self._refs[r] = s
        states = {r: self._refs[r] for r in refs}
        for r in refs:
            self._refs.move_to_end(r)
        while len(self._refs) > CACHE_SIZE:
            self._refs.popitem(last=False)
        return states

    def raw_scores(self, pairs: list[tuple[str, str]]) -> list[float]:
        """Raw model scores of (reference, candidate) texts (whitespace-normalised), batched."""
        import torch

        from acctbench.rewards.rm_network import MAX_CANDIDATE_TOKENS, stack

        pairs = [(_norm(r), _norm(c)) for r, c in pairs]
        todo = list(dict.fromkeys(p for p in pairs if p not in self._raw))
        if todo:
            _, _, model, _ = self._load()
            refs = self._ref_state([r for r, _ in todo])
            cands = self._states([c for _, c in todo], MAX_CANDIDATE_TOKENS)
            order = sorted(range(len(todo)), key=lambda i: cands[i].shape[0])
            with torch.inference_mode():
                for start in range(0, len(order), self.batch_size):
                    idx = order[start : start + self.batch_size]
                    r, rm = stack([refs[todo[i][0]] for i in idx])
                    c, cm = stack([cands[i] for i in idx])
                    for i, v in zip(idx, model(r, rm, c, cm).tolist()):
                        self._raw[todo[i]] = v
            while len(self._raw) > CACHE_SIZE:
                self._raw.popitem(last=False)
        return [self._raw[p] for p in pairs]

    def _plan(self, item: dict[str, Any], parsed: Parsed) -> tuple[list[tuple[str, str, float]], str]:
        """(candidate, reference, weight) texts to compare, and why nothing is compared."""
        ref = item.get("reference") if isinstance(item.get("reference"), dict) else {}
        ref_answer, ref_reasoning = str(ref.get("answer", "")), str(ref.get("reasoning", ""))
        stance = stance_of(item, parsed)
        reasoning = stance.body[: len(parsed.reasoning)] if stance.asserted and parsed.reasoning else ""
        if item.get("type") in GOLD_TYPES:
            if not (self.use_reasoning and ref_reasoning.strip()):
                return [], "gold answer: judged by correctness (use_reasoning compares the reasoning)"
            return [(reasoning or stance.answer, ref_reasoning, 1.0)], stance.why
        if not ref_answer.strip():
            return [], "the item has no reference answer"
        if self.use_reasoning and ref_reasoning.strip():
            return [(stance.answer, ref_answer, 1 - REASONING_WEIGHT), (reasoning, ref_reasoning, REASONING_WEIGHT)], stance.why
        return [(stance.answer, ref_answer, 1.0)], stance.why

    def score_batch(self, items: list[dict[str, Any]], parsed: list[Parsed]) -> list[Score]:
        """Score many completions with one batched model pass."""
        plans = [self._plan(item, p) for item, p in zip(items, parsed)]
        wanted = [(r, c) for plan, _ in plans for c, r, _ in plan if c.strip()]
        wanted += [(r, r) for r in dict.fromkeys(r for r, _ in wanted)]  # each reference's own score anchors its scale
        raw = dict(zip(wanted, self.raw_scores(wanted))) if wanted else {}
        config = self._load()[3] if wanted else {}
        return [self._score(item, plan, why, raw, config) for item, (plan, why) in zip(items, plans)]

    def _score(self, item: dict[str, Any], plan: list[tuple[str, str, float]], why: str,
               raw: dict[tuple[str, str], float], config: dict[str, Any]) -> Score:
        if not plan:
            return not_applicable(why)
        if not any(c.strip() for c, _, _ in plan):
            return Score(0.0, why or "nothing to compare: empty answer", metadata={"raw": []})
        low, high = float(config["low"]), float(config["high"])
        total, values, anchors, notes = 0.0, [], [], []
        for candidate, reference, weight in plan:
            if not candidate.strip():
                values.append(None)
                continue
            r = raw[(reference, candidate)]
            values.append(round(r, 4))
            anchor = raw[(reference, reference)]
            anchors.append(round(anchor, 4))
            shift = max(0.0, high - anchor)
            value = min(1.0, max(0.0, (r + shift - low) / (high - low))) if high > low else float(r + shift > low)
            reason = degenerate(candidate, str(item.get("question", "")), reference, item.get("type") == "text")
            if reason:
                value *= GUARD_FACTOR
                notes.append(reason)
            if item.get("type") == "text":
                factor, style = style_factor(candidate, repetition_only=True)
                value *= factor
                notes.extend(style)
                figures = reference_figures(reference)
                if figures:
                    stated = figures_stated(candidate, figures)
                    value *= 1 - FIGURES_WEIGHT + FIGURES_WEIGHT * stated / len(figures)
                    if stated < len(figures):
                        notes.append(f"states {stated}/{len(figures)} of the reference's figures")
            total += weight * value
        explanation = (f"reward model raw {', '.join(str(v) for v in values)} (calibrated {low}..{high}, "
                       f"the reference's own raw {', '.join(str(a) for a in anchors)})")
        if why:
            notes.append(why)
        if notes:
            explanation += "; " + "; ".join(notes)
        return Score(total, explanation, metadata={"raw": values, "reference_raw": anchors})

    def __call__(self, item: dict[str, Any], completion: Any) -> Score:
        return self.score_batch([item], [parse(completion)])[0]

