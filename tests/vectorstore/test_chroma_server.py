"""Server mode: the real `chroma run` on loopback, ingest and ask through it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from assistant.services import Services
from assistant.settings import Settings
from tests.live_server import free_port

DOC = "示例县开发区条例\n一、总则\n示例县开发区实行“一园一策”，年度专项资金5000万元用于基础设施。\n"


def _chroma_binary() -> str:
    found = Path(sys.executable).with_name("chroma")
    return str(found) if found.exists() else (shutil.which("chroma") or "")


def _heartbeat(url: str) -> bool:
    try:
        return httpx.get(f"{url}/api/v2/heartbeat", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    binary = _chroma_binary()
    if not binary:
        pytest.skip("chroma CLI not installed")
    port = free_port()
    data = tmp_path_factory.mktemp("chroma-data")
    proc = subprocess.Popen([binary, "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline and not _heartbeat(url):
        time.sleep(0.3)
    if not _heartbeat(url):
        proc.kill()
        pytest.fail("chroma server did not start")
    yield url
    proc.terminate()
    proc.wait(timeout=20)


def test_ingest_and_ask_through_a_chroma_server(tmp_path, chroma_server):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "rule.txt").write_text(DOC, encoding="utf-8")
    settings = Settings(store=tmp_path / "store", chroma_url=chroma_server)
    report = Services(settings).indexer(progress=False).ingest([folder])
    assert report.added == ["rule.txt"]
    assert not (tmp_path / "store" / "chroma").exists()  # vectors live in the server, not on local disk
    answer = Services(settings).pipeline.ask("示例县开发区年度专项资金是多少？")
    assert answer.answerable and "5000万元" in answer.answer
    import chromadb

    host, port = chroma_server.rsplit(":", 1)
    remote = chromadb.HttpClient(host=host.removeprefix("http://"), port=int(port))
    assert remote.get_collection("policyqa").count() == len(Services(settings).store.snapshot().chunks) >= 1
