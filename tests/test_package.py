"""Packaging: a light import, and the wheel that carries its data folders."""

import json
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
    """Build the wheel, install it with its dependencies into a really fresh venv (no system or
    parent site-packages; pinned by constraints.txt, from the local cache or the registry), load
    every suite and run the installed command."""
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(ROOT)],
                   check=True, capture_output=True)
    wheel = next(dist.glob("acctbench-*.whl"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True, system_site_packages=False)
    python = env_dir / "bin" / "python"
    pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", "-c", str(ROOT / "constraints.txt")]
    subprocess.run(pip + ["torch==2.13.0"], check=True)  # the CPU build first (see README)
    subprocess.run(pip + [str(wheel)], check=True)
    # Really fresh: nothing of this checkout's environment is visible to the new interpreter.
    seen = subprocess.run([str(python), "-c", "import json, sys; print(json.dumps(sys.path))"],
                          capture_output=True, text=True, check=True)
    assert not [p for p in json.loads(seen.stdout) if p.startswith(sys.prefix) or "site-packages" in p and str(env_dir) not in p]
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
        "from acctbench.rewards import Judge\n"
        "item = suites()['journal'].load('test')[0]\n"
        "ref = item['reference']\n"
        "judgement = Judge().score(item, f\"<reasoning>{ref['reasoning']}</reasoning><answer>{ref['answer']}</answer>\")\n"
        "print('scored', judgement.total)\n"
    ) % str(env_dir)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run([str(python), "-c", script], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    names = {line.split()[0] for line in out.stdout.splitlines()}
    assert {"computations", "journal", "choice", "concepts", "accounts", "scored"} <= names
    assert float(out.stdout.split("scored")[1]) > 0.9
    cli = subprocess.run([str(env_dir / "bin" / "acctbench"), "list"], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert cli.returncode == 0 and "computations" in cli.stdout, cli.stderr


def test_readme_fresh_machine_commands_use_a_venv_and_the_lock():
    """The README's two first-screen commands (which .ci/run runs verbatim) work where the system
    Python refuses pip (PEP 668): each makes and activates a venv and installs with constraints.txt."""
    import re

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for marker in ("**Run the demo**", "**Run the tests**"):
        command = re.search(r"```bash\n(.*?)\n```", text[text.index(marker):], re.S).group(1)
        assert command.startswith("python3 -m venv .venv && . .venv/bin/activate && "), command
        assert "-c constraints.txt" in command and "\n" not in command
    pins = [line for line in (ROOT / "constraints.txt").read_text().splitlines() if line and not line.startswith("#")]
    assert all(re.fullmatch(r"[A-Za-z0-9_.\-]+==[0-9][^\s]*", p) for p in pins), "constraints.txt: one name==version a line"
    assert "torch==2.13.0" in pins and not any(p.startswith("acctbench") for p in pins)
