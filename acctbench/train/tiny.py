"""A tiny random Llama with a tokenizer trained in-process: a real model in seconds on the CPU.

``build_tiny_llama(path)`` writes a ``save_pretrained`` checkpoint (random ``LlamaForCausalLM``,
hidden 32, 2 layers) and a byte-level BPE tokenizer trained on accounting text, with a chat
template and ``<reasoning>``/``<answer>`` tags as normal added tokens. ``save_tiny_adapter``
writes a LoRA adapter over it. ``tiny_llama_checkpoint()`` builds it once into the user's cache:
the model that ``model: tiny-random-llama`` in a recipe names (``finetune/tiny-cpu.yaml``).
It trains nothing useful; it checks the pipeline end to end without a download.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from transformers import PreTrainedTokenizerFast

TINY_MODEL = "tiny-random-llama"
"""The model name a recipe uses for this model."""
SEED = 1234
SPECIAL_TOKENS = ("<s>", "</s>", "<pad>")
TAG_TOKENS = ("<reasoning>", "</reasoning>", "<answer>", "</answer>")
CHAT_TEMPLATE = (
    "{{ bos_token }}"
    "{% for message in messages %}"
    "{{ '<|' + message['role'] + '|>\n' + message['content'] + eos_token + '\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|assistant|>\n' }}{% endif %}"
)
_BASE_CORPUS = (
    "Debit cash and credit revenue when the service is performed.",
    "Depreciation allocates the cost of a long-lived asset over its useful life.",
    "Accounts receivable, net of the allowance for doubtful accounts, is reported at net realizable value.",
    "Dr Rent Expense 1,200.00\nCr Prepaid Rent 1,200.00",
    "The matching principle records expenses in the period of the revenue they help earn.",
    "Inventory is measured at the lower of cost and net realizable value (ASC 330, IAS 2).",
    "Straight-line depreciation: (cost - salvage value) / useful life = $9,000.00 per year.",
    "Total assets equal total liabilities plus shareholders' equity.",
)
_MAX_CORPUS_TEXTS = 3000


def _corpus() -> list[str]:
    """Training text: fixed sentences, the prompt wording and bundled questions (where they load)."""
    from acctbench.prompt import SYSTEM_PROMPT, TYPE_INSTRUCTIONS, reference_completion
    from acctbench.schema import DatasetError
    from acctbench.suites import suites

    texts = [*_BASE_CORPUS, SYSTEM_PROMPT, *TYPE_INSTRUCTIONS.values()]
    for suite in suites().values():
        try:
            items = suite.load("test")
        except (DatasetError, OSError):
            continue  # a suite not yet built still leaves a usable tokenizer
        for item in items:
            texts.extend((item["question"], reference_completion(item)))
            if len(texts) >= _MAX_CORPUS_TEXTS:
                return texts
    return texts


def build_tokenizer(vocab_size: int = 512) -> PreTrainedTokenizerFast:
    """A byte-level BPE tokenizer trained on accounting text, with chat template and tags."""
    from tokenizers import AddedToken, Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    core = Tokenizer(models.BPE())
    core.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    core.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=list(SPECIAL_TOKENS),
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    core.train_from_iterator(_corpus(), trainer=trainer)
    core.add_tokens([AddedToken(tag, special=False, normalized=False) for tag in TAG_TOKENS])
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=core,
        bos_token="<s>",
        eos_token="</s>",
        pad_token="<pad>",
        clean_up_tokenization_spaces=False,
    )
    tokenizer.chat_template = CHAT_TEMPLATE
    return tokenizer


def build_tiny_llama(path: Path, vocab_size: int = 512, hidden_size: int = 32) -> Path:
    """Write a tiny random ``LlamaForCausalLM`` checkpoint (2 layers, 2 heads) and its tokenizer to ``path``.

    ``hidden_size`` 128 gives heads of 64, a head size that the fused GPU kernels (vLLM, Unsloth) support."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    tokenizer = build_tokenizer(vocab_size)
    config = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=hidden_size,
        intermediate_size=2 * hidden_size,
        num_hidden_layers=2,
        num_attention_heads=2,
        num_key_value_heads=2,
        max_position_embeddings=2048,
        # A wide init gives decisive logits, so greedy decoding does not hinge on float noise.
        initializer_range=0.5,
        tie_word_embeddings=False,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )
    torch.manual_seed(SEED)
    model = LlamaForCausalLM(config)
    model.generation_config.bos_token_id = tokenizer.bos_token_id
    model.generation_config.eos_token_id = tokenizer.eos_token_id
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    model.save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path


def save_tiny_adapter(base_dir: Path, out_dir: Path) -> Path:
    """Write a LoRA adapter (r=4 on q_proj, v_proj) over the checkpoint in ``base_dir``.

    Both LoRA matrices are random (not the usual zero ``B``), so the adapter changes outputs.
    ``adapter_config.json`` names the absolute ``base_dir`` as ``base_model_name_or_path``.
    """
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    base_dir = Path(base_dir).resolve()
    out_dir = Path(out_dir)
    torch.manual_seed(SEED + 1)
    base = AutoModelForCausalLM.from_pretrained(str(base_dir))
    config = LoraConfig(
        r=4,
        lora_alpha=8,
        target_modules=["q_proj", "v_proj"],
        task_type="CAUSAL_LM",
        init_lora_weights=False,
    )
    model = get_peft_model(base, config)
    model.save_pretrained(out_dir)
    return out_dir


def tiny_llama_checkpoint(root: Path | None = None) -> Path:
    """The tiny Llama built once into ``<cache>/tiny-random-llama/<key>/``, built in a temporary
    directory and renamed into place. The key hashes this builder's source and the acctbench
    version: a changed builder or release builds afresh (the bundled text its tokenizer learns
    from belongs to the release)."""
    import hashlib

    from acctbench import __version__
    from acctbench.models.gguf_checkpoint import build_cached, cache_root

    key = hashlib.sha256(__version__.encode() + b"\0" + Path(__file__).read_bytes()).hexdigest()[:16]
    return build_cached((root or cache_root()) / TINY_MODEL / key, build_tiny_llama,
                        lambda d: (d / "config.json").is_file() and (d / "tokenizer.json").is_file())
