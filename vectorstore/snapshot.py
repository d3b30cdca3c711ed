"""One store generation as readers see it: chunk texts, metadata, vectors and the keyword index.

Built whole, aside from the one being served, and swapped in by reference, so a
query holds one generation from start to finish and never waits on a rebuild.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from textkit.search_text import search_text
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
        self.generation = generation
        self.docs = docs
        self.chunks = {c.id: c for c in chunks}
        self.keyword = keyword
        doc_code: dict[str, int] = {}
        codes = [doc_code.setdefault(self.chunks[cid].meta.get("doc_id", ""), len(doc_code)) for cid in keyword.ids]
        self._doc_code = doc_code
        self._row_code = np.array(codes, dtype=np.int32)
        dim = len(next(iter(vectors.values()))) if vectors else 0
        self._vectors = np.vstack([vectors[cid] for cid in keyword.ids]) if keyword.ids else np.zeros((0, dim), np.float32)
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
