"""Officials' 👍/👎 on answers, appended to ``feedback.jsonl`` in the store: one JSON object a line.

Appends are single ``write`` calls on a file opened with O_APPEND, under a
process lock, so concurrent requests never interleave lines.

With a Chroma server (``POLICYQA_CHROMA_URL``) the judgements go to a small
collection in the server instead (``policyqa_feedback``, one record per entry),
so the 👍/👎 given through every replica are listed in one place.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from pathlib import Path

from textkit.policyqa_error import PolicyQAError

FILE_NAME = "feedback.jsonl"
COLLECTION = "policyqa_feedback"
_LOCK = threading.Lock()
_PAGE = 1000


class FeedbackLog:
    def __init__(self, store: Path, client=None) -> None:
        """``client``: a Chroma server's client, to keep the entries there rather than in the store folder."""
        self.path = Path(store) / FILE_NAME
        self._collection = client.get_or_create_collection(COLLECTION, embedding_function=None) if client is not None else None

    @classmethod
    def for_settings(cls, settings) -> "FeedbackLog":
        """The store folder's log, or the Chroma server's collection when the settings name a server."""
        if not settings.chroma_url:
            return cls(settings.store)
        from vectorstore.chroma_index import ChromaIndex

        return cls(settings.store, ChromaIndex.shared(Path(settings.store) / "chroma", settings.chroma_url).client)

    def append(self, rating: str, question: str, answer: str, citations: list[dict], user: str = "", comment: str = "") -> dict:
        """Record one judgement; ``rating`` is "up" or "down"."""
        if rating not in ("up", "down"):
            raise PolicyQAError("rating", "评价只能是 up 或 down", f"rating must be 'up' or 'down', not '{rating}'")
        if not (question or "").strip():
            raise PolicyQAError("question", "缺少被评价的问题", "the question being rated is missing")
        entry = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "rating": rating,
            "user": (user or "")[:64],
            "question": question,
            "answer": answer or "",
            "citations": citations or [],
            "comment": (comment or "")[:2000],
        }
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        if self._collection is not None:
            self._collection.add(ids=[uuid.uuid4().hex], embeddings=[[0.0]], documents=[line], metadatas=[{"at": time.time()}])
            return entry
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with _LOCK, self.path.open("a", encoding="utf-8") as fh:
            fh.write(line)
        return entry

    def entries(self) -> list[dict]:
        """Every recorded judgement, oldest first; a torn last line (killed writer) is skipped."""
        if self._collection is not None:
            return self._server_entries()
        if not self.path.exists():
            return []
        out = []
        for line in self.path.read_text(encoding="utf-8").splitlines():
            try:
                out.append(json.loads(line))
            except ValueError:
                continue
        return out

    def _server_entries(self) -> list[dict]:
        rows: list[tuple[float, dict]] = []
        total = self._collection.count()
        for offset in range(0, total, _PAGE):
            page = self._collection.get(include=["documents", "metadatas"], limit=_PAGE, offset=offset)
            rows += [(float((meta or {}).get("at", 0)), json.loads(doc)) for doc, meta in zip(page["documents"], page["metadatas"])]
        return [entry for _, entry in sorted(rows, key=lambda row: row[0])]
