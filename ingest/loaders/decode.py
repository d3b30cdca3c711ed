"""Byte → text decoding for Chinese government files (UTF-8, BOMs, UTF-16, GB18030/GBK)."""

from __future__ import annotations

import codecs

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: Chinese text has few NULs, ASCII-heavy text has one every other byte."""
    sample = data[:4000]
    if len(sample) < 4 or sample.count(0) < len(sample) // 8:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > even * 3:
        return "utf-16-le"
    if even > odd * 3:
        return "utf-16-be"
    return None


def _printable_share(text: str) -> float:
    bad = sum(1 for ch in text[:20000] if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\r\n\t\f"))
    return 1 - bad / max(1, min(len(text), 20000))


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding); raise ValueError when the bytes are not text."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace"), name
    utf16 = _looks_utf16(data)
    if utf16:
        return data.decode(utf16, errors="replace"), utf16
    if b"\x00" in data[:8000]:
        msg = "binary content (NUL bytes); not a text file"
        raise ValueError(msg)
    for name in ("utf-8", "gb18030"):
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            continue
    return _fallback(data)


def _fallback(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        text = str(best)
        if _printable_share(text) > 0.95:
            return text, best.encoding
    text = data.decode("gb18030", errors="replace")
    if _printable_share(text) > 0.98:
        return text, "gb18030 (with replacements)"
    msg = "undecodable bytes: not UTF-8, UTF-16 or GB18030; re-save the file as UTF-8"
    raise ValueError(msg)
