"""Text normalisation shared by indexing, querying and evaluation.

Display text keeps the document's own script; everything that is *compared*
(keyword index, embeddings, evidence matching) goes through ``normalize`` so
that 「產(chǎn)業」, 「產業」 and 「产业」 are the same string.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Characters no Chinese sentence ends on (prepositions, conjunctions, 的/是/为): text that stops on one was cut
# by a line break, at ingest (PDF extraction) and in an answer alike.
UNFINISHED = "为是的和与及至到、于对按在从将以或并"

_PINYIN_CHARS = "a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿɑɡ"
_PINYIN_AFTER_HANZI = rf"(?<=[\u3400-\u9fff])[(（][{_PINYIN_CHARS}]{{1,7}}[1-5]?[)）]"
_TONES = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# After a Chinese character any syllable; elsewhere (garbled pages) only one that carries a tone mark.
_PINYIN = re.compile(
    rf"(?<=[\u3400-\u9fff])[(（][{_PINYIN_CHARS}]{{1,7}}[1-5]?[)）]"
    rf"|[(（][a-zü]{{0,5}}[{_TONES}][a-zü]{{0,5}}[)）]"
    rf"|(?<![A-Za-z])[a-zü]{{0,5}}[{_TONES}][a-zü]{{0,5}}[)）]"  # half an annotation on a garbled page
)
_SPACE_BETWEEN_CJK = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])[ \t\u3000\u00a0]+(?=[\u3000-\u9fff\uff00-\uffef\d])|(?<=\d)[ \t\u3000\u00a0]+(?=[\u3000-\u9fff])")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff]")


@lru_cache(maxsize=1)
def _converter():
    from opencc import OpenCC

    return OpenCC("t2s")


@lru_cache(maxsize=1)
def _to_traditional():
    from opencc import OpenCC

    return OpenCC("s2t")


def is_traditional(text: str) -> bool:
    """True when the text is written in traditional characters (it has some t2s would change)."""
    return not _traditional_chars().isdisjoint(text)


def in_script_of(text: str, reference: str) -> str:
    """``text`` in the script ``reference`` is written in: an answer reads like its question."""
    return _to_traditional().convert(text) if is_traditional(reference) else to_simplified(text)


def strip_pinyin(text: str) -> str:
    """Drop the ``(chǎn)`` annotations some sites print after every character."""
    return _PINYIN.sub("", text)


@lru_cache(maxsize=1)
def _traditional_chars() -> frozenset[str]:
    """Characters t2s would change: text without any of them is already simplified."""
    from pathlib import Path

    import opencc

    folder = Path(opencc.__file__).parent / "dictionary"
    chars: set[str] = set()
    for name in ("TSCharacters.txt",):
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("\t")
            if key and key != value.split(" ")[0]:
                chars.update(key)
    return frozenset(chars)


def to_simplified(text: str) -> str:
    """OpenCC t2s, skipped for text that has no traditional character (most of it; t2s is slow)."""
    if _traditional_chars().isdisjoint(text):
        return text
    return _converter().convert(text)


def normalize(text: str) -> str:
    """Form used for search: no pinyin, simplified, NFKC, no spaces inside Chinese runs."""
    text = to_simplified(strip_pinyin(_INVISIBLE.sub("", text)))
    return _SPACE_BETWEEN_CJK.sub("", unicodedata.normalize("NFKC", text))


def normalize_for_match(text: str) -> str:
    """The evaluation README's form exactly: pinyin after characters dropped, t2s, NFKC, no whitespace."""
    text = to_simplified(re.sub(_PINYIN_AFTER_HANZI, "", text))
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
