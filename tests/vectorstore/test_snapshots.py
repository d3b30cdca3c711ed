"""Readers see the store before or after a run, never in between, and never wait on a rebuild (issue 11, items 3-4)."""

from __future__ import annotations

import threading

import pytest

import assistant.indexing.indexer as indexer_module
from assistant.retrieval import Filters
from assistant.services import Services
from assistant.settings import Settings
from eval.bench.synthetic import SyntheticCorpus
from vectorstore.policy_store import PolicyStore


def _corpus(folder, docs: int, seed: int = 5):
    return SyntheticCorpus(seed=seed).write(folder, docs * 4, chars_per_chunk=250, chunks_per_doc=4)


def _settings(tmp_path) -> Settings:
    return Settings(store=tmp_path / "store", embedder="hash")


def test_checkpoints_are_not_published_mid_run(tmp_path, monkeypatch):
    """A checkpoint saves progress for a resumed run; readers keep the pre-run store until the commit."""
    docs = tmp_path / "docs"
    _corpus(docs, 24)
    first = sorted(docs.glob("*.txt"))[:6]
    settings = _settings(tmp_path)
    Services(settings).indexer(progress=False).ingest(first)
    reader = PolicyStore(settings.store)
    before = {d["doc_id"] for d in reader.documents()}
    before_chunks = set(reader.snapshot().chunks)
    monkeypatch.setattr(indexer_module, "_CHECKPOINT_DOCS", 5)
    seen: list[tuple[int, int, int]] = []

    def look(stage: str, done: int, total: int) -> None:
        if stage == "files" and done in (7, 12, 18):
            fresh = PolicyStore(settings.store)
            seen.append((len(fresh.documents()), len(reader.documents()), len(reader.snapshot().chunks)))
            assert {d["doc_id"] for d in fresh.documents()} == before
            assert set(reader.snapshot().chunks) == before_chunks

    report = Services(settings).indexer(progress=False).ingest([docs], on_progress=look)
    assert len(seen) == 3 and len(report.added) == 18
    assert (settings.store / "manifest.pending.json").exists() is False
    assert len(PolicyStore(settings.store).documents()) == 24


def test_a_killed_run_resumes_from_its_checkpoint(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    _corpus(docs, 12)
    settings = _settings(tmp_path)
    monkeypatch.setattr(indexer_module, "_CHECKPOINT_DOCS", 5)

    class Killed(Exception):
        pass

    def die(stage: str, done: int, total: int) -> None:
        if stage == "files" and done == 8:
            raise Killed

    with pytest.raises(Killed):
        Services(settings).indexer(progress=False).ingest([docs], on_progress=die)
    assert PolicyStore(settings.store).documents() == []
    report = Services(settings).indexer(progress=False).ingest([docs])
    assert (len(report.unchanged), len(report.added)) == (5, 7)
    store = PolicyStore(settings.store)
    assert len(store.snapshot().chunks) == store.chroma.count() == sum(d["chunks"] for d in store.documents())


def test_a_new_generation_is_built_aside_while_the_old_one_answers(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    _corpus(docs, 6)
    settings = _settings(tmp_path)
    files = sorted(docs.glob("*.txt"))
    Services(settings).indexer(progress=False).ingest(files[:3])
    reader = PolicyStore(settings.store)
    old = reader.snapshot()
    Services(settings).indexer(progress=False).ingest(files)
    release = threading.Event()
    real_build = reader._build

    def slow_build(manifest):
        release.wait(30)
        return real_build(manifest)

    monkeypatch.setattr(reader, "_build", slow_build)
    served: list = []
    thread = threading.Thread(target=lambda: served.append(reader.snapshot()))
    thread.start()
    thread.join(5)
    assert served == [old], "a reader must get the current snapshot at once, not wait for the next one"
    assert len(reader.documents()) == 6
    release.set()
    assert reader.settle(30)
    assert reader.snapshot().generation == reader.manifest.generation != old.generation
    assert len({c.meta["doc_id"] for c in reader.snapshot().chunks.values()}) == 6


def test_queries_during_a_reingest_that_replaces_documents_raise_nothing(tmp_path, monkeypatch):
    """Filtered and unfiltered queries run throughout a re-ingest of every document (with checkpoints): 0 errors."""
    monkeypatch.setattr(indexer_module, "_CHECKPOINT_DOCS", 10)
    docs = tmp_path / "docs"
    questions = _corpus(docs, 160)
    settings = _settings(tmp_path)
    Services(settings).indexer(progress=False).ingest([docs])
    for f in sorted(docs.glob("*.txt")):
        f.write_text(f.read_text(encoding="utf-8") + "\n新增条款：园区年度考核。", encoding="utf-8")
    done = threading.Event()
    errors: list[BaseException] = []
    counts = {"filtered": 0, "plain": 0}
    reader = Services(settings)

    def ask(filtered: bool) -> None:
        n = 0
        while not done.is_set() or n < 3:
            q = questions[n % len(questions)]
            filters = Filters(region=q.region, date_from="2019") if filtered else Filters()
            try:
                reader.retriever.retrieve(q.question, k=5, filters=filters)
                reader.store.settle(0)
            except BaseException as exc:  # noqa: BLE001 - counted below
                errors.append(exc)
            n += 1
            counts["filtered" if filtered else "plain"] += 1

    readers = [threading.Thread(target=ask, args=(f,)) for f in (True, False, True)]
    for t in readers:
        t.start()
    try:
        report = Services(settings).indexer(progress=False).ingest([docs])
    finally:
        done.set()
        for t in readers:
            t.join(60)
    assert not errors, repr(errors[:3])
    assert len(report.updated) == 160 and counts["filtered"] >= 3 and counts["plain"] >= 3
    reader.store.settle(30)
    store = PolicyStore(settings.store)
    assert store.chroma.count() == len(store.snapshot().chunks)
