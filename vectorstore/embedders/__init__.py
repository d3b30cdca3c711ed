from vectorstore.embedders.base import Embedder
from vectorstore.embedders.embedder_factory import EmbedderFactory

__all__ = ["Embedder", "EmbedderFactory"]
