"""``Suite.to_hf`` and ``acctbench export hf``: the rows ``acctbench train`` feeds TRL, as HF datasets."""

import json

import pytest

from acctbench.prompt import SYSTEM_PROMPT, reference_completion
from acctbench.rewards import get_reward_funcs
from acctbench.suites import get_suite, suites
from acctbench.train.data import training_rows
from tests.cli import run_acctbench

datasets = pytest.importorskip("datasets", reason="the datasets package (acctbench[train]) is not installed")


def _canonical(rows):
    return sorted((json.dumps(r, sort_keys=True) for r in rows))


@pytest.mark.parametrize("few_shot", [0, 2])
@pytest.mark.parametrize("name", ["computations", "choice"])
def test_to_hf_rows_equal_the_training_rows(name, few_shot):
    dataset = get_suite(name).to_hf("train", few_shot=few_shot)
    assert isinstance(dataset, datasets.Dataset)
    # a single-suite mix with total=None takes every train item once, shuffled
    mixed = training_rows({name: 1.0}, total=None, seed=7, few_shot=few_shot)
    assert len(dataset) == len(mixed) == len(get_suite(name).load("train"))
    assert _canonical(dataset.to_list()) == _canonical(mixed)


def test_columns_are_what_grpo_and_the_reward_functions_need():
    suite = get_suite("journal")
    items = suite.load("test")
    dataset = suite.to_hf("test")
    assert set(dataset.column_names) == {"prompt", "id", "type", "item_json", "suite"}
    assert dataset["id"] == [i["id"] for i in items]  # file order
    first = dataset[0]
    assert [m["role"] for m in first["prompt"]] == ["system", "user"]
    assert first["prompt"][0]["content"] == SYSTEM_PROMPT
    assert json.loads(first["item_json"]) == items[0]
    n = 6
    columns = {k: dataset[k][:n] for k in dataset.column_names if k != "prompt"}
    right = [reference_completion(i) for i in items[:n]]
    wrong = [reference_completion(items[(k + 1) % n]) for k in range(n)]
    (correctness,) = get_reward_funcs(["correctness"])
    assert correctness(right, **columns) == [1.0] * n
    assert correctness(wrong, **columns) != [1.0] * n


def test_bad_split_is_refused():
    with pytest.raises(ValueError, match="unknown split"):
        get_suite("choice").to_hf("validation")


@pytest.mark.slow
def test_export_hf_saves_every_suite(tmp_path):
    out = tmp_path / "hf"
    result = run_acctbench("export", "hf", str(out), "--split", "test")
    assert result.returncode == 0, result.stderr
    for name, suite in suites().items():
        saved = datasets.load_from_disk(str(out / name))
        assert saved.to_list() == suite.to_hf("test").to_list()
        assert name in result.stdout
    again = run_acctbench("export", "hf", str(out), "--suite", "choice", "--split", "test")
    assert again.returncode == 2 and "--force" in again.stderr
    assert run_acctbench("export", "hf", str(out), "--suite", "choice", "--force").returncode == 0
    assert len(datasets.load_from_disk(str(out / "choice"))) == len(get_suite("choice").load("train"))
    typo = run_acctbench("export", "hf", str(out), "--suite", "choise")
    assert typo.returncode == 2 and "did you mean 'choice'" in typo.stderr
