"""The Chroma side of the store: embedded ``PersistentClient`` by default, a Chroma server by URL.

An embedded client caches its HNSW segments in a process-wide ``System`` keyed
by the path (chromadb's ``SharedSystemClient``), so it never sees vectors that
another process wrote later. One ``ChromaIndex`` per path per process owns the
only client on that path; when a generation it did not write is published, it
closes the client (the last reference stops the cached ``System``) and opens a
new one that reads the current files. A readers-writer lock keeps queries off
the client while it is swapped.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

from vectorstore.rw_lock import RWLock
from vectorstore.server_lock import ServerLock

COLLECTION = "policyqa"
_BATCH = 2000
log = logging.getLogger(__name__)


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
    _shared: dict[tuple[str, str, str], "ChromaIndex"] = {}
    _shared_lock = threading.Lock()

    def __init__(self, path: Path, url: str = "", collection: str = COLLECTION) -> None:
        self.where = url or str(path)
        self._path, self._url, self._name = Path(path), url, collection
        self._rw = RWLock()
        self._current: str | None = None
        self._open()

    @classmethod
    def shared(cls, path: Path, url: str = "", collection: str = COLLECTION) -> "ChromaIndex":
        """The process's one index for this path: two clients on one path would share a stale cache."""
        key = (str(Path(path).resolve()), url, collection)
        with cls._shared_lock:
            if key not in cls._shared:
                cls._shared[key] = cls(path, url, collection)
            return cls._shared[key]

    def _open(self) -> None:
        self._client = _client(self._path, self._url)
        self._collection = self._client.get_or_create_collection(
            self._name, configuration={"hnsw": {"space": "cosine"}}, embedding_function=None
        )

    def sync(self, generation: str) -> None:
        """Reopen an embedded client when the store moved to a generation this client has not seen."""
        if self._current is None or self._url:
            self._current = generation
            return
        if generation == self._current:
            return
        with self._rw.write():
            if generation == self._current:
                return
            log.info("store generation changed to %s by another process; reopening Chroma", generation[:8])
            close = getattr(self._client, "close", None)
            if close:
                close()
            self._open()
            self._current = generation

    @property
    def client(self):
        """The Chroma client, for the store's small bookkeeping collections (manifest, write lease)."""
        return self._client

    @property
    def remote(self) -> bool:
        """A Chroma server shared by replicas, rather than an embedded client on this machine's disk."""
        return bool(self._url)

    def write_lock(self, lease_s: float) -> ServerLock:
        """The server-held lease that serialises writers across every replica of this server."""
        return ServerLock(self._client, self.where, lease_s=lease_s)

    def mark_current(self, generation: str) -> None:
        """This process wrote ``generation`` through this client, so the client already sees it."""
        self._current = generation

    def count(self) -> int:
        with self._rw.read():
            return self._collection.count()

    def add(self, ids: list[str], embeddings: np.ndarray, texts: list[str], metadatas: list[dict]) -> None:
        with self._rw.read():
            for start in range(0, len(ids), _BATCH):
                end = start + _BATCH
                self._collection.add(
                    ids=ids[start:end],
                    embeddings=embeddings[start:end],
                    documents=texts[start:end],
                    metadatas=metadatas[start:end],
                )

    def delete_ids(self, ids: list[str]) -> None:
        with self._rw.read():
            for start in range(0, len(ids), _BATCH):
                self._collection.delete(ids=ids[start : start + _BATCH])

    def all_metadata(self) -> tuple[list[str], list[dict]]:
        """Every chunk's id and metadata (for repair), paged for large stores."""
        ids: list[str] = []
        metas: list[dict] = []
        with self._rw.read():
            total = self._collection.count()
            for offset in range(0, total, _BATCH):
                page = self._collection.get(include=["metadatas"], limit=_BATCH, offset=offset)
                ids += page["ids"]
                metas += page["metadatas"]
        return ids, metas

    def get(self, ids: list[str]) -> dict[str, tuple[str, dict, np.ndarray]]:
        """Text, metadata and vector of each of ``ids`` that exists: exact reads, no paging over a moving set."""
        rows: dict[str, tuple[str, dict, np.ndarray]] = {}
        with self._rw.read():
            for start in range(0, len(ids), _BATCH):
                page = self._collection.get(ids=ids[start : start + _BATCH], include=["documents", "metadatas", "embeddings"])
                for cid, text, meta, vec in zip(page["ids"], page["documents"], page["metadatas"], page["embeddings"]):
                    rows[cid] = (text, meta, np.asarray(vec, dtype=np.float32))
        return rows

    def query(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) best first."""
        with self._rw.read():
            total = self._collection.count()
            if not total:
                return []
            found = self._collection.query(
                query_embeddings=[np.asarray(vector, dtype=np.float32)], n_results=min(k, total), include=["distances"]
            )
        return [(cid, 1.0 - float(dist)) for cid, dist in zip(found["ids"][0], found["distances"][0])]
