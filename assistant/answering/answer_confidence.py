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
from assistant.answering.logistic import logistic

# Measured out of fold on 420 tuning questions (2026-12-01): the passage's coverage, the part of the year and
# the grade or code asked turned refusals of unanswerable questions 0.44 → 0.51 at false refusals 0.04; on 702
# (three fold seeds), what the passage lacks (rare_missing, year_unstated): 0.45 → 0.50 at 0.045–0.049; on 1,182
# (2026-12-03), the rare term even the best-covering candidate's passage lacks (pool_rare_missing) and the mean of the
# three best sentence probabilities (top3_prob): refusals 0.583 → 0.594 at 0.047, facts +0.1, citations +0.2 points.
CONFIDENCE_FEATURES = (
    "top_prob", "margin", "dense_sentence", "focus_cov", "noun_share", "cov_sentence", "cov_passage",
    "unit_missing", "type_missing", "year_conflict", "period_conflict", "place_missing", "place_unstated", "code_missing",
    "rare_missing", "year_unstated", "figure_unbound", "best_focus_typed", "pool_rare_missing", "top3_prob",
)
_TOP = ("dense_sentence", "focus_cov", "noun_share", "cov_sentence", "cov_passage", "unit_missing", "type_missing", "year_conflict",
        "period_conflict", "place_missing", "place_unstated", "code_missing", "rare_missing", "year_unstated", "figure_unbound")
_COLUMN = {name: i for i, name in enumerate(FEATURES)}


def confidence_row(probs: np.ndarray, rows: np.ndarray, query) -> np.ndarray:
    """The ranking's summary for one question part; ``probs`` sorted best first, ``rows`` in the same order."""
    if not len(probs):
        return np.zeros(len(CONFIDENCE_FEATURES))
    top = rows[0]
    second = float(probs[1]) if len(probs) > 1 else 0.0
    focus = rows[:, _COLUMN["focus_cov"]]
    typed = rows[:, _COLUMN["unit_match"]] if query.unit else rows[:, _COLUMN["type_match"]] if query.kind in ("number", "percent", "date") else np.ones(len(rows))
    return np.asarray([
        float(probs[0]), float(probs[0]) - second, *[float(top[_COLUMN[name]]) for name in _TOP], float(np.max(focus * typed)),
        float(np.min(rows[:, _COLUMN["rare_missing"]])), float(np.mean(probs[:3])),
    ])


@dataclass
class AnswerConfidence:
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float

    def probability(self, row: np.ndarray) -> float:
        return float(logistic(row, self.mean, self.scale, self.coef, self.intercept))

    def to_dict(self) -> dict:
        return {"features": list(CONFIDENCE_FEATURES), "mean": self.mean.tolist(), "scale": self.scale.tolist(),
                "coef": self.coef.tolist(), "intercept": self.intercept, "threshold": self.threshold}

    @classmethod
    def from_dict(cls, data: dict) -> "AnswerConfidence":
        return cls(np.asarray(data["mean"]), np.asarray(data["scale"]), np.asarray(data["coef"]), float(data["intercept"]), float(data["threshold"]))
