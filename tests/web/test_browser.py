"""The chat and the widget in real headless Chromium (Debian's), with no request leaving loopback."""

from __future__ import annotations

import json
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.live_server import free_port

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed (make browser-deps)"),
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
        yield instance
        instance.close()


def _page(browser, requests: list[str]):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.on("request", lambda r: requests.append(r.url))
    return page


def _open_chat(page, url: str) -> None:
    """The chat keeps its event stream open (filter choices refresh on load), so the network never
    goes idle: wait for the page, then for the question box."""
    page.goto(url + "/", wait_until="load")
    page.locator("#pq-input textarea").wait_for(timeout=30000)


def _outside(requests: list[str]) -> list[str]:
    return [u for u in requests if urlparse(u).scheme in ("http", "https", "ws", "wss") and urlparse(u).hostname not in LOOPBACK]


def test_chat_shows_a_cited_answer_with_sources(browser, live):
    requests: list[str] = []
    page = _page(browser, requests)
    _open_chat(page, live.url)
    page.locator("#pq-input textarea").fill("昌宁产业园区聚焦哪两大主导产业？")
    page.locator("#pq-send").click()
    page.locator("#pq-sources details").first.wait_for(timeout=60000)
    page.wait_for_timeout(500)
    chat = page.locator("#pq-chat").inner_text()
    sources = page.locator("#pq-sources").inner_text()
    page.screenshot(path=str(ARTIFACTS / "chat.png"), full_page=True)
    assert "绿色硅加工" in chat and "[1]" in chat
    assert "[1]" in sources and "昌宁产业园区" in sources
    assert page.locator("#pq-sources mark").count() >= 1
    assert _outside(requests) == []


def test_chat_shows_chinese_error_for_bad_input_and_stays_usable(browser, live):
    page = _page(browser, [])
    _open_chat(page, live.url)
    page.locator("#pq-input textarea").fill("   ")
    page.locator("#pq-send").click()
    page.get_by_text("问题不能为空").wait_for(timeout=30000)
    page.locator("#pq-input textarea").fill("昌宁产业园区聚焦哪两大主导产业？")
    page.locator("#pq-send").click()
    page.locator("#pq-sources details").first.wait_for(timeout=60000)


@pytest.fixture(scope="module")
def host_page(tmp_path_factory, live_subpath):
    """An intranet page on another origin (another port) embedding the widget with one script line."""
    root = tmp_path_factory.mktemp("intranet")
    example = Path(__file__).resolve().parents[2] / "examples" / "intranet.html"
    html = example.read_text(encoding="utf-8").replace("http://127.0.0.1:7860", live_subpath.url)
    (root / "index.html").write_text(html, encoding="utf-8")
    port = free_port()
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(SimpleHTTPRequestHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{port}/index.html"
    server.shutdown()


def test_widget_on_another_origin_under_a_subpath_answers(browser, live_subpath, host_page, caplog):
    requests: list[str] = []
    page = _page(browser, requests)
    with caplog.at_level("INFO", logger="policyqa.api"):
        page.goto(host_page, wait_until="networkidle")
        button = page.locator("#policyqa-widget-button")
        assert int(button.evaluate("e => getComputedStyle(e).zIndex")) > 1000
        button.click()
        frame = page.frame_locator("#policyqa-widget-frame")
        frame.locator(".msg.bot .src").first.wait_for(timeout=60000)
        text = frame.locator("#log").inner_text()
        page.screenshot(path=str(ARTIFACTS / "widget.png"))
    assert "绿色硅加工" in text and "[1]" in text
    assert any("/policyqa/api/v1/ask" in u for u in requests)
    assert any("user=official-42" in r.getMessage() for r in caplog.records)
    assert _outside(requests) == []


def test_thumbs_up_in_the_chat_is_logged_with_the_question(browser, live, web_settings):
    page = _page(browser, [])
    _open_chat(page, live.url)
    question = "昌宁产业园区的主导产业有哪些？"
    page.locator("#pq-input textarea").fill(question)
    page.locator("#pq-send").click()
    page.locator("#pq-sources details").first.wait_for(timeout=60000)
    log = Path(web_settings.store) / "feedback.jsonl"
    before = log.read_text(encoding="utf-8").count("\n") if log.exists() else 0
    like = page.locator("#pq-chat button[aria-label='赞'], #pq-chat button[aria-label='Like']").last  # label follows the locale
    like.wait_for(state="attached", timeout=30000)
    like.click(force=True)  # shown on hover
    for _ in range(100):
        if log.exists() and log.read_text(encoding="utf-8").count("\n") > before:
            break
        page.wait_for_timeout(100)
    entry = json.loads(log.read_text(encoding="utf-8").splitlines()[-1])
    assert entry["rating"] == "up" and entry["question"] == question and entry["citations"]


def test_a_follow_up_in_the_chat_uses_the_earlier_question(browser, live):
    page = _page(browser, [])
    _open_chat(page, live.url)
    page.locator("#pq-input textarea").fill("昌宁产业园区聚焦哪两大主导产业？")
    page.locator("#pq-send").click()
    page.locator("#pq-sources details").first.wait_for(timeout=60000)
    page.locator("#pq-input textarea").fill("那它到2025年的多晶硅产能要达到多少？")
    page.locator("#pq-send").click()
    page.get_by_text("万吨").first.wait_for(timeout=60000)
    assert "002_46a199d81ef02df5.txt" in page.locator("#pq-sources").inner_text()
