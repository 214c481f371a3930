"""The ``terms`` scorer: coverage of expected accounting terms and its anti-stuffing factors, exact values."""

import pytest

from acctbench.rewards.parsing import parse
from acctbench.rewards.terms import score_terms, terms, terms_in


def _wrap(reasoning: str, answer: str) -> str:
    return f"<reasoning>{reasoning}</reasoning>\n<answer>{answer}</answer>"


# Revenue from a credit sale (IFRS 15 / ASC 606): revenue when the performance obligation is satisfied,
# i.e. when control of the goods passes; the consideration is a receivable until the customer pays.
# Three key terms are lexicon entries, "transfer of control" is not (it matches as a phrase): n = 4.
REVENUE = {
    "type": "text",
    "question": "A retailer sells goods on credit. When is the revenue recognised, and what entry is recorded?",
    "reference": {
        "reasoning": "Revenue is recognised when the performance obligation is satisfied, at the transfer of control "
        "of the goods to the customer, usually on delivery. The sale is on credit, so the retailer records "
        "accounts receivable rather than cash.",
        "answer": "Recognise revenue on delivery: debit accounts receivable and credit revenue.",
    },
    "key_terms": ["revenue", "performance obligation", "transfer of control", "accounts receivable"],
}

# Margins and working capital: four lexicon terms the reference also writes as acronyms.
ANALYSIS = {
    "type": "text",
    "question": "Which balances should an analyst look at to judge a distributor's margins and working capital?",
    "reference": {
        "reasoning": "Gross profit is net sales less cost of goods sold (COGS). EBITDA adds depreciation and amortization "
        "back to operating profit, so it ignores the wear of property, plant and equipment (PP&E). Working capital "
        "ties up cash in accounts receivable (A/R) and inventory.",
        "answer": "Look at COGS and EBITDA for margins, and at A/R and inventory for working capital; PP&E drives depreciation.",
    },
    "key_terms": ["cost of goods sold", "EBITDA", "property, plant and equipment", "accounts receivable"],
}

# A loan held to collect (IFRS 9 4.1.2): amortized cost, interest by the effective interest method.
# US spellings in the item; "recognized over time" is not a lexicon term (phrase match).
LOAN = {
    "type": "text",
    "question": "How does a lender measure a loan it holds to collect the contractual cash flows, and how is the "
    "interest income recognized?",
    "reference": {
        "reasoning": "Under IFRS 9 a loan held to collect contractual cash flows that are solely payments of principal "
        "and interest is measured at amortized cost.",
        "answer": "At amortized cost; interest income is recognized over time using the effective interest method.",
    },
    "key_terms": ["amortized cost", "effective interest method", "recognized over time"],
}

# No key terms: the reference names 11 lexicon terms in this order: balance sheet, asset, liability, equity,
# income statement, revenue, expense, inventory | goodwill, cash, dividend. Only the first 8 are expected.
STATEMENTS = {
    "type": "text",
    "question": "What do the primary financial statements show?",
    "reference": {
        "reasoning": "The balance sheet lists each asset, each liability and the equity of the owners. The income "
        "statement reports revenue and expense; inventory and goodwill are assets, and cash pays the dividend.",
        "answer": "Position and performance.",
    },
}

# No key terms and a reference with no lexicon term: the expected terms come from the question
# (net sales, cost of goods sold, gross profit, gross profit margin: "gross margin" is a gross profit variant).
GROSS_MARGIN = {
    "type": "numeric",
    "gold": 30,
    "unit": "%",
    "question": "Net sales are $400 and cost of goods sold is $280. What is the gross margin ratio?",
    "reference": {"reasoning": "(400 - 280) / 400 = 0.30", "answer": "30%"},
}

# Straight-line depreciation (IAS 16.62, ASC 360-10-35): (50,000 - 5,000) / 5 = 9,000 a year.
DEPRECIATION = {
    "type": "numeric",
    "gold": 9000,
    "unit": "$",
    "question": "A machine costs $50,000, has a residual value of $5,000 and a useful life of 5 years. What is the annual "
    "straight-line depreciation expense?",
    "reference": {
        "reasoning": "Straight-line depreciation spreads cost less residual value evenly over the useful life: "
        "(50,000 - 5,000) / 5 = 9,000.",
        "answer": "$9,000",
    },
    "key_terms": ["depreciation", "residual value", "useful life"],
}

# The depreciation entry as a multiple-choice item: the answer is an option, terse by nature.
DEPRECIATION_ENTRY = {
    "type": "choice",
    "gold": "B",
    "question": "Which entry records a year's depreciation on a machine?",
    "choices": [
        "Debit accumulated depreciation, credit depreciation expense",
        "Debit depreciation expense, credit accumulated depreciation",
        "Debit machine, credit cash",
        "Debit depreciation expense, credit machine",
    ],
    "reference": {
        "reasoning": "Depreciation is an expense of the period, and the asset's carrying amount is reduced through the "
        "contra-asset accumulated depreciation.",
        "answer": "B",
    },
    "key_terms": ["depreciation expense", "accumulated depreciation", "contra-asset"],
}

REVENUE_FULL = _wrap(
    "Revenue is recognised once the performance obligation is satisfied, which happens at the transfer of control of "
    "the goods on delivery.",
    "The retailer records accounts receivable because the customer pays later.",
)


# ---- terms_in ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("Revenue is recognised when control transfers; receivables rise.", ["revenue", "accounts receivable"],
                     id="plural variant 'receivables' lemmatised"),
        pytest.param("Inventories and liabilities grew.", ["inventory", "liability"], id="plural lemmas"),
        pytest.param("The trade debtors paid.", ["accounts receivable"], id="British synonym 'trade debtors'"),
        pytest.param("Direct labour cost rose.", ["direct labor"], id="British spelling 'labour' folds to 'labor'"),
        pytest.param("Cash came in, then revenue, then cash again.", ["cash", "revenue"],
                     id="distinct, in order of first appearance"),
        pytest.param("The COGS line and the cogs of a gear.", ["cost of goods sold"], id="acronym is case-sensitive"),
        pytest.param("PP&E was impaired and EBITDA fell.",
                     ["property, plant and equipment", "impairment", "earnings before interest, taxes, depreciation and amortization"],
                     id="acronyms with & and 'impaired' variant"),
        pytest.param("A/R rose.", ["accounts receivable"], id="slash-form acronym"),
        pytest.param("AR rose.", [], id="bare two-letter 'AR' is never an acronym (lexicon rule)"),
        pytest.param("ebitda, pp&e and a/r", [], id="lowercased acronyms do not match"),
        # Only the outermost match counts: "accrued expenses" is the entry "accrued expense", not
        # also "accrual" and "expense" (a phrase belongs to one entry).
        pytest.param("Accrued expenses", ["accrued expense"], id="nested matches: the longest wins"),
        # Notes receivable (and accrued interest receivable) are separate lexicon entries and separate balance-sheet
        # lines from trade accounts receivable; "a phrase belongs to exactly one entry" (lexicon.yaml header).
        pytest.param("The company holds a note receivable.", ["notes receivable"], id="notes receivable is not A/R"),
        # "accrued" on its own is a separate word for the entry "accrual".
        pytest.param("Interest receivable accrued at year end.", ["interest receivable", "accrual"],
                     id="interest receivable is not A/R"),
        pytest.param("", [], id="empty text"),
    ],
)
def test_terms_in(text, expected):
    assert terms_in(text) == expected


# ---- coverage ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "item, completion, expected",
    [
        # All four expected terms in plain sentences: 4/4, no style factor.
        pytest.param(REVENUE, REVENUE_FULL, 1.0, id="full coverage"),
        # revenue + "account receivable" (singular variant): 2/4.
        pytest.param(REVENUE, _wrap("Revenue is recorded when the goods are delivered to the customer.",
                                    "The customer owes the retailer money, so it records an account receivable until it pays."),
                     0.5, id="partial coverage 2 of 4"),
        # "Revenues" (plural variant) and "trade debtors" (British synonym of accounts receivable): 2/4.
        pytest.param(REVENUE, _wrap("Revenues are booked when the goods reach the customer, and the trade debtors stay on the "
                                    "books until the customer pays.", "On delivery."),
                     0.5, id="variants and British synonym"),
        # "revenue" four times, no other expected term: counted once, 1/4.
        pytest.param(REVENUE, _wrap("Revenue grows whenever goods ship; revenue is the top line of the income statement, and "
                                    "revenue from this order is booked at delivery.", "Revenue on delivery."),
                     0.25, id="a repeated term counts once"),
        # The phrase key term matches on lemmas ("transfers of control"), plus revenue: 2/4.
        pytest.param(REVENUE, _wrap("The transfers of control happen when the goods arrive, which is when revenue counts.",
                                    "On delivery."),
                     0.5, id="phrase key term on lemmas"),
        # "control transfers" is not the phrase "transfer of control": only revenue, 1/4.
        pytest.param(REVENUE, _wrap("When control transfers the firm books revenue.", "On delivery."),
                     0.25, id="phrase key term needs its word order"),
        # No expected term at all: 0/4.
        pytest.param(REVENUE, _wrap("The shop books the sale when the customer takes the goods home and settles later.",
                                    "At delivery."),
                     0.0, id="no expected term"),
        # Case-sensitive acronyms for all four key terms: 4/4.
        pytest.param(ANALYSIS, _wrap("COGS tells us what the goods cost, and EBITDA shows the operating margin before the PP&E "
                                     "wears out.", "Slow A/R collection ties up cash."),
                     1.0, id="acronyms COGS EBITDA PP&E A/R"),
        # The same sentences lowercased ("cogs" are gear teeth): 0/4.
        pytest.param(ANALYSIS, _wrap("The cogs tell us what the goods cost, and ebitda shows the operating margin before the "
                                     "pp&e wears out.", "Slow a/r collection ties up cash."),
                     0.0, id="lowercased acronyms do not count"),
        # "AR" (bare two letters) and "Cogs"/"Ebitda" (not the acronym's case) count for nothing: 0/4.
        pytest.param(ANALYSIS, _wrap("Cogs and Ebitda tell us about margins, while the AR team tracks the customers who owe money.",
                                     "Watch the AR ageing."),
                     0.0, id="'AR' and title-case acronyms do not count"),
        # Variants: cost of sales = COGS, fixed assets = PP&E, debtors = A/R; EBITDA missing: 3/4.
        pytest.param(ANALYSIS, _wrap("Cost of sales tells us what the goods cost, and fixed assets wear out over time while "
                                     "debtors pay late.", "Margins."),
                     0.75, id="variants of lexicon key terms"),
        # British spellings "amortised", "recognised" fold to the item's US spellings, also in a phrase key term: 3/3.
        pytest.param(LOAN, _wrap("The lender keeps the loan to collect its cash flows, so it carries the loan at amortised cost.",
                                 "Interest income is recognised over time with the effective interest method."),
                     1.0, id="British spellings"),
        # Fair value through profit or loss is the wrong measurement here; no expected term: 0/3.
        pytest.param(LOAN, _wrap("The lender keeps the loan to collect its cash flows, so it carries the loan at fair value.",
                                 "Interest income is recognised at maturity."),
                     0.0, id="none of the loan terms"),
        # A note receivable (a written promise, often interest-bearing) is a separate asset from trade accounts receivable:
        # only revenue counts, 1/4.
        pytest.param(REVENUE, _wrap("Revenue is recorded on delivery and the retailer accepts a note receivable from the customer.",
                                    "On delivery."),
                     0.25, id="a note receivable does not cover accounts receivable"),
    ],
)
def test_coverage(item, completion, expected):
    assert terms(item, completion).value == pytest.approx(expected)


# ---- expected terms -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "item, completion, expected_labels, expected",
    [
        # Derived from the reference, capped at 8: the completion names 7 of the first 8 (not inventory): 7/8.
        pytest.param(STATEMENTS, _wrap("The balance sheet shows each asset and liability and the owners' equity, while the income "
                                       "statement shows revenue and expense.", "Position and performance."),
                     ["balance sheet", "asset", "liability", "equity", "income statement", "revenue", "expense", "inventory"],
                     0.875, id="derived from the reference, 7 of 8"),
        # goodwill, cash and dividend come after the 8-term cap, so naming only them earns nothing: 0/8.
        pytest.param(STATEMENTS, _wrap("Goodwill stays on the books while cash pays the dividend to the shareholders.", "Sure."),
                     ["balance sheet", "asset", "liability", "equity", "income statement", "revenue", "expense", "inventory"],
                     0.0, id="terms past the cap of 8 are not expected"),
        # The reference has no lexicon term, so the question's terms are expected: 3/3 ("gross margin
        # ratio" is the entry "gross profit margin" only: a match inside a longer one is dropped).
        pytest.param(GROSS_MARGIN, _wrap("Gross profit is net sales less cost of goods sold: 400 - 280 = 120, and 120 / 400 is the "
                                         "gross margin ratio.", "30%"),
                     ["net sales", "cost of goods sold", "gross profit margin"],
                     1.0, id="derived from the question when the reference has none"),
        # goodwill and lease liability are key terms the reference never uses: dropped, 1/1.
        pytest.param({**REVENUE, "key_terms": ["revenue", "goodwill", "lease liability"]},
                     _wrap("Revenue is recognised on delivery.", "On delivery."),
                     ["revenue"], 1.0, id="key terms the reference does not use are dropped"),
        # Blank and non-string key terms are ignored: 1/1.
        pytest.param({**REVENUE, "key_terms": ["  ", 7, None, "revenue"]},
                     _wrap("Revenue is recognised on delivery.", "On delivery."),
                     ["revenue"], 1.0, id="blank and non-string key terms are ignored"),
        # No key term is used by the reference: fall back to the reference's own 6 lexicon terms; revenue only: 1/6.
        pytest.param({**REVENUE, "key_terms": ["goodwill", "lease liability"]},
                     _wrap("Revenue is recognised on delivery.", "On delivery."),
                     ["revenue", "performance obligation", "credit", "accounts receivable", "cash", "debit"],
                     1 / 6, id="unused key terms fall back to the reference's terms"),
    ],
)
def test_expected_terms(item, completion, expected_labels, expected):
    score = terms(item, completion)
    assert score.metadata["expected"] == expected_labels
    assert score.value == pytest.approx(expected, abs=1e-6)


def test_not_applicable_when_nothing_is_expected():
    # No key terms, and neither the question nor the reference names a lexicon term.
    item = {"type": "numeric", "gold": 12, "question": "What is 3 times 4?", "reference": {"reasoning": "3 x 4 = 12", "answer": "12"}}
    score = terms(item, _wrap("3 x 4 = 12", "12"))
    assert score.value is None
    assert score.explanation == "no accounting terms expected for this item"


# ---- anti-stuffing --------------------------------------------------------------------------------

SCRAMBLED = (  # the reference's first sentence word by word in reverse: its words, none of its word order
    "delivery on usually customer the to goods the of control of transfer the at satisfied is obligation performance "
    "the when recognised is Revenue"
)


@pytest.mark.parametrize(
    "item, completion, expected, note",
    [
        # 16 words, one function word ("of", 6% < 8%): a list. 4/4 x 0.2.
        pytest.param(REVENUE, _wrap("Revenue, performance obligation, transfer of control, accounts receivable, goodwill, "
                                    "depreciation, lease liability, inventory, dividends, accruals", "Revenue"),
                     0.2, "mostly bare terms, not sentences", id="bare term list x0.2"),
        # 16 words, 3 function words (19%: not a list, < 25%), 11 words inside lexicon terms (69% > 60%). 4/4 x 0.3.
        pytest.param(REVENUE, _wrap("Revenue accounts receivable, performance obligation and transfer of control: goodwill, "
                                    "inventory and depreciation expense.", "Revenue recognition."),
                     0.3, "term density too high (stuffing)", id="dense stuffing x0.3"),
        # One sentence three times: 8 distinct words of 28 (29% < 40%). revenue + performance obligation: 2/4 x 0.3.
        pytest.param(REVENUE, _wrap("Revenue is recognised when the performance obligation is satisfied. " * 3, "Revenue."),
                     0.15, "repetitive", id="repetition x0.3"),
        # The question copied back; it names revenue only: 1/4 x 0.2.
        pytest.param(REVENUE, _wrap(REVENUE["question"], "Revenue."), 0.05, "restates the question", id="restating the question x0.2"),
        # The reference's words in reverse order: the phrases break, revenue alone survives: 1/4 x 0.2.
        pytest.param(REVENUE, _wrap(SCRAMBLED, "Revenue."), 0.05, "scrambled reference words", id="scrambled reference x0.2"),
        # Gold item, reasoning in sentences, terse "$9,000" answer: 3/3, no factor.
        pytest.param(DEPRECIATION, _wrap("Straight-line depreciation spreads the cost less the residual value evenly over the useful "
                                         "life: (50,000 - 5,000) / 5 = 9,000 a year.", "$9,000"),
                     1.0, None, id="gold item with a terse numeric answer"),
        # Gold item whose reasoning is itself a bare list (1 function word in 14): the reasoning is judged, 3/3 x 0.2.
        pytest.param(DEPRECIATION, _wrap("Depreciation, residual value, useful life, straight-line method, depreciable amount, cost, "
                                         "machine, annual charge", "$9,000"),
                     0.2, "mostly bare terms, not sentences", id="gold item with a list for reasoning"),
        # Gold item without a reasoning block: the whole text is judged, and it is a list: 3/3 x 0.2.
        pytest.param(DEPRECIATION, "<answer>Depreciation, residual value, useful life, straight-line method, depreciable amount, "
                     "cost, machine, annual charge: $9,000</answer>",
                     0.2, "mostly bare terms, not sentences", id="gold item without reasoning"),
        # Choice item: 5-word reasoning (below the 8 words style needs), the option text as answer: 3/3, no factor.
        pytest.param(DEPRECIATION_ENTRY, _wrap("Depreciation expenses the asset's cost.",
                                               "B. Debit depreciation expense, credit accumulated depreciation, the contra-asset account"),
                     1.0, None, id="choice item: the option text is not judged for style"),
        # The same completion on a free-text item is judged whole: 15 words, 2 function words (13%), 80% inside terms: x0.3.
        pytest.param({**DEPRECIATION_ENTRY, "type": "text"},
                     _wrap("Depreciation expenses the asset's cost.",
                           "B. Debit depreciation expense, credit accumulated depreciation, the contra-asset account"),
                     0.3, "term density too high (stuffing)", id="same completion on a text item is stuffing"),
    ],
)
def test_anti_stuffing(item, completion, expected, note):
    score = terms(item, completion)
    assert score.value == pytest.approx(expected)
    if note is None:
        assert ";" not in score.explanation
    else:
        assert score.explanation.endswith("; " + note)


# ---- explanation, metadata, entry points ---------------------------------------------------------------

def test_explanation_and_metadata():
    score = terms(REVENUE, _wrap("Revenue is recorded when the goods are delivered to the customer.",
                                 "The customer owes the retailer money, so it records an account receivable until it pays."))
    assert score.explanation == "2/4 expected terms (revenue, performance obligation, transfer of control, accounts receivable)"
    assert score.metadata == {
        "found": ["accounts receivable", "revenue"],
        "expected": ["revenue", "performance obligation", "transfer of control", "accounts receivable"],
    }


def test_explanation_lists_at_most_six_labels_then_the_notes():
    completion = _wrap("Balance sheet asset liability equity income statement revenue expense inventory goodwill cash dividend",
                       "Position and performance.")
    score = terms(STATEMENTS, completion)
    assert score.explanation == (
        "8/8 expected terms (balance sheet, asset, liability, equity, income statement, revenue); mostly bare terms, not sentences"
    )
    assert score.value == pytest.approx(0.2)  # 8/8 x 0.2


@pytest.mark.parametrize(
    "completion",
    [
        pytest.param(REVENUE_FULL, id="string"),
        pytest.param([{"role": "user", "content": "q"}, {"role": "assistant", "content": REVENUE_FULL}], id="chat messages"),
    ],
)
def test_entry_points_agree(completion):
    assert terms(REVENUE, completion) == score_terms(REVENUE, parse(REVENUE_FULL))
    assert terms(REVENUE, completion).value == 1.0
