"""Dense (exact cosine over the snapshot; Chroma HNSW past EXACT_ROWS) + BM25 (bigrams) fused by weighted reciprocal rank, then nudged by metadata.

The Government Work Reports repeat near-identical sentences year after year, so
a question naming a year or a region prefers the documents that match it;
filters restrict both sides to the same documents.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.query import Query, analyze
from assistant.retrieval.filters import Filters
from vectorstore.keyword_index import top_rows
from vectorstore.policy_store import PolicyStore, StoredChunk
from textkit.tokenize import bigrams
from textkit.cues import ASKS_OUTCOME as _ASKS_OUTCOME, LAST_YEAR as _LAST_YEAR, YEAR as _YEAR, document_years, section_years
from textkit.numerals import arabic_numerals

RRF_K = 60
EXACT_ROWS = 250_000  # dense search is an exact product up to here (~22 ms at 152k chunks on 2 cores)
_CACHE_LOCK = threading.Lock()


@dataclass
class Passage:
    id: str
    text: str
    meta: dict
    score: float
    ranks: dict = field(default_factory=dict)
    dense: float = 0.0  # cosine of question and passage; the dense list's floor when it ranked below it

    @property
    def doc(self) -> str:
        return self.meta.get("source", "")

    def to_document(self) -> Document:
        return Document(page_content=self.text, metadata={**self.meta, "id": self.id, "score": self.score})


def _boost(query: Query, chunk: StoredChunk) -> float:
    """Multiplier for chunks that speak about the years and places the question names.

    A dated document speaks about its own year, except in a section that looks back
    (「2023年工作回顾」「过去五年工作回顾」, ``section_years``), and about the year before
    where it says 「去年」 (every annual report reviews the past year); a question about
    an outcome (「实际」「完成」) is answered by the next year's documents, a question
    about a year's document (「2024年报告提到…」) by all of that document; a chunk
    that speaks about none of the asked years, in a dated document, is pushed down.
    """
    meta, factor = chunk.meta, 1.0
    if query.years:
        doc_year = meta.get("year") or 0
        named = {int(y) for y in _YEAR.findall(chunk.text)}
        speaks = section_years(arabic_numerals(meta.get("heading", "")), doc_year)
        topic = set(query.years) - set(query.doc_years)  # 「2022年报告回顾上年…」 asks about that report, not about other years' sections on 2022
        outcome = doc_year - 1 in topic and _ASKS_OUTCOME.search(query.text)
        if (query.doc_years and document_years(meta) & set(query.doc_years)) or speaks & topic or outcome:
            factor *= 1.6
        elif named & set(query.years) or (doc_year - 1 in query.years and _LAST_YEAR.search(chunk.text)):
            factor *= 1.3
        elif doc_year:
            factor *= 0.6
    if query.regions:
        named = meta.get("regions", "") + meta.get("title", "")
        hits = sum(1 for r in query.regions if r in named or r in chunk.text)
        factor *= 1.0 + 0.3 * hits / len(query.regions)
    return factor


class HybridRetriever(BaseRetriever):
    """A langchain retriever, so chains and tools can use it like any other."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    store: PolicyStore
    embedder: object
    k: int = 5
    candidates: int = 40
    dense_weight: float = 1.0
    keyword_weight: float = 1.0

    def _dense(self, query: Query, snap, mask) -> list[tuple[str, float]]:
        """Exact cosine over the snapshot's vectors up to ``EXACT_ROWS`` rows; HNSW in Chroma beyond.

        Local Chroma rebuilds its HNSW graph in every process, and at 2,100 chunks its
        top 40 shared 27–40 chunks with the exact top 40 depending on the process: two
        runs answered the same question differently. The exact product is complete and
        the same in every process; it costs ~22 ms at 152k chunks on 2 cores, a few ms
        for a filter's rows. Ties rank by chunk id, as on the keyword side.
        """
        vector = np.asarray(self.embedder.embed_query(query.text), dtype=np.float32)
        matrix = snap.vectors()
        if mask is None and len(matrix) > EXACT_ROWS:
            # Twice the candidates: during a run Chroma also holds chunks this generation does not serve.
            found = sorted(self.store.chroma.query(vector, 2 * self.candidates), key=lambda hit: (-hit[1], hit[0]))
            return [hit for hit in found if hit[0] in snap.chunks][: self.candidates]
        rows = np.flatnonzero(snap.keyword.alive if mask is None else mask)
        scores = (matrix @ vector)[rows] if mask is None else matrix[rows] @ vector
        ids = snap.keyword.ids
        return [(ids[rows[i]], float(scores[i])) for i in top_rows(scores, self.candidates, lambda i: ids[rows[i]])]

    def _allowed(self, filters: Filters, snap) -> set[str] | None:
        """Documents a filter admits in this snapshot, cached per generation (officials reuse the same filters).

        Request threads share the cache, hence the lock; the documents come from the
        snapshot itself so a filter never admits a document the snapshot lacks.
        """
        if not filters.active():
            return None
        key = (filters, snap.generation)
        with _CACHE_LOCK:
            cache = self.__dict__.setdefault("_filter_cache", {})
            if key in cache:
                return cache[key]
        allowed = filters.doc_ids(list(snap.docs.values()))
        with _CACHE_LOCK:
            if len(cache) > 256:
                cache.clear()
            cache[key] = allowed
        return allowed

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [p.to_document() for p in self.retrieve(query)]

    def retrieve(self, question: str, k: int | None = None, filters: Filters | None = None) -> list[Passage]:
        query = analyze(question)
        return self.retrieve_query(query, k or self.k, filters or Filters())

    def retrieve_query(self, query: Query, k: int, filters: Filters, prefer: dict[str, float] | None = None) -> list[Passage]:
        """The ``k`` best passages; ``prefer`` multiplies the scores of some documents' passages (a later part of
        a question leans on the documents that answered the first)."""
        snap = self.store.snapshot()
        allowed = self._allowed(filters, snap)
        if allowed is not None and not allowed:
            return []
        mask = snap.mask(allowed)
        dense = self._dense(query, snap, mask)
        keyword = snap.keyword.top(bigrams(query.text), self.candidates, mask)
        fused: dict[str, dict] = {}
        for weight, name, ranked in ((self.dense_weight, "dense", dense), (self.keyword_weight, "keyword", keyword)):
            for rank, (cid, _) in enumerate(ranked):
                if cid in snap.chunks:
                    entry = fused.setdefault(cid, {"score": 0.0, "ranks": {}})
                    entry["score"] += weight / (RRF_K + rank + 1)
                    entry["ranks"][name] = rank + 1
        similarity = dict(dense)
        floor = min(similarity.values(), default=0.0)
        passages = []
        for cid, entry in fused.items():
            chunk = snap.chunks[cid]
            score = entry["score"] * _boost(query, chunk) * (prefer or {}).get(chunk.meta.get("source", ""), 1.0)
            passages.append(Passage(cid, chunk.text, chunk.meta, score, entry["ranks"], similarity.get(cid, floor)))
        passages.sort(key=lambda p: -p.score)
        return passages[:k]
