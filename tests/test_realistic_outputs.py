"""The held-out realistic-outputs figure as a regression floor (benchmarks/realistic_outputs.py).

Measured once as held-out (reports/realistic_outputs_heldout.txt): 92.8% agreement on the gold
types, 1 incorrect completion scored correct, numeric 100%; after the fix it revealed (subsidiary
ledger names after an account, "Accounts Receivable – A. Haddad"): 94.9%
(reports/realistic_outputs_after_fix.txt). A change that reads fewer of these
outputs right, or lets more wrong ones through, fails here.
"""

from __future__ import annotations

import pytest

from acctbench._paths import data_path
from benchmarks.realistic_outputs import measure, render


@pytest.mark.slow
def test_realistic_outputs_figures_do_not_regress():
    result = measure(data_path("rewards", "realistic_outputs.jsonl"))
    assert result["gold"]["n"] >= 200, render(result)
    assert result["gold"]["agreement"] >= 0.949, render(result)
    assert result["gold"]["false_positives"] <= 1, render(result)
    assert result["by_type"]["numeric"]["agreement"] == 1.0, render(result)
