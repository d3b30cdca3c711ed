"""The answer object every front end receives: CLI, REST, chat, evaluation."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.retrieval.hybrid_retriever import Passage


@dataclass
class Citation:
    n: int
    passage: Passage

    def to_dict(self) -> dict:
        meta = self.passage.meta
        return {
            "n": self.n,
            "doc": meta.get("source", ""),
            "title": meta.get("title", ""),
            "issuer": meta.get("issuer", ""),
            "date": meta.get("date", ""),
            "heading": meta.get("heading", ""),
            "text": self.passage.text,
            "score": round(float(self.passage.score), 6),
        }


@dataclass
class Answer:
    question: str
    answer: str
    answerable: bool
    citations: list[Citation] = field(default_factory=list)
    related: list[Passage] = field(default_factory=list)
    retrieved: list[Passage] = field(default_factory=list)
    standalone_question: str = ""
    highlights: dict[int, list[str]] = field(default_factory=dict)
    notice: str = ""
    latency_ms: float = 0.0
    reason: str = ""
    confidence: float = 0.0
    answerer: str = ""

    def to_dict(self) -> dict:
        payload = {
            "question": self.question,
            "answer": self.answer,
            "answerable": self.answerable,
            "confidence": round(float(self.confidence), 3),
            "answerer": self.answerer,
            "citations": [c.to_dict() for c in self.citations],
            "latency_ms": round(self.latency_ms, 1),
        }
        for c in payload["citations"]:
            c["highlights"] = self.highlights.get(c["n"], [])
        if self.standalone_question and self.standalone_question != self.question:
            payload["standalone_question"] = self.standalone_question
        if self.related:
            payload["related"] = [Citation(i + 1, p).to_dict() for i, p in enumerate(self.related)]
        if self.notice:
            payload["notice"] = self.notice
        if not self.answerable:
            payload["reason"] = self.reason
        return payload
