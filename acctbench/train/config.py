"""``TrainArguments``: every knob of ``acctbench train``, with help text and validation.

Recipes (YAML) and command-line overrides are read into it by :mod:`acctbench.train.recipe`.
This module is light (no torch, no trl): the CLI builds its ``--help`` from it.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from acctbench.rewards.registry import SCORER_NAMES, scorer_names
from acctbench.rewards.similarity import DEFAULT_MODEL
from acctbench.rewards.total import DEFAULT_WEIGHTS

TOTAL = "total"
REWARD_NAMES = (*SCORER_NAMES, TOTAL)
BACKENDS = ("auto", "unsloth", "peft")
DEFAULT_MIX = {"computations": 0.4, "journal": 0.2, "choice": 0.2, "concepts": 0.2}
LORA_TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


class ConfigError(ValueError):
    """A recipe or override that cannot be used (the CLI prints it as ``acctbench: error: ...``)."""


def _help(text: str, **kwargs: Any) -> Any:
    return field(metadata={"help": text}, **kwargs)


@dataclass
class TrainArguments:
    """GRPO + LoRA finetuning of a causal LM on the acctbench train splits with acctbench rewards."""

    # ---- model and output ----
    model: str = _help("base model: a local checkpoint directory or a Hugging Face hub id (required)", default="")
    output_dir: str = _help("where checkpoints, the final LoRA adapter and the metadata go", default="outputs/acctbench-grpo")
    resume: bool = _help("continue from the last checkpoint-* in output_dir when there is one", default=False)

    # ---- data ----
    suites: dict[str, float] = _help(
        "bundled suites (train split) and their share of the training mix; shares are normalised",
        default_factory=lambda: dict(DEFAULT_MIX),
    )
    max_train_items: int | None = _help(
        "size of the mixed training set; null: the largest mix that repeats no item "
        "(a suite smaller than its share is repeated in fresh shuffles)",
        default=None,
    )
    few_shot: int = _help("k solved train items of the same type before each question (as acctbench run --few-shot)", default=0)

    # ---- rewards ----
    rewards: list[str] = _help(
        f"reward functions, one per name: the scorers {', '.join(SCORER_NAMES)} and/or 'total' (the weighted total "
        "acctbench run reports); each is logged as rewards/<name>/mean",
        default_factory=lambda: list(DEFAULT_WEIGHTS),
    )
    reward_weights: dict[str, float] = _help(
        "weight of each reward function in the GRPO reward (GRPOConfig.reward_weights): scorers not named keep "
        "their default weight, 'total' weighs 1.0; weight 0 logs a reward without training on it",
        default_factory=lambda: dict(DEFAULT_WEIGHTS),
    )
    total_weights: dict[str, float] = _help(
        "scorer weights inside the 'total' reward (as acctbench run --weights; scorers not named keep their defaults)",
        default_factory=lambda: dict(DEFAULT_WEIGHTS),
    )
    similarity_model: str = _help("sentence-transformers model of the similarity scorer (name or path)", default=DEFAULT_MODEL)
    use_reasoning: bool = _help("the similarity scorer also compares the reasoning with the reference reasoning", default=False)

    # ---- backend and precision ----
    backend: str = _help(
        "auto: Unsloth on CUDA when installed, else TRL + PEFT (on CUDA or, in fp32, on CPU); or force unsloth / peft",
        default="auto",
    )
    load_in_4bit: bool = _help("load the base weights in 4-bit NF4 (QLoRA; Unsloth or bitsandbytes; CUDA only)", default=False)
    fp16: bool = _help("fp16 mixed precision (GPUs without bf16, e.g. T4)", default=False)
    bf16: bool = _help("bf16 mixed precision (Ampere or newer GPUs)", default=False)
    gradient_checkpointing: bool = _help(
        "recompute activations in the backward pass (Unsloth: its offloaded 'unsloth' mode)", default=True
    )

    # ---- LoRA ----
    lora_r: int = _help("LoRA rank", default=32)
    lora_alpha: int = _help("LoRA alpha (the update is scaled by alpha / r)", default=32)
    lora_dropout: float = _help("LoRA dropout (0 keeps Unsloth's fast path)", default=0.0)
    lora_target_modules: list[str] = _help(
        "modules that get LoRA: all attention and MLP projections by default", default_factory=lambda: list(LORA_TARGETS)
    )

    # ---- optimisation ----
    optim: str = _help("transformers optimizer name, e.g. adamw_torch, paged_adamw_8bit (needs bitsandbytes + CUDA)", default="adamw_torch")
    learning_rate: float = _help("peak learning rate", default=5e-6)
    adam_beta1: float = _help("Adam beta1", default=0.9)
    adam_beta2: float = _help("Adam beta2", default=0.99)
    weight_decay: float = _help("weight decay", default=0.1)
    warmup_ratio: float = _help("share of max_steps spent warming the learning rate up", default=0.1)
    lr_scheduler_type: str = _help("learning-rate schedule (transformers name)", default="cosine")
    max_grad_norm: float = _help("gradient clipping norm", default=0.1)
    max_steps: int = _help("optimizer steps to train", default=250)
    per_device_train_batch_size: int = _help(
        "completions per device per micro-batch; a multiple of num_generations (whole groups per device)", default=8
    )
    gradient_accumulation_steps: int = _help("micro-batches per optimizer step", default=1)
    seed: int = _help("seed for data mixing, LoRA init, sampling and training", default=3407)

    # ---- GRPO ----
    num_generations: int = _help("completions sampled per prompt (the GRPO group size, >= 2)", default=8)
    max_prompt_length: int = _help(
        "prompts longer than this (in tokens, after the chat template) are left out of the training mix", default=512
    )
    max_completion_length: int = _help("tokens generated per completion", default=256)
    temperature: float = _help("sampling temperature of the generations", default=1.0)
    beta: float = _help("KL penalty towards the base model (0 skips the reference model and saves memory)", default=0.0)
    use_vllm: bool = _help("generate with vLLM (CUDA; Unsloth: fast_inference) instead of transformers generate", default=False)
    vllm_gpu_memory_utilization: float = _help("share of GPU memory vLLM may take when use_vllm is on", default=0.5)

    # ---- logging and saving ----
    logging_steps: int = _help("log metrics (and a sample of completions) every N steps", default=1)
    save_steps: int = _help("save a resumable checkpoint every N steps", default=50)
    save_total_limit: int | None = _help("keep at most this many checkpoints (null: all)", default=2)
    sample_completions: int = _help("completions written to completions_sample.jsonl per logging step", default=4)
    log_commitment: bool = _help(
        "also log the share of completions whose answer is negated, retracted, hedged, denied or framed false "
        "(weight-0 monitors: rewards/<flag>/mean)", default=True)
    report_to: str = _help("where the trainer also reports metrics: none, tensorboard, wandb, ...", default="none")

    def to_dict(self) -> dict[str, Any]:
        """The resolved recipe as plain data (what ``acctbench_train.yaml`` holds)."""
        return dataclasses.asdict(self)

    def validate(self) -> TrainArguments:
        """Check values that make no sense whatever the hardware; returns ``self``."""
        from acctbench.suites import suites

        if not self.model:
            raise ConfigError("no model: set 'model:' in the recipe or pass --model PATH_OR_HUB_ID")
        known = suites()
        if not self.suites:
            raise ConfigError("'suites' is empty; name at least one bundled suite with its share")
        for name, share in self.suites.items():
            if name not in known:
                raise ConfigError(f"unknown suite {name!r}{hint(name, known)} (bundled: {', '.join(known)})")
            _require(isinstance(share, (int, float)) and math.isfinite(share) and share > 0, f"share of suite {name!r} must be a positive number, got {share!r}")
        _require(self.max_train_items is None or self.max_train_items >= 1, "max_train_items must be at least 1 (or null)")
        _require(self.few_shot >= 0, "few_shot must be 0 or more")
        self._validate_rewards()
        if self.backend not in BACKENDS:
            raise ConfigError(f"unknown backend {self.backend!r}{hint(self.backend, BACKENDS)} (expected one of {', '.join(BACKENDS)})")
        _require(not (self.fp16 and self.bf16), "fp16 and bf16 are both on; pick one")
        _require(self.lora_r >= 1 and self.lora_alpha > 0, "lora_r must be at least 1 and lora_alpha positive")
        _require(0.0 <= self.lora_dropout < 1.0, "lora_dropout must be in [0, 1)")
        _require(bool(self.lora_target_modules), "lora_target_modules is empty")
        _require(self.learning_rate > 0 and self.max_grad_norm > 0, "learning_rate and max_grad_norm must be positive")
        _require(0.0 <= self.warmup_ratio < 1.0, "warmup_ratio must be in [0, 1)")
        for name in ("max_steps", "per_device_train_batch_size", "gradient_accumulation_steps", "max_prompt_length",
                     "max_completion_length", "logging_steps", "save_steps"):
            _require(getattr(self, name) >= 1, f"{name} must be at least 1")
        _require(self.num_generations >= 2, "num_generations must be at least 2 (GRPO compares completions within a group)")
        _require(
            self.per_device_train_batch_size % self.num_generations == 0,
            f"per_device_train_batch_size ({self.per_device_train_batch_size}) must be a multiple of num_generations "
            f"({self.num_generations}): each device then scores whole groups, as Unsloth expects and every TRL version accepts",
        )
        _require(self.temperature > 0 and self.beta >= 0, "temperature must be positive and beta non-negative")
        _require(0.0 < self.vllm_gpu_memory_utilization <= 1.0, "vllm_gpu_memory_utilization must be in (0, 1]")
        _require(self.save_total_limit is None or self.save_total_limit >= 1, "save_total_limit must be at least 1 (or null)")
        _require(self.sample_completions >= 0, "sample_completions must be 0 or more")
        return self

    def _validate_rewards(self) -> None:
        if not self.rewards:
            raise ConfigError("'rewards' is empty; name at least one of " + ", ".join(REWARD_NAMES))
        scorers = scorer_names()  # built-ins and custom scorers (register_scorer, entry points)
        rewards = (*scorers, TOTAL)
        for name in [*self.rewards, *self.reward_weights]:
            if name not in rewards:
                raise ConfigError(f"unknown reward {name!r}{hint(name, rewards)} (available: {', '.join(rewards)})")
        for name in self.total_weights:
            if name not in scorers:
                raise ConfigError(f"unknown scorer {name!r} in total_weights{hint(name, scorers)} (available: {', '.join(scorers)})")
        _require(len(set(self.rewards)) == len(self.rewards), f"'rewards' names a reward twice: {self.rewards}")
        for label, weights in (("reward_weights", self.reward_weights), ("total_weights", self.total_weights)):
            for name, weight in weights.items():
                ok = isinstance(weight, (int, float)) and not isinstance(weight, bool) and math.isfinite(weight) and weight >= 0
                _require(ok, f"{label}: weight of {name!r} must be a finite non-negative number, got {weight!r}")
        _require(any(w > 0 for w in self.grpo_reward_weights()), "every reward function has weight 0; nothing to train on")
        if TOTAL in self.rewards:
            _require(any(w > 0 for w in self.scorer_weights().values()), "total_weights are all 0; 'total' would always be 0")

    def grpo_reward_weights(self) -> list[float]:
        """One weight per reward function, in ``rewards`` order, then 0 for each commitment
        monitor when ``log_commitment`` (``GRPOConfig.reward_weights``)."""
        weights = [float(self.reward_weights.get(name, DEFAULT_WEIGHTS.get(name, 1.0))) for name in self.rewards]
        return weights + [0.0] * len(self.monitors())

    def monitors(self) -> tuple[str, ...]:
        """The commitment monitors logged beside the rewards (weight 0)."""
        from acctbench.rewards.trl import COMMITMENT_FLAGS

        return COMMITMENT_FLAGS if self.log_commitment else ()

    def scorer_weights(self) -> dict[str, float]:
        """The scorer weights inside ``total`` (defaults for scorers not named)."""
        return {**DEFAULT_WEIGHTS, **{n: float(w) for n, w in self.total_weights.items()}}


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ConfigError(message)


def hint(name: str, options: Iterable[str]) -> str:
    """``; did you mean 'x'?`` for the closest option, or nothing."""
    close = difflib.get_close_matches(name, list(options), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""
