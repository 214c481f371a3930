"""Choice correctness: how letters and option texts are read, hedging and the article "A"."""

import pytest

from acctbench.rewards.correctness import correctness

ITEM = {
    "id": "c1",
    "type": "choice",
    "question": "Where is the purchase of equipment for cash reported in the statement of cash flows?",
    "reference": {"reasoning": "", "answer": "B"},
    "choices": ["Operating activities", "Investing activities", "Financing activities",
                "Noncash investing and financing activities"],
    "gold": "B",
}


def _wrap(answer: str) -> str:
    return f"<reasoning>Equipment is a long-lived asset.</reasoning>\n<answer>{answer}</answer>"


# (completion, expected value, expected status, comment)
ROWS = [
    (_wrap("B"), 1.0, "correct", "bare letter"),
    (_wrap("b"), 1.0, "correct", "bare lowercase letter"),
    (_wrap("(B)"), 1.0, "correct", "letter in parentheses"),
    (_wrap("B)"), 1.0, "correct", "letter with closing parenthesis"),
    (_wrap("B."), 1.0, "correct", "letter with a full stop"),
    (_wrap("**B**"), 1.0, "correct", "bold letter"),
    (_wrap("Option B"), 1.0, "correct", "after 'option'"),
    (_wrap("The answer is B"), 1.0, "correct", "after 'answer is'"),
    (_wrap("answer: (b)"), 1.0, "correct", "lowercase letter after 'answer:'"),
    (_wrap("B) Investing activities"), 1.0, "correct", "letter with its option text"),
    (_wrap("B - Investing activities"), 1.0, "correct", "letter, dash, option text"),
    (_wrap("A - investing, as capital spending"), 0.0, "wrong", "'A -' is a letter too, though 'A' is also a word"),
    (_wrap("A – operating activities"), 0.0, "wrong", "letter, en dash, its own option text: A"),
    (_wrap("B because buying equipment is an investing activity."), 1.0, "correct", "letter starting a sentence"),
    (_wrap("Investing activities"), 1.0, "correct", "option text alone"),
    (_wrap("investing ACTIVITIES."), 1.0, "correct", "option text, case and punctuation ignored"),
    (_wrap("It is reported under investing activities."), 1.0, "correct", "option text contained in a sentence"),
    (_wrap("Investing activities, not operating activities"), 1.0, "correct", "a negated option is not named"),
    (_wrap("It is B, not A"), 1.0, "correct", "a negated letter is not named"),
    (_wrap("Noncash investing and financing activities"), 0.0, "wrong", "a longer option hides the ones it contains"),
    (_wrap("C"), 0.0, "wrong", "wrong letter"),
    (_wrap("Operating activities"), 0.0, "wrong", "wrong option text"),
    (_wrap("A or B"), 0.0, "hedged", "two letters joined by 'or'"),
    (_wrap("A, C"), 0.0, "hedged", "a list of letters"),
    (_wrap("B/C"), 0.0, "hedged", "letters joined by a slash"),
    (_wrap("A) Investing activities"), 0.0, "hedged", "a letter followed by another option's text"),
    (_wrap("Operating or investing activities"), 0.0, "hedged", "a word of another option joined by 'or'"),
    (_wrap("B) operating/investing activities"), 0.0, "hedged", "a letter, then two options' words joined by '/'"),
    (_wrap("A liability account is increased by a credit."), 0.0, "no_answer", "the article 'A' is not a letter"),
    (_wrap("Investing"), 0.0, "no_answer", "a fragment of an option is not an option"),
    (_wrap("Class E shares"), 0.0, "no_answer", "a capital inside prose is not a letter"),
    (_wrap("Investing activities, because operating activities cover day-to-day cash flows."), 1.0, "correct",
     "the option opening the answer wins over one mentioned in the explanation"),
    ("Buying equipment is investing.\nFinal answer: B", 1.0, "correct", "no tags: the 'Final answer' line"),
    ("Buying equipment is investing.\nB", 1.0, "correct", "no tags: the last line"),
]


@pytest.mark.parametrize("completion, value, status, comment", ROWS, ids=[r[-1] for r in ROWS])
def test_choice(completion, value, status, comment):
    score = correctness(ITEM, completion)
    assert (score.value, score.metadata["status"]) == (value, status), score.explanation


DEBIT_CREDIT = {**ITEM, "choices": ["Debit", "Credit"], "gold": "B"}


SHORT_ROWS = [
    ("Credit", 1.0, "correct", "two-word options: exact"),
    ("Credit, because a debit would reduce the liability.", 1.0, "correct", "leading option then explanation"),
    ("Debit or credit", 0.0, "hedged", "both options"),
]


@pytest.mark.parametrize("answer, value, status, comment", SHORT_ROWS, ids=[r[-1] for r in SHORT_ROWS])
def test_short_options(answer, value, status, comment):
    score = correctness(DEBIT_CREDIT, _wrap(answer))
    assert (score.value, score.metadata["status"]) == (value, status), score.explanation


def test_letters_beyond_the_choices_are_ignored():
    assert correctness(ITEM, _wrap("E")).metadata["status"] == "no_answer"


def test_parsed_letter_is_reported():
    score = correctness(ITEM, _wrap("(B) Investing activities"))
    assert score.metadata["parsed"] == "B" and score.answer == "B"


def test_no_block_note():
    assert "no <answer> block" in correctness(ITEM, "The answer is B").explanation


MALFORMED = [
    ({**ITEM, "choices": ["only one"]}, "fewer than two choices"),
    ({**ITEM, "gold": "Z"}, "gold letter out of range"),
    ({**ITEM, "gold": None}, "no gold letter"),
]


@pytest.mark.parametrize("item, comment", MALFORMED, ids=[r[-1] for r in MALFORMED])
def test_malformed_items_are_not_applicable(item, comment):
    assert correctness(item, _wrap("B")).value is None
