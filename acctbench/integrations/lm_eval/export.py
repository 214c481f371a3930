"""Write lm-evaluation-harness task files: one YAML per suite, a group ``acctbench`` and ``utils.py``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from acctbench import __version__
from acctbench.prompt import PLAIN_STOP, SYSTEM_PROMPT, prompt_hash

GROUP = "acctbench"
MAX_GEN_TOKS = 512
"""As ``acctbench run``'s default ``max_new_tokens``."""
UTILS = '''"""Hooks of the acctbench tasks beside this file (written by ``acctbench export lm-eval``)."""

from acctbench.integrations.lm_eval.hooks import doc_to_target, doc_to_text, load_dataset, make_process_results

__all__ = ["doc_to_target", "doc_to_text", "load_dataset", "process_results"]

process_results = make_process_results({scorers!r})
'''


class Function(str):
    """A ``!function utils.NAME`` reference in a task YAML."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(Function, lambda dumper, value: dumper.represent_scalar("!function", str(value)))


def task_name(suite: str) -> str:
    """The lm-eval task name of a suite."""
    return f"{GROUP}_{suite}"


def task_config(suite: Any, split: str, scorers: list[str]) -> dict[str, Any]:
    """The task YAML of one suite, as a dict."""
    metrics = [{"metric": "total", "aggregation": "mean", "higher_is_better": True}]
    metrics += [{"metric": name, "aggregation": "nanmean", "higher_is_better": True} for name in scorers]
    return {
        "task": task_name(suite.name),
        "tag": [GROUP + "_tasks"],
        "custom_dataset": Function("utils.load_dataset"),
        "dataset_kwargs": {"suite": suite.name},
        "output_type": "generate_until",
        "test_split": split,
        "fewshot_split": "train",
        "description": SYSTEM_PROMPT,
        "doc_to_text": Function("utils.doc_to_text"),
        "doc_to_target": Function("utils.doc_to_target"),
        "target_delimiter": "\n\n",
        "fewshot_delimiter": "\n\n",
        "generation_kwargs": {"until": [PLAIN_STOP], "do_sample": False, "temperature": 0.0, "max_gen_toks": MAX_GEN_TOKS},
        "process_results": Function("utils.process_results"),
        "metric_list": metrics,
        "metadata": {
            "version": suite.version,
            "acctbench": __version__,
            "prompt_hash": prompt_hash(),
            f"{split}_sha256": suite.content_hash(split),
        },
    }


def group_config(suites: list[Any]) -> dict[str, Any]:
    """The group YAML: every suite, ``total`` averaged over all items (weighted by size)."""
    return {
        "group": GROUP,
        "task": [task_name(s.name) for s in suites],
        "aggregate_metric_list": [{"metric": "total", "aggregation": "mean", "weight_by_size": True}],
        "metadata": {"version": __version__},
    }


def export_tasks(directory: Path, split: str = "test", force: bool = False) -> list[Path]:
    """Write the task files into ``directory``; the paths written. Refuses to overwrite unless ``force``."""
    from acctbench.rewards.registry import scorer_names
    from acctbench.suites import SPLITS, suites

    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; expected one of {SPLITS}")
    bundled = list(suites().values())
    scorers = list(scorer_names())
    files = {directory / f"{task_name(s.name)}.yaml": task_config(s, split, scorers) for s in bundled}
    files[directory / f"_{GROUP}.yaml"] = group_config(bundled)
    taken = [p for p in [*files, directory / "utils.py"] if p.exists()]
    if taken and not force:
        raise FileExistsError(f"{taken[0]} exists; pass --force to overwrite the export in {directory}")
    directory.mkdir(parents=True, exist_ok=True)
    for path, config in files.items():
        path.write_text(yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")
    utils = directory / "utils.py"
    utils.write_text(UTILS.format(scorers=scorers), encoding="utf-8")
    return [*files, utils]
