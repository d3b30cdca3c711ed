"""Run a question set through a system and score it: ``run_eval`` for scripts, the CLI on top."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path

from eval.dataset import EvalQuestion, load_dataset
from eval.metrics import aggregate, fact_share, first_support_rank, grouped, supports_any

log = logging.getLogger(__name__)


@dataclass
class EvalResult:
    overall: dict
    by_lang: dict
    by_type: dict
    questions: list[dict]
    config: dict
    warnings: list[str] = field(default_factory=list)
    baseline: "EvalResult | None" = None
    by_set: dict = field(default_factory=dict)
    by_split: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        out = {"overall": self.overall, "by_split": self.by_split, "by_set": self.by_set, "by_lang": self.by_lang, "by_type": self.by_type,
               "questions": self.questions, "config": self.config}
        if self.warnings:
            out["warnings"] = self.warnings
        if self.baseline is not None:
            out["baseline"] = self.baseline.to_dict()
        return out


def _score(q: EvalQuestion, response: dict, k: int) -> dict:
    rank = first_support_rank(response["retrieved"], q.evidence, k) if q.answerable else 0
    support = [supports_any(doc, text, q.evidence) for doc, text in response["citations"]] if q.answerable else []
    facts = [f for f in q.answer_facts]
    recall = fact_share(response["answer"], facts) if q.answerable else None
    return {
        "id": q.id, "question": q.question, "type": q.type, "lang": q.lang,
        "gold_answerable": q.answerable, "answerable": response["answerable"],
        "answer": response["answer"], "standalone_question": response.get("standalone_question", q.question),
        "rank": rank, "fact_recall": recall,
        "missed_facts": [f for f in facts if fact_share(response["answer"], [f]) < 1] if q.answerable else [],
        "citation_support": support,
        "unsupported_citations": [{"doc": d, "text": t[:200]} for (d, t), ok in zip(response["citations"], support) if not ok],
        "retrieved": [{"doc": d, "text": t} for d, t in response["retrieved"][:k]],
        "evidence": q.evidence, "answer_facts": q.answer_facts,
        "latency_ms": round(response["latency_ms"], 1),
        "set": q.set, "split": q.split,
        "answerer": response.get("answerer", ""), "notice": response.get("notice", ""),
        "reason": response.get("reason", ""), "confidence": response.get("confidence"),
    }


def missing_docs(questions: list[EvalQuestion], known: set[str]) -> set[str]:
    return {ev.get("doc") for q in questions for ev in q.evidence if ev.get("doc") not in known}


def corpora_for(docs: set[str], datasets: list[Path]) -> list[Path]:
    """Folders beside the datasets (``../corpus*``, as in shared/) that hold the missing evidence files."""
    folders: list[Path] = []
    for dataset in datasets:
        for root in {dataset.resolve().parent, dataset.resolve().parent.parent}:
            for folder in sorted(p for p in root.glob("corpus*") if p.is_dir()):
                if folder not in folders and any((folder / d).is_file() for d in docs):
                    folders.append(folder)
    return folders


def check_evidence_docs(questions: list[EvalQuestion], known: set[str]) -> None:
    for q in questions:
        for ev in q.evidence:
            if ev.get("doc") not in known:
                msg = f"question {q.id}: evidence doc '{ev.get('doc')}' is not in the store; ingest it first"
                raise ValueError(msg)


def evaluate(system, questions: list[EvalQuestion], k: int, config: dict, warnings=None, progress: bool = True) -> EvalResult:
    from tqdm import tqdm

    rows = []
    for q in tqdm(questions, desc=f"eval {system.name}", file=sys.stderr, disable=not progress):
        rows.append(_score(q, system.ask(q.question, q.history, k), k))
    return EvalResult(aggregate(rows), grouped(rows, "lang"), grouped(rows, "type"), rows, config, warnings or [],
                      by_set=grouped(rows, "set"), by_split=grouped(rows, "split"))


def load_sets(datasets: list[Path], trained_on: set[str]) -> tuple[list[EvalQuestion], list[str]]:
    """Every set's questions, each marked with its file and split: 'tuning' when the scorer was fitted on it."""
    from eval.train import file_hash

    questions, warnings = [], []
    for path in datasets:
        loaded, warned = load_dataset(Path(path))
        split = "tuning" if file_hash(path) in trained_on else "validation"
        for q in loaded:
            q.set, q.split = Path(path).name, split
        questions += loaded
        warnings += warned
    return questions, warnings


def _trained_on() -> set[str]:
    from assistant.answering.sentence_scorer import ScorerFileError, default_scorer

    try:
        return {item.get("sha256_16") for item in default_scorer().meta.get("trained_on", [])}
    except ScorerFileError:
        return set()


def _ensure_corpora(services, questions: list[EvalQuestion], datasets: list[Path], progress: bool) -> None:
    missing = missing_docs(questions, {d["source"] for d in services.store.documents()})
    folders = corpora_for(missing, datasets) if missing else []
    if folders:
        log.info("ingesting %s for evidence documents not in the store", ", ".join(map(str, folders)))
        services.indexer(progress=progress).ingest(folders)


def run_eval(dataset: str | Path | list, settings=None, k: int = 5, url: str | None = None, baseline: bool = False, progress: bool = False,
             ingest: bool = True) -> EvalResult:
    """Evaluate one or more datasets on the store in ``settings`` (or the server at ``url``); optionally the baseline too.

    Corpora a dataset needs and the store lacks are ingested first (``ingest``),
    from the ``corpus*`` folders beside it.
    """
    from assistant.services import Services
    from assistant.settings import load_settings
    from eval.systems import HttpSystem, LocalSystem

    settings = settings or load_settings()
    datasets = [Path(d) for d in (dataset if isinstance(dataset, (list, tuple)) else [dataset])]
    questions, warnings = load_sets(datasets, _trained_on())
    for warning in warnings:
        log.warning(warning)
    services = Services(settings)
    if ingest and not url:
        _ensure_corpora(services, questions, datasets, progress)
    if url:
        system = HttpSystem(url)
        config = {"system": system.name, "k": k, "url": url}
    else:
        docs = services.store.documents()
        check_evidence_docs(questions, {d["source"] for d in docs})
        system = LocalSystem(services.pipeline)
        config = {"system": "policyqa", "embedder": services.embedder.name, "answerer": settings.answerer, "k": k, "store": str(settings.store),
                  "datasets": [{"file": d.name, "split": questions_split(questions, d.name)} for d in datasets]}
    result = evaluate(system, questions, k, config, warnings, progress)
    if baseline:
        result.baseline = _run_baseline(services, questions, k, progress)
    return result


def questions_split(questions: list[EvalQuestion], name: str) -> str:
    return next((q.split for q in questions if q.set == name), "")


def _run_baseline(services, questions, k, progress) -> EvalResult:
    from eval.baseline import BaselineSystem

    files = sorted({Path(d["path"]) for d in services.store.documents() if Path(d["path"]).exists()})
    system = BaselineSystem(files, services.settings.store)
    config = {"system": system.name, "embedder": "all-MiniLM-L6-v2", "answerer": "top passage", "k": k}
    return evaluate(system, questions, k, config, progress=progress)
