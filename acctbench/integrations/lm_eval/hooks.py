"""The functions an exported lm-evaluation-harness task calls (through the ``utils.py`` beside it).

Documents are ``{"id", "item_json"}`` rows built from the installed acctbench's suite (so the
export carries no copy of the data); the prompt is acctbench's: ``description`` holds the system
prompt and :func:`doc_to_text` the user turn, so ``--apply_chat_template`` asks exactly what
``acctbench run`` asks. :func:`make_process_results` scores a generation with acctbench's
:class:`~acctbench.rewards.Judge`; a scorer that does not apply reports NaN (aggregated with
lm-eval's ``nanmean``, as acctbench's own summaries skip not-applicable scores).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from acctbench.prompt import reference_completion, user_message

TOTAL = "total"


def load_dataset(suite: str, **_: Any) -> Any:
    """A ``DatasetDict`` with the ``test`` and ``train`` splits of a bundled suite (lm-eval's
    ``custom_dataset``; lm-eval also passes the task ``metadata`` here, which is ignored)."""
    from datasets import Dataset, DatasetDict

    from acctbench.suites import get_suite

    bundled = get_suite(suite)
    return DatasetDict({
        split: Dataset.from_list([{"id": i["id"], "item_json": json.dumps(i, ensure_ascii=False)} for i in bundled.load(split)])
        for split in ("test", "train")
    })


def _item(doc: dict[str, Any]) -> dict[str, Any]:
    return json.loads(doc["item_json"])


def doc_to_text(doc: dict[str, Any]) -> str:
    """The user turn: question, options, answer instruction."""
    return user_message(_item(doc))


def doc_to_target(doc: dict[str, Any]) -> str:
    """The reference in the answer format (the assistant turn of a few-shot example)."""
    return reference_completion(_item(doc))


@cache
def _judge(scorers: tuple[str, ...]) -> Any:
    from acctbench.rewards import Judge

    return Judge(list(scorers))


def make_process_results(scorers: Sequence[str]) -> Callable[[dict[str, Any], list[str]], dict[str, float]]:
    """lm-eval's ``process_results``: the first generation scored by ``scorers``; ``total`` and one value per scorer."""
    names = tuple(scorers)

    def process_results(doc: dict[str, Any], results: list[str]) -> dict[str, float]:
        judgement = _judge(names).score(_item(doc), results[0] if results else "")
        values = {name: math.nan if value is None else value for name, value in judgement.values().items()}
        return {TOTAL: judgement.total, **values}

    return process_results
