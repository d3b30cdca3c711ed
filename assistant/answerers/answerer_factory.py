"""Build the configured answerer; the LLM one always gets the extractive one as its fallback."""

from __future__ import annotations

from assistant.answerers.extractive_answerer import ExtractiveAnswerer
from assistant.answering.answerability import StoreChecks
from assistant.answering.sentence_similarity import default_similarity
from vectorstore.keyword_index import idf_of


class AnswererFactory:
    @staticmethod
    def create(settings, store):
        checks = StoreChecks(store.documents, lambda token: store.snapshot().keyword.doc_freq(token))
        idf = lambda terms: idf_of(store.snapshot().keyword, terms)  # noqa: E731 - the store's current snapshot, per call
        following = lambda passage: store.snapshot().following(passage.id)  # noqa: E731
        extractive = ExtractiveAnswerer(idf, checks, similarity=default_similarity(settings.sentence_encoder), following=following)
        if settings.answerer == "extractive":
            return extractive, None
        if settings.answerer == "llm":
            from assistant.answerers.llm_answerer import LlmAnswerer

            return LlmAnswerer(settings, idf, checks), extractive
        msg = f"unknown answerer '{settings.answerer}': use extractive or llm"
        raise ValueError(msg)
