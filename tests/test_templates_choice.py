"""Checks for the multiple-choice templates: hand-checked examples, one correct option, fact counts."""

import itertools
import random

import pytest

from acctbench.accounts import load_accounts
from acctbench.generators import templates
from acctbench.generators.choice._common import LETTERS, arrange
from acctbench.generators.choice.cash_flow import SECTIONS, CashFlowSectionChoice, cash_flow_facts
from acctbench.generators.choice.chart import (
    BALANCE_DISTRACTORS,
    BS,
    IS,
    NOTES,
    SCE,
    SCF,
    STATEMENT_LABELS,
    TYPE_LABELS,
    AccountTypeChoice,
    NormalBalanceChoice,
    StatementChoice,
    statement_distractors,
)
from acctbench.generators.choice.gaap_ifrs import GaapIfrsChoice, gaap_ifrs_facts
from acctbench.generators.choice.principles import PrincipleScenarioChoice, principle_facts

# The project's principle ids (the preamble's list); every `principles` value must be one of them.
PRINCIPLE_IDS = {
    "matching", "revenue_recognition", "accrual_basis", "conservatism", "materiality", "going_concern",
    "consistency", "historical_cost", "fair_value", "full_disclosure", "economic_entity", "monetary_unit",
    "time_period", "cost_constraint", "verifiability", "substance_over_form", "faithful_representation",
    "relevance", "comparability", "double_entry", "inventory_lower_of_cost", "impairment",
    "depreciation_allocation", "no_offsetting", "contingencies", "lease_recognition", "deferred_tax",
    "segregation_of_duties", "control_consolidation", "timeliness",
}
CHOICE_TEMPLATES = templates("choice")


def _distinct_keys(template, draws=4000, seed=7):
    rng = random.Random(seed)
    return {template.key(template.sample(rng)) for _ in range(draws)}


# ---- hand-checked examples ------------------------------------------------------------------------


def test_account_type_contra_asset():
    # Accumulated Depreciation is a contra ASSET (credit balance, still classified as an asset).
    # Options (correct first): Asset, Liability, Equity, Expense; shown in order [2, 0, 3, 1].
    p = {"account": "Accumulated Depreciation", "distractors": ["liability", "equity", "expense"],
         "order": [2, 0, 3, 1], "wording": 0}
    worked = AccountTypeChoice().solve(p)
    assert worked.extra["choices"] == ["Equity", "Asset", "Expense (including losses)", "Liability"]
    assert worked.gold == "B"
    assert worked.answer == "B) Asset"
    assert "contra" in " ".join(worked.steps)


def test_account_type_dividends_are_equity_not_expense():
    p = {"account": "Dividends Declared", "distractors": ["expense", "liability", "asset"],
         "order": [1, 2, 3, 0], "wording": 1}
    worked = AccountTypeChoice().solve(p)
    assert worked.extra["choices"] == ["Expense (including losses)", "Liability", "Asset", "Equity"]
    assert worked.gold == "D"


def test_normal_balance_contra_revenue_is_debit():
    # Sales Discounts reduces revenue, so its normal balance is a debit (opposite of revenue's credit).
    p = {"account": "Sales Discounts", "distractors": [0, 3], "order": [1, 2, 3, 0], "wording": 0}
    worked = NormalBalanceChoice().solve(p)
    assert worked.extra["choices"] == [
        "Credit",
        "Either debit or credit, depending on the transaction",
        "No normal balance; its balance must always be zero",
        "Debit",
    ]
    assert worked.gold == "D"
    assert worked.answer == "D) Debit"


@pytest.mark.parametrize(
    ("name", "balance"),
    [("Unearned Revenue", "Credit"), ("Treasury Stock", "Debit"), ("Premium on Bonds Payable", "Credit"),
     ("Allowance for Doubtful Accounts", "Credit"), ("Purchase Discounts", "Credit"),
     ("Prepaid Rent", "Debit")],
)
def test_normal_balance_known_accounts(name, balance):
    worked = NormalBalanceChoice().solve({"account": name, "distractors": [1, 2], "order": [0, 1, 2, 3],
                                          "wording": 2})
    assert worked.gold == "A" and worked.extra["choices"][0] == balance


def test_statement_dividends_declared():
    # Dividends are a distribution to owners: statement of changes in equity. Dividends paid also
    # appear in the cash-flow statement, so that statement is replaced by "notes only".
    worked = StatementChoice().solve({"account": "Dividends Declared", "order": [0, 1, 2, 3], "wording": 0})
    assert worked.extra["choices"] == [SCE, BS, IS, NOTES]
    assert worked.gold == "A"


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("Accounts Receivable", [BS, IS, SCE, SCF]),
        ("Retained Earnings", [BS, IS, SCF, NOTES]),  # equity: no "statement of changes in equity"
        ("Cash", [BS, IS, SCE, NOTES]),  # cash: no "statement of cash flows"
        ("Depreciation Expense", [IS, BS, SCE, NOTES]),  # indirect-method add-back: no SCF
    ],
)
def test_statement_option_sets(name, options):
    worked = StatementChoice().solve({"account": name, "order": [3, 2, 1, 0], "wording": 1})
    assert worked.extra["choices"] == options[::-1]
    assert worked.gold == "D"


def test_cash_flow_interest_received():
    # ASC 230-10-45-16(b): interest received is operating under US GAAP; IAS 7.33 allows investing too.
    worked = CashFlowSectionChoice().solve({"fact": "interest_received", "order": [3, 2, 1, 0], "wording": 0})
    assert worked.extra["choices"] == [
        "Not reported as a cash flow (non-cash item)",
        "Financing activities",
        "Investing activities",
        "Operating activities",
    ]
    assert worked.gold == "D"
    assert "IAS 7.33" in " ".join(worked.steps)


@pytest.mark.parametrize(
    ("fact", "section"),
    [("buy_treasury_stock", "Financing activities"), ("buy_equipment", "Investing activities"),
     ("land_for_shares", "Not reported as a cash flow (non-cash item)"),
     ("finance_lease_principal", "Financing activities"), ("operating_lease_payment", "Operating activities"),
     ("capitalized_interest", "Investing activities"), ("restricted_cash_transfer",
                                                         "Not reported as a cash flow (non-cash item)")],
)
def test_cash_flow_known_sections(fact, section):
    worked = CashFlowSectionChoice().solve({"fact": fact, "order": [0, 1, 2, 3], "wording": 1})
    assert worked.gold == "A" and worked.extra["choices"][0] == section


def test_gaap_ifrs_lifo():
    worked = GaapIfrsChoice().solve({"fact": "lifo", "order": [1, 0, 2, 3]})
    assert worked.extra["choices"] == [
        "First-in, first-out (FIFO)",
        "Last-in, first-out (LIFO)",
        "Weighted-average cost",
        "Specific identification of individual costs",
    ]
    assert worked.gold == "B"
    assert "IAS 2" in " ".join(worked.steps)


def test_gaap_ifrs_provision_range():
    worked = GaapIfrsChoice().solve({"fact": "provision_range", "order": [2, 3, 0, 1]})
    assert worked.gold == "C"
    assert worked.answer.startswith("C) IFRS the mid-point")


def test_principle_stapler_is_materiality():
    t = PrincipleScenarioChoice()
    p = {"fact": "materiality_stapler", "order": [3, 1, 0, 2], "wording": 0}
    worked = t.solve(p)
    assert worked.extra["choices"] == ["Economic entity assumption", "Matching principle", "Materiality",
                                       "Historical cost principle"]
    assert worked.gold == "C"
    assert t.item(p, "choice")["principles"] == ["materiality"]


# ---- structure: exactly one correct option, identity without the shuffle ------------------------


def test_arrange_rejects_duplicates_and_bad_orders():
    with pytest.raises(ValueError):
        arrange(["a", "a", "b", "c"], [0, 1, 2, 3])
    with pytest.raises(ValueError):
        arrange(["a", "b", "c", "d"], [0, 0, 2, 3])


@pytest.mark.parametrize("template", CHOICE_TEMPLATES, ids=lambda t: t.name)
def test_one_correct_option_and_valid_items(template):
    from acctbench.schema import validate_item

    rng = random.Random(11)
    for _ in range(400):
        p = template.sample(rng)
        options = template.options(p)
        assert len(options) == 4 and len(set(options)) == 4, options
        item = template.item(p, "choice")
        assert validate_item(item) == []
        assert item["choices"][LETTERS.index(item["gold"])] == options[0]
        assert item["reference"]["answer"] == f"{item['gold']}) {options[0]}"
        assert set(item.get("principles", [])) <= PRINCIPLE_IDS
        assert "order" not in template.identity(p) and "wording" not in template.identity(p)


@pytest.mark.parametrize("template", CHOICE_TEMPLATES, ids=lambda t: t.name)
def test_shuffle_does_not_change_identity(template):
    p = template.sample(random.Random(3))
    q = {**p, "order": p["order"][::-1]}
    assert template.key(p) == template.key(q)
    assert template.solve(p).answer[3:] == template.solve(q).answer[3:]


def test_every_account_has_one_correct_option():
    chart = load_accounts()
    for acc in chart:
        assert acc.type in ("asset", "liability", "equity", "revenue", "expense")
        wrong = statement_distractors(acc)
        assert len(set(wrong)) == 3 and STATEMENT_LABELS[acc.statement] not in wrong, acc.name
    base = {"order": [0, 1, 2, 3], "wording": 0}
    for acc in chart:
        others = [t for t in TYPE_LABELS if t != acc.type]
        for wrong in itertools.combinations(others, 3):
            p = {**base, "account": acc.name, "distractors": list(wrong)}
            assert len(set(AccountTypeChoice().options(p))) == 4
        for pair in itertools.combinations(range(len(BALANCE_DISTRACTORS)), 2):
            p = {**base, "account": acc.name, "distractors": list(pair)}
            assert len(set(NormalBalanceChoice().options(p))) == 4
    for acc in StatementChoice().eligible():
        assert len(set(StatementChoice().options({**base, "account": acc.name}))) == 4


# ---- fact files ------------------------------------------------------------------------------------


def test_cash_flow_facts():
    facts = cash_flow_facts()
    assert len(facts) >= 45
    for fid, fact in facts.items():
        assert fact["section"] in SECTIONS, fid
        assert fact["transaction"].strip() and fact["explanation"].strip(), fid
    assert {f["section"] for f in facts.values()} == set(SECTIONS)


def test_gaap_ifrs_facts():
    facts = gaap_ifrs_facts()
    assert len(facts) >= 30
    for fid, fact in facts.items():
        options = [fact["correct"], *fact["wrong"]]
        assert len(fact["wrong"]) == 3 and len(set(options)) == 4, fid
        assert fact["question"].strip().endswith("?"), fid
        assert fact["explanation"].strip(), fid
        assert set(fact.get("principles", [])) <= PRINCIPLE_IDS, fid


def test_principle_scenarios():
    data = principle_facts()
    assert set(data["principles"]) == PRINCIPLE_IDS == set(data["definitions"])
    scenarios = data["scenarios"]
    assert len(scenarios) >= 60
    assert {s["principle"] for s in scenarios} == PRINCIPLE_IDS  # every principle is covered
    related = [set(group) for group in data["related"]]
    for sc in scenarios:
        assert sc["principle"] in PRINCIPLE_IDS and set(sc["distractors"]) <= PRINCIPLE_IDS, sc["id"]
        assert len(set(sc["distractors"])) == 3 and sc["principle"] not in sc["distractors"], sc["id"]
        for d in sc["distractors"]:  # a distractor may not be a close relative of the answer
            assert not any(sc["principle"] in g and d in g for g in related), (sc["id"], d)


# ---- enough distinct questions for the bundled suite ------------------------------------------------


def test_distinct_identity_counts():
    expected = {
        "choice_account_type": len(AccountTypeChoice().eligible()),
        "choice_normal_balance": len(NormalBalanceChoice().eligible()),
        "choice_statement": len(StatementChoice().eligible()),
        "choice_cash_flow_section": len(cash_flow_facts()),
        "choice_gaap_ifrs": len(gaap_ifrs_facts()),
        "choice_principle": len(principle_facts()["scenarios"]),
    }
    counts = {t.name: len(_distinct_keys(t)) for t in CHOICE_TEMPLATES}
    assert counts == expected
    assert sum(counts.values()) >= 500  # the bundled suite draws 500 (180 test + 320 train)


def test_suite_splits_share_no_fact():
    from acctbench.generators.build import item_key, sample_items

    test = sample_items("choice", "choice", seed=1505, n=180)
    train = sample_items("choice", "choice", seed=2606, n=320, exclude={item_key(i) for i in test})
    assert len({item_key(i) for i in test}) == 180 and len({item_key(i) for i in train}) == 320
    assert not {item_key(i) for i in test} & {item_key(i) for i in train}
