"""The store: Chroma for vectors, BM25 beside it, the manifest above both.

Readers get an in-memory snapshot (chunk texts, metadata, keyword index) that
is reloaded when the manifest changes, so a long-running server sees a
finished re-ingest without restarting and never sees a half-written one.
"""

from __future__ import annotations

import logging
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ingest.chunker import search_text
from vectorstore.chroma_index import ChromaIndex
from vectorstore.keyword_index import KeywordIndex
from vectorstore.manifest import Manifest
from textkit.tokenize import tokenize

log = logging.getLogger(__name__)


@dataclass
class StoredChunk:
    id: str
    text: str
    meta: dict

    def search_text(self) -> str:
        return search_text(self.meta.get("title", ""), self.meta.get("heading", ""), self.text)


class Snapshot:
    """Everything a query needs, built once per store generation."""

    def __init__(self, chunks: list[StoredChunk], keyword: KeywordIndex, generation: str) -> None:
        self.generation = generation
        self.chunks = {c.id: c for c in chunks}
        self.keyword = keyword
        self._doc_code: dict[str, int] = {}
        codes = [self._doc_code.setdefault(self.chunks[cid].meta.get("doc_id", ""), len(self._doc_code)) for cid in keyword.ids]
        self._row_code = np.array(codes, dtype=np.int32)
        self._vectors: np.ndarray | None = None
        self._vectors_lock = threading.Lock()

    def vectors(self, chroma) -> np.ndarray:
        """All chunk vectors, rows aligned with the keyword index; loaded on first filtered query."""
        with self._vectors_lock:
            if self._vectors is None:
                self._vectors = chroma.embeddings(self.keyword.ids)
            return self._vectors

    def mask(self, doc_ids: set[str] | None) -> np.ndarray | None:
        """Rows of the keyword index that belong to ``doc_ids`` (integer codes: fast at 100k rows)."""
        if doc_ids is None:
            return None
        wanted = np.array([self._doc_code[d] for d in doc_ids if d in self._doc_code], dtype=np.int32)
        return np.isin(self._row_code, wanted)


class PolicyStore:
    def __init__(self, root: Path, chroma_url: str = "") -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.manifest = Manifest(self.root / "manifest.json")
        self.chroma = ChromaIndex(self.root / "chroma", chroma_url)
        self._snapshot: Snapshot | None = None
        self._seen_mtime = 0
        self._lock = threading.Lock()

    # ---- embedder bookkeeping -------------------------------------------------
    def check_embedder(self, info: dict) -> None:
        """Refuse to mix vectors from two models: their distances mean nothing together."""
        recorded = self.manifest.embedder
        if recorded and (recorded.get("name"), recorded.get("dim")) != (info["name"], info["dim"]):
            msg = (
                f"store {self.root} was built with embedder '{recorded.get('name')}' ({recorded.get('dim')} dims), "
                f"not '{info['name']}' ({info['dim']} dims); use that embedder or a new --store"
            )
            raise ValueError(msg)

    # ---- reading ----------------------------------------------------------------
    def documents(self) -> list[dict]:
        self.refresh()
        return sorted(self.manifest.docs.values(), key=lambda d: d["source"])

    def refresh(self) -> None:
        mtime = self.manifest.mtime()
        if mtime != self._seen_mtime:
            self.manifest = Manifest(self.manifest.path)
            self._seen_mtime = mtime

    def snapshot(self) -> Snapshot:
        with self._lock:
            self.refresh()
            if self._snapshot is None or self._snapshot.generation != self.manifest.generation:
                self._snapshot = self._load_snapshot()
            return self._snapshot

    def _load_snapshot(self) -> Snapshot:
        ids, texts, metas = self.chroma.all()
        chunks = [StoredChunk(i, t, m) for i, t, m in zip(ids, texts, metas) if self._vouched(m)]
        generation = self.manifest.generation
        keyword = KeywordIndex.load(self.root / "keyword", generation)
        if keyword is None or set(keyword.ids) != {c.id for c in chunks}:
            keyword = self._build_keyword(chunks)
        return Snapshot(chunks, keyword, generation)

    @staticmethod
    def _build_keyword(chunks: list[StoredChunk]) -> KeywordIndex:
        return KeywordIndex.build([c.id for c in chunks], [tokenize(c.search_text()) for c in chunks])

    def _vouched(self, meta: dict) -> bool:
        """A chunk counts only when the manifest lists its document with the same content hash."""
        return self.manifest.docs.get(meta.get("doc_id"), {}).get("content_hash") == meta.get("content_hash")

    # ---- writing (callers hold a StoreLock) --------------------------------------
    def repair(self) -> int:
        """Delete chunks a killed run left behind (documents the manifest does not vouch for)."""
        ids, _, metas = self.chroma.all(texts=False)
        orphans = [i for i, m in zip(ids, metas) if not self._vouched(m)]
        if orphans:
            log.warning("removing %d orphan chunks left by an interrupted ingest", len(orphans))
            self.chroma.delete_ids(orphans)
        return len(orphans)

    def add_documents(self, records: list[dict], ids: list[str], vectors: np.ndarray, texts: list[str], metas: list[dict]) -> None:
        """Chunks first, then the manifest entries that vouch for them (old chunks already removed)."""
        if ids:
            self.chroma.add(ids, vectors, texts, metas)
        for record in records:
            self.manifest.docs[record["doc_id"]] = record

    def remove_document(self, doc_id: str) -> None:
        self.chroma.delete_doc(doc_id)
        self.manifest.docs.pop(doc_id, None)

    def commit(self, embedder_info: dict) -> None:
        """Rebuild BM25 for the new contents, then publish the manifest: readers switch only now."""
        if not self.manifest.embedder:
            self.manifest.embedder = embedder_info
        ids, texts, metas = self.chroma.all()
        chunks = [StoredChunk(i, t, m) for i, t, m in zip(ids, texts, metas) if self._vouched(m)]
        keyword = self._build_keyword(chunks)
        generation = uuid.uuid4().hex
        keyword.save(self.root / "keyword", generation)
        self.manifest.save(generation)
