"""Attack operators as data: what an operator is, and the checks on one entry of an operator
file (files are read by :mod:`acctbench.audit.attack.files`).

An operator is a named transform with parameters (a ``template`` when the entry gives
``answer`` / ``reasoning`` / ``completion`` templates), a family, a label (``wrong``: the result
must score low; ``correct``: it must keep scoring high), the item types it applies to, and how it
composes in the search: a ``seed`` is applied to the reference only and at most once; a
``mutation`` keeps what a candidate asserts (or only hides it) and may be stacked on any candidate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from random import Random
from typing import Any

from acctbench.audit.attack.slots import ITEM_FACTS, ONLY_FOR, PLACEHOLDERS, Candidate, Slots, placeholders
from acctbench.audit.attack.transforms import TRANSFORMS
from acctbench.audit.attack.vocabulary import contrast_partners, default_vocabulary
from acctbench.schema import ITEM_TYPES

LABELS = ("wrong", "correct")
COMPOSE = ("seed", "mutation")
TEMPLATE_FIELDS = ("answer", "reasoning", "completion")
KEYS = ("name", "id", "family", "label", "types", "compose", "units", "note", "transform", "params", *TEMPLATE_FIELDS)
MUTATIONS = ("template", "insert", "reformat_number", "synonym_accounts", "journal_layout", "drop_answer_block")
CHOICES = {("flip_sign", "style"): ("minus", "parens"), ("scale_number", "percent"): ("keep", "drop"),
           ("synonym_accounts", "pick"): ("first", "random"), ("vocabulary", "field"): TEMPLATE_FIELDS}


class OperatorError(ValueError):
    """An operator file with bad entries; the message lists each as ``file:line: field: message``."""


@dataclass(frozen=True)
class Operator:
    """One attack operator."""

    name: str
    family: str
    label: str
    types: tuple[str, ...]
    transform: str
    params: dict[str, Any] = field(default_factory=dict)
    compose: str = "seed"
    units: tuple[str, ...] | None = None
    note: str = ""

    def applies(self, item: dict[str, Any]) -> bool:
        """Whether the operator is meant for this item (type, and unit for numeric items)."""
        if item["type"] not in self.types:
            return False
        return self.units is None or item["type"] != "numeric" or item.get("unit", "") in self.units

    def apply(self, cand: Candidate, slots: Slots, rng: Random) -> Candidate | None:
        """The transformed candidate, or ``None`` when it does not apply here (a whole completion
        written by a completion template is not edited further)."""
        if cand.raw is not None:
            return None
        return TRANSFORMS[self.transform].fn(cand, slots, self.params, rng)


def _templates(transform: str, params: dict[str, Any]) -> dict[str, str]:
    if transform == "template":
        return {k: params[k] for k in TEMPLATE_FIELDS if isinstance(params.get(k), str)}
    if transform == "vocabulary":
        lists = default_vocabulary().phrasings
        return {f"params.list[{i}]": t for i, t in enumerate(lists.get(params.get("list"), ()))}
    return {}


def _check_templates(templates: dict[str, str], types: Sequence[str], compose: str, problems: list[tuple[str, str]]) -> None:
    for where, text in templates.items():
        names = placeholders(text)
        unknown = sorted(names - set(PLACEHOLDERS))
        if unknown:
            problems.append((where, f"unknown placeholder(s) {unknown}; expected {list(PLACEHOLDERS)}"))
        for name, kinds in ONLY_FOR.items():
            if name in names and set(types) - set(kinds):
                problems.append((where, f"{{{name}}} is not available for {sorted(set(types) - set(kinds))} items"))
        if compose == "mutation" and names & set(ITEM_FACTS):
            problems.append((where, "a mutation may use only {answer}, {reasoning} and {question}"))
    if compose == "mutation":
        if "completion" in templates:
            problems.append(("completion", "a mutation edits the parts; it cannot write a whole completion"))
        for part in ("answer", "reasoning"):
            if part in templates and f"{{{part}}}" not in templates[part]:
                problems.append((part, f"a mutation must keep the candidate's {{{part}}}"))


def _check_params(transform: str, params: dict[str, Any], problems: list[tuple[str, str]]) -> None:
    spec = TRANSFORMS[transform].params
    for key in sorted(set(params) - set(spec)):
        problems.append((f"params.{key}", f"unknown parameter of {transform}; expected {sorted(spec)}"))
    for key, (kind, required) in spec.items():
        if key not in params:
            if required:
                problems.append((f"params.{key}", f"required by {transform}"))
            continue
        value = params[key]
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) if kind is float else isinstance(value, kind) and (kind is not int or not isinstance(value, bool))
        if not ok:
            problems.append((f"params.{key}", f"expected {kind.__name__}, got {value!r}"))
        elif (transform, key) in CHOICES and value not in CHOICES[(transform, key)]:
            problems.append((f"params.{key}", f"expected one of {list(CHOICES[(transform, key)])}, got {value!r}"))
    vocab = default_vocabulary()
    if transform == "vocabulary" and params.get("list") not in vocab.phrasings:
        problems.append(("params.list", f"no phrasing list {params.get('list')!r} in the vocabulary; expected one of {sorted(vocab.phrasings)}"))
    if transform == "insert" and params.get("list") not in vocab.insertions:
        problems.append(("params.list", f"no insertion list {params.get('list')!r} in the vocabulary; expected one of {sorted(vocab.insertions)}"))
    if transform == "swap_contrast":
        bad = [w for w in params.get("words") or [] if w not in contrast_partners()]
        if bad:
            problems.append(("params.words", f"not in rewards/contrasts.yaml: {bad}"))
        if not set(params.get("fields") or []) <= {"answer", "reasoning"}:
            problems.append(("params.fields", "expected a list of 'answer' and/or 'reasoning'"))
    if transform == "journal_layout":
        for side in ("debit", "credit"):
            if isinstance(params.get(side), str) and not {"account", "amount"} <= placeholders(params[side]):
                problems.append((f"params.{side}", "a line template needs {account} and {amount}"))


def parse_operator(raw: Any) -> tuple[Operator | None, list[tuple[str, str]]]:
    """An operator from one entry, or the problems found in it as ``(field, message)``."""
    if not isinstance(raw, dict):
        return None, [("entry", "expected a mapping")]
    problems = [(k, f"unknown field; expected some of {list(KEYS)}") for k in raw if k not in KEYS]
    name = raw.get("name", raw.get("id"))
    for key, value in (("name", name), ("family", raw.get("family"))):
        if not isinstance(value, str) or not value.strip():
            problems.append((key, "required, a non-empty string"))
    if raw.get("label") not in LABELS:
        problems.append(("label", f"expected one of {list(LABELS)}, got {raw.get('label')!r}"))
    types = raw.get("types")
    if not isinstance(types, list) or not types or not set(types) <= set(ITEM_TYPES):
        problems.append(("types", f"expected a non-empty list of {list(ITEM_TYPES)}, got {types!r}"))
        types = []
    compose = raw.get("compose", "seed")
    if compose not in COMPOSE:
        problems.append(("compose", f"expected one of {list(COMPOSE)}, got {compose!r}"))
    units = raw.get("units")
    if units is not None and not (isinstance(units, list) and all(isinstance(u, str) for u in units)):
        problems.append(("units", "expected a list of unit strings"))
    given = [k for k in TEMPLATE_FIELDS if k in raw]
    transform = raw.get("transform", "template" if given else None)
    if transform is None:
        problems.append(("answer", "required (or a transform with params)"))
    elif transform not in TRANSFORMS:
        problems.append(("transform", f"unknown transform {transform!r}; expected one of {sorted(TRANSFORMS)}"))
    elif transform != "template" and given:
        problems.append((given[0], f"templates need transform 'template', not {transform!r}"))
    params = dict(raw.get("params") or {}) if isinstance(raw.get("params") or {}, dict) else None
    if params is None:
        problems.append(("params", "expected a mapping"))
    elif transform == "template":
        params |= {k: raw[k] for k in given}
        if "answer" not in params and "completion" not in params:
            problems.append(("answer", "required (or a whole-completion template)"))
        for k in given:
            if not isinstance(raw[k], str) or not raw[k].strip():
                problems.append((k, "expected a non-empty template string"))
    if params is not None and transform in TRANSFORMS:
        _check_params(transform, params, problems)
        _check_templates(_templates(transform, params), types, compose, problems)
        if compose == "mutation" and transform not in MUTATIONS:
            problems.append(("compose", f"{transform} changes what a candidate asserts; it can only be a seed"))
    if problems:
        return None, problems
    op = Operator(name.strip(), raw["family"].strip(), raw["label"], tuple(types), transform, params,
                  compose, tuple(units) if units is not None else None, str(raw.get("note", "")))
    return op, []
