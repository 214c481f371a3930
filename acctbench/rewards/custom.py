"""Custom scorers: a user's function joins the registry without forking acctbench.

``register_scorer(name, fn)`` (or an entry point in the ``acctbench.scorers`` group, named by
the scorer and pointing at ``fn``) makes ``name`` usable everywhere a scorer name is: ``Judge``,
``--scorers``, ``--weights``, TRL reward functions, the audit and reports. ``fn(item,
completion)`` receives the item dict and the completion text the built-in scorers read (after a
leading ``<think>`` block under the ``strip`` policy) and returns a value in [0, 1], ``None``
(not applicable), a ``(value, explanation)`` pair or a :class:`~acctbench.rewards.types.Score`.

The built-in guard wraps it: an exception, a value that is no number, NaN, or a call that runs
past ``timeout`` seconds scores 0 with ``metadata["status"] == "error"`` (or ``"timeout"``);
it never aborts a run or a training step. A timed-out call is abandoned on a daemon thread
(Python cannot kill a thread), so a scorer that hangs on every input costs ``timeout`` a call.
A custom scorer weighs 0 in ``total`` unless ``--weights`` (or ``weights=``) gives it weight.
"""

from __future__ import annotations

import logging
import math
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.metadata import entry_points
from typing import Any

from acctbench.rewards.parsing import Parsed
from acctbench.rewards.types import MAX_COMPLETION_CHARS, Score, not_applicable

logger = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "acctbench.scorers"
DEFAULT_TIMEOUT = 10.0
"""Seconds one call of a custom scorer may take before it scores 0 with status ``timeout``."""
RESERVED = ("total", "judge")
"""``total`` is the weighted combination; ``judge`` a built-in that grades with a model backend."""
_NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")

ScorerFn = Callable[[dict[str, Any], str], Any]


@dataclass(frozen=True)
class CustomScorer:
    """A registered function as a batch scorer, each call guarded and bounded in time."""

    name: str
    fn: ScorerFn
    timeout: float = DEFAULT_TIMEOUT

    def score_batch(self, items: list[dict[str, Any]], parsed: list[Parsed]) -> list[Score]:
        return [self.score_one(item, p.text[:MAX_COMPLETION_CHARS]) for item, p in zip(items, parsed)]

    def score_one(self, item: dict[str, Any], completion: str) -> Score:
        """One guarded call: never raises, returns within about ``timeout`` seconds."""
        box: dict[str, Any] = {}

        def call() -> None:
            try:
                box["value"] = self.fn(dict(item), completion)
            except BaseException as exc:  # noqa: BLE001 - a custom scorer must never abort scoring
                box["error"] = exc

        worker = threading.Thread(target=call, name=f"acctbench-scorer-{self.name}", daemon=True)
        worker.start()
        worker.join(self.timeout)
        if worker.is_alive():
            logger.warning("custom scorer %s ran past %.3gs; scored 0", self.name, self.timeout)
            return Score(0.0, f"scorer timeout: {self.name} ran past {self.timeout:g}s", metadata={"status": "timeout"})
        if "error" in box:
            exc = box["error"]
            logger.warning("custom scorer %s raised %s: %s", self.name, type(exc).__name__, exc)
            return _failed(f"{type(exc).__name__}: {exc}")
        return _as_score(self.name, box.get("value"))


def _failed(reason: str) -> Score:
    return Score(0.0, f"scorer error: {reason}"[:300], metadata={"status": "error"})


def _as_score(name: str, value: Any) -> Score:
    """A custom scorer's return value as a Score (a bad value is an error, scored 0)."""
    if isinstance(value, Score):
        if value.value is not None and math.isnan(value.value):
            return _failed(f"{name} returned NaN")
        return value
    explanation = f"custom scorer {name}"
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], str):
        value, explanation = value
    if value is None:
        return not_applicable(explanation)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return _failed(f"{name} returned {type(value).__name__}, not a number in [0, 1] or None")
    if not math.isfinite(value):
        return _failed(f"{name} returned {value!r}")
    return Score(float(value), explanation[:300])


_REGISTERED: dict[str, CustomScorer] = {}


def register_scorer(name: str, fn: ScorerFn, *, timeout: float = DEFAULT_TIMEOUT, replace: bool = False) -> None:
    """Add ``fn(item, completion) -> value | None | (value, why) | Score`` as scorer ``name``."""
    from acctbench.rewards.registry import SCORER_NAMES

    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise ValueError(f"scorer name must be snake_case (a-z, 0-9, _; starting with a letter; at most 40), got {name!r}")
    if name in SCORER_NAMES or name in RESERVED:
        raise ValueError(f"scorer name {name!r} is taken by a built-in scorer")
    if not callable(fn):
        raise ValueError(f"scorer {name!r}: {fn!r} is not callable")
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout < math.inf:
        raise ValueError(f"scorer {name!r}: timeout must be a positive number of seconds, got {timeout!r}")
    if name in custom_scorers() and not replace:
        raise ValueError(f"scorer {name!r} is already registered; pass replace=True to replace it")
    _REGISTERED[name] = CustomScorer(name, fn, float(timeout))


def unregister_scorer(name: str) -> None:
    """Remove a scorer added with :func:`register_scorer` (no error if absent)."""
    _REGISTERED.pop(name, None)


@cache
def _entry_point_scorers() -> tuple[dict[str, CustomScorer], dict[str, str]]:
    """Scorers installed through the ``acctbench.scorers`` entry-point group, and load failures."""
    from acctbench.rewards.registry import SCORER_NAMES

    found: dict[str, CustomScorer] = {}
    broken: dict[str, str] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        where = f"entry point {ep.name} = {ep.value}"
        if not _NAME_RE.match(ep.name) or ep.name in SCORER_NAMES or ep.name in RESERVED:
            broken[ep.name] = f"{where}: the name must be snake_case and not a built-in scorer's"
            continue
        try:
            fn = ep.load()
        except Exception as exc:  # noqa: BLE001 - a broken plugin must not break every command
            broken[ep.name] = f"{where} failed to load: {type(exc).__name__}: {exc}"
            continue
        if not callable(fn):
            broken[ep.name] = f"{where} is not callable"
            continue
        timeout = getattr(fn, "timeout", DEFAULT_TIMEOUT)  # a plugin may set fn.timeout (seconds)
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout < math.inf:
            broken[ep.name] = f"{where}: fn.timeout must be a positive number of seconds, got {timeout!r}"
            continue
        found[ep.name] = CustomScorer(ep.name, fn, float(timeout))
    for message in broken.values():
        logger.warning("acctbench scorer plugin skipped: %s", message)
    return found, broken


def custom_scorers() -> dict[str, CustomScorer]:
    """Every custom scorer by name: entry points first, then (overriding) registered ones."""
    return {**_entry_point_scorers()[0], **_REGISTERED}


def broken_plugin(name: str) -> str | None:
    """Why the entry point called ``name`` could not be loaded, if it could not."""
    return None if name in _REGISTERED else _entry_point_scorers()[1].get(name)
