"""Files in, index out: incremental, resumable, one writer at a time.

A changed document's new chunks are added beside the old ones (their ids carry
the content hash) and the manifest, published atomically at the end, switches
readers to them; the old chunks are deleted after that. A run killed midway
leaves a checkpoint it resumes from and orphans the next run deletes before it
starts, so there are never duplicates and readers never see half a run.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from assistant.indexing.ingest_report import IngestReport
from ingest.document import PolicyDocument, build_document
from ingest.errors import SkipFile
from ingest.loaders import SUPPORTED_SUFFIXES
from textkit.normalize import normalize
from vectorstore.embedders.base import Embedder
from vectorstore.policy_store import ID_SCHEME, PolicyStore, chunk_ids

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]
_CHECKPOINT_DOCS = 200
_FLUSH_CHUNKS = 512


def iter_files(paths: list[Path], report: IngestReport):
    """Files under the given paths, sorted; links leading outside their folder are refused."""
    for root in paths:
        if not root.exists():
            report.skipped.append({"file": str(root), "reason": "path does not exist"})
            continue
        if root.is_file():
            yield root
            continue
        base = root.resolve()
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                path = Path(dirpath) / name
                if name.startswith("."):
                    continue
                if path.is_symlink() and not path.resolve().is_relative_to(base):
                    report.skipped.append({"file": name, "reason": "symbolic link to a file outside the corpus folder; not followed"})
                    continue
                yield path


def chunk_metadata(doc: PolicyDocument) -> list[dict]:
    meta = doc.metadata
    year = int(meta.date[:4]) if meta.date[:4].isdigit() else 0
    common = {
        "doc_id": doc.doc_id,
        "content_hash": doc.content_hash,
        "source": doc.source,
        "title": meta.title,
        "issuer": meta.issuer,
        "date": meta.date,
        "year": year,
        "doc_number": meta.doc_number,
        "regions": "|" + "|".join(meta.regions) + "|" if meta.regions else "",
    }
    return [{**common, "heading": " > ".join(c.heading_path), "index": c.index} for c in doc.chunks]


class Indexer:
    def __init__(self, store: PolicyStore, embedder: Embedder, progress: bool = True) -> None:
        store.check_embedder(embedder.info())
        self.store, self.embedder, self.progress = store, embedder, progress

    def check_free(self) -> None:
        """Raise ``StoreBusy`` (409) now, naming the holder, rather than from a queued job later."""
        self.store.write_lock().check_free()

    def ingest(self, paths: list[Path], prune: bool = False, on_progress: Progress | None = None) -> IngestReport:
        """``on_progress(stage, done, total)`` is told about each file and the final commit (for jobs)."""
        report = IngestReport()
        started = time.perf_counter()
        self._on_progress = on_progress or _no_progress
        with self.store.write_lock() as lock:
            try:
                report.repaired_chunks = self.store.begin_write(lock)
                files = list(iter_files(paths, report))
                self._ingest_files(files, report)
                if prune:
                    self._prune(report, paths)
                self._on_progress("commit", len(files), len(files))
                t = time.perf_counter()
                self.store.commit(self.embedder.info())
                report.seconds["index"] += time.perf_counter() - t
            finally:
                self.store.end_write()
        report.seconds["total"] = time.perf_counter() - started
        return report

    def ingest_bytes(self, name: str, data: bytes, folder: Path, on_progress: Progress | None = None) -> IngestReport:
        """An uploaded file: saved under the store's uploads folder, then ingested like any other."""
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / name
        tmp = folder / f".{name}.part"
        tmp.write_bytes(data)
        os.replace(tmp, target)
        return self.ingest([target], on_progress=on_progress)

    def _ingest_files(self, files: list[Path], report: IngestReport) -> None:
        bar = _progress(len(files), self.progress)
        by_hash = {d["content_hash"]: d["source"] for d in self.store.working.docs.values()}
        self._pending: list[PolicyDocument] = []
        for n, path in enumerate(files, 1):
            self._ingest_one(path, report, by_hash)
            if sum(len(d.chunks) for d in self._pending) >= _FLUSH_CHUNKS:
                self._flush(report)
            bar.update(1)
            self._on_progress("files", n, len(files))
            if n % _CHECKPOINT_DOCS == 0:
                self._flush(report)
                self.store.checkpoint()
        self._flush(report)
        bar.close()

    def _ingest_one(self, path: Path, report: IngestReport, by_hash: dict) -> None:
        t = time.perf_counter()
        try:
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                raise SkipFile(path, f"unsupported file type '{path.suffix or '(none)'}'")
            doc = build_document(path)
        except SkipFile as exc:
            report.skipped.append({"file": path.name, "reason": exc.reason})
            log.warning("skipped %s", exc)
            return
        finally:
            report.seconds["parse"] += time.perf_counter() - t
        old = self.store.working.docs.get(doc.doc_id)
        if old and old["content_hash"] == doc.content_hash:
            report.unchanged.append(doc.source)
            return
        twin = by_hash.get(doc.content_hash)
        if twin and not old:
            report.skipped.append({"file": doc.source, "reason": f"same text as already indexed '{twin}'"})
            return
        if old:
            self.store.remove_document(doc.doc_id)
        self._pending.append(doc)
        by_hash[doc.content_hash] = doc.source
        (report.updated if old else report.added).append(doc.source)
        report.chunks += len(doc.chunks)

    def _flush(self, report: IngestReport) -> None:
        """Embed and write the buffered documents together: big batches for the model and for Chroma."""
        docs, self._pending = self._pending, []
        if not docs:
            return
        texts = [normalize(c.search_text(d.metadata.title)) for d in docs for c in d.chunks]
        t = time.perf_counter()
        vectors = _embed(self.embedder, texts)
        t2 = time.perf_counter()
        ids = [cid for d in docs for cid in chunk_ids({**d.record(), "id_scheme": ID_SCHEME})]
        metas = [m for d in docs for m in chunk_metadata(d)]
        self.store.add_documents([d.record() for d in docs], ids, vectors, [c.text for d in docs for c in d.chunks], metas)
        report.seconds["embed"] += t2 - t
        report.seconds["index"] += time.perf_counter() - t2

    def _prune(self, report: IngestReport, paths: list[Path]) -> None:
        """Remove documents whose files are gone. With a Chroma server, only documents under the
        folders this run was given: the others were ingested or uploaded on other replicas, whose
        files this machine cannot see (an upload lives in its replica's ``uploads/``)."""
        roots = [Path(p).resolve() for p in paths] if self.store.chroma.remote else None
        for doc_id, record in list(self.store.working.docs.items()):
            path = Path(record["path"])
            if roots is not None and not any(path == root or path.is_relative_to(root) for root in roots):
                continue
            if not path.exists():
                self.store.remove_document(doc_id)
                report.removed.append(record["source"])

    def remove(self, doc_id: str) -> dict | None:
        with self.store.write_lock() as lock:
            try:
                self.store.begin_write(lock)
                record = self.store.working.docs.get(doc_id)
                if record:
                    self.store.remove_document(doc_id)
                    self.store.commit(self.embedder.info())
                return record
            finally:
                self.store.end_write()


def _no_progress(stage: str, done: int, total: int) -> None:
    """Default progress sink: the CLI shows a tqdm bar instead."""


def _embed(embedder: Embedder, texts: list[str]):
    import numpy as np

    if not texts:
        return np.zeros((0, embedder.dim), dtype=np.float32)
    size = embedder.batch_size
    return np.vstack([embedder.embed_passages(texts[i : i + size]) for i in range(0, len(texts), size)])


def _progress(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="file", desc="ingest", file=sys.stderr, disable=not enabled or total < 2)
