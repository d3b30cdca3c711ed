"""REST API over real HTTP."""

import json
import time

import httpx
import pytest

from tests.live_server import ADMIN_TOKEN

QUESTION = "昌宁产业园区聚焦哪两大主导产业？"


def _post(live, path, **kw):
    return httpx.post(f"{live.url}/api/v1{path}", timeout=60, **kw)


def test_ask_returns_the_cli_json_shape(live):
    reply = _post(live, "/ask", json={"question": QUESTION, "k": 3})
    assert reply.status_code == 200
    body = reply.json()
    assert body["answerable"] and "绿色硅加工" in body["answer"]
    assert body["citations"][0]["doc"] == "002_46a199d81ef02df5.txt"
    assert {"n", "doc", "title", "issuer", "date", "text", "score"} <= set(body["citations"][0])


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({"question": ""}, 400, "question"),
        ({"question": "问" * 10000}, 400, "question"),
        ({"question": QUESTION, "k": "many"}, 422, "k"),
        ({"question": QUESTION, "filters": {"province": "云南"}}, 400, "filters"),
        ({"question": 12}, 422, "question"),
        ({}, 422, "question"),
    ],
)
def test_bad_requests_name_the_field(live, payload, status, field):
    reply = _post(live, "/ask", json=payload)
    assert reply.status_code == status
    error = reply.json()["error"]
    assert error["field"] == field and error["message_zh"] and error["message_en"]


def test_malformed_json_is_a_400(live):
    reply = _post(live, "/ask", content=b'{"question": ', headers={"Content-Type": "application/json"})
    assert reply.status_code == 400 and reply.json()["error"]["field"] == "body"


def test_oversized_body_is_a_413(live):
    reply = _post(live, "/ask", content=b'{"question": "' + b"a" * (2 * 2**20) + b'"}', headers={"Content-Type": "application/json"})
    assert reply.status_code == 413


def test_stream_sends_server_sent_events_ending_in_the_answer(live):
    with httpx.stream("POST", f"{live.url}/api/v1/ask/stream", json={"question": QUESTION}, timeout=60) as reply:
        assert reply.headers["content-type"].startswith("text/event-stream")
        lines = list(reply.iter_lines())
    events = [line for line in lines if line.startswith("event:")]
    assert events[-1] == "event: answer"
    final = json.loads([line for line in lines if line.startswith("data:")][-1][5:])
    assert final["answerable"] and final["citations"]


def test_search_and_documents(live):
    found = _post(live, "/search", json={"query": "多晶硅产能", "k": 2}).json()
    assert len(found["results"]) == 2 and found["results"][0]["doc"].endswith(".txt")
    docs = httpx.get(f"{live.url}/api/v1/documents", timeout=30).json()
    assert docs["count"] == 5 and all(d["chunks"] > 0 for d in docs["documents"])


def test_writes_need_the_token(live):
    files = {"file": ("new.txt", "示例文件\n内容。".encode(), "text/plain")}
    assert _post(live, "/documents", files=files).status_code == 403 or _post(live, "/documents", files=files).status_code == 401
    wrong = _post(live, "/documents", files=files, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    assert httpx.delete(f"{live.url}/api/v1/documents/whatever", timeout=30).status_code == 401


@pytest.mark.parametrize(
    ("name", "data", "status"),
    [("../../etc/evil.txt", b"x", 400), ("script.exe", b"MZ", 415), ("big.txt", b"a" * (2 * 2**20), 413), (".hidden.txt", b"x", 400)],
)
def test_bad_uploads_are_refused(live, name, data, status):
    reply = _post(live, "/documents", files={"file": (name, data, "text/plain")}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    assert reply.status_code == status


def _finished(live, job: dict, auth: dict) -> dict:
    """Poll the job until it ends (the deadline only bounds a hang; the assertions are on its outcome)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        state = httpx.get(f"{live.url}/api/v1/jobs/{job['id']}", headers=auth, timeout=30).json()
        if state["status"] in ("done", "failed"):
            return state
        time.sleep(0.2)
    raise AssertionError(f"job {job['id']} still {state['status']}")


def test_upload_then_delete(live):
    auth = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    text = "示例园区管理办法\n一、总则\n示例园区鼓励企业入驻，年度奖补资金3000万元。\n"
    accepted = _post(live, "/documents", files={"file": ("sample-upload.txt", text.encode(), "text/plain")}, headers=auth)
    assert accepted.status_code == 202 and accepted.headers["location"].endswith(f"/api/v1/jobs/{accepted.json()['id']}")
    added = _finished(live, accepted.json(), auth)
    assert added["status"] == "done" and added["result"]["added"] == ["sample-upload.txt"]
    answer = _post(live, "/ask", json={"question": "示例园区年度奖补资金是多少？"}).json()
    assert "3000万元" in answer["answer"]
    gone = httpx.delete(f"{live.url}/api/v1/documents/sample-upload.txt", headers=auth, timeout=60)
    assert gone.status_code == 200
    docs = httpx.get(f"{live.url}/api/v1/documents", timeout=30).json()
    assert "sample-upload.txt" not in {d["source"] for d in docs["documents"]}


def test_health_docs_and_widget(live):
    assert httpx.get(f"{live.url}/healthz").json() == {"status": "ok"}
    assert httpx.get(f"{live.url}/docs").status_code == 200
    widget = httpx.get(f"{live.url}/widget.js")
    assert widget.status_code == 200 and "policyqa-widget-button" in widget.text
    spec = httpx.get(f"{live.url}/openapi.json").json()
    assert "/api/v1/ask" in spec["paths"]


def test_admin_token_never_reaches_the_logs(live, caplog):
    with caplog.at_level("DEBUG"):
        _post(live, "/documents", files={"file": ("x.exe", b"MZ", "application/octet-stream")}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
        _post(live, "/ask", json={"question": QUESTION}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    assert caplog.records and ADMIN_TOKEN not in caplog.text


def test_a_file_that_cannot_be_taken_fails_its_job_with_the_reason(live):
    auth = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    accepted = _post(live, "/documents", files={"file": ("blank.txt", b"   \n", "text/plain")}, headers=auth)
    state = _finished(live, accepted.json(), auth)
    assert state["status"] == "failed" and state["error"]["field"] == "file" and state["error"]["message_zh"].startswith("文件无法入库")


def test_unknown_job_is_a_404_and_jobs_need_the_token(live):
    assert httpx.get(f"{live.url}/api/v1/jobs/nope", timeout=30).status_code == 401
    reply = httpx.get(f"{live.url}/api/v1/jobs/nope", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}, timeout=30)
    assert reply.status_code == 404 and reply.json()["error"]["field"] == "job_id"


@pytest.mark.parametrize(
    ("filters", "field"),
    [({"date_from": "2015/13/01"}, "date_from"), ({"date_to": "去年"}, "date_to"), ({"year": "15"}, "year"),
     ({"date_from": "2020", "date_to": "2019"}, "date_to")],
)
def test_bad_dates_are_a_400_naming_the_field(live, filters, field):
    for path, body in (("/ask", {"question": QUESTION}), ("/search", {"query": "多晶硅产能"})):
        reply = _post(live, path, json={**body, "filters": filters})
        assert reply.status_code == 400
        error = reply.json()["error"]
        assert error["field"] == field and "日期" in error["message_zh"] and error["message_en"]


def test_feedback_is_appended_to_the_store_log(live, web_settings):
    from assistant.feedback_log import FeedbackLog

    before = len(FeedbackLog(web_settings.store).entries())
    body = {"rating": "down", "question": QUESTION, "answer": "答案", "citations": [{"n": 1, "doc": "002_46a199d81ef02df5.txt"}], "user": "zhangsan"}
    assert _post(live, "/feedback", json=body).status_code == 201
    assert _post(live, "/feedback", json={**body, "rating": "meh"}).json()["error"]["field"] == "rating"
    entries = FeedbackLog(web_settings.store).entries()
    assert len(entries) == before + 1
    assert {k: entries[-1][k] for k in body} == body
