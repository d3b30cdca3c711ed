"""Server mode: the real `chroma run` on loopback, ingest and ask through it."""

from __future__ import annotations

from assistant.services import Services
from assistant.settings import Settings

DOC = "示例县开发区条例\n一、总则\n示例县开发区实行“一园一策”，年度专项资金5000万元用于基础设施。\n"


def test_ingest_and_ask_through_a_chroma_server(tmp_path, chroma_server):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "rule.txt").write_text(DOC, encoding="utf-8")
    settings = Settings(store=tmp_path / "store", chroma_url=chroma_server)
    report = Services(settings).indexer(progress=False).ingest([folder])
    assert report.added == ["rule.txt"]
    assert not (tmp_path / "store" / "chroma").exists()  # vectors live in the server, not on local disk
    answer = Services(settings).pipeline.ask("示例县开发区年度专项资金是多少？")
    assert answer.answerable and "5000万元" in answer.answer
    import chromadb

    host, port = chroma_server.rsplit(":", 1)
    remote = chromadb.HttpClient(host=host.removeprefix("http://"), port=int(port))
    assert remote.get_collection("policyqa").count() == len(Services(settings).store.snapshot().chunks) >= 1
