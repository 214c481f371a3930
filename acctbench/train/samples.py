"""A small table of what the policy writes: ``completions_sample.jsonl``, rows at each logging step.

Each reward function is wrapped in :class:`RecordingReward` (same ``__name__``, same values);
the wrappers share a :class:`SampleLog` that keeps a few completions of the latest batch with
every reward's value. :func:`sample_callback` writes them out whenever the trainer logs. This
needs nothing private from TRL, so it works across TRL versions. Text is kept losslessly
(:func:`acctbench.results.jsonl.dumps`): a lone surrogate in a completion never stops training.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from acctbench.results.jsonl import dumps_line

QUESTION_CHARS = 400


def completion_text(completion: Any) -> str:
    """A completion as text (plain string or chat messages)."""
    if isinstance(completion, str):
        return completion
    if isinstance(completion, Sequence):
        return "".join(str(m.get("content", "")) for m in completion if isinstance(m, Mapping))
    return str(completion)


class SampleLog:
    """The latest batch's sampled completions and the value each reward gave them."""

    def __init__(self, weights: Mapping[str, float], limit: int):
        self.weights = dict(weights)
        self.limit = limit
        self.rows: list[dict[str, Any]] = []

    def _indices(self, n: int) -> list[int]:
        """Evenly spread rows, so a batch of several prompts shows several prompts."""
        k = min(self.limit, n)
        return sorted({i * n // k for i in range(k)}) if k else []

    def record(self, name: str, completions: Sequence[Any], columns: Mapping[str, Any], values: Sequence[Any]) -> None:
        """Note ``values`` of reward ``name`` for the sampled completions of this batch."""
        picks = self._indices(len(completions))
        fresh = [self._row(i, completion_text(completions[i]), columns) for i in picks]
        if [(r["id"], r["completion"]) for r in self.rows] != [(r["id"], r["completion"]) for r in fresh]:
            self.rows = fresh  # a new batch (every reward of one batch sees the same completions)
        for row, i in zip(self.rows, picks):
            value = values[i] if i < len(values) else None
            row["rewards"][name] = None if value is None or value != value else float(value)

    @staticmethod
    def _row(i: int, text: str, columns: Mapping[str, Any]) -> dict[str, Any]:
        def column(key: str) -> Any:
            value = columns.get(key)
            return value[i] if isinstance(value, (list, tuple)) and i < len(value) else None

        question = None
        raw = column("item_json")
        if isinstance(raw, str):
            try:
                question = str(json.loads(raw).get("question", ""))[:QUESTION_CHARS]
            except (ValueError, AttributeError):
                question = None
        return {"id": column("id"), "type": column("type"), "question": question, "completion": text, "rewards": {}}

    def pop(self) -> list[dict[str, Any]]:
        """The recorded rows with their weighted reward (as GRPO sums it); clears the log."""
        rows, self.rows = self.rows, []
        for row in rows:
            values = row["rewards"]
            row["reward"] = round(sum(self.weights.get(n, 1.0) * v for n, v in values.items() if v is not None), 6)
        return rows


class RecordingReward:
    """A reward function that also notes its values in a :class:`SampleLog` (picklable)."""

    def __init__(self, func: Any, log: SampleLog):
        self.func = func
        self.log = log
        self.__name__ = func.__name__

    def __call__(self, completions: Sequence[Any], **kwargs: Any) -> list[float | None]:
        values = self.func(completions, **kwargs)
        if self.log.limit > 0:
            self.log.record(self.__name__, completions, kwargs, values)
        return values

    def __repr__(self) -> str:
        return f"RecordingReward({self.func!r})"


def sample_callback(log: SampleLog, path: Path) -> Any:
    """A ``TrainerCallback`` appending the log's rows to ``path`` at every logging step."""
    from transformers import TrainerCallback

    class SampleTableCallback(TrainerCallback):
        def on_log(self, args: Any, state: Any, control: Any, logs: dict | None = None, **kwargs: Any) -> None:
            rows = log.pop()
            if not rows or not state.is_world_process_zero:
                return
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as handle:
                handle.write("".join(dumps_line({"step": state.global_step, **row}) for row in rows))

    return SampleTableCallback()
