"""Officials' 👍/👎 on answers, appended to ``feedback.jsonl`` in the store: one JSON object a line.

Appends are single ``write`` calls on a file opened with O_APPEND, under a
process lock, so concurrent requests never interleave lines.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

from textkit.policyqa_error import PolicyQAError

FILE_NAME = "feedback.jsonl"
_LOCK = threading.Lock()


class FeedbackLog:
    def __init__(self, store: Path) -> None:
        self.path = Path(store) / FILE_NAME

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
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with _LOCK, self.path.open("a", encoding="utf-8") as fh:
            fh.write(line)
        return entry

    def entries(self) -> list[dict]:
        """Every recorded judgement, oldest first; a torn last line (killed writer) is skipped."""
        if not self.path.exists():
            return []
        out = []
        for line in self.path.read_text(encoding="utf-8").splitlines():
            try:
                out.append(json.loads(line))
            except ValueError:
                continue
        return out
