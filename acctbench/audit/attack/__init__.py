"""Attacks on the reward: operators as data, a budgeted search, hack and false-alarm rates.

``acctbench attack`` runs it; :func:`run_attack` is the library entry point.
"""

from acctbench.audit.attack.files import load_operators, read_operators
from acctbench.audit.attack.operators import Operator, OperatorError
from acctbench.audit.attack.report import DEFAULT_THRESHOLDS, HACK_SCORE, render_attack
from acctbench.audit.attack.run import run_attack
from acctbench.audit.attack.search import SearchConfig

__all__ = [
    "DEFAULT_THRESHOLDS",
    "HACK_SCORE",
    "Operator",
    "OperatorError",
    "SearchConfig",
    "load_operators",
    "read_operators",
    "render_attack",
    "run_attack",
]
