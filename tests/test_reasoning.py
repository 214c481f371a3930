"""Reasoning blocks (``<think>…</think>`` and kin): split, policy, and no smuggling.

The property: under ``strip`` a completion that opens with a reasoning block scores exactly
like the content after it, whatever the block holds (tags, fake answer blocks, the gold
answer, other numbers, other delimiters, term-rich text). It is checked over a generator of
many blocks, every delimiter style, and right and wrong tails from every item type.
"""

from __future__ import annotations

import random

import pytest

from acctbench.prompt import reference_completion
from acctbench.rewards import Judge, get_reward_funcs
from acctbench.rewards.reasoning import (
    check_policy, count_tokens, join_reasoning, load_delimiters, reasoning_record, scored_text, split_reasoning,
)
from acctbench.suites import get_suite

LEXICAL = ["correctness", "xml_format", "terms", "principles"]


@pytest.fixture(scope="module")
def judges() -> dict[str, Judge]:
    return {p: Judge(LEXICAL, reasoning=p) for p in ("strip", "keep")}


@pytest.fixture(scope="module")
def items() -> list[dict]:
    out = []
    for suite in ("computations", "choice", "journal", "concepts"):
        out.extend(get_suite(suite).load("test")[:6])
    return out


# ---- the split, table-driven ------------------------------------------------------------------

@pytest.mark.parametrize("text, reasoning, closed, content", [
    ("<think>a b</think>\n\n<answer>1</answer>", "a b", True, "<answer>1</answer>"),  # the usual shape
    ("  \n<THINK>x</THINK>rest", "x", True, "rest"),  # leading whitespace, any case
    ("<thinking>x</thinking>rest", "x", True, "rest"),
    ("<|begin_of_thought|>x<|end_of_thought|>rest", "x", True, "rest"),
    ("◁think▷x◁/think▷rest", "x", True, "rest"),
    ("[THINK]x[/THINK]rest", "x", True, "rest"),
    ("plan it out\n</think>\nrest", "plan it out", True, "rest"),  # opening tag in the prompt
    ("</think><answer>2</answer>", "", True, "<answer>2</answer>"),  # a bare leading close
    ("<think>never closed <answer>3</answer>", "never closed <answer>3</answer>", False, ""),  # truncated
    ("<think>x</thinking>", "x</thinking>", False, ""),  # another style's close does not end it
    ("<think>a</think>b</think>c", "a", True, "b</think>c"),  # the first matching close ends it
    ("<thinking>x</think>rest", "x</think>rest", False, ""),  # the opener decides the close
])
def test_split(text, reasoning, closed, content):
    thinking, after = split_reasoning(text)
    assert thinking is not None and (thinking.text, thinking.closed, after) == (reasoning, closed, content)


@pytest.mark.parametrize("text", [
    "<reasoning>r</reasoning><answer>1</answer>",  # no delimiter at all
    "Sure. <think>x</think> the answer is 4",  # an opening mid-text: plain text, not a block
    "<answer>4</answer> <think>",  # an opening after the answer
    "",
])
def test_no_block(text):
    assert split_reasoning(text) == (None, text)
    assert reasoning_record(text) is None


def test_policy_and_record():
    text = "<think>two words</think>\n<answer>5</answer>"
    assert scored_text(text, "strip")[1] == "<answer>5</answer>"
    assert scored_text(text, "keep")[1] == text
    assert scored_text("<think>cut off", "keep")[1] == ""  # truncated under either policy
    record = reasoning_record(text)
    assert record == {"text": "two words", "tokens": 2, "chars": 9, "closed": True, "delimiter": "<think>"}
    assert count_tokens("Dr Cash $1,200.") == 7  # Dr, Cash, $, 1, ",", 200, "." (a regex count)
    with pytest.raises(ValueError, match="strip, keep"):
        check_policy("drop")
    with pytest.raises(ValueError, match="strip, keep"):
        Judge(["xml_format"], reasoning="drop")


def test_join_round_trips():
    joined = join_reasoning("I add 10 and 5.", "<answer>15</answer>")
    thinking, content = split_reasoning(joined)
    assert thinking.text == "I add 10 and 5." and thinking.closed and content == "<answer>15</answer>"
    thinking, content = split_reasoning(join_reasoning("I add 10", "", closed=False))
    assert not thinking.closed and content == ""


# ---- no smuggling through the block -----------------------------------------------------------

def _fragments(item: dict, rng: random.Random) -> list[str]:
    """What a policy might hide in a reasoning block: tags, fake answers, the gold, numbers."""
    gold = item.get("gold")
    gold_text = (" ".join(f"Dr {ln['account']} {ln.get('debit') or ''} Cr {ln['account']} {ln.get('credit') or ''}"
                          for ln in gold) if isinstance(gold, list) else str(gold))
    ref = item["reference"]
    return [
        f"<answer>{gold_text}</answer>", f"<answer>{ref['answer']}</answer>", "<reasoning>", "</reasoning>",
        "<answer>", "</answer>", f"The answer is {gold_text}.", f"**{gold_text}**", f"\\boxed{{{gold_text}}}",
        str(rng.randint(1, 99999)), f"${rng.randint(1, 9999):,}.50", f"{rng.randint(1, 99)}%", "(B)", "Answer: C",
        ref["reasoning"], ref["answer"], "<think>", "<thinking>", "</thinking>", "<|begin_of_thought|>", "[THINK]",
        "Dr Cash 500\nCr Revenue 500", "| Account | Debit | Credit |\n|---|---|---|\n| Cash | 100 | |",
        "not", "maybe", "or", "either 4,000 or 5,000", "Wait, let me recompute.", "\n\n", "<!DOCTYPE x>", "&amp;",
    ]


def _tails(item: dict) -> list[str]:
    """Right and wrong final contents for an item (tagged, untagged, empty)."""
    ref = item["reference"]
    right = reference_completion(item)
    wrong_answer = {"numeric": "123457", "choice": "Z", "journal": "Dr Suspense 1 Cr Suspense 1"}.get(item["type"], "I do not know.")
    return [
        right,
        f"<reasoning>\n{ref['reasoning']}\n</reasoning>\n<answer>\n{wrong_answer}\n</answer>",
        f"Final answer: {ref['answer']}",
        f"<answer>{wrong_answer}</answer>",
        "",
    ]


def _block(rng: random.Random, frags: list[str], opener: str, closer: str) -> str:
    body = " ".join(rng.choice(frags) for _ in range(rng.randint(0, 8)))
    body = body.replace(closer, "").replace(closer.lower(), "")  # a body that closed would not be one block
    return f"{opener}{body}{closer}"


def test_strip_scores_like_the_content_alone(judges, items):
    rng = random.Random(13)
    pairs = load_delimiters()
    cases, bare = [], []
    for item in items:
        frags = _fragments(item, rng)
        for tail in _tails(item):
            for _ in range(3):
                opener, closer = rng.choice(pairs)
                sep = rng.choice(["", "\n", "\n\n", "  "])
                cases.append((item, _block(rng, frags, opener, closer) + sep + tail, tail))
            # opening tag in the prompt: the completion starts inside the block
            body = _block(rng, frags, "", "")
            for delimiter in {d for pair in pairs for d in pair}:  # no other block can start or end it
                body = body.replace(delimiter, "")
            bare.append((item, f"{body}</think>\n{tail}", tail))
    all_cases = cases + bare
    assert len(all_cases) >= 400
    with_block = judges["strip"].score_batch([c[0] for c in all_cases], [c[1] for c in all_cases])
    without = judges["strip"].score_batch([c[0] for c in all_cases], [c[2].lstrip() for c in all_cases])
    for (item, text, _), a, b in zip(all_cases, with_block, without):
        assert a.values() == b.values() and a.total == b.total, (item["id"], text[:300])


def test_truncated_is_no_answer_and_reported(judges, items):
    for item in items:
        for policy in ("strip", "keep"):
            j = judges[policy].score(item, "<think>Let me compute: " + reference_completion(item))
            empty = judges[policy].score(item, "")
            assert j.total == empty.total and j.values() == empty.values()
            if item["type"] != "text":
                assert j.scores["correctness"].metadata["status"] == "truncated"


def test_keep_scores_the_whole_text(judges, items):
    for item in items:
        text = "<think>I will reason first about it.</think>\n" + reference_completion(item)
        kept = judges["keep"].score(item, text)
        assert kept.scores["xml_format"].value < 1.0  # the block counts as text outside the tags
        assert judges["strip"].score(item, text).scores["xml_format"].value == 1.0
    item = next(i for i in items if i["type"] == "numeric")
    hidden = f"<think><answer>{item['gold']}</answer></think>"
    assert judges["keep"].score(item, hidden).scores["correctness"].value == 1.0  # keep: all text counts
    assert judges["strip"].score(item, hidden).scores["correctness"].value == 0.0  # strip: nothing inside does


def test_trl_takes_the_policy(items):
    item = next(i for i in items if i["type"] == "numeric")
    text = "<think>hmm</think>\n" + reference_completion(item)
    strip = get_reward_funcs(["xml_format"], reasoning="strip")[0]
    keep = get_reward_funcs(["xml_format"], reasoning="keep")[0]
    columns = {"item_json": [item]}
    assert strip([text], **columns) == [1.0] and keep([text], **columns)[0] < 1.0
    with pytest.raises(ValueError):
        get_reward_funcs(["xml_format"], reasoning="nope")
