"""Ingest work off the event loop: one worker thread runs jobs in order; callers poll their state.

Parsing, embedding and the index rebuild take seconds to minutes; run on the
event loop they froze every request (chat, search, /healthz). A job returns an
id at once, and its progress and outcome are read back by id.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from textkit.policyqa_error import PolicyQAError

log = logging.getLogger("policyqa.jobs")
_KEEP = 200

# work(report_progress) -> result dict; report_progress(stage, done, total)
Work = Callable[[Callable[[str, int, int], None]], dict]


class JobRunner:
    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="policyqa-job")
        self._jobs: dict[str, dict] = {}
        self._done: dict[str, threading.Event] = {}
        self._lock = threading.Lock()

    def submit(self, kind: str, description: str, work: Work) -> dict:
        """Queue ``work``; returns the job's state (``id``, ``status`` "queued")."""
        job_id = uuid.uuid4().hex[:16]
        state = {"id": job_id, "kind": kind, "description": description, "status": "queued",
                 "progress": {"stage": "queued", "done": 0, "total": 0}, "result": None, "error": None,
                 "created": time.time(), "finished": None}
        with self._lock:
            self._jobs[job_id] = state
            self._done[job_id] = threading.Event()
            self._forget_old()
        self._pool.submit(self._run, job_id, work)
        return self.get(job_id)

    def get(self, job_id: str) -> dict | None:
        with self._lock:
            state = self._jobs.get(job_id)
            return {**state, "progress": dict(state["progress"])} if state else None

    def recent(self, limit: int = 20) -> list[dict]:
        with self._lock:
            ids = list(self._jobs)[-limit:]
        return [job for job in (self.get(i) for i in reversed(ids)) if job]

    def wait(self, job_id: str, timeout: float | None = None) -> dict | None:
        """Block until the job finishes or ``timeout`` passes; returns its state."""
        event = self._done.get(job_id)
        if event:
            event.wait(timeout)
        return self.get(job_id)

    def _update(self, job_id: str, **changes) -> None:
        with self._lock:
            self._jobs[job_id].update(changes)

    def _run(self, job_id: str, work: Work) -> None:
        def progress(stage: str, done: int, total: int) -> None:
            self._update(job_id, progress={"stage": stage, "done": done, "total": total})

        self._update(job_id, status="running")
        try:
            result = work(progress)
            self._update(job_id, status="done", result=result)
        except PolicyQAError as exc:
            self._update(job_id, status="failed", error=exc.to_dict())
        except Exception as exc:  # noqa: BLE001 - a job reports its failure instead of dying silently
            log.exception("job %s failed", job_id)
            self._update(job_id, status="failed", error=PolicyQAError("job", "处理失败，请联系管理员查看日志", f"job failed: {exc}", 500).to_dict())
        finally:
            self._update(job_id, finished=time.time())
            self._done[job_id].set()

    def _forget_old(self) -> None:
        """Keep the latest jobs only; finished ones first out (caller holds the lock)."""
        while len(self._jobs) > _KEEP:
            oldest = next((i for i, j in self._jobs.items() if j["finished"]), None)
            if oldest is None:
                return
            self._jobs.pop(oldest)
            self._done.pop(oldest, None)
