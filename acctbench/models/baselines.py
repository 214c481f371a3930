"""Backends without a language model: oracle, TF-IDF retrieval, and replay of a file."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

from acctbench.models.base import BackendError, Generation, GenerationConfig, Request
from acctbench.prompt import reference_completion
from acctbench.schema import Item


class OracleBackend:
    """Answers with the item's own reference: the top of the scale."""

    label = "oracle"

    def identity(self) -> dict[str, Any]:
        return {"kind": "oracle"}

    def generate(self, requests: list[Request], config: GenerationConfig) -> list[Generation]:
        return [Generation(reference_completion(r.item), latency_s=0.0) for r in requests]

    def close(self) -> None:
        pass


class RetrievalBackend:
    """Answers with the reference of the most similar *train* question (TF-IDF cosine).

    The pool is every bundled train item of the same type, so the baseline never sees the
    question it answers. It shows what surface similarity alone earns: a real floor.
    """

    label = "retrieval"

    def __init__(self, pool: Sequence[Item] | None = None):
        self._pool = list(pool) if pool is not None else None

    def identity(self) -> dict[str, Any]:
        return {"kind": "retrieval", "method": "tfidf-cosine over bundled train items of the same type"}

    @cached_property
    def _index(self) -> dict[str, tuple[Any, Any, list[Item]]]:
        from sklearn.feature_extraction.text import TfidfVectorizer

        from acctbench.suites import suites

        pool = self._pool if self._pool is not None else [i for s in suites().values() for i in s.load("train")]
        index = {}
        for kind in {i["type"] for i in pool}:
            items = [i for i in pool if i["type"] == kind]
            vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
            index[kind] = (vectorizer, vectorizer.fit_transform([i["question"] for i in items]), items)
        return index

    def generate(self, requests: list[Request], config: GenerationConfig) -> list[Generation]:
        out = []
        for r in requests:
            entry = self._index.get(r.item["type"])
            if entry is None:
                out.append(Generation("", latency_s=0.0, meta={"retrieved": None}))
                continue
            vectorizer, matrix, items = entry
            sims = (matrix @ vectorizer.transform([r.item["question"]]).T).toarray().ravel()
            best = items[int(sims.argmax())]
            out.append(Generation(reference_completion(best), latency_s=0.0, meta={"retrieved": best["id"]}))
        return out

    def close(self) -> None:
        pass


class ReplayBackend:
    """Completions produced elsewhere, looked up by (id, sample)."""

    def __init__(self, path: Path):
        from acctbench.completions import read_completions

        if not path.is_file():
            raise BackendError(f"replay file not found: {path}")
        self.path = path
        rows = read_completions(path)
        models = {r["model"] for r in rows}
        self.label = models.pop() if len(models) == 1 else path.stem
        self._by_key = {(r["id"], r["sample"]): r["completion"] for r in rows}

    def identity(self) -> dict[str, Any]:
        digest = hashlib.sha256(self.path.read_bytes()).hexdigest()
        return {"kind": "replay", "path": str(self.path.resolve()), "sha256": digest}

    def generate(self, requests: list[Request], config: GenerationConfig) -> list[Generation]:
        out = []
        for r in requests:
            key = (r.item["id"], r.sample)
            if key not in self._by_key:
                raise BackendError(f"{self.path}: no completion for id {key[0]!r} sample {key[1]}")
            out.append(Generation(self._by_key[key], latency_s=0.0))
        return out

    def close(self) -> None:
        pass
