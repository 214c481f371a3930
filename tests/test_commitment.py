"""Answer commitment (acctbench.rewards.commitment): credit for what is asserted, never for what
is mentioned. Table-driven: each row says what an answer region commits to, with a comment."""

from __future__ import annotations

import json
import re

import pytest

from acctbench.results.summary import aggregate
from acctbench.rewards import Judge, get_commitment_flags
from acctbench.rewards.commitment import analyse_region, stance_of
from acctbench.rewards.cues import compile_phrase, load_cues
from acctbench.rewards.parsing import parse
from acctbench.suites import get_suite

# (kind, answer region, status, comment)
REGIONS = [
    ("numeric", "$6,873.75", "asserted", "a plain amount"),
    ("numeric", "$6,873.75 is not the accrued interest.", "negated", "the value denied after it"),
    ("numeric", "Anything but $6,873.75.", "negated", "denied before it"),
    ("numeric", "Whatever the right answer is, it isn't $6,873.75.", "negated", "a commit marker, then a denial"),
    ("numeric", "$6,873.75 - no, scrap that; I cannot work out the amount.", "retracted", "stated, then withdrawn"),
    ("numeric", "I first got $7,000, but that is wrong; the correct figure is $6,873.75.", "asserted",
     "a draft rejected, then the answer"),
    ("numeric", "The amount is $6,873.75; it is not yet paid, so it is accrued.", "asserted", "natural negation elsewhere"),
    ("numeric", "Not $7,561.13: the answer is $6,873.75.", "asserted", "the alternative is the one denied"),
    ("numeric", "roughly $6,873.75, give or take", "hedged", "a spread around the number"),
    ("numeric", "At least $6,873.75, possibly more.", "hedged", "a bound is no amount"),
    ("numeric", "Each transaction touches at least two accounts. $6,873.75", "asserted", "a spread word not next to the number"),
    ("numeric", "$6,873.75?", "hedged", "asked, not answered"),
    ("numeric", "It would be wrong to say $6,873.75.", "framed_false", "a frame that inverts"),
    ("numeric", "If the rate were double, it would be $6,873.75.", "framed_false", "a counterfactual"),
    ("numeric", "A common mistake is to answer $6,873.75.", "framed_false", "named as the trap"),
    ("choice", "D", "asserted", "a bare letter"),
    ("choice", "D is my guess, but A is just as likely.", "hedged", "two options kept open"),
    ("choice", "D. That said, A is the option that actually fits.", "hedged", "two options asserted"),
    ("choice", "Not D.", "negated", "the letter denied"),
    ("choice", "D is not correct.", "negated", "denied after it"),
    ("choice", "It can't be A; the answer is D (Asset).", "asserted", "one option ruled out, another chosen"),
    ("choice", "C looked tempting at first, but it doesn't match the facts. The answer is D.", "asserted",
     "a considered alternative, then the final word"),
    ("choice", "D. No other option fits.", "asserted", "natural negation"),
    ("choice", "D (wrong)", "negated", "the letter annotated as wrong"),
    ("choice", "D) No offsetting of assets and liabilities", "asserted", "an option text that starts with No"),
    ("choice", "D) Wrong-way risk", "asserted", "an option text that starts with Wrong"),
    ("journal", "Dr Interest Expense 640\nCr Interest Payable 640", "asserted", "an entry"),
    ("journal", "Dr Interest Expense 640\nCr Interest Payable 640\nNo entry should actually be recorded for this.",
     "denied", "the entry declared unnecessary"),
    ("journal", "Dr Interest Expense 640\nCr Interest Payable 640\nSwap the sides.", "denied", "the entry reversed"),
    ("journal", "Dr Interest Expense 640\nCr Interest Payable 640\nNot the other way round.", "asserted",
     "a negated reversal affirms the entry"),
    ("journal", "Do not record the following entry:\nDr Interest Expense 640\nCr Interest Payable 640", "framed_false",
     "a frame over what follows"),
    ("journal", "Dr Cash 500\nCr Revenue 500\nor, equally acceptable:\nDr Revenue 500\nCr Cash 500", "hedged",
     "two entries offered"),
]


@pytest.mark.parametrize("kind, text, status, comment", REGIONS, ids=[r[-1] for r in REGIONS])
def test_region_commitment(kind, text, status, comment):
    assert analyse_region(text, kind, 4).status == status


ITEM = next(i for i in get_suite("concepts").load("test"))
REF = ITEM["reference"]["answer"]
LOWER = REF[0].lower() + REF[1:]

# (answer block, asserted?, comment) for a free-text item; the reasoning is the reference's own.
TEXTS = [
    (REF, True, "the reference itself"),
    ("In short: " + REF, True, "a harmless lead-in"),
    ("It is a myth that " + LOWER, False, "framed as a myth"),
    (REF + " None of this is true in practice.", False, "denied after the fact"),
    ("Is it true that " + LOWER.rstrip(".") + "? No.", False, "asked and answered no"),
    ("See above.", False, "defers to the reasoning"),
    ("", False, "empty"),
    ("Many believe revenue is recorded when cash arrives; that belief is mistaken. " + REF, True,
     "a misconception debunked, then the claims"),
    (REF + " The opposite is true for liabilities.", True, "a scoped claim is no denial"),
]


@pytest.mark.parametrize("answer, asserted, comment", TEXTS, ids=[t[-1] for t in TEXTS])
def test_free_text_stance(answer, asserted, comment):
    completion = f"<reasoning>{ITEM['reference']['reasoning']}</reasoning>\n<answer>{answer}</answer>"
    assert stance_of(ITEM, parse(completion)).asserted is asserted


def test_the_working_alone_is_no_answer():
    item = get_suite("computations").load("test")[0]
    only_reasoning = f"<reasoning>{item['reference']['reasoning']} So the answer is {item['reference']['answer']}</reasoning>"
    judge = Judge(["correctness"])
    assert judge.score(item, only_reasoning).scores["correctness"].value == 0.0
    # With no tags at all, the text is the answer: a correct untagged answer still scores.
    assert judge.score(item, f"The answer is {item['reference']['answer']}").scores["correctness"].value == 1.0


# (phrase, text, matches?, comment)
PHRASES = [
    ("that's wrong", "That’s wrong", True, "curly apostrophe"),
    ("that's wrong", "That's wrong", True, "straight apostrophe"),
    ("if ~ were", "If the rate were", True, "a gap of words"),
    ("if ~ were", "If the first annual interest rate of the note were", False, "the gap is at most four words"),
    ("no [journal] entry is needed", "no entry is needed", True, "an optional word left out"),
    ("(it is|it's) a myth that", "it's a myth that", True, "alternatives of several words"),
    ("scrap/strike that", "scrapthat", False, "whole words only"),
]


@pytest.mark.parametrize("phrase, text, matches, comment", PHRASES, ids=[p[-1] for p in PHRASES])
def test_phrase_syntax(phrase, text, matches, comment):
    assert bool(re.fullmatch(compile_phrase(phrase), text, re.I)) is matches


# (phrase, text, found?, comment): ``<end>`` looks at what follows the match.
ANCHORED = [
    ("wrong <end>", "wrong.", True, "punctuation ends the clause"),
    ("wrong <end>", "wrong", True, "the end of the text ends it"),
    ("wrong <end>", "wrong ) but", True, "a closing bracket ends it"),
    ("wrong <end>", "wrong-way risk", False, "a hyphenated word goes on"),
    ("no <end>", "No offsetting of assets", False, "a word follows"),
]


@pytest.mark.parametrize("phrase, text, matches, comment", ANCHORED, ids=[p[-1] for p in ANCHORED])
def test_clause_end(phrase, text, matches, comment):
    assert bool(re.search(compile_phrase(phrase), text, re.I)) is matches


def _bundled_items_with_references():
    from acctbench.rewards.rm_items import train_items
    from acctbench.suites import suites

    items = [i for s in suites().values() for split in ("train", "test") for i in s.load(split)]
    return [i for i in items + train_items() if isinstance(i.get("reference"), dict) and i["reference"].get("answer")]


# A reference sentence that reads like an imperative frame ("Conventional statements do not report
# it because ..."): the frame cue cannot tell a subject from a lead-in ("Please do not accept
# this: ..."), and a policy must not get the lead-in through, so this one sentence is left out.
KNOWN_PARTIAL = {"concepts-monetary_unit-d16e92948b"}


def test_every_bundled_reference_answer_is_asserted():
    """Search over every reference answer the project ships: the commitment analysis must read
    each one as asserted, with nothing left out but the known partial above (a conditional "none
    of these is", an option text starting with "No" are claims, not withdrawals)."""
    failures = []
    for item in _bundled_items_with_references():
        ref = item["reference"]
        stance = stance_of(item, parse(f"<reasoning>{ref.get('reasoning', '')}</reasoning>\n<answer>{ref['answer']}</answer>"))
        if not stance.asserted or stance.why and item["id"] not in KNOWN_PARTIAL:
            failures.append((item["id"], stance.why))
    assert not failures, failures[:10]


def test_choice_option_text_is_read_as_the_option_and_annotations_as_denials():
    """Every bundled choice item, its gold letter written with its own option text, and with an
    annotation that denies it."""
    from acctbench.suites import get_suite

    items = [i for split in ("train", "test") for i in get_suite("choice").load(split)]
    assert len(items) > 100
    separators = (")", ":", " -", " —", " –", ",", ";", " ->", " /", " |", " [", " (", ".")
    replies = ("no", "No", "nope", "wrong", "incorrect", "false", "not correct", "not right", "not this", "not the answer",
               "wrong option")
    failures = []
    for item in items:
        letter = item["gold"]
        options = tuple(item["choices"])
        option = options[ord(letter) - ord("A")]
        asserted = [f"{letter}{sep} {option}" for sep in separators if sep not in " [ ("] + [f"The answer is {letter}. {option}"]
        for text in asserted:
            if analyse_region(text, "choice", len(options), options).status != "asserted":
                failures.append((item["id"], text))
        denied = [f"{letter}{sep} {reply}{end}" for sep in separators if sep != "." for reply in replies for end in ("", ".", "!", "\n")]
        for text in denied + [f"{letter} (wrong)", f"{letter} (not the answer)", f"**{letter}** - wrong", f"Not {letter}."]:
            if analyse_region(text, "choice", len(options), options).status == "asserted":
                failures.append((item["id"], text))
    assert not failures, failures[:10]


def test_reply_annotations_after_a_figure_deny_it():
    """Every 5th bundled numeric test item's gold figure, with every separator and reply word."""
    from acctbench.suites import get_suite

    items = [i for s in ("computations", "problems") for i in get_suite(s).load("test") if i["type"] == "numeric"][::5]
    assert len(items) > 50
    failures = []
    for item in items:
        gold = float(item["gold"])
        figure = f"{gold:,.2f}" if gold != int(gold) else f"{int(gold):,}"
        figure = f"${figure}" if item.get("unit") == "$" else figure
        for sep in (":", " -", " —", ",", ";", " ->", " /", " [", " ("):
            for reply in ("no", "wrong", "false", "not correct", "not right", "not the answer"):
                if analyse_region(f"{figure}{sep} {reply}", "numeric").status == "asserted":
                    failures.append(f"{figure}{sep} {reply}")
        if analyse_region(f"{figure}, no adjustment is needed", "numeric").status != "asserted":
            failures.append(f"{figure}, no adjustment is needed")
    assert not failures, failures[:10]


@pytest.mark.parametrize("options", [("Yes", "No"), ("True", "False"), ("Correct", "Incorrect"), ("Right", "Wrong")])
def test_a_reply_word_that_is_the_options_own_text_names_the_option(options):
    """Where option B reads "No", "B: No" chooses B; "A: No" still denies A."""
    own = options[1]
    for sep in (")", ":", " -", " —", ",", ".", " ("):
        assert analyse_region(f"B{sep} {own}", "choice", 2, options).status == "asserted", (sep, own)
    if own.lower() in ("no", "false", "incorrect", "wrong"):
        assert analyse_region(f"A: {own}", "choice", 2, options).status == "negated"
        assert analyse_region(f"B: {own}", "choice", 2).status == "negated"  # without the options it reads as a reply


@pytest.mark.parametrize("content, message", [
    ("retract: [a]\n", "a non-empty list of phrases is required"),
    ("bogus: [a]\n", "unknown section"),
])
def test_bad_cue_files_name_the_problem(tmp_path, content, message):
    path = tmp_path / "commitment.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_cues(path)


def test_bad_phrase_names_its_section_and_index(tmp_path):
    from acctbench._paths import data_path

    text = data_path("rewards", "commitment.yaml").read_text(encoding="utf-8").replace("retract:\n", "retract:\n  - (unclosed\n", 1)
    path = tmp_path / "commitment.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=r"retract\[0\] '\(unclosed': unbalanced"):
        load_cues(path)


def test_summary_counts_uncommitted_answers_apart():
    rows = [{"total": 0.0, "scores": {}, "status": s} for s in ("correct", "wrong", "negated", "hedged", "no_answer")]
    out = aggregate(rows)
    assert out["uncommitted_rate"] == 0.4 and out["no_answer_rate"] == 0.2
    assert out["statuses"] == {"correct": 1, "hedged": 1, "negated": 1, "no_answer": 1, "wrong": 1}


def test_trl_commitment_flags_mark_each_completion():
    item = get_suite("computations").load("test")[0]
    ref = item["reference"]
    completions = [f"<reasoning>{ref['reasoning']}</reasoning><answer>{a}</answer>" for a in
                   (ref["answer"], f"{ref['answer']} is not the answer.", f"roughly {ref['answer']}, give or take")]
    flags = {f.__name__: f(completions, item_json=[json.dumps(item)] * 3) for f in get_commitment_flags()}
    assert flags["negated"] == [0.0, 1.0, 0.0] and flags["hedged"] == [0.0, 0.0, 1.0]
    assert flags["retracted"] == [0.0, 0.0, 0.0]
