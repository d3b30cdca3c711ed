"""Question–sentence similarity from a sentence encoder, so paraphrases and English questions match.

The bundled multilingual USE model embeds a sentence in about a millisecond
(e5 takes ~17 ms), so the 20 candidates left after pruning cost ~25 ms;
vectors are cached by sentence text because the same passages come back
across questions.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

CACHE_SIZE = 50_000


class SentenceSimilarity:
    def __init__(self, embedder) -> None:
        self._embedder = embedder
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return getattr(self._embedder, "name", "")

    def _vectors(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            fresh = self._embedder.embed_passages(missing)
            with self._lock:
                for text, vector in zip(missing, fresh):
                    self._cache[text] = np.asarray(vector, dtype=np.float32)
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
        with self._lock:
            return np.vstack([self._cache[t] for t in texts])

    def similarities(self, question: str, sentences: list[str]) -> np.ndarray:
        """Cosine of ``question`` with each sentence (vectors are unit length)."""
        if not sentences:
            return np.zeros(0, dtype=np.float32)
        q = np.asarray(self._embedder.embed_query(question), dtype=np.float32)
        return self._vectors(sentences) @ q


def default_similarity(spec: str):
    """The configured encoder (``use``), or None for ``none``.

    USE runs on one thread here: its idle worker threads spin and slow down the
    e5 query embedding that runs right before it (12 → 21 ms measured).
    """
    if spec in ("", "none"):
        return None
    if spec == "use":
        from vectorstore.embedders.use_embedder import UseEmbedder

        return SentenceSimilarity(UseEmbedder(threads=1))
    from vectorstore.embedders import EmbedderFactory

    return SentenceSimilarity(EmbedderFactory.create(spec))
