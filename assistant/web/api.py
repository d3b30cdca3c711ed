"""REST API for scripts: ask, stream, search, and the knowledge base (writes need the admin token)."""

from __future__ import annotations

import hmac
import re
import json
import logging
from pathlib import Path
from typing import Any

from fastapi import APIRouter, File, Header, Request, UploadFile
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, Field

from assistant.answer import Answer
from assistant.pipeline import QuestionError
from assistant.retrieval import Filters
from assistant.web.errors import error_response
from ingest.loaders import SUPPORTED_SUFFIXES
from vectorstore.store_lock import StoreBusy

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


class SearchRequest(BaseModel):
    query: str
    k: int = Field(default=5, ge=1, le=50)
    filters: dict[str, Any] = Field(default_factory=dict)


def _question_error(exc: ValueError) -> JSONResponse:
    """Pipeline errors read 「field: 中文 (English)」; filter errors are English-only."""
    text = str(exc)
    match = re.match(r"^(\w+): (.+?)\s*\(([^()]+)\)$", text)
    if match:
        return error_response(400, match.group(1), match.group(2), match.group(3))
    return error_response(400, "filters", "筛选条件无效", text)


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
        except (QuestionError, ValueError) as exc:
            return _question_error(exc)
        log.info("ask user=%s answerable=%s latency_ms=%.0f", (x_policyqa_user or "-")[:64], answer.answerable, answer.latency_ms)
        return _answer_payload(answer, body.include_retrieved)

    @router.post("/ask/stream")
    def ask_stream(body: AskRequest, x_policyqa_user: str | None = Header(default=None)):
        try:
            filters = Filters.parse(body.filters)
            events = services.pipeline.stream(body.question, [t.model_dump() for t in body.history], body.k, filters)
            first = next(events)
        except (QuestionError, ValueError) as exc:
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

    @router.get("/documents")
    def documents():
        docs = services.store.documents()
        return {"count": len(docs), "documents": docs}

    @router.post("/documents")
    async def upload(request: Request, file: UploadFile = File(...), authorization: str | None = Header(default=None)):
        denied = require_admin(authorization)
        if denied:
            return denied
        name = Path(file.filename or "").name
        if not name or name != file.filename or name.startswith(".") or ".." in name:
            return error_response(400, "file", "文件名无效", "invalid file name (no paths, no hidden files)")
        if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
            return error_response(415, "file", "不支持的文件类型", f"unsupported file type; supported: {', '.join(SUPPORTED_SUFFIXES)}")
        limit = settings.max_upload_mb * 2**20
        data = await file.read(limit + 1)
        if len(data) > limit:
            return error_response(413, "file", f"文件超过 {settings.max_upload_mb} MB 上限", f"file over the {settings.max_upload_mb} MB limit")
        try:
            report = services.indexer(progress=False).ingest_bytes(name, data, settings.store / "uploads")
        except StoreBusy as exc:
            return error_response(409, "file", "知识库正在更新，请稍后再试", str(exc))
        if report.skipped:
            return error_response(422, "file", "文件无法入库：" + report.skipped[0]["reason"], report.skipped[0]["reason"])
        return {"added": report.added, "updated": report.updated, "unchanged": report.unchanged, "chunks": report.chunks}

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
        except StoreBusy as exc:
            return error_response(409, "doc_id", "知识库正在更新，请稍后再试", str(exc))
        return {"deleted": match["source"], "doc_id": match["doc_id"]}

    return router


def _drop_upload(path: Path, uploads: Path) -> None:
    """An uploaded file goes with its document, so a re-index does not bring it back."""
    if path.resolve().parent == uploads.resolve() and path.exists():
        path.unlink()


def _chain(first, rest):
    yield first
    yield from rest
