"""Candidate answer sentences: every sentence of every retrieved passage, with where it came from."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.retrieval.hybrid_retriever import Passage
from textkit.cues import LEAD_YEAR, own_periods
from textkit.normalize import normalize
from textkit.numerals import arabic_numerals

_SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]*")
MIN_CHARS = 4
# Lines no answer is made of: tables of contents (「第三章……- 12 -」: five or more leader dots) and page
# numbers.
_LEADERS = re.compile(r"[.．·…。]{5,}|[-—]\s*\d{1,3}\s*[-—]\s*$|^\s*[-—]\s*\d{1,3}\s*[-—]")


_MENU = re.compile(r"(?:[·|｜]\s*[^\s·|｜，。；\d]{1,8}\s*){4,}")  # items with figures are a table row, not a menu


@dataclass
class Candidate:
    rank: int  # 0-based position of the passage among the retrieved ones
    index: int  # position of the sentence in its passage
    text: str  # as the document writes it
    norm: str  # normalised, numerals in Arabic digits: what features compare
    passage: Passage
    prob: float = 0.0
    lead: frozenset[int] = frozenset()  # the years an earlier sentence of its paragraph opened with (``lead_years``)
    periods: frozenset = frozenset()  # the part of the year the latest earlier sentence of its paragraph reported on


def sentences(text: str) -> list[str]:
    return [s for s, _ in paragraph_sentences(text)]


def paragraph_sentences(text: str) -> list[tuple[str, bool]]:
    """The sentences of ``text``, each with whether it opens a paragraph: the first one, and any with a
    line break between it and the sentence kept before it (pieces too short to keep pass the break on)."""
    out, last_end, broken = [], 0, True
    for match in _SENTENCE.finditer(text):
        broken = broken or "\n" in text[last_end: match.start()]
        last_end = match.end()
        sentence = match.group().strip()
        if len(sentence) >= MIN_CHARS:
            out.append((sentence, broken))
            broken = False
    return out


def answerable_text(sentence: str) -> bool:
    """Whether a sentence can carry an answer, not a contents line, a page number or a page's menu
    (「· 白云区· 黄埔区· 花都区」「首页 | 政务公开 | 办事服务」; a bare date line stays: it may be the only
    statement of when a notice was issued)."""
    return not _LEADERS.search(sentence) and not _MENU.search(sentence)


def lead_years(text: str) -> list[frozenset[int]]:
    """Per sentence of a passage (as ``sentences`` splits it), the years an earlier sentence of its
    paragraph opens with: 「到2020年，总量超过10亿；覆盖率达到70%……」 — the clauses after the opening one
    are about 2020 though they do not repeat it. A sentence that opens with a year of its own starts the
    next run."""
    split = paragraph_sentences(text)
    return _leads(split, [arabic_numerals(normalize(s)) for s, _ in split])


def _carried(split: list[tuple[str, bool]], norms: list[str], read) -> list[frozenset]:
    """Per sentence, what ``read`` found in the latest earlier sentence of its paragraph that had any
    (an empty set where none had): what a paragraph states once holds for the clauses after it."""
    out: list[frozenset] = []
    current: frozenset = frozenset()
    for (_, opens), norm in zip(split, norms):
        if opens:
            current = frozenset()
        out.append(current)
        current = read(norm) or current
    return out


def _opening_years(norm: str) -> frozenset[int]:
    lead = LEAD_YEAR.match(norm)
    if not lead:
        return frozenset()
    start, end = int(lead.group(1)), int(lead.group(2) or lead.group(1))
    return frozenset(range(start, end + 1)) if 0 <= end - start <= 30 else frozenset({start})


def _leads(split: list[tuple[str, bool]], norms: list[str]) -> list[frozenset[int]]:
    return _carried(split, norms, _opening_years)


def _lead_periods(split: list[tuple[str, bool]], norms: list[str]) -> list[frozenset]:
    """Per sentence, the parts of the year (``own_periods``) the latest earlier sentence of its paragraph
    reported on: a statistical bulletin names the quarter once and gives its figures in the clauses after."""
    return _carried(split, norms, lambda norm: frozenset(own_periods(norm)))


def candidates(passages: list[Passage]) -> list[Candidate]:
    out = []
    for rank, passage in enumerate(passages):
        split = paragraph_sentences(passage.text)
        norms = [arabic_numerals(normalize(s)) for s, _ in split]  # once per sentence: features and lead years read them
        for index, ((sentence, _), norm, lead, periods) in enumerate(zip(split, norms, _leads(split, norms), _lead_periods(split, norms))):
            if not answerable_text(sentence):
                continue  # its index still counts: 「the next sentence」 means the next in the passage
            out.append(Candidate(rank, index, sentence, norm, passage, lead=lead, periods=periods))
    return out
