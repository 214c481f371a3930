"""Load the policy model for GRPO: Unsloth on CUDA, else TRL + PEFT on CUDA, else TRL + PEFT in fp32 on CPU.

``auto`` picks Unsloth when a CUDA GPU is present and ``unsloth`` is installed. Unsloth is
imported only on that path (it refuses to import without CUDA) and before ``trl``,
``transformers`` and ``peft``, so its patches apply; ``run.train`` therefore loads the model
before it imports TRL. On the PEFT path the LoRA config goes to ``GRPOTrainer(peft_config=...)``;
4-bit loading uses bitsandbytes NF4 (QLoRA). CPU runs are fp32 and refuse GPU-only options
with a clear message instead of failing deep inside a library.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from acctbench.train.config import ConfigError, TrainArguments

logger = logging.getLogger(__name__)


@dataclass
class LoadedModel:
    """The policy, its tokenizer and how they were loaded."""

    model: Any
    tokenizer: Any
    peft_config: Any | None  # LoRA config for GRPOTrainer (None: the model already carries LoRA)
    backend: str  # "unsloth" | "peft"
    device: str  # "cuda" | "cpu"
    quantized: bool
    model_path: str  # what from_pretrained received


def installed(module: str) -> bool:
    """Whether ``module`` can be imported (without importing it)."""
    return importlib.util.find_spec(module) is not None


def choose_backend(requested: str, cuda: bool, unsloth_installed: bool) -> str:
    """``unsloth`` or ``peft`` for a requested backend on this machine."""
    if requested == "unsloth":
        if not cuda:
            raise ConfigError("backend 'unsloth' needs a CUDA GPU; use backend: auto or peft on this machine")
        if not unsloth_installed:
            raise ConfigError("backend 'unsloth' is not installed: pip install 'acctbench[unsloth]' (or use backend: peft)")
        return "unsloth"
    if requested == "peft":
        return "peft"
    return "unsloth" if cuda and unsloth_installed else "peft"


def _is_bnb_optim(optim: str) -> bool:
    return "8bit" in optim or optim.startswith("paged_")


def check_hardware(args: TrainArguments, backend: str, cuda: bool, bf16_capable: bool) -> None:
    """Refuse option combinations this machine cannot run, naming the fix."""
    if not cuda:
        blockers = {
            "load_in_4bit": args.load_in_4bit,
            "fp16": args.fp16,
            "bf16": args.bf16,
            "use_vllm": args.use_vllm,
            f"optim {args.optim}": _is_bnb_optim(args.optim),
        }
        on = [name for name, flag in blockers.items() if flag]
        if on:
            raise ConfigError(
                f"no CUDA GPU: training runs on the CPU in fp32, which cannot use {', '.join(on)}; "
                "use a GPU or override them (e.g. --load_in_4bit false --fp16 false --optim adamw_torch)"
            )
        return
    if args.bf16 and not bf16_capable:
        raise ConfigError("this GPU has no native bf16 (compute capability < 8.0, e.g. T4); set bf16: false, fp16: true")
    if args.use_vllm and not installed("vllm"):
        raise ConfigError("use_vllm is on but vLLM is not installed: pip install 'acctbench[vllm]' (or set use_vllm: false)")
    needs_bnb = _is_bnb_optim(args.optim) or (args.load_in_4bit and backend == "peft")
    if needs_bnb and not installed("bitsandbytes"):
        raise ConfigError(
            "bitsandbytes is not installed but 4-bit loading or an 8-bit/paged optimizer needs it: pip install bitsandbytes"
        )


def model_source(model: str) -> str:
    """An existing local directory as an absolute path (so the adapter names it), else the hub id."""
    path = Path(model).expanduser()
    return str(path.resolve()) if path.is_dir() else model


def local_base_path(model: str) -> str | None:
    """The base model as a local directory: the path itself, or the hub cache snapshot of a hub id."""
    path = Path(model).expanduser()
    if path.is_dir():
        return str(path.resolve())
    try:
        from huggingface_hub import snapshot_download

        return snapshot_download(model, local_files_only=True)
    except Exception:  # noqa: BLE001 - not cached, not a hub id, or no huggingface_hub
        return None


def load_model(args: TrainArguments, model: str | None = None) -> LoadedModel:
    """Choose the backend for this machine and load the model (``model``, else ``args.model``) and tokenizer."""
    import torch

    cuda = torch.cuda.is_available()
    bf16_capable = cuda and torch.cuda.get_device_capability()[0] >= 8
    backend = choose_backend(args.backend, cuda, installed("unsloth"))
    check_hardware(args, backend, cuda, bf16_capable)
    source = model_source(model or args.model)
    logger.info("backend %s on %s, model %s", backend, "cuda" if cuda else "cpu", source)
    if backend == "unsloth":
        return _load_unsloth(args, source)
    return _load_peft(args, source, cuda)


def _load_unsloth(args: TrainArguments, source: str) -> LoadedModel:
    import torch
    import unsloth  # noqa: F401 - first, so that its patches of transformers/trl/peft apply
    from unsloth import FastLanguageModel

    dtype = torch.float16 if args.fp16 else torch.bfloat16 if args.bf16 else None
    kwargs: dict[str, Any] = {
        "model_name": source,
        "max_seq_length": args.max_prompt_length + args.max_completion_length,
        "load_in_4bit": args.load_in_4bit,
        "dtype": dtype,
    }
    if args.use_vllm:
        kwargs.update(fast_inference=True, max_lora_rank=args.lora_r, gpu_memory_utilization=args.vllm_gpu_memory_utilization)
    model, tokenizer = FastLanguageModel.from_pretrained(**kwargs)
    model = FastLanguageModel.get_peft_model(
        model,
        r=args.lora_r,
        lora_alpha=args.lora_alpha,
        lora_dropout=args.lora_dropout,
        target_modules=list(args.lora_target_modules),
        bias="none",
        use_gradient_checkpointing="unsloth" if args.gradient_checkpointing else False,
        random_state=args.seed,
    )
    _patch_trl_for_unsloth(FastLanguageModel)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return LoadedModel(model, tokenizer, None, "unsloth", "cuda", args.load_in_4bit, source)


def _patch_trl_for_unsloth(fast_language_model: Any) -> None:
    """Early-2025 Unsloth needed an explicit ``PatchFastRL``; later versions patch TRL on import."""
    import trl
    import unsloth

    patch = getattr(unsloth, "PatchFastRL", None)
    if patch is not None and "Unsloth" not in trl.GRPOTrainer.__name__:
        patch("GRPO", fast_language_model)


def _dtype_kwargs(dtype: Any) -> dict[str, Any]:
    """``dtype=`` on transformers >= 4.56, ``torch_dtype=`` before."""
    import transformers

    major, minor = (int(x) for x in transformers.__version__.split(".")[:2])
    return {"dtype": dtype} if (major, minor) >= (4, 56) else {"torch_dtype": dtype}


def _load_peft(args: TrainArguments, source: str, cuda: bool) -> LoadedModel:
    import torch
    from peft import LoraConfig
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(source)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    half = torch.float16 if args.fp16 else torch.bfloat16 if args.bf16 else None
    kwargs: dict[str, Any] = _dtype_kwargs(half if cuda and half is not None else torch.float32)
    if args.load_in_4bit:
        from transformers import BitsAndBytesConfig

        kwargs["quantization_config"] = BitsAndBytesConfig(
            load_in_4bit=True,
            bnb_4bit_quant_type="nf4",
            bnb_4bit_use_double_quant=True,
            bnb_4bit_compute_dtype=half or torch.float16,
        )
        kwargs["device_map"] = {"": int(os.environ.get("LOCAL_RANK", "0"))}  # one full copy per DDP process
    model = AutoModelForCausalLM.from_pretrained(source, **kwargs)
    if args.load_in_4bit:
        from peft import prepare_model_for_kbit_training

        model = prepare_model_for_kbit_training(
            model,
            use_gradient_checkpointing=args.gradient_checkpointing,
            gradient_checkpointing_kwargs={"use_reentrant": False},
        )
    peft_config = LoraConfig(
        r=args.lora_r,
        lora_alpha=args.lora_alpha,
        lora_dropout=args.lora_dropout,
        target_modules=list(args.lora_target_modules),
        bias="none",
        task_type="CAUSAL_LM",
    )
    return LoadedModel(model, tokenizer, peft_config, "peft", "cuda" if cuda else "cpu", args.load_in_4bit, source)


def fp32_trainable_params(model: Any) -> int:
    """Cast trainable half-precision parameters to fp32; returns how many were cast.

    fp16 mixed precision keeps fp32 master weights: its gradient scaler cannot unscale fp16 or
    bf16 gradients. Recent TRL casts QLoRA adapters to bf16 (the QLoRA paper's choice), which a
    T4 cannot use, so the fp16 PEFT path casts them back.
    """
    import torch

    cast = 0
    for param in model.parameters():
        if param.requires_grad and param.dtype in (torch.float16, torch.bfloat16):
            param.data = param.data.float()
            cast += 1
    return cast
