"""Numeric correctness and number reading: table-driven cases, plus hostile inputs for every type."""

import random
import time

import pytest

from acctbench.rewards.correctness import correctness, score_correctness
from acctbench.rewards.numbers import extract_numbers
from acctbench.rewards.parsing import Parsed


def _item(gold: float, unit: str | None = "$", tolerance: float | None = 0.001) -> dict:
    item = {"id": "n1", "type": "numeric", "question": "q", "reference": {"reasoning": "", "answer": "x"}, "gold": gold}
    if unit is not None:
        item["unit"] = unit
    if tolerance is not None:
        item["tolerance"] = tolerance
    return item


def _wrap(answer: str) -> str:
    return f"<reasoning>Worked it out.</reasoning>\n<answer>{answer}</answer>"


# ---- reading numbers -------------------------------------------------------------------------

NUMBER_ROWS = [
    ("$12,000", [(12000.0, False)], "dollar sign and comma thousands"),
    ("USD 12,000", [(12000.0, False)], "currency code before"),
    ("12,000 USD", [(12000.0, False)], "currency code after"),
    ("€12 000", [(12000.0, False)], "euro sign, space thousands"),
    ("£12’000", [(12000.0, False)], "pound sign, apostrophe thousands"),
    ("12\u00a0000", [(12000.0, False)], "no-break space thousands"),
    ("12000.00", [(12000.0, False)], "decimals without separators"),
    ("(1,200)", [(-1200.0, False)], "accounting parentheses are negative"),
    ("($1,200)", [(-1200.0, False)], "parentheses around a currency amount"),
    ("−1,200", [(-1200.0, False)], "unicode minus"),
    ("$-1,200", [(-1200.0, False)], "minus after the currency sign"),
    ("15%", [(15.0, True)], "percent sign"),
    ("15 percent", [(15.0, True)], "percent word"),
    ("12k and 12K", [(12000.0, False), (12000.0, False)], "k suffixes"),
    ("USD 12 thousand", [(12000.0, False)], "currency code with a magnitude word"),
    ("1.2m, 1.2mn, 1.2 million, 1.2MM", [(1.2e6, False)] * 4, "million spellings"),
    ("3bn and 3 billion", [(3e9, False)] * 2, "billion spellings"),
    ("12 Thousand, 15 Percent", [(12000.0, False), (15.0, True)], "magnitude and percent words in any case"),
    ("١٢٠٠٠", [(12000.0, False)], "Arabic-Indic digits"),
    ("１２，０００", [(12000.0, False)], "full-width digits and comma"),
    ("2.5x", [(2.5, False)], "ratio suffix"),
    ("(15%) and (1.2 million)", [(15.0, True), (1.2e6, False)], "parenthesised rates and magnitudes restate"),
    ("FY2024, 5th, 10kg", [], "digits glued to letters are not numbers"),
    ("12.000,50", [], "a European decimal comma is skipped, not misread"),
    ("60,000 - 10,000", [(60000.0, False), (10000.0, False)], "binary minus is not a sign"),
    ("1" * 400, [], "overflowing digits are dropped"),
]


@pytest.mark.parametrize("text, expected, comment", NUMBER_ROWS, ids=[r[2] for r in NUMBER_ROWS])
def test_extract_numbers(text, expected, comment):
    found = [(n.value, n.is_percent) for n in extract_numbers(text)]
    assert [flag for _, flag in found] == [flag for _, flag in expected]
    assert [value for value, _ in found] == pytest.approx([value for value, _ in expected])


def test_extract_numbers_spans_index_the_original_text():
    text = "Pay ٤٥٠٠ and (1,200) now"
    assert [text[a:b] for _, _, (a, b) in extract_numbers(text)] == ["٤٥٠٠", "(1,200)"]


def test_extract_numbers_caps_the_count():
    assert len(extract_numbers("1, " * 1000)) == 200


# ---- scoring ---------------------------------------------------------------------------------

# (completion, gold, unit, expected value, expected status, comment)
ROWS = [
    (_wrap("$12,000"), 12000, "$", 1.0, "correct", "plain dollar amount"),
    (_wrap("12000.00"), 12000, "$", 1.0, "correct", "decimals"),
    (_wrap("USD 12 thousand"), 12000, "$", 1.0, "correct", "currency code and magnitude word"),
    (_wrap("$12k"), 12000, "$", 1.0, "correct", "k suffix"),
    (_wrap("12 000 €"), 12000, "$", 1.0, "correct", "space thousands, currency after"),
    (_wrap("$1.2 million"), 1_200_000, "$", 1.0, "correct", "million"),
    (_wrap("١٢٠٠٠"), 12000, "$", 1.0, "correct", "Arabic-Indic digits"),
    (_wrap("The annual depreciation expense is $12,000."), 12000, "$", 1.0, "correct", "sentence"),
    (_wrap("$60,000 / 5 = $12,000"), 12000, "$", 1.0, "correct", "formula: the value after the last '='"),
    (_wrap("60,000 / 5 yrs -> USD 12,000 per annum"), 12000, "$", 1.0, "correct", "ASCII arrow '->' is a marker; 'yrs' a count"),
    (_wrap("60,000 / 5 => $12,000 a year"), 12000, "$", 1.0, "correct", "ASCII arrow '=>' is a marker"),
    (_wrap("=> balance ~ $5,003 at the end of yr 5"), 5003, "$", 1.0, "correct", "'yr 5' is a year label"),
    (_wrap("either ~4,000 or ~5,000"), 4000, "$", 0.0, "hedged", "'~' is not a marker: still two values"),
    (_wrap("$9,000 per year (i.e. $45,000 over 5 years)"), 9000, "$", 1.0, "correct", "parenthetical aside ignored"),
    (_wrap("$12,000 per year for 5 years"), 12000, "$", 1.0, "correct", "a count of years is not the answer"),
    (_wrap("Depreciation for 2024 is $12,000."), 12000, "$", 1.0, "correct", "a year label is not the answer"),
    (_wrap("On December 31, 2024: $12,000"), 12000, "$", 1.0, "correct", "a date is not the answer"),
    (_wrap("Cost: $60,000\nLife: 5 years\nAnnual depreciation: $12,000"), 12000, "$", 1.0, "correct",
     "several lines: the value after the last ':'"),
    (_wrap("**$12,000**, i.e. $1,000 a month"), 12000, "$", 1.0, "correct", "bold marks the answer"),
    (_wrap("$12,000 (20% of cost)"), 12000, "$", 1.0, "correct", "a rate is an aside for an amount"),
    (_wrap("The expense is $12,000, that is, $1,000 per month."), 12000, "$", 1.0, "correct",
     "a restatement after 'that is' is an aside"),
    (_wrap("$15,000"), 12000, "$", 0.0, "wrong", "wrong amount"),
    (_wrap("either $4,000 or $5,000"), 4000, "$", 0.0, "hedged", "two values, no marker"),
    (_wrap("4000 / 5000"), 5000, "$", 0.0, "hedged", "slash-separated alternatives"),
    (_wrap("The answer is 4,000 or 5,000"), 4000, "$", 0.0, "hedged", "alternatives after the marker"),
    (_wrap("**4,000** or **5,000**"), 4000, "$", 0.0, "hedged", "two different bold values"),
    (_wrap("I cannot determine this."), 12000, "$", 0.0, "no_answer", "no number"),
    ("<reasoning>r</reasoning><answer></answer>", 12000, "$", 0.0, "no_answer", "empty answer block"),
    (_wrap("15%"), 15, "%", 1.0, "correct", "percent unit: 15%"),
    (_wrap("15"), 15, "%", 1.0, "correct", "percent unit: bare 15"),
    (_wrap("0.15"), 15, "%", 1.0, "correct", "percent unit: fraction 0.15"),
    (_wrap("0.15%"), 15, "%", 0.0, "wrong", "percent unit: 0.15% is not 15%"),
    (_wrap("Gross margin is 15%, i.e. $15,000"), 15, "%", 1.0, "correct", "percent unit: amounts are asides"),
    (_wrap("15%"), 15, "units", 0.0, "wrong", "other units: 15% is 0.15, not 15 units"),
    (_wrap("3.30%"), 3.3, "times", 0.0, "wrong", "a ratio written as a percentage is a hundredth of it"),
    (_wrap("15%"), 0.15, "", 1.0, "correct", "a rate given as a fraction matches its percentage"),
    (_wrap("$6,873.75 in thousands"), 6873.75, "$", 0.0, "wrong", "a scale for the whole answer"),
    (_wrap("One hundredth of $6,873.75."), 6873.75, "$", 0.0, "wrong", "a fraction before the number"),
    (_wrap("One hundredth of $687,375."), 6873.75, "$", 1.0, "correct", "a fraction of the right base"),
    (_wrap("negative $6,873.75"), 6873.75, "$", 0.0, "wrong", "a sign written as a word"),
    (_wrap("2,500 units ($250,000 of sales)"), 2500, "units", 1.0, "correct", "unit word marks the answer"),
    (_wrap("45 days"), 45, "days", 1.0, "correct", "a time count is the answer when the unit is days"),
    (_wrap("Current ratio = 1.72:1"), 1.72, "times", 1.0, "correct", "the '1' of a ratio is an aside"),
    (_wrap("15.9x"), 15.9, "times", 1.0, "correct", "ratio suffix"),
    (_wrap("(1,200)"), -1200, "$", 1.0, "correct", "parentheses negative"),
    (_wrap("bad debt exp = $25,760   (25,760.00)"), 25760, "$", 1.0, "correct", "parentheses repeating an amount restate it"),
    (_wrap("loss = (1,200)"), -1200, "$", 1.0, "correct", "a parenthesised amount alone is still negative"),
    (_wrap("ROA ~ 12.37 % (0.1237)"), 12.37, "%", 1.0, "correct", "a rate restated as a fraction in parentheses"),
    (_wrap("−$1,200"), -1200, "$", 1.0, "correct", "unicode minus"),
    (_wrap("$1,200"), -1200, "$", 0.0, "wrong", "sign matters"),
    (_wrap("1,001"), 1000, "$", 1.0, "correct", "tolerance edge: exactly 0.1% off"),
    (_wrap("1,001.01"), 1000, "$", 0.0, "wrong", "tolerance edge: just beyond 0.1%"),
    (_wrap("0"), 0, "$", 1.0, "correct", "gold zero: absolute floor"),
    (_wrap("0.001"), 0, "$", 0.0, "wrong", "gold zero: any other value is wrong"),
    (_wrap("nil"), 0, "$", 1.0, "correct", "gold zero written as a word"),
    ("Annual depreciation is 12,000 per year.", 12000, "$", 1.0, "correct", "no tags: the final line"),
    ("Work: 60,000 / 5.\nFinal answer: $12,000\nThanks!", 12000, "$", 1.0, "correct",
     "no tags: the 'Final answer' line"),
    ("To answer: divide cost by life.\nCost 60,000, life 5.\nDepreciation $12,000", 12000, "$", 1.0, "correct",
     "no tags: an 'answer:' with no number is skipped for the last line with a number"),
    ("Final answer:\n$12,000", 12000, "$", 1.0, "correct", "no tags: 'Final answer:' alone, value on the next line"),
]


@pytest.mark.parametrize("completion, gold, unit, value, status, comment", ROWS, ids=[r[-1] for r in ROWS])
def test_numeric(completion, gold, unit, value, status, comment):
    score = correctness(_item(gold, unit), completion)
    assert (score.value, score.metadata["status"]) == (value, status), score.explanation


def test_default_tolerance_applies_without_a_field():
    assert correctness(_item(1000, tolerance=None), _wrap("1,000.9")).value == 1.0
    assert correctness(_item(1000, tolerance=None), _wrap("1,001.1")).value == 0.0


def test_missing_block_is_explained():
    score = correctness(_item(12000), "So the answer is $12,000")
    assert score.value == 1.0 and "no <answer> block" in score.explanation


def test_parsed_value_and_answer_are_reported():
    score = correctness(_item(12000), _wrap("$60,000 / 5 = $12,000"))
    assert score.metadata["parsed"] == 12000 and score.answer == "$12,000"


NOT_APPLICABLE = [
    ({"type": "text", "question": "q", "reference": {"reasoning": "", "answer": "a"}}, "text items"),
    ({"type": "numeric"}, "no gold"),
    ({"type": "numeric", "gold": "12"}, "non-numeric gold"),
    ("not an item", "not a dict"),
]


@pytest.mark.parametrize("item, comment", NOT_APPLICABLE, ids=[r[-1] for r in NOT_APPLICABLE])
def test_not_applicable(item, comment):
    assert correctness(item, _wrap("12")).value is None


# ---- hostile inputs (all item types) ---------------------------------------------------------

_JOURNAL = {"type": "journal", "gold": [{"account": "Cash", "debit": 5000},
                                       {"account": "Sales Revenue", "credit": 5000}]}
_CHOICE = {"type": "choice", "gold": "B", "choices": ["Operating", "Investing", "Financing"]}
_ITEMS = {"numeric": _item(12000), "percent": _item(15, "%"), "choice": _CHOICE, "journal": _JOURNAL}


def _random_unicode(size: int) -> str:
    rng = random.Random(7)
    return "".join(chr(rng.randrange(0x110000)) for _ in range(size))


HOSTILE = {
    "50k '1,' tokens": "1," * 50_000,
    "50k '1, ' tokens": "1, " * 50_000,
    "50k 'Dr ' tokens": "Dr " * 50_000,
    "50k journal lines": "Dr Cash 1,000\n" * 50_000,
    "2 MB random unicode": _random_unicode(2_000_000),
    "NUL bytes": "\x00" * 100_000 + "<answer>12,000\x00</answer>",
    "lone surrogates": "\ud800<answer>\udfff $12,000 \ud83d</answer>\udc00",
    "deep brackets": "(" * 100_000 + "1" + ")" * 100_000,
    "50k letters": "A, B, " * 50_000,
    "50k markers": "= 1 is " * 50_000,
    "huge table": "| Account | Debit | Credit |\n" + "| Cash | 1 | 2 |\n" * 50_000,
    "2 MB digits": "9" * 2_000_000,
}


@pytest.mark.parametrize("kind", list(_ITEMS))
@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_inputs_are_bounded(name, kind):
    start = time.perf_counter()
    score = correctness(_ITEMS[kind], HOSTILE[name])
    elapsed = time.perf_counter() - start
    assert score.value is None or 0.0 <= score.value <= 1.0
    assert not score.explanation.startswith("scorer error"), score.explanation
    assert elapsed < 1.0


@pytest.mark.parametrize("kind", list(_ITEMS))
def test_hostile_parsed_answer_bypassing_the_parser(kind):
    # A Parsed built by hand: 2 MB answer with NUL bytes and lone surrogates, never truncated upstream.
    answer = ("\x00\ud800 Dr 1, (B) " * 200_000)[:2_000_000]
    start = time.perf_counter()
    score = score_correctness(_ITEMS[kind], Parsed(text=answer, answer=answer))
    assert score.value is None or 0.0 <= score.value <= 1.0
    assert not score.explanation.startswith("scorer error"), score.explanation
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize("completion", [None, 12, {"role": "assistant", "content": "<answer>12,000</answer>"},
                                        [{"role": "assistant", "content": "12,000"}], b"12,000"])
def test_non_string_completions(completion):
    score = correctness(_item(12000), completion)
    assert score.value in (0.0, 1.0)
