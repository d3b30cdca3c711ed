"""Stateless replicas on one `chroma run`: no shared folder, each follows the server (issue 12, item 1).

A real Chroma server, the seed corpus ingested by the CLI, and two `policyqa serve`
processes each with its own empty --store: both answer from what the server holds,
a document uploaded through one is answered by the other, and kill -9 of a replica
whose upload is half-written into the server leaves the server and the other
replica consistent (the other replica writes next, once the lease runs out).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from eval.bench.load import wait_healthy
from tests.live_server import ADMIN_TOKEN, free_port

ROOT = Path(__file__).resolve().parents[2]
QUESTION = "昌宁产业园区的两大主导产业是什么？"
CITED = "002_46a199d81ef02df5.txt"
NEW_DOC = "示例县数字园区建设方案\n一、建设目标\n示例县数字园区到2027年引进数据中心企业12家，建成算力规模800PFlops。\n"
NEW_QUESTION = "示例县数字园区的算力规模要达到多少？"
LEASE = 3.0
AUTH = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def _env(url: str) -> dict:
    return dict(os.environ, PYTHONPATH=str(ROOT), POLICYQA_ADMIN_TOKEN=ADMIN_TOKEN, POLICYQA_CHROMA_URL=url, POLICYQA_EMBEDDER="hash",
                POLICYQA_WRITE_LEASE=str(LEASE))


def _replica(stack: ExitStack, store: Path, chroma: str) -> tuple[str, subprocess.Popen]:
    """One `policyqa serve` process with its own empty store folder."""
    port = free_port()
    log = stack.enter_context((store.parent / f"{store.name}.log").open("w"))
    proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--store", str(store), "--port", str(port), "--no-ingest", "--workers", "1"],
                            cwd=ROOT, env=_env(chroma), stdout=log, stderr=subprocess.STDOUT)
    stack.callback(lambda: (proc.poll() is None and proc.terminate(), proc.wait(timeout=30)))
    url = f"http://127.0.0.1:{port}"
    if not wait_healthy(url, 240):
        pytest.fail(f"replica {store.name} did not start: " + (store.parent / f"{store.name}.log").read_text()[-2000:])
    return url, proc


def _ask(url: str, question: str) -> dict:
    reply = httpx.post(f"{url}/api/v1/ask", json={"question": question}, timeout=60)
    assert reply.status_code == 200, reply.text
    return reply.json()


def test_two_replicas_with_empty_stores_answer_and_follow_each_other(tmp_path, corpus, chroma_server):
    ingest = subprocess.run([sys.executable, "-m", "assistant.cli", "ingest", str(corpus), "--store", str(tmp_path / "writer"), "--json"],
                            cwd=ROOT, env=_env(chroma_server), capture_output=True, text=True, timeout=300)
    assert ingest.returncode == 0, ingest.stderr[-2000:]
    with ExitStack() as stack:
        (first, first_proc), (second, _) = (_replica(stack, tmp_path / name, chroma_server) for name in ("replica-1", "replica-2"))
        for url in (first, second):
            answer = _ask(url, QUESTION)
            assert answer["answerable"] and CITED in [c["doc"] for c in answer["citations"]], answer
        assert _upload(first, "数字园区.txt", NEW_DOC.encode())["status"] == "done"
        uploaded, deadline = time.time(), time.time() + 60
        while time.time() < deadline:
            answer = _ask(second, NEW_QUESTION)
            if "数字园区.txt" in [c["doc"] for c in answer["citations"]]:
                break
            time.sleep(1)
        assert "800PFlops" in answer["answer"] and "数字园区.txt" in [c["doc"] for c in answer["citations"]], answer
        print(f"replica-2 answered the upload {time.time() - uploaded:.1f}s after replica-1 finished it")
        _kill_mid_upload(first, first_proc, second, tmp_path, chroma_server)
    assert not (tmp_path / "replica-2" / "manifest.json").exists() and not (tmp_path / "replica-2" / "chroma").exists()


def _upload(url: str, name: str, data: bytes, wait: bool = True) -> dict:
    job = httpx.post(f"{url}/api/v1/documents", headers=AUTH, files={"file": (name, data)}, timeout=30).json()
    deadline = time.time() + 180
    while wait and job["status"] not in ("done", "failed") and time.time() < deadline:
        time.sleep(0.5)
        job = httpx.get(f"{url}/api/v1/jobs/{job['id']}", headers=AUTH, timeout=10).json()
    return job


def _consistent(store: Path, chroma: str) -> tuple[set[str], int]:
    """What a brand-new replica sees: every listed document has exactly its chunks; (sources, chunks)."""
    from collections import Counter

    from assistant.services import Services
    from assistant.settings import Settings

    services = Services(Settings(store=store, embedder="hash", chroma_url=chroma))
    snap = services.store.snapshot()
    docs = {d["doc_id"]: d for d in services.store.documents()}
    per_doc = Counter(c.meta["doc_id"] for c in snap.chunks.values())
    assert snap.keyword.live_ids() == set(snap.chunks) and set(per_doc) == set(docs)
    assert all(per_doc[d] == r["chunks"] for d, r in docs.items())
    return {r["source"] for r in docs.values()}, len(snap.chunks)


def _kill_mid_upload(first: str, first_proc, second: str, tmp_path: Path, chroma: str) -> None:
    """kill -9 replica 1 while it ingests a large upload: nothing of it shows anywhere, and replica 2 writes next."""
    from eval.bench.synthetic import SyntheticCorpus

    SyntheticCorpus(seed=4).write(tmp_path / "big", 3000, chars_per_chunk=300, chunks_per_doc=3000)
    big = next((tmp_path / "big").glob("*.txt")).read_bytes()
    before, count = _consistent(tmp_path / "check-before", chroma)
    chunks = _collection(chroma)
    _upload(first, "大文件.txt", big, wait=False)
    deadline = time.time() + 120
    while chunks.count() == count and time.time() < deadline:  # kill once its first chunks are in the server
        time.sleep(0.05)
    assert chunks.count() > count
    first_proc.kill()
    first_proc.wait()
    after, _ = _consistent(tmp_path / "check-after", chroma)
    assert after == before and "大文件.txt" not in after
    assert [d["source"] for d in httpx.get(f"{second}/api/v1/documents", timeout=30).json()["documents"]].count("大文件.txt") == 0
    assert CITED in [c["doc"] for c in _ask(second, QUESTION)["citations"]]
    time.sleep(LEASE + 0.5)  # the killed replica's lease runs out
    assert _upload(second, "补充.txt", NEW_DOC.replace("数字园区", "智慧园区").encode())["status"] == "done"
    final, served = _consistent(tmp_path / "check-final", chroma)
    assert final == before | {"补充.txt"} and chunks.count() == served  # the killed run's chunks were repaired away


def _collection(url: str):
    import chromadb

    host, port = url.removeprefix("http://").split(":")
    return chromadb.HttpClient(host=host, port=int(port)).get_collection("policyqa")
