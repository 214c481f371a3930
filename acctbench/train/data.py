"""The training set: train splits of the bundled suites, mixed by share, asked as ``acctbench run`` asks.

Mixing is deterministic for a seed: each suite is shuffled with its own ``Random(f"{seed}:{suite}")``
and the first ``n`` items (that fit ``max_prompt_length``) are taken; a suite smaller than its
share is repeated in fresh shuffles. Counts per suite come from the shares by largest remainder.
The mixed rows are shuffled once more with ``Random(seed)``.

Each row has ``prompt`` (chat messages from :func:`acctbench.prompt.build_messages`; the
trainer applies the chat template, exactly as the HF backend of ``acctbench run`` does) and the
columns of :func:`acctbench.prompt.describe` (``id``, ``type``, ``item_json``) plus ``suite``.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from acctbench.prompt import Message, build_messages, describe, merge_system, plain_prompt, select_shots
from acctbench.schema import Item


def mix_counts(shares: Mapping[str, float], available: Mapping[str, int], total: int | None) -> dict[str, int]:
    """Items per suite: ``total`` split by the normalised ``shares`` (largest remainder).

    ``total=None`` takes the largest total for which no suite needs more items than it has.
    """
    if not shares or any(s <= 0 for s in shares.values()):
        raise ValueError("shares must be positive and name at least one suite")
    norm = sum(shares.values())
    p = {name: share / norm for name, share in shares.items()}
    if total is None:
        total = min(math.floor(available[name] / p[name] + 1e-9) for name in p)
        counts = _largest_remainder(p, total)
        while any(counts[n] > available[n] for n in counts):  # float edge: shave the overflow
            total -= 1
            counts = _largest_remainder(p, total)
        return counts
    return _largest_remainder(p, total)


def _largest_remainder(p: Mapping[str, float], total: int) -> dict[str, int]:
    exact = {name: share * total for name, share in p.items()}
    counts = {name: math.floor(value) for name, value in exact.items()}
    left = total - sum(counts.values())
    for name in sorted(p, key=lambda n: (-(exact[n] - counts[n]), n))[:left]:
        counts[name] += 1
    return counts


def _take(items: Sequence[Item], n: int, rng: random.Random, fits: Callable[[Item], bool]) -> list[Item]:
    """The first ``n`` fitting items of a shuffle of ``items``; more passes (fresh shuffles) if short."""
    if n == 0:
        return []
    order = list(items)
    rng.shuffle(order)
    out: list[Item] = []
    for item in order:
        if fits(item):
            out.append(item)
            if len(out) == n:
                return out
    if not out:
        raise ValueError("no item fits max_prompt_length")
    usable = list(out)
    while len(out) < n:
        rng.shuffle(usable)
        out.extend(usable[: n - len(out)])
    return out


def mix_items(
    pools: Mapping[str, Sequence[Item]],
    shares: Mapping[str, float],
    total: int | None,
    seed: int,
    fits: Callable[[Item], bool] | None = None,
) -> list[tuple[str, Item]]:
    """``(suite, item)`` pairs mixed by share (deterministic for ``seed``)."""
    counts = mix_counts(shares, {name: len(pools[name]) for name in shares}, total)
    mixed: list[tuple[str, Item]] = []
    for name in sorted(shares):
        try:
            chosen = _take(pools[name], counts[name], random.Random(f"{seed}:{name}"), fits or (lambda _: True))
        except ValueError as exc:
            raise ValueError(f"suite {name!r}: {exc}") from None
        mixed.extend((name, item) for item in chosen)
    random.Random(seed).shuffle(mixed)
    return mixed


def item_messages(item: Item, shot_pool: Sequence[Item], few_shot: int) -> list[Message]:
    """The chat messages for one item (with ``few_shot`` examples), as ``acctbench run`` builds them."""
    return build_messages(item, select_shots(item, shot_pool, few_shot))


class PromptFormat:
    """How a tokenizer receives prompts, mirroring the HF backend of ``acctbench run``.

    ``chat``: the messages as they are; ``merged_system``: the system turn folded into the first
    user turn (templates that reject a system role); ``plain``: no chat template, so the prompt
    is :func:`acctbench.prompt.plain_prompt` text.
    """

    def __init__(self, tokenizer: Any):
        self.tokenizer = tokenizer
        self.kind = self._detect()

    def _render(self, messages: list[Message]) -> str:
        return self.tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=False)

    def _detect(self) -> str:
        if not getattr(self.tokenizer, "chat_template", None):
            return "plain"
        probe = [{"role": "system", "content": "s"}, {"role": "user", "content": "u"}]
        try:
            self._render(probe)
            return "chat"
        except Exception:  # noqa: BLE001 - a jinja raise_exception for the system role
            return "merged_system"

    def prompt(self, messages: list[Message]) -> list[Message] | str:
        """The ``prompt`` column value for these messages."""
        if self.kind == "plain":
            return plain_prompt(messages)
        if self.kind == "merged_system":
            return merge_system(messages)
        return messages

    def length(self, messages: list[Message]) -> int:
        """Prompt tokens after the template (what the trainer will feed the model)."""
        value = self.prompt(messages)
        text = value if isinstance(value, str) else self._render(value)
        return len(self.tokenizer(text, add_special_tokens=isinstance(value, str))["input_ids"])



def shot_pool(few_shot: int) -> list[Item]:
    """Where k-shot examples come from: every bundled train item (none when ``few_shot`` is 0)."""
    from acctbench.suites import suites

    return [i for s in suites().values() for i in s.load("train")] if few_shot > 0 else []


def item_row(suite: str, item: Item, messages: list[Message], fmt: PromptFormat | None = None) -> dict[str, Any]:
    """One training row: ``prompt`` (chat messages, or as ``fmt`` feeds its tokenizer), ``id``,
    ``type``, ``item_json`` (what the reward functions read) and ``suite``."""
    return {"prompt": fmt.prompt(messages) if fmt is not None else messages, **describe(item), "suite": suite}


def training_rows(
    shares: Mapping[str, float],
    total: int | None,
    seed: int,
    few_shot: int = 0,
    fmt: PromptFormat | None = None,
    max_prompt_length: int | None = None,
) -> list[dict[str, Any]]:
    """The rows of the training set (see the module docstring)."""
    from acctbench.suites import suites

    bundled = suites()
    pools = {name: bundled[name].load("train") for name in shares}
    shots = shot_pool(few_shot)

    def messages(item: Item) -> list[Message]:
        return item_messages(item, shots, few_shot)

    fits = None
    if fmt is not None and max_prompt_length is not None:
        fits = lambda item: fmt.length(messages(item)) <= max_prompt_length  # noqa: E731
    return [item_row(suite, item, messages(item), fmt) for suite, item in mix_items(pools, shares, total, seed, fits)]


def build_dataset(rows: list[dict[str, Any]]) -> Any:
    """A Hugging Face ``datasets.Dataset`` of the rows."""
    from datasets import Dataset

    return Dataset.from_list(rows)
