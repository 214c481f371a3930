"""acctbench: accounting QA benchmarks, hack-resistant reward scorers, runs and reports.

Importing the package is light: no torch, transformers or sentence-transformers.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
