"""The Gradio chat in real headless Chromium against `policyqa serve --workers 2` (issue 12, item 3).

Gradio keeps a session's queue and state in one process; with two workers behind
one port a browser's connections land on both. Two sessions ask, one of them a
follow-up that needs its session's history, and every chat response must come
from the one chat worker, some of them relayed by the other worker.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.served_pool import ROOT, ServedPool
from tests.web.test_browser import ARTIFACTS, CHROMIUM, _open_chat, _outside, _page, browser  # noqa: F401 - browser is a fixture

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium not installed (make browser-deps)"),
]


@pytest.fixture(scope="module")
def pool(tmp_path_factory, corpus):
    store = tmp_path_factory.mktemp("browser-workers") / "store"
    env = {"POLICYQA_EMBEDDER": "hash"}
    ingest = subprocess.run([sys.executable, "-m", "assistant.cli", "ingest", str(corpus), "--store", str(store)],
                            cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT), **env), capture_output=True, text=True, timeout=300)
    assert ingest.returncode == 0, ingest.stderr[-2000:]
    with ServedPool(store, workers=2, env=env) as running:
        yield running


def _record(page, seen: list[tuple[str, str, str | None]]) -> None:
    page.on("response", lambda r: seen.append((r.url, r.headers.get("x-policyqa-worker", ""), r.headers.get("x-policyqa-forwarded-by"))))


def test_chat_answers_and_follows_up_with_two_workers(browser, pool):  # noqa: F811 - the imported fixture
    seen: list[tuple[str, str, str | None]] = []
    requests: list[str] = []
    for number in range(2):
        page = _page(browser, requests)
        _record(page, seen)
        _open_chat(page, pool.url)
        page.locator("#pq-input textarea").fill("昌宁产业园区聚焦哪两大主导产业？")
        page.locator("#pq-send").click()
        page.locator("#pq-sources details").first.wait_for(timeout=60000)
        page.wait_for_timeout(300)
        assert "绿色硅加工" in page.locator("#pq-chat").inner_text() and "[1]" in page.locator("#pq-chat").inner_text()
        page.locator("#pq-input textarea").fill("那它到2025年的多晶硅产能要达到多少？")
        page.locator("#pq-send").click()
        page.get_by_text("万吨").first.wait_for(timeout=60000)
        assert "002_46a199d81ef02df5.txt" in page.locator("#pq-sources").inner_text()
        page.screenshot(path=str(ARTIFACTS / f"chat-workers-{number}.png"), full_page=True)
        page.context.close()
    chat = [(url, worker, via) for url, worker, via in seen if url.startswith(pool.url) and "/gradio_api/" in url]
    assert chat and len({worker for _, worker, _ in chat}) == 1, {worker for _, worker, _ in chat}
    assert any(via for _, _, via in seen), "no chat request reached the other worker; the relay was not exercised"
    assert _outside(requests) == []
