"""Answer with any OpenAI-compatible chat endpoint through langchain, then ground what it says.

The model sees numbered passages only. Its answer is not trusted for its
markers: each sentence is attributed to the passage that supports it (numbers
and places must match), unsupported sentences are dropped, and an answer with
nothing supported raises ``UngroundedAnswer`` so the pipeline falls back to the
extractive answer with a notice. The store checks that make the extractive
answerer refuse (the named year's report, place or document is not in the
library) run first, so the model is never asked what the library cannot say; the checks on what an
answer states (another place's document, other years, another part of the year, a goal for a result)
run on the attributed sentences as they do on the extractive answer's.
Endpoint errors become ``RuntimeError``: one timeout per question, no retries.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.answerers.base import NOT_FOUND, Answerer, Draft
from assistant.answering.answerability import place_conflict, stated_conflict
from assistant.answering.candidates import Candidate, candidates
from assistant.answering.attribution import attribute
from assistant.query import Query
from assistant.retrieval.hybrid_retriever import Passage
from prompts import ANSWER_SYSTEM, ANSWER_USER, format_passages
from textkit.normalize import normalize
from textkit.numerals import arabic_numerals
from textkit.tokenize import bigrams

_REFUSAL = re.compile(r"未找到|没有找到|无法回答|资料中没有")


_CITED_SENTENCE = re.compile(r"((?:[^；\[\]]|\[\d{3,}\])+)\[(\d{1,2})\]")  # 「云政发[2024]12号」 stays inside


def _stated(grounded: str, passages: list[Passage]) -> list[Candidate]:
    """For each attributed sentence, the sentence of its passage that supports it most (shared bigrams), as a
    candidate for the checks the extractive answer runs: the document's words are checked, not the model's,
    which may echo the question's year or part of the year (「2024年前三季度……」 for 「上半年……」)."""
    out, own = [], {}
    for sentence, n in _CITED_SENTENCE.findall(grounded):
        if not 1 <= int(n) <= len(passages):
            continue
        said = set(bigrams(arabic_numerals(normalize(sentence))))
        if n not in own:  # a passage's sentences are read once, however many answer sentences cite it
            own[n] = [(c, set(bigrams(c.norm))) for c in candidates([passages[int(n) - 1]])]
        best = max(own[n], key=lambda pair: len(said & pair[1]), default=(None, None))[0]
        if best is not None:
            best.rank = int(n) - 1
            out.append(best)
    return out


class UngroundedAnswer(RuntimeError):
    """The model answered, but no sentence of its answer is supported by the passages."""


class LlmAnswerer(Answerer):
    name = "llm"

    def __init__(self, settings, idf=None, checks=None) -> None:
        self._idf = idf or (lambda tokens: dict.fromkeys(tokens, 1.0))
        self._checks = checks
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

    def _draft(self, query: Query, text: str, passages: list[Passage]) -> Draft:
        if not text.strip():
            msg = "the LLM returned an empty answer"
            raise RuntimeError(msg)
        if _REFUSAL.search(text):
            return Draft(NOT_FOUND, False, reason="大模型判断资料中没有答案")
        grounded, cited, highlights = attribute(text, passages, self._idf)
        if not cited:
            msg = "no sentence of the LLM's answer is supported by the passages"
            raise UngroundedAnswer(msg)
        stated = _stated(grounded, passages)
        conflict = place_conflict(query, [passages[n - 1] for n in cited if 1 <= n <= len(passages)]) or stated_conflict(query, stated)
        if conflict:  # the extractive answer's checks: grounded, but in another place's document, of other years, …
            return Draft(NOT_FOUND, False, reason=conflict.reason)
        return Draft(grounded, True, cited, highlights, confidence=1.0)

    def _refusal(self, query: Query, passages: list[Passage]) -> Draft | None:
        if not passages:
            return Draft(NOT_FOUND, False, reason="政策库中没有与该问题相关的段落")
        found = self._checks.check(query) if self._checks else None
        return Draft(NOT_FOUND, False, reason=found.reason, lacks_years=found.lacks_years) if found else None

    def answer(self, query: Query, passages: list[Passage]) -> Draft:
        refused = self._refusal(query, passages)
        if refused:
            return refused
        try:
            reply = self._chat.invoke(self._messages(query, passages))
        except Exception as exc:  # openai/httpx raise many types; all mean "endpoint unusable"
            raise RuntimeError(f"LLM endpoint failed: {type(exc).__name__}: {str(exc)[:200]}") from exc
        return self._draft(query, str(reply.content or ""), passages)

    def stream(self, query: Query, passages: list[Passage]) -> Iterator[str | Draft]:
        refused = self._refusal(query, passages)
        if refused:
            yield refused
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
        yield self._draft(query, "".join(pieces), passages)
