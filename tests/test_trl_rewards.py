"""The TRL adapter: picklable reward functions with stable names, right-length outputs."""

import json
import pickle

import pytest

from acctbench.prompt import reference_completion
from acctbench.rewards import SCORER_NAMES, get_reward_funcs
from acctbench.suites import suites


@pytest.fixture(scope="module")
def batch():
    items = [suites()[name].load("train")[0] for name in ("computations", "journal", "choice", "concepts")]
    return items, [json.dumps(i) for i in items]


def test_names_and_pickling():
    funcs = get_reward_funcs()
    assert [f.__name__ for f in funcs] == list(SCORER_NAMES)
    clones = pickle.loads(pickle.dumps(funcs))
    assert [f.__name__ for f in clones] == list(SCORER_NAMES)


def test_unknown_name_suggests():
    with pytest.raises(ValueError, match="did you mean 'correctness'"):
        get_reward_funcs(["corectness"])


@pytest.mark.parametrize("chat", [False, True])
def test_values_for_plain_and_chat_completions(batch, chat):
    items, item_json = batch
    completions = [reference_completion(i) for i in items]
    if chat:
        completions = [[{"role": "assistant", "content": c}] for c in completions]
    funcs = get_reward_funcs(["correctness", "xml_format", "total"])
    values = {f.__name__: f(completions, item_json=item_json, prompts=["p"] * 4, completion_ids=[[1]] * 4) for f in funcs}
    assert values["xml_format"] == [1.0, 1.0, 1.0, 1.0]
    assert values["correctness"][:3] == [1.0, 1.0, 1.0] and values["correctness"][3] is None  # text item: n/a
    assert all(v > 0.8 for v in values["total"])


def test_columns_instead_of_item_json(batch):
    items, _ = batch
    numeric = items[0]
    fields = ("id", "type", "question", "reference", "gold", "tolerance", "abs_tolerance", "unit")
    columns = {k: [numeric[k]] for k in fields if k in numeric}
    assert "tolerance" in columns or "abs_tolerance" in columns  # the band travels as a column too
    [value] = get_reward_funcs(["correctness"])[0]([reference_completion(numeric)], **columns)
    assert value == 1.0


def test_none_as_for_old_trl(batch):
    items, item_json = batch
    [func] = get_reward_funcs(["correctness"], none_as=0.0)
    assert func(["x"] * 4, item_json=item_json)[3] == 0.0


def test_never_raises_on_garbage_columns():
    [func] = get_reward_funcs(["terms"])
    assert func(["<reasoning>a</reasoning><answer>b</answer>"], item_json=["{not json"]) == [None]
