"""The reference-copy check: a near copy of the reference with one decisive change is caught,
an answer in its own words, an exact copy or a faithful rewording is not."""

import pytest

from acctbench.rewards.genuine import contradiction, degenerate
from acctbench.rewards.knowledge import load_contrasts
from acctbench.rewards.text import norm_word

PREMIUM = ("The carrying amount decreases toward face value, and interest expense is lower than the cash paid and "
           "declines each period. At maturity the premium is fully amortized.")
LAND = ("The land must stay at its historical cost; US GAAP does not allow inflation indexing of assets, which would "
        "record gains that have not occurred.")
IMPAIRMENT = ("US GAAP prohibits reversing impairment losses on assets held and used. IFRS requires a reversal, capped at "
              "the depreciated carrying amount.")
NSF = "Deduct $600 from the book balance, and record the entry by debiting Accounts Receivable $600 and crediting Cash $600."
DEPRECIATION = "Annual depreciation is $9,000 and the carrying amount after two years is $32,000."
SPECIAL_ORDER = ("Accept it. The $18 price exceeds the $15 incremental variable cost, and the allocated fixed costs are "
                 "irrelevant when capacity is idle.")
CASH_FLOWS = ("Under IAS 7 each may be classified either way, with paid items as operating or financing and received items "
              "as operating or investing.")


@pytest.mark.parametrize(
    "reference, answer, why",
    [
        # a contrasting word in place of the reference's (rewards/contrasts.yaml)
        pytest.param(PREMIUM, PREMIUM.replace("is lower than", "is higher than"), "'lower' copied as 'higher'", id="contrast"),
        # a negation removed on its own: "does not allow" -> "allows"
        pytest.param(LAND, LAND.replace("does not allow", "allows"), "negation removed in a copied clause", id="negation-removed"),
        # "isn't" is a negation too (its "n't" is kept although it is not alphabetic)
        pytest.param(PREMIUM, PREMIUM.replace("is lower than", "isn't lower than"),
                     "negation added in a copied clause", id="negation-added"),
        # the frameworks trade places: caught as a contrasting word at the first one
        pytest.param(IMPAIRMENT, "IFRS prohibits reversing impairment losses on assets held and used. US GAAP requires a "
                     "reversal, capped at the depreciated carrying amount.", "'GAAP' copied as 'IFRS'", id="framework-swap"),
        # a different number in a copied clause
        pytest.param(DEPRECIATION, DEPRECIATION.replace("$9,000", "$10,000"), "number changed in a copied clause (9,000 → 10,000)",
                     id="number"),
        # "non-" is a negation for the copy check: adjusting -> non-adjusting (ASC 855 / IAS 10)
        pytest.param("A customer's bankruptcy after year end is an adjusting event because it confirms a year-end condition.",
                     "A customer's bankruptcy after year end is a non-adjusting event because it confirms a year-end condition.",
                     "negation added in a copied clause", id="non-prefix"),
        # one audit opinion for another (ISA 705)
        pytest.param("A material but not pervasive misstatement leads to a qualified opinion.",
                     "A material but not pervasive misstatement leads to a disclaimer of opinion.",
                     "'qualified' copied as 'disclaimer'", id="opinion-type"),
        # an asset account replaced by an expense account: a different entry
        pytest.param(NSF, NSF.replace("Accounts Receivable", "Bad Debt Expense"),
                     "'accounts receivable' copied as 'bad debt expense'", id="account-category"),
    ],
)
def test_decisive_changes_are_caught(reference: str, answer: str, why: str) -> None:
    assert contradiction(answer, reference) == why


@pytest.mark.parametrize(
    "reference, answer",
    [
        pytest.param(PREMIUM, PREMIUM, id="exact-copy"),  # copying is not contradicting
        # "does not allow" reworded as "prohibits": a negation and a contrast cancel out
        pytest.param(LAND, LAND.replace("does not allow", "prohibits"), id="negation-reworded"),
        # own words: no clause is a near copy, so nothing is compared
        pytest.param(PREMIUM, "Each period the premium shrinks, so the book value falls toward par and the expense stays "
                     "below the coupon.", id="own-words"),
        # same-category terms (cost for cost) are a rewording, not a different entry
        pytest.param(SPECIAL_ORDER, SPECIAL_ORDER.replace("fixed costs are", "fixed overhead is"), id="same-category-term"),
        # parallel clauses: each answer clause is compared with the reference clause it copies best
        pytest.param(CASH_FLOWS, "Under IAS 7 each may be classified either way, with received items as operating or investing "
                     "and paid items as operating or financing.", id="parallel-clauses-reordered"),
        # a negation plus another change is a rewording: "not earned this year" = "earned last year"
        pytest.param("The $1 million deposit was earned last year, when the work was done.",
                     "The $1 million deposit was not earned this year, when the work was done.", id="negation-with-rewording"),
        # "isn't recoverable" copied as "is not recoverable": the same negation
        pytest.param("The carrying amount is not recoverable, so the asset is impaired.",
                     "The carrying amount isn't recoverable, so the asset is impaired.", id="contraction-kept"),
        # function words trading places is not a swap of meaning
        pytest.param("Control is the power to direct the relevant activities of the investee and its returns.",
                     "Control is the power to direct its relevant activities of the investee and the returns.", id="stopword-swap"),
        # the other branch of a conditional is another case, not a contradiction
        pytest.param("If the plans do not alleviate the doubt, the notes must state that substantial doubt exists.",
                     "If the plans did alleviate the doubt, the notes must still describe the conditions.", id="conditional-branch"),
        pytest.param(DEPRECIATION, "", id="empty-answer"),
        pytest.param("", DEPRECIATION, id="empty-reference"),
    ],
)
def test_faithful_answers_are_not_flagged(reference: str, answer: str) -> None:
    assert contradiction(answer, reference) is None


def test_only_free_text_items_get_the_copy_check() -> None:
    changed = PREMIUM.replace("is lower than", "is higher than")
    assert degenerate(changed, "How is a bond premium amortized?", PREMIUM) is None
    assert degenerate(changed, "How is a bond premium amortized?", PREMIUM, free_text=True) == (
        "contradicts the reference it copies: 'lower' copied as 'higher'")


def test_hostile_repetition_is_fast() -> None:
    import time

    reference = "Revenue is not recognized when cash is received, it is recognized when control transfers. " * 200
    answer = "Revenue is recognized when cash is received, it is not recognized when control transfers. " * 200
    start = time.perf_counter()
    contradiction(answer[:20_000], reference[:20_000])
    assert time.perf_counter() - start < 1.0


def test_contrast_groups_stay_distinct_after_normalising() -> None:
    groups = [frozenset(norm_word(w) for w in group) for group in load_contrasts()]
    assert all(len(g) >= 2 for g in groups), "a group collapses to one word once lemmatised"
    assert len(set(groups)) == len(groups), "two groups are the same once lemmatised"


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("- [higher]\n", "two or more lowercase single words"),
        ("- [Higher, lower]\n", "two or more lowercase single words"),
        ("- [high, high]\n", "repeated"),
        ("- higher\n", "two or more lowercase single words"),
        ("{}\n", "non-empty YAML list"),
    ],
)
def test_contrast_file_errors_name_the_entry(tmp_path, text: str, fragment: str) -> None:
    path = tmp_path / "contrasts.yaml"
    path.write_text(text)
    with pytest.raises(ValueError, match=fragment):
        load_contrasts(path)


def test_no_correct_answer_in_the_bundled_pair_sets_is_flagged() -> None:
    """Every chosen answer of the audit sets and every paraphrase of the similarity calibration
    set is correct, so none may be flagged as a contradicting copy of its reference."""
    import json

    import yaml

    from acctbench._paths import data_path
    from acctbench.audit.run import _items_by_id
    from acctbench.rewards.parsing import completion_body, parse
    from acctbench.rewards.text import reference_text

    items = _items_by_id()
    correct = []
    for name in ("calibration_pairs.jsonl", *(f"heldout_pairs{n}.jsonl" for n in ("", "_2", "_3", "_4"))):
        for line in data_path("rewards", name).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            correct.append((row["id"], items[row["item_id"]], completion_body(parse(row["chosen"]))))
    calibration = yaml.safe_load(data_path("rewards", "similarity_calibration.yaml").read_text(encoding="utf-8"))
    correct += [(row["item_id"], items[row["item_id"]], row["paraphrase"]) for row in calibration]
    free_text = [(name, item, answer) for name, item, answer in correct if item["type"] == "text"]
    assert len(free_text) > 200
    flagged = [(name, why) for name, item, answer in free_text if (why := contradiction(answer, reference_text(item)))]
    assert flagged == []
