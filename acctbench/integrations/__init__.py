"""Thin adapters that put acctbench's suites, prompt and scorers into other harnesses.

``inspect_ai``: tasks ``acctbench/<suite>`` and the :func:`~acctbench.integrations.inspect_ai.acctbench_scorer`
adapter (extra ``acctbench[inspect]``); ``lm_eval``: task files written by ``acctbench export
lm-eval`` (extra ``acctbench[lm-eval]``). HF datasets come from ``Suite.to_hf``. acctbench's
own modules never import these; the harnesses do.
"""
