"""Every hostile file is skipped with a one-line reason or ingested; the run finishes; the index stays intact."""

from __future__ import annotations

from assistant.services import Services
from assistant.settings import Settings
from tests.reliability.bad_files import write_bad_files


def test_thirty_plus_bad_files(tmp_path):
    folder = tmp_path / "corpus"
    expected = write_bad_files(folder, tmp_path / "outside.txt")
    assert len(expected) >= 30
    settings = Settings(store=tmp_path / "store", embedder="hash")
    report = Services(settings).indexer(progress=False).ingest([folder])
    skipped = {s["file"]: s["reason"] for s in report.skipped}
    ingested = set(report.added)
    for name, outcome in expected.items():
        if outcome == "skip":
            assert name in skipped, f"{name} should be skipped"
            assert skipped[name] and "\n" not in skipped[name]
        else:
            assert name in ingested, f"{name} should be ingested (skipped: {skipped.get(name)})"
    assert "symbolic link" in skipped["outside-link.txt"] and "limit" in skipped["huge.txt"]
    assert "zip bomb" in skipped["bomb.docx"]
    store = Services(settings).store
    snap = store.snapshot()
    assert len(snap.chunks) == store.chroma.count() == sum(d["chunks"] for d in store.documents())
    assert snap.keyword.live_ids() == set(snap.chunks)
    texts = "".join(c.text for c in snap.chunks.values())
    assert "外部文件" not in texts and "(yuán)" not in texts and "园区" in texts


def test_decoded_variants_read_the_same(tmp_path):
    folder = tmp_path / "corpus"
    write_bad_files(folder, tmp_path / "outside.txt")
    from ingest.document import build_document

    for name, park in (("gbk.txt", "甲园区"), ("utf16le-nobom.txt", "丁园区"), ("utf16be-nobom.txt", "戊园区"), ("page.html", "丑园区")):
        doc = build_document(folder / name)
        text = "".join(c.text for c in doc.chunks) + doc.metadata.title
        assert park in text, name
    html = build_document(folder / "page.html")
    assert "alert" not in "".join(c.text for c in html.chunks) and "导航" not in "".join(c.text for c in html.chunks)
