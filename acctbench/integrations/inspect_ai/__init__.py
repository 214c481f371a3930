"""inspect_ai tasks and scorer (extra ``acctbench[inspect]``).

``inspect eval acctbench/<suite> --model ...`` runs a bundled suite with acctbench's prompt and
scorers (``-T split=train``, ``-T few_shot=2``); the package's ``inspect_ai`` entry point loads
:mod:`._registry`. :func:`acctbench_scorer` also scores any inspect task whose samples carry
an acctbench item (``metadata["item_json"]``).
"""

from acctbench.integrations.inspect_ai.scorer import acctbench_scorer, judgement_score
from acctbench.integrations.inspect_ai.tasks import suite_task

__all__ = ["acctbench_scorer", "judgement_score", "suite_task"]
