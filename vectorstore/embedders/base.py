"""What every embedder offers; the store records ``name`` and ``dim`` and refuses to mix them."""

from __future__ import annotations

import numpy as np


class Embedder:
    name: str = ""
    dim: int = 0
    batch_size: int = 32

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    def embed_query(self, text: str) -> np.ndarray:
        raise NotImplementedError

    def info(self) -> dict:
        return {"name": self.name, "dim": self.dim}


def unit_rows(matrix) -> np.ndarray:
    """L2-normalise so cosine distance in Chroma is comparable across embedders."""
    arr = np.asarray(matrix, dtype=np.float32)
    if arr.ndim == 1:
        arr = arr[None, :]
    norms = np.linalg.norm(arr, axis=1, keepdims=True)
    return arr / np.maximum(norms, 1e-12)
