"""Scaling out (issue 12): `serve --workers N` on one machine, and two replicas on one `chroma run`.

    # a Chroma server, then the figures at ~152k chunks (the store is built first when empty)
    chroma run --path /tmp/pq-scale/chroma-data --port 18000 &
    PYTHONPATH=. python examples/bench_scale_out.py --store /tmp/pq-scale/writer --chroma-url http://127.0.0.1:18000 \\
        --chunks 100000 --workers 1,2 --replicas --json > scale-out.json

Without ``--chroma-url`` the store is embedded (and ``--replicas`` is refused).
Everything is real: `policyqa ingest` and `policyqa serve` run as separate
processes, the load is 32 HTTP clients on loopback, and the store uses the
model-free ``hash`` embedder so that the figures show what serving costs. Progress
goes to stderr; ``--json`` prints one JSON document on stdout.

Figures:
- workers: for each N, the time until all N workers answer, 32 clients' ask
  throughput and p50/p95, and each worker's RSS (and the parent's);
- replicas: two `serve --workers 1` processes with their own store folders on one
  Chroma server, 32 clients split between them; then a document uploaded through
  replica 1, and the time from its job's end until replica 2 returns it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.web.worker_pool import rss_mb  # noqa: E402
from eval.bench.load import http_load  # noqa: E402
from eval.bench.synthetic import SyntheticCorpus  # noqa: E402

TOKEN = "bench-admin-token"
UPLOAD = "示例县数字园区建设方案\n发布机构：示例县发展和改革局\n一、建设目标\n示例县数字园区到2027年引进数据中心企业12家，建成算力规模800PFlops。\n"


def say(text: str) -> None:
    print(f"bench: {text}", file=sys.stderr, flush=True)


def _env(args) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT), POLICYQA_EMBEDDER="hash", POLICYQA_ADMIN_TOKEN=TOKEN, PYTHONUNBUFFERED="1")
    if args.chroma_url:
        env["POLICYQA_CHROMA_URL"] = args.chroma_url
    return env


def _cli(*argv: str, env: dict, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant.cli", *argv], cwd=ROOT, env=env, **kw)


def _questions(args) -> list[str]:
    """The synthetic corpus (deterministic: seed 7) and one answerable question per document."""
    docs = Path(str(args.store) + ".docs")
    return [q.question for q in SyntheticCorpus(seed=7).write(docs, args.chunks)]


def ensure_store(args, env: dict) -> dict:
    """Ingest the synthetic corpus with the CLI when the store is empty; returns the store's size."""
    listed = json.loads(_cli("docs", "--store", str(args.store), "--json", env=env, capture_output=True, text=True, check=True).stdout)
    if listed["count"]:
        return {"documents": listed["count"], "chunks": sum(d["chunks"] for d in listed["documents"]), "ingest": None}
    say(f"empty store: ingesting the synthetic corpus (~{args.chunks} chunks requested) into {args.chroma_url or args.store}")
    started = time.perf_counter()
    done = _cli("ingest", str(args.store) + ".docs", "--store", str(args.store), "--embedder", "hash", "--json", env=env,
                stdout=subprocess.PIPE, text=True, check=True)
    report = json.loads(done.stdout)
    return {"documents": report["store"]["documents"], "chunks": report["store"]["chunks"],
            "ingest": {"seconds": report["seconds"], "wall_s": round(time.perf_counter() - started, 1)}}


class Served:
    """One `policyqa serve` process (tree) with its log, waited on until ``workers`` workers answer."""

    def __init__(self, store: Path, port: int, workers: int, env: dict, log: Path) -> None:
        self.url, self.workers, self.log = f"http://127.0.0.1:{port}", workers, log
        started = time.perf_counter()
        with log.open("w") as out:
            self.proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--store", str(store), "--port", str(port),
                                          "--no-ingest", "--workers", str(workers)], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                         start_new_session=True)
        self.pids = self._wait(started + 1200)
        self.ready_s = round(time.perf_counter() - started, 1)

    def _wait(self, deadline: float) -> list[int]:
        seen: set[int] = set()
        while len(seen) < self.workers:
            if time.perf_counter() > deadline or self.proc.poll() is not None:
                self.stop()
                raise RuntimeError(f"server did not start: {self.log.read_text(errors='replace')[-2000:]}")
            try:
                seen.add(int(httpx.get(f"{self.url}/healthz", timeout=5).headers["x-policyqa-worker"]))
            except httpx.HTTPError:
                time.sleep(1)
            time.sleep(0.02)
        return sorted(seen)

    def memory(self) -> dict:
        return {"workers_rss_mb": [rss_mb(p) for p in self.pids], "parent_rss_mb": rss_mb(self.proc.pid) if self.workers > 1 else None}

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _cpu_s(pids: list[int]) -> float:
    """User + system CPU seconds the processes have used so far (from /proc)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def _load(urls, pids: list[int], questions: list[str], args) -> dict:
    """``--clients`` clients with ``--requests`` asks each, and how many cores the servers and the clients kept busy."""
    server, client, started = _cpu_s(pids), sum(os.times()[:2]), time.perf_counter()
    result = http_load(urls, questions, args.clients, args.requests)
    elapsed = time.perf_counter() - started
    result["server_cores_busy"] = round((_cpu_s(pids) - server) / elapsed, 2)
    result["client_cores_busy"] = round((sum(os.times()[:2]) - client) / elapsed, 2)
    return result


def _fresh(questions: list[str], turn: int, args) -> list[str]:
    """The questions of one load run: a slice no earlier run asked, so no worker answers from its
    sentence-vector cache (repeating one set made the second round 2.7x faster than the first)."""
    size = args.clients * args.requests
    start = (turn * size) % max(1, len(questions) - size)
    return questions[start : start + size]


def _median_run(runs: list[dict]) -> dict:
    """The run with the median throughput, with every round's throughput beside it."""
    ordered = sorted(runs, key=lambda r: r["throughput_rps"])
    return {**ordered[len(ordered) // 2], "rounds_rps": [r["throughput_rps"] for r in runs]}


def bench_workers(args, env: dict, questions: list[str], work: Path) -> list[dict]:
    """All configurations run side by side and take turns under load (``--rounds``), so that the
    background load of a shared machine falls on each about equally."""
    servers: dict[int, Served] = {}
    try:
        for count in args.workers:
            say(f"serve --workers {count}: starting")
            servers[count] = Served(args.store, _free_port(), count, env, work / f"workers-{count}.log")
            say(f"serve --workers {count}: all workers answer after {servers[count].ready_s}s")
        for served in servers.values():
            http_load(served.url, questions[-64:], 4, 16)  # warm-up: models, caches of the code paths
        runs: dict[int, list[dict]] = {count: [] for count in servers}
        for round_no in range(args.rounds):
            for turn, (count, served) in enumerate(servers.items()):
                asked = _fresh(questions, round_no * len(servers) + turn, args)
                runs[count].append(_load(served.url, served.pids, asked, args))
                say(f"round {round_no + 1}, --workers {count}: {json.dumps(runs[count][-1])}")
        results = [{"workers": count, "ready_s": served.ready_s, "load": _median_run(runs[count]), **served.memory()}
                   for count, served in servers.items()]
    finally:
        for served in servers.values():
            served.stop()
    base = next((r for r in results if r["workers"] == 1), None)
    for result in results:
        if base:
            result["throughput_vs_1"] = round(result["load"]["throughput_rps"] / base["load"]["throughput_rps"], 2)
    return results


def _replica_folder(args, work: Path, name: str) -> Path:
    """A replica's own folder: empty with ``--cold``, else seeded with the keyword cache a replica keeps after its first start."""
    folder = work / name
    if not args.cold and (args.store / "keyword").exists():
        shutil.copytree(args.store / "keyword", folder / "keyword")
    return folder


def _visible(url: str, name: str) -> bool:
    reply = httpx.post(f"{url}/api/v1/search", json={"query": "示例县数字园区 算力规模", "k": 1, "filters": {"doc": name}}, timeout=30)
    return reply.status_code == 200 and bool(reply.json()["results"])


def _catch_up(first: str, second: str) -> dict:
    """Upload through replica 1; seconds from its job's end until replica 2 returns the new document."""
    name = f"数字园区-{int(time.time())}.txt"
    auth = {"Authorization": f"Bearer {TOKEN}"}
    started = time.perf_counter()
    job = httpx.post(f"{first}/api/v1/documents", headers=auth, files={"file": (name, UPLOAD.encode())}, timeout=60).json()
    while job["status"] not in ("done", "failed"):
        time.sleep(0.1)
        job = httpx.get(f"{first}/api/v1/jobs/{job['id']}", headers=auth, timeout=30).json()
    done = time.perf_counter()
    if job["status"] != "done":
        raise RuntimeError(f"upload failed: {job['error']}")
    while not _visible(second, name):
        if time.perf_counter() - done > 300:
            raise RuntimeError("replica 2 did not see the upload within 300 s")
        time.sleep(0.1)
    seen = time.perf_counter()
    answer = httpx.post(f"{second}/api/v1/ask", json={"question": "示例县数字园区的算力规模要达到多少？"}, timeout=60).json()
    httpx.request("DELETE", f"{first}/api/v1/documents/{name}", headers=auth, timeout=300)  # leave the store as it was
    return {"upload_job_s": round(done - started, 2), "replica_2_catch_up_s": round(seen - done, 2),
            "replica_2_answer_cites_it": name in [c["doc"] for c in answer.get("citations", [])]}


def bench_replicas(args, env: dict, questions: list[str], work: Path) -> dict:
    say(f"two replicas on {args.chroma_url} ({'empty folders' if args.cold else 'folders with the keyword cache'}): starting")
    replicas = []
    try:
        for name in ("replica-1", "replica-2"):
            replicas.append(Served(_replica_folder(args, work, name), _free_port(), 1, env, work / f"{name}.log"))
        urls = [r.url for r in replicas]
        say(f"replicas answer after {[r.ready_s for r in replicas]} s; {args.clients} clients split between them")
        http_load(urls, questions[-64:], 4, 16)  # warm-up
        runs = [_load(urls, [r.pids[0] for r in replicas], _fresh(questions, 100 + n, args), args) for n in range(args.rounds)]
        result = {"ready_s": [r.ready_s for r in replicas], "cold": args.cold, "load": _median_run(runs),
                  "rss_mb": [r.memory()["workers_rss_mb"][0] for r in replicas], "catch_up": _catch_up(*urls)}
        say(json.dumps(result, ensure_ascii=False))
        return result
    finally:
        for replica in replicas:
            replica.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True, help="store directory (built from a synthetic corpus when empty)")
    parser.add_argument("--chroma-url", default=os.environ.get("POLICYQA_CHROMA_URL", ""), help="a running `chroma run`; default: embedded store")
    parser.add_argument("--chunks", type=int, default=100000, help="synthetic corpus size requested (overshoots: 100000 gives ~152k chunks)")
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts to measure ('' to skip)")
    parser.add_argument("--replicas", action="store_true", help="also measure two replicas on the Chroma server")
    parser.add_argument("--cold", action="store_true", help="replicas start with empty folders (read and tokenize every chunk from the server)")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--requests", type=int, default=8, help="asks per client")
    parser.add_argument("--rounds", type=int, default=3, help="load rounds per configuration, taken in turns; the median is reported")
    parser.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    args = parser.parse_args()
    args.workers = [int(w) for w in args.workers.split(",") if w.strip()]
    if args.replicas and not args.chroma_url:
        parser.error("--replicas needs --chroma-url (replicas share a Chroma server)")
    env = _env(args)
    questions = _questions(args)
    result = {"machine": {"cpus": os.cpu_count(), "load_avg_before": os.getloadavg()}, "chroma_url": args.chroma_url or None,
              "store": ensure_store(args, env)}
    say(f"store: {result['store']['documents']} documents, {result['store']['chunks']} chunks")
    work = Path(tempfile.mkdtemp(prefix="policyqa-scale-"))
    try:
        result["workers"] = bench_workers(args, env, questions, work)
        if args.replicas:
            result["replicas"] = bench_replicas(args, env, questions, work)
    finally:
        result["machine"]["load_avg_after"] = os.getloadavg()
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
