"""Static checks: no unused imports or names, no syntax errors, no mutable defaults."""

import shutil
import subprocess

import pytest

from tests.conftest import ROOT


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff not installed (pip install -e '.[dev]')")
def test_ruff_is_clean():
    out = subprocess.run(["ruff", "check", "acctbench", "tests", "benchmarks"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def _imports_of(path):
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def test_nothing_below_cli_imports_cli():
    """Dependencies run one way: only ``cli/`` (and ``python -m`` shims) may import ``acctbench.cli``."""
    offenders = []
    for path in sorted((ROOT / "acctbench").rglob("*.py")):
        rel = path.relative_to(ROOT / "acctbench")
        if rel.parts[0] == "cli" or rel.name == "__main__.py":
            continue
        offenders += [f"{rel}: {m}" for m in _imports_of(path) if m == "acctbench.cli" or m.startswith("acctbench.cli.")]
    assert offenders == []


PROTOCOL = "acctbench.models.base"
"""The backend protocol and its value types (Request, GenerationConfig): no backend lives there."""


def test_scorers_never_import_backends_runner_train_or_cli():
    """Scorers are pure: ``rewards/`` imports no model backend, runner, train, audit or CLI. The LLM
    judge receives a backend object and may use the protocol's request types to talk to it."""
    banned = ("acctbench.models", "acctbench.runner", "acctbench.train", "acctbench.cli", "acctbench.audit")
    offenders = []
    for path in sorted((ROOT / "acctbench" / "rewards").rglob("*.py")):
        offenders += [f"{path.name}: {m}" for m in _imports_of(path) if m.startswith(banned) and m != PROTOCOL]
    assert offenders == []


def test_the_backend_protocol_imports_no_backend():
    """What scorers may import from ``models/`` stays free of backends: only prompt and schema types."""
    internal = sorted(m for m in _imports_of(ROOT / "acctbench" / "models" / "base.py") if m.startswith("acctbench"))
    assert internal == ["acctbench.prompt", "acctbench.schema"]
