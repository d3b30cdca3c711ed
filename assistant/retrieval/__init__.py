from assistant.retrieval.filters import FILTER_KEYS, Filters
from assistant.retrieval.hybrid_retriever import HybridRetriever, Passage

__all__ = ["FILTER_KEYS", "Filters", "HybridRetriever", "Passage"]
