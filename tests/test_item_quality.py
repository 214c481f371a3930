"""Item quality rules of the bundled suites: no give-aways, steps and difficulty, diversity,
no duplicates across suites."""

import random
import re
from collections import Counter

import pytest

from acctbench.generators import templates
from acctbench.generators.base import difficulty_for
from acctbench.generators.choice._common import load_facts
from acctbench.generators.choice.chart import account, cues, gives_away
from acctbench.suites import suites

TEMPLATE_SUITES = {"computations": "numeric", "journal": "journal", "choice": "choice"}
CHART = {"choice_account_type": "type", "choice_normal_balance": "normal_balance", "choice_statement": "statement"}


def _test_items(suite: str) -> list[dict]:
    return suites()[suite].load("test")


# ---- no give-aways --------------------------------------------------------------------------


def test_cue_words_are_data_and_point_at_one_answer_each():
    data = load_facts("cues.yaml")
    assert set(data) == {"expense", "revenue", "liability", "asset"}
    for cue in data.values():
        assert cue["words"] and set(cue) == {"words", "type", "normal_balance", "statement"}


@pytest.mark.parametrize(
    "name, field, gives",
    [
        ("Advertising Expense", "type", True),       # "expense" points at Expense, and it is one
        ("Unearned Revenue", "type", False),         # "revenue" points at Revenue: misleading, kept
        ("Unearned Revenue", "normal_balance", True),  # ... but its credit balance is given away
        ("Goodwill", "type", False),                 # no cue word at all
        ("Allowance for Doubtful Accounts", "normal_balance", False),
    ],
)
def test_gives_away(name, field, gives):
    assert gives_away(account(name), field) is gives


def test_at_most_a_tenth_of_chart_items_name_their_answer():
    items = [i for i in _test_items("choice") if i["template"] in CHART]
    assert len(items) >= 60
    giving = [i["params"]["account"] for i in items if gives_away(account(i["params"]["account"]), CHART[i["template"]])]
    assert len(giving) <= 0.1 * len(items), giving
    assert any(cues(i["params"]["account"]) for i in items)  # misleading cues remain


_FORMULA = re.compile(r"(?i)\bdefined as\b|\bdivided by\b| / |\bas a percentage of\b|\bx 365\b")


def test_most_ratio_questions_do_not_state_the_formula():
    ratios = [i for i in _test_items("computations") if i["template"].startswith("ratio_")]
    stated = [i for i in ratios if _FORMULA.search(i["question"])]
    assert len(ratios) >= 40 and len(stated) <= len(ratios) / 2, (len(stated), len(ratios))


def _states(question: str, line: dict) -> bool:
    side = "debit" if "debit" in line else "credit"
    return re.search(rf"(?i)\b{side}(?:s|ed|ing)?\s+(?:the\s+)?{re.escape(line['account'])}\b", question) is not None


def test_journal_questions_do_not_state_the_entry():
    told = [(i["id"], ln["account"]) for i in _test_items("journal") + suites()["journal"].load("train")
            for ln in i["gold"] if _states(i["question"], ln)]
    assert not told, told[:5]
    policy = re.compile(r"(?i)records? (?:advance payments|purchases|it) as (?:an )?(?:assets?|expenses?)")
    assert not [i["id"] for i in _test_items("journal") if policy.search(i["question"])]


def test_the_two_ambiguous_journal_templates_name_books_and_asset_class():
    for item in _test_items("journal"):
        company = item["params"]["company"]
        if item["template"] == "journal_pay_payable":
            assert f"in {company}'" in item["question"]  # whose books
        if item["template"] == "journal_depreciation_adjustment":
            asset_account = item["gold"][1]["account"].removeprefix("Accumulated Depreciation - ")
            assert f"in its {asset_account} account" in item["question"]  # which asset class


# ---- steps and difficulty -------------------------------------------------------------------


@pytest.mark.parametrize("suite", sorted(TEMPLATE_SUITES))
def test_every_item_counts_its_steps_and_difficulty_follows(suite):
    by_name = {t.name: t for t in templates(TEMPLATE_SUITES[suite])}
    for item in _test_items(suite):
        template = by_name[item["template"]]
        assert isinstance(item["steps"], int) and item["steps"] >= 1, item["id"]
        assert item["steps"] == template.count_steps(item["params"])
        assert item["difficulty"] == difficulty_for(item["steps"], template.names_method(item["params"])), item["id"]


@pytest.mark.parametrize(
    "steps, named, level",
    [(1, True, "easy"), (2, True, "easy"), (1, False, "easy"), (2, False, "medium"), (3, True, "medium"),
     (3, False, "medium"), (4, True, "medium"), (4, False, "hard"), (5, True, "hard"), (7, False, "hard")],
)
def test_difficulty_rule(steps, named, level):
    assert difficulty_for(steps, named) == level


# ---- diversity ------------------------------------------------------------------------------

_DIGITS = re.compile(r"\d")


@pytest.mark.parametrize("family", sorted(set(TEMPLATE_SUITES.values())))
def test_three_or_more_wordings_per_template(family):
    """Distinct question texts once digits and the company name are stripped."""
    for template in templates(family):
        rng = random.Random(template.name)
        texts = set()
        for _ in range(120):
            p = template.sample(rng)
            q = template.question(p).replace(p.get("company", "\0"), "")
            texts.add(_DIGITS.sub("", q))
        assert len(texts) >= 3, f"{template.name}: {len(texts)} wording(s)"


@pytest.mark.parametrize("suite", sorted(TEMPLATE_SUITES))
def test_company_names_are_unique_within_a_test_split(suite):
    names = Counter(i["params"]["company"] for i in _test_items(suite) if "company" in i.get("params", {}))
    assert [n for n, c in names.items() if c > 1] == []


def test_no_near_duplicates_across_suites():
    """A concepts question is no copy of a question in another suite (TF-IDF cosine < 0.6), and
    the cash-flow classifications the choice suite asks are not asked again in concepts."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    concepts = [i for split in ("test", "train") for i in suites()["concepts"].load(split)]
    others = [i for s in TEMPLATE_SUITES for split in ("test", "train") for i in suites()[s].load(split)]
    vectorizer = TfidfVectorizer(stop_words="english", ngram_range=(1, 2), sublinear_tf=True)
    matrix = vectorizer.fit_transform([i["question"] for i in concepts + others])
    sims = cosine_similarity(matrix[: len(concepts)], matrix[len(concepts) :])
    i, j = divmod(int(sims.argmax()), sims.shape[1])
    assert sims.max() < 0.6, f"{concepts[i]['id']} ~ {others[j]['id']} ({sims.max():.2f})"
    facts = {f["id"] for f in load_facts("cash_flow.yaml")}
    assert not {"interest_paid", "dividends_received", "dividends_paid", "building_for_mortgage"} & facts
