"""One writer at a time per store: a second ingest is refused, not interleaved."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from textkit.policyqa_error import PolicyQAError


class StoreBusy(PolicyQAError):
    """Another process (or job) holds the write lock; the caller may retry later (HTTP 409)."""

    def __init__(self, message_en: str, holder: str = "") -> None:
        zh = f"知识库正在由 {holder} 更新，请稍后再试" if holder else "知识库正在更新，请稍后再试"
        super().__init__("store", zh, message_en, status=409)
        self.holder = holder


class StoreLock:
    def __init__(self, store: Path) -> None:
        self.path = store / ".write.lock"
        self._fh = None

    def __enter__(self) -> "StoreLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = self.path.open("a+")
        try:
            fcntl.flock(self._fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            self._fh.seek(0)
            holder = self._fh.read().strip() or "another process"
            self._fh.close()
            msg = f"{self.path.parent}: another ingest is writing this store (pid {holder}); wait for it to finish"
            raise StoreBusy(msg, holder=f"pid {holder}") from exc
        self._fh.seek(0)
        self._fh.truncate()
        self._fh.write(str(os.getpid()))
        self._fh.flush()
        return self

    def check_free(self) -> None:
        """Refuse early (before a job is queued) when another process holds the lock; this process's own jobs queue."""
        try:
            with self:
                pass
        except StoreBusy as exc:
            if exc.holder != f"pid {os.getpid()}":
                raise

    def check_held(self) -> None:
        """A file lock cannot be taken away from a live process; nothing to check before publishing."""

    def __exit__(self, *exc) -> None:
        fcntl.flock(self._fh, fcntl.LOCK_UN)
        self._fh.close()
