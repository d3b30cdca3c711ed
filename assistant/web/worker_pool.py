"""``policyqa serve --workers N``: N processes behind one port, supervised by a light parent.

Every worker listens on the port itself with ``SO_REUSEPORT`` (gunicorn's
``--reuse-port``, nginx's ``reuseport``), once it is ready: the kernel spreads new
connections over the listening workers by a hash of the client's address and
port, and never hands one to a worker still loading or to a dead one. A socket
bound once by the parent and shared by all workers (uvicorn's way) was tried
first: there whichever worker's event loop wakes first takes the connection, and
with 32 keep-alive clients the split was 19/13, 17/15 and 23/9, and reconnects
went back to the same worker. The parent keeps the port reserved (bound, not
listening, so it takes no connections), so a port in use is an error at start
and no other program takes the port while workers restart. Workers are spawned, not forked: each starts a fresh
interpreter and loads its own models, snapshot and keyword index (the parent
never imports torch or opens the store). A worker that dies is started again; a
SIGTERM or Ctrl-C stops them all, and a parent killed with -9 takes its workers
with it (``PR_SET_PDEATHSIG``), so a killed replica never leaves orphans writing.

Worker 0 also owns the Gradio chat and listens on a unix socket the parent binds;
the others relay chat traffic to it (see ``chat_forwarder``). Upload jobs are
written under the store, so any worker answers a poll, and uploads are serialised
by the store's write lock (a file lock, or the server's lease with
``POLICYQA_CHROMA_URL``) exactly as between separate processes.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import signal
import socket
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from assistant.settings import Settings

log = logging.getLogger("policyqa.workers")
_SPAWN = multiprocessing.get_context("spawn")
_HEALTHY_AFTER_S = 30.0
_MAX_BACKOFF_S = 60.0
_STOP_GRACE_S = 20.0
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


@dataclass(frozen=True)
class _WorkerSpec:
    """What a spawned worker needs to know; everything in it pickles."""

    settings: Settings
    index: int
    count: int
    root_path: str
    chat_socket: str
    parent_pid: int
    host: str = "127.0.0.1"
    port: int = 7860


def rss_mb(pid: int | str = "self") -> float:
    """Resident memory of a process in MB (``VmRSS``), 0 when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0


def share_cores(workers: int) -> int:
    """Give each worker its share of the cores for BLAS/OpenMP/torch threads (unless the operator set them).

    Every library sizes its thread pool to all cores by default; N workers doing so
    run N times more spinning threads than cores, and two workers then served fewer
    requests per second than one. Spawned workers inherit these variables.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    share = max(1, cores // workers)
    for name in THREAD_VARS:
        os.environ.setdefault(name, str(share))
    return share


def reuse_port_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to the port in the ``SO_REUSEPORT`` group of this user's processes."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


def check_port_free(host: str, port: int) -> None:
    """Refuse a port something already listens on, even another ``serve --workers`` (whose
    ``SO_REUSEPORT`` group would otherwise let this one join it silently and split its traffic)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise OSError(exc.errno, f"port {port} on {host} is already in use ({exc.strerror})") from exc


def listen_tcp(host: str, port: int) -> socket.socket:
    """A worker's own listening socket on the shared port; the kernel balances connections across them."""
    sock = reuse_port_socket(host, port)
    sock.listen(2048)
    return sock


def listen_unix(path: str) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(path)
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


class WorkerPool:
    def __init__(self, settings: Settings, host: str, port: int, root_path: str, count: int, ingest_default: bool = True) -> None:
        self.settings, self.host, self.port, self.root_path, self.count = settings, host, port, root_path, count
        self.ingest_default = ingest_default
        self._procs: list[multiprocessing.process.BaseProcess | None] = [None] * count
        self._started = [0.0] * count
        self._failures = [0] * count
        self._next_start = [0.0] * count
        self._stopping = False
        self._connections = _SPAWN.Array("i", count, lock=False)  # open connections per worker, for ConnectionBalance

    def run(self) -> int:
        """Serve until SIGTERM / Ctrl-C; returns the exit code."""
        check_port_free(self.host, self.port)
        tcp = reuse_port_socket(self.host, self.port)  # reserved, not listening: a port in use fails here, at once
        self.port = tcp.getsockname()[1]  # --port 0: the workers join the port the parent was given
        try:
            self._prepare()
        except BaseException:
            tcp.close()
            raise
        share_cores(self.count)
        runtime = tempfile.mkdtemp(prefix="policyqa-serve-")
        chat_socket = os.path.join(runtime, "chat.sock")
        unix = listen_unix(chat_socket)
        previous = {sig: signal.signal(sig, self._on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            for index in range(self.count):
                self._start(index, unix, chat_socket)
            pids = ", ".join(str(p.pid) for p in self._procs if p)
            print(f"PolicyQA serving http://{self.host}:{self.port}{self.root_path}/ with {self.count} workers (pids {pids}; "
                  f"the chat runs in worker 0); parent pid {os.getpid()}", file=sys.stderr, flush=True)
            while not self._stopping:
                time.sleep(0.2)
                self._restart_dead(unix, chat_socket)
        finally:
            self._stop_all()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            tcp.close()
            unix.close()
            shutil.rmtree(runtime, ignore_errors=True)
        return 0

    def _on_signal(self, signum, frame) -> None:
        self._stopping = True

    def _prepare(self) -> None:
        """In a throwaway process, before any worker reads the store: the default corpus into an empty
        store, and the keyword index built and cached when the store folder has none for the published
        generation (so every worker loads it instead of each building it at twice the memory)."""
        started = time.perf_counter()
        proc = _SPAWN.Process(target=prepare, args=(self.settings, self.ingest_default), name="policyqa-prepare")
        proc.start()
        proc.join()
        if proc.exitcode != 0:
            raise RuntimeError(f"preparing the store failed (exit code {proc.exitcode}); see the log above")
        print(f"policyqa: store prepared in {time.perf_counter() - started:.1f}s", file=sys.stderr, flush=True)

    def _start(self, index: int, unix: socket.socket, chat_socket: str) -> None:
        spec = _WorkerSpec(self.settings, index, self.count, self.root_path, chat_socket, os.getpid(), self.host, self.port)
        sockets = [unix] if index == 0 else []
        proc = _SPAWN.Process(target=worker_main, args=(spec, sockets, self._connections), name=f"policyqa-worker-{index}")
        proc.start()
        self._procs[index], self._started[index] = proc, time.monotonic()
        print(f"policyqa worker {index}/{self.count} starting, pid {proc.pid}", file=sys.stderr, flush=True)

    def _restart_dead(self, unix: socket.socket, chat_socket: str) -> None:
        """Start again every worker that exited; one that dies soon after starting waits longer each time."""
        now = time.monotonic()
        for index, proc in enumerate(self._procs):
            if self._stopping:
                return
            if proc is not None and not proc.is_alive():
                lived = now - self._started[index]
                self._failures[index] = 0 if lived >= _HEALTHY_AFTER_S else self._failures[index] + 1
                delay = min(_MAX_BACKOFF_S, 2.0 ** self._failures[index] - 1)
                print(f"policyqa worker {index} (pid {proc.pid}) exited with code {proc.exitcode} after {lived:.0f}s; "
                      f"restarting in {delay:.0f}s", file=sys.stderr, flush=True)
                self._procs[index], self._next_start[index] = None, now + delay
            if self._procs[index] is None and now >= self._next_start[index]:
                self._start(index, unix, chat_socket)

    def _stop_all(self) -> None:
        """SIGTERM every worker (uvicorn finishes its requests), then SIGKILL what is left after the grace period."""
        alive = [p for p in self._procs if p is not None and p.is_alive()]
        for proc in alive:
            try:
                os.kill(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + _STOP_GRACE_S
        for proc in alive:
            proc.join(max(0.1, deadline - time.monotonic()))
            if proc.is_alive():
                proc.kill()
                proc.join(5)
        print(f"policyqa: stopped {len(alive)} workers", file=sys.stderr, flush=True)


def _die_with_parent(parent_pid: int) -> None:
    """A worker must not outlive its parent (a replica killed with -9 must stop answering and writing)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent_pid:
        os._exit(1)


def _configure_logging(spec: _WorkerSpec) -> None:
    from assistant.cli import _quiet_libraries

    fmt = f"%(levelname)s %(name)s [worker {spec.index} pid {os.getpid()}]: %(message)s"
    logging.basicConfig(level=logging.INFO, format=fmt, stream=sys.stderr)
    _quiet_libraries()


def worker_main(spec: _WorkerSpec, sockets: list[socket.socket], connections=None) -> None:
    """One worker: load everything, then serve the shared sockets until told to stop."""
    _die_with_parent(spec.parent_pid)
    from assistant.settings import force_offline

    force_offline()
    _configure_logging(spec)
    import uvicorn

    from assistant.services import Services
    from assistant.web.server import create_app

    started = time.perf_counter()
    services = Services(spec.settings)
    services.pipeline.ask("开发区")  # load models and indexes before the first request
    services.store.follow()
    chat = spec.index == 0
    app = create_app(spec.settings, services, spec.root_path, chat=chat)
    if not chat:
        from assistant.web.chat_forwarder import ChatForwarder

        app = ChatForwarder(app, spec.chat_socket, spec.root_path)
    print(f"policyqa worker {spec.index}/{spec.count} (pid {os.getpid()}) ready in {time.perf_counter() - started:.1f}s, "
          f"RSS {rss_mb():.0f} MB{', serving the chat' if chat else ''}", file=sys.stderr, flush=True)
    if connections is not None:
        from assistant.web.connection_balance import ConnectionBalance

        app = ConnectionBalance(app, connections, spec.index, set())
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=10))
    if connections is not None:
        app.connections = server.server_state.connections
        app.start()
    server.run(sockets=[listen_tcp(spec.host, spec.port), *sockets])  # listen only now: no connection waits for a loading worker


def prepare(settings: Settings, ingest_default: bool) -> None:
    """Run once before the workers: the single-process server's first-start ingest, and the keyword cache."""
    from assistant.settings import force_offline

    force_offline()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s [prepare]: %(message)s", stream=sys.stderr)
    from assistant.services import Services
    from assistant.web.server import ensure_corpus

    services = Services(settings)
    if ingest_default:
        ensure_corpus(services)
    if services.store.warm_cache():
        log.info("built and cached the keyword index for the workers")
