"""Hard refusals, only for constraints checked against the store itself.

A question that names a year's document of some genre (「2020年政府工作报告」),
a place, or a titled document (《…》) the library does not hold cannot be
answered from it, whatever the passages say; the refusal states which. Every
other doubt is left to the fitted scorer's probability.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answering.features import STATES_OUTCOME, asked_periods, document_regions
from assistant.answering.figures import states_unit
from assistant.query import Query
from textkit.cues import OPEN_PERIOD, REPORT_ABBREVIATIONS, THIS_YEAR, document_years, relative_years, period_name, reported_periods, stated_years
from textkit.numerals import arabic_numerals
from textkit.normalize import normalize
from textkit.places import Place, gazetteer
from textkit.tokenize import bigrams
from textkit.vocabulary import vocabulary

# 计划, 规划 and 决定 are verbs as often as genres: 「2010年计划建多少套」「2010年计划提高多少」 name no
# plan document; as a genre they end the noun phrase (「2010年计划中」「2010年计划提出」「2010年计划。」),
# and the span before a genre does not run across one of them (「2010年计划新建标准厂房」 names no 标准).
_GENRE = re.compile(r"((?:19|20)\d{2})\s*年(?:的|度)?(?:《)?(?:(?!计划|规划|决定)[^，,。？?《》;；:：\s]){0,6}?"
                    r"(政府工作报告|工作报告|统计公报|公报|报告|(?i:" + REPORT_ABBREVIATIONS + r")|纲要|意见|通知|方案|办法|条例|细则|措施|标准|"
                    r"(?:规划|计划|决定)(?=中|里|内|上|的|纲要|提出|提到|指出|明确|要求|说|写|[^\u4e00-\u9fff]|$))")


@dataclass
class Refusal:
    reason: str
    lacks_years: tuple[int, ...] = ()  # the store has no document of the genre named for these years


def _full_form(genre: str) -> str:
    """An abbreviated genre in the form document titles write it (「GWR」 → 政府工作报告)."""
    return next(iter(vocabulary().expansions(genre)), genre) if genre.isascii() else genre


class StoreChecks:
    """Checks a question's named constraints against the documents and vocabulary of the store."""

    def __init__(self, documents, doc_freq) -> None:
        self._documents = documents  # () -> list of document records
        self._doc_freq = doc_freq  # token -> chunks holding it

    def check(self, query: Query) -> Refusal | None:
        return self._named_year_document(query) or self._named_place(query) or self._named_title(query)

    def _named_year_document(self, query: Query) -> Refusal | None:
        """「2020年政府工作报告」: the store holds that genre for other years, but not for 2020."""
        named = _GENRE.findall(query.match_text)
        docs = self._documents() if named else []  # most questions name no dated genre: no store read
        for year, genre in named:
            genre = _full_form(genre)
            of_genre = [d for d in docs if genre in normalize(d.get("title", ""))]
            dated = all(_year(d) for d in of_genre)  # an undated document of the genre might be that year's
            if of_genre and dated and not any(_year(d) == int(year) for d in of_genre):
                return Refusal(f"政策库中没有{year}年的{genre}", (int(year),))
        return None

    def _named_place(self, query: Query) -> Refusal | None:
        """A place the store never names. Places read from English are alternatives (「Changning」 is
        昌宁 or 常宁), so there it takes all of them missing."""
        missing = [p for p in query.regions if not self._named(p)]
        if not missing or (query.english and len(missing) < len(query.regions)):
            return None
        return Refusal(f"政策库中没有涉及“{missing[0]}”的文件")

    def _named(self, place: str) -> bool:
        grams = bigrams(place)
        return not grams or all(self._doc_freq(g) for g in grams)

    def _named_title(self, query: Query) -> Refusal | None:
        if not query.titles:
            return None
        titles = [normalize(d.get("title", "")) for d in self._documents()]
        for named in query.titles:
            wanted = normalize(named)
            grams = set(bigrams(wanted))
            if not grams or any(wanted in t or t in wanted for t in titles if t):
                continue
            best = max((len(grams & set(bigrams(t))) / len(grams) for t in titles if t), default=0.0)
            if best < 0.6 and not all(self._doc_freq(g) for g in grams):
                return Refusal(f"政策库中没有《{named}》")
        return None


def year_conflict(query: Query, chosen) -> Refusal | None:
    """The answer's sentences state other years only: a question about 2022 answered by 「2021年春节期间……」
    from a document of no asked year. Sentences that state no year are no evidence either way."""
    named = set(query.doc_years)
    if named and chosen and all(c.passage.meta.get("year") for c in chosen) \
            and not any(document_years(c.passage.meta) & named for c in chosen):  # 「2018年报告定的……」 from another year's report
        return Refusal(f"检索到的段落不在{'、'.join(f'{y}年' for y in query.doc_years)}的报告中")
    asked = set(query.years) - named
    if not asked or not chosen:
        return None
    stated: set[int] = set()
    for cand in chosen:
        if OPEN_PERIOD.search(cand.norm):  # 「自2021年1月1日起施行」 may still apply in the year asked
            return None
        doc_year = cand.passage.meta.get("year")
        own = relative_years(cand.norm, int(doc_year)) if doc_year and THIS_YEAR.search(cand.norm) else set()
        years = stated_years(cand.norm) or own
        if years & asked or (not own and document_years(cand.passage.meta) & (asked | named)):
            return None  # a 2021 report reviews 2020, but its 「今年」 is 2021 (its 「比上年」 is a comparison's base)
        stated |= years
    if not stated:
        return None
    other = "、".join(f"{y}年" for y in sorted(stated)[:3])
    return Refusal(f"检索到的段落说的是{other}的情况，不是{'、'.join(f'{y}年' for y in sorted(asked))}")


def period_conflict(query: Query, chosen) -> Refusal | None:
    """The answer's sentences report on other parts of the year only: 「前三季度增长了多少」 answered by
    「一季度……同比增长2%」 (``reported_periods``: a sentence silent on it takes its heading's or title's)."""
    asked = asked_periods(query)
    if not asked or not chosen:
        return None
    stated: set[tuple[int, int]] = set()
    for cand in chosen:
        meta = cand.passage.meta
        spans = reported_periods(cand.norm, *(arabic_numerals(normalize(meta.get(k, ""))) for k in ("heading", "title")), cand.periods)
        if not spans or spans & asked:
            return None
        stated |= spans
    other = "、".join(period_name(s) for s in sorted(stated)[:3])
    return Refusal(f"检索到的段落说的是{other}的情况，不是{'、'.join(period_name(s) for s in sorted(asked))}")


_ASKS_RESULT = re.compile(r"实际|最终完成|最后完成|完成了多少|实现了多少|\bactual(?:ly)?\s+(?:grow|grew|increase|rose|fell|achieved)|\bachieved\b", re.I)
_STATES_GOAL = re.compile(r"目标(?:是|为)?[^，。；]{0,12}\d|力争[^，。；]{0,12}\d|预期[^，。；]{0,12}\d|\d[^，。；]{0,6}左右")


def aim_conflict(query: Query, first) -> Refusal | None:
    """A figure question about what was achieved (「最后实际增长了多少」) answered by a sentence that states
    only a goal's figure (「今年……预期目标是：国内生产总值增长6%-6.5%」), or by a later clause of it."""
    if query.kind not in ("number", "percent") or not _ASKS_RESULT.search(query.match_text):
        return None
    if not (_STATES_GOAL.search(first.norm) or _under_goals(first)) or STATES_OUTCOME.search(first.norm):
        return None
    return Refusal("检索到的段落给出的是目标，不是实际完成情况")


_ANNOUNCES_GOALS = re.compile(r"目标(?:是|为|如下)?\s*[:：]")


def _under_goals(cand) -> bool:
    """The sentence is a later clause of one that announced goals (「主要预期目标是：国内生产总值增长6%左右；
    城镇新增就业1100万人以上……」): its figures are goals too, though it names none."""
    text = cand.passage.text
    at = text.find(cand.text)
    if at <= 0:
        return False
    before = text[:at]
    start = max(before.rfind("。"), before.rfind("\n"))
    return _ANNOUNCES_GOALS.search(normalize(before[start + 1:])) is not None


_TIME_UNITS = {"年", "月", "个月", "日", "天", "工作日", "个工作日", "小时"}


def stated_conflict(query: Query, chosen) -> Refusal | None:
    """What the answer's sentences state against the question, for every answerer: only other years, only
    another part of the year, a goal's figure where a result is asked. A question asking a figure in a unit
    is judged by the sentences that give one (「到2027年……多少家」 is not answered by 「至2027年，……提升。
    至2030年，……达20家」)."""
    if not chosen:
        return None
    figures = chosen
    if query.unit and query.unit not in _TIME_UNITS:  # a date states 「年」 too
        figures = [c for c in chosen if states_unit(c.text, query.unit)] or chosen
    return year_conflict(query, figures) or period_conflict(query, figures) or aim_conflict(query, chosen[0])


def place_conflict(query: Query, passages) -> Refusal | None:
    """The answer's documents are about another place: a question about 深圳 answered from a document
    whose main city is 广州 and that never names 深圳 (nor a place within it).

    A document's places (its ``regions`` metadata, most named first) speak against it only at the
    level of the place asked: a city's report that says 「全市」 and names no city is no evidence.
    """
    asked = [p for p in (gazetteer().place(name) for name in query.regions) if p and (query.english or gazetteer().named_as_place(p.name, query.match_text))]
    if not asked or not passages:
        return None
    for passage in passages:
        regions = [p for p in (gazetteer().place(n) for n in document_regions(passage.meta)) if p]
        collective = vocabulary().collective_members(normalize(passage.text))  # 「港澳台居民」 are about 香港
        about = [True if place.name in collective else _about(regions, place) for place in asked]
        if query.english and any(a is not False for a in about):  # English names are alternatives (Changning: 昌宁 or 常宁)
            return None
        if not query.english and False not in about:
            return None
    return Refusal(f"检索到的段落所在文件不涉及“{asked[0].name}”")


def _about(regions: list[Place], asked: Place) -> bool | None:
    """True: the document names the place, one within it or the city containing it (a city's policy
    applies to its counties); False: it names another place of that level; None: it names no place of that
    level. A county's two-character short form in a document may be a word (「会同」: together with),
    so it is no evidence against."""
    prefix = asked.adcode[: {"province": 2, "city": 4}.get(asked.level, 6)]
    if any(r.adcode.startswith(prefix) or _contains(r, asked) for r in regions):
        return True
    evidence = [r for r in regions if (r.level == asked.level and not (r.level == "county" and len(r.name) <= 2))
                or (asked.level == "county" and r.level == "city")]
    return False if evidence else None


def _contains(region: Place, asked: Place) -> bool:
    """A city contains its counties (a province is named in nearly every local document: not used)."""
    return region.level == "city" and asked.level == "county" and asked.adcode[:4] == region.adcode[:4]


def _year(doc: dict) -> int | None:
    date = str(doc.get("date") or "")
    return int(date[:4]) if date[:4].isdigit() else None
