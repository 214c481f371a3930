"""xml_format and the hardened parser: table-driven cases with exact values."""

import pytest

from acctbench.rewards.parsing import parse
from acctbench.rewards.xml_format import xml_format

VALID = "<reasoning>Cost less salvage, over 5 years.</reasoning>\n<answer>$9,000</answer>"


@pytest.mark.parametrize(
    "completion, expected, comment",
    [
        (VALID, 1.0, "the contract exactly"),
        ("  \n" + VALID + "\n\n", 1.0, "surrounding whitespace is allowed"),
        ("<reasoning>P&L and R&D: a < b, b > c</reasoning><answer>A&B</answer>", 1.0, "unescaped &, <, > are content"),
        ([{"role": "assistant", "content": VALID}], 1.0, "chat-message completion"),
        ("The answer is 9,000.", 0.0, "no blocks at all"),
        ("<answer>$9,000</answer>", 0.4, "missing reasoning"),
        ("<reasoning>Cost less salvage.</reasoning>", 0.2, "missing answer"),
        ("<answer>$9,000</answer><reasoning>r</reasoning>", 0.5, "wrong order"),
        (VALID + VALID, 0.1, "duplicated blocks harvest nothing"),
        ("<reasoning>r</reasoning><answer></answer>", 0.1, "empty answer"),
        ("<reasoning></reasoning><answer></answer>", 0.1, "empty tags"),
        ("<reasoning>  </reasoning><answer>$9,000</answer>", 0.4, "empty reasoning"),
        ("<reasoning>r</reasoning><answer>$9,000", 0.3, "unclosed answer (truncated)"),
        ("<reasoning>r<answer>x</reasoning></answer>", 0.3, "crossed tags are malformed"),
        ("<reasoning>r<answer>$9,000</answer></reasoning>", 0.2, "nested answer: nested (0.3) and no top-level answer (0.2)"),
        ("Sure! " + VALID, 0.7, "short chatter outside the blocks"),
        ("x" * 500 + VALID, 0.4, "more text outside than inside"),
        ("<!DOCTYPE d [<!ENTITY e 'x'>]>" + VALID, 0.0, "declarations are never valid"),
        ("<Reasoning>r</Reasoning><Answer>a</Answer>", 0.0, "tags are case-sensitive"),
        ('<reasoning id="1">r</reasoning><answer>a</answer>', 0.3, "a tag with attributes is text, so its closing tag is unmatched"),
        ("<reasoning></reasoning><answer></answer>" * 40, 0.0, "80 tags: harvesting"),
    ],
)
def test_xml_format_table(completion, expected, comment):
    assert xml_format({}, completion).value == pytest.approx(expected), comment


def test_explanation_names_the_issue():
    score = xml_format({}, "<answer>1</answer><reasoning>r</reasoning>")
    assert "wrong order" in score.explanation


def test_lenient_answer_from_truncated_completion():
    assert parse("<reasoning>r</reasoning><answer>$9,000").answer == "$9,000"
