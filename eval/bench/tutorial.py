"""The LangChain tutorial pipeline on the same files, for the side-by-side figures."""

from __future__ import annotations

import time
from pathlib import Path

from langchain_core.embeddings import Embeddings


class EmbedderAdapter(Embeddings):
    """Our embedder behind langchain's interface, so both pipelines pay the same model cost."""

    def __init__(self, embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed_passages(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_query(text).tolist()


def tutorial_ingest(files: list[Path], embeddings: Embeddings, folder: Path) -> tuple[object, dict]:
    from langchain_chroma import Chroma

    from eval.baseline import tutorial_documents, tutorial_split

    t0 = time.perf_counter()
    chunks = tutorial_split(tutorial_documents(files))
    t1 = time.perf_counter()
    store = Chroma.from_documents(chunks, embeddings, persist_directory=str(folder), collection_name="tutorial")
    t2 = time.perf_counter()
    return store, {"chunks": len(chunks), "split_s": round(t1 - t0, 2), "embed_index_s": round(t2 - t1, 2), "chunks_per_s": round(len(chunks) / (t2 - t0), 1)}


def tutorial_query_ms(store, questions: list[str], k: int = 5) -> list[float]:
    out = []
    for q in questions:
        started = time.perf_counter()
        store.similarity_search(q, k=k)
        out.append((time.perf_counter() - started) * 1000)
    return out
