"""Plain text and Markdown."""

from __future__ import annotations

import re
from pathlib import Path

from ingest.loaders.decode import decode_bytes

_MD_NOISE = re.compile(r"^\s{0,3}(#{1,6}\s*|[-*+]\s+|>\s*)|!\[[^\]]*\]\([^)]*\)|\[([^\]]*)\]\([^)]*\)", re.M)


class TextLoader:
    suffixes = (".txt", ".text", "")

    def load(self, path: Path, data: bytes) -> str:
        return decode_bytes(data)[0]


class MarkdownLoader(TextLoader):
    """Markdown markup is dropped so headings read like the plain-text policy headings."""

    suffixes = (".md", ".markdown")

    def load(self, path: Path, data: bytes) -> str:
        text = super().load(path, data)
        return _MD_NOISE.sub(lambda m: m.group(2) or "", text)
