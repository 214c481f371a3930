"""``train(args)``: GRPO with LoRA on the acctbench train mix, rewarded by the acctbench scorers.

Order matters: the model is loaded first (Unsloth must be imported before TRL), then the data
(its prompt-length filter needs the tokenizer), then TRL. Into ``output_dir`` go the LoRA
adapter and tokenizer (``acctbench run --model OUTPUT_DIR`` evaluates it), the resolved recipe
``acctbench_train.yaml``, ``acctbench_train.json`` (rewards, data, versions, results),
``completions_sample.jsonl``, the final ``trainer_state.json`` (the logged metrics per step,
which ``acctbench report`` charts) and the resumable ``checkpoint-*`` folders.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import re
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from acctbench import __version__
from acctbench.results.files import write_atomic
from acctbench.results.jsonl import dumps
from acctbench.train.config import TOTAL, ConfigError, TrainArguments
from acctbench.train.recipe import dump_yaml

if TYPE_CHECKING:
    from acctbench.train.base import BaseModel

logger = logging.getLogger(__name__)

RECIPE_FILE = "acctbench_train.yaml"
METADATA_FILE = "acctbench_train.json"
SAMPLES_FILE = "completions_sample.jsonl"
STATE_FILE = "trainer_state.json"
EXTRA_PACKAGES = ("datasets", "accelerate", "bitsandbytes", "unsloth_zoo")
# Keys that may change between a run and its resumption without changing what is trained.
RESUMABLE_CHANGES = {"resume", "max_steps", "logging_steps", "save_steps", "save_total_limit", "report_to", "sample_completions"}
# transformers 5 renamed these (the old names are deprecated aliases until v6).
RENAMED = {"gradient_checkpointing": "activation_checkpointing", "gradient_checkpointing_kwargs": "activation_checkpointing_kwargs"}
_CHECKPOINT = re.compile(r"^checkpoint-(\d+)$")


def last_checkpoint(output_dir: Path) -> Path | None:
    """The ``checkpoint-N`` folder with the largest N, if any."""
    if not output_dir.is_dir():
        return None
    found = [(int(m.group(1)), p) for p in output_dir.iterdir() if p.is_dir() and (m := _CHECKPOINT.match(p.name))]
    return max(found)[1] if found else None


def _start_point(args: TrainArguments) -> Path | None:
    out = Path(args.output_dir)
    checkpoint = last_checkpoint(out)
    if checkpoint is not None and not args.resume:
        raise ConfigError(
            f"{out} already holds {checkpoint.name}; pass --resume true to continue that run, or choose another output_dir"
        )
    if args.resume and checkpoint is None:
        logger.info("resume: no checkpoint in %s yet; starting from step 0", out)
    if checkpoint is not None and (out / RECIPE_FILE).is_file():
        import yaml

        before = yaml.safe_load((out / RECIPE_FILE).read_text(encoding="utf-8")) or {}
        changed = sorted(k for k, v in args.to_dict().items() if k in before and before[k] != v and k not in RESUMABLE_CHANGES)
        if changed:
            logger.warning("resuming %s with a changed recipe: %s", checkpoint, ", ".join(changed))
    return checkpoint


def none_as_for(trl_version: str) -> float | None:
    """TRL >= 0.16 averages around ``None`` rewards ("not applicable"); older TRL needs a number."""
    from packaging.version import Version

    return None if Version(trl_version) >= Version("0.16") else 0.0


def grpo_kwargs(args: TrainArguments, device: str, backend: str, fields: set[str]) -> tuple[dict[str, Any], list[str]]:
    """``GRPOConfig`` keyword arguments, keeping only those this TRL knows; also returns the dropped names."""
    checkpointing = args.gradient_checkpointing and backend != "unsloth"  # Unsloth checkpoints in get_peft_model
    wanted: dict[str, Any] = {
        "output_dir": args.output_dir,
        "seed": args.seed,
        "learning_rate": args.learning_rate,
        "adam_beta1": args.adam_beta1,
        "adam_beta2": args.adam_beta2,
        "weight_decay": args.weight_decay,
        "lr_scheduler_type": args.lr_scheduler_type,
        "max_grad_norm": args.max_grad_norm,
        "optim": args.optim,
        "max_steps": args.max_steps,
        "per_device_train_batch_size": args.per_device_train_batch_size,
        "gradient_accumulation_steps": args.gradient_accumulation_steps,
        "num_generations": args.num_generations,
        "max_prompt_length": args.max_prompt_length,
        "max_completion_length": args.max_completion_length,
        "temperature": args.temperature,
        "beta": args.beta,
        "reward_weights": args.grpo_reward_weights(),
        "fp16": args.fp16,
        "bf16": args.bf16,
        "gradient_checkpointing": checkpointing,
        "use_vllm": args.use_vllm,
        "logging_steps": args.logging_steps,
        "save_strategy": "steps",
        "save_steps": args.save_steps,
        "save_total_limit": args.save_total_limit,
        "report_to": args.report_to,
        "remove_unused_columns": False,
        "log_completions": False,
        "ddp_find_unused_parameters": False,
        "use_cpu": device == "cpu",
    }
    if checkpointing:
        wanted["gradient_checkpointing_kwargs"] = {"use_reentrant": False}
    if args.use_vllm:
        wanted["vllm_gpu_memory_utilization"] = args.vllm_gpu_memory_utilization
    if "warmup_ratio" in fields:
        wanted["warmup_ratio"] = args.warmup_ratio
    else:  # transformers 5: warmup_steps takes a float in [0, 1) as a ratio
        wanted["warmup_steps"] = args.warmup_ratio
    for old, new in RENAMED.items():
        if new in fields and old in wanted:
            wanted[new] = wanted.pop(old)
    kept = {k: v for k, v in wanted.items() if k in fields}
    return kept, sorted(set(wanted) - set(kept))


def preflight_rewards(funcs: list[Any], row: dict[str, Any]) -> None:
    """Score one item's reference answer with every reward before training (loads the scorers' models).

    The reward functions turn internal errors into ``None`` so a training step never aborts; a
    setup that can only ever produce ``None`` is caught here instead of after hours of training.
    """
    from acctbench.prompt import reference_completion

    item = json.loads(row["item_json"])
    columns = {"item_json": [row["item_json"]], "id": [row["id"]], "type": [row["type"]]}
    values = {f.__name__: f([reference_completion(item)], **columns)[0] for f in funcs}
    logger.info("reward preflight on %s (reference answer): %s", row["id"], values)
    if all(v is None for v in values.values()):
        raise RuntimeError(f"every reward function returned None for the reference answer of {row['id']}; check the reward setup")


def _versions() -> dict[str, str]:
    from importlib import metadata

    from acctbench.results.metadata import package_versions

    versions = package_versions()
    for name in EXTRA_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions


def _data_summary(rows: list[dict[str, Any]], args: TrainArguments, prompt_format: str) -> dict[str, Any]:
    from acctbench.prompt import prompt_hash
    from acctbench.suites import suites

    ids = "\n".join(r["id"] for r in rows).encode()
    return {
        "rows": len(rows),
        "per_suite": dict(sorted(Counter(r["suite"] for r in rows).items())),
        "distinct_items": len({r["id"] for r in rows}),
        "ids_sha256": "sha256:" + hashlib.sha256(ids).hexdigest(),
        "train_split_sha256": {name: suites()[name].content_hash("train") for name in sorted(args.suites)},
        "prompt_format": prompt_format,
        "prompt_hash": prompt_hash(),
        "few_shot": args.few_shot,
    }


def _point_adapter_at_local_base(output_dir: Path, model: str) -> str | None:
    """Make ``adapter_config.json`` name the base as a local directory, so ``acctbench run`` loads it offline."""
    from acctbench.train.backends import local_base_path

    config_file = output_dir / "adapter_config.json"
    local = local_base_path(model)
    if local is None or not config_file.is_file():
        return local
    config = json.loads(config_file.read_text(encoding="utf-8"))
    if config.get("base_model_name_or_path") != local:
        config["base_model_name_or_path"] = local
        write_atomic(config_file, json.dumps(config, indent=2, sort_keys=True) + "\n")
    return local


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


def _start_record(
    args: TrainArguments, base: BaseModel, loaded: Any, rows: list[dict[str, Any]], prompt_format: str,
    config_kwargs: dict[str, Any], dropped: list[str], none_as: float | None, checkpoint: Path | None,
    command: list[str] | None,
) -> dict[str, Any]:
    """What ``acctbench_train.json`` holds before training starts."""
    from acctbench.results.metadata import git_commit, host, now

    return {
        "acctbench": __version__,
        "status": "running",
        "started": now(),
        "command": command or [Path(sys.argv[0]).name, *sys.argv[1:]],
        "base_model": {**base.record(), "loaded_from": loaded.model_path},
        "backend": {"name": loaded.backend, "device": loaded.device, "load_in_4bit": loaded.quantized},
        "rewards": {
            "functions": list(args.rewards),
            "grpo_weights": dict(zip([*args.rewards, *args.monitors()], args.grpo_reward_weights())),
            "total_weights": args.scorer_weights() if TOTAL in args.rewards else None,
            "similarity_model": args.similarity_model,
            "use_reasoning": args.use_reasoning,
            "none_as": none_as,
            "log_keys": [f"rewards/{name}/mean" for name in args.rewards],
        },
        "data": _data_summary(rows, args, prompt_format),
        "grpo_config": _jsonable(config_kwargs),
        "grpo_config_fields_missing": dropped,
        "versions": _versions(),
        "git_commit": git_commit(),
        "host": host(),
        "resumed_from": str(checkpoint) if checkpoint else None,
    }


def train(args: TrainArguments, command: list[str] | None = None) -> dict[str, Any]:
    """Train; returns what ``acctbench_train.json`` records."""
    from acctbench.results.metadata import now
    from acctbench.train.backends import fp32_trainable_params, load_model
    from acctbench.train.base import resolve_base

    args.validate()
    out = Path(args.output_dir)
    checkpoint = _start_point(args)
    base = resolve_base(args.model)
    loaded = load_model(args, base.source)

    from acctbench.train.data import PromptFormat, build_dataset, training_rows

    fmt = PromptFormat(loaded.tokenizer)
    rows = training_rows(args.suites, args.max_train_items, args.seed, args.few_shot, fmt, args.max_prompt_length)
    dataset = build_dataset(rows)

    import trl
    from trl import GRPOConfig, GRPOTrainer

    from acctbench.rewards.trl import get_commitment_flags, get_reward_funcs
    from acctbench.train.samples import RecordingReward, SampleLog, sample_callback

    config_kwargs, dropped = grpo_kwargs(args, loaded.device, loaded.backend, {f.name for f in dataclasses.fields(GRPOConfig)})
    if dropped:
        logger.info("this TRL (%s) has no GRPOConfig field for: %s", trl.__version__, ", ".join(dropped))
    config = GRPOConfig(**config_kwargs)
    none_as = none_as_for(trl.__version__)
    weights = dict(zip([*args.rewards, *args.monitors()], args.grpo_reward_weights()))
    sample_log = SampleLog(weights, args.sample_completions)
    total_weights = args.scorer_weights() if TOTAL in args.rewards else None
    funcs = get_reward_funcs(args.rewards, total_weights, args.similarity_model, args.use_reasoning, none_as=none_as)
    funcs += get_commitment_flags(args.monitors())
    preflight_rewards(funcs, rows[0])
    trainer = GRPOTrainer(
        model=loaded.model,
        reward_funcs=[RecordingReward(f, sample_log) for f in funcs],
        args=config,
        train_dataset=dataset,
        processing_class=loaded.tokenizer,
        peft_config=loaded.peft_config,
        callbacks=[sample_callback(sample_log, out / SAMPLES_FILE)],
    )
    if loaded.quantized and args.fp16 and loaded.backend == "peft":
        fp32_trainable_params(trainer.model)

    main = trainer.is_world_process_zero()
    record = _start_record(args, base, loaded, rows, fmt.kind, config_kwargs, dropped, none_as, checkpoint, command)
    if main:
        out.mkdir(parents=True, exist_ok=True)
        write_atomic(out / RECIPE_FILE, dump_yaml(args))
        write_atomic(out / METADATA_FILE, dumps(record, indent=2) + "\n")

    result = trainer.train(resume_from_checkpoint=str(checkpoint) if checkpoint else None)

    trainer.save_model(str(out))
    if main:
        loaded.tokenizer.save_pretrained(str(out))
        trainer.state.save_to_json(str(out / STATE_FILE))
        record["base_model"]["local_path"] = _point_adapter_at_local_base(out, base.source)
        history = trainer.state.log_history
        record.update(
            status="finished",
            finished=now(),
            global_step=trainer.state.global_step,
            train_metrics=_jsonable(result.metrics),
            last_log=_jsonable(next((h for h in reversed(history) if any(k.startswith("rewards/") for k in h)), {})),
        )
        write_atomic(out / METADATA_FILE, dumps(record, indent=2) + "\n")
    return record
