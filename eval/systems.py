"""The systems an evaluation can ask: our pipeline in process, a running server, the tutorial baseline.

Each returns the same plain response: answer, answerable, cited and retrieved
passages as (file name, text), and the latency it measured.
"""

from __future__ import annotations

import time

import httpx


def _pairs(items: list[dict]) -> list[tuple[str, str]]:
    return [(c.get("doc", ""), c.get("text", "")) for c in items]


class LocalSystem:
    def __init__(self, pipeline) -> None:
        self.pipeline = pipeline
        self.name = "policyqa"

    def ask(self, question: str, history: list[dict], k: int) -> dict:
        started = time.perf_counter()
        result = self.pipeline.ask(question, history=history, k=k)
        latency = (time.perf_counter() - started) * 1000
        payload = result.to_dict()
        return {
            "answer": payload["answer"],
            "answerable": payload["answerable"],
            "citations": _pairs(payload["citations"]),
            "retrieved": [(p.doc, p.text) for p in result.retrieved],
            "standalone_question": result.standalone_question,
            "latency_ms": latency,
            **{key: payload.get(key, "") for key in ("answerer", "notice", "reason", "confidence")},
        }


class HttpSystem:
    """A deployed instance, measured through ``POST /api/v1/ask``."""

    def __init__(self, url: str, timeout: float = 60.0) -> None:
        self.url = url.rstrip("/")
        self.name = f"policyqa@{self.url}"
        self._client = httpx.Client(timeout=timeout)
        try:
            self._client.get(f"{self.url}/healthz", timeout=5).raise_for_status()
        except httpx.HTTPError as exc:
            msg = f"cannot reach {self.url} ({type(exc).__name__}: {exc}); is `policyqa serve` running there?"
            raise RuntimeError(msg) from exc

    def ask(self, question: str, history: list[dict], k: int) -> dict:
        started = time.perf_counter()
        reply = self._client.post(f"{self.url}/api/v1/ask", json={"question": question, "history": history, "k": k, "include_retrieved": True})
        latency = (time.perf_counter() - started) * 1000
        reply.raise_for_status()
        payload = reply.json()
        return {
            "answer": payload["answer"],
            "answerable": payload["answerable"],
            "citations": _pairs(payload["citations"]),
            "retrieved": _pairs(payload.get("retrieved", payload["citations"])),
            "standalone_question": payload.get("standalone_question", question),
            "latency_ms": latency,
            **{key: payload.get(key, "") for key in ("answerer", "notice", "reason", "confidence")},
        }
