"""Choice templates from the chart of accounts: account type, normal balance, statement.

The facts come from ``rewards/accounts.yaml`` (``acctbench.accounts.load_accounts``); one
account is one fact per template. Contra accounts belong to the element they reduce and carry
the opposite balance; adjunct accounts (e.g. Premium on Bonds Payable) add to their element.

No template draws an account whose name gives its answer away: a cue word from
``datasets/choice/facts/cues.yaml`` ("expense", "payable", ...) that points at the right answer
("Rent Expense" -> Expense). Names with a misleading cue ("Unearned Revenue" -> Liability) and
names with none ("Goodwill", "Treasury Stock") remain, so the class must be reasoned.
"""

from __future__ import annotations

import random
import re
from typing import ClassVar

from acctbench.accounts import Account, load_accounts
from acctbench.generators.base import Params
from acctbench.generators.choice._common import FactChoiceTemplate, article, load_facts, shuffled_order

SOURCE = "acctbench chart of accounts (rewards/accounts.yaml)"

TYPE_LABELS = {
    "asset": "Asset",
    "liability": "Liability",
    "equity": "Equity",
    "revenue": "Revenue (income, including gains)",
    "expense": "Expense (including losses)",
}
TYPE_DEFINITIONS = {
    "asset": "Assets are resources the entity controls as a result of past events that are expected "
    "to bring future economic benefits.",
    "liability": "Liabilities are present obligations to transfer economic resources as a result of "
    "past events.",
    "equity": "Equity is the residual interest in the assets after deducting all liabilities: "
    "contributed capital, retained earnings, reserves, and the distributions and own-share "
    "repurchases that reduce them.",
    "revenue": "Revenue and gains are income: increases in equity from the entity's activities, other "
    "than contributions from owners.",
    "expense": "Expenses and losses are decreases in equity from the entity's activities, other than "
    "distributions to owners.",
}
PLURALS = {"asset": "assets", "liability": "liabilities", "equity": "equity", "revenue": "revenue",
           "expense": "expenses"}


def accounts() -> tuple[Account, ...]:
    """All accounts of the bundled chart, in file order."""
    return tuple(load_accounts())


def account(name: str) -> Account:
    """One account of the bundled chart by canonical name."""
    return load_accounts()[name]


def cues(name: str) -> list[dict[str, str]]:
    """The cue entries (``cues.yaml``) whose words occur in an account name."""
    words = set(re.findall(r"[a-z]+", name.lower()))
    return [cue for cue in load_facts("cues.yaml").values() if words & set(cue["words"])]


def gives_away(acc: Account, field: str) -> bool:
    """Whether a cue word in the account's name points at its ``field`` (``type``,
    ``normal_balance`` or ``statement``)."""
    return any(cue[field] == getattr(acc, field) for cue in cues(acc.name))


def _is_adjunct(acc: Account) -> bool:
    return acc.subtype.startswith("adjunct")


def _kind(acc: Account) -> str:
    """``'Accumulated Depreciation' is a contra asset account`` style description."""
    return f'"{acc.name}" is {article(acc.subtype)} {acc.subtype} account'


class _ChartTemplate(FactChoiceTemplate):
    """A choice template whose fact is one account of the chart."""

    source = SOURCE
    answer_field: ClassVar[str]  # the Account attribute the question asks for

    def eligible(self) -> tuple[Account, ...]:
        """The accounts this template asks about: those whose name does not give the answer away."""
        return tuple(a for a in accounts() if not gives_away(a, self.answer_field))

    def count_steps(self, p: Params) -> int:
        """A contra or adjunct account takes a second inference: the element it adjusts."""
        acc = account(p["account"])
        return 2 if acc.contra or _is_adjunct(acc) else 1


# ---- account type ------------------------------------------------------------------------------

_TYPE_STEMS = (
    'What type of account is "{name}"? Classify a contra or adjunct account under the element it adjusts.',
    'Under which element of the financial statements is the ledger account "{name}" classified? '
    "(Contra and adjunct accounts are classified with the element they adjust.)",
    'In a standard chart of accounts, "{name}" is which kind of account? A contra or adjunct account '
    "belongs to the element it adjusts.",
)


class AccountTypeChoice(_ChartTemplate):
    """Which element (asset, liability, equity, revenue, expense) an account belongs to."""

    name = "choice_account_type"
    category = "account_type"
    answer_field = "type"
    key_terms = ("chart of accounts", "account classification")

    def sample(self, rng: random.Random) -> Params:
        acc = rng.choice(self.eligible())
        others = [t for t in TYPE_LABELS if t != acc.type]
        return {
            "account": acc.name,
            "distractors": rng.sample(others, 3),
            "order": shuffled_order(rng),
            "wording": rng.randrange(len(_TYPE_STEMS)),
        }

    def question(self, p: Params) -> str:
        return _TYPE_STEMS[p["wording"] % len(_TYPE_STEMS)].format(name=p["account"])

    def options(self, p: Params) -> list[str]:
        acc = account(p["account"])
        return [TYPE_LABELS[acc.type], *(TYPE_LABELS[t] for t in p["distractors"])]

    def explain(self, p: Params) -> list[str]:
        acc = account(p["account"])
        steps = [f"{_kind(acc)}.", TYPE_DEFINITIONS[acc.type]]
        if acc.contra:
            steps.append(
                f"As a contra account it carries a {acc.normal_balance} balance that reduces "
                f"{PLURALS[acc.type]}, but it is still classified as {article(acc.type)} {acc.type} account."
            )
            if acc.type == "equity":
                steps.append("Distributions to owners and repurchases of own shares reduce equity "
                             "directly; they are not expenses.")
        elif _is_adjunct(acc):
            steps.append(f"As an adjunct account it adds to {PLURALS[acc.type]} and is classified with them.")
        elif acc.subtype in ("gain", "loss"):
            steps.append("Gains are classified with revenue as income, and losses with expenses.")
        return steps

    def item_key_terms(self, p: Params) -> list[str]:
        acc = account(p["account"])
        return [*self.key_terms, acc.type, *(["contra account"] if acc.contra else [])]


# ---- normal balance ----------------------------------------------------------------------------

_BALANCE_STEMS = (
    'What is the normal balance of the "{name}" account?',
    'In double-entry bookkeeping, on which side does the ledger account "{name}" normally carry its balance?',
    'Which is the normal balance of "{name}" in the general ledger?',
)
BALANCE_LABELS = {"debit": "Debit", "credit": "Credit"}
BALANCE_DISTRACTORS = (
    "Either debit or credit, depending on the transaction",
    "Neither; it is closed to retained earnings at year end",
    "Neither; only balance sheet accounts have a normal balance",
    "No normal balance; its balance must always be zero",
)
_NATURAL = {"asset": "debit", "expense": "debit", "liability": "credit", "equity": "credit",
            "revenue": "credit"}


class NormalBalanceChoice(_ChartTemplate):
    """Whether an account's normal balance is a debit or a credit (contra accounts reversed)."""

    name = "choice_normal_balance"
    category = "normal_balance"
    answer_field = "normal_balance"
    key_terms = ("normal balance", "debit", "credit")
    principles = ("double_entry",)

    def sample(self, rng: random.Random) -> Params:
        acc = rng.choice(self.eligible())
        return {
            "account": acc.name,
            "distractors": sorted(rng.sample(range(len(BALANCE_DISTRACTORS)), 2)),
            "order": shuffled_order(rng),
            "wording": rng.randrange(len(_BALANCE_STEMS)),
        }

    def question(self, p: Params) -> str:
        return _BALANCE_STEMS[p["wording"] % len(_BALANCE_STEMS)].format(name=p["account"])

    def options(self, p: Params) -> list[str]:
        acc = account(p["account"])
        other = "credit" if acc.normal_balance == "debit" else "debit"
        return [
            BALANCE_LABELS[acc.normal_balance],
            BALANCE_LABELS[other],
            *(BALANCE_DISTRACTORS[i] for i in p["distractors"]),
        ]

    def explain(self, p: Params) -> list[str]:
        acc = account(p["account"])
        natural = _NATURAL[acc.type]
        steps = [
            f"{_kind(acc)} ({acc.type}).",
            "Assets and expenses increase with debits and normally have debit balances; liabilities, "
            "equity and revenue increase with credits and normally have credit balances.",
        ]
        if acc.contra:
            steps.append(
                f"As a contra account it offsets {PLURALS[acc.type]}, so its normal balance is the "
                f"opposite of the usual {natural} balance: {acc.normal_balance}."
            )
        elif _is_adjunct(acc):
            steps.append(
                f"As an adjunct account it adds to {PLURALS[acc.type]}, so it has the same "
                f"{acc.normal_balance} balance."
            )
        else:
            steps.append(f"So its normal balance is a {acc.normal_balance}.")
        if acc.statement != "balance sheet":
            steps.append("It is a temporary account closed at year end, but during the period it "
                         f"still carries a {acc.normal_balance} balance.")
        return steps


# ---- financial statement -----------------------------------------------------------------------

_STATEMENT_STEMS = (
    'In which financial statement is the balance of the ledger account "{name}" reported?',
    'A company prepares a complete set of financial statements. Where is the balance of its "{name}" '
    "account presented?",
    'At the end of the reporting period, in which statement does the balance of "{name}" appear?',
)
BS = "Balance sheet (statement of financial position)"
IS = "Income statement (statement of profit or loss)"
SCE = "Statement of changes in equity"
SCF = "Statement of cash flows"
NOTES = "Only in the notes to the financial statements"
STATEMENT_LABELS = {"balance sheet": BS, "income statement": IS, "statement of changes in equity": SCE}
# Cash and overdrafts are also the subject of the statement of cash flows (IAS 7.8 may include
# an overdraft in cash and cash equivalents), so that statement is no distractor for them.
CASH_LIKE = frozenset({"Cash", "Petty Cash", "Bank Overdraft"})
# "Unrealized holding gain/loss" goes to net income for trading and equity securities but to OCI
# for available-for-sale debt securities: its statement depends on facts the name omits.
STATEMENT_AMBIGUOUS = frozenset({"Unrealized Holding Gain", "Unrealized Holding Loss"})


def statement_distractors(acc: Account) -> list[str]:
    """Three wrong statements for an account, leaving out any that also shows its amount."""
    correct = STATEMENT_LABELS[acc.statement]
    excluded = {correct}
    if acc.statement == "balance sheet" and acc.type == "equity":
        excluded.add(SCE)  # equity balances are reconciled in the statement of changes in equity
    if acc.name in CASH_LIKE or acc.statement != "balance sheet":
        excluded.add(SCF)  # cash totals; indirect-method add-backs; dividends and drawings paid
    candidates = [s for s in (BS, IS, SCE, SCF) if s not in excluded]
    return (candidates + [NOTES])[:3]


class StatementChoice(_ChartTemplate):
    """Which financial statement reports an account's balance."""

    name = "choice_statement"
    category = "statement"
    answer_field = "statement"
    key_terms = ("financial statements",)

    def eligible(self) -> tuple[Account, ...]:
        return tuple(a for a in super().eligible() if a.name not in STATEMENT_AMBIGUOUS)

    def sample(self, rng: random.Random) -> Params:
        acc = rng.choice(self.eligible())
        return {"account": acc.name, "order": shuffled_order(rng),
                "wording": rng.randrange(len(_STATEMENT_STEMS))}

    def question(self, p: Params) -> str:
        return _STATEMENT_STEMS[p["wording"] % len(_STATEMENT_STEMS)].format(name=p["account"])

    def options(self, p: Params) -> list[str]:
        acc = account(p["account"])
        return [STATEMENT_LABELS[acc.statement], *statement_distractors(acc)]

    def explain(self, p: Params) -> list[str]:
        acc = account(p["account"])
        steps = [f"{_kind(acc)} ({acc.type})."]
        if acc.statement == "balance sheet":
            steps.append("It is a permanent (real) account: its balance carries forward from period to "
                         "period and is reported in the balance sheet (statement of financial position).")
            if acc.type == "equity":
                steps.append("Its movements are also analysed in the statement of changes in equity, "
                             "but the balance itself is a line of equity in the balance sheet.")
            if acc.contra:
                steps.append(f"As a contra account it is shown as a deduction from the related {acc.type}.")
        elif acc.statement == "income statement":
            steps.append("It is a temporary (nominal) account measuring the period's performance: it is "
                         "reported in the income statement (statement of profit or loss) and closed to "
                         "retained earnings at year end.")
        else:
            steps.append("It records a distribution to owners, which is not an expense: the amount is "
                         "reported in the statement of changes in equity (the statement of retained "
                         "earnings or of owner's equity) and the account is closed to retained earnings "
                         "or capital at year end.")
        return steps

    def item_key_terms(self, p: Params) -> list[str]:
        acc = account(p["account"])
        kind = "permanent account" if acc.statement == "balance sheet" else "temporary account"
        return ["financial statements", acc.statement, kind]


TEMPLATES = [AccountTypeChoice(), NormalBalanceChoice(), StatementChoice()]
