"""The Chroma side of the store: embedded ``PersistentClient`` by default, a Chroma server by URL."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import numpy as np

COLLECTION = "policyqa"
_BATCH = 2000


def _client(path: Path, url: str):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if url:
        parsed = urlparse(url if "://" in url else f"http://{url}")
        return chromadb.HttpClient(
            host=parsed.hostname or "127.0.0.1",
            port=parsed.port or 8000,
            ssl=parsed.scheme == "https",
            settings=settings,
        )
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=settings)


class ChromaIndex:
    def __init__(self, path: Path, url: str = "", collection: str = COLLECTION) -> None:
        self.where = url or str(path)
        self._client = _client(path, url)
        self._collection = self._client.get_or_create_collection(
            collection, configuration={"hnsw": {"space": "cosine"}}, embedding_function=None
        )

    def count(self) -> int:
        return self._collection.count()

    def add(self, ids: list[str], embeddings: np.ndarray, texts: list[str], metadatas: list[dict]) -> None:
        for start in range(0, len(ids), _BATCH):
            end = start + _BATCH
            self._collection.add(
                ids=ids[start:end],
                embeddings=embeddings[start:end],
                documents=texts[start:end],
                metadatas=metadatas[start:end],
            )

    def delete_doc(self, doc_id: str) -> None:
        self._collection.delete(where={"doc_id": doc_id})

    def delete_ids(self, ids: list[str]) -> None:
        for start in range(0, len(ids), _BATCH):
            self._collection.delete(ids=ids[start : start + _BATCH])

    def all(self, texts: bool = True) -> tuple[list[str], list[str], list[dict]]:
        """Every chunk's id, text (unless ``texts=False``) and metadata, paged for large stores."""
        ids: list[str] = []
        docs: list[str] = []
        metas: list[dict] = []
        include = ["documents", "metadatas"] if texts else ["metadatas"]
        for offset in range(0, self.count(), _BATCH):
            page = self._collection.get(include=include, limit=_BATCH, offset=offset)
            ids += page["ids"]
            docs += page["documents"] if texts else [""] * len(page["ids"])
            metas += page["metadatas"]
        return ids, docs, metas

    def embeddings(self, ids: list[str]) -> np.ndarray:
        """Vectors for ``ids`` in that order (for exact search over a filtered subset)."""
        rows: dict[str, np.ndarray] = {}
        for start in range(0, len(ids), _BATCH):
            page = self._collection.get(ids=ids[start : start + _BATCH], include=["embeddings"])
            rows.update(zip(page["ids"], page["embeddings"]))
        return np.vstack([np.asarray(rows[i], dtype=np.float32) for i in ids]) if ids else np.zeros((0, 0), np.float32)

    def query(self, vector: np.ndarray, k: int, doc_ids: list[str] | None = None) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) best first, restricted to ``doc_ids`` when given."""
        total = self.count()
        if not total or doc_ids == []:
            return []
        where = None
        if doc_ids is not None:
            where = {"doc_id": doc_ids[0]} if len(doc_ids) == 1 else {"doc_id": {"$in": doc_ids}}
        found = self._collection.query(
            query_embeddings=[np.asarray(vector, dtype=np.float32)], n_results=min(k, total), where=where, include=["distances"]
        )
        return [(cid, 1.0 - float(dist)) for cid, dist in zip(found["ids"][0], found["distances"][0])]
