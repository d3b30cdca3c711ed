"""Split a question that asks several things into standalone parts, each answered on its own.

Five shapes, stated generally: several question marks (「…多少？…呢？」),
several years (「2005年和2006年的…分别是多少」), clauses of their own year or place (「…，2008年定的多少，
2012年又是多少」), several places asked
separately (「甲、乙、丙三个区…各是多少」), and several things asked
separately (「工业企业利润和财政收入分别是多少」「城镇、农村居民收入各多少」). A later part that leans on an earlier
one (「工业固投增速超两成的又有几个」) borrows its subject and year through the
follow-up rewriter, as if it were the next turn of a conversation.
"""

from __future__ import annotations

import re

from assistant.followup import rewrite_followup, with_context
from assistant.query import is_english
from textkit.cues import INTERROGATIVE as _ASKS, TOPIC_YEAR, full_years
from textkit.normalize import normalize
from textkit.numerals import arabic_numerals
from textkit.places import gazetteer

_SPLIT = re.compile(r"(?<=[？?])")

_YEARS = re.compile(r"((?:19|20)\d{2})年?\s*(?:和|与|及|、|以及|,|，|还有|跟|vs\.?)\s*((?:19|20)\d{2})年", re.I)
_SEPARATELY = re.compile(r"分别|各是|各为|各自|各有|各多少|各[^\s]{0,4}多少|respectively", re.I)
_COORDINATOR = re.compile(r"以及|和|与|及|、|跟")
_CLAUSE_END = re.compile(r"[，,：:；;。？?！!]")
_EACH = re.compile(r"分别|各自|(?<!各)各(?![地部级类省市县区方界项族种单行国个位])|respectively", re.I)
_YEAR_WORD = re.compile(r"(?:19|20)?\d{2}年")
_AGAIN = re.compile(r"又|呢|也|则")
_EN_CLAUSE = re.compile(r",?\s+and\s+(?=(?:how|what|which|when|where|who|whom|why|with how|by how|in which|did|does|do|is|are|was|were)\b)", re.I)
_EN_YEARS = re.compile(r"\b((?:19|20)\d{2})\s+(?:and|&)\s+((?:19|20)\d{2})\b")
_EN_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_EN_FUNCTION = re.compile(r"\b(?:and|or|the|a|an|of|in|on|for|to|by|with|from|at|as|it|its|this|that|these|those|there|was|were|is|are|be|been|did|does|do|how|what|which|when|where|who|why|much|many|set|put|give|get|report|plan|document)\b", re.I)
MAX_PARTS = 4


def split_parts(question: str) -> list[str]:
    """Standalone questions, one per thing asked; ``[question]`` when it asks one thing."""
    parts = _by_question_marks(question) or [question]
    out = []
    for part in parts:  # 「A和B各是多少？C多少？」: each question may list things again
        out.extend(_split_one(part))
    return out[:MAX_PARTS]


def _split_one(question: str) -> list[str]:
    if is_english(question):
        return _by_english_years(question) or _by_english_clauses(question) or [question]
    for splitter in (_by_setting_clauses, _by_years, _by_places, _by_coordination):
        parts = splitter(question)
        if len(parts) > 1:
            return parts
    return [question]


def _by_english_years(question: str) -> list[str]:
    """「… the 2001 and 2011 reports …」 → one question per year."""
    match = _EN_YEARS.search(question)
    if not match:
        return []
    return [question[: match.start()] + year + question[match.end():] for year in match.groups()]


def _by_english_clauses(question: str) -> list[str]:
    """「How large was X, and how much was Y?」 → two questions; a later clause that names little of its
    own (「and with how much?」「and what did the 2025 report set?」) is read with the first one, its
    own year replacing the first one's."""
    clauses = [c.strip(" ,") for c in _EN_CLAUSE.split(question.strip()) if c.strip(" ,")]
    if len(clauses) < 2:
        return []
    first = clauses[0].rstrip("?") + "?"
    out = [first]
    for clause in clauses[1:MAX_PARTS]:
        own_words = [w for w in re.findall(r"[A-Za-z]{3,}", _EN_FUNCTION.sub(" ", clause))]
        context = first.rstrip("?")
        if _EN_YEAR.search(clause):
            context = _EN_YEAR.sub(" ", context)
        leans = len(own_words) < 3 or re.search(r"\b(?:it|its|they|them|their|this|that|these|those)\b", clause, re.I)
        out.append(clause.rstrip("?") + "? " + (context if leans else " ".join(_EN_YEAR.findall(first))))
    return out


def _by_question_marks(question: str) -> list[str]:
    pieces = [p.strip() for p in _SPLIT.split(question.strip()) if p.strip()]
    pieces = [p for p in pieces if len(p) >= 4 and _ASKS.search(p)]
    if len(pieces) < 2:
        return []
    return _leaning_on_first(pieces)


def _leaning_on_first(pieces: list[str]) -> list[str]:
    """Later pieces read as follow-ups to the first (「2019年呢？」 asks the first one's thing)."""
    out = [pieces[0]]
    for piece in pieces[1:]:
        rewritten = rewrite_followup(piece, [{"role": "user", "content": out[0]}], sibling=True)
        out.append(with_context(rewritten, out[0]) if rewritten == piece else rewritten)
    return out


def _by_setting_clauses(question: str) -> list[str]:
    """「某项目标，2008年定的是多少，2012年又是多少」「甲省那篇统计的园区有多少个，乙省那篇说的又是多少个」 → one
    question per clause that asks about a year (or else a place) of its own, each after the clauses that ask
    nothing (the topic they share). A later clause must say it asks the same again (又, 呢, 也, 则): 「2023年
    GDP是多少，比2022年增长了多少」 asks one year (a comparison's base is no year of its own), 「户籍人口多少，
    其中来自某省的有多少」 narrows the first."""
    text = full_years(arabic_numerals(normalize(question)))
    clauses = [c for c in re.split(r"(?<=[，,；;])", text) if c.strip("，,；; ")]
    asking = [c for c in clauses if _ASKS.search(c)]
    settings = [tuple(TOPIC_YEAR.findall(c)) or tuple(p.name for p in gazetteer().find(c)) for c in asking]
    if len(asking) < 2 or not all(len(s) == 1 for s in settings) or len(set(settings)) < len(settings):
        return []
    if not all(_AGAIN.search(c) for c in asking[1:]):
        return []
    lead = "".join(c for c in clauses[: clauses.index(asking[0])] if not _ASKS.search(c))
    return _leaning_on_first([lead + clause.rstrip("，,；; ") for clause in asking])


def _by_years(question: str) -> list[str]:
    text = full_years(arabic_numerals(normalize(question)))
    match = _YEARS.search(text)
    if not match:
        return []
    years = match.groups()
    return [_EACH.sub("", text[: match.start()] + f"{y}年" + text[match.end():]) for y in years]


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
    if not _contiguous(text[first:last_end], listed):
        return []
    span_end = last_end
    tail = re.match(r"(?:[省市县区州旗]|自治区)?(?:[两三四五六七八九十\d]+个(?:省|市|县|区|地区|城市))?", text[last_end:])
    if tail:
        span_end += tail.end()
    return [_SEPARATELY.sub("", text[:first] + name + text[span_end:]) for name in listed]


def _by_coordination(question: str) -> list[str]:
    """「A和B分别是多少」 → 「A是多少」「B是多少」.

    The things listed are the conjuncts of the clause that ends at 「分别」/「各」.
    Coordination of words shares the head that follows the last conjunct
    (「城镇、农村居民收入」, 「500万以下和500万以上的费率」): each part keeps it.
    Coordination of phrases (「工业企业利润和国家财政收入」) does not: each part
    keeps its own phrase, after the setting (year, time, place) of the first.
    """
    text = full_years(normalize(question))
    marker = _EACH.search(text)
    if not marker:
        return []
    before, asked = text[: marker.start()].rstrip("，,：:；; "), text[marker.end():]
    clause_start = max((m.end() for m in _CLAUSE_END.finditer(before)), default=0)
    lead, clause = before[:clause_start], before[clause_start:]
    pieces = _conjuncts(clause)
    if lead and len(pieces) == 2 and not pieces[0]:  # 「…总体目标，和上海…目标，各是多少」: the earlier clause is the first thing
        lead = lead.rstrip("，,：:；; ")
        start = max((m.end() for m in _CLAUSE_END.finditer(lead)), default=0)
        return [lead + asked, pieces[1] + asked]
    if not 2 <= len(pieces) <= MAX_PARTS or not all(pieces):
        return []
    separator = "、" if "、" in clause else "和"
    setting, first = _setting(pieces[0])
    last = pieces[-1]
    split = _parallel_split(separator, first, last)
    if split:  # words: what precedes the first and the head after the last are said of each
        keep, parallel, size = split
        items, head = [parallel, *pieces[1:-1], last[:size]], last[size:]
        return [lead + setting + keep + item + head + asked for item in items]
    # 「预算收入和支出」: a one-word conjunct replaces the first one's head
    last, tail = _shared_tail(last)  # 「A和B在供地方式上各提了什么」: 「在供地方式上」 is said of each
    pieces = [*pieces[:-1], last]
    asked = tail + asked
    stem = first[: -len(_words(first)[-1])]
    later = [_carried(setting, piece) + (stem + piece if len(_words(piece)) == 1 else piece) for piece in pieces[1:]]
    return [lead + piece + asked for piece in [setting + first, *later]]


def _carried(setting: str, piece: str) -> str:
    """What of the first conjunct's setting a later conjunct takes: all of it when it names no year or place of
    its own, the year when it names only a place (「2008年CPI涨幅和城镇登记失业率」: 城镇 is no setting, jieba's
    place tag notwithstanding; 「2008年全国和上海的…」: 上海 takes 2008年), nothing when it names a year."""
    own = _setting(piece)[0]
    if _YEAR_WORD.search(own):
        return ""
    if gazetteer().find(own):
        return "".join(_YEAR_WORD.findall(setting))
    return setting


def _conjuncts(clause: str) -> list[str]:
    """The clause split at coordinators that are words of their own (jieba): 「参与」 and 「涉及」 hold
    与 and 及 but coordinate nothing."""
    import jieba

    pieces, current = [], ""
    for word in jieba.lcut(clause):
        if _COORDINATOR.fullmatch(word):
            pieces.append(current)
            current = ""
        else:
            current += word
    return [*pieces, current]


def _word_ends(text: str) -> set[int]:
    """Where words may end, finer words included (「农村居民」 ends at 农村 too)."""
    import jieba

    return {end for _, _, end in jieba.tokenize(text, mode="search")}


def _shared_tail(last: str) -> tuple[str, str]:
    """The last conjunct and what follows it from its first preposition on (said of every conjunct)."""
    import jieba.posseg

    position = 0
    for pair in jieba.posseg.lcut(last):
        if pair.flag == "p" and position > 0:
            return last[:position], last[position:]
        position += len(pair.word)
    return last, ""


def _contiguous(span: str, names: list[str]) -> bool:
    """The places are listed together (「黄埔、番禺、南沙」), not merely both named in the question."""
    rest = span
    for name in names:
        rest = rest.replace(name, "|", 1)
    return all(re.fullmatch(r"(?:[省市县区州旗]|自治区|自治州|地区)?(?:、|和|与|及|以及|,|，|跟)?", gap) for gap in rest.split("|")[1:-1])


def _words(text: str) -> list[str]:
    import jieba

    return [w for w in jieba.lcut(text) if w.strip()]


def _setting(conjunct: str) -> tuple[str, str]:
    """The first conjunct's opening up to its last year, time or place word (「2004年」「大庆上半年」),
    which is said of every conjunct, and the conjunct itself."""
    import jieba.posseg

    end = max((m.end() for m in _YEAR_WORD.finditer(conjunct) if m.end() < len(conjunct)), default=0)
    for place in gazetteer().find(conjunct):
        stop = conjunct.find(place.name) + len(place.name)
        if place.name and 0 < stop < len(conjunct):
            end = max(end, stop)
    position = 0
    for pair in jieba.posseg.lcut(conjunct):
        position += len(pair.word)
        if pair.flag.startswith(("t", "ns")) and position < len(conjunct):
            end = max(end, position)
    return conjunct[:end], conjunct[end:]


def _parallel_split(separator: str, first: str, last: str) -> tuple[str, str, int] | None:
    """Word coordination: (what every part keeps from the first conjunct, the word that parallels the
    last conjunct's start, that start's length); None when the conjuncts are whole phrases.

    Words are coordinated when the last conjunct starts as the first's tail does
    (「500万以下」「500万以上」), or when 「、」 or a one-word first conjunct lists
    words before a shared head (「城镇、农村居民收入」「省级和国家级开发区」) — not when
    both end in the same word (two phrases with one head: 「城镇居民收入、农民纯收入」).
    The parallel start must end on a word boundary of the last conjunct.
    """
    first_words, last_words = _words(first), _words(last)
    if not first_words or len(last_words) < 2:
        return None
    ends = _word_ends(last) - {len(last)}
    for size in range(min(len(first), len(last)) - 1, 1, -1):
        start = first.rfind(last[:size])
        if start >= 0 and len(first) - start in ends:
            return first[:start], first[start:], len(first) - start
    if first_words[-1][-2:] == last_words[-1][-2:] or not ends:
        return None
    if separator == "、" or len(first_words) == 1:
        word = first_words[-1]
        size = _parallel_length(word, last, ends)
        return (first[: -len(word)], word, size) if size else None
    return None


def _parallel_length(word: str, last: str, ends: set[int]) -> int:
    """Which start of the last conjunct parallels ``word``: one ending alike (「省级」「国家级」), else one
    as long (「城镇」「农村」); 0 when none does."""
    for end in sorted(ends):
        if last[end - 1] == word[-1]:
            return end
    return len(word) if len(word) in ends else 0
