"""4xx answers as JSON that name the field, in Chinese for officials and English for developers."""

from __future__ import annotations

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from textkit.policyqa_error import PolicyQAError


def error_body(field: str, zh: str, en: str) -> dict:
    return {"error": {"field": field, "message": f"{zh} ({en})", "message_zh": zh, "message_en": en}}


def error_response(status: int, field: str, zh: str, en: str) -> JSONResponse:
    return JSONResponse(error_body(field, zh, en), status_code=status)


async def validation_handler(request: Request, exc: RequestValidationError) -> JSONResponse:
    first = exc.errors()[0] if exc.errors() else {}
    location = [str(p) for p in first.get("loc", []) if p != "body"]
    field = ".".join(location) or "body"
    if first.get("type") == "json_invalid":
        return error_response(400, "body", "请求体不是合法的 JSON", "request body is not valid JSON")
    return error_response(422, field, f"字段 {field} 无效：{first.get('msg', '')}", f"invalid field '{field}': {first.get('msg', '')}")


async def policyqa_error_handler(request: Request, exc: PolicyQAError) -> JSONResponse:
    """Any typed error that reaches FastAPI answers with its own status, field and messages."""
    return error_response(exc.status, exc.field, exc.message_zh, exc.message_en)
