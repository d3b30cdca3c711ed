"""A document carrying script, event handlers, javascript: links and markdown is shown as inert text."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.live_server import ADMIN_TOKEN
from tests.web.test_api import _finished
from tests.web.test_browser import CHROMIUM, _open_chat, _outside, _page, browser  # noqa: F401 - fixture reuse

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed")]

HOSTILE = (
    "恶意示例园区公告\n一、说明\n恶意示例园区年度奖补资金8000万元。"
    '<script>window.__pwned=1;fetch("http://203.0.113.9/x")</script>'
    '<img src=x onerror="window.__pwned=2">'
    "[点此领取](javascript:window.__pwned=3) **粗体** <a href=\"javascript:window.__pwned=4\">链接</a>\n"
)
QUESTION = "恶意示例园区年度奖补资金是多少？"


@pytest.fixture()
def hostile_doc(live):
    auth = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    reply = httpx.post(f"{live.url}/api/v1/documents", files={"file": ("hostile.txt", HOSTILE.encode(), "text/plain")}, headers=auth, timeout=120)
    assert reply.status_code == 202, reply.text
    assert _finished(live, reply.json(), auth)["status"] == "done"
    yield
    httpx.delete(f"{live.url}/api/v1/documents/hostile.txt", headers=auth, timeout=120)


def _assert_inert(page, requests):
    assert page.evaluate("() => window.__pwned === undefined")
    assert _outside(requests) == []


def test_chat_shows_hostile_text_inert(browser, live, hostile_doc):
    requests: list[str] = []
    page = _page(browser, requests)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    _open_chat(page, live.url)
    page.locator("#pq-input textarea").fill(QUESTION)
    page.locator("#pq-send").click()
    page.locator("#pq-sources details").first.wait_for(timeout=60000)
    page.wait_for_timeout(800)
    sources = page.locator("#pq-sources")
    assert "<script>" in sources.inner_text() and "onerror" in sources.inner_text()
    assert sources.locator("script, img, a[href^='javascript']").count() == 0
    for link in page.locator("a").all():
        assert not (link.get_attribute("href") or "").startswith("javascript:")
    _assert_inert(page, requests)
    assert dialogs == []


def test_widget_shows_hostile_text_inert(browser, live, hostile_doc):
    requests: list[str] = []
    page = _page(browser, requests)
    page.goto(f"{live.url}/embed?q={QUESTION}", wait_until="networkidle")
    page.locator(".msg.bot .src").first.wait_for(timeout=60000)
    page.locator(".src details").first.click()
    text = page.locator("#log").inner_text()
    assert "8000万元" in text and "<script>" in text
    assert page.locator("#log script, #log img, #log a").count() == 0
    _assert_inert(page, requests)
