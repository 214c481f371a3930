"""Item schema v1: every bad-input case is reported with file, line and field."""

import json

import pytest

from acctbench.schema import DEFAULT_TOLERANCE, DatasetError, load_items, numeric_band, read_items, relative_band, validate_item

REF = {"reasoning": "r", "answer": "a"}
NUMERIC = {"id": "n1", "type": "numeric", "question": "q", "reference": REF, "gold": 12.5}
CHOICE = {"id": "c1", "type": "choice", "question": "q", "reference": REF, "choices": ["x", "y"], "gold": "B"}
JOURNAL = {
    "id": "j1", "type": "journal", "question": "q", "reference": REF,
    "gold": [{"account": "Cash", "debit": 100}, {"account": "Sales Revenue", "credit": 100}],
}
TEXT = {"id": "t1", "type": "text", "question": "q", "reference": REF}


@pytest.mark.parametrize("item", [
    NUMERIC, CHOICE, JOURNAL, TEXT, {**TEXT, "extra_field": {"kept": True}},
    {**NUMERIC, "abs_tolerance": 0.006},                      # absolute band alone
    {**NUMERIC, "abs_tolerance": 0, "tolerance": 0.002},      # both bands; zero is allowed
    {**NUMERIC, "steps": 4}, {**TEXT, "steps": 1},            # steps on any type
])
def test_valid_items(item):
    assert validate_item(item) == []


@pytest.mark.parametrize(
    "item, field",
    [
        ({**NUMERIC, "gold": "12"}, "gold"),                       # numeric gold must be a number
        ({**NUMERIC, "gold": True}, "gold"),                       # booleans are not numbers
        ({**NUMERIC, "gold": float("nan")}, "gold"),               # NaN is not a gold answer
        ({**NUMERIC, "tolerance": -1}, "tolerance"),               # negative tolerance
        ({**NUMERIC, "abs_tolerance": -0.5}, "abs_tolerance"),     # negative absolute band
        ({**NUMERIC, "abs_tolerance": "0.5"}, "abs_tolerance"),    # a string is no band
        ({**NUMERIC, "abs_tolerance": float("inf")}, "abs_tolerance"),  # nor is infinity
        ({**CHOICE, "abs_tolerance": 0.5}, "abs_tolerance"),       # only numeric items have one
        ({**NUMERIC, "steps": 0}, "steps"),                        # at least one step
        ({**NUMERIC, "steps": 2.0}, "steps"),                      # an integer, not a float
        ({**TEXT, "steps": True}, "steps"),                        # a boolean is not a count
        ({**TEXT, "steps": "3"}, "steps"),                         # nor is a string
        ({**CHOICE, "gold": "C"}, "gold"),                         # letter not among the choices
        ({**CHOICE, "choices": ["x"]}, "choices"),                 # fewer than two options
        ({**CHOICE, "choices": ["x", "x"]}, "choices"),            # duplicate options
        ({**JOURNAL, "gold": [{"account": "Cash", "debit": 100}, {"account": "Sales Revenue", "credit": 90}]}, "gold"),  # unbalanced
        ({**JOURNAL, "gold": [{"account": "Cash", "debit": 1, "credit": 1}]}, "gold[0]"),  # both sides on one line
        ({**JOURNAL, "gold": [{"account": "Cash", "debit": -5}, {"account": "X", "credit": -5}]}, "gold[0].debit"),  # negative
        ({**TEXT, "type": "essay"}, "type"),                       # unknown type
        ({k: v for k, v in TEXT.items() if k != "question"}, "question"),  # missing question
        ({**TEXT, "reference": "answer"}, "reference"),            # reference must be an object
        ({**TEXT, "reference": {"reasoning": "r"}}, "reference.answer"),  # missing answer
        ({**TEXT, "key_terms": "matching"}, "key_terms"),          # must be a list
        ({**TEXT, "id": 7}, "id"),                                 # id must be a string
    ],
)
def test_invalid_items_name_the_field(item, field):
    problems = validate_item(item)
    assert problems and problems[0].startswith(f"{field}:"), problems


def test_file_reports_every_bad_line_with_location(tmp_path):
    path = tmp_path / "items.jsonl"
    lines = [
        json.dumps(NUMERIC),
        "{not json",
        json.dumps({**CHOICE, "gold": "Z"}),
        json.dumps(NUMERIC),  # duplicate id
        json.dumps(TEXT),
    ]
    path.write_text("\n".join(lines) + "\n")
    items, errors = read_items(path)
    located = [(e.line, e.field) for e in errors]
    assert located == [(2, "json"), (3, "gold"), (4, "id")]
    assert [i["id"] for i in items] == ["n1", "t1"]
    assert str(errors[0]).startswith(f"{path}:2: json: malformed JSON")
    with pytest.raises(DatasetError, match="3 invalid"):
        load_items(path)


def test_empty_and_missing_files(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n")
    assert read_items(empty)[1][0].message == "no items found"
    assert "cannot read" in read_items(tmp_path / "missing.jsonl")[1][0].message


@pytest.mark.parametrize(
    "extra, band",
    [
        ({}, (DEFAULT_TOLERANCE, 0.0)),                              # neither: the default relative band
        ({"tolerance": 0.01}, (0.01, 0.0)),                          # relative only
        ({"abs_tolerance": 0.006}, (0.0, 0.006)),                    # absolute only: no relative band
        ({"abs_tolerance": 0.006, "tolerance": 0.002}, (0.002, 0.006)),  # both, as given
        ({"abs_tolerance": -1}, (DEFAULT_TOLERANCE, 0.0)),           # invalid band: default, never raises
    ],
)
def test_numeric_band_rule(extra, band):
    assert numeric_band({**NUMERIC, **extra}) == band


def test_relative_band_expresses_the_absolute_band_relative_to_gold():
    assert relative_band({**NUMERIC, "gold": 0.32, "abs_tolerance": 0.006}) == pytest.approx(0.006 / 0.32)
    assert relative_band({**NUMERIC, "gold": 0, "abs_tolerance": 0.006}) == 0.0  # gold 0: no relative reading
    assert relative_band({**NUMERIC, "gold": 200, "tolerance": 0.01, "abs_tolerance": 0.5}) == 0.01
