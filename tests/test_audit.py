"""The calibration audit: the bundled pairs are reproducible and the scorers pass them."""

import json
import subprocess
import sys

from acctbench._paths import data_path
from acctbench.audit.pairs import KINDS, build_pairs


def test_pairs_file_equals_a_rebuild():
    committed = data_path("rewards", "calibration_pairs.jsonl").read_text(encoding="utf-8").splitlines()
    rebuilt = [json.dumps(p, ensure_ascii=False) for p in build_pairs()]
    assert committed == rebuilt, "stale pairs: run python -m acctbench.audit.pairs"


def test_pairs_cover_every_kind():
    rows = [json.loads(line) for line in data_path("rewards", "calibration_pairs.jsonl").read_text().splitlines()]
    assert len(rows) >= 300
    counts = {kind: sum(r["kind"] == kind for r in rows) for kind in KINDS}
    assert all(n >= 10 for n in counts.values()), counts
    assert all(r["chosen"] != r["rejected"] for r in rows)


def test_audit_passes_and_beats_the_naive_baseline(tmp_path):
    out = subprocess.run([sys.executable, "-m", "acctbench", "audit", "--json", str(tmp_path / "audit.json")],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "PASS" in out.stdout and "naive total" in out.stdout
    result = json.loads((tmp_path / "audit.json").read_text())
    assert result["scorers"]["total"]["accuracy"] >= 0.95
    assert all(k["total"]["accuracy"] >= 0.85 for k in result["kinds"].values())
    assert result["scorers"]["total"]["accuracy"] > result["scorers"]["naive_total"]["accuracy"] + 0.3


def test_audit_fails_below_threshold(tmp_path):
    """Only the format scorer cannot rank most pairs: the audit must say FAIL and exit 1."""
    out = subprocess.run([sys.executable, "-m", "acctbench", "audit", "--scorers", "xml_format"], capture_output=True, text=True)
    assert out.returncode == 1 and "FAIL" in out.stdout
