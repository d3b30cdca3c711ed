"""A real `policyqa serve --workers N` process tree on a loopback port, for tests of the worker pool."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.live_server import ADMIN_TOKEN, free_port

ROOT = Path(__file__).resolve().parent.parent


def worker_of(response: httpx.Response) -> int:
    """The pid of the worker that produced a response (``X-PolicyQA-Worker``)."""
    return int(response.headers["x-policyqa-worker"])


class ServedPool:
    """Starts ``policyqa serve --workers N --no-ingest`` and waits until N distinct workers answer /healthz."""

    def __init__(self, store: Path, workers: int = 2, env: dict | None = None) -> None:
        self.store, self.workers, self.port = store, workers, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = dict(os.environ, PYTHONPATH=str(ROOT), POLICYQA_ADMIN_TOKEN=ADMIN_TOKEN, PYTHONUNBUFFERED="1", **(env or {}))
        self.log_path = store.parent / f"{store.name}-serve.log"
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> "ServedPool":
        self._log = self.log_path.open("w")
        self.proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--store", str(self.store), "--port", str(self.port),
                                      "--no-ingest", "--workers", str(self.workers)], cwd=ROOT, env=self.env, stdout=self._log, stderr=subprocess.STDOUT)
        if len(self.wait_for_workers(self.workers, 300)) < self.workers:
            self.__exit__()
            raise RuntimeError(f"not all {self.workers} workers answered: " + self.log())
        return self

    def log(self, tail: int | None = 3000) -> str:
        """The pool's output; its last ``tail`` characters (for assertion messages), or all of it with None."""
        text = self.log_path.read_text(errors="replace")
        return text if tail is None else text[-tail:]

    def wait_for_workers(self, count: int, seconds: float, exclude: set[int] = frozenset()) -> set[int]:
        """Worker pids seen answering /healthz on fresh connections until ``count`` not in ``exclude`` are seen."""
        seen: set[int] = set()
        deadline = time.time() + seconds
        while time.time() < deadline and len(seen - exclude) < count:
            try:
                seen.add(worker_of(httpx.get(f"{self.url}/healthz", timeout=5)))
            except httpx.HTTPError:
                time.sleep(0.5)
            time.sleep(0.02)
        return seen - exclude

    def __exit__(self, *exc) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()
