"""In ``serve --workers N``: every worker but the first forwards the Gradio chat's traffic to the first.

Gradio keeps a session's queue, event stream and uploaded files in the process
that served the page (gradio-app/gradio#10487), and a browser's requests for one
session land on whichever worker accepts each connection. Routing all chat traffic
to one worker is the simplest design that is always correct: the chat worker
listens on a unix socket besides the shared port, and the others relay every
request that is not theirs to it, streaming the response (server-sent events
included) back as it comes. The REST API, /healthz, /widget.js, /embed and the
OpenAPI docs stay with whichever worker accepted the connection.

The cost: the chat's answering runs on one core (the REST API scales with the
workers), and a forwarded request pays one loopback hop (well under a millisecond
next to an answer's tens of milliseconds).
"""

from __future__ import annotations

import asyncio
import os

import httpx

LOCAL_PATHS = ("/healthz", "/widget.js", "/embed", "/docs", "/docs/oauth2-redirect", "/openapi.json", "/redoc")
LOCAL_PREFIXES = ("/api/v1/",)
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer", "trailers",
              "transfer-encoding", "upgrade", "content-length"}


class ChatForwarder:
    """ASGI wrapper: the REST side is served here, everything else is relayed to the chat worker's socket."""

    def __init__(self, app, chat_socket: str, root_path: str = "") -> None:
        self.app = app
        self.prefix = "/" + root_path.strip("/") if root_path.strip("/") else ""
        self.via = str(os.getpid()).encode()
        self._socket = chat_socket
        self._client: httpx.AsyncClient | None = None

    def is_local(self, path: str) -> bool:
        """Paths this worker answers itself, with or without the ``--root-path`` prefix."""
        if self.prefix and (path == self.prefix or path.startswith(self.prefix + "/")):
            path = path[len(self.prefix):] or "/"
        return path in LOCAL_PATHS or path.startswith(LOCAL_PREFIXES)

    async def __call__(self, scope, receive, send):
        if scope["type"] == "lifespan" or (scope["type"] in ("http", "websocket") and self.is_local(scope["path"])):
            await self.app(scope, receive, send)
        elif scope["type"] == "http":
            await self._forward(scope, receive, send)
        else:  # the chat uses server-sent events, not websockets
            await send({"type": "websocket.close", "code": 1003})

    def _http(self) -> httpx.AsyncClient:
        """One client per worker, created on its event loop; streams (SSE) are long, so no read timeout."""
        if self._client is None:
            transport = httpx.AsyncHTTPTransport(uds=self._socket)
            self._client = httpx.AsyncClient(transport=transport, timeout=httpx.Timeout(None, connect=10.0),
                                             limits=httpx.Limits(max_connections=None, max_keepalive_connections=32))
        return self._client

    async def _forward(self, scope, receive, send) -> None:
        body = await _read_body(receive)
        if body is None:
            return
        headers = [(k, v) for k, v in scope["headers"] if k.decode("latin-1").lower() not in HOP_BY_HOP]
        headers.append((b"x-forwarded-for", (scope.get("client") or ("", 0))[0].encode()))
        target = scope.get("raw_path") or scope["path"].encode()
        url = "http://policyqa-chat" + target.decode("latin-1") + ("?" + scope["query_string"].decode("latin-1") if scope.get("query_string") else "")
        relay = asyncio.ensure_future(self._relay(scope["method"], url, headers, body, send))
        gone = asyncio.ensure_future(_disconnected(receive))
        await asyncio.wait({relay, gone}, return_when=asyncio.FIRST_COMPLETED)
        for task in (relay, gone):
            if not task.done():
                task.cancel()
        if relay.done() and not relay.cancelled() and relay.exception() is not None:
            raise relay.exception()

    async def _relay(self, method: str, url: str, headers: list, body: bytes, send) -> None:
        """Send the request to the chat worker and stream its answer back unchanged, chunk by chunk."""
        try:
            request = self._http().build_request(method, url, headers=headers, content=body)
            response = await self._http().send(request, stream=True)
        except httpx.HTTPError:
            await _unavailable(send)
            return
        try:
            out = [(k, v) for k, v in response.headers.raw if k.decode("latin-1").lower() not in HOP_BY_HOP - {"content-length"}]
            out.append((b"x-policyqa-forwarded-by", self.via))
            await send({"type": "http.response.start", "status": response.status_code, "headers": out})
            async for chunk in response.aiter_raw():
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            await response.aclose()


async def _read_body(receive) -> bytes | None:
    """The whole request body (chat requests are small JSON; uploads are bounded by the chat worker); None if the client left."""
    parts = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        parts.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(parts)


async def _disconnected(receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


async def _unavailable(send) -> None:
    """The chat worker cannot be reached (its socket is gone): a plain 503 in both languages."""
    body = '{"error": {"field": "server", "message_zh": "聊天服务正在重启，请稍后刷新页面", "message_en": "the chat worker is restarting; retry shortly"}}'.encode()
    await send({"type": "http.response.start", "status": 503,
                "headers": [(b"content-type", b"application/json; charset=utf-8"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
