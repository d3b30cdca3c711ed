"""A loopback server that speaks the OpenAI chat-completions wire protocol, streaming included.

The model name picks its behaviour: ``good`` answers citing [1] and a bogus
[9]; ``slow`` sleeps past the client's timeout; ``garbage`` sends invalid
JSON; ``refuse`` says nothing was found; ``uncited`` gives the right figure with
no marker; ``invented`` cites [1] for a figure no passage states.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GOOD_ANSWER = "园区多晶硅产能目标为25万吨[1]，另见[9]。"
REPLIES = {
    "refuse": "政策库中未找到相关内容。",
    "uncited": "昌宁产业园区到2025年多晶硅产能达到25万吨。",
    "invented": "昌宁产业园区到2025年多晶硅产能达到987万吨[1]。",
}


def _completion(model: str, text: str) -> dict:
    return {
        "id": "chatcmpl-test", "object": "chat.completion", "created": int(time.time()), "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _chunk(model: str, text: str | None, finish: str | None = None) -> str:
    delta = {"content": text} if text is not None else {}
    body = {"id": "chatcmpl-test", "object": "chat.completion.chunk", "created": int(time.time()), "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
    return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"


class _Handler(BaseHTTPRequestHandler):
    requests: list[dict] = []

    def log_message(self, *args):  # keep test output quiet
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        type(self).requests.append(body)
        model = body.get("model", "good")
        if model == "slow":
            time.sleep(3)
        if model == "garbage":
            return self._send(200, b"{not json", "application/json")
        text = REPLIES.get(model, GOOD_ANSWER)
        if body.get("stream"):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            for i in range(0, len(text), 4):
                self.wfile.write(_chunk(model, text[i : i + 4]).encode())
                self.wfile.flush()
            self.wfile.write(_chunk(model, None, "stop").encode() + b"data: [DONE]\n\n")
            return None
        return self._send(200, json.dumps(_completion(model, text), ensure_ascii=False).encode(), "application/json")

    def _send(self, status: int, payload: bytes, kind: str):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


class FakeOpenAI:
    def __enter__(self) -> "FakeOpenAI":
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.handle_error = lambda *args: None  # a client that timed out and hung up is expected here
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.requests = _Handler.requests
        self.requests.clear()
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
