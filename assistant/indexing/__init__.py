"""Files → store: the orchestration that sits above ``ingest/`` (file formats) and ``vectorstore/`` (chunks and vectors)."""

from assistant.indexing.indexer import Indexer
from assistant.indexing.ingest_report import IngestReport

__all__ = ["Indexer", "IngestReport"]
