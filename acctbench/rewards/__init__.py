"""Reward scorers: pure checks of one completion against one item, with explanations.

Scorers: ``correctness``, ``xml_format``, ``terms``, ``principles``, ``similarity``; and the
weighted ``total``. Use :class:`Judge` to score, :func:`get_reward_funcs` for TRL.
"""

from acctbench.rewards.custom import register_scorer, unregister_scorer
from acctbench.rewards.judge import Judge, Judgement
from acctbench.rewards.parsing import Parsed, parse
from acctbench.rewards.registry import SCORER_NAMES, get_scorer
from acctbench.rewards.total import DEFAULT_WEIGHTS, combine
from acctbench.rewards.trl import get_commitment_flags, get_reward_funcs
from acctbench.rewards.types import Score

__all__ = [
    "DEFAULT_WEIGHTS",
    "SCORER_NAMES",
    "Judge",
    "Judgement",
    "Parsed",
    "Score",
    "combine",
    "get_commitment_flags",
    "get_reward_funcs",
    "get_scorer",
    "parse",
    "register_scorer",
    "unregister_scorer",
]
