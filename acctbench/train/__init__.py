"""GRPO + LoRA finetuning with the acctbench rewards (``acctbench train``), imported lazily.

``TrainArguments`` and ``load_arguments`` are light (the recipe); ``train`` pulls torch, TRL
and PEFT (or Unsloth) only when called. Modules: ``config`` (the arguments), ``recipe`` (YAML recipes and overrides),
``data`` (the mixed training set), ``base`` (the base model as a local checkpoint: a directory,
a hub id, a ``.gguf`` file or alias, ``tiny-random-llama``), ``tiny`` (the tiny random Llama),
``backends`` (model loading), ``samples`` (completion samples), ``run`` (the training loop and
its metadata).
"""

from __future__ import annotations

from typing import Any

from acctbench.train.config import ConfigError, TrainArguments
from acctbench.train.recipe import load_arguments

__all__ = ["ConfigError", "TrainArguments", "load_arguments", "train"]


def train(args: TrainArguments, command: list[str] | None = None) -> dict[str, Any]:
    """Run GRPO training (see :func:`acctbench.train.run.train`)."""
    from acctbench.train.run import train as run_train

    return run_train(args, command)
