"""Rule-based rewriting of follow-up questions into standalone ones.

「那它到2025年的多晶硅产能目标是多少？」 after a question about 昌宁产业园区
is searched as 「昌宁产业园区到2025年的多晶硅产能目标是多少？」; an elliptical
「那2015年的财政赤字呢？」 after 「2024年拟安排地方政府专项债券多少？」 becomes
「2015年的财政赤字多少？」. The raw follow-up is never the search query.
"""

from __future__ import annotations

import re

from ingest.normalize import normalize
from ingest.regions import ALL_REGIONS

_LEAD = re.compile(r"^(那么|那|还有|另外|再问一下|再问|再看看|那请问|请问)[，,\s]*")
_TAIL = re.compile(r"[，,\s]*(呢|又如何|怎么样|如何)?[？?！!。\s]*$")
_PRONOUN = re.compile(r"它们|它的|它|其|该园区|该开发区|该地区|该地|该市|该县|该省|该文件|该报告|这个园区|这个地方|那里|这里|上述")
_ENTITY = re.compile(r"[^\s\d哪些什么几，。？?、“”\"《》的]{2,12}?(?:产业园区|经济技术开发区|开发区|经开区|高新区|新区|园区|片区)")
_YEAR = re.compile(r"(?:19|20)\d{2}\s*年")
_ASKS = re.compile(r"多少|哪些|哪几|什么|几个|几项|是否|吗|如何|怎么|怎样|哪")
_QTAIL = re.compile(r"是多少|有多少|多少个?|是什么|有哪些|是哪些|哪些|哪几[个项条]?|几个|几项")
_FOLLOWUP_HINT = re.compile(r"^(那么|那|还有|另外)|呢[？?]?$|它|其|该")


def _subject(question: str) -> str:
    """The park, zone or place the earlier question was about."""
    match = _ENTITY.search(question)
    if match:
        return match.group(0)
    for name in ALL_REGIONS:
        if name in question:
            return name
    return ""


def _region(text: str) -> str:
    return next((name for name in ALL_REGIONS if name in text), "")


def is_followup(question: str) -> bool:
    return bool(_FOLLOWUP_HINT.search(question.strip())) or len(question.strip()) <= 6


def rewrite_followup(question: str, history: list[dict]) -> str:
    """Standalone form of ``question`` given earlier turns; unchanged when it needs no context."""
    previous = [t.get("content", "") for t in history or [] if t.get("role") == "user" and t.get("content")]
    if not previous or not is_followup(question):
        return question
    last = normalize(previous[-1])
    core = _TAIL.sub("", _LEAD.sub("", normalize(question).strip()))
    subject = _subject(last)
    if _PRONOUN.search(core) and subject:
        core = _PRONOUN.sub(subject, core, count=1)
    if _ASKS.search(core):
        return core if (_subject(core) or _YEAR.search(core)) else f"{subject}{core}"
    return _elliptical(core, last, subject)


def _elliptical(core: str, last: str, subject: str) -> str:
    """「那昆明呢」: swap the place or year into the last question; 「那2015年的财政赤字呢」: ask the same of a new topic."""
    new_year = _YEAR.search(core)
    new_place = _subject(core)
    rest = _YEAR.sub("", core).replace(new_place, "", 1).strip("的 ") if new_place else _YEAR.sub("", core).strip("的 ")
    if not rest:
        out = last
        if new_year:
            out = _YEAR.sub(new_year.group(0), out, count=1) if _YEAR.search(out) else new_year.group(0) + out
        if new_place:
            old = _region(out) if new_place in ALL_REGIONS else subject
            out = re.sub(re.escape(old) + "(?:省|市|县|自治区)?", new_place, out, count=1) if old else new_place + out
        return out
    tail = _QTAIL.search(last)
    asks = tail.group(0) if tail else "是什么"
    prefix = "" if new_place or new_year else subject
    return f"{prefix}{core}{'' if asks.startswith('是') else '是'}{asks}？"
