"""The default embedding runtime (``auto``: OpenVINO bf16) keeps every audit figure of fp32 torch.

The calibration audit and each held-out pair set are scored with the full ``total`` on both
runtimes; every accuracy (per scorer, per kind), the verdict and the failing pair ids must be equal.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from acctbench.audit.run import run_audit
from acctbench.rewards import Judge

pytest.importorskip("openvino", reason="OpenVINO is optional (in the onnx extra, so in the test extra)")

REWARDS = Path(__file__).resolve().parents[1] / "rewards"


def pair_sets() -> list[tuple[Path | None, Path | None]]:
    """(pairs, items) for the calibration audit and every held-out set; new-item sets bring their items."""
    sets: list[tuple[Path | None, Path | None]] = [(None, None)]
    sets += [(p, None) for p in sorted(REWARDS.glob("heldout_pairs*.jsonl"))]
    for pairs in sorted(REWARDS.glob("heldout_newitem_pairs*.jsonl")):
        items = REWARDS / pairs.name.replace("newitem_pairs", "newitems")
        sets.append((pairs, items if items.is_file() else None))
    return sets


def figures(result: dict[str, Any]) -> dict[str, Any]:
    """What an audit reports, less the scores' own values."""
    return {"n_pairs": result["n_pairs"], "scorers": result["scorers"], "kinds": result["kinds"], "passed": result["passed"],
            "failures": sorted(f["id"] for f in result["failures"])}


@pytest.fixture(scope="module")
def judges() -> dict[str, Judge]:
    judge = Judge(similarity_backend="auto")
    judge.scorers["similarity"].model  # noqa: B018  (load now, to check what runs)
    assert judge.scorers["similarity"].runtime in ("openvino-bf16", "openvino")
    return {"torch": Judge(similarity_backend="torch"), "auto": judge}


@pytest.mark.slow
@pytest.mark.parametrize("pairs, items", pair_sets(), ids=lambda p: p.name if p else "calibration")
def test_audit_figures_equal_torch(judges: dict[str, Judge], pairs: Path | None, items: Path | None) -> None:
    torch_result = run_audit(judges["torch"], pairs, items)
    auto_result = run_audit(judges["auto"], pairs, items)
    assert figures(auto_result) == figures(torch_result)
    assert auto_result["scoring"]["similarity_backend"] == "auto"
