"""The chart of accounts (``rewards/accounts.yaml``) and a resolver from free-text account names.

``load_accounts()`` validates the file and builds one lookup dict, so ``resolve`` is a single
normalisation plus a dict lookup. Normalisation ignores case, punctuation (except ``&`` and
``/``), ``and`` versus ``&``, simple plurals and a trailing word "account" (or "a/c"), so
"accounts receivable account", "Trade receivables" and "A/R" all find Accounts Receivable.
Stripping a leading "Dr"/"Cr" is the caller's job.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from collections.abc import Iterator

import yaml

__all__ = ["Account", "ChartOfAccounts", "load_accounts", "normalize_account_name"]

TYPES = ("asset", "liability", "equity", "revenue", "expense")
BALANCES = ("debit", "credit")
STATEMENTS = ("balance sheet", "income statement", "statement of changes in equity")
_NATURAL_BALANCE = {"asset": "debit", "expense": "debit", "liability": "credit", "equity": "credit",
                    "revenue": "credit"}
_FIELDS = ("name", "type", "subtype", "normal_balance", "statement", "contra", "synonyms")

_APOSTROPHES = re.compile(r"['\u2018\u2019`\u00b4]")
_SEPARATORS = re.compile(r"([&/])")
_OTHER_PUNCT = re.compile(r"[^\w\s&/]|_")
_NO_STRIP = ("ss", "us", "is")


def _singular(word: str) -> str:
    """A crude singular form that is the same for a word and its regular plural."""
    if len(word) <= 3 or not word.endswith("s") or word.endswith(_NO_STRIP):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    return word[:-1]


def normalize_account_name(text: str) -> str:
    """The lookup key of an account name: lower case, ``and`` as ``&``, singular words.

    >>> normalize_account_name("Accounts Receivable account")
    'account receivable'
    >>> normalize_account_name("Property, Plant and Equipment")
    'property plant & equipment'
    """
    text = unicodedata.normalize("NFKC", text).lower()
    text = _APOSTROPHES.sub("", text)
    text = _SEPARATORS.sub(r" \1 ", _OTHER_PUNCT.sub(" ", text))
    words = ["&" if w == "and" else _singular(w) for w in text.split()]
    while True:  # drop trailing "account", "acct" or "a/c" (never the whole name)
        if len(words) > 1 and words[-1] in ("account", "acct"):
            words.pop()
        elif len(words) > 3 and words[-3:] == ["a", "/", "c"]:
            del words[-3:]
        else:
            break
    return " ".join(words)


def _compact(key: str) -> str:
    """The key with spaces removed, so "pre-paid rent" finds "prepaid rent"."""
    return key.replace(" ", "")


@dataclass(frozen=True)
class Account:
    """One ledger account from the chart."""

    name: str
    type: str
    subtype: str
    normal_balance: str
    statement: str
    contra: bool
    synonyms: tuple[str, ...] = ()


class ChartOfAccounts:
    """The accounts of the chart with a name-and-synonym resolver."""

    def __init__(self, accounts: tuple[Account, ...]) -> None:
        self.accounts = accounts
        self._by_key: dict[str, Account] = {}
        owner: dict[str, str] = {}
        for acc in accounts:
            for text in (acc.name, *acc.synonyms):
                key = normalize_account_name(text)
                if not key:
                    raise ValueError(f"account {acc.name!r}: name or synonym {text!r} is empty")
                if key in owner and owner[key] != acc.name:
                    kind = "name" if text == acc.name else "synonym"
                    raise ValueError(
                        f"account {acc.name!r}: duplicate {kind} {text!r} "
                        f"(already used by account {owner[key]!r})"
                    )
                owner[key] = acc.name
                self._by_key[key] = acc
        compact: dict[str, Account | None] = {}
        for key, acc in self._by_key.items():
            c = _compact(key)
            compact[c] = acc if compact.get(c, acc) is acc else None  # ambiguous -> None
        self._by_compact = {k: v for k, v in compact.items() if v is not None}

    def resolve(self, text: str) -> Account | None:
        """The account a name or synonym refers to, or ``None`` if it is not in the chart."""
        if not isinstance(text, str):
            return None
        key = normalize_account_name(text)
        return self._by_key.get(key) or self._by_compact.get(_compact(key))

    def __getitem__(self, name: str) -> Account:
        acc = self.resolve(name)
        if acc is None:
            raise KeyError(name)
        return acc

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.resolve(name) is not None

    def __iter__(self) -> Iterator[Account]:
        return iter(self.accounts)

    def __len__(self) -> int:
        return len(self.accounts)

    @property
    def names(self) -> tuple[str, ...]:
        """Canonical names in file order."""
        return tuple(a.name for a in self.accounts)


def _parse_account(raw: Any, index: int) -> Account:
    if not isinstance(raw, dict):
        raise ValueError(f"account #{index + 1}: expected a mapping, got {type(raw).__name__}")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"account #{index + 1}: field 'name' must be a non-empty string")
    where = f"account {name!r}"
    unknown = sorted(set(raw) - set(_FIELDS))
    if unknown:
        raise ValueError(f"{where}: unknown field(s) {unknown}; expected {list(_FIELDS)}")
    missing = [f for f in _FIELDS if f not in raw and f != "synonyms"]
    if missing:
        raise ValueError(f"{where}: missing field(s) {missing}")
    checks = (("type", TYPES), ("normal_balance", BALANCES), ("statement", STATEMENTS))
    for field_name, allowed in checks:
        if raw[field_name] not in allowed:
            raise ValueError(
                f"{where}: field {field_name!r} is {raw[field_name]!r}; expected one of {list(allowed)}"
            )
    if not isinstance(raw["subtype"], str) or not raw["subtype"].strip():
        raise ValueError(f"{where}: field 'subtype' must be a non-empty string")
    if not isinstance(raw["contra"], bool):
        raise ValueError(f"{where}: field 'contra' must be true or false, got {raw['contra']!r}")
    opposite = raw["normal_balance"] != _NATURAL_BALANCE[raw["type"]]
    if raw["contra"] != opposite:
        raise ValueError(
            f"{where}: field 'contra' is {raw['contra']} but a {raw['type']} account with a "
            f"{raw['normal_balance']} normal balance is {'contra' if opposite else 'not contra'}"
        )
    synonyms = raw.get("synonyms") or []
    if not isinstance(synonyms, list) or not all(isinstance(s, str) and s.strip() for s in synonyms):
        raise ValueError(f"{where}: field 'synonyms' must be a list of non-empty strings")
    return Account(
        name=name.strip(),
        type=raw["type"],
        subtype=raw["subtype"].strip(),
        normal_balance=raw["normal_balance"],
        statement=raw["statement"],
        contra=raw["contra"],
        synonyms=tuple(s.strip() for s in synonyms),
    )


def _read(path: Path) -> ChartOfAccounts:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, list) or not data:
        raise ValueError(f"{path}: expected a non-empty YAML list of accounts")
    accounts = tuple(_parse_account(raw, i) for i, raw in enumerate(data))
    seen: set[str] = set()
    for acc in accounts:
        if acc.name.casefold() in seen:
            raise ValueError(f"account {acc.name!r}: duplicate name")
        seen.add(acc.name.casefold())
    return ChartOfAccounts(accounts)


@cache
def _load_default() -> ChartOfAccounts:
    from acctbench._paths import data_path

    return _read(data_path("rewards", "accounts.yaml"))


def load_accounts(path: Path | str | None = None) -> ChartOfAccounts:
    """Load and validate a chart of accounts; the bundled default is loaded once and cached."""
    return _load_default() if path is None else _read(Path(path))
