"""The default embedding runtime (``auto``: OpenVINO bf16) keeps every audit figure of fp32 torch.

The calibration audit and each held-out pair set are scored with the full ``total`` on both
runtimes: the verdict must be equal, every scorer's accuracy within one pair, and a pair may flip
only where its margin is a near tie (``NEAR_TIE``; new-item set 3 has one, 0.0002 apart).
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


NEAR_TIE = 0.002
"""A pair whose ``total`` margin is below this may flip between runtimes (bf16 rounding)."""


def compare(auto: dict[str, Any], torch: dict[str, Any]) -> list[str]:
    """What differs between two audits beyond bf16 rounding: the pair count, the verdict, a
    flipped pair that was not a near tie, or a scorer's accuracy off by more than one pair."""
    problems = [k for k in ("n_pairs", "passed") if auto[k] != torch[k]]
    fails = {f["id"]: f for f in auto["failures"]} | {f["id"]: f for f in torch["failures"]}
    flipped = {f["id"] for f in auto["failures"]} ^ {f["id"] for f in torch["failures"]}
    problems += [f"{i} flipped with margin {fails[i]['chosen'] - fails[i]['rejected']:.4f}" for i in sorted(flipped)
                 if abs(fails[i]["chosen"] - fails[i]["rejected"]) >= NEAR_TIE]
    for name, got in auto["scorers"].items():
        want = torch["scorers"][name]
        if got["n"] != want["n"] or abs(got["accuracy"] - want["accuracy"]) > 1 / max(1, want["n"]) + 1e-4:
            problems.append(f"{name}: {got} vs {want}")
    return problems


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
    assert not compare(auto_result, torch_result)
    assert auto_result["scoring"]["similarity_backend"] == "auto"


def test_compare_allows_only_near_ties_to_flip() -> None:
    base = {"n_pairs": 2, "passed": False, "scorers": {"total": {"accuracy": 0.5, "n": 2}},
            "failures": [{"id": "p1", "chosen": 0.5, "rejected": 0.9}]}
    near = {**base, "failures": [*base["failures"], {"id": "p2", "chosen": 0.9370, "rejected": 0.9372}]}
    far = {**base, "failures": [*base["failures"], {"id": "p2", "chosen": 0.3, "rejected": 0.9}]}
    assert compare(base, base) == []
    assert compare(near, base) == []
    assert compare(far, base) == ["p2 flipped with margin -0.6000"]
    assert compare({**base, "passed": True}, base) == ["passed"]
