"""The store: Chroma for vectors, BM25 beside it, the manifest above both.

Readers get an immutable in-memory ``Snapshot`` per published generation. When
the manifest changes (this process or another one published), the next
snapshot is built aside on a background thread and swapped in by reference, so
queries keep answering from the previous generation meanwhile and never see a
half-written run.

Writers work on a private copy of the manifest. New chunk versions get ids of
their own (doc id, content hash, index), so the chunks readers use stay in
Chroma until the manifest that drops them is published; only then are they
deleted. Mid-run checkpoints go to ``manifest.pending.json``, which readers
never read and the next run resumes from.

The published manifest is a file (``FileManifest``) for the embedded store and
records in the Chroma server (``ServerManifest``) in server mode, and the write
lock likewise a file lock or a lease in the server, so replicas of one server
share no folder. This class owns the store's state: snapshot, generation and
keyword index.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from pathlib import Path

import numpy as np

from vectorstore.chroma_index import ChromaIndex
from vectorstore.embedder_mismatch import EmbedderMismatch
from vectorstore.file_manifest import FileManifest
from vectorstore.keyword_index import KeywordIndex
from vectorstore.manifest import Manifest
from textkit.tokenize import tokenize
from vectorstore.server_lock import LEASE_S, ServerLock
from vectorstore.server_manifest import ServerManifest
from vectorstore.snapshot import Snapshot, StoredChunk
from vectorstore.store_lock import StoreLock

__all__ = ["PolicyStore", "Snapshot", "StoredChunk", "chunk_ids"]
log = logging.getLogger(__name__)
PENDING = "manifest.pending.json"
POLL_S = 1.0
ID_SCHEME = 2


def chunk_ids(record: dict) -> list[str]:
    """The Chroma ids of a manifest entry's chunks; versioned ids (scheme 2) never collide across edits."""
    prefix = record["doc_id"]
    if record.get("id_scheme") == ID_SCHEME:
        prefix = f"{record['doc_id']}:{record['content_hash'][:12]}"
    return [f"{prefix}:{i}" for i in range(int(record.get("chunks", 0)))]


def _key(record: dict) -> tuple[str, str]:
    return record.get("doc_id", ""), record.get("content_hash", "")


class PolicyStore:
    def __init__(self, root: Path, chroma_url: str = "", write_lease: float = LEASE_S) -> None:
        self.root = Path(root)
        self.write_lease = write_lease
        self.root.mkdir(parents=True, exist_ok=True)
        self.chroma = ChromaIndex.shared(self.root / "chroma", chroma_url)
        path = self.root / "manifest.json"
        self.published = ServerManifest(self.chroma.client, path) if self.chroma.remote else FileManifest(path)
        self._stamp = self.published.stamp()
        self._polled = time.monotonic()
        self.manifest = self.published.latest()
        self.chroma.sync(self.manifest.generation)
        self.working: Manifest | None = None
        self._retired: list[dict] = []
        self._snapshot: Snapshot | None = None
        self._build_lock = threading.Lock()
        self._builder_lock = threading.Lock()
        self._builder: threading.Thread | None = None
        self._writer_lock: StoreLock | ServerLock | None = None

    # ---- embedder bookkeeping -------------------------------------------------
    def check_embedder(self, info: dict) -> None:
        """Refuse to mix vectors from two models: their distances mean nothing together."""
        recorded = self.manifest.embedder
        if recorded and (recorded.get("name"), recorded.get("dim")) != (info["name"], info["dim"]):
            raise EmbedderMismatch(self.root, recorded, info)

    # ---- reading ----------------------------------------------------------------
    def documents(self) -> list[dict]:
        self.refresh()
        return sorted(self.manifest.docs.values(), key=lambda d: d["source"])

    def refresh(self, force: bool = False) -> None:
        """Re-read the published manifest when its stamp changed: one stat per call, or one small
        ``get`` at most every ``POLL_S`` against a Chroma server."""
        if self.chroma.remote and not force and time.monotonic() - self._polled < POLL_S:
            return
        self._polled = time.monotonic()
        stamp = self.published.stamp()
        if stamp != self._stamp:
            self.manifest = self.published.latest()
            self._stamp = stamp

    def follow(self, interval: float = 2.0) -> threading.Thread:
        """Keep the served snapshot at the published generation without waiting for a query to notice."""

        def loop() -> None:
            while True:
                time.sleep(interval)
                try:
                    self.snapshot()
                except Exception:  # noqa: BLE001 - a server hiccup must not end the follower; next round retries
                    log.warning("could not check the store's generation", exc_info=True)

        thread = threading.Thread(target=loop, name="policyqa-follow", daemon=True)
        thread.start()
        return thread

    def snapshot(self) -> Snapshot:
        """The served generation; a newer one is built aside and swapped in, never waited for."""
        self.refresh()
        current = self._snapshot
        if current is None:
            with self._build_lock:
                if self._snapshot is None:
                    self._snapshot = self._build(self.published.latest())
            return self._snapshot
        if current.generation != self.manifest.generation:
            self._start_builder()
        return current

    def settle(self, timeout: float | None = None) -> bool:
        """Wait for a background rebuild in progress; True when none is left running."""
        builder = self._builder
        if builder is not None:
            builder.join(timeout)
            return not builder.is_alive()
        return True

    def _start_builder(self) -> None:
        with self._builder_lock:
            if self._builder is not None and self._builder.is_alive():
                return
            builder = threading.Thread(target=self._rebuild, name="policyqa-snapshot", daemon=True)
            builder.start()
            self._builder = builder

    def _rebuild(self) -> None:
        try:
            with self._build_lock:
                latest = self.published.latest()
                if self._snapshot is not None and self._snapshot.generation == latest.generation:
                    return
                started = len(latest.docs)
                snapshot = self._snapshot = self._build(latest)
                log.info("serving store generation %s (%d documents)", latest.generation[:8], started)
            self._cache_keyword(snapshot.keyword, latest.generation)
        except Exception:  # noqa: BLE001 - a failed rebuild keeps the previous snapshot; the next query retries
            log.exception("could not build the next store snapshot; still serving the previous one")

    def _build(self, manifest: Manifest) -> Snapshot:
        """From the snapshot being served when there is one (only the change is read), else from scratch."""
        self.chroma.sync(manifest.generation)
        current = self._snapshot
        if current is not None:
            return self._evolve(current, manifest.generation, dict(manifest.docs))
        chunks, vectors = self._read(manifest.docs)
        keyword = KeywordIndex.load(self.root / "keyword", manifest.generation)
        if keyword is None or keyword.live_ids() != {c.id for c in chunks}:
            keyword = self._build_keyword(chunks)
            self._cache_keyword(keyword, manifest.generation)
        return Snapshot(chunks, keyword, manifest.generation, dict(manifest.docs), vectors)

    def warm_cache(self) -> bool:
        """Build and cache the published generation's keyword index unless it is cached; True when it built.

        ``serve --workers N`` runs this in a throwaway process before the workers start:
        tokenizing every chunk leaves a process at about twice the memory of one that
        loads the saved index (152k chunks: 2.9 GB against 1.0 GB for the store alone),
        so no worker should be the one that builds it.
        """
        if KeywordIndex.saved_generation(self.root / "keyword") == self.published.latest().generation:
            return False
        self.snapshot()
        return True

    def _cache_keyword(self, keyword: KeywordIndex, generation: str) -> None:
        """Keep the index a reader built or evolved, so its next start (a restarted worker, a replica's
        restart) loads it instead of reading and tokenizing every chunk again: at 152k chunks that
        took 25 s and left the process at twice the memory of one that loaded the saved index.

        Only the published generation is cached. A writer that saves the next one between this
        check and this save loses its cache to this one; that costs the next start a rebuild,
        never a wrong answer (``load`` checks the generation and the chunk ids).
        """
        if self.published.latest().generation != generation:
            return
        try:
            if keyword.save(self.root / "keyword", generation, unless_saved=True):
                log.info("cached the keyword index of generation %s", generation[:8])
        except OSError as exc:
            log.warning("could not cache the keyword index in %s (%s); the next start rebuilds it", self.root / "keyword", exc)

    def _evolve(self, base: Snapshot, generation: str, docs: dict[str, dict]) -> Snapshot:
        removed, added = _diff(base.docs, docs)
        chunks, vectors = self._read_ids(added)
        return base.evolve(generation, docs, removed, chunks, vectors)

    def _read(self, docs: dict[str, dict]) -> tuple[list[StoredChunk], dict[str, np.ndarray]]:
        """The chunks ``docs`` vouch for, read by id: exact even while a writer adds or deletes others."""
        return self._read_ids([cid for record in docs.values() for cid in chunk_ids(record)])

    def _read_ids(self, wanted: list[str]) -> tuple[list[StoredChunk], dict[str, np.ndarray]]:
        rows = self.chroma.get(wanted)
        if len(rows) != len(wanted):
            log.warning("%d chunks listed by the manifest are missing from Chroma", len(wanted) - len(rows))
        chunks = [StoredChunk(cid, rows[cid][0], rows[cid][1]) for cid in wanted if cid in rows]
        return chunks, {cid: row[2] for cid, row in rows.items()}

    @staticmethod
    def _build_keyword(chunks: list[StoredChunk]) -> KeywordIndex:
        return KeywordIndex.build([c.id for c in chunks], [tokenize(c.search_text()) for c in chunks])

    def _next_keyword(self, docs: dict[str, dict], generation: str) -> tuple[KeywordIndex, Snapshot | None]:
        """The committed run's keyword index, built from what changed since the published generation.

        The served snapshot is evolved when this process serves one; otherwise the saved
        index is loaded and changed; only when neither matches the published manifest is
        everything read back and tokenized.
        """
        published = self.manifest
        current = self._snapshot
        if current is not None and current.generation == published.generation:
            snapshot = self._evolve(current, generation, docs)
            return snapshot.keyword, snapshot
        saved = KeywordIndex.load(self.root / "keyword", published.generation)
        if saved is not None and saved.live_ids() == {cid for r in published.docs.values() for cid in chunk_ids(r)}:
            removed, added = _diff(published.docs, docs)
            chunks, _ = self._read_ids(added)
            return saved.changed(removed, [c.id for c in chunks], [tokenize(c.search_text()) for c in chunks]), None
        chunks, vectors = self._read(docs)
        keyword = self._build_keyword(chunks)
        return keyword, Snapshot(chunks, keyword, generation, docs, vectors)

    # ---- writing (callers hold the write lock) ------------------------------------
    def write_lock(self) -> StoreLock | ServerLock:
        """The server's lease in server mode (replicas share no folder), else this folder's file lock."""
        return self.chroma.write_lock(self.write_lease) if self.chroma.remote else StoreLock(self.root)

    def begin_write(self, lock: StoreLock | ServerLock | None = None) -> int:
        """Start a run on a private manifest (a killed run's checkpoint, else the published one); repair.

        The repair scans every chunk's metadata (O(store)), so it runs only when the
        last run did not end cleanly: the clean mark names the generation the last
        commit published and is removed before this run writes anything. ``lock`` is
        the held write lock, checked again right before the commit publishes.
        """
        self._writer_lock = lock
        self.refresh(force=True)
        resumed = self._resume()
        self.working = resumed or self.published.latest()
        self.working.path = self.manifest.path
        self._retired = list(self.manifest.docs.values())
        clean = resumed is None and bool(self.manifest.generation) and self.published.clean_mark() == self.manifest.generation
        self.published.set_clean_mark("")
        return 0 if clean else self._repair()

    def end_write(self) -> None:
        self._writer_lock = None
        self.working = None
        self._retired = []

    def _resume(self) -> Manifest | None:
        pending = self.root / PENDING
        if not pending.exists():
            return None
        try:
            resumed = Manifest(pending)
        except ValueError as exc:
            log.warning("ignoring an unreadable checkpoint (%s)", exc)
            return None
        log.info("resuming from the checkpoint of an interrupted ingest (%d documents)", len(resumed.docs))
        return resumed

    def _repair(self) -> int:
        """Delete chunks a killed run left behind: neither the published manifest nor the checkpoint lists them."""
        vouched = {_key(r) for m in (self.manifest, self.working) for r in m.docs.values()}
        ids, metas = self.chroma.all_metadata()
        orphans = [i for i, m in zip(ids, metas) if _key(m) not in vouched]
        if orphans:
            log.warning("removing %d orphan chunks left by an interrupted ingest", len(orphans))
            self.chroma.delete_ids(orphans)
        return len(orphans)

    def add_documents(self, records: list[dict], ids: list[str], vectors: np.ndarray, texts: list[str], metas: list[dict]) -> None:
        """Chunks first, then the working entries that vouch for them; nothing is published yet."""
        if ids:
            self.chroma.add(ids, vectors, texts, metas)
        for record in records:
            self.working.docs[record["doc_id"]] = {**record, "id_scheme": ID_SCHEME}

    def remove_document(self, doc_id: str) -> None:
        """Drop from the working manifest; its chunks stay for readers until the commit is published."""
        old = self.working.docs.pop(doc_id, None)
        if old:
            self._retired.append(old)

    def checkpoint(self) -> None:
        """Save progress where the next run resumes from, without publishing it to readers."""
        self.working.save(path=self.root / PENDING)

    def commit(self, embedder_info: dict) -> None:
        """Build the next keyword index and snapshot from the change, publish the manifest, swap, then delete retired chunks."""
        working = self.working
        if not working.embedder:
            working.embedder = embedder_info
        generation = uuid.uuid4().hex
        keyword, snapshot = self._next_keyword(dict(working.docs), generation)
        keyword.save(self.root / "keyword", generation)
        if self._writer_lock is not None:
            self._writer_lock.check_held()  # a writer whose lease was taken over must not publish
        self.published.publish(working, generation)
        self.chroma.mark_current(generation)
        if snapshot is not None:
            with self._build_lock:
                self._snapshot = snapshot
        self.refresh(force=True)
        (self.root / PENDING).unlink(missing_ok=True)
        live = {_key(r) for r in working.docs.values()}
        retired = list(dict.fromkeys(cid for r in self._retired if _key(r) not in live for cid in chunk_ids(r)))
        if retired:
            self.chroma.delete_ids(retired)
        self.published.set_clean_mark(generation)
        self.end_write()


def _diff(old: dict[str, dict], new: dict[str, dict]) -> tuple[list[str], list[str]]:
    """(chunk ids to drop, chunk ids to add) between two manifests' documents, by (doc id, content hash)."""
    old_keys = {_key(r) for r in old.values()}
    new_keys = {_key(r) for r in new.values()}
    removed = [cid for r in old.values() if _key(r) not in new_keys for cid in chunk_ids(r)]
    added = [cid for r in new.values() if _key(r) not in old_keys for cid in chunk_ids(r)]
    return removed, added
