"""``acctbench train``: recipes, overrides, data mixing, prompts, backends, the notebook, and a real GRPO run.

The slow test trains 3 GRPO steps with LoRA on a tiny random Llama (``acctbench.train.tiny``)
with the real acctbench reward functions, evaluates the adapter with ``acctbench run``, then
resumes from the checkpoint for one more step through the CLI.
"""

from __future__ import annotations

import ast
import json
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from acctbench.prompt import build_messages, reference_completion, select_shots
from acctbench.rewards.total import DEFAULT_WEIGHTS
from acctbench.rewards.trl import COMMITMENT_FLAGS
from acctbench.suites import suites
from acctbench.train.backends import check_hardware, choose_backend
from acctbench.train.config import ConfigError, TrainArguments
from acctbench.train.recipe import FIELDS, load_arguments
from acctbench.train.data import PromptFormat, merge_system, mix_counts, mix_items, training_rows
from acctbench.train.run import grpo_kwargs, last_checkpoint, none_as_for, preflight_rewards
from acctbench.train.samples import RecordingReward, SampleLog
from tests.tiny_model import tiny_llama_dir  # noqa: F401  (session fixture)

ROOT = Path(__file__).resolve().parents[1]
FINETUNE = ROOT / "finetune"
TINY = FINETUNE / "tiny-cpu.yaml"
T4 = FINETUNE / "llama31-8b-t4.yaml"
NOTEBOOK = FINETUNE / "llama31_8b_t4.ipynb"
SCORERS = ["correctness", "similarity", "principles", "terms", "xml_format"]


def _cli(*argv: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *argv], capture_output=True, text=True, timeout=timeout, cwd=ROOT)


# -- recipes and overrides ------------------------------------------------------------------------


@pytest.mark.parametrize("recipe", sorted(FINETUNE.glob("*.yaml")), ids=lambda p: p.name)
def test_every_recipe_loads(recipe: Path) -> None:
    args = load_arguments(recipe, {"model": "some/model"} if recipe == TINY else None)
    assert args.model and args.per_device_train_batch_size % args.num_generations == 0
    raw = yaml.safe_load(recipe.read_text(encoding="utf-8"))
    assert set(raw) <= set(FIELDS)  # recipes use only real keys


def test_tiny_recipe_is_a_cpu_smoke_run() -> None:
    args = load_arguments(TINY, {"model": "m"})
    assert (args.fp16, args.bf16, args.load_in_4bit, args.use_vllm) == (False, False, False, False)
    assert args.lora_r == 4 and args.max_steps == 3 and 2 <= args.num_generations <= 4
    assert args.max_train_items is not None and args.max_train_items <= 10 and args.max_completion_length <= 32
    assert args.rewards == SCORERS and args.grpo_reward_weights() == [DEFAULT_WEIGHTS[n] for n in SCORERS] + [0.0] * len(COMMITMENT_FLAGS)


def test_t4_recipe_matches_the_hardware_plan() -> None:
    args = load_arguments(T4)
    assert args.backend == "unsloth" and args.load_in_4bit and args.fp16 and not args.bf16 and not args.use_vllm
    assert args.lora_r == 32 and args.optim == "paged_adamw_8bit" and args.gradient_checkpointing
    assert set(args.lora_target_modules) == {"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"}
    # trains on the total; the five scorers are logged at weight 0
    assert dict(zip(args.rewards, args.grpo_reward_weights())) == {"total": 1.0, **{n: 0.0 for n in SCORERS}}
    assert args.scorer_weights() == DEFAULT_WEIGHTS
    # every train prompt of the recipe's suites fits max_prompt_length: counted with Llama 3's pre-tokenizer split
    # (each piece is at least one token; 1.25 allows for words the vocabulary splits) plus the
    # Llama 3.1 chat template's own ~30 tokens
    regex = pytest.importorskip("regex")
    pieces = regex.compile(r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")
    longest = max(
        sum(len(pieces.findall(m["content"])) for m in build_messages(i)) for name in args.suites for i in suites()[name].load("train")
    )
    assert 1.25 * longest + 30 < args.max_prompt_length


def test_defaults_and_precedence(tmp_path: Path) -> None:
    defaults = TrainArguments(model="m").validate()
    assert defaults.rewards == list(DEFAULT_WEIGHTS) and defaults.lora_r == 32 and defaults.backend == "auto"
    recipe = tmp_path / "r.yaml"
    recipe.write_text("model: a\nmax_steps: 7\nlearning_rate: 5e-6\nsuites: {choice: 1}\n", encoding="utf-8")
    args = load_arguments(recipe)
    assert (args.model, args.max_steps, args.learning_rate, args.suites) == ("a", 7, 5e-6, {"choice": 1.0})
    args = load_arguments(recipe, {
        "max-steps": "9", "suites": "journal=0.5,choice=0.5", "rewards": "total,xml_format",
        "reward_weights": "{total: 1, xml_format: 0}", "fp16": "no", "max_train_items": "null", "lora_target_modules": "q_proj,v_proj",
    })
    assert args.max_steps == 9 and args.suites == {"journal": 0.5, "choice": 0.5}
    assert args.rewards == ["total", "xml_format"] and args.grpo_reward_weights() == [1.0, 0.0] + [0.0] * len(COMMITMENT_FLAGS)
    assert args.fp16 is False and args.max_train_items is None and args.lora_target_modules == ["q_proj", "v_proj"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("max_stepz: 3", "did you mean 'max_steps'"),  # a typo in a key
        ("lora-rank: 8", "did you mean 'lora_r'"),  # dashes normalise, then the hint
        ("suites: {jornal: 1}", "did you mean 'journal'"),  # unknown suite
        ("rewards: [corectness]", "did you mean 'correctness'"),  # unknown reward
        ("backend: unslot", "did you mean 'unsloth'"),
        ("total_weights: {term: 1}", "did you mean 'terms'"),
        ("max_steps: three", "bad value for max_steps"),
        ("num_generations: 1\nper_device_train_batch_size: 1", "at least 2"),
        ("num_generations: 4\nper_device_train_batch_size: 6", "multiple of num_generations"),
        ("fp16: true\nbf16: true", "pick one"),
        ("reward_weights: {correctness: 0, similarity: 0, principles: 0, terms: 0, xml_format: 0}", "nothing to train on"),
        ("- a list", "must hold a mapping"),
    ],
)
def test_bad_recipes_are_clear_errors(tmp_path: Path, text: str, message: str) -> None:
    recipe = tmp_path / "bad.yaml"
    recipe.write_text(("model: m\n" if not text.startswith("-") else "") + text + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_arguments(recipe)


def test_missing_model_names_the_fix(tmp_path: Path) -> None:
    recipe = tmp_path / "no-model.yaml"
    recipe.write_text("max_steps: 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="--model"):
        load_arguments(recipe)
    assert load_arguments(TINY).model == "tiny-random-llama"  # the smoke recipe needs no argument


def test_cli_unknown_option_suggests(capsys: pytest.CaptureFixture[str]) -> None:
    from acctbench.cli.train import main

    with pytest.raises(SystemExit) as exc:
        main(["--config", str(TINY), "--max_stepz", "3"])
    assert exc.value.code == 2
    assert "did you mean --max_steps?" in capsys.readouterr().err


def test_cli_print_config_resolves_the_recipe(capsys: pytest.CaptureFixture[str]) -> None:
    from acctbench.cli.train import main

    assert main(["--config", str(TINY), "--model", "m", "--max-steps", "5", "--fp16", "false", "--print-config"]) == 0
    printed = yaml.safe_load(capsys.readouterr().out)
    assert printed == {**load_arguments(TINY, {"model": "m", "max_steps": 5}).to_dict()}
    assert main(["--config", str(TINY), "--model", "", "--print-config"]) == 2  # no model: an error, not a traceback
    assert "--model" in capsys.readouterr().err


# -- data -------------------------------------------------------------------------------------------


def test_mix_counts_follow_the_shares() -> None:
    shares = {"computations": 0.4, "journal": 0.2, "choice": 0.2, "concepts": 0.2}
    big = dict.fromkeys(shares, 10_000)
    assert mix_counts(shares, big, 100) == {"computations": 40, "journal": 20, "choice": 20, "concepts": 20}
    counts = mix_counts(shares, big, 7)  # largest remainder: sums exactly, each within one of its share
    assert sum(counts.values()) == 7 and all(abs(counts[n] - 7 * p) < 1 for n, p in shares.items())
    assert mix_counts({"a": 3, "b": 1}, {"a": 1000, "b": 1000}, 8) == {"a": 6, "b": 2}  # shares normalise
    # no total: the largest mix that repeats nothing (here concepts, 161 items at 20%, limits it)
    available = {"computations": 2400, "journal": 1200, "choice": 360, "concepts": 161}
    counts = mix_counts(shares, available, None)
    assert sum(counts.values()) == 805 and all(counts[n] <= available[n] for n in shares)


def test_mixing_is_deterministic_and_proportional() -> None:
    shares = {"computations": 0.4, "journal": 0.2, "choice": 0.2, "concepts": 0.2}
    rows = training_rows(shares, 200, seed=7)
    assert rows == training_rows(shares, 200, seed=7)
    assert [r["id"] for r in rows] != [r["id"] for r in training_rows(shares, 200, seed=8)]
    per_suite = {n: sum(r["suite"] == n for r in rows) for n in shares}
    assert per_suite == {"computations": 80, "journal": 40, "choice": 40, "concepts": 40}
    assert len({r["id"] for r in rows}) == 200  # enough items: none repeated
    assert {r["suite"] for r in rows[:20]} == set(shares)  # mixed, not suite after suite
    train_ids = {i["id"] for s in suites().values() for i in s.load("train")}
    assert {r["id"] for r in rows} <= train_ids  # train split only


def test_a_small_suite_repeats_in_fresh_shuffles() -> None:
    pools = {"a": [{"id": f"a{i}"} for i in range(3)], "b": [{"id": f"b{i}"} for i in range(100)]}
    mixed = mix_items(pools, {"a": 0.5, "b": 0.5}, 20, seed=1)
    a_ids = [item["id"] for suite, item in mixed if suite == "a"]
    assert len(a_ids) == 10 and set(a_ids) == {"a0", "a1", "a2"}
    b_ids = [item["id"] for suite, item in mixed if suite == "b"]
    assert len(set(b_ids)) == 10
    # a filter skips items; the rest still fill the share
    mixed = mix_items(pools, {"a": 0.5, "b": 0.5}, 20, seed=1, fits=lambda item: item["id"] != "a0")
    assert "a0" not in {item["id"] for _, item in mixed}
    with pytest.raises(ValueError, match="suite 'a'"):
        mix_items(pools, {"a": 0.5, "b": 0.5}, 20, seed=1, fits=lambda item: not item["id"].startswith("a"))


@pytest.mark.parametrize("few_shot", [0, 2])
def test_prompts_are_the_runner_prompts(few_shot: int) -> None:
    rows = training_rows({"journal": 1, "choice": 1, "concepts": 1, "computations": 1}, 12, seed=3, few_shot=few_shot)
    pool = [i for s in suites().values() for i in s.load("train")]
    for row in rows:
        item = json.loads(row["item_json"])
        assert row["id"] == item["id"] and row["type"] == item["type"]
        assert row["prompt"] == build_messages(item, select_shots(item, pool, few_shot))
        assert len(row["prompt"]) == 2 + 2 * few_shot


class _Tokenizer:
    """A stand-in exposing the two tokenizer calls PromptFormat makes (chat template, tokenize)."""

    def __init__(self, template: str | None, reject_system: bool = False):
        self.chat_template = template
        self.reject_system = reject_system

    def apply_chat_template(self, messages, add_generation_prompt, tokenize):  # noqa: ANN001, ANN201
        if self.reject_system and any(m["role"] == "system" for m in messages):
            raise ValueError("System role not supported")
        return "".join(f"<{m['role']}>{m['content']}" for m in messages) + "<assistant>"

    def __call__(self, text, add_special_tokens):  # noqa: ANN001, ANN204
        return {"input_ids": text.split()}


def test_prompt_format_mirrors_the_hf_backend() -> None:
    from acctbench.prompt import plain_prompt

    messages = build_messages(suites()["choice"].load("train")[0])
    assert PromptFormat(_Tokenizer("t")).prompt(messages) == messages
    merged = PromptFormat(_Tokenizer("t", reject_system=True))
    assert merged.kind == "merged_system" and merged.prompt(messages) == merge_system(messages)
    assert merged.prompt(messages)[0]["content"].startswith(messages[0]["content"])
    plain = PromptFormat(_Tokenizer(None))
    assert plain.kind == "plain" and plain.prompt(messages) == plain_prompt(messages)
    fmt = PromptFormat(_Tokenizer("t"))
    rows = training_rows({"choice": 1}, 5, seed=0, fmt=fmt, max_prompt_length=10_000)
    assert all(isinstance(r["prompt"], list) for r in rows)
    short = min(fmt.length(build_messages(i)) for i in suites()["choice"].load("train"))
    rows = training_rows({"choice": 1}, 5, seed=0, fmt=fmt, max_prompt_length=short)
    assert all(fmt.length(r["prompt"]) <= short for r in rows)


# -- backends, config glue, rewards -----------------------------------------------------------------


def test_backend_choice_and_hardware_checks() -> None:
    assert choose_backend("auto", cuda=True, unsloth_installed=True) == "unsloth"
    assert choose_backend("auto", cuda=True, unsloth_installed=False) == "peft"
    assert choose_backend("auto", cuda=False, unsloth_installed=True) == "peft"
    with pytest.raises(ConfigError, match="CUDA"):
        choose_backend("unsloth", cuda=False, unsloth_installed=True)
    t4 = load_arguments(T4)
    with pytest.raises(ConfigError, match="load_in_4bit, fp16.*optim paged_adamw_8bit"):
        check_hardware(t4, "peft", cuda=False, bf16_capable=False)
    check_hardware(load_arguments(TINY, {"model": "m"}), "peft", cuda=False, bf16_capable=False)
    with pytest.raises(ConfigError, match="no native bf16"):
        check_hardware(load_arguments(TINY, {"model": "m", "bf16": "true"}), "peft", cuda=True, bf16_capable=False)


def test_grpo_kwargs_follow_the_trl_version() -> None:
    args = load_arguments(TINY, {"model": "m", "output_dir": "unused", "gradient_checkpointing": "true"})
    # an older TRL (0.15-0.19 style fields): max_prompt_length and warmup_ratio are passed through
    old = {"output_dir", "max_prompt_length", "warmup_ratio", "gradient_checkpointing", "gradient_checkpointing_kwargs",
           "num_generations", "reward_weights"}
    kwargs, dropped = grpo_kwargs(args, "cpu", "peft", old)
    assert kwargs["max_prompt_length"] == 512 and "warmup_ratio" in kwargs and kwargs["gradient_checkpointing"] is True
    assert kwargs["gradient_checkpointing_kwargs"] == {"use_reentrant": False} and kwargs["reward_weights"] == args.grpo_reward_weights()
    assert "use_vllm" in dropped and "warmup_steps" not in kwargs
    # transformers 5: warmup ratio as a float warmup_steps, activation_checkpointing as the new name
    new = {"output_dir", "warmup_steps", "activation_checkpointing", "activation_checkpointing_kwargs"}
    kwargs, dropped = grpo_kwargs(args, "cpu", "peft", new)
    assert kwargs == {"output_dir": "unused", "warmup_steps": 0.0, "activation_checkpointing": True,
                      "activation_checkpointing_kwargs": {"use_reentrant": False}}
    # Unsloth checkpoints inside get_peft_model, so the trainer must not do it again
    assert grpo_kwargs(args, "cuda", "unsloth", old)[0]["gradient_checkpointing"] is False
    assert none_as_for("0.15.2") == 0.0 and none_as_for("1.16.0") is None


@pytest.mark.slow
def test_grpo_kwargs_build_the_installed_trl_config() -> None:
    import dataclasses

    from trl import GRPOConfig

    for recipe in sorted(FINETUNE.glob("*.yaml")):
        args = load_arguments(recipe, {"model": "m", "output_dir": "unused"})
        fields = {f.name for f in dataclasses.fields(GRPOConfig)}
        kwargs, dropped = grpo_kwargs(args, "cpu", "peft", fields)
        assert set(kwargs) <= fields and set(dropped).isdisjoint(fields)
        if recipe == TINY:  # the GPU recipes' fp16 / 8-bit optimizer refuse a CPU-only machine
            config = GRPOConfig(**kwargs)
            assert config.num_generations == 4 and config.max_completion_length == 24
            assert list(config.reward_weights) == args.grpo_reward_weights()


def test_reward_wrappers_keep_names_values_and_pickle() -> None:
    from acctbench.rewards.trl import get_reward_funcs

    rows = training_rows({"computations": 1, "journal": 1}, 2, seed=0)
    items = [json.loads(r["item_json"]) for r in rows]
    log = SampleLog({"correctness": 0.5, "xml_format": 0.1}, limit=2)
    funcs = [RecordingReward(f, log) for f in get_reward_funcs(["correctness", "xml_format"])]
    funcs = pickle.loads(pickle.dumps(funcs))
    log = funcs[0].log
    assert [f.__name__ for f in funcs] == ["correctness", "xml_format"] and funcs[1].log is log
    completions = [reference_completion(i) for i in items]
    columns = {k: [r[k] for r in rows] for k in ("item_json", "id", "type")}
    values = {f.__name__: f(completions, prompts=["p", "p"], **columns) for f in funcs}
    assert values == {"correctness": [1.0, 1.0], "xml_format": [1.0, 1.0]}
    table = log.pop()
    assert [r["id"] for r in table] == columns["id"] and table[0]["rewards"] == {"correctness": 1.0, "xml_format": 1.0}
    assert table[0]["reward"] == pytest.approx(0.6) and table[0]["question"] == items[0]["question"][:400]
    assert log.pop() == []
    preflight_rewards(funcs, rows[0])  # the reference answer scores
    with pytest.raises(RuntimeError, match="returned None"):
        preflight_rewards([lambda completions, **kw: [None]], rows[0])


def test_checkpoints_and_resume_guard(tmp_path: Path) -> None:
    from acctbench.train.run import _start_point

    assert last_checkpoint(tmp_path) is None
    for step in (2, 10, 9):
        (tmp_path / f"checkpoint-{step}").mkdir()
    (tmp_path / "checkpoint-x").mkdir()
    assert last_checkpoint(tmp_path) == tmp_path / "checkpoint-10"
    args = load_arguments(TINY, {"model": "m", "output_dir": str(tmp_path)})
    with pytest.raises(ConfigError, match="--resume true"):
        _start_point(args)
    args.resume = True
    assert _start_point(args) == tmp_path / "checkpoint-10"


# -- the notebook, lazy imports ---------------------------------------------------------------------


def _notebook_code() -> list[str]:
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    assert notebook["nbformat"] == 4 and isinstance(notebook["metadata"], dict)
    for cell in notebook["cells"]:
        assert cell["cell_type"] in {"code", "markdown"} and isinstance(cell["source"], list)
        assert isinstance(cell["id"], str) and isinstance(cell["metadata"], dict)
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]


def test_notebook_runs_the_t4_recipe_unchanged() -> None:
    cells = _notebook_code()
    source = "\n".join(cells)
    assert 'data_path("finetune", "llama31-8b-t4.yaml")' in source
    from acctbench._paths import data_path

    assert data_path("finetune", "llama31-8b-t4.yaml").read_bytes() == T4.read_bytes()  # what the wheel ships
    train_lines = [ln.strip() for ln in source.splitlines() if re.match(r"\s*!acctbench train\b", ln)]
    assert "!acctbench train --config {RECIPE}" in train_lines
    for line in train_lines:  # the recipe alone decides: no --key overrides on any train command
        assert re.sub(r"--config \{RECIPE\}|--print-config", "", line).strip() == "!acctbench train", line
    assert any(ln.strip().startswith("!acctbench run --model {OUT}") for ln in source.splitlines())
    assert any(ln.strip().startswith("!acctbench report runs/base runs/tuned") for ln in source.splitlines())
    # no training parameter is set in Python either (shell lines aside, every cell parses)
    for cell in cells:
        python = "\n".join(ln for ln in cell.splitlines() if not ln.lstrip().startswith("!"))
        for node in ast.walk(ast.parse(python)):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                assert node.id.lower() not in FIELDS, node.id
    assert "pip install" in source and "acctbench[unsloth]" in source


def test_importing_the_cli_and_train_config_stays_light() -> None:
    code = (
        "import sys, acctbench, acctbench.cli, acctbench.cli.train, acctbench.train, acctbench.train.recipe;"
        "from acctbench.cli.train import register;"
        "print([m for m in ('torch', 'trl', 'unsloth', 'transformers', 'peft', 'datasets') if m in sys.modules])"
    )
    done = _cli("-c", code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


# -- a real GRPO run on a tiny Llama ------------------------------------------------------------------


@pytest.mark.slow
def test_tiny_grpo_run_saves_an_adapter_that_acctbench_run_evaluates(tiny_llama_dir: Path, tmp_path: Path) -> None:  # noqa: F811
    from acctbench.train import train

    out = tmp_path / "tuned"
    # Two prompts a step over three steps: every item, free-text and gold, gets rewarded, so
    # similarity (free text only) and correctness (gold only) both produce values.
    overrides = {"model": str(tiny_llama_dir), "output_dir": str(out),
                 "suites": {"concepts": 0.5, "choice": 0.5}, "per_device_train_batch_size": 8}
    args = load_arguments(TINY, overrides)
    record = train(args)

    # every acctbench reward is logged by TRL at every logging step
    history = json.loads((out / "checkpoint-3" / "trainer_state.json").read_text(encoding="utf-8"))["log_history"]
    logged = [h for h in history if "reward" in h]
    assert len(logged) == 3
    for name in (*SCORERS, *COMMITMENT_FLAGS):  # the commitment monitors too, at weight 0
        assert all(f"rewards/{name}/mean" in h for h in logged), name
    for name in ("similarity", "correctness"):
        values = [h[f"rewards/{name}/mean"] for h in logged]
        assert any(v is not None and v == v for v in values), (name, values)  # not all None/NaN

    # the adapter, its tokenizer and the metadata
    adapter = json.loads((out / "adapter_config.json").read_text(encoding="utf-8"))
    assert Path(adapter["base_model_name_or_path"]) == tiny_llama_dir.resolve()
    assert adapter["r"] == 4 and set(adapter["target_modules"]) == set(args.lora_target_modules)
    for name in ("adapter_model.safetensors", "tokenizer.json", "tokenizer_config.json"):
        assert (out / name).is_file(), name
    assert yaml.safe_load((out / "acctbench_train.yaml").read_text(encoding="utf-8")) == args.to_dict()
    meta = json.loads((out / "acctbench_train.json").read_text(encoding="utf-8"))
    assert meta == json.loads(json.dumps(record)) and meta["status"] == "finished" and meta["global_step"] == 3
    assert meta["backend"] == {"name": "peft", "device": "cpu", "load_in_4bit": False}
    assert meta["rewards"]["functions"] == SCORERS and meta["rewards"]["grpo_weights"] == {**DEFAULT_WEIGHTS, **dict.fromkeys(COMMITMENT_FLAGS, 0.0)}
    assert meta["data"]["rows"] == 6 and meta["data"]["prompt_format"] == "chat"
    assert {"torch", "transformers", "trl", "peft"} <= set(meta["versions"])
    samples = [json.loads(line) for line in (out / "completions_sample.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {s["step"] for s in samples} == {1, 2, 3} and all(set(s["rewards"]) == {*SCORERS, *COMMITMENT_FLAGS} for s in samples)

    # acctbench run evaluates the adapter end to end
    runs = tmp_path / "eval"
    done = _cli("-m", "acctbench", "run", "--model", str(out), "--suite", "choice", "--limit", "2",
                "--max-new-tokens", "16", "--out", str(runs), "--no-progress")
    assert done.returncode == 0, done.stderr[-3000:]
    rows = [json.loads(line) for line in (runs / "samples.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 2 and all(set(SCORERS) <= set(r["scores"]) for r in rows)

    # the CLI resumes from the last checkpoint for one more step
    done = _cli("-m", "acctbench.train", "--config", str(TINY), "--model", str(tiny_llama_dir),
                "--output_dir", str(out), "--resume", "--max_steps", "4")
    assert done.returncode == 0, done.stderr[-3000:]
    meta = json.loads((out / "acctbench_train.json").read_text(encoding="utf-8"))
    assert meta["global_step"] == 4 and meta["resumed_from"].endswith("checkpoint-3")
    assert meta["command"][:3] == ["python", "-m", "acctbench.train"]
