"""The dense side of retrieval: the exact cosine ranking, the same in every process."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np

from assistant.query import analyze
from assistant.services import Services
from assistant.settings import Settings
from eval.bench.synthetic import SyntheticCorpus

QUERIES = ("园区基础设施专项资金安排", "企业研发投入补贴标准", "人才公寓租金减免")


def _store(tmp_path):
    docs = tmp_path / "docs"
    SyntheticCorpus(seed=3).write(docs, 40, chars_per_chunk=250, chunks_per_doc=5)
    first = sorted(docs.iterdir())[0]
    (docs / f"copy-{first.name}").write_bytes(first.read_bytes())  # identical chunks: equal scores to break
    settings = Settings(store=tmp_path / "store", embedder="hash")
    Services(settings).indexer(progress=False).ingest([docs])
    return settings


def test_dense_candidates_are_the_exact_top_by_cosine_with_ties_by_chunk_id(tmp_path):
    services = Services(_store(tmp_path))
    retriever = services.retriever
    snap = services.store.snapshot()
    ties = 0
    for text in QUERIES:
        query = analyze(text)
        got = retriever._dense(query, snap, None)
        vector = np.asarray(services.embedder.embed_query(query.text), dtype=np.float32)
        product = snap.vectors() @ vector
        scores = {snap.keyword.ids[i]: float(product[i]) for i in np.flatnonzero(snap.keyword.alive)}
        expected = sorted(scores, key=lambda cid: (-scores[cid], cid))[: retriever.candidates]
        assert [cid for cid, _ in got] == expected
        ties += sum(1 for a, b in zip(got, got[1:]) if a[1] == b[1])
    assert ties, "the copied document should give equal scores somewhere in the candidates"


def test_two_processes_rank_the_same_question_the_same(tmp_path):
    settings = _store(tmp_path)
    runs = []
    for _ in range(2):
        out = subprocess.run([sys.executable, "-m", "assistant.cli", "search", QUERIES[0], "--store", str(settings.store), "--k", "20", "--json"],
                             capture_output=True, text=True, timeout=300, check=True).stdout
        runs.append([(r["doc"], r["text"], r["score"]) for r in json.loads(out)["results"]])
    assert runs[0] == runs[1] and len(runs[0]) == 20
