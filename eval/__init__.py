"""Measure answer accuracy on a question set: ``from eval import run_eval``."""

from eval.runner import EvalResult, run_eval

__all__ = ["EvalResult", "run_eval"]
