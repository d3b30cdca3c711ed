"""Chunks → index: embeddings in Chroma, BM25 beside it, one manifest that says what is stored."""
