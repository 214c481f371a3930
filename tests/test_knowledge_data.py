"""The reward knowledge files (lexicon, principles) and their typed, validating loaders."""

from __future__ import annotations

import functools
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from acctbench.rewards.knowledge import (
    CATEGORIES,
    FORBIDDEN_ACRONYMS,
    PRINCIPLE_IDS,
    LexiconTerm,
    Principle,
    Statement,
    load_lexicon,
    load_principles,
)

# The principles scorer's semantics, restated here as a small oracle to check the data against.
NEGATION_CUES = {"not", "never", "no", "n't", "nor", "neither", "without"}
VERB_NEGATIONS = {"not", "never", "n't", "without"}
NEGATION_PAIRS = {("rather", "than"), ("instead", "of")}
CLAUSE_BREAKS = {",", ";", ":", "but"}
SCOPE_ENDS = {"until", "unless"}
AUXILIARIES = {"be", "have", "do", "will", "would", "shall", "should", "can", "could", "may", "might", "must"}

Lemmas = Callable[[str], tuple[str, ...]]


@pytest.fixture(scope="module")
def lexicon() -> tuple[LexiconTerm, ...]:
    return load_lexicon()


@pytest.fixture(scope="module")
def principles() -> dict[str, Principle]:
    return load_principles()


@pytest.fixture(scope="module")
def lemmas() -> Lemmas:
    """Lowercase lemmas from blank English + the lookup lemmatizer, as the scorers use."""
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    try:
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
    except Exception as exc:  # spacy-lookups-data missing
        pytest.skip(f"spaCy lookup lemmatizer unavailable: {exc}")

    @functools.cache
    def run(text: str) -> tuple[str, ...]:
        return tuple(t.lemma_.lower() for t in nlp(text.lower()))

    return run


def _starts(seq: tuple[str, ...], pat: tuple[str, ...]) -> list[int]:
    n = len(pat)
    return [i for i in range(len(seq) - n + 1) if n and seq[i:i + n] == pat]


def _negated(seq: tuple[str, ...], start: int) -> bool:
    """The nearest negation cue before ``start`` in its clause governs it: no "until"/"unless"
    between, and for a verb negation no auxiliary after a word of the negated phrase."""
    cues = [i for i in range(start) if seq[i] in NEGATION_CUES or tuple(seq[i:i + 2]) in NEGATION_PAIRS]
    if not cues:
        return False
    cue = cues[-1]
    between = seq[cue + 1:start]
    if any(tok in CLAUSE_BREAKS | SCOPE_ENDS for tok in between):
        return False
    if seq[cue] in VERB_NEGATIONS:
        words = [i for i, tok in enumerate(between) if tok.isalpha() and tok not in AUXILIARIES]
        return not any(tok in AUXILIARIES for tok in between[words[0] + 1:]) if words else True
    return True


def states(sentence: str, statement: Statement, lemmas: Lemmas) -> bool:
    """The oracle: a subject phrase and an un-negated claim phrase in one sentence."""
    seq = lemmas(sentence)
    if not any(_starts(seq, lemmas(s)) for s in statement.subject):
        return False
    return any(not _negated(seq, i) for c in statement.claim for i in _starts(seq, lemmas(c)))


def co_occurs(sentence: str, statement: Statement) -> bool:
    """The crude check: lowercase substrings of a subject and a claim, negation ignored."""
    low = sentence.lower()
    return any(s in low for s in statement.subject) and any(c in low for c in statement.claim)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


# ---- lexicon ----------------------------------------------------------------------------------


def test_lexicon_is_large_and_categorised(lexicon):
    assert len(lexicon) >= 320
    assert {t.category for t in lexicon} == CATEGORIES
    assert all(isinstance(t, LexiconTerm) for t in lexicon)


def test_lexicon_phrases_are_unique(lexicon):
    seen: dict[str, str] = {}
    for term in lexicon:
        for phrase in term.phrases:
            key = " ".join(phrase.lower().split())
            assert seen.setdefault(key, term.term) == term.term, (phrase, seen[key], term.term)


def test_lexicon_phrases_are_unique_after_lemmatising(lexicon, lemmas):
    # "variable costing" and "variable cost" lemmatise alike: they must not be two entries.
    seen: dict[tuple[str, ...], str] = {}
    for term in lexicon:
        for phrase in term.phrases:
            key = lemmas(phrase)
            assert seen.setdefault(key, term.term) == term.term, (phrase, seen[key], term.term)


def test_lexicon_acronyms_are_safe_and_unique(lexicon):
    acronyms = [a for t in lexicon for a in t.acronyms]
    assert len(acronyms) == len(set(acronyms))
    for acronym in acronyms:
        assert acronym.upper() not in FORBIDDEN_ACRONYMS, acronym
        assert not re.fullmatch(r"[A-Za-z]{2}", acronym), acronym
        assert any(ch.isupper() for ch in acronym), acronym


def test_lexicon_has_the_expected_acronyms(lexicon):
    acronyms = {a for t in lexicon for a in t.acronyms}
    expected = {"COGS", "PP&E", "EBITDA", "EPS", "ROE", "GAAP", "IFRS", "FASB", "IASB", "SOX",
                "CECL", "NRV", "LIFO", "FIFO", "APIC", "OCI", "AOCI", "WIP", "DSO", "A/R", "A/P"}
    assert expected <= acronyms


@pytest.mark.parametrize("phrase", [
    "double-declining balance", "lower of cost or net realisable value", "right-of-use asset",
    "performance obligation", "journal entry", "general ledger", "trial balance",
    "closing entries", "adjusting entry", "accrual", "deferral", "amortisation", "amortization",
    "net realizable value", "net realisable value", "accounts receivable", "cost of goods sold",
    "balance sheet", "statement of cash flows", "current ratio", "going concern",
    "internal control", "deferred tax", "job order costing", "present value", "goodwill",
])
def test_lexicon_covers_key_phrases(lexicon, phrase):
    assert phrase in {p.lower() for t in lexicon for p in t.phrases}


# ---- principles -------------------------------------------------------------------------------


def test_all_principle_ids_present(principles):
    assert list(principles) == list(PRINCIPLE_IDS)
    assert len(PRINCIPLE_IDS) == 30


@pytest.mark.parametrize("pid", PRINCIPLE_IDS)
def test_principle_is_complete(principles, pid):
    p = principles[pid]
    assert p.name and p.standard and p.summary
    assert len(p.triggers) >= 3
    assert len(p.ideas) >= 2
    assert len(p.misconceptions) >= 2


def test_names_aliases_and_triggers_are_unique_across_principles(principles):
    names: dict[str, str] = {}
    triggers: dict[str, str] = {}
    for p in principles.values():
        for name in (p.name, *p.aliases):
            assert names.setdefault(name.lower(), p.id) == p.id, name
        for trigger in p.triggers:
            assert triggers.setdefault(trigger.lower(), p.id) == p.id, trigger


def test_statement_phrases_fit_the_scorer(principles):
    # Lowercase, and never a negation cue or clause break inside a phrase: the scorer would
    # split or negate the phrase itself.
    for p in principles.values():
        for st in (*p.ideas, *p.misconceptions):
            for phrase in (*st.subject, *st.claim):
                words = re.findall(r"[a-z']+|[,;:]", phrase)
                assert phrase == phrase.lower(), (p.id, phrase)
                assert not set(words) & (NEGATION_CUES | CLAUSE_BREAKS), (p.id, phrase)
                assert "n't" not in phrase and "rather than" not in phrase, (p.id, phrase)
                assert "instead of" not in phrase, (p.id, phrase)


@pytest.mark.parametrize("pid", PRINCIPLE_IDS)
def test_summary_states_an_idea_and_no_misconception(principles, pid):
    p = principles[pid]
    sentences = _sentences(p.summary)
    assert any(co_occurs(s, idea) for s in sentences for idea in p.ideas), pid
    hits = [m.text for s in sentences for m in p.misconceptions if co_occurs(s, m)]
    assert not hits, (pid, hits)


@pytest.mark.parametrize("pid", PRINCIPLE_IDS)
def test_statements_are_self_consistent(principles, lemmas, pid):
    p = principles[pid]
    for st in (*p.ideas, *p.misconceptions):
        assert states(st.text, st, lemmas), (pid, st.text)
    for idea in p.ideas:
        wrong = [m.text for m in p.misconceptions if states(idea.text, m, lemmas)]
        assert not wrong, (pid, idea.text, wrong)
    for m in p.misconceptions:
        right = [i.text for i in p.ideas if states(m.text, i, lemmas)]
        assert not right, (pid, m.text, right)
    assert any(states(p.summary, idea, lemmas) for idea in p.ideas), pid
    assert not any(states(p.summary, m, lemmas) for m in p.misconceptions), pid


# Correct answers, written the way students write them (contrasts, negations included).
# Each must state none of its principle's misconceptions; `True` ones must state an idea.
CORRECT_ANSWERS = [
    ("matching", True, "Under the matching principle, expenses are recognised in the same "
     "period as the revenue they help to generate, not when cash is paid."),
    ("matching", True, "The machine's cost is capitalised and allocated over its useful life "
     "rather than expensed immediately."),
    ("matching", False, "Expenses are not recorded when cash is paid."),
    ("revenue_recognition", True, "Revenue is recognised when control of the goods transfers to "
     "the customer, not when the cash is collected."),
    ("revenue_recognition", True, "The $5,000 advance payment is credited to unearned revenue, "
     "a contract liability, until the service is performed."),
    ("revenue_recognition", False, "The deposit is not recognised as revenue immediately."),
    ("accrual_basis", True, "Under accrual accounting, wages incurred in December are recorded "
     "as an accrued expense in December even if the cash is paid in January."),
    ("accrual_basis", True, "Revenue is recorded when earned, regardless of when cash is "
     "received."),
    ("conservatism", True, "Prudence means losses are recognised as soon as they are probable, "
     "but gains are not recognised until they are realised."),
    ("conservatism", False, "Inventory must never be written up above its cost."),
    ("conservatism", False, "Prudence does not allow deliberately understating assets."),
    ("materiality", True, "An error is material if it could influence the economic decisions of "
     "users, judged by its nature as well as its size."),
    ("materiality", False, "Even a small error can be material if it is intentional, so small "
     "errors cannot always be ignored."),
    ("materiality", False, "Materiality is not purely quantitative."),
    ("going_concern", True, "Because the company is expected to continue operating for the "
     "foreseeable future, its equipment is carried at cost less accumulated depreciation "
     "rather than at liquidation value."),
    ("going_concern", False, "A going concern does not have to be profitable."),
    ("consistency", True, "The company should apply the same depreciation method from period to "
     "period and may change it only if the new method is preferable."),
    ("consistency", False, "Management cannot freely change methods to boost profit."),
    ("historical_cost", True, "The land is recorded at its purchase price plus legal fees and is "
     "not restated to market value each year."),
    ("fair_value", True, "Fair value is an exit price, the price that would be received to sell "
     "the asset in an orderly transaction between market participants at the measurement "
     "date."),
    ("fair_value", False, "Fair value is a market-based measurement, not an entity-specific "
     "one."),
    ("full_disclosure", True, "The pending lawsuit should be disclosed in the notes to the "
     "financial statements even though no liability is recognised."),
    ("full_disclosure", False, "Disclosure in the notes cannot rectify an inappropriate "
     "accounting policy."),
    ("economic_entity", True, "The owner's personal car expenses paid from the business account "
     "are recorded as drawings, not as business expenses."),
    ("economic_entity", True, "The business keeps separate records from its owner."),
    ("monetary_unit", True, "Only transactions that can be measured in monetary terms are "
     "recorded in the accounts."),
    ("monetary_unit", False, "The skills of the workforce are not recognised as an asset because "
     "they cannot be measured in money."),
    ("time_period", True, "The life of the business is divided into artificial time periods, "
     "such as quarters and years, for reporting."),
    ("time_period", False, "A company's fiscal year does not have to be the calendar year."),
    ("cost_constraint", True, "Standard setters weigh whether the benefits of the information "
     "justify the costs of providing it."),
    ("verifiability", True, "Information is verifiable when independent observers could reach "
     "consensus on the amount, for example by checking invoices."),
    ("substance_over_form", True, "Although legal title passes to the bank, the sale with a "
     "repurchase obligation is treated as a secured borrowing because its economic substance is "
     "a loan."),
    ("substance_over_form", False, "The sale and repurchase is not a genuine sale."),
    ("faithful_representation", True, "Faithfully represented information is complete, neutral "
     "and free from error, although free from error does not mean perfectly accurate."),
    ("relevance", True, "Relevant information has predictive value, confirmatory value or both, "
     "and can make a difference to users' decisions."),
    ("comparability", True, "Comparability lets users identify similarities and differences "
     "across entities, although it does not require uniformity."),
    ("comparability", False, "Consistency is not the same thing as comparability."),
    ("double_entry", True, "Every transaction affects at least two accounts, and total debits "
     "equal total credits."),
    ("double_entry", False, "A debit does not always mean an increase; debits increase assets "
     "but decrease liabilities."),
    ("inventory_lower_of_cost", True, "Inventory is measured at the lower of cost and net "
     "realisable value, so the goods are written down to NRV and the loss is charged to cost of "
     "goods sold."),
    ("inventory_lower_of_cost", True, "The write-down is recognised immediately as an expense, "
     "not deferred until the inventory is sold."),
    ("impairment", True, "The machine is impaired because its carrying amount exceeds its "
     "recoverable amount, which is the higher of fair value less costs of disposal and value "
     "in use."),
    ("impairment", False, "Goodwill impairment losses are never reversed."),
    ("depreciation_allocation", True, "Depreciation is a process of allocating the asset's cost "
     "less residual value systematically over its useful life, not a process of valuation."),
    ("depreciation_allocation", False, "Depreciation does not provide cash for replacing the "
     "asset."),
    ("no_offsetting", True, "The receivable from the customer and the payable to the same "
     "customer are presented separately because there is no legally enforceable right of "
     "set-off."),
    ("contingencies", True, "The company should accrue a liability for the lawsuit because the "
     "loss is probable and can be reasonably estimated."),
    ("contingencies", True, "The loss should be accrued now rather than waiting until the case "
     "is settled, because it is probable and reasonably estimable."),
    ("lease_recognition", True, "At the commencement date the lessee recognises a right-of-use "
     "asset and a lease liability measured at the present value of the lease payments."),
    ("lease_recognition", False, "Under ASC 842, operating leases are no longer kept off the "
     "balance sheet."),
    ("deferred_tax", True, "The difference between the carrying amount of the equipment and its "
     "tax base is a temporary difference, so a deferred tax liability is recognised at the "
     "enacted tax rate."),
    ("deferred_tax", False, "Permanent differences such as fines do not create deferred tax."),
    ("deferred_tax", False, "Deferred tax is not discounted."),
    ("segregation_of_duties", True, "The employee who handles cash receipts should not also "
     "record them, so authorisation, custody and recording are assigned to different people."),
    ("segregation_of_duties", False, "Segregation of duties cannot prevent all fraud because "
     "employees may collude."),
    ("control_consolidation", True, "The parent controls the subsidiary through 80% of the "
     "voting rights, so it consolidates all of the subsidiary's assets and liabilities and "
     "presents the non-controlling interest separately."),
    ("control_consolidation", False, "An investment giving significant influence is not "
     "consolidated."),
    ("timeliness", True, "Financial statements must be issued promptly, because information "
     "loses its usefulness as it gets older."),
    ("revenue_recognition", True, "The advance payment is recorded as unearned revenue when cash "
     "is received."),
    ("impairment", False, "Under IFRS, impairment losses on assets other than goodwill may be "
     "reversed, but goodwill impairment can never be reversed."),
    ("no_offsetting", True, "The receivable and payable may be offset only if there is a legally "
     "enforceable right of set-off and an intention to settle net."),
    ("matching", True, "Sales commissions are expensed in the period the related sales are "
     "made."),
    ("historical_cost", True, "Land purchased for $200,000 stays on the books at $200,000 even if "
     "its market value rises to $350,000."),
]

# Typical wrong answers, paraphrased: each must state one of its principle's misconceptions.
WRONG_ANSWERS = [
    ("matching", "The rent expense is recognized when the cash is paid in January."),
    ("matching", "The equipment cost is expensed immediately in the year of purchase."),
    ("revenue_recognition", "The company records revenue when the cash is received."),
    ("revenue_recognition", "Revenue should be recognised when the order is received."),
    ("revenue_recognition", "The customer deposit should be recognised as revenue immediately."),
    ("accrual_basis", "Revenue is recorded only when cash is received."),
    ("conservatism", "The land should be written up to its market value of $500,000."),
    ("materiality", "The error is small, so it can always be ignored."),
    ("materiality", "Materiality is judged only on size, such as 5% of net income."),
    ("going_concern", "The company should value its assets at liquidation values."),
    ("consistency", "Companies can change accounting methods freely whenever they want."),
    ("historical_cost", "The land should be restated to its current market value of $900,000."),
    ("historical_cost", "The equipment should be recorded at its appraised value of $60,000."),
    ("fair_value", "Fair value is the price paid for the asset."),
    ("full_disclosure", "Since the lawsuit is not recognised, it can be left out of the "
     "financial statements."),
    ("economic_entity", "The owner's personal rent is a business expense."),
    ("monetary_unit", "The company's reputation should be recorded as an asset."),
    ("monetary_unit", "Assets are adjusted for inflation every year."),
    ("double_entry", "Only a debit to cash is recorded for the sale."),
    ("inventory_lower_of_cost", "Inventory should be written up to its selling price of "
     "$12,000."),
    ("impairment", "Recoverable amount is the lower of fair value less costs to sell and value "
     "in use."),
    ("impairment", "The impairment loss equals carrying amount less undiscounted cash flows."),
    ("depreciation_allocation", "Depreciation reflects the decline in market value of the "
     "truck."),
    ("depreciation_allocation", "Accumulated depreciation is a fund of cash set aside to replace "
     "the asset."),
    ("no_offsetting", "The receivable and payable can be netted because they are with the same "
     "customer."),
    ("lease_recognition", "The operating lease is kept off the balance sheet."),
    ("deferred_tax", "The deferred tax liability should be discounted to its present value."),
    ("segregation_of_duties", "The same employee can handle cash and record it if trustworthy."),
    ("control_consolidation", "The parent consolidates only 80% of the subsidiary's assets."),
    ("timeliness", "Late information is just as useful as timely information."),
    ("relevance", "Estimates are irrelevant because they are uncertain."),
    ("verifiability", "The value is whatever management believes the asset is worth."),
    ("faithful_representation", "Financial statements must be perfectly accurate to be "
     "faithful."),
    ("comparability", "Comparability means all companies must use the same accounting "
     "methods."),
    ("cost_constraint", "The company must provide all information regardless of cost."),
]


@pytest.mark.parametrize(("pid", "has_idea", "sentence"), CORRECT_ANSWERS)
def test_correct_answers_state_no_misconception(principles, lemmas, pid, has_idea, sentence):
    p = principles[pid]
    wrong = [m.text for m in p.misconceptions if states(sentence, m, lemmas)]
    assert not wrong, wrong
    if has_idea:
        assert any(states(sentence, idea, lemmas) for idea in p.ideas)


@pytest.mark.parametrize(("pid", "sentence"), WRONG_ANSWERS)
def test_wrong_answers_state_a_misconception(principles, lemmas, pid, sentence):
    assert any(states(sentence, m, lemmas) for m in principles[pid].misconceptions)


def test_every_principle_has_a_correct_answer_case():
    assert {pid for pid, has_idea, _ in CORRECT_ANSWERS if has_idea} == set(PRINCIPLE_IDS)


# ---- loaders: caching and isolation -----------------------------------------------------------


def test_default_loads_are_cached():
    assert load_lexicon() is load_lexicon()
    first, second = load_principles(), load_principles()
    assert first == second and first is not second  # fresh dict, shared immutable values
    assert first["matching"] is second["matching"]


def test_knowledge_module_does_not_import_spacy():
    code = ("import sys, acctbench.rewards.knowledge as k; k.load_lexicon(); k.load_principles(); "
            "assert 'spacy' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


# ---- loaders: validation errors name the file, entry and field --------------------------------


def _write(tmp_path: Path, text: str, name: str = "knowledge.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


LEXICON_ERRORS = [
    # (yaml, fragments the error must contain)
    ("- term: cash\n  category: asset\n- variants: [money]\n  category: asset\n",
     ["entry 1", "'term'", "missing"]),
    ("- term: cash\n  category: treasure\n", ["'cash'", "'category'", "treasure"]),
    ("- term: cash\n  category: asset\n- term: Cash\n  category: asset\n",
     ["entry 1", "'term'", "already belongs"]),
    ("- term: accounts receivable\n  variants: [receivables]\n  category: asset\n"
     "- term: notes receivable\n  variants: [Receivables]\n  category: asset\n",
     ["'notes receivable'", "'variants'", "already belongs to 'accounts receivable'"]),
    ("- term: income statement\n  acronyms: [IS]\n  category: statement\n",
     ["'income statement'", "'acronyms'", "common English word"]),
    ("- term: times interest earned\n  acronyms: [TIE]\n  category: ratio\n",
     ["'acronyms'", "common English word"]),
    ("- term: accounts receivable\n  acronyms: [AR]\n  category: asset\n",
     ["'acronyms'", "two-letter"]),
    ("- term: earnings per share\n  acronyms: [eps]\n  category: ratio\n",
     ["'acronyms'", "capital letter"]),
    ("- term: cash\n  category: asset\n  colour: green\n", ["'colour'", "unknown field"]),
    ("- term: cash\n  variants: cash money\n  category: asset\n", ["'variants'", "list"]),
    ("- term: cash\n  variants: [cash]\n  category: asset\n", ["'variants'", "repeats the term"]),
    ("- term: ebit\n  acronyms: [EBIT]\n  category: ratio\n"
     "- term: operating profit\n  acronyms: [EBIT]\n  category: statement\n",
     ["'operating profit'", "'acronyms'", "already belongs to 'ebit'"]),
    ("term: cash\n", ["non-empty YAML list"]),
    ("- term: [unclosed\n", ["invalid YAML"]),
]


@pytest.mark.parametrize(("text", "fragments"), LEXICON_ERRORS)
def test_lexicon_validation_errors(tmp_path, text, fragments):
    path = _write(tmp_path, text, "lexicon.yaml")
    with pytest.raises(ValueError) as info:
        load_lexicon(path)
    message = str(info.value)
    assert "lexicon.yaml" in message
    for fragment in fragments:
        assert fragment in message, (fragment, message)


def test_lexicon_loads_a_custom_file(tmp_path):
    path = _write(tmp_path, """\
        - term: accounts receivable
          variants: [trade receivables]
          acronyms: [A/R]
          category: asset
        - term: cash
          category: asset
    """)
    terms = load_lexicon(path)
    assert terms == (
        LexiconTerm("accounts receivable", ("trade receivables",), ("A/R",), "asset"),
        LexiconTerm("cash", (), (), "asset"),
    )
    assert terms[0].phrases == ("accounts receivable", "trade receivables")


_PRINCIPLE = """\
- id: matching
  name: Matching principle
  aliases: [matching concept]
  standard: "FASB Concepts Statement No. 6"
  summary: Expenses are recognised with the revenue they help to generate.
  triggers: [matching principle, matching concept, expense recognition]
  ideas:
    - text: Expenses are recognised with related revenue.
      subject: [expense]
      claim: [related revenue]
  misconceptions:
    - text: Expenses are recorded when cash is paid.
      subject: [expense]
      claim: [when cash is paid]
"""


def test_principles_load_a_custom_file(tmp_path):
    loaded = load_principles(_write(tmp_path, _PRINCIPLE))
    assert list(loaded) == ["matching"]
    p = loaded["matching"]
    assert p.ideas == (Statement("Expenses are recognised with related revenue.", ("expense",),
                                 ("related revenue",)),)
    assert p.aliases == ("matching concept",) and p.triggers[0] == "matching principle"


PRINCIPLE_ERRORS = [
    (_PRINCIPLE.replace("  standard: \"FASB Concepts Statement No. 6\"\n", ""),
     ["entry 0 ('matching')", "'standard'", "missing"]),
    (_PRINCIPLE.replace("subject: [expense]\n      claim: [related revenue]",
                        "subject: []\n      claim: [related revenue]"),
     ["'matching'", "'ideas[0].subject'", "must not be empty"]),
    (_PRINCIPLE.replace("claim: [when cash is paid]", "claim: []"),
     ["'misconceptions[0].claim'", "must not be empty"]),
    (_PRINCIPLE.replace("      claim: [related revenue]\n", ""),
     ["'ideas[0].claim'", "missing"]),
    (_PRINCIPLE + _PRINCIPLE.replace("- id: matching", "- id: matching", 1),
     ["entry 1 ('matching')", "'id'", "duplicate id"]),
    (_PRINCIPLE + _PRINCIPLE.replace("- id: matching", "- id: accrual_basis"),
     ["entry 1 ('accrual_basis')", "'name'", "already names principle 'matching'"]),
    (_PRINCIPLE.replace("- id: matching", "- id: Matching Principle"),
     ["'id'", "snake_case"]),
    (_PRINCIPLE.replace("  ideas:\n", "  ideas: []\n  ideas_old:\n"),
     ["'ideas_old'", "unknown field"]),
    (_PRINCIPLE.replace("triggers: [matching principle, matching concept, expense recognition]",
                        "triggers: [matching principle, Matching Principle]"),
     ["'triggers'", "duplicate phrase"]),
    (_PRINCIPLE.replace("claim: [related revenue]", "claim: [related revenue, no]"),
     ["'ideas[0].claim'", "False"]),  # YAML 1.1 reads a bare `no` as a boolean
]


@pytest.mark.parametrize(("text", "fragments"), PRINCIPLE_ERRORS)
def test_principle_validation_errors(tmp_path, text, fragments):
    path = _write(tmp_path, text, "principles.yaml")
    with pytest.raises(ValueError) as info:
        load_principles(path)
    message = str(info.value)
    assert "principles.yaml" in message
    for fragment in fragments:
        assert fragment in message, (fragment, message)
