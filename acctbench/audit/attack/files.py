"""Operator files: ``rewards/attack_operators.yaml`` (a YAML list) and JSONL files in the
held-out format (``{"id", "family", "label", "types", "answer", "reasoning"?, "completion"?,
"note"}`` a line). Every bad entry is reported as ``file:line: field: message``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from acctbench.audit.attack.operators import Operator, OperatorError, parse_operator


def _yaml_entries(path: Path, text: str) -> list[tuple[int, dict[str, int], Any]]:
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None or not isinstance(root, yaml.SequenceNode):
            raise OperatorError(f"{path}:1: file: expected a YAML list of operators")
        out = []
        for node in root.value:
            keys = {k.value: k.start_mark.line + 1 for k, _ in node.value} if isinstance(node, yaml.MappingNode) else {}
            out.append((node.start_mark.line + 1, keys, loader.construct_object(node, deep=True)))
        return out
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", 0) + 1
        raise OperatorError(f"{path}:{line}: file: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    finally:
        loader.dispose()


def _jsonl_entries(path: Path, text: str) -> list[tuple[int, dict[str, int], Any]]:
    out = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except ValueError as exc:
            raise OperatorError(f"{path}:{lineno}: line: not valid JSON ({exc})") from None
        out.append((lineno, {}, raw))
    return out


def read_operators(path: Path) -> list[Operator]:
    """The operators of one file (``.yaml``/``.yml`` list or ``.jsonl``); every bad entry is
    reported as ``file:line: field: message``."""
    text = path.read_text(encoding="utf-8")
    if path.suffix in {".yaml", ".yml"}:
        entries = _yaml_entries(path, text)
    elif path.suffix == ".jsonl":
        entries = _jsonl_entries(path, text)
    else:
        raise OperatorError(f"{path}:1: file: expected a .yaml, .yml or .jsonl operator file")
    ops, errors, seen = [], [], {}
    for line, keys, raw in entries:
        op, problems = parse_operator(raw)
        errors += [f"{path}:{keys.get(f.split('.')[0], line)}: {f}: {m}" for f, m in problems]
        if op and op.name in seen:
            errors.append(f"{path}:{line}: name: duplicate of the operator at line {seen[op.name]}")
        elif op:
            seen[op.name] = line
            ops.append(op)
    if errors:
        raise OperatorError("\n".join(errors))
    if not ops:
        raise OperatorError(f"{path}:1: file: no operators")
    return ops


def load_operators(paths: Sequence[Path] | None = None) -> list[Operator]:
    """Operators from ``paths`` (default: the bundled ``rewards/attack_operators.yaml``)."""
    from acctbench._paths import data_path

    ops: list[Operator] = []
    for path in paths or [data_path("rewards", "attack_operators.yaml")]:
        ops += read_operators(Path(path))
    names = [op.name for op in ops]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise OperatorError(f"operator name(s) defined in more than one file: {dupes}")
    return ops
