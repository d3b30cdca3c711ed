"""One FastAPI app: Gradio chat at /, REST under /api/v1, /docs, /healthz, /widget.js and /embed."""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

from assistant.settings import Settings, force_offline

force_offline()

from fastapi import FastAPI, Request  # noqa: E402
from fastapi.exceptions import RequestValidationError  # noqa: E402
from fastapi.responses import FileResponse, HTMLResponse  # noqa: E402

from assistant.services import Services  # noqa: E402
from assistant.web.errors import error_response, policyqa_error_handler, validation_handler  # noqa: E402
from textkit.policyqa_error import PolicyQAError  # noqa: E402

STATIC = Path(__file__).parent / "static"
JSON_BODY_LIMIT = 1 * 2**20
log = logging.getLogger("policyqa.server")


def _limit_bodies(app: FastAPI, settings: Settings) -> None:
    """Refuse oversized bodies before reading them; every answer names the process that gave it
    (``X-PolicyQA-Worker: pid``), so operators and tests can tell ``serve --workers N`` workers apart."""
    worker = str(os.getpid())

    @app.middleware("http")
    async def body_limit(request: Request, call_next):
        size = request.headers.get("content-length")
        limit = settings.max_upload_mb * 2**20 + 65536 if request.url.path.endswith("/documents") else JSON_BODY_LIMIT
        if size and size.isdigit() and int(size) > limit:
            response = error_response(413, "body", "请求体过大", f"request body over {limit // 1024} KiB")
        else:
            response = await call_next(request)
        response.headers["X-PolicyQA-Worker"] = worker
        return response


def _static_routes(app: FastAPI) -> None:
    @app.get("/healthz", include_in_schema=False)
    def healthz():
        return {"status": "ok"}

    @app.get("/widget.js", include_in_schema=False)
    def widget():
        return FileResponse(STATIC / "widget.js", media_type="application/javascript; charset=utf-8", headers={"Cache-Control": "max-age=300"})

    @app.get("/embed", include_in_schema=False)
    def embed():
        return HTMLResponse((STATIC / "embed.html").read_text(encoding="utf-8"), headers={"Content-Security-Policy": "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:"})


def create_app(settings: Settings, services: Services | None = None, root_path: str = "", chat: bool = True) -> FastAPI:
    """The whole app; ``chat=False`` leaves the Gradio chat out (workers that forward it to the chat worker)."""
    from assistant.web.api import build_router

    services = services or Services(settings)
    app = FastAPI(title="PolicyQA API", version="1", docs_url="/docs")
    app.add_exception_handler(RequestValidationError, validation_handler)
    app.add_exception_handler(PolicyQAError, policyqa_error_handler)
    _limit_bodies(app, settings)
    _static_routes(app)
    app.include_router(build_router(services, settings))
    if not chat:
        return SubPath(app, root_path) if root_path else app
    import gradio as gr

    from assistant.web.chat_ui import CSS, THEME, build_chat

    app = gr.mount_gradio_app(app, build_chat(services, settings), path="/", root_path=root_path or None, theme=THEME, css=CSS, footer_links=[])
    return SubPath(app, root_path) if root_path else app


class SubPath:
    """Serve under a sub-path both directly (/policyqa/…) and behind a proxy that strips it.

    Starlette routes ``/policyqa/x`` as ``/x`` once ``root_path`` is set, and
    leaves an already-stripped ``/x`` alone, so one setting covers both set-ups.
    """

    def __init__(self, app, prefix: str) -> None:
        self.app, self.prefix = app, "/" + prefix.strip("/")

    async def __call__(self, scope, receive, send):
        if scope["type"] in ("http", "websocket"):
            scope = dict(scope, root_path=self.prefix)
        await self.app(scope, receive, send)


def ensure_corpus(services: Services) -> None:
    """First start: an empty store gets the default corpus, so the chat answers at once."""
    if services.store.documents():
        return
    corpus = [p for p in services.settings.corpus if p.exists()]
    if not corpus:
        log.warning("store is empty and no default corpus found at %s", ", ".join(map(str, services.settings.corpus)))
        return
    log.info("empty store: ingesting %s", ", ".join(map(str, corpus)))
    report = services.indexer(progress=True).ingest(corpus)
    log.info("ingested %d documents (%d chunks) in %.1fs", len(report.added), report.chunks, report.seconds["total"])


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 7860, root_path: str = "", ingest_default: bool = True,
          workers: int = 1) -> int:
    """One process (``workers=1``), or a parent that supervises ``workers`` processes on one port."""
    if workers > 1:
        from assistant.web.worker_pool import WorkerPool

        return WorkerPool(settings, host, port, root_path, workers, ingest_default).run()
    import uvicorn

    started = time.perf_counter()
    services = Services(settings)
    if ingest_default:
        ensure_corpus(services)
    services.pipeline.ask("开发区")  # load models and indexes before the first official asks
    services.store.follow()  # replicas of one Chroma server swap in what another replica published
    app = create_app(settings, services, root_path)
    print(f"PolicyQA ready in {time.perf_counter() - started:.1f}s: http://{host}:{port}{root_path}/", file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="warning")
    return 0
