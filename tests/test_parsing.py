"""The completion parser: text extraction, block contents, inert markup, limits.

``tests/test_xml_format.py`` covers the format *scores*; this file checks what the parser hands
to the other scorers: the extracted text, the block contents, the issues and the lexical body.
"""

from __future__ import annotations

from typing import Any

import pytest

from acctbench.rewards.parsing import MAX_TAGS, completion_body, completion_text, parse, parse_text
from acctbench.rewards.types import MAX_COMPLETION_CHARS

VALID = "<reasoning>Cost less salvage, over 5 years.</reasoning>\n<answer>$9,000</answer>"

# --- completion_text --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "completion, expected",
    [
        pytest.param("plain answer", "plain answer", id="string"),
        pytest.param({"role": "assistant", "content": "one message"}, "one message", id="single-message-dict"),
        pytest.param({"role": "assistant"}, "", id="message-without-content"),
        pytest.param(
            [
                {"role": "system", "content": "You are an accountant."},
                {"role": "user", "content": "Q1"},
                {"role": "assistant", "content": "A1"},
                {"role": "user", "content": "Q2"},
                {"role": "assistant", "content": "A2"},
            ],
            "A2",
            id="last-assistant-message",  # the model's final turn
        ),
        pytest.param(
            [{"role": "assistant", "content": "A1"}, {"role": "user", "content": "thanks"}], "A1", id="assistant-before-user"
        ),  # a trailing user turn is not the completion
        pytest.param(({"role": "assistant", "content": "from a tuple"},), "from a tuple", id="tuple-of-messages"),
        pytest.param(["junk", 7, {"role": "assistant", "content": "A"}], "A", id="non-dict-entries-ignored"),
        pytest.param([{"content": "no role"}], "no role", id="roleless-message"),  # TRL-style bare messages
        pytest.param([], "", id="empty-list"),
        pytest.param(
            [{"role": "user", "content": "What is 2 + 2?"}], "", id="user-only-conversation"
        ),  # the prompt is never the model's answer
        pytest.param(
            [{"role": "system", "content": "S"}, {"role": "user", "content": "Q"}], "", id="prompt-only-conversation"
        ),
        pytest.param(
            [{"role": "assistant", "content": [{"type": "text", "text": "a"}, {"type": "image_url"}, {"type": "text", "text": "b"}]}],
            "ab",
            id="content-parts",  # OpenAI-style parts: text parts joined, others dropped
        ),
        pytest.param([{"role": "assistant", "content": None}], "", id="assistant-content-none"),  # not the word "None"
        pytest.param({"content": None}, "", id="dict-content-none"),
        pytest.param([{"role": "assistant", "content": [{"type": "text", "text": None}]}], "", id="content-part-text-none"),
        pytest.param([{"role": "assistant", "content": 12}], "12", id="numeric-content"),
        pytest.param(None, "", id="none"),
        pytest.param(12345, "12345", id="int"),
        pytest.param(1.5, "1.5", id="float"),
        pytest.param("a\ud800b", "a?b", id="lone-surrogate-replaced"),
    ],
)
def test_completion_text(completion: Any, expected: str) -> None:
    assert completion_text(completion) == expected


@pytest.mark.parametrize(
    "text, length",
    [
        pytest.param("a" * MAX_COMPLETION_CHARS, MAX_COMPLETION_CHARS, id="at-the-limit"),
        pytest.param("a" * (MAX_COMPLETION_CHARS + 1), MAX_COMPLETION_CHARS, id="one-over"),
        pytest.param("é" * 30_000, MAX_COMPLETION_CHARS, id="characters-not-bytes"),
    ],
)
def test_completion_text_is_truncated_to_the_head(text: str, length: int) -> None:
    out = completion_text(text)
    assert len(out) == length
    assert text.startswith(out)


def test_truncation_cuts_the_closing_tags() -> None:
    # The scorers read the head only: a completion longer than the limit loses its tail.
    parsed = parse("<reasoning>" + "x" * MAX_COMPLETION_CHARS + "</reasoning><answer>1</answer>")
    assert len(parsed.text) == MAX_COMPLETION_CHARS
    assert parsed.issues == ("malformed",)
    assert parsed.reasoning == "x" * (MAX_COMPLETION_CHARS - len("<reasoning>"))  # lenient: up to the end of the text
    assert parsed.answer is None


# --- block contents ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, reasoning, answer, issues",
    [
        pytest.param("<reasoning>P&L and R&D: a < b, b > c</reasoning><answer>A&B</answer>", "P&L and R&D: a < b, b > c", "A&B", (),
                     id="unescaped-ampersand-and-angles"),
        pytest.param("<reasoning>P&amp;L &#65; &e;</reasoning><answer>x</answer>", "P&amp;L &#65; &e;", "x", (),
                     id="entity-references-stay-literal"),  # models do not escape: nothing is decoded
        pytest.param("<reasoning>Use <b>bold</b> and <br/></reasoning><answer>x</answer>", "Use <b>bold</b> and <br/>", "x", (),
                     id="html-inside-a-block"),
        pytest.param("<reasoning><![CDATA[raw]]> <!-- note --> <?pi x?></reasoning><answer>x</answer>",
                     "<![CDATA[raw]]> <!-- note --> <?pi x?>", "x", (), id="cdata-comment-pi-are-text"),
        pytest.param("<reasoning>r</reasoning><answer><Answer>B</Answer> <ANSWER>C</ANSWER></answer>", "r",
                     "<Answer>B</Answer> <ANSWER>C</ANSWER>", (), id="other-case-tags-are-content"),
        pytest.param("<reasoning>r</reasoning><answer>see <answer-key></answer>", "r", "see <answer-key>", (),
                     id="lookalike-tag-is-content"),
        pytest.param("<reasoning>  padded  </reasoning>\n\n<answer>\n 42 \n</answer>\n", "padded", "42", (), id="blocks-are-stripped"),
        pytest.param("<reasoning>r\x00s\x07</reasoning><answer>a\x1b</answer>", "r s", "a", (), id="control-characters-become-spaces"),
        pytest.param("<reasoning>a</reasoning><answer>1</answer><answer>2</answer>", "a", "1\n2", ("duplicate_answer",),
                     id="different-answers-are-all-read"),
        pytest.param("<reasoning>a</reasoning><answer>2</answer><answer>2</answer>", "a", "2", ("duplicate_answer",),
                     id="repeated-answer-is-read-once"),
        pytest.param("<reasoning>first</reasoning><reasoning>second</reasoning><answer>x</answer>", "first", "x",
                     ("duplicate_reasoning",), id="first-reasoning-kept"),
        pytest.param("<reasoning>r<answer>$9,000</answer></reasoning>", "r$9,000", "$9,000", ("nested", "missing_answer"),
                     id="nested-answer-still-read"),
        pytest.param("<reasoning>r</reasoning><answer >x</answer>", "r", None, ("malformed",), id="tag-with-space-is-text"),
        pytest.param("<answer>first<reasoning>r</reasoning><answer>second", "r", "second", ("malformed",),
                     id="lenient-last-open-answer"),
        pytest.param("<?xml version='1.0'?>" + VALID, "Cost less salvage, over 5 years.", "$9,000", ("text_outside",),
                     id="xml-declaration-is-outside-text"),
        pytest.param("plain text only", None, None, ("no_blocks",), id="no-blocks"),
        pytest.param("", None, None, ("no_blocks",), id="empty"),
    ],
)
def test_parse_blocks(text: str, reasoning: str | None, answer: str | None, issues: tuple[str, ...]) -> None:
    parsed = parse_text(text)
    assert (parsed.reasoning, parsed.answer, parsed.issues) == (reasoning, answer, issues)
    assert parsed.valid is (issues == ())


@pytest.mark.parametrize(
    "text, issues, reasoning",
    [
        pytest.param("<!DOCTYPE d [<!ENTITY e 'x'>]>" + "<reasoning>&e;</reasoning><answer>a</answer>",
                     ("declaration", "text_outside"), "&e;", id="doctype-before-blocks"),  # the entity is never expanded
        pytest.param("<reasoning><!DOCTYPE d [<!ENTITY e 'x'>]> &e;</reasoning><answer>a</answer>", ("declaration",),
                     "<!DOCTYPE d [<!ENTITY e 'x'>]> &e;", id="doctype-inside-a-block"),
        pytest.param("<reasoning><!ENTITY x SYSTEM 'file:///etc/passwd'> &x;</reasoning><answer>a</answer>", ("declaration",),
                     "<!ENTITY x SYSTEM 'file:///etc/passwd'> &x;", id="external-entity-inert"),
        pytest.param("<reasoning><!doctype html></reasoning><answer>a</answer>", ("declaration",), "<!doctype html>",
                     id="lowercase-doctype"),
        pytest.param("<reasoning><! ENTITY y 'z'></reasoning><answer>a</answer>", ("declaration",), "<! ENTITY y 'z'>",
                     id="spaced-entity"),
    ],
)
def test_declarations_are_reported_and_inert(text: str, issues: tuple[str, ...], reasoning: str) -> None:
    parsed = parse_text(text)
    assert parsed.issues == issues
    assert parsed.reasoning == reasoning
    assert "passwd" not in (parsed.answer or "") and "root:" not in parsed.reasoning  # nothing was read or expanded


@pytest.mark.parametrize(
    "text, issues, answer",
    [
        pytest.param("<reasoning>r</reasoning><answer>x</answer>" * (MAX_TAGS // 4), ("duplicate_reasoning", "duplicate_answer"), "x",
                     id="64-tags-parsed"),  # 16 pairs = exactly MAX_TAGS tags: still parsed normally
        pytest.param("<reasoning>r</reasoning><answer>x</answer>" * (MAX_TAGS // 4) + "<answer>y", ("too_many_tags",), "y",
                     id="65-tags-not-parsed"),  # one more: judged without parsing, lenient answer
    ],
)
def test_tag_limit(text: str, issues: tuple[str, ...], answer: str) -> None:
    assert MAX_TAGS == 64
    parsed = parse_text(text)
    assert parsed.issues == issues
    assert parsed.answer == answer


# --- parse on arbitrary input ---------------------------------------------------------------


@pytest.mark.parametrize(
    "completion, text, issues",
    [
        pytest.param(None, "", ("no_blocks",), id="none"),
        pytest.param(12345, "12345", ("no_blocks",), id="int"),
        pytest.param([{"role": "assistant", "content": VALID}], VALID, (), id="chat"),
        pytest.param({"role": "assistant", "content": VALID}, VALID, (), id="single-message"),
    ],
)
def test_parse_any_input(completion: Any, text: str, issues: tuple[str, ...]) -> None:
    parsed = parse(completion)
    assert (parsed.text, parsed.issues) == (text, issues)


# --- completion_body --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, body",
    [
        # a line break joins the blocks: a reasoning without a final full stop stays its own sentence
        pytest.param(VALID, "Cost less salvage, over 5 years.\n$9,000", id="reasoning-then-answer"),
        pytest.param("<answer>$9,000</answer><reasoning>r</reasoning>", "r\n$9,000", id="reasoning-first-whatever-the-order"),
        pytest.param("<reasoning>only thinking</reasoning>", "only thinking", id="reasoning-only"),
        pytest.param("<answer>only answer</answer>", "only answer", id="answer-only"),
        pytest.param("Sure! " + VALID, "Cost less salvage, over 5 years.\n$9,000", id="outside-chatter-not-read"),
        pytest.param("The answer is 9,000.", "The answer is 9,000.", id="no-blocks-whole-text"),
        pytest.param("<reasoning>r</reasoning><answer>$9,000", "r\n$9,000", id="lenient-blocks"),
        pytest.param("no\x00nul", "no nul", id="cleaned-text"),
    ],
)
def test_completion_body(text: str, body: str) -> None:
    assert completion_body(parse(text)) == body


def test_body_starts_with_the_reasoning() -> None:
    parsed = parse(VALID)
    body = completion_body(parsed)
    assert parsed.reasoning is not None
    assert body[: len(parsed.reasoning)] == parsed.reasoning  # documented: scorers slice the reasoning off the body
    assert body[len(parsed.reasoning) + 1 :] == parsed.answer
