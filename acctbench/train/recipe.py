"""Recipes: a YAML file plus ``--key value`` overrides read into :class:`TrainArguments`.

Precedence: dataclass defaults < the recipe (``--config FILE.yaml``) < command-line overrides
(``--key value``, ``--key=value``; dashes and underscores are interchangeable). Values are
coerced by field type: ``5e-6`` is a float even though YAML 1.1 reads it as text, booleans take
``true/false/yes/no/1/0``, lists take YAML (``[a, b]``) or ``a,b``, mappings take YAML
(``{a: 1}``) or ``a=1,b=2``. Unknown keys are an error with a "did you mean" hint. Light: no
torch, no trl.
"""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from acctbench.train.config import ConfigError, TrainArguments, hint

# ---- coercion ------------------------------------------------------------------------------

FIELDS: dict[str, dataclasses.Field] = {f.name: f for f in dataclasses.fields(TrainArguments)}
_HINTS = typing.get_type_hints(TrainArguments)
_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


def _split_optional(annotation: Any) -> tuple[Any, bool]:
    """``(inner type, optional)`` for ``X | None``."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return args[0], len(args) < len(typing.get_args(annotation))
    return annotation, False


def coerce(name: str, value: Any) -> Any:
    """``value`` (from YAML or the command line) as the type of field ``name``."""
    kind, optional = _split_optional(_HINTS[name])
    if isinstance(value, str) and kind is not str:
        stripped = value.strip()
        if optional and stripped.lower() in {"null", "none", "~", ""}:
            return None
        if kind is not bool:
            try:
                value = yaml.safe_load(stripped) if stripped else stripped
            except yaml.YAMLError:
                value = stripped
    if value is None:
        if optional:
            return None
        raise ConfigError(f"{name} cannot be null")
    try:
        return _coerce_to(kind, value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"bad value for {name}: {value!r} ({exc})") from None


def _coerce_to(kind: Any, value: Any) -> Any:
    origin = typing.get_origin(kind)
    if kind is bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE | _FALSE:
            return text in _TRUE
        raise ValueError("expected true or false")
    if kind is int:
        if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
            raise ValueError("expected an integer")
        return int(value)
    if kind is float:
        if isinstance(value, bool):
            raise ValueError("expected a number")
        return float(value)
    if kind is str:
        if isinstance(value, (dict, list)):
            raise ValueError("expected text")
        return str(value)
    if origin is list:
        (inner,) = typing.get_args(kind)
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        if not isinstance(value, (list, tuple)):
            raise ValueError("expected a list")
        return [_coerce_to(inner, v) for v in value]
    if origin is dict:
        key_type, value_type = typing.get_args(kind)
        if isinstance(value, str):
            value = _parse_pairs(value)
        if not isinstance(value, Mapping):
            raise ValueError("expected a mapping")
        return {_coerce_to(key_type, k): _coerce_to(value_type, v) for k, v in value.items()}
    raise TypeError(f"unsupported field type {kind!r}")


def _parse_pairs(text: str) -> dict[str, str]:
    out = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, sep, value = part.partition("=")
        if not sep:
            raise ValueError(f"expected name=value pairs, got {part!r}")
        out[key.strip()] = value.strip()
    return out


def _key(raw: str) -> str:
    return raw.strip().lstrip("-").replace("-", "_")


def _check_key(key: str, where: str) -> None:
    if key not in FIELDS:
        raise ConfigError(f"unknown key {key!r} in {where}{hint(key, FIELDS)} (run 'acctbench train --help' for the list)")


# ---- loading ---------------------------------------------------------------------------------


def read_recipe(path: str | Path) -> dict[str, Any]:
    """The raw mapping of a YAML recipe, keys checked."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"recipe not found: {path}")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path} is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path} must hold a mapping of key: value, got {type(data).__name__}")
    out = {}
    for raw, value in data.items():
        key = _key(str(raw))
        _check_key(key, str(path))
        out[key] = value
    return out


def load_arguments(config: str | Path | None = None, overrides: Mapping[str, Any] | None = None) -> TrainArguments:
    """Defaults, then the recipe, then ``overrides`` (raw strings or values), coerced and validated."""
    values: dict[str, Any] = {}
    if config is not None:
        values.update({k: coerce(k, v) for k, v in read_recipe(config).items()})
    for raw, value in (overrides or {}).items():
        key = _key(raw)
        _check_key(key, "the overrides")
        values[key] = coerce(key, value)
    return TrainArguments(**values).validate()


# ---- argparse --------------------------------------------------------------------------------


class OverridesParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` that turns unrecognised ``--key`` options into a "did you mean" error."""

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> tuple[argparse.Namespace, list[str]]:
        ns, extras = super().parse_known_args(args, namespace)
        for token in extras:
            key = _key(token.partition("=")[0])
            if token.startswith("--") and key:
                close = difflib.get_close_matches(key, list(FIELDS), n=1)
                suggestion = f"; did you mean --{close[0]}?" if close else ""
                self.error(f"unknown option {token.partition('=')[0]}{suggestion}")
            self.error(f"unexpected argument {token!r}")
        return ns, extras


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--config`` plus one ``--<field>`` option per :class:`TrainArguments` field (help from metadata)."""
    parser.add_argument("--config", type=Path, help="YAML recipe, e.g. finetune/tiny-cpu.yaml (overrides follow as --key value)")
    parser.add_argument("--print-config", action="store_true", help="print the resolved recipe as YAML and exit")
    group = parser.add_argument_group("recipe keys (override the YAML)")
    for name, f in FIELDS.items():
        kind, _ = _split_optional(_HINTS[name])
        flags = [f"--{name}"] + ([f"--{name.replace('_', '-')}"] if "_" in name else [])
        extra: dict[str, Any] = {"nargs": "?", "const": "true"} if kind is bool else {}
        group.add_argument(*flags, dest=f"key_{name}", default=argparse.SUPPRESS, metavar=_metavar(kind),
                           help=f"{f.metadata['help']} (default: {_default_text(f)})", **extra)


def _metavar(kind: Any) -> str:
    origin = typing.get_origin(kind)
    return {bool: "BOOL", int: "INT", float: "FLOAT", str: "TEXT"}.get(kind) or ("A,B" if origin is list else "K=V,...")


def _default_text(f: dataclasses.Field) -> str:
    value = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default  # type: ignore[misc]
    return "none" if value in ("", None) else str(value).replace("%", "%%")


def arguments_from_namespace(ns: argparse.Namespace) -> TrainArguments:
    """The :class:`TrainArguments` of parsed ``add_arguments`` options."""
    overrides = {k[4:]: v for k, v in vars(ns).items() if k.startswith("key_")}
    return load_arguments(ns.config, overrides)


def dump_yaml(args: TrainArguments) -> str:
    """The resolved recipe as YAML (field order kept)."""
    return yaml.safe_dump(args.to_dict(), sort_keys=False, allow_unicode=True)
