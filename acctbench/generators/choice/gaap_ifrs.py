"""US GAAP versus IFRS: one multiple-choice question per fact in ``gaap_ifrs.yaml``.

Each fact carries its stem, the correct option, three wrong but plausible options and an
explanation citing the standards (as effective for 2024 reporting periods).
"""

from __future__ import annotations

import random
from functools import cache
from typing import Any

from acctbench.generators.base import Params
from acctbench.generators.choice._common import FactChoiceTemplate, load_facts, shuffled_order

FACTS_FILE = "gaap_ifrs.yaml"
_AS_OF = "US GAAP and IFRS as effective for 2024 reporting periods"


@cache
def gaap_ifrs_facts() -> dict[str, dict[str, Any]]:
    """The GAAP/IFRS facts by id."""
    return {f["id"]: f for f in load_facts(FACTS_FILE)}


class GaapIfrsChoice(FactChoiceTemplate):
    """A difference (or a deliberate similarity) between US GAAP and IFRS."""

    name = "choice_gaap_ifrs"
    category = "gaap_ifrs"
    steps = 2  # the US GAAP rule, then the IFRS one
    key_terms = ("US GAAP", "IFRS")
    source = "acctbench facts: datasets/choice/facts/gaap_ifrs.yaml (ASC and IFRS/IAS, 2024)"

    def sample(self, rng: random.Random) -> Params:
        return {"fact": rng.choice(sorted(gaap_ifrs_facts())), "order": shuffled_order(rng)}

    def question(self, p: Params) -> str:
        return f"{gaap_ifrs_facts()[p['fact']]['question'].strip()} ({_AS_OF}.)"

    def options(self, p: Params) -> list[str]:
        fact = gaap_ifrs_facts()[p["fact"]]
        return [fact["correct"], *fact["wrong"]]

    def explain(self, p: Params) -> list[str]:
        return [gaap_ifrs_facts()[p["fact"]]["explanation"]]

    def item_key_terms(self, p: Params) -> list[str]:
        return [*self.key_terms, *gaap_ifrs_facts()[p["fact"]].get("key_terms", [])]

    def item_principles(self, p: Params) -> list[str]:
        return list(gaap_ifrs_facts()[p["fact"]].get("principles", []))


TEMPLATES = [GaapIfrsChoice()]
