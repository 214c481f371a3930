"""The chart of accounts loads, is internally consistent, and resolves names and synonyms."""

from pathlib import Path

import pytest

from acctbench.accounts import TYPES, Account, ChartOfAccounts, load_accounts, normalize_account_name


@pytest.fixture(scope="module")
def chart() -> ChartOfAccounts:
    return load_accounts()


def test_default_chart_loads_and_is_cached(chart):
    assert len(chart) >= 120
    assert load_accounts() is chart
    assert all(isinstance(a, Account) for a in chart.accounts)


def test_every_type_is_represented(chart):
    assert {a.type for a in chart} == set(TYPES)


def test_normal_balances_follow_type_and_contra(chart):
    natural = {"asset": "debit", "expense": "debit", "liability": "credit", "equity": "credit",
               "revenue": "credit"}
    for acc in chart:
        opposite = acc.normal_balance != natural[acc.type]
        assert acc.contra == opposite, acc.name


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Allowance for Doubtful Accounts", "credit"),  # contra asset
        ("Accumulated Depreciation - Equipment", "credit"),  # contra asset
        ("Sales Returns and Allowances", "debit"),  # contra revenue
        ("Sales Discounts", "debit"),  # contra revenue
        ("Treasury Stock", "debit"),  # contra equity
        ("Purchase Returns and Allowances", "credit"),  # contra to Purchases
        ("Discount on Bonds Payable", "debit"),  # contra liability
        ("Premium on Bonds Payable", "credit"),  # adjunct, not contra
    ],
)
def test_known_contra_and_adjunct_accounts(chart, name, expected):
    assert chart[name].normal_balance == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("A/P", "Accounts Payable"),
        ("trade payables", "Accounts Payable"),
        ("Trade Creditors", "Accounts Payable"),
        ("PP&E", "Property, Plant and Equipment"),
        ("property, plant & equipment", "Property, Plant and Equipment"),
        ("accounts receivable account", "Accounts Receivable"),  # trailing "account" dropped
        ("Debtors", "Accounts Receivable"),
        ("Wage Payable", "Wages Payable"),  # singular/plural
        ("Salaries and Wages Payable", "Wages Payable"),
        ("COGS", "Cost of Goods Sold"),
        ("Cost of sales", "Cost of Goods Sold"),
        ("Share premium account", "Additional Paid-In Capital"),
        ("Paid-in Capital in Excess of Par—Common Stock", "Additional Paid-In Capital"),  # em dash
        ("Accumulated depreciation – equipment", "Accumulated Depreciation - Equipment"),  # en dash
        ("Ordinary shares", "Common Stock"),
        ("Deferred revenue", "Unearned Revenue"),
        ("Pre-paid rent", "Prepaid Rent"),  # hyphen variant via the compact key
        ("Owners’ Capital", "Owner's Capital"),  # curly apostrophe
        ("  cash   a/c ", "Cash"),
        ("Uncollectible accounts expense", "Bad Debt Expense"),
        ("ROU asset", "Right-of-Use Asset"),
        ("Returns inwards", "Sales Returns and Allowances"),
    ],
)
def test_synonyms_resolve(chart, text, expected):
    acc = chart.resolve(text)
    assert acc is not None and acc.name == expected


def test_canonical_names_resolve_to_themselves(chart):
    for acc in chart:
        assert chart.resolve(acc.name) is acc
        assert chart.resolve(acc.name.upper()) is acc
        for syn in acc.synonyms:
            assert chart.resolve(syn) is acc, syn


@pytest.mark.parametrize("text", ["Flux Capacitor", "", "   ", "Revenue", "Turnover", "Dr Cash"])
def test_unknown_or_ambiguous_names_are_none(chart, text):
    assert chart.resolve(text) is None


def test_resolve_tolerates_non_strings(chart):
    assert chart.resolve(None) is None  # type: ignore[arg-type]
    assert 3 not in chart


def test_normalisation_rules():
    assert normalize_account_name("Sales Returns and Allowances") == normalize_account_name(
        "sales return & allowance")
    assert normalize_account_name("Miscellaneous Expenses") == "miscellaneous expense"
    assert normalize_account_name("Losses") == "loss"
    assert normalize_account_name("Account") == "account"  # never reduced to nothing


_GOOD = """\
- name: Cash
  type: asset
  subtype: current asset
  normal_balance: debit
  statement: balance sheet
  contra: false
  synonyms: [Bank]
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "accounts.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_custom_file_loads(tmp_path):
    chart = load_accounts(_write(tmp_path, _GOOD))
    assert chart.names == ("Cash",)
    assert chart.resolve("bank").name == "Cash"


@pytest.mark.parametrize(
    "extra, message",
    [
        (_GOOD.replace("Cash", "Widgets").replace("asset\n", "assett\n", 1), "'Widgets'"),
        (_GOOD.replace("Cash", "Widgets").replace("debit", "dr"), "normal_balance"),
        (_GOOD.replace("Cash", "Widgets").replace("contra: false", "contra: true"), "contra"),
        (_GOOD.replace("Cash", "Widgets").replace("balance sheet", "cash flow"), "statement"),
        (_GOOD, "duplicate name"),
        (_GOOD.replace("name: Cash", "name: Bank Account").replace("[Bank]", "[]"), "duplicate"),
        (_GOOD.replace("Cash", "Widgets").replace("[Bank]", "[Bank]\n  colour: red"), "unknown field"),
    ],
)
def test_bad_file_raises_naming_the_account(tmp_path, extra, message):
    path = _write(tmp_path, _GOOD + extra)
    with pytest.raises(ValueError) as info:
        load_accounts(path)
    text = str(info.value)
    assert message in text
    assert "account '" in text


def test_bad_type_message_names_account_and_field(tmp_path):
    bad = _GOOD.replace("Cash", "Widgets").replace("type: asset", "type: assett")
    with pytest.raises(ValueError, match=r"account 'Widgets': field 'type'"):
        load_accounts(_write(tmp_path, bad))


def test_duplicate_synonym_names_both_accounts(tmp_path):
    other = _GOOD.replace("Cash", "Petty Cash").replace("[Bank]", "[bank]")
    with pytest.raises(ValueError, match=r"account 'Petty Cash': duplicate synonym 'bank'.*'Cash'"):
        load_accounts(_write(tmp_path, _GOOD + other))


def test_invalid_yaml_raises_value_error(tmp_path):
    with pytest.raises(ValueError, match="not valid YAML"):
        load_accounts(_write(tmp_path, "- name: [unclosed\n"))
