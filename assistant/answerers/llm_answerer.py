"""Answer with any OpenAI-compatible chat endpoint through langchain, then check its citations.

The model sees numbered passages only; a citation to a number that does not
exist is dropped, and an answer left with no citation is treated as a refusal,
never shown as grounded. Errors become ``RuntimeError`` so the pipeline falls
back to the extractive answer with a notice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.answerers.base import NOT_FOUND, Answerer, Draft
from assistant.query import Query
from assistant.retrieval.hybrid_retriever import Passage
from prompts import ANSWER_SYSTEM, ANSWER_USER, REWRITE_SYSTEM, REWRITE_USER, format_passages

_MARKER = re.compile(r"\[(\d{1,2})\]")
_REFUSAL = re.compile(r"未找到|没有找到|无法回答|资料中没有")


def check_citations(text: str, count: int) -> tuple[str, list[int]]:
    """Drop markers outside 1..count; return the cleaned text and the valid numbers in order."""
    cited: list[int] = []

    def keep(match: re.Match) -> str:
        n = int(match.group(1))
        if 1 <= n <= count:
            if n not in cited:
                cited.append(n)
            return match.group(0)
        return ""

    return _MARKER.sub(keep, text).strip(), cited


class LlmAnswerer(Answerer):
    name = "llm"

    def __init__(self, settings) -> None:
        if not settings.llm_base_url or not settings.llm_model:
            msg = "answerer 'llm' needs POLICYQA_LLM_BASE_URL and POLICYQA_LLM_MODEL"
            raise ValueError(msg)
        from langchain_openai import ChatOpenAI

        self._chat = ChatOpenAI(
            base_url=settings.llm_base_url,
            model=settings.llm_model,
            api_key=settings.llm_api_key or "not-needed",
            timeout=settings.llm_timeout,
            max_retries=0,
            temperature=0,
        )

    def _messages(self, query: Query, passages: list[Passage]):
        return [("system", ANSWER_SYSTEM), ("human", ANSWER_USER.format(passages=format_passages(passages), question=query.raw))]

    def _draft(self, text: str, passages: list[Passage]) -> Draft:
        if not text.strip():
            msg = "the LLM returned an empty answer"
            raise RuntimeError(msg)
        cleaned, cited = check_citations(text, len(passages))
        if _REFUSAL.search(cleaned) or not cited:
            return Draft(NOT_FOUND, False)
        return Draft(cleaned, True, cited)

    def answer(self, query: Query, passages: list[Passage]) -> Draft:
        if not passages:
            return Draft(NOT_FOUND, False)
        try:
            reply = self._chat.invoke(self._messages(query, passages))
        except Exception as exc:  # openai/httpx raise many types; all mean "endpoint unusable"
            raise RuntimeError(f"LLM endpoint failed: {type(exc).__name__}: {str(exc)[:200]}") from exc
        return self._draft(str(reply.content or ""), passages)

    def stream(self, query: Query, passages: list[Passage]) -> Iterator[str | Draft]:
        if not passages:
            yield Draft(NOT_FOUND, False)
            return
        pieces: list[str] = []
        try:
            for chunk in self._chat.stream(self._messages(query, passages)):
                piece = str(chunk.content or "")
                if piece:
                    pieces.append(piece)
                    yield piece
        except Exception as exc:
            raise RuntimeError(f"LLM endpoint failed: {type(exc).__name__}: {str(exc)[:200]}") from exc
        yield self._draft("".join(pieces), passages)

    def rewrite(self, question: str, history: list[dict]) -> str | None:
        turns = "\n".join(f"{'用户' if t.get('role') == 'user' else '助手'}：{t.get('content', '')}" for t in history[-6:])
        try:
            reply = self._chat.invoke([("system", REWRITE_SYSTEM), ("human", REWRITE_USER.format(history=turns, question=question))])
        except Exception:
            return None
        text = str(reply.content or "").strip().splitlines()
        return text[0][:500] if text and text[0].strip() else None
