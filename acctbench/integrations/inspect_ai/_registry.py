"""What the ``inspect_ai`` entry point loads: registering the suite tasks and the scorer."""

from acctbench.integrations.inspect_ai.scorer import acctbench_scorer  # noqa: F401
from acctbench.integrations.inspect_ai.tasks import TASKS  # noqa: F401
