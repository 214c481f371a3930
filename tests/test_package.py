"""Packaging: a light import, and the wheel that carries its data folders."""

import os
import subprocess
import sys
import venv

import pytest

from tests.conftest import ROOT

HEAVY = ("torch", "transformers", "sentence_transformers", "spacy", "trl", "peft")


def test_import_is_light():
    code = (
        "import sys, acctbench, acctbench.rewards, acctbench.cli, acctbench.suites;"
        f"print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_datasets_folder_never_shadows_hf_datasets():
    assert not (ROOT / "datasets" / "__init__.py").exists()


@pytest.mark.slow
def test_wheel_installs_and_loads_every_suite(tmp_path):
    """Build the wheel, install it into a fresh venv outside the checkout, load every suite."""
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(ROOT)],
                   check=True, capture_output=True)
    wheel = next(dist.glob("acctbench-*.whl"))
    env_dir = tmp_path / "venv"
    # System site-packages supply the dependencies; the wheel itself goes into the venv.
    venv.create(env_dir, with_pip=True, system_site_packages=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)], check=True)
    script = (
        "import acctbench, acctbench._paths as p\n"
        "from acctbench.suites import suites\n"
        "assert '_bundled' in str(p.data_dir('datasets')), p.data_dir('datasets')\n"
        "assert str(acctbench.__file__).startswith(%r), acctbench.__file__\n"
        "for s in suites().values():\n"
        "    n = len(s.load('test')) + len(s.load('train'))\n"
        "    print(s.name, n)\n"
        "from acctbench.accounts import load_accounts\n"
        "print('accounts', len(load_accounts().accounts))\n"
    ) % str(env_dir)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run([str(python), "-c", script], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    names = {line.split()[0] for line in out.stdout.splitlines()}
    assert {"computations", "journal", "choice", "concepts", "accounts"} <= names
    cli = subprocess.run([str(env_dir / "bin" / "acctbench"), "list"], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert cli.returncode == 0 and "computations" in cli.stdout, cli.stderr
