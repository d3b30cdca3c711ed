"""HTML: visible text only, block elements become line breaks."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from ingest.loaders.decode import decode_bytes

_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "table", "title", "dd", "dt"}
_SKIP = {"script", "style", "noscript", "nav", "header", "footer", "iframe", "svg", "template", "form", "button", "select"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_-]+)""", re.I)


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self._skip_depth += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip_depth:
            self.parts.append(data)


class HtmlLoader:
    suffixes = (".html", ".htm", ".xhtml")

    def load(self, path: Path, data: bytes) -> str:
        text = _decode_html(data)
        parser = _TextExtractor()
        parser.feed(text)
        parser.close()
        lines = (re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in "".join(parser.parts).splitlines())
        return "\n".join(ln for ln in lines)


def _decode_html(data: bytes) -> str:
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii").lower().replace("gb2312", "gb18030"))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(data)[0]
