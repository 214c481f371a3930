"""Principle identification: which accounting principle or assumption a scenario illustrates.

Facts: ``datasets/choice/facts/principle_scenarios.yaml``. The item's ``principles`` field
holds the correct principle's id, so the principle scorer can check the explanation too.
"""

from __future__ import annotations

import random
from functools import cache
from typing import Any

from acctbench.generators.base import Params
from acctbench.generators.choice._common import FactChoiceTemplate, load_facts, shuffled_order

FACTS_FILE = "principle_scenarios.yaml"
_STEMS = (
    "Which accounting principle, assumption or concept does the following scenario best illustrate?\n"
    "Scenario: {s}",
    "Scenario: {s}\nWhich accounting principle or assumption is being applied?",
    "Identify the accounting principle or assumption illustrated by this scenario.\nScenario: {s}",
)


@cache
def principle_facts() -> dict[str, Any]:
    """The parsed scenario file: ``principles`` (names), ``definitions``, ``related``, ``scenarios``."""
    data = load_facts(FACTS_FILE)
    return {**data, "by_id": {s["id"]: s for s in data["scenarios"]}}


def principle_name(pid: str) -> str:
    """The option text of a principle id."""
    return principle_facts()["principles"][pid]


class PrincipleScenarioChoice(FactChoiceTemplate):
    """A short scenario and four principle names; exactly one is illustrated."""

    name = "choice_principle"
    category = "principle"
    steps = 2  # what the case does, then the principle it follows or breaks
    key_terms = ("accounting principle",)
    source = "acctbench facts: datasets/choice/facts/principle_scenarios.yaml"

    def sample(self, rng: random.Random) -> Params:
        return {
            "fact": rng.choice(sorted(principle_facts()["by_id"])),
            "order": shuffled_order(rng),
            "wording": rng.randrange(len(_STEMS)),
        }

    def _scenario(self, p: Params) -> dict[str, Any]:
        return principle_facts()["by_id"][p["fact"]]

    def question(self, p: Params) -> str:
        return _STEMS[p["wording"] % len(_STEMS)].format(s=self._scenario(p)["scenario"])

    def options(self, p: Params) -> list[str]:
        sc = self._scenario(p)
        return [principle_name(sc["principle"]), *(principle_name(d) for d in sc["distractors"])]

    def explain(self, p: Params) -> list[str]:
        sc = self._scenario(p)
        pid = sc["principle"]
        others = "; ".join(principle_name(d) for d in sc["distractors"])
        return [
            f'This scenario illustrates "{principle_name(pid)}": {principle_facts()["definitions"][pid]}',
            f"The other options ({others}) describe ideas the scenario does not involve.",
        ]

    def item_key_terms(self, p: Params) -> list[str]:
        return [*self.key_terms, principle_name(self._scenario(p)["principle"])]

    def item_principles(self, p: Params) -> list[str]:
        return [self._scenario(p)["principle"]]


TEMPLATES = [PrincipleScenarioChoice()]
