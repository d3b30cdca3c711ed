"""One store generation as readers see it: chunk texts, metadata, vectors and the keyword index.

Built aside from the one being served (from scratch at start, from the previous
one after a change, touching only what changed), and swapped in by reference, so a
query holds one generation from start to finish and never waits on a rebuild.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from textkit.search_text import search_text
from textkit.tokenize import tokenize
from vectorstore.keyword_index import KeywordIndex


@dataclass
class StoredChunk:
    id: str
    text: str
    meta: dict

    def search_text(self) -> str:
        return search_text(self.meta.get("title", ""), self.meta.get("heading", ""), self.text)


class Snapshot:
    """Everything a query needs, built once per store generation; never mutated after it is built."""

    def __init__(self, chunks: list[StoredChunk], keyword: KeywordIndex, generation: str, docs: dict[str, dict], vectors: dict[str, np.ndarray]) -> None:
        self._assemble({c.id: c for c in chunks}, keyword, generation, docs, vectors)

    def evolve(self, generation: str, docs: dict[str, dict], removed: list[str], added: list[StoredChunk], vectors: dict[str, np.ndarray]) -> "Snapshot":
        """The next generation from this one: only the removed and added chunks are touched or tokenized."""
        chunks, known = dict(self.chunks), dict(self._vector_of)
        for cid in removed:
            chunks.pop(cid, None)
            known.pop(cid, None)
        chunks.update((c.id, c) for c in added)
        known.update(vectors)
        keyword = self.keyword.changed(removed, [c.id for c in added], [tokenize(c.search_text()) for c in added])
        nxt = Snapshot.__new__(Snapshot)
        nxt._assemble(chunks, keyword, generation, docs, known)
        return nxt

    def _assemble(self, chunks: dict[str, StoredChunk], keyword: KeywordIndex, generation: str, docs: dict[str, dict], vectors: dict[str, np.ndarray]) -> None:
        """Rows aligned with the keyword index; its dead rows get document code -1 and a zero vector."""
        self.generation, self.docs, self.chunks, self.keyword = generation, docs, chunks, keyword
        doc_code: dict[str, int] = {}
        alive = keyword.alive
        codes = [doc_code.setdefault(chunks[cid].meta.get("doc_id", ""), len(doc_code)) if alive[i] else -1 for i, cid in enumerate(keyword.ids)]
        self._doc_code = doc_code
        self._row_code = np.array(codes, dtype=np.int32)
        dim = len(next(iter(vectors.values()))) if vectors else 0
        matrix = np.zeros((len(keyword.ids), dim), np.float32)
        for i in np.flatnonzero(alive):
            matrix[i] = vectors[keyword.ids[i]]
        self._vectors = matrix
        self._vector_of = {keyword.ids[i]: matrix[i] for i in np.flatnonzero(alive)}
        self._by_position: dict[tuple, StoredChunk] | None = None  # built on first use, by one thread or harmlessly by two

    def following(self, chunk_id: str) -> StoredChunk | None:
        """The next chunk of the same document: where a list announced at a chunk's end continues."""
        chunk = self.chunks.get(chunk_id)
        if chunk is None:
            return None
        if self._by_position is None:
            self._by_position = {(c.meta.get("doc_id"), c.meta.get("index")): c for c in self.chunks.values()}
        return self._by_position.get((chunk.meta.get("doc_id"), (chunk.meta.get("index") or 0) + 1))

    def vectors(self) -> np.ndarray:
        """All chunk vectors, rows aligned with the keyword index, read with the chunks (no later lookups)."""
        return self._vectors

    def mask(self, doc_ids: set[str] | None) -> np.ndarray | None:
        """Rows of the keyword index that belong to ``doc_ids`` (integer codes: fast at 100k rows)."""
        if doc_ids is None:
            return None
        wanted = np.array([self._doc_code[d] for d in doc_ids if d in self._doc_code], dtype=np.int32)
        return np.isin(self._row_code, wanted)
