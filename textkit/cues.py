"""Patterns of how Chinese policy texts and questions speak about time, shared by retrieval,
the answer features and follow-up rewriting so all three read a year the same way."""

from __future__ import annotations

import re

from textkit.normalize import normalize
from textkit.numerals import arabic_numerals
from textkit.vocabulary import vocabulary

YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
# A year written without 年, as English text does (「the 2024 report」).
BARE_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?![\d.])")
# The years a question is about: not a comparison's base (「比2009年提高了多少」 asks about the report's year).
TOPIC_YEAR = re.compile(r"(?<!\d)(?<!^比)(?<![^对]比)(?<!较)((?:19|20)\d{2})\s*年")
# 几 that asks (「几个」「几倍」), not 几 that means "a few" (「连续几年」「近几年」「十几个」「几十亿」) nor 哪几 (which ones).
ASKING_JI = r"(?<!连续)(?<!过去)(?<!未来)(?<!今后)(?<!近)(?<!这)(?<!那)(?<!哪)(?<!好)(?<!十)几(?![十百千万亿乎时])"
# The words a Chinese or English question asks with: a clause holding one asks something of its own.
INTERROGATIVE = re.compile(r"多少|多大|多长|多久|多高|多远|多重|多宽|多深|多快|多早|多晚|几时|何时|何地|何种|何为|为何|为什么|什么|哪些|哪几|哪|谁|" + ASKING_JI + r"|是否|是不是|有没有|能不能|可不可以|吗|呢|如何|怎么|怎样|啥|咋|咩|边度|点样|多会儿|"
                           r"\b(?:how|what|which|when|where|who|whom|why|whether)\b", re.I)
# A year that names a document, not the time asked about: 「2024年报告提到…」「10年那份报告里」 ask what that report says,
# wherever in it (its review of 2023 included); English 「the 2017 report」 and the analysts' 「2017 GWR」 too.
REPORT_ABBREVIATIONS = vocabulary().abbreviations_of("报告", "公报")  # 「GWR」: an analysts' name of a report
DOCUMENT_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年?(?:的|度)?(?:的?[那这][份个篇])?(?:中央|国务院|[^\W\d]{0,4}?(?:自治区|省|市|州|县|区))?"
                           r"(?:政府工作|工作|统计)?(?:报告|公报|" + REPORT_ABBREVIATIONS + r"|(?:government\s+)?(?:work\s+)?report)", re.I)
_YEAR_RANGE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年?\s*[-—–~～至到]\s*((?:19|20)\d{2})\s*年")


_COMPARED = re.compile(r"(?:与|和|同)\s*((?:19|20)\d{2})\s*年(?:同期)?(?:相比|比较)")
# Time that runs on: 「自2021年1月1日起施行」「2022年以来」「有效期至2025年」 say nothing against another year.
OPEN_PERIOD = re.compile(r"自\s*(?:19|20)\d{2}\s*年[^，。；]{0,12}?起|(?:19|20)\d{2}\s*年[^，。；]{0,8}?(?:以来|起)|有效期|截至|截止")


def stated_years(text: str) -> set[int]:
    """The years a sentence is about, as it states them: a span counts whole (「2023—2025年」), a
    comparison's base does not (「比2005年增加」「与2019年相比」)."""
    years = {int(y) for y in TOPIC_YEAR.findall(text)} - {int(y) for y in _COMPARED.findall(text)}
    for start, end in _YEAR_RANGE.findall(text):
        if 0 <= int(end) - int(start) <= 30:
            years |= set(range(int(start), int(end) + 1))
    return years


# A sentence that opens its clause with the years it is about (「到2020年，」「2021年至2025年，」「力争到2025年底前，」),
# after an optional list marker; group 1 the first year, group 2 the last of a span.
LEAD_YEAR = re.compile(r"^(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.、．])?\s*(?:力争|预计|计划|争取)?\s*(?:到|至|截至|截止到?|在)?\s*"
                       r"((?:19|20)\d{2})\s*(?:年?\s*[-—–~至到]\s*((?:19|20)\d{2}))?\s*年(?:底前|末前|底|末|前|初)?\s*[，,：:]")


# A dated document's 「去年」 is the year before its own: annual reports review the past year.
LAST_YEAR = re.compile(r"去年|上年|上一年|过去一年|前一年")
# A sentence that sets a plan or a target (what the year is to do, not what it did).
PLANNED = re.compile(r"拟|安排|预算|预期|目标|计划|力争|要求")
# Its 「今年」 is its own year (「本年度以前」 is not).
THIS_YEAR = re.compile(r"(?:今年|本年度?)(?!以前|之前)")
# 「比去年有所下调」「较上年增加」: last year as a comparison's base, not what the sentence is about.
_LAST_YEAR_BASE = re.compile(r"(?:比|较|同|与|和|超过|高于|低于)\s*(?:去年|上年|上一年)")


def relative_years(norm: str, doc_year: int | None) -> set[int]:
    """The years a sentence of a document dated ``doc_year`` means by 「今年」 and 「去年」: 「今年赤字率……比去年
    有所下调」 is about 今年 only, 「去年完成投资100亿元，今年计划120亿元」 about both, 「去年……」 about the year before;
    a plan (「拟安排赤字X亿元，比上年预算减少Y亿元」) names last year only as its comparison's base: no year of its
    own (its section says which)."""
    if not doc_year:
        return set()
    named = bool(LAST_YEAR.search(norm))
    own = named and bool(LAST_YEAR.search(_LAST_YEAR_BASE.sub("", norm)))  # last year named not only as a base
    if THIS_YEAR.search(norm):
        return {doc_year} | ({doc_year - 1} if own else set())
    if not named or (not own and PLANNED.search(norm)):
        return set()  # a plan compared with last year is about its own year (its section says which)
    return {doc_year - 1}  # 「全年……比上年增长5.2%」 in a bulletin dated the next year reports on the year before
# A section that looks back (「一、过去五年工作回顾」「2023年工作回顾」「过去一年」): what its sentences report
# happened before the document's own year; group 1 is how many years it spans when it says so.
REVIEW = re.compile(r"回顾|过去(\d+|[一二两三四五六七八九十])?年|去年|上年|上一年")


def document_years(meta: dict) -> set[int]:
    """The years a document is of: its date's, and those its title names (a 「2023年统计公报」 comes out
    in 2024). ``meta`` is a chunk's or document's metadata (``year``, ``title``)."""
    years = {int(y) for y in YEAR.findall(arabic_numerals(normalize(meta.get("title") or "")))}
    return years | ({int(meta["year"])} if meta.get("year") else set())


def section_years(heading: str, doc_year: int | None) -> set[int]:
    """The years a section of a dated document speaks about: those its heading names, else the years a
    review looks back on (「过去五年工作回顾」 in a 2018 report: 2013–2017; 「工作回顾」: the year before),
    else the document's own year. Headings in Arabic numerals (``arabic_numerals``)."""
    stated = {int(y) for y in YEAR.findall(heading)}
    if stated or not doc_year:
        return stated
    review = REVIEW.search(heading)
    if review:
        span = int(review.group(1)) if review.group(1) and review.group(1).isdigit() else 1
        return set(range(doc_year - span, doc_year))
    return {doc_year}


# A section that sets out this year's work (「二、2019年经济社会发展总体要求和政策取向」「三、重点工作任务」).
PLAN = re.compile(r"任务|部署|安排|总体要求|预期目标|主要目标|政策取向|重点工作|工作思路")
# A question about what happened (not what was planned) is answered by the next year's documents.
ASKS_OUTCOME = re.compile(r"实际|完成|实现了|最后|最终|全年|总量|达到了|增长了|下降了|突破|result|actual|achieved", re.I)
# Officials write years short: 「05年报告」「17年底」「03年和04年」. Two digits then 年 is read as a year
# only in a year's context (a report, a part of the year, a month, a list of years): 「有效期10年」
# 「最长20年」「10年后」 are durations.
_YEAR_CONTEXT = r"(?:度?(?:的)?(?:[那这][份个篇])?(?:政府)?(?:工作)?报告|(?i:" + REPORT_ABBREVIATIONS + r")|底|初|末|上半年|下半年|前?[一二三四1-4]季度|全年|\d{1,2}月|(?:[和与、及至到—-]|\s*[vV][sS]\.?)\s*(?:19|20)?\d{2}年)"
_SHORT_YEAR = re.compile(r"(?<![\d.．])([0-2]\d|9\d)(?=年" + _YEAR_CONTEXT + ")")
_LISTED_SHORT_YEAR = re.compile(r"(?:(?<=[和与、及至到—-])|(?<=[vV][sS])|(?<=[vV][sS][\s.])|(?<=[vV][sS]\.\s))([0-2]\d|9\d)(?=年)")  # 「17年vs19年」
# A question that opens on a short year (「19年专项债安排了多少」, 「那22年的呢」) names one: officials put the
# year first. A duration stays one where its word follows (「25年工龄」「12年义务教育」「20年以上」「30年来」).
NOT_DURATION = r"(?!工龄|的工龄|缴费|义务|教育|一遇|一次|不变|以[上内下后前来]|及以上|之[内后前]|[内来后前间期多半满]|到期|左右|时间|的时间)"
# 「24、25年呢」: two short years listed, asked of as years (not 「10至15年的贷款」, a range of durations).
_LEADING_SHORT_YEAR = re.compile(r"^(?:那么|那|请问|在)?\s*([0-2]\d|9\d)(?=年" + NOT_DURATION + r"|[、和与及](?:19|20)?\d{2}年(?:的?呢|[？?]|$))")


def full_years(text: str) -> str:
    """「03年和04年报告」 → 「2003年和2004年报告」, 「那22年的呢」 → 「那2022年的呢」 (00–29 are this century,
    90–99 the last). Meant for questions: a document's 「10年」 is read as written."""
    def full(match: re.Match) -> str:
        return ("19" if match.group(1)[0] == "9" else "20") + match.group(1)

    text = _LEADING_SHORT_YEAR.sub(lambda m: m.group(0)[: m.start(1) - m.start()] + full(m), text)
    return _LISTED_SHORT_YEAR.sub(full, _SHORT_YEAR.sub(full, _place_led(text)))


# 「贵州23年园区……」「某市21年春节……」: right after the place it opens on, a short year is the year asked about,
# unless it is a round number, as often a duration there (「某市10年社保」「某市20年房龄」).
_PLACE_LED_SHORT_YEAR = re.compile(r"^([\u4e00-\u9fff]{2,8}?)([0-2][1-46-9]|9[1-46-9])(?=年" + NOT_DURATION + ")")


def _place_led(text: str) -> str:
    from textkit.places import gazetteer

    match = _PLACE_LED_SHORT_YEAR.match(text)
    if not match or not gazetteer().is_place(match.group(1)):
        return text
    return match.group(1) + ("19" if match.group(2)[0] == "9" else "20") + text[match.start(2):]


# Parts of a year as statistical bulletins cut it (「一季度」「上半年」「前三季度」「1—5月」「全年」), as month spans.
_QUARTERS_TO = re.compile(r"前\s*([1-4])\s*个?季度")
_QUARTER = re.compile(r"(?<!前)(?<!前\s)(?<!连续)(?<![\d.])(?:第\s*)?([1-4])\s*季度")
_MONTHS = re.compile(r"(?<![\d.])([1-9]|1[0-2]|一)\s*[-—–~～至到]\s*([1-9]|1[0-2])\s*月(?!\s*\d{1,2}\s*日)")
_HALVES = {"上半年": (1, 6), "下半年": (7, 12), "全年": (1, 12), "全年度": (1, 12)}
_HALF = re.compile("(" + "|".join(_HALVES) + ")(?!龄)")  # 「全年龄段」 is an age range
_ENGLISH_PERIODS = ((re.compile(r"\bfirst\s+three\s+quarters\b|\bQ1\s*[-–]\s*Q3\b", re.I), (1, 9)),
                    (re.compile(r"\bfirst\s+quarter\b|\bQ1\b(?!\s*[-–])", re.I), (1, 3)),
                    (re.compile(r"\bsecond\s+quarter\b|\bQ2\b", re.I), (4, 6)),
                    (re.compile(r"\bthird\s+quarter\b|(?<![-–])(?<![-–]\s)\bQ3\b", re.I), (7, 9)),
                    (re.compile(r"\bfourth\s+quarter\b|\bQ4\b", re.I), (10, 12)),
                    (re.compile(r"\bfirst\s+half\b|\bH1\b", re.I), (1, 6)),
                    (re.compile(r"\bsecond\s+half\b|\bH2\b", re.I), (7, 12)),
                    (re.compile(r"\b(?:full|whole|entire)\s+year\b", re.I), (1, 12)))


# The words themselves, for carrying a conversation's part of the year into a follow-up.
PERIOD_WORD = re.compile(r"前\s*[1-4一二三]\s*个?季度|(?<![\d.])第?\s*[1-4一二三四]\s*季度|上半年|下半年|全年(?!龄)|(?<![\d.])(?:1|一)\s*[-—–~～至到]\s*(?:[1-9]|1[0-2])\s*月")


def period_spans(text: str) -> set[tuple[int, int]]:
    """The parts of a year ``text`` reports on, as (first month, last month): 「前三季度」 → (1, 9),
    「二季度」 → (4, 6), 「1—5月」 → (1, 5), 「上半年」 → (1, 6). ``text`` in Arabic numerals
    (``arabic_numerals``); a day's date (「2月13日至2月15日」) is no period. A question about one part is not
    answered by a figure for another: 「前三季度增长多少」 by 「一季度同比增长2%」."""
    spans = {(1, 3 * int(n)) for n in _QUARTERS_TO.findall(text)}
    spans |= {(3 * int(n) - 2, 3 * int(n)) for n in _QUARTER.findall(text)}
    spans |= {(1 if a == "一" else int(a), int(b)) for a, b in _MONTHS.findall(text) if (1 if a == "一" else int(a)) < int(b)}
    spans |= {_HALVES[m] for m in _HALF.findall(text)}
    return spans | {span for pattern, span in _ENGLISH_PERIODS if pattern.search(text)}


# A period a sentence compares with or measures against is not the one it reports on: 「增速比上半年提高」
# 「较一季度增加」「与一季度相比」「完成全年目标的78%」「全年执行统一费率」 (a standing rule).
_PERIOD_BASE = re.compile(r"(?:比|较|与|同|和|相比|环比)\s*(?:去年|上年)?\s*(?:同期)?\s*(?:前\s*\d\s*个?季度|第?\s*\d\s*季度|上半年|下半年|全年|\d+\s*[-—–~～至到]\s*\d+\s*月)"
                          r"|全年(?:目标|任务|计划|预算|执行|实行|统一)")


def own_periods(sentence: str) -> set[tuple[int, int]]:
    """The parts of the year a sentence itself reports on, less those it compares with (Arabic numerals)."""
    return period_spans(_PERIOD_BASE.sub("", sentence))


def reported_periods(sentence: str, heading: str = "", title: str = "", lead=frozenset()) -> set[tuple[int, int]]:
    """The parts of the year a sentence reports on: its own (less those it compares with), else the one an
    earlier sentence of its paragraph reported on (``lead``: 「一季度全市实现地区生产总值X亿元……；三产实现增加值
    Y亿元」), else its heading's, else its document title's (「一季度全市经济运行情况」 dates every figure under
    it). All in Arabic numerals."""
    return own_periods(sentence) or set(lead) or period_spans(heading) or period_spans(title)


def period_name(span: tuple[int, int]) -> str:
    """(1, 9) → 「前三季度」, (4, 6) → 「二季度」, (1, 5) → 「1—5月」: how a refusal names a part of the year."""
    named = {(1, 6): "上半年", (7, 12): "下半年", (1, 12): "全年", (1, 3): "一季度", (4, 6): "二季度", (7, 9): "三季度",
             (10, 12): "四季度", (1, 9): "前三季度"}
    return named.get(span) or f"{span[0]}—{span[1]}月"
