"""Writes in one place: every replica of one Chroma server shares one write lease (issue 12, item 4)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import chromadb
import httpx
import pytest

from assistant.services import Services
from assistant.settings import Settings
from tests.live_server import ADMIN_TOKEN, LiveServer
from vectorstore.server_lock import ServerLock
from vectorstore.store_lock import StoreBusy

ROOT = Path(__file__).resolve().parents[2]
DOC = "示例县开发区条例\n一、总则\n示例县开发区实行“一园一策”，年度专项资金5000万元用于基础设施。\n"
_HOLDER = """
import sys, time
from vectorstore.policy_store import PolicyStore
from vectorstore.server_lock import ServerLock
store = PolicyStore(sys.argv[1], sys.argv[2])
with ServerLock(store.chroma._client, sys.argv[2], owner="replica-a pid " + str(__import__("os").getpid()), lease_s=3):
    print("held", flush=True)
    time.sleep(600)
"""


def _client(url: str):
    host, port = url.removeprefix("http://").split(":")
    return chromadb.HttpClient(host=host, port=int(port))


@pytest.fixture()
def holder(tmp_path, chroma_server):
    """Another replica's process holding the lease (3 s, renewed) until it is killed with -9."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", _HOLDER, str(tmp_path / "store-a"), chroma_server], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    yield proc
    proc.kill()
    proc.wait()


def test_lease_outlives_its_length_while_renewed_and_frees_on_exit(chroma_server):
    with ServerLock(_client(chroma_server), chroma_server, owner="first", lease_s=1.5):
        time.sleep(2.5)  # longer than the lease: the renewer keeps it
        with pytest.raises(StoreBusy, match="first"):
            ServerLock(_client(chroma_server), chroma_server, owner="second").__enter__()
    with ServerLock(_client(chroma_server), chroma_server, owner="second") as lock:
        assert lock.holder()["owner"] == "second"


def test_second_writer_through_another_replica_gets_409_naming_the_holder(tmp_path, chroma_server, holder):
    settings = Settings(store=tmp_path / "store-b", chroma_url=chroma_server, embedder="hash", admin_token=ADMIN_TOKEN)
    from assistant.web.server import create_app

    services = Services(settings)
    auth = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    with LiveServer(create_app(settings, services)) as server:
        refused = httpx.post(f"{server.url}/api/v1/documents", headers=auth, files={"file": ("rule.txt", DOC.encode())}, timeout=30)
        assert refused.status_code == 409
        error = refused.json()["error"]
        assert f"replica-a pid {holder.pid}" in error["message_en"] and f"replica-a pid {holder.pid}" in error["message_zh"]
        cli = _cli_ingest(tmp_path, chroma_server)
        assert cli.returncode == 2 and f"replica-a pid {holder.pid}" in cli.stderr
        holder.send_signal(signal.SIGKILL)  # a killed holder stops renewing; its lease runs out
        holder.wait()
        time.sleep(3.5)
        accepted = httpx.post(f"{server.url}/api/v1/documents", headers=auth, files={"file": ("rule.txt", DOC.encode())}, timeout=30)
        assert accepted.status_code == 202
        job = services.jobs.wait(accepted.json()["id"], timeout=60)
        assert job["status"] == "done", job


def _cli_ingest(tmp_path: Path, url: str) -> subprocess.CompletedProcess:
    folder = tmp_path / "docs"
    folder.mkdir(exist_ok=True)
    (folder / "rule.txt").write_text(DOC, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "POLICYQA_CHROMA_URL": url, "POLICYQA_EMBEDDER": "hash"}
    return subprocess.run([sys.executable, "-m", "assistant.cli", "ingest", str(folder), "--store", str(tmp_path / "store-c"), "--json"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)


def _stall(lock: ServerLock) -> None:
    """The holder stops renewing as a process paused past its lease would (GC, swap, a stopped VM)."""
    lock._stop.set()
    lock._renewer.join()


def test_a_stalled_holder_taken_over_neither_renews_the_new_lease_nor_publishes(tmp_path, chroma_server):
    from vectorstore.policy_store import PolicyStore
    from vectorstore.server_lock import LeaseLost

    store = PolicyStore(tmp_path / "store-a", chroma_server, write_lease=1.0)
    stalled = store.write_lock().__enter__()
    store.begin_write(stalled)
    _stall(stalled)
    time.sleep(1.3)
    with ServerLock(_client(chroma_server), chroma_server, owner="replica-b", lease_s=30) as taker:
        expires = taker.holder()["expires"]
        assert stalled.renew() is False  # it sees another token and leaves that lease alone
        assert taker.holder()["expires"] == expires and taker.holder()["owner"] == "replica-b"
        generation = store.published.latest().generation
        with pytest.raises(LeaseLost, match="replica-b") as refused:
            store.commit({"name": "hash", "dim": 256})
        assert refused.value.status == 409 and "replica-b" in refused.value.message_zh
        assert PolicyStore(tmp_path / "store-c", chroma_server).published.latest().generation == generation
        taker.check_held()
    store.end_write()
    stalled.__exit__(None, None, None)  # deletes nothing: the record is no longer its own
