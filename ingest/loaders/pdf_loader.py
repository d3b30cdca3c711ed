"""PDF text layer (scanned PDFs without one are reported, not OCR'd)."""

from __future__ import annotations

import io
from pathlib import Path


class PdfLoader:
    suffixes = (".pdf",)

    def load(self, path: Path, data: bytes) -> str:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        try:
            reader = PdfReader(io.BytesIO(data))
            pages = [page.extract_text() or "" for page in reader.pages]
        except (PdfReadError, ValueError, KeyError, TypeError) as exc:
            msg = f"corrupt or truncated PDF ({type(exc).__name__})"
            raise ValueError(msg) from exc
        text = "\n".join(pages)
        if not text.strip():
            msg = "PDF has no text layer (scanned image?); OCR it first"
            raise ValueError(msg)
        return text
