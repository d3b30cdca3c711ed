"""The shipped tree ensemble scores exactly as the scikit-learn model it was flattened from."""

import json

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

from assistant.answering.tree_ensemble import TreeEnsemble


def test_flattened_trees_match_scikit_learn_after_a_json_round_trip():
    rng = np.random.default_rng(0)
    X = rng.random((3000, 6)).astype(np.float32)
    y = ((X[:, 0] > 0.5) & (X[:, 1] + X[:, 2] > 0.8) | (X[:, 3] > 0.95)).astype(int)  # an interaction a linear model misses
    model = HistGradientBoostingClassifier(max_iter=60, max_leaf_nodes=7, early_stopping=False, random_state=0).fit(X, y)
    trees = TreeEnsemble.from_dict(json.loads(json.dumps(TreeEnsemble.from_sklearn(model).to_dict())))
    Z = rng.random((200, 6)).astype(np.float32)
    assert np.allclose(trees.probabilities(Z), model.predict_proba(Z)[:, 1], atol=1e-6)
    assert ((trees.probabilities(Z) > 0.5) == y_of(Z)).mean() > 0.9  # and it learned the rule


def test_a_missing_value_follows_the_side_the_trees_learned():
    rng = np.random.default_rng(1)
    X = rng.random((2000, 2))
    X[:300, 0] = np.nan
    y = (np.isnan(X[:, 0]) | (X[:, 1] > 0.7)).astype(int)
    model = HistGradientBoostingClassifier(max_iter=30, early_stopping=False, random_state=0).fit(X, y)
    trees = TreeEnsemble.from_sklearn(model)
    Z = np.array([[np.nan, 0.1], [0.2, 0.1]])
    assert np.allclose(trees.probabilities(Z), model.predict_proba(Z)[:, 1], atol=1e-6)
    assert trees.probabilities(Z)[0] > 0.5 > trees.probabilities(Z)[1]


def y_of(Z: np.ndarray) -> np.ndarray:
    return (Z[:, 0] > 0.5) & (Z[:, 1] + Z[:, 2] > 0.8) | (Z[:, 3] > 0.95)
