"""The text a chunk is searched by, shared by the side that writes chunks and the side that reads them back."""

from __future__ import annotations


def search_text(title: str, heading: str, text: str) -> str:
    """Title and heading path in front of the body: what embeddings and BM25 see."""
    head = " > ".join(part for part in (title, heading) if part)
    return f"{head}\n{text}" if head else text
