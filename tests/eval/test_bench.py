"""Bench building blocks (behaviour only: no test asserts a time)."""

from eval.bench.load import http_load
from eval.bench.synthetic import SyntheticCorpus
from ingest.document import build_document


def test_synthetic_corpus_is_deterministic_and_structured(tmp_path):
    first = SyntheticCorpus(seed=1).write(tmp_path / "a", 900)
    second = SyntheticCorpus(seed=1).write(tmp_path / "b", 900)
    files_a, files_b = sorted((tmp_path / "a").iterdir()), sorted((tmp_path / "b").iterdir())
    assert [f.read_bytes() for f in files_a] == [f.read_bytes() for f in files_b]
    assert [q.question for q in first] == [q.question for q in second]
    doc = build_document(files_a[0])
    assert doc.metadata.date and doc.metadata.issuer and any(c.heading_path for c in doc.chunks)
    assert len(files_a) >= 10 and any("產業" in f.read_text(encoding="utf-8") for f in files_a)


def test_http_load_counts_requests_and_errors(live):
    result = http_load(live.url, ["昌宁产业园区聚焦哪两大主导产业？", ""], clients=4, requests_per_client=2)
    assert result["requests"] == 8
    assert result["errors"] == 4  # the empty question is a 400, counted as an error
