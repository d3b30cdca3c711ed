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
import time
from pathlib import Path

from assistant.services import Services
from assistant.settings import Settings
from eval.bench.synthetic import SyntheticCorpus
from textkit.tokenize import tokenize
from vectorstore.policy_store import PolicyStore


def _corpus(folder: Path, chunks: int, seed: int, prefix: str) -> None:
    SyntheticCorpus(seed=seed).write(folder, chunks, chars_per_chunk=300)
    for path in folder.glob("*.txt"):
        path.rename(path.with_name(prefix + path.name))


def _full_rebuild(store: PolicyStore) -> dict:
    """The old commit's work: every chunk read back from Chroma, tokenized and indexed by bm25s."""
    import bm25s

    started = time.perf_counter()
    chunks, _ = store._read(store.manifest.docs)
    read = time.perf_counter() - started
    tokens = [tokenize(c.search_text()) or ["\u0000"] for c in chunks]
    bm25s.BM25().index(tokens, show_progress=False)
    return {"read_s": round(read, 2), "read_tokenize_bm25s_s": round(time.perf_counter() - started, 2)}


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
        "old_design_full_rebuild": _full_rebuild(reader),
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
