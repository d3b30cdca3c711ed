"""Adding ~1k chunks to a large store, outside embedding (issue 12, item 2).

    PYTHONPATH=. python examples/bench_add_chunks.py --chunks 30000 --add 1000 --store /tmp/add-bench

Builds a synthetic store with the model-free ``hash`` embedder, opens a reader
that serves it, ingests ``--add`` more chunks, and reports the writer's split
(parse / embed / index), the reader's catch-up (its next snapshot), and what the
previous design paid on every commit: reading every chunk back from Chroma and
re-indexing all of them with bm25s.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import time
from pathlib import Path

from assistant.services import Services
from assistant.settings import Settings
from eval.bench.synthetic import SyntheticCorpus
from textkit.tokenize import tokenize
from vectorstore.policy_store import PolicyStore

QUESTIONS = ["到2027年昌宁产业园区营业收入要达到多少？", "开发区基础设施配套 水电路气", "高新区主导产业延链补链强链", "经开区多晶硅产能", "发展和改革局 三年行动方案"]


def _corpus(folder: Path, chunks: int, seed: int, prefix: str) -> None:
    SyntheticCorpus(seed=seed).write(folder, chunks, chars_per_chunk=300)
    for path in folder.glob("*.txt"):
        path.rename(path.with_name(prefix + path.name))


def _full_rebuild(store: PolicyStore) -> tuple[dict, object]:
    """The old commit's work: every chunk read back from Chroma, tokenized and indexed by bm25s."""
    import bm25s

    started = time.perf_counter()
    chunks, _ = store._read(store.manifest.docs)
    read = time.perf_counter() - started
    tokens = [tokenize(c.search_text()) or ["\u0000"] for c in chunks]
    reference = bm25s.BM25()
    reference.index(tokens, show_progress=False)
    return {"read_s": round(read, 2), "read_tokenize_bm25s_s": round(time.perf_counter() - started, 2)}, reference


def _latency(fn, questions: list[list[str]]) -> dict:
    """Median and p95 in ms over 10 rounds of the questions."""
    times = []
    for _ in range(10):
        for tokens in questions:
            started = time.perf_counter()
            fn(tokens)
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"p50_ms": round(statistics.median(times), 2), "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2)}


def _keyword_query_cost(store: PolicyStore, reference) -> dict:
    """Top-40 keyword search: segments scored at query time vs bm25s's precomputed scores, same chunks."""
    import numpy as np

    questions = [tokenize(q) for q in QUESTIONS]
    keyword = store.snapshot().keyword

    def bm25s_top(tokens: list[str]) -> None:
        scores = np.asarray(reference.get_scores([t for t in tokens if t in reference.vocab_dict]), dtype=np.float32)
        best = np.argpartition(-scores, 39)[:40]
        best[np.argsort(-scores[best])]

    return {"segments": _latency(lambda t: keyword.top(t, 40), questions), "bm25s": _latency(bm25s_top, questions)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chunks", type=int, default=30000)
    parser.add_argument("--add", type=int, default=1000)
    parser.add_argument("--store", type=Path, default=Path("/tmp/add-bench"))
    args = parser.parse_args()
    shutil.rmtree(args.store, ignore_errors=True)
    _corpus(args.store / "base", args.chunks, 7, "base-")
    _corpus(args.store / "extra", args.add, 8, "extra-")
    settings = Settings(store=args.store / "store", embedder="hash")
    base = Services(settings).indexer(progress=False).ingest([args.store / "base"])
    reader = PolicyStore(settings.store)
    before = len(reader.snapshot().chunks)
    added = Services(settings).indexer(progress=False).ingest([args.store / "extra"])
    started = time.perf_counter()
    reader.snapshot()
    reader.settle()
    catch_up = time.perf_counter() - started
    s = added.seconds
    result = {
        "store_chunks_before": before, "chunks_added": added.chunks,
        "base_ingest_s": round(base.seconds["total"], 1),
        "add_seconds": {k: round(v, 2) for k, v in s.items()},
        "add_outside_embedding_s": round(s["total"] - s["embed"], 2),
        "reader_catch_up_s": round(catch_up, 2),
        "reader_chunks_after": len(reader.snapshot().chunks),
    }
    result["old_design_full_rebuild"], reference = _full_rebuild(reader)
    result["keyword_top40"] = _keyword_query_cost(reader, reference)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
