"""What a question asks about: its normalised text, years, regions and named documents."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.glossary import translate_english
from ingest.normalize import normalize
from ingest.regions import ALL_REGIONS

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_TITLE_REF = re.compile(r"《([^》]{2,60})》")
_LATIN = re.compile(r"[A-Za-z]")
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass
class Query:
    raw: str
    text: str
    years: list[int] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    english: bool = False


def is_english(text: str) -> bool:
    return len(_LATIN.findall(text)) > 2 * len(_CJK.findall(text))


def analyze(question: str) -> Query:
    """Normalise (traditional → simplified, NFKC) and, for English, add the Chinese policy terms."""
    english = is_english(question)
    text = normalize(question)
    if english:
        text = f"{text} {translate_english(question)}".strip()
    years = sorted({int(y) for y in _YEAR.findall(text)})
    regions = [name for name in ALL_REGIONS if name in text]
    return Query(question, text, years, regions, _TITLE_REF.findall(text), english)
