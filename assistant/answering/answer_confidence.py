"""One probability that the best answer is right: a second logistic regression over the ranked candidates.

The sentence scorer says how likely each sentence states the answer; whether
the question can be answered at all also depends on how the best sentence
stands out and on what it lacks (the unit asked, the year, the place). This
model reads those from the ranking and is fitted on out-of-fold rankings, so
its probability is calibrated on questions the sentence scorer did not see.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assistant.answering.features import FEATURES

CONFIDENCE_FEATURES = (
    "top_prob", "second_prob", "margin", "top3_mean", "cov_sentence", "noun_share", "noun_share_passage",
    "type_missing", "unit_missing", "year_agree", "year_conflict", "place_document", "place_missing",
    "dense_passage", "fused_rel", "asks_year", "asks_place", "asks_unit",
)
_COLUMN = {name: i for i, name in enumerate(FEATURES)}


def confidence_row(probs: np.ndarray, rows: np.ndarray, query) -> np.ndarray:
    """The ranking's summary for one question part; ``probs`` sorted best first, ``rows`` in the same order."""
    if not len(probs):
        return np.zeros(len(CONFIDENCE_FEATURES))
    top = rows[0]
    second = float(probs[1]) if len(probs) > 1 else 0.0
    picked = [float(top[_COLUMN[name]]) for name in CONFIDENCE_FEATURES[4:15]]
    return np.asarray([
        float(probs[0]), second, float(probs[0]) - second, float(np.mean(probs[:3])), *picked,
        float(bool(query.years)), float(bool(query.regions)), float(bool(query.unit)),
    ])


@dataclass
class AnswerConfidence:
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float

    def probability(self, row: np.ndarray) -> float:
        z = float(((row - self.mean) / self.scale) @ self.coef + self.intercept)
        return 1.0 / (1.0 + np.exp(-z))

    def to_dict(self) -> dict:
        return {"features": list(CONFIDENCE_FEATURES), "mean": self.mean.tolist(), "scale": self.scale.tolist(),
                "coef": self.coef.tolist(), "intercept": self.intercept, "threshold": self.threshold}

    @classmethod
    def from_dict(cls, data: dict) -> "AnswerConfidence":
        return cls(np.asarray(data["mean"]), np.asarray(data["scale"]), np.asarray(data["coef"]), float(data["intercept"]), float(data["threshold"]))
