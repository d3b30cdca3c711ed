"""Features of a candidate sentence for a question, the same for any Chinese policy corpus.

Lexical: IDF-weighted coverage of the question's terms by the sentence, its
context (title, heading) and its passage; the share of the question's nouns;
the longest phrase they share. Semantic: the e5 similarity of question and
passage (from the retriever). Answer type: a number with a unit, a percentage,
a date or an enumeration where the question asks for one. Agreement: the years,
parts of the year (「前三季度」), places and grades (「2A级」) the question names. Position: passage rank
and fused score.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

import numpy as np

from assistant.answering.candidates import Candidate, sentences
from assistant.answering.figures import without_dates
from assistant.query import UNITS, Query
from textkit.normalize import normalize
from textkit.numerals import arabic_numerals, number_value
from textkit.places import gazetteer
from textkit.tokenize import bigrams
from textkit.vocabulary import vocabulary
from textkit.cues import ASKING_JI, ASKS_OUTCOME as _ASKS_OUTCOME, LAST_YEAR as _LAST_YEAR, PLAN as _PLAN, REVIEW as _REVIEW, YEAR as _YEAR, document_years, period_spans, relative_years, reported_periods, section_years, stated_years

FEATURES = (
    "cov_sentence", "cov_context", "cov_passage", "noun_share", "noun_share_passage", "phrase",
    "dense_passage", "dense_sentence", "focus_cov", "focus_near_number", "aim_agree", "has_number", "type_match", "type_missing", "unit_match", "unit_missing", "enumeration",
    "year_agree", "year_conflict", "period_agree", "period_conflict", "place_sentence", "place_document", "place_missing", "place_unstated", "code_missing", "count_match",
    "rare_missing", "year_unstated", "sibling_cov", "distinct_cov", "term_missing", "modifier_swapped", "figure_unbound", "announces_list",
    "rank_inv", "fused_rel", "length_log", "first_sentence", "heading_like",
)
_QUESTION_WORDS = re.compile(
    r"请问|是多少|有多少|多少|是什么|有什么|什么|是啥|有啥|啥|有哪些|是哪些|哪些|哪几|哪个|哪|几个|几项|几条|几|"
    r"怎样|怎么|如何|是否|吗|呢|分别是|分别|各是|各|主要|具体|那个|这个|那份|这份|那项|这项|是|了|的|为|要|达到|对|和|与|及|还|又"
)
_FRAME_NOUNS = set("目标 预期目标 比重 比例 情况 方面 水平 规模 数量 数额 金额 内容 措施 时间 年份 数字 结果 办法 方式 标准 要求 问题 规定 部分 总量 额度 名称 主要内容 文件 政策".split())
_NUMBER_UNIT = re.compile(r"\d+(?:\.\d+)?\s*(?:万亿|亿|万|千|百)?\s*(?:%|‰|" + "|".join(sorted(UNITS, key=len, reverse=True)) + ")")
_MAGNITUDE = re.compile(r"\d+(?:\.\d+)?\s*(?:万亿|亿|万)")
_PERCENT = re.compile(r"\d+(?:\.\d+)?\s*%|百分点|\d+/\d+|[一二三四五六七八九十]成")
_DATE = re.compile(r"(?:19|20)\d{2}年(?:\d{1,2}月(?:\d{1,2}日)?)?|\d{1,2}月\d{1,2}日|起施行|之日起")
_DIGIT = re.compile(r"\d")
_DOC_NUMBER = re.compile(r"[〔\[(（【]\s*(?:19|20)\d{2}\s*[〕\])）】]\s*\d+\s*号")
# How policy texts state a goal (「今年…目标…左右」「力争」「控制在」) and an outcome (「实际」「达到」「比上年增长」).
_ASKS_TARGET = re.compile(r"目标|预期|计划|任务|拟|要求|力争|控制在|安排|定为|定的|定了|提出|规划|要达到|要降|要减|target|goal|plan", re.I)
_STATES_TARGET = re.compile(r"目标|预期|左右|力争|控制在|拟|计划|确保|今年要|到20\d\d年")
STATES_OUTCOME = re.compile(r"实现了|完成了|达到|比上年|全年|去年|过去|累计|已经|超额|实际")

# 「由哪个部门代发」「材料交给哪个单位」「找谁办」 ask for a body, which policy texts name by its suffix.
ASKS_BODY = re.compile(r"(?:哪个|哪家|哪一?级|哪些|什么)(?:部门|单位|机构|机关|组织|政府|公司|银行|企业|学校|医院)|由谁|谁来|谁负责|找谁|向谁|交给谁|(?:去|到|向|在)(?:哪里|哪儿|哪|边度)(?:申请|办理?|提出|递交|提交|报名|咨询|登记)|"
                       r"\b(?:which|what)\s+(?:department|agency|body|authority|office|organi[sz]ation|ministry|bureau|institution)\b|\bwho\b", re.I)
_ORGANISATION = re.compile(r"[\u4e00-\u9fff]{2,}?(?:部|局|委员会|委|中心|办公室|办事处|办|厅|署|院|政府|机构|银行|公司|协会|管委会|基金)(?![\u4e00-\u9fff]{0,1}(?:门|分|署))")
_CLAUSE = re.compile(r"[，,；;：:。！!？?（）()]")
_GENRE_WORD = re.compile(r"(?:政府)?(?:工作)?报告|文件|通知|意见|方案|办法|规划|计划|公报")  # what names a document, not a thing qualified
_FRAME_TERMS = {t for word in _FRAME_NOUNS for t in bigrams(word)} | {"预期", "期目", "计划", "任务", "要求"}


@dataclass
class QuestionView:
    """What every candidate is compared with, computed once per question."""

    query: Query
    weights: dict[str, float]
    nouns: list[str]
    core: str
    focus: dict[str, float] = field(default_factory=dict)
    unseen: float = 0.0  # the weight of a term no chunk of the library holds
    sibling: dict[str, float] = field(default_factory=dict)  # terms only the question's other parts use
    distinct: dict[str, float] = field(default_factory=dict)  # this part's terms that its other parts do not use
    figure_terms: dict[str, float] = field(default_factory=dict)  # what a figure must be stated of (no frame words, no years)
    total: float = field(init=False)
    sibling_total: float = field(init=False)
    periods: set[tuple[int, int]] = field(init=False)  # the parts of a year asked (「前三季度」 → (1, 9))
    codes: list[str] = field(init=False)  # grades the question names (「2A级」「A类」)
    asks_body: bool = field(init=False)  # a factoid question asking which body (department, unit, agency)
    counted: "re.Pattern | _ListCount | None" = field(init=False)  # 「开发区有多少个」: a figure counting that thing (「89个开发区」)
    modified: list[tuple[tuple[str, ...], str]] = field(init=False)  # (a modifier's forms, its head): noun pairs the question writes together

    def __post_init__(self) -> None:
        self.total = sum(self.weights.values()) or 1.0
        self.sibling_total = sum(self.sibling.values())
        if self.query.kind in ("number", "percent") or self.query.unit:  # only a figure question binds terms to a figure
            self.figure_terms = {t: w for t, w in {**self.weights, **self.focus}.items() if t not in _FRAME_TERMS and not _DIGIT.search(t)}
        asked = self.query.asked_text
        self.periods = asked_periods(self.query)
        self.codes = [] if self.query.english else question_codes(asked)  # English 「Q1」「H1」 are periods, not grades
        self.counted = counted_pattern(asked) or listed_pattern(asked)
        self.asks_body = self.query.kind == "factoid" and bool(ASKS_BODY.search(self.query.raw if self.query.english else asked))
        self.modified = [] if self.query.english else [((m, *vocabulary().expansions(m)), h) for m, h in modified_pairs(asked)]  # 「长护险」 is written 长期护理保险 too


def modified_pairs(asked: str) -> list[tuple[str, str]]:
    """The (modifier, head) pairs of adjacent content words in the question (jieba nouns, nominal verbs,
    distinguishing words of two characters or more, no digits): 「城镇调查失业率」 → (城镇, 调查), (调查, 失业率)."""
    import jieba.posseg

    words = [(p.word, len(p.word) >= 2 and not _DIGIT.search(p.word) and (p.flag.startswith("n") or p.flag in ("vn", "j", "b"))
              and p.word not in _FRAME_NOUNS and not _GENRE_WORD.fullmatch(p.word) and not _QUESTION_WORDS.fullmatch(p.word)
              and not gazetteer().find(p.word)) for p in jieba.posseg.lcut(asked)]  # a place is the place features' business
    return [(m, h) for (m, ok_m), (h, ok_h) in zip(words, words[1:]) if ok_m and ok_h]


def _modifier_swapped(view: QuestionView, norm: str, context: str) -> float:
    """The sentence writes a head the question qualifies, but not the question's qualifier, anywhere it or its
    title and heading say: 「城镇调查失业率目标」 answered by 「城镇登记失业率4.5%以内」, 「居民参保的」 by a
    sentence about 职工参保. A measured signal of near-miss questions (the qualifier asked is not stated)."""
    said = norm + context
    return float(any(head in norm and not any(form in said for form in forms) for forms, head in view.modified))


def _announces_list(query: Query, cand: Candidate) -> float:
    """A list question, and a sentence that announces a list (「申请……提交材料：」) with at least two sentences after
    it in its passage: the items follow it, and the composer answers with them."""
    if query.kind != "list" or not cand.norm.rstrip().endswith((":", "：")):
        return 0.0
    return float(len(sentences(cand.passage.text)) - cand.index - 1 >= 2)


def asked_periods(query: Query) -> set[tuple[int, int]]:
    """The parts of the year a question asks about (「前三季度」 → (1, 9)), from its own words, not its expansions."""
    return period_spans(query.raw if query.english else query.asked_text)


_ASK_WORD = re.compile(r"是多少|有多少|多少|多大|多长|几[个项条家年倍次类种]?|是什么|什么|是啥|啥|有哪些|哪些|哪几|哪个|哪|如何|怎样|怎么|何时|when|what|which|how", re.I)
_CLAUSE_BREAK = re.compile(r"[，。？！?!,；;：:、\s]")
_FILLER = re.compile(r"的|是|为|要|将|了|有|在|对|把|被|和|与|及|还|又|都|共|一共|分别|各|达到|达|要求|目标|计划|拟|预计|请问")


def focus_terms(query: Query) -> list[str]:
    """The words right around the question word (「规上工业增加值增速是多少」 → 规上工业增加值增速):
    what the answer sentence must talk about, more than the question's framing."""
    text = query.asked_text
    match = _ASK_WORD.search(text)
    if not match:
        return []
    left = _CLAUSE_BREAK.split(text[max(0, match.start() - 10): match.start()])[-1]
    right = _CLAUSE_BREAK.split(text[match.end(): match.end() + 10])[0]
    terms = []
    for side in (left, right):
        terms.extend(g for g in bigrams(_FILLER.sub(" ", side)) if len(g) == 2 or g.isdigit())
    return list(dict.fromkeys(terms))


# A phase of a project (「二期工程」 → 2期) is a code too: 「一期工程基本完工」 says nothing of phase two.
_GRADE = re.compile(r"(?<![A-Za-z\d])\d[A-Za-z](?=\s*(?:级|类|档|等|景区|标准))|(?<![A-Za-z\d])[A-Za-z](?:类|级|档|等)|(?<![\d.分共等])[1-9]期(?=工程|项目|建设)")  # 「分3期建设」 counts phases
_LETTER_RUN = re.compile(r"(?<![A-Z])(A{2,5})(?![A-Z])")  # 「AAAA级」 is how documents often write 4A


def question_codes(text: str) -> list[str]:
    """Grades and classes written with a Latin letter (「2A级景区」「A类护理」), and a project's phase (「二期工程」),
    upper-cased: bigram overlap cannot tell 2A from 3A, and a sentence about the neighbouring grade is no answer. Abbreviations
    (「M2」「5G基站」「3D打印」) are not grades: a passage may spell them out (「广义货币」)."""
    return list(dict.fromkeys(c.upper() for c in _GRADE.findall(text)))


_COUNTERS = "个家项所座条户名批类种款处只"
_COUNTED_BEFORE = re.compile(r"([\u4e00-\u9fff]{2,12}?)(?:又|还|各|分别|现在|目前|一共|总共|共|总计|合计|累计|都){0,3}(?:有|是|达到|达)?(?:多少|" + ASKING_JI + r")([" + _COUNTERS + "])")
_COUNTED_AFTER = re.compile(r"(?:多少|" + ASKING_JI + r")([" + _COUNTERS + "])([\u4e00-\u9fff]{2,8})")
_NOT_THING = ("v", "p", "u", "d", "c", "r", "y", "m", "q", "f", "t")


def _thing(text: str, leading: bool) -> str:
    """The noun phrase at the start (or end) of ``text``: jieba words up to the first verb, adverb, particle…"""
    import jieba.posseg

    words = [(w.word, w.flag) for w in jieba.posseg.lcut(text)]
    if not leading:
        words.reverse()
    kept = []
    for word, flag in words:
        if flag.startswith(_NOT_THING) and flag not in ("vn",):
            break
        kept.append(word)
    if not leading:
        kept.reverse()
    return "".join(kept)


_LIST_COUNTER = r"(?:个|项|大|条|类|种|家|方面|件|点|批)"
_LISTED = re.compile(r"哪(\d{1,2})" + _LIST_COUNTER)
_STATED_COUNT = re.compile(r"(?<![\d〇一二两三四五六七八九十])([\d〇一二两三四五六七八九十]{1,3})\s*" + _LIST_COUNTER)


@dataclass(frozen=True)
class _ListCount:
    """The count a list question asks for, found the way policy texts announce a list (「两大」「三个方面」「2项」)."""

    count: int

    def search(self, text: str) -> bool:
        return any(number_value(m.group(1)) == self.count for m in _STATED_COUNT.finditer(text))


def listed_pattern(text: str) -> _ListCount | None:
    """What a 「哪两个主导产业」 question's answer states of itself: the count, as policy texts announce a list
    (「两大主导产业」「三个方面」「2项」), so the sentence that names the list outranks one that only shares its words."""
    match = _LISTED.search(text)
    return _ListCount(int(match.group(1))) if match and 1 < int(match.group(1)) < 20 else None


def counted_pattern(text: str) -> re.Pattern | None:
    """What a 「多少个」 question counts, as the figure a sentence would state it with: 「开发区有多少个」 and
    「有多少个开发区入选」 → 「\\d+个…开发区」 or 「开发区…\\d+个」 (the thing's last three characters, a few
    characters from the figure: 「99个省级监测开发区」「签约招商引资项目855个」). Policy texts state a count
    as a modifier as often as as a predicate (「云南省89个开发区规上工业总产值……」), which term overlap cannot
    tell from any other figure."""
    after = _COUNTED_AFTER.search(text)
    before = _COUNTED_BEFORE.search(text)
    if after:
        unit, thing = after.group(1), _thing(after.group(2), leading=True)
    elif before:
        unit, thing = before.group(2), _thing(before.group(1), leading=False)
    else:
        return None
    head = thing[-3:]
    if len(head) < 2 or gazetteer().place(thing):  # 「柳河县有几个……」 counts something else
        return None
    figure, gap = r"\d+(?:\.\d+)?\s*多?" + unit, r"[^，,。；;\d]{0,6}?"
    return re.compile(figure + gap + re.escape(head) + "|" + re.escape(head) + gap + figure)


def question_terms(query: Query) -> list[str]:
    """Bigrams inside the question's words: 「告提」 across 「报告|提出」 would only add noise."""
    return _terms_of(_strip_latin(query))


def _terms_of(text: str) -> list[str]:
    import jieba

    terms: list[str] = []
    for word in jieba.lcut(_QUESTION_WORDS.sub(" ", text)):
        if len(word) >= 2 or word.isdigit():
            terms.extend(bigrams(word))
    return list(dict.fromkeys(terms))


def content_words(query: Query) -> list[str]:
    """The question's nouns (jieba POS n*, vn, j), which an answer must be about."""
    import jieba.posseg

    out = []
    for pair in jieba.posseg.lcut(_strip_latin(query)):
        word, flag = pair.word, pair.flag
        if len(word) >= 2 and re.match(r"[\u4e00-\u9fff]", word) and (flag.startswith("n") or flag in ("vn", "j")) and not _QUESTION_WORDS.fullmatch(word) and word not in _FRAME_NOUNS:
            out.append(word)
    return list(dict.fromkeys(out))


def _strip_latin(query: Query) -> str:
    text = query.match_text
    return re.sub(r"[A-Za-z]{3,}", " ", text) if query.english else text


def _place_terms(query: Query) -> set[str]:
    """The bigrams of the places the question names (「柳河县」 → 柳河, 河县, and those across its edges):
    place agreement has features of its own, and counted again as coverage it let a sentence that
    only names the place outrank the one that answers (「某县企业在科创板上市奖励多少」)."""
    text = query.match_text
    out: set[str] = set()
    for name in query.regions:
        if not gazetteer().named_as_place(name, text):
            continue  # 「三河三湖」「太湖治理」: a county's short form that is also a word stays a term
        for match in re.finditer(re.escape(name), text):
            start, end = match.start(), match.end()
            if end < len(text) and text[end] in "省市县区州旗盟":
                end += 1
            span = text[max(0, start - 1): end + 1]
            out.update(span[i: i + 2] for i in range(len(span) - 1))
    return out


# A document number as a question quotes it: an issuer code of a few characters ending as codes do, the year
# in brackets, the number (「示府办规〔2025〕15号」「国发〔2018〕42号」).
_ISSUED_AS = re.compile(r"(?:[\u4e00-\u9fff]{1,4}(?:发|规|函|字|令|办|电|复|文))?" + _DOC_NUMBER.pattern)


def _without_titles(query: Query, text: str) -> str:
    """``text`` with the document titles (《…》) and document numbers the question quotes cut out."""
    for title in query.titles:
        text = text.replace(f"《{arabic_numerals(normalize(title))}》", " ").replace(f"《{title}》", " ")
    return _ISSUED_AS.sub(" ", text)


def _title_terms(query: Query, terms: list[str]) -> set[str]:
    """The terms only the document titles and numbers the question quotes hold (「《关于……的若干措施》从什么
    时候起实施」): they say which document, which the passage's title and retrieval already weigh; counted as
    coverage they let the sentence that restates the title (「《……》已经市政府同意，现印发给你们」) outrank the
    one that answers. A term the question also uses outside them stays (「《……见习基地管理办法》规定见习期限
    多长」 keeps 见习)."""
    if not query.titles and not _ISSUED_AS.search(query.match_text):
        return set()
    outside = set(_terms_of(_without_titles(query, _strip_latin(query))))
    return {t for t in terms if t not in outside}


def question_view(query: Query, idf) -> QuestionView:
    terms, focus = question_terms(query), focus_terms(query)
    titles = _title_terms(query, terms + focus)
    places = _place_terms(query) | titles
    asked = _strip_latin(query).split(" ")[0] if query.english else query.asked_text
    if any(t not in places and t not in _FRAME_NOUNS for t in terms):
        terms = [t for t in terms if t not in places]
        if titles:  # the question asks more than its titles: they are no terms, focus words or phrase of it
            focus, asked = [t for t in focus if t not in titles], _without_titles(query, asked)
    own = set(terms) | set(focus) | places
    sibling = _sibling_terms(query, own)
    weights = idf(list(dict.fromkeys(terms + focus + sibling + [_NOWHERE]))) if terms or focus or sibling else {_NOWHERE: 0.0}
    core = _QUESTION_WORDS.sub("", asked)
    shared = {t for other in query.siblings for t in question_terms(other)}
    return QuestionView(query, {t: weights[t] for t in terms}, content_words(query), re.sub(r"[^\w%]", "", core), {t: weights[t] for t in focus},
                        unseen=weights[_NOWHERE], sibling={t: weights[t] for t in sibling},
                        distinct={t: weights[t] for t in terms if t not in shared})


def _sibling_terms(query: Query, own: set[str]) -> list[str]:
    """The terms and place bigrams that only the question's other parts use (「全国……目标是多少？上海……又
    是多少？」: 上海 and 粮食 for the first part). A sentence that names them is more likely the other part's
    answer; years are left to the year features."""
    out: list[str] = []
    for other in query.siblings:
        places = [t for name in other.regions if gazetteer().named_as_place(name, other.match_text) for t in bigrams(name)]
        for term in question_terms(other) + places:  # a place's own bigrams, not those across its edges
            if term not in own and not _DIGIT.search(term):
                out.append(term)
    return list(dict.fromkeys(out))


def _sibling_cov(view: QuestionView, text: str) -> float:
    """Weighted share of the other parts' own terms that ``text`` (sentence, title, heading, places) holds."""
    total = view.sibling_total
    return sum(w for t, w in view.sibling.items() if t in text) / total if total else 0.0


def _distinct_cov(view: QuestionView, text: str, coverage: float) -> float:
    """Weighted share of the terms only this part uses that ``text`` (sentence with title and heading) holds:
    「全国……目标是多少？上海……又是多少？」 — the sentence about 上海 holds the parts' shared words but not 全国.
    A question of one part (or whose terms its other parts all share) gets its plain coverage."""
    total = sum(view.distinct.values())
    return sum(w for t, w in view.distinct.items() if t in text) / total if total else coverage


def _held_terms(view: QuestionView, cands: list[Candidate]) -> dict[str, float]:
    """The question's terms that some candidate sentence holds, with their weights."""
    return {t: w for t, w in view.weights.items() if any(t in c.norm for c in cands)}


def _term_missing(held: dict[str, float], text: str) -> float:
    """The heaviest question term some other candidate sentence holds and this one (with its title and
    heading) does not, as a share of the heaviest such term: 「职工参保、居家护理报销几成」 asked of
    「居民参保人员……按X%的比例支付」 while 「职工参保人员……」 is among the candidates."""
    top = max(held.values(), default=0.0)
    return max((w for t, w in held.items() if t not in text), default=0.0) / top if top else 0.0


_NOWHERE = "\x00\x00"  # a token no chunk holds: its IDF is the weight of a term the library never writes


def _rare_missing(view: QuestionView, text: str) -> float:
    """The heaviest question term that the library writes but this passage (with its title, heading and
    places) does not, as a share of the weight of an unwritten term: 「某新区起步区的规划面积」 asked of a
    passage about another district's area. Terms no chunk holds say nothing about one passage (colloquial
    words, paraphrases; measured as a feature of their own, their share of the question lowered refusals
    out of fold)."""
    if not view.unseen:
        return 0.0
    missing = [w for t, w in view.weights.items() if w < view.unseen - 1e-6 and t not in text]
    return max(missing, default=0.0) / view.unseen


def _year_unstated(query: Query, cand: Candidate, document: str) -> float:
    """The question names a year that neither the passage, its context nor its document's date states
    (「2022年春节期间……」 asked of the previous year's scheme, whose sentences need not repeat the year)."""
    asked = set(query.years)
    if not asked:
        return 0.0
    years = {int(y) for y in _YEAR.findall(document)} | stated_years(document) | document_years(cand.passage.meta)  # spans count whole
    if cand.passage.meta.get("year") and _LAST_YEAR.search(document):
        years.add(int(cand.passage.meta["year"]) - 1)
    return float(not years & asked)


def _aim(query: Query, norm: str, heading: str = "") -> float:
    """+1 when the sentence states what the question asks (a goal, or an outcome), -1 when it states the
    other one only, 0 when either side is silent: 「2024年GDP总量」 is not 「今年预期目标…5%左右」. A sentence
    silent on it takes its section's frame: a review (「工作回顾」) reports outcomes, a plan (「主要任务」) goals."""
    asks_target, asks_outcome = bool(_ASKS_TARGET.search(query.match_text)), bool(_ASKS_OUTCOME.search(query.match_text))
    if asks_target == asks_outcome:
        return 0.0
    states_target, states_outcome = bool(_STATES_TARGET.search(norm)), bool(STATES_OUTCOME.search(norm))
    if states_target == states_outcome:
        states_outcome, states_target = bool(_REVIEW.search(heading)), bool(_PLAN.search(heading)) and not _REVIEW.search(heading)
    if states_target == states_outcome:
        return 0.0
    return 1.0 if states_target == asks_target else -1.0


def _focus(view: QuestionView, norm: str) -> tuple[float, float]:
    """(weighted share of the focus words in the sentence, a figure within a few characters of one)."""
    if not view.focus:
        return 0.0, 0.0
    total = sum(view.focus.values()) or 1.0
    share = sum(w for t, w in view.focus.items() if t in norm) / total
    near = 0.0
    for term in view.focus:
        at = norm.find(term)
        if at >= 0 and _DIGIT.search(norm[max(0, at - 6): at + len(term) + 14]):
            near = 1.0
            break
    return share, near


def _figure_unbound(view: QuestionView, norm: str) -> float:
    """How much of what the question asks the sentence names away from its figures: the heaviest question
    term the sentence writes, but not in the clause of its best-bound figure, as a share of the heaviest
    term, the clause before the figure's counting as its own (「全市农村居民人均可支配收入为12443元，超过……城镇居民人均可支配收入的增幅」 asked about 城镇;
    「二氧化硫排放量要下降3%，重点地区PM2.5浓度继续下降」 asked about PM2.5). Frame words (目标, 标准) and
    years say nothing about which figure; a question asking no figure gets 0."""
    terms = view.figure_terms
    top = max(terms.values(), default=0.0)
    named = [t for t in terms if t in norm]
    if not top or not named:
        return 0.0
    pieces = _CLAUSE.split(norm)
    # a figure clause with the clause before it: 「城镇居民人均可支配收入稳步提高，达到52000元」 states it of its topic
    windows = [pieces[i - 1] + c if i else c for i, c in enumerate(pieces) if _DIGIT.search(_YEAR.sub("", c))]
    if not windows:
        return 0.0
    return min(max((terms[t] for t in named if t not in w), default=0.0) for w in windows) / top


def _coverage(view: QuestionView, text: str) -> float:
    return sum(w for t, w in view.weights.items() if t in text) / view.total


def _noun_share(nouns: list[str], text: str) -> float:
    if not nouns:
        return 1.0
    return sum(1 for n in nouns if any(g in text for g in bigrams(n))) / len(nouns)


def _phrase(core: str, text: str) -> float:
    if not core:
        return 0.0
    match = SequenceMatcher(None, core, text, autojunk=False).find_longest_match(0, len(core), 0, len(text))
    return match.size / len(core)


def _type_features(kind: str, norm: str) -> tuple[float, float, float]:
    """(has the asked type, asks a type the sentence lacks, enumeration strength). A number is a figure with
    its unit or magnitude (「减少500万以上」); a year or a date is none (「自某年1月1日起执行」 does not say how
    much)."""
    present = {
        "percent": bool(_PERCENT.search(norm)),
        "number": kind == "number" and _states_number(without_dates(norm)),
        "date": bool(_DATE.search(norm)),
        "list": norm.count("、") >= 1,
        "documents": "《" in norm,
        "doc_number": bool(_DOC_NUMBER.search(norm)),
        "org": bool(_ORGANISATION.search(norm)),
    }
    asked = present.get(kind)
    if asked is None:
        return 0.0, 0.0, math.log1p(norm.count("、"))
    return float(asked), float(not asked), math.log1p(norm.count("、"))


def _states_number(figures: str) -> bool:
    return bool(_NUMBER_UNIT.search(figures) or _MAGNITUDE.search(figures))


def sentence_years(norm: str, heading: str, doc_year: int | None) -> set[int]:
    """The years a sentence speaks about: those it or its heading names, else its document's own where it
    says 「今年」 and the one before where it says 「去年」 (``relative_years``: every dated document uses the
    relative words), else its section's
    (``section_years``: a review looks back)."""
    stated = {int(y) for y in _YEAR.findall(norm)} or {int(y) for y in _YEAR.findall(heading)}
    if stated or not doc_year:
        return stated  # 「二、2015年工作总体部署」: 「赤字率从去年的2.1%提高到2.3%」 is about 2015
    return relative_years(norm, doc_year) or section_years(heading, doc_year)


def _year_features(query: Query, cand: Candidate, heading: str) -> tuple[float, float]:
    """(the sentence speaks about an asked year, it speaks only about other years). A sentence that names
    no year of its own under a paragraph opened by other years (``Candidate.lead``) speaks about those: measured,
    that reading as agreement too lowered the scorer's top-1 out of fold (a paragraph opened by the asked
    year holds many sentences that do not answer), so it only adds conflicts."""
    if not query.years:
        return 0.0, 0.0
    doc_year = cand.passage.meta.get("year") or None
    if query.doc_years and document_years(cand.passage.meta) & set(query.doc_years):  # 「2024年报告提到…」: all of that report, its review of 2023 included
        return 1.0, 0.0
    asked = set(query.years) - set(query.doc_years)
    inherited = cand.lead if not _YEAR.search(cand.norm) else frozenset()
    if inherited & asked:
        return 0.0, 0.0  # under 「到2025年，……」 a plan's next sentence is about 2025, not its document's year (no agreement: see above)
    years = sentence_years(cand.norm, heading, doc_year)
    agree = bool(years & asked)
    conflict = not agree and (bool(years) or bool(inherited and not inherited & asked))
    return float(agree), float(conflict)


def _period_features(view: QuestionView, cand: Candidate, heading: str, title: str) -> tuple[float, float]:
    """(the sentence reports on the part of the year asked, it reports on other parts only)."""
    if not view.periods:
        return 0.0, 0.0
    stated = reported_periods(cand.norm, heading, title, cand.periods)
    agree = bool(stated & view.periods)
    return float(agree), float(bool(stated) and not agree)


def _code_missing(view: QuestionView, document: str) -> float:
    """Share of the question's grades and codes that the passage and its context never write."""
    if not view.codes:
        return 0.0
    upper = _LETTER_RUN.sub(lambda m: f"{len(m.group(1))}A", document.upper())
    return sum(1 for c in view.codes if c not in upper) / len(view.codes)


def _place_features(query: Query, cand: Candidate, document: str, said: str) -> tuple[float, float, float, float]:
    """(share of the asked places in the sentence, in the document, none in the document, share the passage
    and its title and heading leave unsaid). A document's place list names every district it mentions
    anywhere: 「天河区的系数是多少」 is not answered by a passage of a city-wide notice that never says 天河."""
    if not query.regions:
        return 0.0, 0.0, 0.0, 0.0
    collective = vocabulary().collective_members(said)  # 「港澳台居民」 names 香港
    in_norm = vocabulary().collective_members(cand.norm) if collective else set()
    in_sentence = sum(1 for r in query.regions if r in cand.norm or r in in_norm) / len(query.regions)
    in_document = sum(1 for r in query.regions if r in document or r in collective) / len(query.regions)
    unsaid = sum(1 for r in query.regions if r not in said and r not in collective) / len(query.regions)
    return in_sentence, in_document, float(in_document == 0), unsaid


def document_regions(meta: dict) -> list[str]:
    """The places a passage's document names, most named first (stored joined by 「|」)."""
    regions = meta.get("regions") or []
    return regions.split("|") if isinstance(regions, str) else list(regions)


def _unit_features(query: Query, norm: str) -> tuple[float, float]:
    """(the sentence states a figure in the unit asked, the question asks a unit the sentence lacks)."""
    if not query.unit:
        return 0.0, 0.0
    found = re.search(r"\d(?:\.\d+)?\s*(?:万亿|亿|万|千|百)?" + re.escape(query.unit), norm) is not None
    return float(found), float(not found)


MODEL_FEATURES = FEATURES + tuple(f"gap_{name}" for name in FEATURES)


def with_gaps(rows: np.ndarray) -> np.ndarray:
    """Each feature beside its gap to the best candidate of the same question: a sentence is judged
    against its rivals (measured: top-1 0.71 → 0.73 out of fold), which a linear model cannot do alone."""
    if not len(rows):
        return np.zeros((0, len(MODEL_FEATURES)), dtype=rows.dtype)
    return np.hstack([rows, rows - rows.max(axis=0, keepdims=True)])


def features(view: QuestionView, cands: list[Candidate], similarity: np.ndarray | None = None) -> np.ndarray:
    """One row of ``FEATURES`` per candidate; ``similarity`` is the question–sentence cosine of a sentence encoder."""
    if not cands:
        return np.zeros((0, len(FEATURES)), dtype=np.float32)
    query, top_score = view.query, max(c.passage.score for c in cands) or 1.0
    held = _held_terms(view, cands)
    rows = []
    cache: dict[str, tuple] = {}  # per passage: its texts and what holds for all of its sentences
    for cand in cands:
        if cand.passage.id not in cache:
            meta = cand.passage.meta
            title = arabic_numerals(normalize(meta.get("title", "")))
            heading = arabic_numerals(normalize(meta.get("heading", "")))
            context = title + heading
            passage_norm = arabic_numerals(normalize(cand.passage.text))
            regions = "|".join(document_regions(meta))
            document = context + passage_norm + regions
            cache[cand.passage.id] = (context, passage_norm, heading, document, title, regions, _code_missing(view, document),
                                      _rare_missing(view, document), _year_unstated(query, cand, document))
        context, passage_norm, heading, document, title, regions, code_missing, rare_missing, year_unstated = cache[cand.passage.id]
        type_match, type_missing, enumeration = _type_features("org" if view.asks_body else query.kind, cand.norm)
        unit_match, unit_missing = _unit_features(query, cand.norm)
        year_agree, year_conflict = _year_features(query, cand, heading)
        place_sentence, place_document, place_missing, place_unstated = _place_features(query, cand, document, context + passage_norm)
        period_agree, period_conflict = _period_features(view, cand, heading, title)
        focus_cov, focus_near = _focus(view, cand.norm)
        cov_context = _coverage(view, cand.norm + context)
        rows.append((
            _coverage(view, cand.norm),
            cov_context,
            _coverage(view, passage_norm + context),
            _noun_share(view.nouns, cand.norm),
            _noun_share(view.nouns, passage_norm + context),
            _phrase(view.core, cand.norm),
            cand.passage.dense, float(similarity[len(rows)]) if similarity is not None else 0.0, focus_cov, focus_near,
            _aim(query, cand.norm, heading),
            float(bool(_DIGIT.search(_YEAR.sub("", cand.norm)))),
            type_match, type_missing, unit_match, unit_missing, enumeration, year_agree, year_conflict, period_agree, period_conflict,
            place_sentence, place_document, place_missing, place_unstated, code_missing,
            float(bool(view.counted and view.counted.search(cand.norm))),
            rare_missing, year_unstated, _sibling_cov(view, context + cand.norm + regions),
            _distinct_cov(view, context + cand.norm, cov_context), _term_missing(held, context + cand.norm),
            _modifier_swapped(view, cand.norm, context), _figure_unbound(view, cand.norm), _announces_list(query, cand),
            1.0 / (cand.rank + 1), cand.passage.score / top_score,
            math.log(len(cand.norm) + 1), float(cand.index == 0),
            float(len(cand.norm) < 20 and not _DIGIT.search(cand.norm) and not cand.norm.endswith(("。", "；"))),
        ))
    return np.asarray(rows, dtype=np.float32)
