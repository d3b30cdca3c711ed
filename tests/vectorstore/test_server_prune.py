"""`policyqa ingest --prune` with a Chroma server judges only the folders it was given (issue 12)."""

from __future__ import annotations

from assistant.services import Services
from assistant.settings import Settings


def test_prune_on_a_chroma_server_touches_only_the_folders_it_was_given(tmp_path, chroma_server):
    """Another replica's document, whose file this machine cannot see, survives `ingest --prune` here."""
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    ours.mkdir()
    theirs.mkdir()
    (ours / "a.txt").write_text("示例县产业园区三年行动方案\n一、发展目标\n到2026年，示例县产业园区多晶硅产能达到10万吨。\n", encoding="utf-8")
    (ours / "b.txt").write_text("示例市开发区评价办法\n一、评价指标\n评价办法设置8项一级指标、30项二级指标。\n", encoding="utf-8")
    (theirs / "c.txt").write_text("示例州高新区招商引资若干措施\n一、奖励\n新引进企业投资超过1亿元的奖励200万元。\n", encoding="utf-8")

    def indexer(store: str):
        return Services(Settings(store=tmp_path / store, chroma_url=chroma_server, embedder="hash")).indexer(progress=False)

    indexer("replica-1").ingest([ours])
    indexer("replica-2").ingest([theirs])
    (theirs / "c.txt").unlink()  # on replica 2's machine; not reachable from here
    (ours / "b.txt").unlink()
    report = indexer("replica-1").ingest([ours], prune=True)
    assert report.removed == ["b.txt"]
    fresh = Services(Settings(store=tmp_path / "check", chroma_url=chroma_server, embedder="hash"))
    assert sorted(d["source"] for d in fresh.store.documents()) == ["a.txt", "c.txt"]
