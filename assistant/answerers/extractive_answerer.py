"""The default answerer: no LLM, only sentences that exist in the cited passages.

It scores each sentence of the retrieved passages by how much of the
question's (IDF-weighted) vocabulary it covers, keeps the best one or two,
trims them to the clauses that carry the answer, and cites each to its
passage. It refuses when nothing covers enough of the question, or when the
year, place or document the question names is not where the sentence is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answerers.base import NOT_FOUND, Answerer, Draft
from assistant.query import Query
from assistant.retrieval.hybrid_retriever import Passage
from textkit.normalize import normalize
from textkit.tokenize import bigrams

_QUESTION_WORDS = re.compile(
    r"请问|是多少|有多少|多少|是什么|有什么|什么|有哪些|是哪些|哪些|哪几|哪个|哪|几个|几项|几条|几|"
    r"怎样|怎么|如何|是否|吗|呢|分别是|分别|主要|具体|是|了|的|为|要|达到|对"
)
_SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]*")
_CLAUSE = re.compile(r"[^，,：:]+[，,：:]?")
_NUMBER = re.compile(r"\d")
_DOC_LIST = re.compile(r"哪些(文件|文档|政策|材料|通知|报告)|哪(个|份)(文件|文档)")
_REPORT_REF = re.compile(r"((?:19|20)\d{2})\s*年(?:的)?(?:《)?(?:国务院)?(政府工作报告)")
_QUOTED = re.compile(r"[“\"「]([^”\"」]{2,30})[”\"」]")
MIN_COVERAGE = 0.5
CONTEXT_WEIGHT = 0.8
SHORT_SENTENCE = 90
MAX_ANSWER = 150


def question_kind(text: str) -> str:
    if _DOC_LIST.search(text):
        return "documents"
    if re.search(r"多少|几(个|项|条|家|年|倍|成)?|比例|比重|增速|增长率|how (many|much)|what (percentage|share)", text, re.I):
        return "numeric"
    if re.search(r"哪些|哪几|哪两|哪三|什么|包括|which|what", text, re.I):
        return "list"
    return "factoid"


def question_terms(query: Query) -> list[str]:
    """Bigrams inside the question's words: 「告提」 across 「报告|提出」 would only add noise."""
    import jieba

    text = normalize(query.text)
    if query.english:
        text = re.sub(r"[A-Za-z]+", " ", text)
    terms: list[str] = []
    for word in jieba.lcut(_QUESTION_WORDS.sub(" ", text)):
        if len(word) >= 2 or word.isdigit():
            terms.extend(bigrams(word))
    return list(dict.fromkeys(terms))


@dataclass
class _Candidate:
    rank: int
    sentence: str
    covered: set[str]
    score: float


class ExtractiveAnswerer(Answerer):
    name = "extractive"

    def __init__(self, idf) -> None:
        self._idf = idf

    def answer(self, query: Query, passages: list[Passage]) -> Draft:
        terms = question_terms(query)
        weights = self._idf(terms)
        total = sum(weights.values()) or 1.0
        kind = question_kind(query.raw + " " + query.text)
        if not passages or not terms:
            return Draft(NOT_FOUND, False)
        if _names_missing_report(query, passages) or not _regions_present(query, passages):
            return Draft(NOT_FOUND, False)
        if kind == "documents":
            return self._documents(query, passages, weights, total)
        candidates = [c for c in self._candidates(query, passages, weights, total, kind)]
        if not candidates or candidates[0].score < MIN_COVERAGE:
            return Draft(NOT_FOUND, False)
        return self._compose(candidates, weights, total, kind)

    def _candidates(self, query, passages, weights, total, kind) -> list[_Candidate]:
        out = []
        nouns = content_words(query)
        for rank, passage in enumerate(passages):
            context = normalize(passage.meta.get("title", "") + passage.meta.get("heading", ""))
            off_topic = _key_word_missing(nouns, context + normalize(passage.text))
            year = str(passage.meta.get("year") or "")
            for sentence in _SENTENCE.findall(passage.text):
                norm = normalize(sentence)
                own = {t for t in weights if t in norm}
                ctx = {t for t in weights if t in context or t == year} - own
                coverage = (sum(weights[t] for t in own) + CONTEXT_WEIGHT * sum(weights[t] for t in ctx)) / total
                if off_topic:
                    coverage *= 0.5
                if kind == "numeric" and not _NUMBER.search(sentence):
                    coverage *= 0.5
                if not _years_fit(query, norm, passage):
                    coverage *= 0.3
                if kind == "list" and "、" in sentence:
                    coverage *= 1.1
                out.append(_Candidate(rank, sentence.strip(), own | ctx, coverage * (1 - 0.03 * rank)))
        out.sort(key=lambda c: -c.score)
        return out

    def _compose(self, candidates: list[_Candidate], weights, total, kind) -> Draft:
        first = candidates[0]
        chosen = [first]
        covered = set(first.covered)
        missing = sum(weights[t] for t in weights if t not in covered) / total
        if missing > 0.2:
            for cand in candidates[1:8]:
                gain = sum(weights[t] for t in cand.covered - covered) / total
                if gain >= 0.12 and cand.sentence != first.sentence and cand.score >= MIN_COVERAGE * 0.8:
                    chosen.append(cand)
                    break
        cited: list[int] = []
        parts: list[str] = []
        highlights: dict[int, list[str]] = {}
        budget = MAX_ANSWER
        for cand in chosen:
            piece = _trim(cand.sentence, weights, kind, min(budget, SHORT_SENTENCE if len(chosen) > 1 else 120))
            if not piece:
                continue
            n = cand.rank + 1
            if n not in cited:
                cited.append(n)
            highlights.setdefault(n, []).append(cand.sentence)
            parts.append(f"{piece}[{n}]")
            budget -= len(piece)
        return Draft("".join(parts), True, cited, highlights)

    def _documents(self, query, passages, weights, total) -> Draft:
        """「哪些文件提到……」: name the documents whose passages contain the phrase asked about."""
        phrases = [normalize(p) for p in _QUOTED.findall(query.raw + query.text)]
        keep: dict[str, int] = {}
        for rank, passage in enumerate(passages):
            norm = normalize(passage.text)
            hit = all(p in norm for p in phrases) if phrases else sum(weights[t] for t in weights if t in norm) / total >= MIN_COVERAGE
            if hit and passage.doc not in keep:
                keep[passage.doc] = rank + 1
        if not keep:
            return Draft(NOT_FOUND, False)
        titles = [f"《{passages[n - 1].meta.get('title') or passages[n - 1].doc}》[{n}]" for n in keep.values()]
        lead = f"提到“{'、'.join(_QUOTED.findall(query.raw))}”的文件有：" if phrases else "相关文件有："
        highlights = {n: [s for s in _SENTENCE.findall(passages[n - 1].text) if all(p in normalize(s) for p in phrases)] for n in keep.values()}
        return Draft(lead + "；".join(titles) + "。", True, list(keep.values()), highlights)


def _trim(sentence: str, weights: dict, kind: str, limit: int) -> str:
    """The shortest run of clauses that keeps what the sentence says about the question."""
    sentence = sentence.strip()
    if len(sentence) <= limit:
        return sentence
    clauses = _CLAUSE.findall(sentence)

    def value(clause: str) -> float:
        norm = normalize(clause)
        gain = sum(w for t, w in weights.items() if t in norm)
        return gain + (0.5 * max(weights.values(), default=1) if kind == "numeric" and _NUMBER.search(clause) else 0)

    best = max(range(len(clauses)), key=lambda i: value(clauses[i]))
    lo = hi = best
    while True:
        options = [i for i in (lo - 1, hi + 1) if 0 <= i < len(clauses)]
        options = [i for i in options if value(clauses[i]) > 0]
        size = sum(len(c) for c in clauses[lo : hi + 1])
        options = [i for i in options if size + len(clauses[i]) <= limit]
        if not options:
            break
        pick = max(options, key=lambda i: value(clauses[i]))
        lo, hi = min(lo, pick), max(hi, pick)
    text = "".join(clauses[lo : hi + 1]).rstrip("，,：:")
    return text[:limit] if len(text) > limit else text


def _key_word_missing(words: list[str], passage_text: str) -> bool:
    """True when a noun of the question (「主导产业」「开发区」) is absent from the whole passage.

    Bigram overlap alone lets a sentence about 「上海自贸试验区」 answer a question
    about its 「主导产业」; each noun must show up, at least in part, around the sentence.
    """
    for word in words:
        grams = bigrams(word)
        if grams and not any(g in passage_text for g in grams):
            return True
    return False


# Nouns that frame a question rather than name its subject: 「……的目标是多少」「……的比重」.
_FRAME_NOUNS = set("目标 预期目标 比重 比例 情况 方面 水平 规模 数量 数额 金额 内容 措施 时间 年份 数字 结果 办法 方式 标准 要求 问题 规定 部分 总量 额度 名称 主要内容".split())


def content_words(query: Query) -> list[str]:
    """The question's nouns (jieba POS n*, vn, j), which an answer must be about."""
    import jieba.posseg

    text = normalize(query.text)
    if query.english:
        text = re.sub(r"[A-Za-z]+", " ", text)
    out = []
    for pair in jieba.posseg.lcut(text):
        word, flag = pair.word, pair.flag
        if len(word) >= 2 and re.match(r"[\u4e00-\u9fff]", word) and (flag.startswith("n") or flag in ("vn", "j")) and not _QUESTION_WORDS.fullmatch(word) and word not in _FRAME_NOUNS:
            out.append(word)
    return out


def _years_fit(query: Query, norm_sentence: str, passage: Passage) -> bool:
    """A year the question names must be the document's year, or be stated in the sentence or heading."""
    if not query.years:
        return True
    heading = normalize(passage.meta.get("heading", ""))
    return any(passage.meta.get("year") == y or f"{y}" in norm_sentence or f"{y}" in heading for y in query.years)


def _regions_present(query: Query, passages: list[Passage]) -> bool:
    """Every place the question names must appear in some retrieved passage or its document."""
    for region in query.regions:
        if not any(region in normalize(p.text) or region in p.meta.get("regions", "") or region in normalize(p.meta.get("title", "")) for p in passages):
            return False
    return True


def _names_missing_report(query: Query, passages: list[Passage]) -> bool:
    """「2020年政府工作报告」 when no retrieved passage comes from that year's report."""
    for year, kind in _REPORT_REF.findall(query.text):
        if not any(kind in p.meta.get("title", "") and p.meta.get("year") == int(year) for p in passages):
            return True
    return False
