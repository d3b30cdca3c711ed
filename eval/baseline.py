"""The pipeline a newcomer builds from the LangChain RAG tutorial, as the yardstick.

RecursiveCharacterTextSplitter(1000, 200) → HuggingFaceEmbeddings (bundled
English MiniLM) → Chroma → top-k similarity search; the answer is the top
passage. Files are read as they are: the tutorial does no cleaning.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from ingest.loaders.decode import decode_bytes


def _corpus_key(files: list[Path]) -> str:
    digest = hashlib.sha1()
    for path in files:
        digest.update(path.name.encode())
        digest.update(str(path.stat().st_size).encode())
    return digest.hexdigest()[:12]


def _raw_text(path: Path) -> str:
    """Text files as they are; Word and PDF files through a plain extractor, as the tutorial's
    document loaders would (the tutorial cleans nothing either way)."""
    if path.suffix.lower() in (".docx", ".pdf"):
        from ingest.loaders import LoaderFactory

        return LoaderFactory.load(path)
    return decode_bytes(path.read_bytes())[0]


def tutorial_documents(files: list[Path]):
    from langchain_core.documents import Document

    return [Document(page_content=_raw_text(p), metadata={"source": p.name}) for p in files]


def tutorial_embeddings():
    from langchain_huggingface import HuggingFaceEmbeddings

    from vectorstore.embedders.sentence_transformer_embedder import resolve_model_path

    return HuggingFaceEmbeddings(model_name=resolve_model_path("minilm"), model_kwargs={"device": "cpu"})


def tutorial_split(documents):
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    return RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_documents(documents)


class BaselineSystem:
    name = "langchain-tutorial"

    def __init__(self, files: list[Path], workdir: Path) -> None:
        from langchain_chroma import Chroma

        folder = Path(workdir) / f"baseline-{_corpus_key(files)}"
        fresh = not folder.exists()
        self.store = Chroma(collection_name="tutorial", embedding_function=tutorial_embeddings(), persist_directory=str(folder))
        if fresh or not self.store.get(limit=1)["ids"]:
            self.store.add_documents(tutorial_split(tutorial_documents(files)))

    def ask(self, question: str, history: list[dict], k: int) -> dict:
        started = time.perf_counter()
        docs = self.store.similarity_search(question, k=k)
        latency = (time.perf_counter() - started) * 1000
        pairs = [(d.metadata.get("source", ""), d.page_content) for d in docs]
        return {
            "answer": docs[0].page_content if docs else "",
            "answerable": bool(docs),
            "citations": pairs[:1],
            "retrieved": pairs,
            "standalone_question": question,
            "latency_ms": latency,
        }
