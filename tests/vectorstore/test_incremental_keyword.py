"""An index grown and shrunk step by step scores exactly like one rebuilt over the same chunks (issue 12, item 2)."""

from __future__ import annotations

import random

import bm25s
import numpy as np
import pytest

from assistant.services import Services
from assistant.settings import Settings
from eval.bench.synthetic import SyntheticCorpus
from ingest.document import build_document
from textkit.tokenize import tokenize
from vectorstore.keyword_index import MAX_SEGMENTS, KeywordIndex
from vectorstore.policy_store import PolicyStore

QUERIES = ["昌宁产业园区主导产业", "年度专项资金 基础设施", "多晶硅产能 2025年", "开发区 开发区 评价", "zzz 不存在的词"]


@pytest.fixture(scope="module")
def chunks(tmp_path_factory):
    """(id, tokens) of ~300 real synthetic chunks, parsed and chunked like an ingest does."""
    folder = tmp_path_factory.mktemp("syn")
    SyntheticCorpus(seed=3).write(folder, 300, chars_per_chunk=250, chunks_per_doc=6)
    out = []
    for path in sorted(folder.glob("*.txt")):
        doc = build_document(path)
        out += [(f"{doc.doc_id}:{c.index}", tokenize(c.search_text(doc.metadata.title))) for c in doc.chunks]
    return out


def _grown(chunks, removed: set[str], step: int) -> KeywordIndex:
    """Add in batches of ``step``, remove ``removed`` midway, re-add some of it at the end."""
    index, pending = KeywordIndex.build([], []), sorted(removed)
    for start in range(0, len(chunks), step):
        batch = chunks[start : start + step]
        index = index.changed([], [c for c, _ in batch], [t for _, t in batch])
        if pending and start + step >= len(chunks) // 2:
            index, pending = index.changed(pending, [], []), []
    back = [(c, t) for c, t in chunks if c in removed][:5]
    return index.changed([], [c for c, _ in back], [t for _, t in back])


@pytest.mark.parametrize("step", [7, 40, 1000])
def test_incremental_index_ranks_exactly_like_a_full_rebuild(chunks, step, tmp_path):
    """Batches of 7 force merges of small segments; removals purge; re-added ids sit beside their dead rows."""
    rng = random.Random(step)
    removed = set(rng.sample([c for c, _ in chunks[: len(chunks) // 2]], 30))
    grown = _grown(chunks, removed, step)
    readded = set([c for c, _ in chunks if c in removed][:5])
    kept = [(c, t) for c, t in chunks if c not in removed or c in readded]
    full = KeywordIndex.build([c for c, _ in kept], [t for _, t in kept])
    assert grown.live_ids() == full.live_ids() and len(grown) == len(full)
    assert len(grown.segments) <= MAX_SEGMENTS + 1
    grown.save(tmp_path / "kw", "g1")
    loaded = KeywordIndex.load(tmp_path / "kw", "g1")
    for query in QUERIES:
        expected = _by_id(full, query)
        assert _by_id(grown, query) == expected  # bit-identical, not approximately
        assert _by_id(loaded, query) == expected
        assert grown.top(tokenize(query), 10) == full.top(tokenize(query), 10) == loaded.top(tokenize(query), 10)
    for token in ("产业", "园区", "资金", "无此"):
        assert grown.doc_freq(token) == full.doc_freq(token)


def _by_id(index: KeywordIndex, query: str) -> dict[str, float]:
    """Score per live chunk id: row order differs between the two indexes, ids do not."""
    scores = index.scores(tokenize(query))
    live = sorted(index.live_ids())
    return dict(zip(live, (float(scores[row]) for row in index.rows(live))))


def test_scores_match_the_bm25s_index_it_replaces(chunks):
    """Same Lucene BM25 as before, so the answer scorer's fused-score features keep their meaning."""
    full = KeywordIndex.build([c for c, _ in chunks], [t for _, t in chunks])
    reference = bm25s.BM25()
    reference.index([t or ["\u0000"] for _, t in chunks], show_progress=False)
    for query in QUERIES[:4]:
        tokens = [t for t in tokenize(query) if t in reference.vocab_dict]
        np.testing.assert_allclose(full.scores(tokenize(query)), reference.get_scores(tokens), rtol=1e-5, atol=1e-5)


def test_a_commit_and_a_reader_swap_touch_only_the_change(tmp_path, monkeypatch):
    """Adding one document tokenizes and reads back only its chunks, in the writer and in a serving reader."""
    docs = tmp_path / "docs"
    SyntheticCorpus(seed=9).write(docs, 120, chars_per_chunk=250, chunks_per_doc=6)
    settings = Settings(store=tmp_path / "store", embedder="hash")
    Services(settings).indexer(progress=False).ingest([docs])
    reader = PolicyStore(settings.store)
    before = reader.snapshot()
    extra = tmp_path / "extra"
    SyntheticCorpus(seed=10).write(extra, 6, chars_per_chunk=250, chunks_per_doc=6)
    tokenized: list[str] = []
    import vectorstore.policy_store as store_module
    import vectorstore.snapshot as snapshot_module

    def counting(text: str) -> list[str]:
        tokenized.append(text)
        return tokenize(text)

    monkeypatch.setattr(store_module, "tokenize", counting)
    monkeypatch.setattr(snapshot_module, "tokenize", counting)
    report = Services(settings).indexer(progress=False).ingest([extra])
    assert 0 < len(tokenized) == report.chunks < len(before.chunks)
    requested: list[str] = []
    original = reader.chroma.get
    monkeypatch.setattr(reader.chroma, "get", lambda ids: requested.extend(ids) or original(ids))
    tokenized.clear()
    reader.snapshot()
    assert reader.settle(60)
    after = reader.snapshot()
    assert after.generation != before.generation and len(after.chunks) == len(before.chunks) + report.chunks
    assert len(requested) == len(tokenized) == report.chunks
    monkeypatch.undo()
    fresh = PolicyStore(settings.store).snapshot()
    for query in QUERIES[:3]:
        assert after.keyword.top(tokenize(query), 10) == fresh.keyword.top(tokenize(query), 10)
