"""Incremental ingest on a real embedded Chroma with the real e5 model (small sample texts)."""

from __future__ import annotations


import pytest

from assistant.settings import Settings
from assistant.services import Services
from ingest.document import build_document

DOC_A = "示例县产业园区三年行动方案\n一、发展目标\n到2026年，示例县产业园区多晶硅产能达到10万吨，营业收入突破80亿元。\n"
DOC_B = "示例市开发区评价办法\n一、评价指标\n评价办法设置8项一级指标、30项二级指标，每年评价一次。\n"


@pytest.fixture()
def folder(tmp_path):
    src = tmp_path / "docs"
    src.mkdir()
    (src / "a.txt").write_text(DOC_A, encoding="utf-8")
    (src / "b.txt").write_text(DOC_B, encoding="utf-8")
    return src


def _services(tmp_path, **kw):
    return Services(Settings(store=tmp_path / "store", **kw))


def test_second_run_changes_nothing(tmp_path, folder):
    first = _services(tmp_path).indexer(progress=False).ingest([folder])
    assert len(first.added) == 2 and first.chunks >= 2
    second = _services(tmp_path).indexer(progress=False).ingest([folder])
    assert (len(second.added), len(second.unchanged), second.chunks) == (0, 2, 0)


def test_changed_file_replaces_its_chunks_and_prune_removes_gone_files(tmp_path, folder):
    services = _services(tmp_path)
    services.indexer(progress=False).ingest([folder])
    (folder / "a.txt").write_text(DOC_A.replace("10万吨", "12万吨"), encoding="utf-8")
    (folder / "b.txt").unlink()
    report = _services(tmp_path).indexer(progress=False).ingest([folder], prune=True)
    assert report.updated == ["a.txt"] and report.removed == ["b.txt"]
    fresh = _services(tmp_path)
    texts = [c.text for c in fresh.store.snapshot().chunks.values()]
    assert any("12万吨" in t for t in texts) and not any("10万吨" in t for t in texts)
    assert [d["source"] for d in fresh.store.documents()] == ["a.txt"]
    assert fresh.store.chroma.count() == len(texts)


def test_gbk_copy_has_the_same_text(tmp_path, folder):
    gbk = tmp_path / "a-gbk.txt"
    gbk.write_bytes(DOC_A.encode("gbk"))
    original, copy = build_document(folder / "a.txt"), build_document(gbk)
    assert original.content_hash == copy.content_hash
    assert [c.text for c in original.chunks] == [c.text for c in copy.chunks]


def test_bad_files_are_skipped_with_reasons_and_the_run_goes_on(tmp_path, folder):
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "bin.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    report = _services(tmp_path).indexer(progress=False).ingest([folder])
    reasons = {s["file"]: s["reason"] for s in report.skipped}
    assert set(reasons) == {"empty.txt", "image.png", "broken.docx", "bin.txt"}
    assert "empty" in reasons["empty.txt"] and "unsupported" in reasons["image.png"]
    assert len(report.added) == 2


def test_store_refuses_a_different_embedder(tmp_path, folder):
    _services(tmp_path).indexer(progress=False).ingest([folder])
    with pytest.raises(ValueError, match="built with embedder 'e5'"):
        _services(tmp_path, embedder="use").indexer(progress=False)


def test_orphans_from_a_killed_run_are_removed(tmp_path, folder):
    services = _services(tmp_path)
    services.indexer(progress=False).ingest([folder])
    store = services.store
    count = store.chroma.count()
    doc = build_document(folder / "a.txt")
    fake_meta = [{"doc_id": "deadbeef", "content_hash": "x", "source": "ghost.txt"}]
    store.begin_write()  # the killed run started writing (and so took the clean mark away) ...
    store.chroma.add(["deadbeef:0"], services.embedder.embed_passages(["幽灵"]), ["幽灵段落"], fake_meta)
    assert store.chroma.count() == count + 1
    assert "deadbeef:0" not in store.snapshot().chunks or store.snapshot().generation == ""
    _services(tmp_path).indexer(progress=False).ingest([folder])
    assert _services(tmp_path).store.chroma.count() == count
    assert doc.doc_id in {d["doc_id"] for d in store.documents()}


def test_a_run_after_a_clean_one_skips_the_repair_scan(tmp_path, folder, monkeypatch):
    """The orphan scan reads every chunk's metadata; after a clean commit there is nothing to repair."""
    _services(tmp_path).indexer(progress=False).ingest([folder])
    services = _services(tmp_path)
    monkeypatch.setattr(services.store.chroma, "all_metadata", lambda: pytest.fail("scanned a cleanly committed store"))
    (folder / "c.txt").write_text(DOC_B.replace("示例市", "另一市"), encoding="utf-8")
    report = services.indexer(progress=False).ingest([folder])
    assert report.added == ["c.txt"] and report.repaired_chunks == 0
