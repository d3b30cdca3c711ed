"""Signed feature hashing of character bigrams: no model, thousands of passages a second.

For scale benchmarks, where the question is what the index and the pipeline
cost, not what a neural model costs. Its vectors are real and deterministic,
only less semantic; never the default.
"""

from __future__ import annotations

import zlib

import numpy as np

from textkit.normalize import normalize
from vectorstore.embedders.base import Embedder, unit_rows
from textkit.tokenize import bigrams


class HashEmbedder(Embedder):
    name = "hash"
    dim = 256
    batch_size = 256

    def _row(self, text: str) -> np.ndarray:
        row = np.zeros(self.dim, dtype=np.float32)
        for token in bigrams(normalize(text)):
            h = zlib.crc32(token.encode("utf-8"))
            row[h % self.dim] += 1.0 if h & 0x80000000 else -1.0
        return row

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return unit_rows(np.vstack([self._row(t) for t in texts]) if texts else np.zeros((0, self.dim)))

    def embed_query(self, text: str) -> np.ndarray:
        return unit_rows(self._row(text))[0]
