"""The attack vocabulary (``rewards/attack_vocabulary.yaml``) and the other knowledge the
transforms read: contrasting words (``rewards/contrasts.yaml``) and the chart of accounts."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from acctbench.audit.attack.slots import PLACEHOLDER

POSITIONS = ("answer_start", "answer_end", "reasoning_start", "reasoning_end")


@dataclass(frozen=True)
class Insertion:
    """Polarity-neutral sentences the search may insert, and where."""

    where: tuple[str, ...]
    texts: tuple[str, ...]


@dataclass(frozen=True)
class Vocabulary:
    """Phrasings (templates drawn by ``vocabulary`` operators) and insertions (neutral text)."""

    phrasings: dict[str, tuple[str, ...]]
    insertions: dict[str, Insertion]


def _strings(raw: Any, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not raw or not all(isinstance(s, str) and s.strip() for s in raw):
        raise ValueError(f"{where}: expected a non-empty list of non-empty strings")
    return tuple(raw)


def read_vocabulary(path: Path) -> Vocabulary:
    """Load and check a vocabulary file; errors name the file and the entry."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(data, dict) or set(data) != {"phrasings", "insertions"}:
        raise ValueError(f"{path}: expected a mapping with exactly the keys 'phrasings' and 'insertions'")
    phrasings = {}
    for name, raw in (data["phrasings"] or {}).items():
        phrasings[name] = _strings(raw, f"{path}: phrasings.{name}")
    insertions = {}
    for name, raw in (data["insertions"] or {}).items():
        where = f"{path}: insertions.{name}"
        if not isinstance(raw, dict) or set(raw) != {"where", "texts"}:
            raise ValueError(f"{where}: expected a mapping with 'where' and 'texts'")
        places = _strings(raw["where"], f"{where}.where")
        bad = [p for p in places if p not in POSITIONS]
        if bad:
            raise ValueError(f"{where}.where: unknown position(s) {bad}; expected {list(POSITIONS)}")
        texts = _strings(raw["texts"], f"{where}.texts")
        if any(PLACEHOLDER.search(t) for t in texts):
            raise ValueError(f"{where}.texts: insertions are plain text, without placeholders")
        insertions[name] = Insertion(places, texts)
    return Vocabulary(phrasings, insertions)


@cache
def default_vocabulary() -> Vocabulary:
    """The bundled ``rewards/attack_vocabulary.yaml``."""
    from acctbench._paths import data_path

    return read_vocabulary(data_path("rewards", "attack_vocabulary.yaml"))


@cache
def contrast_partners() -> dict[str, tuple[str, ...]]:
    """Each contrasting word of ``rewards/contrasts.yaml`` with the words it contradicts."""
    from acctbench.rewards.knowledge import load_contrasts

    partners: dict[str, list[str]] = {}
    for group in load_contrasts():
        for word in group:
            partners.setdefault(word, []).extend(w for w in group if w != word and w not in partners.get(word, []))
    return {w: tuple(p) for w, p in partners.items()}


def chart():  # -> ChartOfAccounts
    """The bundled chart of accounts (``rewards/accounts.yaml``)."""
    from acctbench.accounts import load_accounts

    return load_accounts()
