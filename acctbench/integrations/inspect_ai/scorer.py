"""``acctbench_scorer``: acctbench's Judge as an inspect_ai ``@scorer``.

The Score's ``value`` is a dict, ``total`` and one value per scorer (NaN where a scorer does
not apply: inspect counts those samples as unscored for that key, as acctbench's summaries
skip them); ``metrics={"*": [mean(), stderr()]}`` gives mean and stderr per key. ``answer`` is
the final answer read, ``explanation`` every scorer's reason, ``metadata`` the per-scorer
values (``None`` kept), explanations and statuses.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

from inspect_ai.scorer import Score, Scorer, Target, mean, scorer, stderr
from inspect_ai.solver import TaskState

from acctbench.rewards.judge import Judge, Judgement

TOTAL = "total"


def judgement_score(judgement: Judgement) -> Score:
    """A Judgement as an inspect Score."""
    values = judgement.values()
    return Score(
        value={TOTAL: judgement.total, **{n: math.nan if v is None else v for n, v in values.items()}},
        answer=judgement.answer,
        explanation="\n".join(f"{name}: {why}" for name, why in judgement.explanations().items()),
        metadata={
            "scores": values,
            "explanations": judgement.explanations(),
            "statuses": {n: s.metadata.get("status") for n, s in judgement.scores.items() if s.metadata.get("status")},
        },
    )


@scorer(metrics={"*": [mean(), stderr()]})
def acctbench_scorer(scorers: Sequence[str] | None = None, weights: Mapping[str, float] | None = None,
                     reasoning: str = "strip") -> Scorer:
    """Score the model's completion against the sample's acctbench item (``metadata["item_json"]``)."""
    judge: list[Judge] = []  # built on first use, once per scorer instance

    async def score(state: TaskState, target: Target) -> Score:
        if not judge:
            judge.append(Judge(list(scorers) if scorers else None, dict(weights) if weights else None, reasoning=reasoning))
        item: dict[str, Any] = json.loads(state.metadata["item_json"])
        return judgement_score(judge[0].score(item, state.output.completion))

    return score
