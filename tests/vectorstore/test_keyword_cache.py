"""A reader that had to build its keyword index keeps it, so a restarted worker or replica loads it (issue 12)."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

from assistant.services import Services
from assistant.settings import Settings
from vectorstore.keyword_index import KeywordIndex
from vectorstore.policy_store import PolicyStore

DOC = "示例县开发区条例\n一、总则\n示例县开发区实行“一园一策”，年度专项资金5000万元用于基础设施。\n"


def test_a_replica_with_an_empty_folder_caches_the_index_it_built(tmp_path, chroma_server):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "rule.txt").write_text(DOC, encoding="utf-8")
    Services(Settings(store=tmp_path / "writer", chroma_url=chroma_server, embedder="hash")).indexer(progress=False).ingest([folder])
    replica = PolicyStore(tmp_path / "replica", chroma_server)
    built = replica.snapshot()
    saved = json.loads((tmp_path / "replica" / "keyword" / "index.json").read_text(encoding="utf-8"))
    assert saved["generation"] == built.generation
    loaded = KeywordIndex.load(tmp_path / "replica" / "keyword", built.generation)
    assert loaded is not None and loaded.live_ids() == set(built.chunks)


def test_workers_caching_one_generation_at_once_write_it_once(tmp_path):
    index = KeywordIndex.build(["a:0", "a:1"], [["开发区", "专项资金"], ["基础设施"]])
    with ThreadPoolExecutor(4) as threads:
        wrote = list(threads.map(lambda _: index.save(tmp_path, "g1", unless_saved=True), range(4)))
    assert wrote.count(True) == 1
    assert KeywordIndex.load(tmp_path, "g1").live_ids() == {"a:0", "a:1"}
