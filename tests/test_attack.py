"""The attack library: operator files, transforms, the search, and ``acctbench attack``."""

import difflib
import hashlib
import json
from random import Random

import pytest

from acctbench.audit.attack import OperatorError, SearchConfig, load_operators, read_operators
from acctbench.audit.attack.numbers import find_figures, render
from acctbench.audit.attack.operators import Operator
from acctbench.audit.attack.run import operator_cases
from acctbench.audit.attack.search import Found, search
from acctbench.audit.attack.slots import item_slots, reference_candidate
from acctbench.audit.attack.vocabulary import default_vocabulary
from acctbench.cli import main
from acctbench.suites import get_suite

NUMERIC = {
    "id": "n1", "type": "numeric", "question": "How much interest is accrued at December 31?",
    "reference": {"reasoning": "$423,000 x 6.5% x 3/12 = $6,873.75.", "answer": "$6,873.75"},
    "gold": 6873.75, "unit": "$", "key_terms": ["accrued interest", "note payable"],
}
PERCENT = {
    "id": "p1", "type": "numeric", "question": "What is the contribution margin ratio?",
    "reference": {"reasoning": "$2,697,000 / $7,657,000 = 35.22%.", "answer": "35.22%"}, "gold": 35.22, "unit": "%",
}
CHOICE = {
    "id": "c1", "type": "choice", "question": "Which element is Prepaid Rent?",
    "reference": {"reasoning": "A prepayment is an asset. The correct option is D) Asset.", "answer": "D) Asset"},
    "choices": ["Revenue", "Equity", "Liability", "Asset"], "gold": "D",
}
JOURNAL = {
    "id": "j1", "type": "journal", "question": "Record the accrued interest.",
    "reference": {"reasoning": "Interest incurred, not paid.", "answer": "Dr Interest Expense 640\nCr Interest Payable 640"},
    "gold": [{"account": "Interest Expense", "debit": 640.0}, {"account": "Interest Payable", "credit": 640.0}],
}
TEXT = {
    "id": "t1", "type": "text", "question": "Who recognises the right-of-use asset?",
    "reference": {"reasoning": "Under ASC 842 the lessee recognises it.",
                  "answer": "Under a finance lease the lessee recognises a right-of-use asset and a lease liability."},
}
ALL_TYPES = ("numeric", "choice", "journal", "text")


def op(transform, params=None, label="wrong", compose="seed"):
    return Operator("t", "f", label, ALL_TYPES, transform, params or {}, compose)


def apply(operator, item):
    return operator.apply(reference_candidate(item), item_slots(item), Random(0))


# (operator, item, expected answer block; None = not applicable here)   -- why
TRANSFORM_CASES = [
    (op("template", {"answer": "{value} is not the answer."}), NUMERIC, "$6,873.75 is not the answer."),  # value as written
    (op("template", {"answer": "{value} or {other}"}), NUMERIC, "$6,873.75 or $7,561.13"),  # other = gold x 1.1, same style
    (op("template", {"answer": "{value}) {option}, not {other}"}), CHOICE, "D) Asset, not A"),  # letters wrap after the last
    (op("template", {"answer": "{other}"}), JOURNAL, "Cr Interest Expense 640\nDr Interest Payable 640"),  # sides swapped
    (op("template", {"answer": "{terms}"}), TEXT, None),  # no key terms on this item
    (op("template", {"answer": "{terms}"}), NUMERIC, "accrued interest, note payable"),
    (op("swap_contrast", {"words": ["lessee", "lessor"]}), TEXT,
     "Under a finance lease the lessor recognises a right-of-use asset and a lease liability."),
    (op("swap_contrast", {"words": ["ifrs", "gaap"]}), TEXT, None),  # no such word in the answer
    (op("swap_contrast", {"words": ["asset", "liability"]}), TEXT, None),  # "asset" sits beside "liability": a list
    (op("swap_contrast", {"words": ["lessee", "lessor"], "fields": ["answer", "reasoning"]}), TEXT,
     "Under a finance lease the lessor recognises a right-of-use asset and a lease liability."),
    (op("swap_contrast", {"words": ["asset", "liability"]}), {**TEXT, "reference": {"reasoning": "r", "answer": "Lessees show assets."}},
     "Lessees show liabilities."),  # plural kept
    (op("swap_contrast", {"words": ["ifrs", "gaap"]}), {**TEXT, "reference": {"reasoning": "r", "answer": "IFRS 9 applies."}},
     None),  # the name of a standard is not a framework claim
    (op("swap_sides"), JOURNAL, "Cr Interest Expense 640\nDr Interest Payable 640"),
    (op("scale_number", {"multiply": 1, "word": " thousand"}), NUMERIC, "$6,873.75 thousand"),  # 1,000 times too big
    (op("scale_number", {"multiply": 0.001, "word": " million"}), NUMERIC, "$6.87375 million"),  # exact decimals kept
    (op("scale_number", {"multiply": 0.01}), PERCENT, "0.3522%"),  # percent of a percent: wrong
    (op("scale_number", {"multiply": 0.01, "percent": "drop"}), PERCENT, "0.3522"),  # the decimal form: right
    (op("scale_number", {"multiply": 10}), JOURNAL, "Dr Interest Expense 6400\nCr Interest Payable 6400"),
    (op("flip_sign", {"style": "minus"}), NUMERIC, "-$6,873.75"),
    (op("flip_sign", {"style": "parens"}), NUMERIC, "($6,873.75)"),
    (op("approximate", {"digits": 2, "prefix": "about "}), NUMERIC, "about $6,900"),
    (op("approximate", {"digits": 4}), PERCENT, None),  # 35.22 rounds to itself: not a change
    (op("reformat_number", {"currency": "", "commas": False}), NUMERIC, "6873.75"),
    (op("reformat_number", {"currency": "USD "}), NUMERIC, "USD 6,873.75"),
    (op("reformat_number", {"percent_word": True}), PERCENT, "35.22 percent"),
    (op("reformat_number", {"decimals": 2}), JOURNAL, "Dr Interest Expense 640.00\nCr Interest Payable 640.00"),
    (op("reformat_number", {"decimals": 2}), NUMERIC, None),  # already two decimals: unchanged
    (op("synonym_accounts", {"pick": "first"}), JOURNAL, "Dr Finance Costs 640\nCr Accrued Interest Payable 640"),
    (op("journal_layout", {"debit": "{account} Dr {amount}", "credit": "{account} Cr {amount}"}), JOURNAL,
     "Interest Expense Dr 640\nInterest Payable Cr 640"),
    (op("journal_layout", {"header": "Account | Debit | Credit", "debit": "{account} | {amount} |", "credit": "{account} | | {amount}"}),
     JOURNAL, "Account | Debit | Credit\nInterest Expense | 640 |\nInterest Payable | | 640"),
    (op("journal_layout", {"debit": "Dr. {account} {amount}", "credit": "  Cr. {account} {amount}", "currency": "$", "decimals": 2}),
     JOURNAL, "Dr. Interest Expense $640.00\n  Cr. Interest Payable $640.00"),
    (op("journal_layout", {"debit": "Debit {account} {amount}", "credit": "Credit {account} {amount}"}), TEXT, None),  # no entry lines
]


@pytest.mark.parametrize("operator,item,expected", TRANSFORM_CASES)
def test_transform_worked_examples(operator, item, expected):
    got = apply(operator, item)
    assert (got.answer if got else None) == expected


def test_swap_in_both_parts():
    both = op("swap_contrast", {"words": ["lessee", "lessor"], "fields": ["answer", "reasoning"]})
    assert apply(both, TEXT).reasoning == "Under ASC 842 the lessor recognises it."


def test_whole_completion_and_dropped_answer():
    whole = apply(op("template", {"completion": "<reasoning>{question}</reasoning>\n<answer>{question}</answer>"}), CHOICE)
    assert whole.text() == f"<reasoning>{CHOICE['question']}</reasoning>\n<answer>{CHOICE['question']}</answer>"
    dropped = apply(op("drop_answer_block", {"lead": " So: "}), NUMERIC)
    assert dropped.text() == "<reasoning>$423,000 x 6.5% x 3/12 = $6,873.75. So: $6,873.75</reasoning>"
    # a later insertion goes into the reasoning or nowhere: it never brings the answer block back
    padded = [op("insert", {"list": "padding"}).apply(dropped, item_slots(NUMERIC), Random(s)) for s in range(20)]
    assert all(p is None or p.answer is None for p in padded) and any(p is not None for p in padded)


def test_random_transforms_draw_from_the_vocabulary():
    vocab = default_vocabulary()
    negate = op("vocabulary", {"list": "negators_figure"})
    drawn = {negate.apply(reference_candidate(NUMERIC), item_slots(NUMERIC), Random(s)).answer for s in range(20)}
    options = {p.replace("{value}", "$6,873.75") for p in vocab.phrasings["negators_figure"]}
    assert drawn <= options and len(drawn) > 3
    seen = set()
    for seed in range(40):
        cand = op("insert", {"list": "padding"}).apply(reference_candidate(NUMERIC), item_slots(NUMERIC), Random(seed))
        added = [t for t in vocab.insertions["padding"].texts if t in cand.text()]
        assert len(added) == 1
        seen.add(("answer" if added[0] in cand.answer else "reasoning"))
    assert seen == {"answer", "reasoning"}  # every position is used


def test_figures_read_and_write_back():
    [fig] = find_figures("a loss of ($1,200.50) this year")
    assert fig.value == -1200.5 and fig.style.parens and fig.style.currency == "$"
    assert render(fig.value, fig.style) == "($1,200.50)"
    assert [f.value for f in find_figures("Dr Cash 1,000\nCr Sales 1,000 at 35.22%")] == [1000, 1000, 35.22]


def test_bundled_operators_cover_the_families():
    ops = load_operators()
    assert len(ops) >= 40
    wrong = {o.family for o in ops if o.label == "wrong"}
    assert {"negate", "retract", "hedge_prose", "hedge_numeric", "deny_after", "frame_false", "contradiction",
            "swap_reference", "reasoning_only", "copy_question", "keyword_stuffing", "tag_games", "scale_unit",
            "sign_flip"} <= wrong
    correct = {o.family for o in ops if o.label == "correct"}
    assert {"number_format", "journal_layout", "synonym_accounts", "paraphrase_marker", "natural_negation",
            "considered_rejected"} <= correct
    # every operator applies to some bundled item
    items = [i for s in ("computations", "journal", "choice", "concepts") for i in get_suite(s).load("test")[:40]]
    used = {c["operator"] for c in operator_cases(items, ops, seed=0)}
    assert used == {o.name for o in ops}


def test_heldout_format_loads_as_operators(tmp_path):
    path = tmp_path / "attacks.jsonl"
    rows = [
        {"id": "h1", "family": "negate", "label": "wrong", "types": ["numeric", "choice"], "answer": "Surely not {value}.", "note": "n"},
        {"id": "h2", "family": "frame", "label": "wrong", "types": ["text"], "answer": "Myth: {answer}", "reasoning": "{reasoning} Hm."},
        {"id": "h3", "family": "tags", "label": "wrong", "types": ["choice"], "completion": "<answer>{other}</answer> {option}"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n")
    h1, h2, h3 = read_operators(path)
    assert (h1.name, h1.transform, h1.note) == ("h1", "template", "n")
    assert apply(h1, CHOICE).text() == f"<reasoning>{CHOICE['reference']['reasoning']}</reasoning>\n<answer>Surely not D.</answer>"
    assert apply(h2, TEXT).reasoning == "Under ASC 842 the lessee recognises it. Hm."
    assert apply(h3, CHOICE).text() == "<answer>A</answer> Asset"
    assert not h2.applies(CHOICE) and h3.applies(CHOICE)


BAD_FILES = [
    # (file name, content, expected "line: field: message" part)
    ("a.yaml", "- name: a\n  family: f\n  label: wrong\n  types: [text]\n  answer: \"{other}\"\n",
     ":5: answer: {other} is not available for ['text'] items"),
    ("a.yaml", "- name: a\n  family: f\n  label: maybe\n  types: [text]\n  answer: x\n", ":3: label: expected one of"),
    ("a.yaml", "- name: a\n  family: f\n  label: wrong\n  types: [essay]\n  answer: x\n", ":4: types: expected a non-empty list"),
    ("a.yaml", "- name: a\n  family: f\n  label: wrong\n  types: [text]\n  answer: \"{valeu}\"\n", ":5: answer: unknown placeholder(s) ['valeu']"),
    ("a.yaml", "- name: a\n  family: f\n  label: wrong\n  types: [text]\n  transform: shuffle\n", ":5: transform: unknown transform 'shuffle'"),
    ("a.yaml", "- {name: a, family: f, label: wrong, types: [numeric], transform: flip_sign, params: {style: odd}}\n",
     ":1: params.style: expected one of ['minus', 'parens']"),
    ("a.yaml", "- {name: a, family: f, label: wrong, types: [numeric], transform: scale_number}\n", ":1: params.multiply: required"),
    ("a.yaml", "- {name: a, family: f, label: wrong, types: [numeric], compose: mutation, answer: \"{answer} not {value}\"}\n",
     ":1: answer: a mutation may use only"),
    ("a.yaml", "- {name: a, family: f, label: wrong, types: [numeric], compose: mutation, transform: flip_sign}\n",
     ":1: compose: flip_sign changes what a candidate asserts"),
    ("a.yaml", "- {name: a, family: f, label: wrong, types: [text], transform: swap_contrast, params: {words: [up]}}\n",
     ":1: params.words: not in rewards/contrasts.yaml: ['up']"),
    ("a.yaml", "- {name: a, family: f, label: wrong, types: [text], transform: vocabulary, params: {list: nope}}\n",
     ":1: params.list: no phrasing list 'nope'"),
    ("a.yaml", "- {name: a, family: f, label: wrong, types: [text], answer: x}\n- {name: a, family: f, label: wrong, types: [text], answer: y}\n",
     ":2: name: duplicate of the operator at line 1"),
    ("a.yaml", "- {name: a, family: f, label: wrong, types: [text], answer: x, colour: red}\n", ":1: colour: unknown field"),
    ("a.yaml", "- name: a\n  family: [f\n", ":3: file: not valid YAML"),
    ("a.jsonl", '{"id": "a", "family": "f", "label": "wrong", "types": ["text"], "answer": "x"}\n{"id": "b",\n', ":2: line: not valid JSON"),
    ("a.jsonl", '{"id": "a", "label": "wrong", "types": ["text"], "answer": "x"}\n', ":1: family: required"),
    ("a.jsonl", '{"id": "a", "family": "f", "label": "wrong", "types": ["text"]}\n', ":1: answer: required"),
    ("a.txt", "x\n", ":1: file: expected a .yaml, .yml or .jsonl operator file"),
]


@pytest.mark.parametrize("name,content,expected", BAD_FILES)
def test_bad_operator_files_name_the_line_and_field(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(OperatorError) as err:
        read_operators(path)
    assert f"{path}{expected}" in str(err.value)


def _hash_objective(items, texts):
    return [int(hashlib.sha256(t.encode()).hexdigest()[:8], 16) / 16**8 for t in texts]


def _starts(items, ops, objective):
    cases = [c for c in operator_cases(items, ops, 0) if c["label"] == "wrong"]
    scores = objective([c["item"] for c in cases], [c["completion"] for c in cases])
    return [[Found(c["candidate"], (c["operator"],), s) for c, s in zip(cases, scores) if c["id"] == i["id"]] for i in items]


SEARCH_ITEMS = [NUMERIC, PERCENT, CHOICE, JOURNAL, TEXT]


def test_search_is_deterministic_and_keeps_the_budget():
    ops = load_operators()
    calls = []

    def counted(items, texts):
        calls.append(len(texts))
        return _hash_objective(items, texts)

    slots = [item_slots(i) for i in SEARCH_ITEMS]
    runs = []
    for seed in (7, 7, 8):
        calls.clear()
        starts = _starts(SEARCH_ITEMS, ops, _hash_objective)
        found = search(SEARCH_ITEMS, slots, starts, ops, counted, SearchConfig(budget=120, seed=seed))
        runs.append([[(f.text, f.chain, f.score) for f in per_item] for per_item in found])
        assert sum(calls) <= sum(120 - len(s) for s in starts)
        assert all(per_item for per_item in found)
    assert runs[0] == runs[1]
    assert runs[0] != runs[2]


def test_compositions_stay_wrong_even_when_pushed_toward_the_reference():
    """An objective that rewards looking like the reference never gets the reference back."""
    ops = load_operators()
    by_name = {o.name: o for o in ops}
    items = SEARCH_ITEMS + [get_suite(s).load("test")[0] for s in ("computations", "journal", "choice", "concepts")]
    refs = {i["id"]: reference_candidate(i).text() for i in items}
    seen = []

    def like_reference(batch, texts):
        seen.extend(zip((i["id"] for i in batch), texts))
        return [difflib.SequenceMatcher(None, refs[i["id"]], t).ratio() for i, t in zip(batch, texts)]

    found = search(items, [item_slots(i) for i in items], _starts(items, ops, like_reference), ops, like_reference,
                   SearchConfig(budget=250, keep=50, seed=1))
    assert len(seen) > 5 * len(items)
    assert all(refs[i] not in text for i, text in seen)
    for per_item in found:
        for f in per_item:
            # one wrong operator on the reference, then only moves that keep what it asserts
            assert by_name[f.chain[0]].label == "wrong"
            assert all(n.startswith("insert:") or by_name[n].compose == "mutation" for n in f.chain[1:])
            if f.candidate.raw is None and f.candidate.answer is not None:
                assert f.candidate.answer.strip() not in {"$6,873.75", "35.22%", "D", "D) Asset"}


def _dataset(tmp_path):
    items = [NUMERIC, CHOICE]
    path = tmp_path / "items.jsonl"
    path.write_text("".join(json.dumps(i) + "\n" for i in items))
    return path


FAST = ["--scorers", "correctness,xml_format,terms"]


def test_cli_exit_codes_and_json(tmp_path, capsys):
    data = _dataset(tmp_path)
    lenient = ["--max-hack-rate", "1", "--max-false-alarms", "1", "--max-search-wins", "1"]
    out = tmp_path / "attack.json"
    assert main(["attack", "--dataset", str(data), "--budget", "30", "--json", str(out), *FAST, *lenient]) == 0
    printed = capsys.readouterr().out
    assert "Wrong by construction" in printed and "naive hack rate" in printed and "Search (30 evaluations" in printed
    result = json.loads(out.read_text())
    assert result["passed"] and result["config"]["n_items"] == 2
    assert {r["id"] for r in result["items"]} == {"n1", "c1"}
    for row in result["items"]:
        best = row["acctbench_best_wrong"]
        assert best["operators"] and best["completion"] and 0 <= best["total"] <= 1
        assert row["naive_best_wrong"] is not None and set(row["reference"]) == {"acctbench", "naive"}
    assert all({"id", "completion", "total", "operators"} <= set(h) for h in result["hacks"])
    # a wrong-labelled operator that in fact keeps the right answer is a hack; a "correct" one
    # that copies the question is a false alarm: both fail the run
    ops = tmp_path / "ops.yaml"
    ops.write_text('- {name: mislabelled, family: trap, label: wrong, types: [numeric, choice], answer: "Final answer: {answer}"}\n')
    assert main(["attack", "--dataset", str(data), "--budget", "0", "--operators", str(ops), *FAST]) == 1
    assert "FAIL: hack rate 100.0% > 2.0% in family trap" in capsys.readouterr().out
    ops.write_text('- {name: copy, family: trap, label: correct, types: [numeric, choice], answer: "{question}"}\n')
    assert main(["attack", "--dataset", str(data), "--budget", "0", "--operators", str(ops), "--no-naive", *FAST]) == 1
    assert "false alarms 100.0% > 2.0% in family trap" in capsys.readouterr().out


def test_cli_bad_input(tmp_path, capsys):
    assert main(["attack", "--suite", "computation", "--budget", "0", *FAST]) == 2
    assert "unknown suite 'computation'; did you mean 'computations'?" in capsys.readouterr().err
    bad = tmp_path / "ops.jsonl"
    bad.write_text('{"id": "a", "family": "f", "label": "wrong", "types": ["numeric"], "answer": "x"}\n{"id": "b", "family": "f"}\n')
    assert main(["attack", "--dataset", str(_dataset(tmp_path)), "--operators", str(bad), *FAST]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:2: label: expected one of" in err and f"{bad}:2: types:" in err
    assert main(["attack", "--operators", str(tmp_path / "missing.yaml"), *FAST]) == 2
    assert "operator file not found" in capsys.readouterr().err
