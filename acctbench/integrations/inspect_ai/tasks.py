"""One inspect_ai task per bundled suite, asking exactly what ``acctbench run`` asks."""

from __future__ import annotations

import json
from collections.abc import Callable

from inspect_ai import Task, task
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.model import ChatMessage, ChatMessageAssistant, ChatMessageSystem, ChatMessageUser, GenerateConfig
from inspect_ai.solver import generate

from acctbench.integrations.inspect_ai.scorer import acctbench_scorer
from acctbench.models.base import GenerationConfig
from acctbench.prompt import Message, build_messages, select_shots
from acctbench.schema import Item
from acctbench.suites import get_suite, suites

_ROLES: dict[str, type] = {"system": ChatMessageSystem, "user": ChatMessageUser, "assistant": ChatMessageAssistant}


def _chat(messages: list[Message]) -> list[ChatMessage]:
    return [_ROLES[m["role"]](content=m["content"]) for m in messages]


def _sample(suite: str, item: Item, pool: list[Item], few_shot: int) -> Sample:
    return Sample(
        id=item["id"],
        input=_chat(build_messages(item, select_shots(item, pool, few_shot))),
        target=str(item["reference"]["answer"]),
        metadata={"item_json": json.dumps(item, ensure_ascii=False), "suite": suite, "type": item["type"],
                  "category": item.get("category")},
    )


def suite_task(name: str, split: str = "test", few_shot: int = 0) -> Task:
    """The inspect Task of a bundled suite: k-shot examples from the train splits, as ``acctbench run``."""
    suite = get_suite(name)
    items = suite.load(split)
    pool: list[Item] = []
    if few_shot > 0:
        asked = {i["id"] for i in items}
        pool = [i for s in suites().values() for i in s.load("train") if i["id"] not in asked]
    defaults = GenerationConfig()
    return Task(
        dataset=MemoryDataset([_sample(suite.name, i, pool, int(few_shot)) for i in items], name=f"acctbench_{suite.name}"),
        solver=generate(),
        scorer=acctbench_scorer(),
        config=GenerateConfig(temperature=defaults.temperature, max_tokens=defaults.max_new_tokens),
        version=suite.version,
        metadata={"suite": suite.name, "split": split, "few_shot": few_shot, "content_hash": suite.content_hash(split)},
    )


def _factory(name: str) -> Callable[..., Task]:
    def make(split: str = "test", few_shot: int = 0) -> Task:
        return suite_task(name, split=split, few_shot=int(few_shot))

    make.__name__ = name
    make.__doc__ = f"acctbench suite {name!r}: -T split=test|train, -T few_shot=N."
    return task(name=name)(make)


TASKS = {name: _factory(name) for name in suites()}
"""Registered as ``acctbench/<suite>`` (inspect prefixes the package name)."""
