"""Comparison reports across run directories: HTML (self-contained), Markdown and CSV.

Reports read run directories only (``samples.jsonl``, ``items.jsonl``, ``summary.json``,
``run.json``)::

    from acctbench.report import load_run, build_report, render
    runs = [load_run(p) for p in paths]
    html = render(build_report(runs, baseline=0), "html")
"""

from acctbench.report.build import build_report
from acctbench.report.load import Run, System, load_run, systems_of
from acctbench.report.render import FORMATS, render, render_csv, render_html, render_markdown
from acctbench.report.stats import compare, mcnemar_exact, paired_bootstrap

__all__ = [
    "FORMATS",
    "Run",
    "System",
    "build_report",
    "compare",
    "load_run",
    "mcnemar_exact",
    "paired_bootstrap",
    "render",
    "render_csv",
    "render_html",
    "render_markdown",
    "systems_of",
]
