"""`policyqa serve` as a deployment runs it: a server process, CLI ingests from other processes, admin uploads (issue 11, items 1-2)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from eval.bench.load import wait_healthy
from tests.live_server import ADMIN_TOKEN, free_port

ROOT = Path(__file__).resolve().parents[2]
ENV = dict(os.environ, PYTHONPATH=str(ROOT), POLICYQA_ADMIN_TOKEN=ADMIN_TOKEN)
NEW_DOC = "示例县数字园区建设方案\n一、建设目标\n示例县数字园区到2027年引进数据中心企业12家，建成算力规模800PFlops。\n"
QUERY = "示例县数字园区算力规模"


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], capture_output=True, text=True, cwd=ROOT, env=ENV, timeout=300)


@pytest.fixture(scope="module")
def served(store_dir, tmp_path_factory):
    """A copy of the seed store served by a separate `policyqa serve` process."""
    store = tmp_path_factory.mktemp("served") / "store"
    shutil.copytree(store_dir, store)
    port = free_port()
    log = (store.parent / "serve.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--store", str(store), "--port", str(port), "--no-ingest", "--workers", "1"],
                            cwd=ROOT, env=ENV, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    if not wait_healthy(url, 180):
        proc.kill()
        pytest.fail("policyqa serve did not start: " + (store.parent / "serve.log").read_text()[-2000:])
    yield url, store
    proc.terminate()
    proc.wait(timeout=30)
    log.close()


def _search(url: str, query: str) -> list[dict]:
    reply = httpx.post(f"{url}/api/v1/search", json={"query": query, "k": 5}, timeout=60)
    return reply.json()["results"]


def _same(served: list[dict], fresh: list[dict]) -> list[tuple]:
    return [(r["doc"], r["text"], round(r["score"], 4)) for r in served] == [(r["doc"], r["text"], round(r["score"], 4)) for r in fresh]


def test_server_sees_a_cli_ingest_dense_side_included(served, tmp_path):
    url, store = served
    folder = tmp_path / "new"
    folder.mkdir()
    (folder / "digital-park.txt").write_text(NEW_DOC, encoding="utf-8")
    assert _search(url, QUERY)[0]["doc"] != "digital-park.txt"
    assert _cli("ingest", str(folder), "--store", str(store), "--json").returncode == 0
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and _search(url, QUERY)[0]["doc"] != "digital-park.txt":
        time.sleep(0.5)
    answer = httpx.post(f"{url}/api/v1/ask", json={"question": "示例县数字园区到2027年算力规模是多少？"}, timeout=60).json()
    assert answer["answerable"] and "800PFlops" in answer["answer"]
    for query in (QUERY, "多晶硅产能", "昌宁产业园区主导产业", "数据中心企业"):
        fresh = json.loads(_cli("search", query, "--store", str(store), "--k", "5", "--json").stdout)["results"]
        assert _same(_search(url, query), fresh), query


def test_healthz_answers_during_an_upload(served):
    url, _ = served
    auth = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    paragraph = "示例市物流园区实行“一园一策”，完善仓储、冷链和多式联运设施，年度专项资金{}万元用于基础设施建设。\n"
    text = "示例市物流园区发展规划\n" + "".join(f"{i + 1}. " + paragraph.format(1000 + i) for i in range(300))
    assert len(text) >= 14000
    latencies: list[float] = []
    stop = threading.Event()

    def probe() -> None:
        while not stop.is_set():
            started = time.perf_counter()
            httpx.get(f"{url}/healthz", timeout=10).raise_for_status()
            latencies.append(time.perf_counter() - started)

    prober = threading.Thread(target=probe)
    prober.start()
    try:
        started = time.perf_counter()
        reply = httpx.post(f"{url}/api/v1/documents", files={"file": ("logistics.txt", text.encode(), "text/plain")}, headers=auth, timeout=60)
        accepted_in = time.perf_counter() - started
        assert reply.status_code == 202, reply.text
        job = reply.json()
        deadline = time.monotonic() + 300
        while (state := httpx.get(f"{url}/api/v1/jobs/{job['id']}", headers=auth, timeout=30).json())["status"] not in ("done", "failed"):
            assert time.monotonic() < deadline, state
            time.sleep(0.2)
    finally:
        stop.set()
        prober.join(30)
    assert state["status"] == "done" and state["result"]["added"] == ["logistics.txt"], state
    assert accepted_in < 2 and len(latencies) >= 5
    assert max(latencies) < 1.0, f"/healthz took {max(latencies):.2f}s during the upload"
    assert _search(url, "示例市物流园区 多式联运")[0]["doc"] == "logistics.txt"
    assert "logistics.txt" in {d["source"] for d in httpx.get(f"{url}/api/v1/documents", timeout=30).json()["documents"]}
