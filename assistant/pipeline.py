"""Question → standalone question → passages → grounded answer with renumbered citations.

The one code path behind the CLI, the REST API, the chat and the evaluation.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

from assistant.answer import Answer, Citation
from assistant.answerers.base import NOT_FOUND, Answerer, Draft
from assistant.followup import rewrite_followup
from assistant.query import analyze
from assistant.retrieval import Filters, HybridRetriever
from ingest.policyqa_error import PolicyQAError

_MARKER = re.compile(r"\[(\d{1,2})\]")


class QuestionError(PolicyQAError):
    """A question the pipeline will not run: field, Chinese and English messages (issue 11: typed, not parsed)."""


def validate(question, max_chars: int) -> str:
    if not isinstance(question, str) or not question.strip():
        raise QuestionError("question", "问题不能为空", "the question is empty")
    if len(question) > max_chars:
        raise QuestionError("question", f"问题过长（{len(question)} 字，上限 {max_chars} 字）", f"question longer than {max_chars} characters")
    return question.strip()


def _validate_history(history) -> list[dict]:
    if history is None:
        return []
    if not isinstance(history, list) or not all(isinstance(t, dict) and isinstance(t.get("content", ""), str) for t in history):
        raise QuestionError("history", "必须是 [{role, content}] 列表", "history must be a list of {role, content}")
    return history[-10:]


class AnswerPipeline:
    def __init__(self, retriever: HybridRetriever, answerer: Answerer, fallback: Answerer | None = None, k: int = 5, max_chars: int = 2000) -> None:
        self.retriever, self.answerer, self.fallback = retriever, answerer, fallback
        self.k, self.max_chars = k, max_chars

    @classmethod
    def from_services(cls, services) -> "AnswerPipeline":
        from assistant.answerers.answerer_factory import AnswererFactory

        settings = services.settings
        answerer, fallback = AnswererFactory.create(settings, services.store)
        return cls(services.retriever, answerer, fallback, settings.k, settings.max_question_chars)

    def _prepare(self, question, history, k, filters):
        question = validate(question, self.max_chars)
        history = _validate_history(history)
        k = int(k or self.k)
        if not 1 <= k <= 50:
            raise QuestionError("k", "取值应在 1 到 50 之间", "k must be between 1 and 50")
        filters = filters if isinstance(filters, Filters) else Filters.parse(filters)
        standalone = question
        if history:
            standalone = self.answerer.rewrite(question, history) or rewrite_followup(question, history)
        query = analyze(standalone)
        return question, standalone, query, self.retriever.retrieve_query(query, k, filters)

    def ask(self, question: str, history: list[dict] | None = None, k: int | None = None, filters=None) -> Answer:
        started = time.perf_counter()
        question, standalone, query, passages = self._prepare(question, history, k, filters)
        draft = self._draft(query, passages)
        return self._finish(question, standalone, passages, draft, started)

    def stream(self, question: str, history: list[dict] | None = None, k: int | None = None, filters=None) -> Iterator[str | Answer]:
        """Answer text pieces as they are produced, then the final ``Answer``."""
        started = time.perf_counter()
        question, standalone, query, passages = self._prepare(question, history, k, filters)
        draft = None
        try:
            for item in self.answerer.stream(query, passages):
                if isinstance(item, Draft):
                    draft = item
                else:
                    yield item
        except RuntimeError as exc:
            draft = self._fallback(query, passages, exc)
        yield self._finish(question, standalone, passages, draft or Draft(NOT_FOUND, False), started)

    def _draft(self, query, passages) -> Draft:
        try:
            return self.answerer.answer(query, passages)
        except RuntimeError as exc:
            return self._fallback(query, passages, exc)

    def _fallback(self, query, passages, exc) -> Draft:
        if self.fallback is None:
            raise exc
        draft = self.fallback.answer(query, passages)
        draft.notice = f"大模型服务不可用，已改用抽取式答案（{str(exc)[:120]}）"
        return draft

    def _finish(self, question, standalone, passages, draft: Draft, started: float) -> Answer:
        if not draft.answerable:
            text = draft.text if draft.text and draft.text != NOT_FOUND else NOT_FOUND
            return Answer(question, text, False, related=passages[:3], retrieved=passages, standalone_question=standalone,
                          notice=draft.notice, latency_ms=(time.perf_counter() - started) * 1000)
        order = [n for n in draft.cited if 1 <= n <= len(passages)]
        renumber = {old: new for new, old in enumerate(order, 1)}
        text = _MARKER.sub(lambda m: f"[{renumber[int(m.group(1))]}]" if int(m.group(1)) in renumber else "", draft.text)
        citations = [Citation(renumber[n], passages[n - 1]) for n in order]
        highlights = {renumber[n]: s for n, s in draft.highlights.items() if n in renumber}
        return Answer(question, text, True, citations, retrieved=passages, standalone_question=standalone,
                      highlights=highlights, notice=draft.notice, latency_ms=(time.perf_counter() - started) * 1000)
