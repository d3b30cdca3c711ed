"""``policyqa train``: refit the sentence scorer from question sets, with k-fold figures.

Each question runs the deployed path up to the scorer (follow-up rewriting,
parts, retrieval, candidates, features); a candidate is positive when it holds
an answer fact and comes from an evidence document; unanswerable questions
give negatives only. A logistic regression and a tree ensemble are fitted on all of them (their probabilities averaged); the
answerability threshold and the ratios that admit more sentences of the best one's passage are chosen on
out-of-fold probabilities (grouped by question, so no question is scored by a
model that saw it), and the file records the sets' hashes and those figures.
"""

from __future__ import annotations

import hashlib
import logging
import sys
from itertools import product
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from assistant.answering.composer import budget, choose, compose
from assistant.answerers.extractive_answerer import declines_figure, with_figure_first
from assistant.answering.features import MODEL_FEATURES, QuestionView, with_gaps
from assistant.answering.logistic import logistic
from assistant.answering.sentence_scorer import DEFAULT_PATH, SentenceScorer, blended
from assistant.answering.tree_ensemble import TreeEnsemble
from assistant.answering.answerability import stated_conflict
from assistant.answering.answer_confidence import CONFIDENCE_FEATURES, AnswerConfidence, confidence_row
from assistant.answering.candidates import Candidate
from eval.dataset import EvalQuestion, load_dataset
from eval.metrics import fact_share, supports_any
from textkit.normalize import normalize_for_match

log = logging.getLogger(__name__)
TARGET_FALSE_REFUSALS = 0.05  # out of fold, as issue 10 asks; the product target is <= 0.10 on questions never tuned on
SENTENCE_C = 0.1  # measured out of fold: 0.1 and 1.0 within a point; the smaller keeps the 46 weights tame
CONFIDENCE_C = 0.3  # ~120 question parts: a small, strongly regularised model
SECOND_RATIOS = (0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
NEIGHBOR_RATIOS = (0.2, 0.3, 0.5, 0.7, 1.01)  # 1.01: never the next sentence
# The tree ensemble beside the linear model: 300 shallow trees (15 leaves, 40 rows a leaf at least), scikit-learn's
# early stopping on a seeded tenth of the rows; measured out of fold with 200–500 trees and 15–31 leaves within a point.
TREES = {"max_iter": 300, "learning_rate": 0.05, "max_leaf_nodes": 15, "min_samples_leaf": 40, "l2_regularization": 1.0, "random_state": 0}
THRESHOLDS = 80  # answerability thresholds tried (quantiles of the out-of-fold probabilities)
THRESHOLD_SEEDS = 3  # fold assignments whose chosen thresholds are pooled: one assignment's choice moved 0.206–0.222


@dataclass
class PartExample:
    qid: str
    answerable: bool
    facts: list[str]
    view: QuestionView
    cands: list[Candidate]
    X: np.ndarray
    y: np.ndarray
    evidence: list[dict]
    synthetic: bool = False  # the same question with its evidence documents taken out of the library

    @property
    def group(self) -> str:
        return self.qid.split("~")[0]


def file_hash(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def _label(cand: Candidate, q: EvalQuestion) -> int:
    if not q.answerable or cand.passage.doc not in {e.get("doc") for e in q.evidence}:
        return 0
    norm = normalize_for_match(cand.text)
    return int(any(normalize_for_match(f) in norm for f in q.answer_facts))


def collect(pipeline, questions: list[EvalQuestion], progress: bool = True) -> list[PartExample]:
    """Candidates, features and labels for every part of every question."""
    from tqdm import tqdm

    answerer = pipeline.fallback or pipeline.answerer
    examples = []
    for q in tqdm(questions, desc="features", file=sys.stderr, disable=not progress):
        _, _, queries, retrieved = pipeline._prepare(q.question, q.history, None, None)
        for query, passages in zip(queries, retrieved):
            if answerer.refusal(query, passages):
                continue  # refused by a store check: the scorer never sees it
            view, cands, X = answerer.rows(query, passages, prune=False)
            y = np.asarray([_label(c, q) for c in cands], dtype=np.int32)
            examples.append(PartExample(q.id, q.answerable, q.answer_facts, view, cands, X, y, q.evidence))
            if q.answerable:
                examples.append(_without_evidence(pipeline, answerer, query, q))
    return examples


def _without_evidence(pipeline, answerer, query, q: EvalQuestion) -> PartExample:
    """A near miss for the answerability model: the question asked of a library that lacks its evidence
    documents (the passages ranked next stand in), so what 'the answer is not here' looks like is learned
    from every answerable question, not only from the few unanswerable ones."""
    from assistant.retrieval import Filters

    docs = {e.get("doc") for e in q.evidence}
    wider = pipeline.retriever.retrieve_query(query, pipeline.pool + 12, Filters())
    passages = [p for p in wider if p.doc not in docs][: pipeline.pool]
    view, cands, X = answerer.rows(query, passages, prune=False)
    return PartExample(f"{q.id}~", False, [], view, cands, X, np.zeros(len(cands), dtype=np.int32), [], synthetic=True)


def _fit(X: np.ndarray, y: np.ndarray, balanced: bool = True, C: float = 1.0):
    from sklearn.linear_model import LogisticRegression

    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    model = LogisticRegression(C=C, max_iter=2000, class_weight="balanced" if balanced else None).fit((X - mean) / scale, y)
    return mean, scale, model.coef_[0], float(model.intercept_[0])


def _fit_trees(X: np.ndarray, y: np.ndarray) -> TreeEnsemble:
    from sklearn.ensemble import HistGradientBoostingClassifier

    return TreeEnsemble.from_sklearn(HistGradientBoostingClassifier(**TREES).fit(X, y))


def _folds(ids: list[str], folds: int, seed: int) -> dict[str, int]:
    """Fold per question id; a question's near-miss copy (``id~``) shares its fold."""
    groups = sorted({i.split("~")[0] for i in ids})
    rng = np.random.default_rng(seed)
    fold = {g: int(f) for g, f in zip(rng.permutation(groups), np.arange(len(groups)) % folds)}
    return {i: fold[i.split("~")[0]] for i in ids}


def _oof(examples: list[PartExample], fold_of: dict[str, int], folds: int) -> list[np.ndarray]:
    """Out-of-fold sentence probabilities per example, grouped by question id."""
    out: list[np.ndarray | None] = [None] * len(examples)
    for fold in range(folds):
        train = [e for e in examples if fold_of[e.qid] != fold and len(e.y) and not e.synthetic]
        X = np.vstack([with_gaps(e.X) for e in train])
        y = np.concatenate([e.y for e in train])
        if y.min() == y.max():
            continue
        mean, scale, coef, intercept = _fit(X, y, balanced=False, C=SENTENCE_C)
        trees = _fit_trees(X, y)
        for i, e in enumerate(examples):
            if fold_of[e.qid] == fold:
                out[i] = blended(with_gaps(e.X), mean, scale, coef, intercept, trees) if len(e.y) else np.zeros(0)
    return [p if p is not None else np.zeros(len(e.y)) for p, e in zip(out, examples)]


def _ranked(e: PartExample, p: np.ndarray) -> tuple[list[Candidate], np.ndarray, np.ndarray]:
    order = np.argsort(-p, kind="stable")
    ranked = [e.cands[i] for i in order]
    for cand, prob in zip(ranked, p[order]):
        cand.prob = float(prob)
    return ranked, p[order], e.X[order]


def _confidence_data(examples, probs) -> tuple[np.ndarray, np.ndarray]:
    """Per part: the ranking summary, and whether the top sentence holds an answer fact."""
    rows, labels = [], []
    for e, p in zip(examples, probs):
        _, sorted_p, sorted_X = _ranked(e, p)
        rows.append(confidence_row(sorted_p, sorted_X, e.view.query))
        labels.append(int(e.answerable and bool(e.y.any())))
    return np.asarray(rows), np.asarray(labels)


def _oof_confidence(examples, rows: np.ndarray, labels: np.ndarray, fold_of: dict[str, int], folds: int) -> np.ndarray:
    out = np.zeros(len(examples))
    for fold in range(folds):
        train = np.asarray([fold_of[e.qid] != fold for e in examples])
        if labels[train].min() == labels[train].max():
            continue
        mean, scale, coef, intercept = _fit(rows[train], labels[train], balanced=False, C=CONFIDENCE_C)
        test = ~train
        out[test] = logistic(rows[test], mean, scale, coef, intercept)
    return out


def _per_question(examples: list[PartExample], probs: list[np.ndarray], confidence: np.ndarray, threshold: float, ratios: tuple[float, float]) -> dict:
    """Refusal, fact and citation figures of the composed answers, as the deployed answerer would give them."""
    answers: dict[str, list[str]] = {}
    cites: list[bool] = []
    meta: dict[str, tuple[bool, list[str]]] = {}
    for e, p, conf in zip(examples, probs, confidence):
        if e.synthetic:
            continue
        meta[e.qid] = (e.answerable, e.facts)
        text = ""
        if len(p) and conf >= threshold:
            ranked, _, _ = _ranked(e, p)
            chosen = choose(e.view, with_figure_first(e.view.query, ranked), *ratios)
            text, _, _ = compose(e.view, chosen, budget(e.view.query.kind))
            if declines_figure(e.view.query, text) or stated_conflict(e.view.query, chosen):
                text, chosen = "", []  # the answerer declines a figure question answered without a figure (in its unit), or from other years
            if e.answerable:
                cited = {c.passage.id: c.passage for c in chosen}  # a passage is cited once, however many of its sentences are used
                cites += [supports_any(p.doc, p.text, e.evidence) for p in cited.values()]
        answers.setdefault(e.qid, []).append(text)
    answerable = [q for q, (a, _) in meta.items() if a]
    unanswerable = [q for q, (a, _) in meta.items() if not a]
    refused = {q for q, texts in answers.items() if not any(texts)}
    recall = [fact_share("".join(answers[q]), meta[q][1]) if q not in refused else 0.0 for q in answerable]
    return {
        "false_refusal_rate": round(len(refused & set(answerable)) / max(1, len(answerable)), 4),
        "refusal_accuracy": round(len(refused & set(unanswerable)) / max(1, len(unanswerable)), 4),
        "fact_recall": round(float(np.mean(recall)) if recall else 0.0, 4),
        "citation_precision": round(float(np.mean(cites)) if cites else 0.0, 4),
        "answerable": len(answerable), "unanswerable": len(unanswerable),
    }


def ranking_figures(examples: list[PartExample], probs: list[np.ndarray]) -> dict:
    """How often the top-scored sentence holds a fact, beside the constant rule 'first sentence of the top passage'."""
    usable = [(e, p) for e, p in zip(examples, probs) if e.answerable and len(e.y) and e.y.any()]
    if not usable:
        return {"top1": 0.0, "baseline_top1": 0.0, "parts": 0}
    top1 = np.mean([e.y[int(np.argmax(p))] for e, p in usable])
    baseline = np.mean([e.y[0] for e, _ in usable])
    return {"top1": round(float(top1), 4), "baseline_top1": round(float(baseline), 4), "parts": len(usable)}


def _choose_threshold(examples, probs, confidence, ratios: tuple[float, float]) -> tuple[float, dict]:
    """The lowest threshold that refuses as many unanswerable questions (out of fold) as any threshold
    whose false refusals stay within the target.

    Refusals rise in steps while false refusals creep up between them; the lowest threshold of the
    best step refuses no answerable question it need not (the highest one sat at the edge of the
    target on the tuning sets and refused two to three times as many on a fresh held-out set)."""
    best = (0.0, _per_question(examples, probs, confidence, 0.0, ratios))
    values = np.unique(np.round(confidence, 4))
    if len(values) > THRESHOLDS:
        values = np.unique(np.quantile(values, np.linspace(0, 1, THRESHOLDS)).round(4))
    for t in values:
        figures = _per_question(examples, probs, confidence, float(t), ratios)
        if figures["false_refusal_rate"] > TARGET_FALSE_REFUSALS:
            break
        if figures["refusal_accuracy"] > best[1]["refusal_accuracy"]:
            best = (float(t), figures)
    return best


def _pooled_threshold(examples, folds: int, seed: int, pair: tuple[float, float], first: float, first_oof) -> tuple[float, dict, list[float]]:
    """The median of the thresholds chosen under several fold assignments, and the out-of-fold figures at
    it averaged over them: a threshold picked on one assignment sits on that assignment's steps."""
    runs, thresholds = [first_oof], [first]
    for other in range(seed + 1, seed + THRESHOLD_SEEDS):
        fold_of = _folds([e.qid for e in examples], folds, other)
        probs = _oof(examples, fold_of, folds)
        rows, labels = _confidence_data(examples, probs)
        confidence = _oof_confidence(examples, rows, labels, fold_of, folds)
        runs.append((probs, confidence))
        thresholds.append(_choose_threshold(examples, probs, confidence, pair)[0])
    threshold = float(np.median(thresholds))
    measured = [_per_question(examples, probs, confidence, threshold, pair) for probs, confidence in runs]
    figures = {key: round(float(np.mean([m[key] for m in measured])), 4) if isinstance(measured[0][key], float) else measured[0][key]
               for key in measured[0]}
    return threshold, figures, thresholds


def _encoder_name(pipeline) -> str:
    similarity = (pipeline.fallback or pipeline.answerer).similarity
    return similarity.name if similarity else "none"


def train(pipeline, datasets: list[Path], out: Path = DEFAULT_PATH, folds: int = 5, seed: int = 0, progress: bool = True) -> dict:
    questions: list[EvalQuestion] = []
    for path in datasets:
        loaded, _ = load_dataset(path)
        questions += loaded
    examples = collect(pipeline, questions, progress)
    real = [e for e in examples if len(e.y) and not e.synthetic]
    X = np.vstack([with_gaps(e.X) for e in real])
    y = np.concatenate([e.y for e in real])
    if y.min() == y.max():
        msg = "training data has one class only: the question sets need answerable questions whose facts the passages hold"
        raise ValueError(msg)
    fold_of = _folds([e.qid for e in examples], folds, seed)
    probs = _oof(examples, fold_of, folds)
    rows, labels = _confidence_data(examples, probs)
    confidence = _oof_confidence(examples, rows, labels, fold_of, folds)
    choices = {pair: _choose_threshold(examples, probs, confidence, pair) for pair in product(SECOND_RATIOS, NEIGHBOR_RATIOS)}
    pair = max(choices, key=lambda r: (choices[r][1]["fact_recall"] + choices[r][1]["citation_precision"], r))
    ratio, neighbor_ratio = pair
    threshold, figures, thresholds = _pooled_threshold(examples, folds, seed, pair, choices[pair][0], (probs, confidence))
    mean, scale, coef, intercept = _fit(X, y, balanced=False, C=SENTENCE_C)
    c_mean, c_scale, c_coef, c_intercept = _fit(rows, labels, balanced=False, C=CONFIDENCE_C) if labels.min() != labels.max() else (rows.mean(0), np.ones(rows.shape[1]), np.zeros(rows.shape[1]), 0.0)
    meta = {
        "model": ("sentences: the mean of sklearn LogisticRegression (C=0.1) on standardised features and their gaps to the question's best "
                  f"and HistGradientBoostingClassifier ({TREES}); answerability: LogisticRegression (C=0.3) over out-of-fold rankings"),
        "trained_on": [{"file": Path(p).name, "sha256_16": file_hash(p)} for p in datasets],
        "trained": date.today().isoformat(),
        "sentence_encoder": _encoder_name(pipeline),
        "examples": int(len(y)), "positives": int(y.sum()), "questions": len(questions),
        "near_miss_copies": sum(1 for e in examples if e.synthetic),
        "cross_validation": {"folds": folds, "seeds": list(range(seed, seed + THRESHOLD_SEEDS)), **figures, **ranking_figures(examples, probs)},
        "threshold_rule": (f"median over {THRESHOLD_SEEDS} fold assignments of the lowest out-of-fold answerability threshold with the best "
                           f"refusal accuracy at false refusals <= {TARGET_FALSE_REFUSALS} (chosen: {', '.join(f'{t:.3f}' for t in thresholds)})"),
        "weights": {name: round(float(c), 4) for name, c in zip(MODEL_FEATURES, coef)},
        "answerability_weights": {name: round(float(c), 4) for name, c in zip(CONFIDENCE_FEATURES, c_coef)},
    }
    scorer = SentenceScorer(mean, scale, coef, intercept, ratio, AnswerConfidence(c_mean, c_scale, c_coef, c_intercept, threshold), meta, neighbor_ratio,
                            _fit_trees(X, y))
    scorer.save(out)
    log.info("wrote %s: threshold %.3f, second ratio %.2f, neighbor ratio %.2f, k-fold %s", out, threshold, ratio, neighbor_ratio, figures)
    return scorer.to_dict()


def record_validation(pipeline, datasets: list[Path], out: Path = DEFAULT_PATH) -> dict:
    """Measure the scorer just written on held-out sets and record the figures in its file,
    so the shipped parameters carry the evidence of how they do on questions they never saw."""
    from assistant.answering.sentence_scorer import default_scorer
    from eval.metrics import aggregate
    from eval.runner import evaluate
    from eval.systems import LocalSystem

    scorer = SentenceScorer.load(out)
    answerer = pipeline.fallback or pipeline.answerer
    previous, answerer._scorer = answerer._scorer, scorer
    try:
        items = []
        for path in datasets:
            questions, _ = load_dataset(path)
            rows = evaluate(LocalSystem(pipeline), questions, 5, {}, progress=False).questions
            overall = aggregate(rows)
            items.append({"file": Path(path).name, "sha256_16": file_hash(path), "overall": {k: v for k, v in overall.items() if not k.startswith("latency")}})
    finally:
        answerer._scorer = previous
        default_scorer.cache_clear()
    scorer.meta["validation"] = items
    scorer.save(out)
    return scorer.to_dict()
