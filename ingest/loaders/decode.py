"""Byte → text decoding for Chinese government files (UTF-8, BOMs, UTF-16, GB18030/GBK)."""

from __future__ import annotations

import codecs

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _plausible_share(text: str) -> float:
    """Share of characters a Chinese or English document is made of."""
    sample = text[:4000]
    good = sum(1 for ch in sample if ch.isascii() and (ch.isprintable() or ch in "\r\n\t") or "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef")
    return good / max(1, len(sample))


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: NUL bytes in the high halves of ASCII characters, and text that reads."""
    best, best_share = None, 0.0
    for name in ("utf-16-le", "utf-16-be"):
        try:
            share = _plausible_share(data[: len(data) // 2 * 2].decode(name))
        except UnicodeDecodeError:
            continue
        if share > best_share:
            best, best_share = name, share
    return best if best_share > 0.9 else None


def _printable_share(text: str) -> float:
    bad = sum(1 for ch in text[:20000] if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\r\n\t\f"))
    return 1 - bad / max(1, min(len(text), 20000))


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding); raise ValueError when the bytes are not text."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace"), name
    utf16 = _looks_utf16(data) if b"\x00" in data[:8000] else None
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
    """Mostly-valid files (a UTF-8 text with a GBK-encoded tail) keep their text, bad bytes replaced."""
    for name in ("utf-8", "gb18030"):
        text = data.decode(name, errors="replace")
        if text.count("\ufffd") <= max(8, len(text) // 50):
            return text, f"{name} (with replacements)"
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
