"""Stateless replicas on one `chroma run`: no shared folder, each follows the server (issue 12, item 1).

A real Chroma server, the seed corpus ingested by the CLI, and two `policyqa serve`
processes each with its own empty --store: both answer from what the server holds,
and a document uploaded through one is answered by the other.
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


def _env(url: str) -> dict:
    return dict(os.environ, PYTHONPATH=str(ROOT), POLICYQA_ADMIN_TOKEN=ADMIN_TOKEN, POLICYQA_CHROMA_URL=url, POLICYQA_EMBEDDER="hash")


def _replica(stack: ExitStack, store: Path, chroma: str) -> str:
    """One `policyqa serve` process with its own empty store folder."""
    port = free_port()
    log = stack.enter_context((store.parent / f"{store.name}.log").open("w"))
    proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--store", str(store), "--port", str(port), "--no-ingest"],
                            cwd=ROOT, env=_env(chroma), stdout=log, stderr=subprocess.STDOUT)
    stack.callback(lambda: (proc.terminate(), proc.wait(timeout=30)))
    url = f"http://127.0.0.1:{port}"
    if not wait_healthy(url, 240):
        pytest.fail(f"replica {store.name} did not start: " + (store.parent / f"{store.name}.log").read_text()[-2000:])
    return url


def _ask(url: str, question: str) -> dict:
    reply = httpx.post(f"{url}/api/v1/ask", json={"question": question}, timeout=60)
    assert reply.status_code == 200, reply.text
    return reply.json()


def test_two_replicas_with_empty_stores_answer_and_follow_each_other(tmp_path, corpus, chroma_server):
    ingest = subprocess.run([sys.executable, "-m", "assistant.cli", "ingest", str(corpus), "--store", str(tmp_path / "writer"), "--json"],
                            cwd=ROOT, env=_env(chroma_server), capture_output=True, text=True, timeout=300)
    assert ingest.returncode == 0, ingest.stderr[-2000:]
    with ExitStack() as stack:
        first, second = (_replica(stack, tmp_path / name, chroma_server) for name in ("replica-1", "replica-2"))
        for url in (first, second):
            answer = _ask(url, QUESTION)
            assert answer["answerable"] and CITED in [c["doc"] for c in answer["citations"]], answer
        auth = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
        job = httpx.post(f"{first}/api/v1/documents", headers=auth, files={"file": ("数字园区.txt", NEW_DOC.encode())}, timeout=30).json()
        deadline = time.time() + 120
        while job["status"] not in ("done", "failed") and time.time() < deadline:
            time.sleep(0.5)
            job = httpx.get(f"{first}/api/v1/jobs/{job['id']}", headers=auth, timeout=10).json()
        assert job["status"] == "done", job
        uploaded, deadline = time.time(), time.time() + 60
        while time.time() < deadline:
            answer = _ask(second, NEW_QUESTION)
            if "数字园区.txt" in [c["doc"] for c in answer["citations"]]:
                break
            time.sleep(1)
        assert "800PFlops" in answer["answer"] and "数字园区.txt" in [c["doc"] for c in answer["citations"]], answer
        print(f"replica-2 answered the upload {time.time() - uploaded:.1f}s after replica-1 finished it")
    assert not (tmp_path / "replica-2" / "manifest.json").exists() and not (tmp_path / "replica-2" / "chroma").exists()
