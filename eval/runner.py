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

    def to_dict(self) -> dict:
        out = {"overall": self.overall, "by_lang": self.by_lang, "by_type": self.by_type, "questions": self.questions, "config": self.config}
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
    }


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
    return EvalResult(aggregate(rows), grouped(rows, "lang"), grouped(rows, "type"), rows, config, warnings or [])


def run_eval(dataset: str | Path, settings=None, k: int = 5, url: str | None = None, baseline: bool = False, progress: bool = False) -> EvalResult:
    """Evaluate ``dataset`` on the store in ``settings`` (or the server at ``url``); optionally the baseline too."""
    from assistant.services import Services
    from assistant.settings import load_settings
    from eval.systems import HttpSystem, LocalSystem

    settings = settings or load_settings()
    questions, warnings = load_dataset(Path(dataset))
    for warning in warnings:
        log.warning(warning)
    services = Services(settings)
    if url:
        system = HttpSystem(url)
        config = {"system": system.name, "k": k, "url": url}
    else:
        docs = services.store.documents()
        check_evidence_docs(questions, {d["source"] for d in docs})
        system = LocalSystem(services.pipeline)
        config = {"system": "policyqa", "embedder": services.embedder.name, "answerer": settings.answerer, "k": k, "store": str(settings.store)}
    result = evaluate(system, questions, k, config, warnings, progress)
    if baseline:
        result.baseline = _run_baseline(services, questions, k, progress)
    return result


def _run_baseline(services, questions, k, progress) -> EvalResult:
    from eval.baseline import BaselineSystem

    files = sorted({Path(d["path"]) for d in services.store.documents() if Path(d["path"]).exists()})
    system = BaselineSystem(files, services.settings.store)
    config = {"system": system.name, "embedder": "all-MiniLM-L6-v2", "answerer": "top passage", "k": k}
    return evaluate(system, questions, k, config, progress=progress)
