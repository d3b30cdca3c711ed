"""The one formula both fitted models and their training share: a logistic regression over standardised rows."""

from __future__ import annotations

import numpy as np


def logistic(rows: np.ndarray, mean: np.ndarray, scale: np.ndarray, coef: np.ndarray, intercept: float) -> np.ndarray:
    """P(positive) for each row (or a single row), with the training set's standardisation."""
    return 1.0 / (1.0 + np.exp(-(((rows - mean) / scale) @ coef + intercept)))
