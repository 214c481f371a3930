"""Cash-flow classification: the statement-of-cash-flows section of a transaction (ASC 230).

Facts: ``datasets/choice/facts/cash_flow.yaml``. The question fixes US GAAP and a
non-financial company, so exactly one section applies; IAS 7 differences (interest,
dividends, overdrafts, leases) are explained in the reasoning.
"""

from __future__ import annotations

import random
from functools import cache
from typing import Any

from acctbench.generators.base import Params
from acctbench.generators.choice._common import FactChoiceTemplate, load_facts, shuffled_order

FACTS_FILE = "cash_flow.yaml"
SECTIONS = ("operating", "investing", "financing", "noncash")
SECTION_LABELS = {
    "operating": "Operating activities",
    "investing": "Investing activities",
    "financing": "Financing activities",
    "noncash": "Not reported as a cash flow (non-cash item)",
}
_STEMS = (
    "Under US GAAP (ASC 230), in which section of a non-financial company's statement of cash "
    "flows is the following reported?\nTransaction: {t}",
    "A commercial company prepares its statement of cash flows under US GAAP (ASC 230). How is this "
    "transaction classified?\nTransaction: {t}",
    "Classify the following transaction of a non-financial company in its US GAAP statement of cash "
    "flows (ASC 230).\nTransaction: {t}",
)


@cache
def cash_flow_facts() -> dict[str, dict[str, Any]]:
    """The cash-flow facts by id."""
    return {f["id"]: f for f in load_facts(FACTS_FILE)}


class CashFlowSectionChoice(FactChoiceTemplate):
    """Operating, investing, financing, or not a cash flow, for one described transaction."""

    name = "choice_cash_flow_section"
    category = "cash_flow"
    steps = 2  # what the cash flow is, then its section
    key_terms = ("statement of cash flows", "operating activities", "investing activities",
                 "financing activities")
    source = "acctbench facts: datasets/choice/facts/cash_flow.yaml (ASC 230, IAS 7)"

    def sample(self, rng: random.Random) -> Params:
        return {
            "fact": rng.choice(sorted(cash_flow_facts())),
            "order": shuffled_order(rng),
            "wording": rng.randrange(len(_STEMS)),
        }

    def question(self, p: Params) -> str:
        return _STEMS[p["wording"] % len(_STEMS)].format(t=cash_flow_facts()[p["fact"]]["transaction"])

    def options(self, p: Params) -> list[str]:
        section = cash_flow_facts()[p["fact"]]["section"]
        return [SECTION_LABELS[section], *(SECTION_LABELS[s] for s in SECTIONS if s != section)]

    def explain(self, p: Params) -> list[str]:
        fact = cash_flow_facts()[p["fact"]]
        steps = [fact["explanation"]]
        if fact.get("ifrs"):
            steps.append(f"IFRS difference: {fact['ifrs']}")
        return steps

    def count_steps(self, p: Params) -> int:
        # Classifications set by recent ASUs (2016-09, 2016-15, 2016-18) need that rule as well.
        return 3 if "ASU" in cash_flow_facts()[p["fact"]]["explanation"] else self.steps

    def item_key_terms(self, p: Params) -> list[str]:
        section = cash_flow_facts()[p["fact"]]["section"]
        terms = ["statement of cash flows", "ASC 230"]
        return terms + (["non-cash transaction"] if section == "noncash"
                        else [SECTION_LABELS[section].lower()])


TEMPLATES = [CashFlowSectionChoice()]
