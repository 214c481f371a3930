"""lm-evaluation-harness tasks: ``acctbench export lm-eval DIR`` then ``lm_eval --tasks acctbench --include_path DIR``."""
