"""Parameterised item templates and the code that builds the bundled suites from them."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from acctbench.generators.base import Template

__all__ = ["templates", "Template"]

_FAMILIES = ("numeric", "journal", "choice", "problems")


@cache
def templates(family: str) -> tuple[Template, ...]:
    """All templates of a family (``numeric``, ``journal``, ``choice`` or ``problems``), sorted by name.

    Every module in ``acctbench.generators.<family>`` contributes its ``TEMPLATES`` list.
    """
    if family not in _FAMILIES:
        raise ValueError(f"unknown template family {family!r}; expected one of {_FAMILIES}")
    package = importlib.import_module(f"acctbench.generators.{family}")
    found: list[Template] = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        found.extend(getattr(module, "TEMPLATES", ()))
    names = [t.name for t in found]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise RuntimeError(f"duplicate template names in {family}: {sorted(duplicates)}")
    return tuple(sorted(found, key=lambda t: t.name))
