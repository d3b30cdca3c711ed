"""An OpenAI-compatible ``/v1/embeddings`` endpoint (vLLM, Xinference, Ollama, a cloud API)."""

from __future__ import annotations

import httpx
import numpy as np

from vectorstore.embedders.base import Embedder, unit_rows


class OpenAIEmbedder(Embedder):
    batch_size = 64

    def __init__(self, model: str, base_url: str, api_key: str = "", timeout: float = 60.0) -> None:
        if not base_url:
            msg = "embedder 'openai:MODEL' needs POLICYQA_LLM_BASE_URL (the OpenAI-compatible base URL)"
            raise ValueError(msg)
        self.name = f"openai:{model}"
        self._model = model
        self._url = base_url.rstrip("/") + "/embeddings"
        self._headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._timeout = timeout
        self.dim = len(self.embed_query("维度探测"))

    def _post(self, texts: list[str]) -> np.ndarray:
        try:
            reply = httpx.post(self._url, json={"model": self._model, "input": texts}, headers=self._headers, timeout=self._timeout)
            reply.raise_for_status()
            rows = sorted(reply.json()["data"], key=lambda row: row["index"])
            return unit_rows([row["embedding"] for row in rows])
        except (httpx.HTTPError, KeyError, ValueError, TypeError) as exc:
            msg = f"embeddings endpoint {self._url} failed: {exc}"
            raise RuntimeError(msg) from exc

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._post(list(texts))

    def embed_query(self, text: str) -> np.ndarray:
        return self._post([text])[0]
