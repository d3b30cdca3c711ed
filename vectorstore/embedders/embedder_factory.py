"""Build the configured embedder from one string: ``e5`` | ``use`` | ``hash`` | ``minilm`` | ``st:NAME_OR_DIR`` | ``openai:MODEL``."""

from __future__ import annotations

from functools import lru_cache

from vectorstore.embedders.base import Embedder


class EmbedderFactory:
    @staticmethod
    def create(spec: str, base_url: str = "", api_key: str = "") -> Embedder:
        return _cached(spec, base_url, api_key)


@lru_cache(maxsize=4)
def _cached(spec: str, base_url: str, api_key: str) -> Embedder:
    """Models are loaded once per process: loading e5 takes longer than a query."""
    kind, _, arg = spec.partition(":")
    if kind == "e5":
        from vectorstore.embedders.e5_embedder import E5Embedder

        return E5Embedder()
    if kind == "hash":
        from vectorstore.embedders.hash_embedder import HashEmbedder

        return HashEmbedder()
    if kind == "use":
        from vectorstore.embedders.use_embedder import UseEmbedder

        return UseEmbedder()
    if kind in ("minilm", "st"):
        from vectorstore.embedders.sentence_transformer_embedder import SentenceTransformerEmbedder

        embedder = SentenceTransformerEmbedder(arg or "minilm")
        embedder.name = spec
        return embedder
    if kind == "openai" and arg:
        from vectorstore.embedders.openai_embedder import OpenAIEmbedder

        return OpenAIEmbedder(arg, base_url, api_key)
    msg = f"unknown embedder '{spec}': use e5, use, hash, minilm, st:MODEL_OR_DIR or openai:MODEL"
    raise ValueError(msg)
