"""The bundled benchmark suites: discovery, metadata, content hashes and loading.

A suite is a folder ``datasets/<name>/`` with ``suite.yaml`` (name, version, type, texts for
the data card), ``test.jsonl``, ``train.jsonl`` and the generated ``CARD.md``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from acctbench._paths import data_dir
from acctbench.schema import Item, load_items

SPLITS = ("test", "train")


@dataclass(frozen=True)
class Suite:
    """Metadata of one bundled suite."""

    name: str
    version: str
    type: str
    directory: Path
    meta: dict[str, Any] = field(repr=False, default_factory=dict)

    def path(self, split: str) -> Path:
        """The JSONL file of a split."""
        if split not in SPLITS:
            raise ValueError(f"unknown split {split!r}; expected one of {SPLITS}")
        return self.directory / f"{split}.jsonl"

    def content_hash(self, split: str) -> str:
        """``sha256:`` of the split file's bytes (recorded in every run's metadata)."""
        return "sha256:" + hashlib.sha256(self.path(split).read_bytes()).hexdigest()

    def load(self, split: str = "test") -> list[Item]:
        """The items of a split, validated."""
        return load_items(self.path(split))

    def to_hf(self, split: str = "train", few_shot: int = 0) -> Any:
        """A ``datasets.Dataset`` of a split in file order, one row per item, built as ``acctbench
        train`` builds its rows (:func:`acctbench.train.data.item_row`): ``prompt`` as chat messages,
        ``id``, ``type``, ``item_json`` and ``suite``; ready for TRL's GRPOTrainer with
        :func:`acctbench.rewards.get_reward_funcs`. Needs the ``datasets`` package."""
        from acctbench.train.data import build_dataset, item_messages, item_row, shot_pool

        shots = shot_pool(few_shot)
        return build_dataset([item_row(self.name, item, item_messages(item, shots, few_shot)) for item in self.load(split)])


def _read_suite(directory: Path) -> Suite:
    meta = yaml.safe_load((directory / "suite.yaml").read_text(encoding="utf-8"))
    return Suite(name=meta["name"], version=str(meta["version"]), type=meta["type"], directory=directory, meta=meta)


@cache
def suites() -> dict[str, Suite]:
    """All bundled suites by name, sorted."""
    root = data_dir("datasets")
    found = [_read_suite(p.parent) for p in sorted(root.glob("*/suite.yaml"))]
    return {s.name: s for s in found}


def get_suite(name: str) -> Suite:
    """A bundled suite by name, with a 'did you mean' hint for typos."""
    available = suites()
    if name in available:
        return available[name]
    import difflib

    close = difflib.get_close_matches(name, available, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise KeyError(f"unknown suite {name!r}{hint} (available: {', '.join(available)})")


def resolve_dataset(spec: str, split: str = "test") -> tuple[str, list[Item]]:
    """Items from a bundled suite name or a user JSONL file; returns ``(label, items)``.

    A spec that names an existing file is read as a file; otherwise it must be a suite name.
    """
    path = Path(spec)
    if path.is_file():
        return str(path), load_items(path)
    if path.suffix in {".jsonl", ".json"} or "/" in spec:
        raise FileNotFoundError(f"dataset file not found: {spec}")
    suite = get_suite(spec)
    return suite.name, suite.load(split)
