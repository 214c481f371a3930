"""The ``principles`` scorer and the text features it stands on: table-driven, exact values.

Items are small inline concept items (``type: "text"``). Their wording is chosen so that only
the principles named in each comment are involved (by trigger phrase or declared field), and
no case relies on the bare word "control" as a trigger or on negation reaching across a
subordinate clause.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from acctbench.rewards import text as T
from acctbench.rewards.parsing import parse
from acctbench.rewards.principles import DEGENERATE_FACTOR, NAME_ONLY_CREDIT, principles, score_principles


def concept(question: str, answer: str, reasoning: str = "", declared: list[Any] | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {"type": "text", "question": question, "reference": {"reasoning": reasoning, "answer": answer}}
    if declared is not None:
        item["principles"] = declared
    return item


MATCHING_IDEA = "Expenses are recognised in the same period as the revenue they help to generate."
ALLOCATION_IDEA = "Costs that benefit several periods are allocated over the periods that benefit."

# Involves only `matching` (trigger "matching principle" in the reference); the reference states
# both matching ideas, so each idea is worth 1/2.
MATCHING = concept(
    "When should a company record the commissions it pays to its sales staff?",
    f"Under the matching principle, {MATCHING_IDEA[0].lower()}{MATCHING_IDEA[1:]} {ALLOCATION_IDEA}",
)

# Involves only `matching`; the reference states only the first idea.
MATCHING_ONE = concept(
    "When should a company record the commissions it pays to its sales staff?",
    f"Under the matching principle, {MATCHING_IDEA[0].lower()}{MATCHING_IDEA[1:]}",
)

# Declared `matching` (no trigger phrase anywhere); the reference states the misconception
# "expenses are recorded when cash is paid" while describing the error it asks about.
MATCHING_ERROR = concept(
    "A company pays its sales staff in January a commission on sales made in December and records the commission "
    "as a January expense. What is wrong?",
    "The company has assumed that expenses are recorded when cash is paid, which is the error: expenses are recognised "
    "in the same period as the revenue they help to generate, so the commission belongs in December.",
    declared=["matching"],
)

# Involves `matching`; the reference negates the first idea while describing cash accounting,
# and names the principle but states no idea of its own.
MATCHING_DENIED_BY_REFERENCE = concept(
    "Why does a company that records expenses only as it pays them produce misleading monthly profits?",
    "Under cash accounting, expenses are not recognised in the same period as the revenue they help to generate, "
    "which is why it breaks the matching principle.",
)

# Involves `matching`; the reference names the principle and states no idea.
MATCHING_NAMED = concept(
    "Which concept explains why sales commissions are reported alongside the sales they relate to?",
    "This is an application of the matching principle.",
)

# Involves `matching` and `historical_cost` (triggers "matching principle" and "purchase price");
# the reference states one idea of each.
MATCHING_AND_COST = concept(
    "Which two principles decide how a delivery van bought for cash and the fuel it uses are reported?",
    f"Under the matching principle, {MATCHING_IDEA[0].lower()}{MATCHING_IDEA[1:]} "
    "Under the historical cost principle, equipment is recorded at its purchase price.",
)

# Involves `revenue_recognition` through "performance obligation" / "revenue is recognised".
REVENUE = concept("When does an online retailer record revenue from a sale?", "Revenue is recognised when the performance obligation is satisfied.")

# Involves `historical_cost` (and `depreciation_allocation`, which the reference neither names nor
# states an idea of, so it only guards misconceptions and is left out of the mean).
BUILDING = concept(
    "A company bought a warehouse ten years ago. Should it now show the warehouse at what it would sell for today?",
    "No. Under the historical cost principle, a building remains at cost less accumulated depreciation, even if its market value rises.",
)

# The question itself phrases the idea; the reference only names the principle.
RESTATED = concept(
    f"Why are {MATCHING_IDEA[0].lower()}{MATCHING_IDEA[1:-1]}?",
    "Profit for a period is only meaningful if the costs of earning the revenue are set against it; this is the matching principle.",
)

# No trigger phrase in question or reference, nothing declared.
LEDGER = concept("What is a ledger?", "A ledger is a book or file that holds the accounts of a business.")


@pytest.mark.parametrize(
    "item, completion, expected",
    [
        # --- share of the reference's ideas -------------------------------------------------
        pytest.param(MATCHING, f"{MATCHING_IDEA} {ALLOCATION_IDEA}", 1.0, id="all-ideas"),  # 2/2
        pytest.param(MATCHING, MATCHING_IDEA, 0.5, id="half-the-ideas"),  # 1/2
        pytest.param(MATCHING, ALLOCATION_IDEA, 0.5, id="the-other-half"),  # 1/2, either idea counts
        pytest.param(MATCHING, "This follows the matching principle.", NAME_ONLY_CREDIT / 2, id="name-only"),  # 0.5 of one idea / 2
        pytest.param(MATCHING, f"By the matching principle, {MATCHING_IDEA.lower()}", 0.5, id="name-plus-idea"),  # name credit only without ideas
        pytest.param(MATCHING_ONE, "This follows the matching principle.", NAME_ONLY_CREDIT, id="name-only-one-idea"),  # 0.5 of 1 idea
        pytest.param(MATCHING_ONE, f"{MATCHING_IDEA} {ALLOCATION_IDEA}", 1.0, id="extra-idea-capped"),  # 1/1; extra idea no bonus
        pytest.param(MATCHING, "Bananas are a yellow fruit.", 0.0, id="off-topic"),  # no idea, no name
        pytest.param(MATCHING, "", 0.0, id="empty"),  # nothing stated
        # --- misconceptions and negated ideas -------------------------------------------------
        pytest.param(MATCHING, "Expenses are recorded when cash is paid.", 0.0, id="misconception"),
        pytest.param(MATCHING, f"{MATCHING_IDEA} {ALLOCATION_IDEA} Expenses are recorded when cash is paid.", 0.0,
                     id="misconception-beats-ideas"),  # a wrong belief zeroes the principle
        pytest.param(MATCHING, "Expenses are not recognised in the same period as the revenue they help to generate.", 0.0, id="not"),
        pytest.param(MATCHING, "Expenses are never recognised in the same period as the revenue they help to generate.", 0.0, id="never"),
        pytest.param(MATCHING, "Costs are charged to profit at once rather than allocated over the periods that benefit.", 0.0,
                     id="rather-than"),
        pytest.param(MATCHING, "Expenses are recognised in the period of payment instead of in the same period as the revenue they help "
                     "to generate.", 0.0, id="instead-of"),
        pytest.param(MATCHING, "Expenses aren't recognised in the same period as the revenue they help to generate.", 0.0,
                     id="contraction"),  # "n't" is a cue
        pytest.param(MATCHING, f"{ALLOCATION_IDEA[:-1]}, but expenses are not recognised in the same period as the revenue they help "
                     "to generate.", 0.0, id="one-idea-denied"),  # a denial zeroes the principle even beside a stated idea
        pytest.param(MATCHING, f"Cash timing does not decide it, but {MATCHING_IDEA.lower()}", 0.5,
                     id="negation-in-earlier-clause-but"),  # "but" and "," end the negated clause
        pytest.param(MATCHING, f"Cash timing does not decide it; {MATCHING_IDEA.lower()}", 0.5, id="negation-in-earlier-clause-semicolon"),
        pytest.param(REVENUE, "Revenue is not recognised when control transfers to the customer.", 0.0, id="not-when-control-transfers"),
        pytest.param(REVENUE, "Revenue is recognised when control of the goods passes to the customer.", 1.0, id="control-of-the-goods"),
        pytest.param(REVENUE, "Revenue is recognised when the cash is collected.", 0.0, id="revenue-misconception"),
        # --- the reference's own statements are not held against the answer ---------------------
        pytest.param(MATCHING_ERROR, "The mistake is thinking that expenses are recorded when cash is paid; expenses are recognised in the "
                     "same period as the revenue they help to generate.", 1.0, id="describes-the-error-too"),  # 1/1
        pytest.param(MATCHING_ONE, "The mistake is thinking that expenses are recorded when cash is paid; expenses are recognised in the "
                     "same period as the revenue they help to generate.", 0.0, id="same-words-reference-silent"),  # misconception counts
        pytest.param(MATCHING_DENIED_BY_REFERENCE, "Cash accounting does not recognise expenses in the same period as the revenue they "
                     "help to generate, so it breaks the matching principle.", 1.0, id="denial-the-reference-makes"),  # named
        pytest.param(MATCHING_ONE, "Cash accounting does not recognise expenses in the same period as the revenue they help to "
                     "generate, so it breaks the matching principle.", 0.0, id="same-denial-reference-silent"),
        # --- reference names the principle but states no idea --------------------------------------
        pytest.param(MATCHING_NAMED, "It is the matching principle.", 1.0, id="named-names"),
        pytest.param(MATCHING_NAMED, MATCHING_IDEA, 1.0, id="named-idea-without-name"),  # stating an idea is as good as naming
        pytest.param(MATCHING_NAMED, "It is about being careful.", 0.0, id="named-neither"),
        pytest.param(MATCHING_NAMED, "It is the matching principle: expenses are recorded when cash is paid.", 0.0,
                     id="named-misconception"),
        # --- mean over several principles ----------------------------------------------------
        pytest.param(MATCHING_AND_COST, f"{MATCHING_IDEA[:-1]}, and equipment is recorded at its purchase price.", 1.0, id="mean-both"),
        pytest.param(MATCHING_AND_COST, MATCHING_IDEA, 0.5, id="mean-one-of-two"),  # (1 + 0) / 2
        pytest.param(MATCHING_AND_COST, f"{MATCHING_IDEA} The historical cost principle applies to the van.", 0.75,
                     id="mean-idea-and-name"),  # (1 + 0.5) / 2
        pytest.param(MATCHING_AND_COST, "Equipment is recorded at its purchase price, but expenses are recorded when cash is paid.", 0.5,
                     id="mean-idea-and-misconception"),  # (0 + 1) / 2
        # --- spelling, lemmas, sentences ----------------------------------------------------
        pytest.param(MATCHING, "Expenses are recognized in the same periods as the revenues they help to generate, and costs benefiting "
                     "several periods are allocated over the periods that benefit.", 1.0, id="us-spelling-plurals"),
        pytest.param(MATCHING, "An expense is recognised in the same period as the revenue it helps to generate. A cost that benefits "
                     "several periods is allocated over the periods that benefit.", 1.0, id="singular-forms"),
        pytest.param(BUILDING, "A building remains at cost less accumulated depreciation, even if its market value rises.", 1.0,
                     id="building-singular"),  # 2/2: "at cost" and "cost less accumulated depreciation"
        pytest.param(BUILDING, "Buildings remain at cost less accumulated depreciation, even if their market value rises.", 1.0,
                     id="buildings-plural"),  # the plural subject must match "building" as well
        pytest.param(MATCHING, "Expenses matter. They are recognised in the same period as the revenue they help to generate.", 0.0,
                     id="subject-and-claim-in-different-sentences"),
        # --- degenerate answers ------------------------------------------------------------
        pytest.param(RESTATED, MATCHING_IDEA, 1.0 * DEGENERATE_FACTOR, id="restates-the-question"),  # named-branch 1.0 x 0.2
        pytest.param(RESTATED, "Because of the matching principle: profit is meaningful only when the costs of earning revenue are set "
                     "against it.", 1.0, id="genuine-answer-same-item"),
        pytest.param(MATCHING, "Periods same expenses recognised generate. Several benefit allocated over costs periods.",
                     0.5 * DEGENERATE_FACTOR, id="word-salad"),  # 1/2 (cost ... allocated over) x 0.2
        # --- completion shapes ---------------------------------------------------------------
        pytest.param(MATCHING, [{"role": "assistant", "content": f"{MATCHING_IDEA} {ALLOCATION_IDEA}"}], 1.0, id="chat-message"),
        pytest.param(MATCHING, f"<reasoning>{ALLOCATION_IDEA}</reasoning><answer>{MATCHING_IDEA}</answer>", 1.0,
                     id="reasoning-and-answer-both-read"),
    ],
)
def test_principles_table(item: dict[str, Any], completion: Any, expected: float) -> None:
    assert principles(item, completion).value == pytest.approx(expected)


def test_score_principles_reads_a_parsed_completion() -> None:
    parsed = parse(f"<reasoning>{ALLOCATION_IDEA}</reasoning><answer>{MATCHING_IDEA}</answer>")
    assert score_principles(MATCHING, parsed).value == pytest.approx(1.0)  # 2/2 ideas across both blocks


def test_name_credit_is_not_lost_by_stating_an_idea_the_reference_lacks() -> None:
    # The reference states only the first idea. Naming the principle earns NAME_ONLY_CREDIT;
    # naming it *and* adding a correct idea the reference does not state must not earn less.
    name_only = principles(MATCHING_ONE, "This follows the matching principle.").value
    name_and_other_idea = principles(MATCHING_ONE, f"This follows the matching principle. {ALLOCATION_IDEA}").value
    assert name_only == pytest.approx(NAME_ONLY_CREDIT)
    assert name_and_other_idea == pytest.approx(NAME_ONLY_CREDIT)


# --- applicability -------------------------------------------------------------------------

# The reference states the first matching idea, but without any trigger phrase.
UNTRIGGERED = concept("When are sales commissions charged to profit?", MATCHING_IDEA)


@pytest.mark.parametrize(
    "item, completion, expected",
    [
        pytest.param(LEDGER, "A ledger holds the accounts.", None, id="no-principle"),
        pytest.param(UNTRIGGERED, MATCHING_IDEA, None, id="idea-without-trigger-not-declared"),
        pytest.param({**UNTRIGGERED, "principles": ["matching"]}, MATCHING_IDEA, 1.0, id="declared"),  # 1/1
        pytest.param({**UNTRIGGERED, "principles": ["matching"]}, "It depends.", 0.0, id="declared-not-stated"),  # 0/1
        pytest.param({**UNTRIGGERED, "principles": ["no_such_principle", 7, None]}, MATCHING_IDEA, None,
                     id="unknown-and-non-string-ids-ignored"),
        pytest.param({**UNTRIGGERED, "principles": None}, MATCHING_IDEA, None, id="principles-null"),
        # Declared, but the reference neither names it nor states an idea: it only guards.
        pytest.param({**LEDGER, "principles": ["matching"]}, "A ledger holds the accounts.", None, id="guard-only-neutral"),
        pytest.param({**LEDGER, "principles": ["matching"]}, "Expenses are recorded when cash is paid.", 0.0, id="guard-only-misconception"),
        pytest.param({"type": "text"}, "Expenses are recorded when cash is paid.", None, id="bare-item"),
    ],
)
def test_applicability(item: dict[str, Any], completion: str, expected: float | None) -> None:
    value = principles(item, completion).value
    assert value == (None if expected is None else pytest.approx(expected))


def test_declared_principles_come_first_and_triggered_ones_follow() -> None:
    item = {**MATCHING_AND_COST, "principles": ["historical_cost"]}
    score = principles(item, MATCHING_IDEA)
    assert score.metadata == {"principles": ["historical_cost", "matching"]}  # declared first, no duplicates
    assert score.value == pytest.approx(0.5)  # order does not change the mean


# --- explanations ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "item, completion, explanation",
    [
        pytest.param(MATCHING, MATCHING_IDEA, "Matching principle: 1/2 ideas", id="share"),
        pytest.param(MATCHING, "Expenses are recorded when cash is paid.",
                     "Matching principle: misconception stated (Expenses are recorded when cash is paid.)", id="misconception"),
        # The denial copies the reference's sentence with "never" added: also a reference copy
        # with a decisive change (acctbench.rewards.genuine), noted after the principle.
        pytest.param(MATCHING, "Expenses are never recognised in the same period as the revenue they help to generate.",
                     "Matching principle: misconception stated (denies: Expenses are recognised in the same period as the revenue "
                     "they help to generate.); contradicts the reference it copies: negation added in a copied clause", id="denial"),
        pytest.param(MATCHING_NAMED, "It is the matching principle.", "Matching principle: named", id="named"),
        pytest.param(MATCHING_NAMED, "It is about being careful.", "Matching principle: not named", id="not-named"),
        pytest.param(MATCHING_AND_COST, MATCHING_IDEA, "Matching principle: 1/1 ideas; Historical cost principle: 0/1 ideas", id="several"),
        pytest.param(RESTATED, MATCHING_IDEA, "Matching principle: named; restates the question", id="restated"),
        pytest.param(MATCHING, "Periods same expenses recognised generate. Several benefit allocated over costs periods.",
                     "Matching principle: 1/2 ideas; scrambled reference words", id="salad"),
        pytest.param(LEDGER, "Anything.", "no accounting principle involved", id="none"),
        pytest.param({**LEDGER, "principles": ["matching"]}, "Anything.",
                     "no checkable idea in the reference; no misconception (matching)", id="guard-only"),
    ],
)
def test_explanations(item: dict[str, Any], completion: str, explanation: str) -> None:
    assert principles(item, completion).explanation == explanation


def test_metadata_lists_the_involved_principles() -> None:
    assert principles(MATCHING, MATCHING_IDEA).metadata == {"principles": ["matching"]}
    assert principles(MATCHING_AND_COST, MATCHING_IDEA).metadata == {"principles": ["matching", "historical_cost"]}


# --- text features -----------------------------------------------------------------------------


def _tokens(text: str) -> list[str]:
    return [t.text for t in T.doc(text)]


@pytest.mark.parametrize(
    "text, tokens, sentence",
    [
        pytest.param("Costs rise. Revenue falls! Why?", ["Costs", "rise", ".", "Revenue", "falls", "!", "Why", "?"],
                     [0, 0, 0, 1, 1, 1, 2, 2], id="punctuation"),  # the end mark belongs to its sentence
        pytest.param("Costs rise\nRevenue falls", ["Costs", "rise", "\n", "Revenue", "falls"], [0, 0, 0, 1, 1],
                     id="newline-ends-a-sentence"),
        pytest.param("e.g. a U.S. company pays $1.5 million.", ["e.g.", "a", "U.S.", "company", "pays", "$", "1.5", "million", "."],
                     [0] * 9, id="abbreviations-and-decimals-do-not-end"),
    ],
)
def test_sentence_index(text: str, tokens: list[str], sentence: list[int]) -> None:
    assert _tokens(text) == tokens
    assert T.features(text).sentence.tolist() == sentence


@pytest.mark.parametrize(
    "text, negated_words",
    [
        # Only word tokens are checked: a cue is not itself negated, the words after it are, and a
        # clause break (",", ";", ":", "but"), a sentence end or a line break closes the scope.
        pytest.param("Revenue is not recognised, but cash is received",
                     [("Revenue", False), ("is", False), ("not", False), ("recognised", True), ("but", False), ("cash", False),
                      ("is", False), ("received", False)], id="not-then-but"),
        pytest.param("Costs, not revenues; fees instead of rent",
                     [("Costs", False), ("not", False), ("revenues", True), ("fees", False), ("instead", False), ("of", True),
                      ("rent", True)], id="comma-semicolon-instead-of"),  # "instead of" is a cue from "instead"
        pytest.param("Sales rather than orders: cash",
                     [("Sales", False), ("rather", False), ("than", True), ("orders", True), ("cash", False)], id="rather-than-then-colon"),
        pytest.param("It isn't labour", [("It", False), ("is", False), ("labour", True)], id="contraction"),  # "n't" is a cue
        pytest.param("No cash; revenue recognised", [("No", False), ("cash", True), ("revenue", False), ("recognised", False)],
                     id="no-then-semicolon"),
        pytest.param("Never paid. Paid", [("Never", False), ("paid", True), ("Paid", False)], id="sentence-end-closes-scope"),
        pytest.param("Never paid\nPaid", [("Never", False), ("paid", True), ("Paid", False)], id="line-break-closes-scope"),
        pytest.param("Revenue is recognised when goods are delivered",
                     [(w, False) for w in "Revenue is recognised when goods are delivered".split()], id="no-cue"),
        # "until"/"unless" end the scope: "not recognised until control transfers" affirms the transfer
        pytest.param("Revenue is not recognised until control transfers",
                     [("Revenue", False), ("is", False), ("not", False), ("recognised", True), ("until", False), ("control", False),
                      ("transfers", False)], id="until-ends-scope"),
        # a verb negation ends at an auxiliary after its own verb: "will not get back" does not reach "is spread"
        pytest.param("The cost it will not get back is spread over the life",
                     [("The", False), ("cost", False), ("it", False), ("will", False), ("not", False), ("get", True), ("back", True),
                      ("is", False), ("spread", False), ("over", False), ("the", False), ("life", False)], id="next-verb-ends-scope"),
        # "not be recognised": an auxiliary right after the cue belongs to the negated verb
        pytest.param("It should not be recognised when cash is received",
                     [("It", False), ("should", False), ("not", False), ("be", True), ("recognised", True), ("when", True),
                      ("cash", True), ("is", False), ("received", False)], id="auxiliary-after-cue"),
        # "without" negates its own verb phrase only
        pytest.param("Paid without having to remember it was accrued",
                     [("Paid", False), ("without", False), ("having", True), ("to", True), ("remember", True), ("it", True),
                      ("was", False), ("accrued", False)], id="without-verb-phrase"),
        # a determiner negation keeps the whole clause: "No revenue is recognised"
        pytest.param("No revenue is recognised",
                     [("No", False), ("revenue", True), ("is", True), ("recognised", True)], id="no-keeps-clause"),
        pytest.param("", [], id="empty"),
    ],
)
def test_negation_features(text: str, negated_words: list[tuple[str, bool]]) -> None:
    f = T.features(text)
    words = [(t.text, f.negated(t.i)) for t in T.doc(text) if t.is_alpha]
    assert words == negated_words


@pytest.mark.parametrize(
    "words",
    [
        pytest.param(("recognised", "recognized", "recognises", "recognize"), id="ise-ize"),
        pytest.param(("labour", "labor"), id="our-or"),
        pytest.param(("capitalised", "capitalized"), id="capitalise"),
        pytest.param(("expenses", "expense"), id="plural-expense"),
        pytest.param(("taxes", "tax"), id="plural-tax-override"),
        pytest.param(("liabilities", "liability"), id="plural-ies"),
        pytest.param(("is", "are", "were", "be"), id="be"),
        pytest.param(("buildings", "building"), id="plural-building"),  # noun "building" must not become the verb "build"
        pytest.param(("rents", "rent"), id="plural-rent"),  # noun "rent" must not become the verb "rend"
    ],
)
def test_spelling_and_lemma_variants_share_a_norm(words: tuple[str, ...]) -> None:
    norms = {T.norm_word(w) for w in words}
    assert len(norms) == 1, {w: T.norm_word(w) for w in words}


def test_phrase_hashes_and_contains_phrase() -> None:
    assert T.phrase_hashes("Revenues  recognised").tolist() == T.hashes(["revenue", "recognize"]).tolist()  # spaces dropped
    assert T.contains_phrase("Revenues were recognized.", "revenue is recognised")  # be-forms, plural, spelling
    assert not T.contains_phrase("Revenues were recognized.", "revenue recognised")  # contiguous only


def _u(*values: int) -> np.ndarray:
    return np.asarray(values, dtype="uint64")


@pytest.mark.parametrize(
    "norm, phrase, starts",
    [
        pytest.param(_u(1, 2, 1, 2, 1), _u(1, 2), [0, 2], id="overlapping-repeats"),
        pytest.param(_u(1, 1, 1), _u(1, 1), [0, 1], id="self-overlap"),
        pytest.param(_u(1, 2, 1), _u(2, 1), [1], id="at-the-end"),
        pytest.param(_u(1, 2, 3), _u(3,), [2], id="single-word"),
        pytest.param(_u(1, 2, 3), _u(2, 4), [], id="no-match"),
        pytest.param(_u(1, 2), _u(1, 2, 1), [], id="phrase-longer-than-text"),
        pytest.param(_u(1, 2), _u(), [], id="empty-phrase"),
        pytest.param(_u(), _u(1), [], id="empty-text"),
    ],
)
def test_phrase_starts(norm: np.ndarray, phrase: np.ndarray, starts: list[int]) -> None:
    assert T.phrase_starts(norm, phrase).tolist() == starts


def test_word_kind_cache_is_bounded_and_refills(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long run meets ever new words (numbers): the per-word cache clears itself at its bound
    and features stay right."""
    monkeypatch.setattr(T._WordKinds, "MAX_WORDS", 3)
    T._WORD_KINDS.clear()
    f = T.features.__wrapped__("Revenue is not recognised until 1,234 units ship")
    assert len(T._WORD_KINDS) <= 3
    assert f.alpha.tolist() == [True, True, True, True, True, False, True, True]
    assert f.num.tolist() == [False, False, False, False, False, True, False, False]
    assert f.negated_mask.tolist() == [False, False, False, True, False, False, False, False]
