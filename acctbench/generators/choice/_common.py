"""Shared pieces of the multiple-choice templates: fact files, shuffling and the worked answer.

Every choice template builds its options with the correct one first (index 0), then shows
them in the order of the sampled permutation ``p["order"]``: option ``order[j]`` is printed
at letter ``j``. The order, the wording variant and any sampled distractors are cosmetic: they
are left out of ``identity``, so one fact is one question whatever its presentation, and the
train and test splits never share a fact.
"""

from __future__ import annotations

import random
from abc import abstractmethod
from functools import cache
from typing import Any, ClassVar

import yaml

from acctbench._paths import data_path
from acctbench.generators.base import ChoiceTemplate, Params, Worked

LETTERS = "ABCD"
N_OPTIONS = len(LETTERS)


@cache
def load_facts(name: str) -> Any:
    """A parsed fact file from ``datasets/choice/facts/`` (read once)."""
    path = data_path("datasets", "choice", "facts", name)
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def shuffled_order(rng: random.Random, n: int = N_OPTIONS) -> list[int]:
    """A random permutation of ``range(n)``."""
    order = list(range(n))
    rng.shuffle(order)
    return order


def article(word: str) -> str:
    """``a`` or ``an`` for a following word (by its first letter)."""
    return "an" if word[:1].lower() in "aeiou" else "a"


def arrange(options: list[str], order: list[int]) -> tuple[list[str], str]:
    """Show ``options`` (correct first) in ``order``; return the shown list and the gold letter."""
    if sorted(order) != list(range(len(options))):
        raise ValueError(f"order {order} is not a permutation of {len(options)} options")
    if len(set(options)) != len(options):
        raise ValueError(f"duplicate option texts: {options}")
    shown = [options[i] for i in order]
    return shown, LETTERS[order.index(0)]


class FactChoiceTemplate(ChoiceTemplate):
    """A choice template over a finite set of facts.

    Subclasses implement ``sample``, ``question``, ``options`` (correct option first) and
    ``explain`` (the reasoning steps); ``item_key_terms`` and ``item_principles`` may refine
    the class-level metadata per fact. ``steps`` counts the inferences the answer needs (classify,
    then place); no choice question names its method, so difficulty follows from ``steps`` alone.
    """

    steps: ClassVar[int] = 1
    method_named = False
    cosmetic: ClassVar[tuple[str, ...]] = ("order", "wording", "distractors")

    def identity(self, p: Params) -> Params:
        return {k: v for k, v in p.items() if k not in self.cosmetic}

    @abstractmethod
    def options(self, p: Params) -> list[str]:
        """The option texts, correct first."""

    @abstractmethod
    def explain(self, p: Params) -> list[str]:
        """Sentences explaining why the correct option is right."""

    def item_key_terms(self, p: Params) -> list[str]:
        """The item's ``key_terms`` (default: the template's)."""
        return list(self.key_terms)

    def item_principles(self, p: Params) -> list[str]:
        """The item's ``principles`` ids (default: the template's)."""
        return list(self.principles)

    def count_steps(self, p: Params) -> int:
        """The inferences this fact needs (default: the template's ``steps``)."""
        return self.steps

    def solve(self, p: Params) -> Worked:
        shown, letter = arrange(self.options(p), p["order"])
        text = shown[LETTERS.index(letter)]
        steps = [*self.explain(p), f"The correct option is {letter}) {text}."]
        return Worked(gold=letter, steps=steps, answer=f"{letter}) {text}", extra={"choices": shown})

    def item(self, p: Params, suite: str) -> dict[str, Any]:
        item = super().item(p, suite)
        per_fact = (("key_terms", self.item_key_terms(p)), ("principles", self.item_principles(p)))
        for field, values in per_fact:
            if values:
                item[field] = values
            else:
                item.pop(field, None)
        return item
