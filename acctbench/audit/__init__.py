"""The scorer audit: chosen/rejected calibration pairs, measured like a reward model."""

from acctbench.audit.run import render_audit, run_audit

__all__ = ["render_audit", "run_audit"]
