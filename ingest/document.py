"""A cleaned policy document and its chunks: what ingest hands to the index."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ingest.chunker import Chunk, Chunker
from ingest.cleaner import clean_text
from textkit.date_span import DateSpan
from ingest.errors import SkipFile
from ingest.loaders import LoaderFactory
from ingest.metadata import DocMetadata, extract_metadata
from textkit.normalize import normalize


# Bump when cleaning or chunking changes, so stores re-chunk documents whose text did not change.
PIPELINE_VERSION = "8"


def doc_id_for(path: Path) -> str:
    return hashlib.sha1(str(path.resolve()).encode("utf-8")).hexdigest()[:16]


@dataclass
class PolicyDocument:
    doc_id: str
    source: str
    path: str
    content_hash: str
    metadata: DocMetadata
    chunks: list[Chunk] = field(default_factory=list)

    def record(self) -> dict:
        """The manifest entry: everything about the document but its chunk texts."""
        return {
            "doc_id": self.doc_id,
            "source": self.source,
            "path": self.path,
            "content_hash": self.content_hash,
            "chunks": len(self.chunks),
            **asdict(self.metadata),
            "date_precision": span.precision if (span := DateSpan.lenient(self.metadata.date)) else "",
        }


def build_document(path: Path, data: bytes | None = None, chunker: Chunker | None = None) -> PolicyDocument:
    """Load, clean, describe and chunk one file; raises ``SkipFile`` with a one-line reason."""
    raw = LoaderFactory.load(path, data)
    paragraphs = clean_text(raw)
    if not paragraphs:
        raise SkipFile(path, "nothing left after removing page chrome")
    metadata = extract_metadata(raw)
    body = "\n".join(paragraphs)
    described = json.dumps(asdict(metadata), ensure_ascii=False, sort_keys=True)  # a metadata fix re-indexes only what it changes
    digest = hashlib.sha256(f"{PIPELINE_VERSION}\n{described}\n{normalize(body)}".encode("utf-8")).hexdigest()
    chunks = (chunker or Chunker()).split(paragraphs, metadata.title)
    return PolicyDocument(doc_id_for(path), path.name, str(path.resolve()), digest, metadata, chunks)
