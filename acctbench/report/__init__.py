"""Comparison reports across run directories: HTML (self-contained), Markdown and CSV.

Reports read run directories only (``samples.jsonl``, ``items.jsonl``, ``summary.json``,
``run.json``), and optionally ``acctbench train`` output directories for a training section::

    from acctbench.report import load_run, load_training, build_report, render
    runs = [load_run(p) for p in paths]
    html = render(build_report(runs, baseline=0, training=[load_training(out)]), "html")
"""

from acctbench.report.build import build_report
from acctbench.report.load import Run, System, load_run, systems_of
from acctbench.report.render import FORMATS, render, render_csv, render_html, render_markdown
from acctbench.report.stats import compare, mcnemar_exact, paired_bootstrap
from acctbench.report.training import TrainingRun, is_training_dir, load_training

__all__ = [
    "FORMATS",
    "Run",
    "System",
    "TrainingRun",
    "build_report",
    "compare",
    "is_training_dir",
    "load_run",
    "load_training",
    "mcnemar_exact",
    "paired_bootstrap",
    "render",
    "render_csv",
    "render_html",
    "render_markdown",
    "systems_of",
]
