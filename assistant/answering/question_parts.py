"""Split a question that asks several things into standalone parts, each answered on its own.

Three shapes, stated generally: several question marks (「…多少？…呢？」),
several years (「2005年和2006年的…分别是多少」), several places asked
separately (「甲、乙、丙三个区…各是多少」). A later part that leans on an earlier
one (「工业固投增速超两成的又有几个」) borrows its subject and year through the
follow-up rewriter, as if it were the next turn of a conversation.
"""

from __future__ import annotations

import re

from assistant.followup import rewrite_followup, with_context
from textkit.normalize import normalize
from textkit.numerals import arabic_numerals
from textkit.places import gazetteer

_SPLIT = re.compile(r"(?<=[？?])")
_ASKS = re.compile(r"多少|哪些|哪几|什么|几[个项条家年倍次类种]?|是否|吗|如何|怎么|怎样|哪|谁|呢|how|what|which|when", re.I)
_YEARS = re.compile(r"((?:19|20)\d{2})年?\s*(?:和|与|及|、|以及|,|，|还有|跟)\s*((?:19|20)\d{2})年")
_SEPARATELY = re.compile(r"分别|各是|各为|各自|各有|各多少|各[^\s]{0,4}多少|respectively", re.I)
MAX_PARTS = 4


def split_parts(question: str) -> list[str]:
    """Standalone questions, one per thing asked; ``[question]`` when it asks one thing."""
    for splitter in (_by_question_marks, _by_years, _by_places):
        parts = splitter(question)
        if len(parts) > 1:
            return parts[:MAX_PARTS]
    return [question]


def _by_question_marks(question: str) -> list[str]:
    pieces = [p.strip() for p in _SPLIT.split(question.strip()) if p.strip()]
    pieces = [p for p in pieces if len(p) >= 4 and _ASKS.search(p)]
    if len(pieces) < 2:
        return []
    out = [pieces[0]]
    for piece in pieces[1:]:
        rewritten = rewrite_followup(piece, [{"role": "user", "content": out[0]}])
        out.append(with_context(rewritten, out[0]) if rewritten == piece else rewritten)
    return out


def _by_years(question: str) -> list[str]:
    text = arabic_numerals(normalize(question))
    match = _YEARS.search(text)
    if not match:
        return []
    years = match.groups()
    return [_SEPARATELY.sub("", text[: match.start()] + f"{y}年" + text[match.end():]) for y in years]


def _by_places(question: str) -> list[str]:
    text = normalize(question)
    if not _SEPARATELY.search(text):
        return []
    places = gazetteer().find(text)
    names = [p.name for p in places]
    if len(names) < 2:
        return []
    # the places listed together: those after the first, keep the ones sharing the level of the last
    level = places[-1].level
    listed = [p.name for p in places if p.level == level]
    if len(listed) < 2:
        return []
    first = text.find(listed[0])
    last_end = text.find(listed[-1]) + len(listed[-1])
    span_end = last_end
    tail = re.match(r"(?:[省市县区州旗]|自治区)?(?:[两三四五六七八九十\d]+个(?:省|市|县|区|地区|城市))?", text[last_end:])
    if tail:
        span_end += tail.end()
    return [_SEPARATELY.sub("", text[:first] + name + text[span_end:]) for name in listed]
