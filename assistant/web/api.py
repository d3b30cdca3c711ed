"""REST API for scripts: ask, stream, search, and the knowledge base (writes need the admin token)."""

from __future__ import annotations

import hmac
import json
import logging
from pathlib import Path
from typing import Any

from fastapi import APIRouter, File, Header, Request, UploadFile
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, Field

from assistant.answer import Answer
from assistant.feedback_log import FeedbackLog
from assistant.retrieval import Filters
from assistant.web.errors import error_response
from ingest.loaders import SUPPORTED_SUFFIXES
from textkit.policyqa_error import PolicyQAError

log = logging.getLogger("policyqa.api")


class Turn(BaseModel):
    role: str = Field(pattern="^(user|assistant|system)$")
    content: str = Field(max_length=20000)


class AskRequest(BaseModel):
    question: str
    history: list[Turn] = Field(default_factory=list, max_length=50)
    filters: dict[str, Any] = Field(default_factory=dict)
    k: int | None = Field(default=None, ge=1, le=50)
    include_retrieved: bool = False


class FeedbackRequest(BaseModel):
    rating: str = Field(pattern="^(up|down)$")
    question: str = Field(min_length=1, max_length=20000)
    answer: str = Field(default="", max_length=50000)
    citations: list[dict[str, Any]] = Field(default_factory=list, max_length=50)
    user: str = Field(default="", max_length=64)
    comment: str = Field(default="", max_length=2000)


class SearchRequest(BaseModel):
    query: str
    k: int = Field(default=5, ge=1, le=50)
    filters: dict[str, Any] = Field(default_factory=dict)


def _question_error(exc: ValueError) -> JSONResponse:
    """Typed errors carry their field and both messages; any other ValueError is a plain 400."""
    if isinstance(exc, PolicyQAError):
        return error_response(exc.status, exc.field, exc.message_zh, exc.message_en)
    return error_response(400, "request", "请求无法处理，请修改后重试", str(exc))


def _ingest_result(report) -> dict:
    """A job's outcome; a file that could not be taken fails the job with its reason (422)."""
    if report.skipped and not (report.added or report.updated or report.unchanged):
        reason = report.skipped[0]["reason"]
        raise PolicyQAError("file", "文件无法入库：" + reason, reason, status=422)
    return {"added": report.added, "updated": report.updated, "unchanged": report.unchanged, "chunks": report.chunks}


def _answer_payload(answer: Answer, include_retrieved: bool) -> dict:
    payload = answer.to_dict()
    if include_retrieved:
        payload["retrieved"] = [{"doc": p.doc, "title": p.meta.get("title", ""), "text": p.text, "score": p.score} for p in answer.retrieved]
    return payload


def build_router(services, settings) -> APIRouter:
    router = APIRouter(prefix="/api/v1")

    def require_admin(authorization: str | None) -> JSONResponse | None:
        token = settings.admin_token
        if not token:
            return error_response(403, "authorization", "未配置管理令牌，写操作已禁用", "admin token not configured; set POLICYQA_ADMIN_TOKEN")
        given = (authorization or "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), token.encode()):
            return error_response(401, "authorization", "管理令牌缺失或错误", "missing or wrong admin token")
        return None

    @router.post("/ask")
    def ask(body: AskRequest, x_policyqa_user: str | None = Header(default=None)):
        try:
            answer = services.pipeline.ask(body.question, [t.model_dump() for t in body.history], body.k, Filters.parse(body.filters))
        except ValueError as exc:
            return _question_error(exc)
        log.info("ask user=%s answerable=%s latency_ms=%.0f", (x_policyqa_user or "-")[:64], answer.answerable, answer.latency_ms)
        return _answer_payload(answer, body.include_retrieved)

    @router.post("/ask/stream")
    def ask_stream(body: AskRequest, x_policyqa_user: str | None = Header(default=None)):
        try:
            filters = Filters.parse(body.filters)
            events = services.pipeline.stream(body.question, [t.model_dump() for t in body.history], body.k, filters)
            first = next(events)
        except ValueError as exc:
            return _question_error(exc)

        def sse():
            for item in _chain(first, events):
                if isinstance(item, Answer):
                    log.info("ask/stream user=%s answerable=%s", (x_policyqa_user or "-")[:64], item.answerable)
                    yield f"event: answer\ndata: {json.dumps(item.to_dict(), ensure_ascii=False)}\n\n"
                else:
                    yield f"event: token\ndata: {json.dumps({'text': item}, ensure_ascii=False)}\n\n"

        return StreamingResponse(sse(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})

    @router.post("/search")
    def search(body: SearchRequest):
        from assistant.pipeline import validate

        try:
            query = validate(body.query, settings.max_question_chars)
            passages = services.retriever.retrieve(query, k=body.k, filters=Filters.parse(body.filters))
        except ValueError as exc:
            return _question_error(exc)
        return {"query": body.query, "results": [{"rank": i + 1, "doc": p.doc, "title": p.meta.get("title", ""), "heading": p.meta.get("heading", ""), "date": p.meta.get("date", ""), "score": p.score, "text": p.text} for i, p in enumerate(passages)]}

    @router.post("/feedback", status_code=201)
    def feedback(body: FeedbackRequest, x_policyqa_user: str | None = Header(default=None)):
        """An official's 👍/👎 on an answer, appended to feedback.jsonl in the store."""
        entry = FeedbackLog.for_settings(settings).append(body.rating, body.question, body.answer, body.citations,
                                                   body.user or x_policyqa_user or "", body.comment)
        log.info("feedback user=%s rating=%s", entry["user"] or "-", entry["rating"])
        return {"recorded": True, "time": entry["time"]}

    @router.get("/documents")
    def documents():
        docs = services.store.documents()
        return {"count": len(docs), "documents": docs}

    @router.post("/documents", status_code=202)
    def upload(request: Request, file: UploadFile = File(...), authorization: str | None = Header(default=None)):
        """Checks the file, then ingests it as a job: 202 with the job at once; poll GET /api/v1/jobs/{id}."""
        denied = require_admin(authorization)
        if denied:
            return denied
        name = Path(file.filename or "").name
        if not name or name != file.filename or name.startswith(".") or ".." in name:
            return error_response(400, "file", "文件名无效", "invalid file name (no paths, no hidden files)")
        if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
            return error_response(415, "file", "不支持的文件类型", f"unsupported file type; supported: {', '.join(SUPPORTED_SUFFIXES)}")
        limit = settings.max_upload_mb * 2**20
        data = file.file.read(limit + 1)
        if len(data) > limit:
            return error_response(413, "file", f"文件超过 {settings.max_upload_mb} MB 上限", f"file over the {settings.max_upload_mb} MB limit")
        try:
            indexer = services.indexer(progress=False)
            indexer.check_free()
        except PolicyQAError as exc:
            return _question_error(exc)
        uploads = settings.store / "uploads"
        job = services.jobs.submit("upload", name, lambda progress: _ingest_result(indexer.ingest_bytes(name, data, uploads, progress)))
        url = str(request.url_for("job", job_id=job["id"]))
        return JSONResponse({**job, "url": url}, status_code=202, headers={"Location": url})

    @router.get("/jobs/{job_id}", name="job")
    def job(job_id: str, authorization: str | None = Header(default=None)):
        """An ingest job: status queued | running | done | failed, progress, and its result or error."""
        denied = require_admin(authorization)
        if denied:
            return denied
        state = services.jobs.get(job_id)
        if state is None:
            return error_response(404, "job_id", "任务不存在", f"no job '{job_id}'")
        return state

    @router.delete("/documents/{doc_id}")
    def delete(doc_id: str, authorization: str | None = Header(default=None)):
        denied = require_admin(authorization)
        if denied:
            return denied
        known = {d["doc_id"]: d for d in services.store.documents()}
        match = known.get(doc_id) or next((d for d in known.values() if d["source"] == doc_id), None)
        if not match:
            return error_response(404, "doc_id", "文档不存在", f"no document '{doc_id}'")
        try:
            services.indexer(progress=False).remove(match["doc_id"])
            _drop_upload(Path(match["path"]), settings.store / "uploads")
        except PolicyQAError as exc:
            return _question_error(exc)
        return {"deleted": match["source"], "doc_id": match["doc_id"]}

    return router


def _drop_upload(path: Path, uploads: Path) -> None:
    """An uploaded file goes with its document, so a re-index does not bring it back."""
    if path.resolve().parent == uploads.resolve() and path.exists():
        path.unlink()


def _chain(first, rest):
    yield first
    yield from rest
