"""Ingest work off the event loop: one worker thread runs jobs in order; callers poll their state.

Parsing, embedding and the index rebuild take seconds to minutes; run on the
event loop they froze every request (chat, search, /healthz). A job returns an
id at once, and its progress and outcome are read back by id.

With ``serve --workers N`` the poll may reach another process than the one that
runs the job, so each job's state is also written to ``<store>/jobs/ID.json``
(atomically, on every change of status and at most twice a second for progress)
and read back from there by the other workers. A job whose process died while it
ran is reported failed, not running forever.
"""

from __future__ import annotations

import json
import logging
import os
import re
import socket
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from textkit.policyqa_error import PolicyQAError

log = logging.getLogger("policyqa.jobs")
_KEEP = 200
_PROGRESS_EVERY_S = 0.5
_JOB_ID = re.compile(r"^[0-9a-f]{16}$")

# work(report_progress) -> result dict; report_progress(stage, done, total)
Work = Callable[[Callable[[str, int, int], None]], dict]


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class JobRunner:
    def __init__(self, folder: Path | None = None) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="policyqa-job")
        self._jobs: dict[str, dict] = {}
        self._done: dict[str, threading.Event] = {}
        self._saved: dict[str, float] = {}
        self._lock = threading.Lock()
        self._folder = Path(folder) if folder else None

    def submit(self, kind: str, description: str, work: Work) -> dict:
        """Queue ``work``; returns the job's state (``id``, ``status`` "queued")."""
        job_id = uuid.uuid4().hex[:16]
        state = {"id": job_id, "kind": kind, "description": description, "status": "queued",
                 "progress": {"stage": "queued", "done": 0, "total": 0}, "result": None, "error": None,
                 "created": time.time(), "finished": None, "worker": {"host": socket.gethostname(), "pid": os.getpid()}}
        with self._lock:
            self._jobs[job_id] = state
            self._done[job_id] = threading.Event()
            self._forget_old()
        self._save(job_id, force=True)
        self._pool.submit(self._run, job_id, work)
        return self.get(job_id)

    def get(self, job_id: str) -> dict | None:
        """This process's job, else one another worker of the same store wrote down; None when unknown."""
        with self._lock:
            state = self._jobs.get(job_id)
            if state:
                return {**state, "progress": dict(state["progress"])}
        return self._load(job_id)

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
        self._save(job_id, force="progress" not in changes)

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
            self._saved.pop(oldest, None)
            if self._folder:
                (self._folder / f"{oldest}.json").unlink(missing_ok=True)

    # ---- the state other workers read ------------------------------------------------
    def _save(self, job_id: str, force: bool) -> None:
        """Write the job's state where other workers find it; progress-only changes at most every 0.5 s."""
        if self._folder is None:
            return
        with self._lock:
            state = self._jobs.get(job_id)
            now = time.monotonic()
            if state is None or (not force and now - self._saved.get(job_id, 0.0) < _PROGRESS_EVERY_S):
                return
            self._saved[job_id] = now
            text = json.dumps(state, ensure_ascii=False)
            self._folder.mkdir(parents=True, exist_ok=True)
            tmp = self._folder / f".{job_id}.{threading.get_ident()}.tmp"
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, self._folder / f"{job_id}.json")

    def _load(self, job_id: str) -> dict | None:
        """A job another worker runs or ran; one whose process is gone while it ran reads as failed."""
        if self._folder is None or not _JOB_ID.match(job_id or ""):
            return None
        try:
            state = json.loads((self._folder / f"{job_id}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        worker = state.get("worker") or {}
        same_host = worker.get("host") == socket.gethostname()
        if state.get("status") in ("queued", "running") and same_host and not _alive(int(worker.get("pid", 0) or 0)):
            error = PolicyQAError("job", "处理该任务的服务进程已退出，请重新上传", f"the worker (pid {worker.get('pid')}) running this job stopped; upload again", 500)
            state.update(status="failed", error=error.to_dict())
        return state
