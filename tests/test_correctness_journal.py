"""Journal correctness: line formats, account synonyms through the chart, and partial credit."""

import pytest

from acctbench.rewards.correctness import correctness, parse_journal


def _item(gold: list) -> dict:
    return {"id": "j1", "type": "journal", "question": "q", "reference": {"reasoning": "", "answer": "x"}, "gold": gold}


PURCHASE = _item([{"account": "Merchandise Inventory", "debit": 8000}, {"account": "Accounts Payable", "credit": 8000}])
EARNED = _item([{"account": "Unearned Revenue", "debit": 9080}, {"account": "Service Revenue", "credit": 9080}])
SALE = _item([
    {"account": "Cash", "debit": 2000},
    {"account": "Accounts Receivable", "debit": 3000},
    {"account": "Sales Revenue", "credit": 5000},
])


def _wrap(answer: str) -> str:
    return f"<reasoning>Goods bought on account.</reasoning>\n<answer>{answer}</answer>"


TABLE = """| Account | Debit | Credit |
|---|---|---|
| Merchandise Inventory | $8,000 | |
| Accounts Payable | | $8,000 |"""

DATED_TABLE = """| Date | Account Title | Dr ($) | Cr ($) |
|------|---------------|--------|--------|
| Mar 3 | Inventory | 8,000 | |
| | Trade payables | | 8,000 |
| | Total | 8,000 | 8,000 |"""

# (item, completion, expected value, expected status, comment)
ROWS = [
    (PURCHASE, _wrap("Dr Merchandise Inventory 8,000\nCr Accounts Payable 8,000"), 1.0, "correct", "Dr/Cr lines"),
    (PURCHASE, _wrap("Cr Accounts Payable 8,000\nDr Merchandise Inventory 8,000"), 1.0, "correct",
     "order does not matter"),
    (PURCHASE, _wrap("Dr. Inventory $8,000\nCr. Trade payables $8,000"), 1.0, "correct",
     "Dr./Cr. with synonyms (Inventory, Trade payables)"),
    (EARNED, _wrap("Debit Deferred revenue 9,080 / Credit Consulting revenue 9,080"), 1.0, "correct",
     "a consulting firm's service revenue (chart synonyms: Deferred Revenue, Consulting Revenue)"),
    (EARNED, _wrap("Dr Cash 9,080\nCr Service Revenue 9,080"), 0.25, "partial", "cash for the unearned revenue: one line right, (1/2)²"),
    (PURCHASE, _wrap("Debit: Merchandise Inventory 8,000\nCredit: Accounts Payable 8,000"), 1.0, "correct",
     "Debit:/Credit: labels"),
    (PURCHASE, _wrap("Merchandise Inventory (Dr) 8,000\nAccounts Payable (Cr) 8,000"), 1.0, "correct",
     "side in parentheses after the account"),
    (PURCHASE, _wrap("Inventory A/c Dr 8,000\n    To Accounts Payable A/c 8,000\n(Being goods bought on credit)"),
     1.0, "correct", "A/c Dr ... To ... layout with a narration"),
    (PURCHASE, _wrap("- **Dr** Merchandise Inventory: $8,000\n- **Cr** Accounts Payable: $8,000"), 1.0, "correct",
     "markdown bullets and bold"),
    (PURCHASE, _wrap("Debit Inventory $8,000 and credit Accounts Payable $8,000"), 1.0, "correct",
     "both lines in one sentence"),
    (PURCHASE, _wrap("1) Merchandise Inventory   Dr 8,000   /   Accounts Payable   Cr 8,000"), 1.0, "correct",
     "numbered line, side after the account, two entries split by a slash"),
    (SALE, _wrap("Debits: Cash 2,000; Accounts Receivable 3,000.\nCredits: Sales Revenue 5,000."), 1.0, "correct",
     "a list after 'Debits:' shares its side"),
    (PURCHASE, _wrap(TABLE), 1.0, "correct", "pipe table with Debit and Credit columns"),
    (PURCHASE, _wrap(DATED_TABLE), 1.0, "correct", "table with a date column, Dr/Cr headers and a total row"),
    (PURCHASE, _wrap("Account | Debit | Credit\nInventory | 8,000 |\nAccounts Payable | | 8,000"), 1.0, "correct",
     "table without outer pipes, trailing empty cell left out"),
    (PURCHASE, _wrap("Merchandise Inventory      8,000\n    Accounts Payable            8,000"), 1.0, "correct",
     "unmarked lines: the indented one is the credit"),
    (PURCHASE, _wrap("Dr Merchandise Inventory 8,030\nCr Accounts Payable 8,030"), 1.0, "correct",
     "amounts within 0.5%"),
    (PURCHASE, _wrap("Dr Accounts Payable 8,000\nCr Merchandise Inventory 8,000"), 0.0, "wrong",
     "fully reversed entry"),
    (PURCHASE, _wrap("Dr Purchases 8,000\nCr Accounts Payable 8,000"), 0.25, "partial", "wrong debit account: (1/2)²"),
    (PURCHASE, _wrap("Dr Stuff Bought 8,000\nCr Accounts Payable 8,000"), 0.25, "partial",
     "an account outside the chart is a wrong account"),
    (PURCHASE, _wrap("Dr Merchandise Inventory 800\nCr Accounts Payable 800"), 0.25, "partial",
     "right accounts and sides, wrong amounts: half each, (1/2)²"),
    (PURCHASE, _wrap("Dr Merchandise Inventory 8,080\nCr Accounts Payable 8,080"), 0.25, "partial",
     "amounts 1% off are wrong amounts"),
    (PURCHASE, _wrap("Dr Merchandise Inventory 8,000\nCr Accounts Payable 7,000"), 0.28125, "partial",
     "unbalanced: ((1 + 0.5) / 2)², halved"),
    (PURCHASE, _wrap("Dr Merchandise Inventory 8,000\nDr Accounts Payable 8,000"), 0.125, "partial",
     "one side reversed (0 for it): (1/2)², and unbalanced"),
    (PURCHASE, _wrap("Dr Merchandise Inventory 8,000\nCr Accounts Payable 8,000\nDr Freight-In 200\nCr Cash 200"),
     0.25, "partial", "extra lines cost: 2 matched of 4 lines, (2/4)²"),
    (PURCHASE, _wrap("Dr Merchandise Inventory 8,000\nCr Accounts Payable 8,000\nCr Merchandise Inventory 100\n"
                     "Dr Cash 100"), 0.0625, "partial", "an account on both sides earns nothing: 1 of 4 lines, (1/4)²"),
    (PURCHASE, _wrap("Dr Merchandise Inventory 8,000\nCr Merchandise Inventory 8,000\nDr Accounts Payable 8,000\n"
                     "Cr Accounts Payable 8,000"), 0.0, "wrong", "every account on both sides is a hedge"),
    (PURCHASE, _wrap("The company records the purchase of inventory."), 0.0, "no_answer", "no journal line"),
    (PURCHASE, "Goods were bought on account.\n\nDr Merchandise Inventory 8,000\nCr Accounts Payable 8,000\n\nDone.",
     1.0, "correct", "no tags: the last paragraph with journal lines"),
    (SALE, _wrap("Dr Cash 2,000\nDr Accounts Receivable 3,000\nCr Sales Revenue 5,000"), 1.0, "correct",
     "compound entry"),
    (SALE, _wrap("Dr Cash 1,000\nDr Cash 1,000\nDr Trade receivables 3,000\nCr Sales 5,000"), 1.0, "correct",
     "duplicate lines on one account are merged"),
    (SALE, _wrap("Dr Cash 5,000\nCr Sales Revenue 5,000"), 0.25, "partial",
     "compound entry: Cash amount wrong (0.5), receivable missing (0), sales right (1) of 3, (1.5/3)²"),
]


@pytest.mark.parametrize("item, completion, value, status, comment", ROWS, ids=[r[-1] for r in ROWS])
def test_journal(item, completion, value, status, comment):
    score = correctness(item, completion)
    assert (score.value, score.metadata["status"]) == (value, status), score.explanation


EXPLANATIONS = [
    ("Dr Accounts Payable 8,000\nCr Merchandise Inventory 8,000", "reversed", "reversal is named"),
    ("Dr Merchandise Inventory 800\nCr Accounts Payable 800", "Merchandise Inventory: amount 800 vs 8,000",
     "wrong amount is named with both values"),
    ("Dr Purchases 8,000\nCr Accounts Payable 8,000", "Merchandise Inventory: missing; extra line Purchases",
     "missing and extra accounts are named"),
    ("Dr Merchandise Inventory 8,000\nCr Accounts Payable 7,000", "unbalanced (Dr 8,000 vs Cr 7,000)",
     "imbalance is named"),
]


@pytest.mark.parametrize("completion, phrase, comment", EXPLANATIONS, ids=[r[-1] for r in EXPLANATIONS])
def test_explanations(completion, phrase, comment):
    assert phrase in correctness(PURCHASE, _wrap(completion)).explanation


def test_parsed_lines_use_canonical_names():
    score = correctness(PURCHASE, _wrap("Dr Inventory 8,000\nCr Trade payables 8,000"))
    assert score.metadata["parsed"] == [
        {"account": "Merchandise Inventory", "debit": 8000.0},
        {"account": "Accounts Payable", "credit": 8000.0},
    ]
    assert score.answer == "Dr Merchandise Inventory 8,000; Cr Accounts Payable 8,000"


def test_parse_journal_with_a_fake_chart():
    class Acc:
        def __init__(self, name):
            self.name = name

    class Chart:
        def resolve(self, text):
            return Acc("Widgets") if text.lower() in ("widgets", "gizmos") else None

    lines = parse_journal("Dr Gizmos 1,000\nCr Unknown Thing 1,000", chart=Chart())
    assert [(ln.account, ln.side, ln.amount, ln.known) for ln in lines] == [
        ("Widgets", "debit", 1000.0, True),
        ("Unknown Thing", "credit", 1000.0, False),
    ]


def test_account_words_are_not_side_markers():
    lines = parse_journal("Dr Credit Card Payable 500\nCr Allowance for Credit Losses (Cr) 500")
    assert [(ln.account, ln.side) for ln in lines] == [
        ("Credit Card Payable", "debit"),
        ("Allowance for Doubtful Accounts", "credit"),
    ]


def test_malformed_gold_is_not_applicable():
    assert correctness(_item([]), _wrap("Dr Cash 1")).value is None
