"""Features of a candidate sentence for a question, the same for any Chinese policy corpus.

Lexical: IDF-weighted coverage of the question's terms by the sentence, its
context (title, heading) and its passage; the share of the question's nouns;
the longest phrase they share. Semantic: the e5 similarity of question and
passage (from the retriever). Answer type: a number with a unit, a percentage,
a date or an enumeration where the question asks for one. Agreement: the years
and places the question names. Position: passage rank and fused score.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

import numpy as np

from assistant.answering.candidates import Candidate
from assistant.query import Query
from textkit.normalize import normalize
from textkit.numerals import arabic_numerals
from textkit.tokenize import bigrams

FEATURES = (
    "cov_sentence", "cov_context", "cov_passage", "noun_share", "noun_share_passage", "phrase",
    "dense_passage", "has_number", "type_match", "type_missing", "unit_match", "unit_missing", "enumeration",
    "year_agree", "year_conflict", "place_sentence", "place_document", "place_missing",
    "rank_inv", "fused_rel", "length_log", "first_sentence", "heading_like",
)
_QUESTION_WORDS = re.compile(
    r"请问|是多少|有多少|多少|是什么|有什么|什么|有哪些|是哪些|哪些|哪几|哪个|哪|几个|几项|几条|几|"
    r"怎样|怎么|如何|是否|吗|呢|分别是|分别|各是|各|主要|具体|是|了|的|为|要|达到|对|和|与|及|还|又"
)
_FRAME_NOUNS = set("目标 预期目标 比重 比例 情况 方面 水平 规模 数量 数额 金额 内容 措施 时间 年份 数字 结果 办法 方式 标准 要求 问题 规定 部分 总量 额度 名称 主要内容 文件 政策".split())
_NUMBER_UNIT = re.compile(r"\d+(?:\.\d+)?\s*(?:%|‰|万亿|亿|万|千|百)?\s*(?:元|美元|吨|个|项|家|户|人|次|倍|亩|公顷|平方公里|平方米|公里|千瓦|千瓦时|度|辆|所|座|条|天|年|月|分|发|颗|套|台|张|名|位|批|类|种|期|小时|百分点|个百分点|%)")
_PERCENT = re.compile(r"\d+(?:\.\d+)?\s*%|百分点|\d+/\d+|[一二三四五六七八九十]成")
_DATE = re.compile(r"(?:19|20)\d{2}年(?:\d{1,2}月(?:\d{1,2}日)?)?|\d{1,2}月\d{1,2}日|起施行|之日起")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})年")
_DIGIT = re.compile(r"\d")
_LAST_YEAR = re.compile(r"去年|上年|上一年|过去一年|前一年")


@dataclass
class QuestionView:
    """What every candidate is compared with, computed once per question."""

    query: Query
    weights: dict[str, float]
    nouns: list[str]
    core: str
    total: float = field(init=False)

    def __post_init__(self) -> None:
        self.total = sum(self.weights.values()) or 1.0


def question_terms(query: Query) -> list[str]:
    """Bigrams inside the question's words: 「告提」 across 「报告|提出」 would only add noise."""
    import jieba

    text = _strip_latin(query)
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


def question_view(query: Query, idf) -> QuestionView:
    terms = question_terms(query)
    core = _QUESTION_WORDS.sub("", _strip_latin(query).split(" ")[0])
    return QuestionView(query, idf(terms) if terms else {}, content_words(query), re.sub(r"[^\w%]", "", core))


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
    """(has the asked type, asks a type the sentence lacks, enumeration strength)."""
    present = {
        "percent": bool(_PERCENT.search(norm)),
        "number": bool(_NUMBER_UNIT.search(norm)),
        "date": bool(_DATE.search(norm)),
        "list": norm.count("、") >= 1,
        "documents": "《" in norm,
    }
    asked = present.get(kind)
    if asked is None:
        return 0.0, 0.0, math.log1p(norm.count("、"))
    return float(asked), float(not asked), math.log1p(norm.count("、"))


def sentence_years(norm: str, heading: str, doc_year: int | None) -> set[int]:
    """The years a sentence speaks about: those it names, else its heading's, else its document's,
    shifted by the relative words every dated document uses (「去年」 is the year before)."""
    stated = {int(y) for y in _YEAR.findall(norm)} or {int(y) for y in _YEAR.findall(heading)}
    if stated or not doc_year:
        return stated
    if _LAST_YEAR.search(norm):
        return {doc_year - 1}
    return {doc_year}


def _year_features(query: Query, cand: Candidate, heading: str) -> tuple[float, float]:
    """(the sentence speaks about an asked year, it speaks only about other years)."""
    if not query.years:
        return 0.0, 0.0
    years = sentence_years(cand.norm, heading, cand.passage.meta.get("year") or None)
    agree = bool(years & set(query.years))
    return float(agree), float(bool(years) and not agree)


def _place_features(query: Query, cand: Candidate, context: str) -> tuple[float, float, float]:
    """(share of the asked places in the sentence, in the document, none in the document)."""
    if not query.regions:
        return 0.0, 0.0, 0.0
    document = context + normalize(cand.passage.text) + "|".join(_regions(cand.passage.meta))
    in_sentence = sum(1 for r in query.regions if r in cand.norm) / len(query.regions)
    in_document = sum(1 for r in query.regions if r in document) / len(query.regions)
    return in_sentence, in_document, float(in_document == 0)


def _regions(meta: dict) -> list[str]:
    regions = meta.get("regions") or []
    return regions.split("|") if isinstance(regions, str) else list(regions)


def _unit_features(query: Query, norm: str) -> tuple[float, float]:
    """(the sentence states a figure in the unit asked, the question asks a unit the sentence lacks)."""
    if not query.unit:
        return 0.0, 0.0
    found = re.search(r"\d(?:\.\d+)?\s*(?:万亿|亿|万|千|百)?" + re.escape(query.unit), norm) is not None
    return float(found), float(not found)


def features(view: QuestionView, cands: list[Candidate]) -> np.ndarray:
    """One row of ``FEATURES`` per candidate."""
    if not cands:
        return np.zeros((0, len(FEATURES)), dtype=np.float32)
    query, top_score = view.query, max(c.passage.score for c in cands) or 1.0
    rows = []
    cache: dict[str, tuple[str, str]] = {}
    for cand in cands:
        if cand.passage.id not in cache:
            meta = cand.passage.meta
            context = arabic_numerals(normalize(meta.get("title", "") + meta.get("heading", "")))
            cache[cand.passage.id] = (context, arabic_numerals(normalize(cand.passage.text)))
        context, passage_norm = cache[cand.passage.id]
        heading = arabic_numerals(normalize(cand.passage.meta.get("heading", "")))
        type_match, type_missing, enumeration = _type_features(query.kind, cand.norm)
        unit_match, unit_missing = _unit_features(query, cand.norm)
        year_agree, year_conflict = _year_features(query, cand, heading)
        place_sentence, place_document, place_missing = _place_features(query, cand, context)
        rows.append((
            _coverage(view, cand.norm),
            _coverage(view, cand.norm + context),
            _coverage(view, passage_norm + context),
            _noun_share(view.nouns, cand.norm),
            _noun_share(view.nouns, passage_norm + context),
            _phrase(view.core, cand.norm),
            cand.passage.dense,
            float(bool(_DIGIT.search(_YEAR.sub("", cand.norm)))),
            type_match, type_missing, unit_match, unit_missing, enumeration, year_agree, year_conflict,
            place_sentence, place_document, place_missing,
            1.0 / (cand.rank + 1), cand.passage.score / top_score,
            math.log(len(cand.norm) + 1), float(cand.index == 0),
            float(len(cand.norm) < 20 and not _DIGIT.search(cand.norm) and not cand.norm.endswith(("。", "；"))),
        ))
    return np.asarray(rows, dtype=np.float32)
