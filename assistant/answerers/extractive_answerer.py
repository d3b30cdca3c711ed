"""The default answerer: no LLM, only sentences that exist in the cited passages.

Every sentence of the retrieved passages is scored by the fitted sentence
scorer (``assistant/answering``); the best one, with the sentences of its
passage that add what it lacks or follow it, is trimmed and cited. It refuses when the store lacks
what the question names (the year's report, the place, the document), or when
the best sentence's probability of stating the answer is below the threshold
chosen on held-out questions.
"""

from __future__ import annotations

import re

import numpy as np

from assistant.answerers.base import NOT_FOUND, Answerer, Draft
from assistant.answering.answer_confidence import confidence_row
from assistant.answering.answerability import Refusal, StoreChecks, place_conflict, stated_conflict
from assistant.answering.candidates import Candidate, candidates, sentences
from assistant.answering.composer import budget, choose, compose
from assistant.answering.features import FEATURES, QuestionView, features, question_view
from assistant.answering.figures import states_figure, states_unit
from assistant.answering.sentence_scorer import SentenceScorer, default_scorer
from assistant.query import Query
from assistant.retrieval.hybrid_retriever import Passage
from textkit.normalize import normalize
from textkit.cues import ASKING_JI
from textkit.numerals import arabic_numerals

_QUOTED = re.compile(r"[“\"「]([^”\"」]{2,30})[”\"」]")
NO_SUPPORT = "检索到的段落中没有足以回答该问题的内容"
PRUNE = 20  # candidates kept for the sentence encoder and the final scoring


_ASKS_COUNT = re.compile(r"多少|" + ASKING_JI + r"|百分之几|比例|比重|占比|增速|增幅|涨幅|增长率")


# An English question asks a figure in its own words (its appended Chinese terms are no asking).
_IN_MONEY_EN = re.compile(r"\bin (?:yuan|rmb)\b", re.I)
_ASKS_FIGURE_EN = re.compile(r"\bhow (?:many|much)\b|\bby how\b|\bwhat (?:percentage|proportion|share)\b|" + _IN_MONEY_EN.pattern, re.I)


def _asks_figure(query: Query) -> bool:
    if query.english:  # 「in yuan」 asks an amount whatever the kind; 「how large is its scope」 may be answered in words
        return bool(_ASKS_FIGURE_EN.search(query.raw)) and (query.kind in ("number", "percent") or bool(_IN_MONEY_EN.search(query.raw)))
    return query.kind in ("number", "percent") and bool(_ASKS_COUNT.search(query.text))


def declines_figure(query: Query, text: str) -> str:
    """Why a figure question's composed answer does not answer it ("" when it does)."""
    if query.unit and not states_unit(text, query.unit):
        return f"检索到的段落中没有以“{query.unit}”计的相应数字"
    if _asks_figure(query) and not states_figure(_without_echoes(query, text)):
        return "检索到的段落中没有相应的数字"
    return ""


_STATED_AMOUNT = re.compile(r"(?<![\d.])\d+(?:\.\d+)?\s*(?:%|‰|(?:万亿|亿|万|千|百)?元|万亿|亿)")


def _without_echoes(query: Query, text: str) -> str:
    """``text`` without the shares and amounts the question itself states: 「补贴不低于最低工资的80%，最低工资
    是每月多少」 is not answered by the sentence that says 80%. Only a figure with its % or 元, or in 亿 (「近2万亿，其中
    社保降费多少」), is an echo: a bare number in the question is as often a label (「5G」「一季度」「3项补贴」)
    as the answer's own figure."""
    norm = arabic_numerals(normalize(text))
    for figure in dict.fromkeys(_stated_amounts(query.asked_text)):
        norm = re.sub(r"(?<![\d.])" + re.escape(figure), "", norm)
    return norm


_LISTED_AMOUNTS = re.compile(r"(?<![\d.])((?:\d+(?:\.\d+)?\s*[和、与及]\s*)+)(\d+(?:\.\d+)?)\s*(%|‰|(?:万亿|亿|万|千|百)?元|万亿|亿)")


def _stated_amounts(asked: str) -> list[str]:
    """The amounts a question states, a unit shared by a list given to each (「提了0.11和0.13元」 → 0.11元, 0.13元)."""
    found = [m.group(0) for m in _STATED_AMOUNT.finditer(asked)]
    for match in _LISTED_AMOUNTS.finditer(asked):
        found.extend(n + match.group(3) for n in re.findall(r"\d+(?:\.\d+)?", match.group(1)))
    return found


def passage_ranking(ranked: list[Candidate], count: int) -> list[int]:
    """Passage positions (1-based) by their best sentence's probability, then as retrieved: the sentence
    scorer reads every sentence, so it reranks the passages too (measured: the evidence in the top 5
    for 0.84 → 0.89 of held-out question parts)."""
    best: dict[int, float] = {}
    for cand in ranked:
        best.setdefault(cand.rank + 1, cand.prob)  # ``ranked`` is best first
    return sorted(range(1, count + 1), key=lambda n: (-best.get(n, -1.0), n))


NEAR_TIE = 0.7  # measured 0.9 / 0.7 / 0.5: 0.5 answered one more unanswerable question, 0.7 none


def with_figure_first(query: Query, ranked: list[Candidate]) -> list[Candidate]:
    """A figure question whose best sentence states no figure, while a sentence of the same document the
    scorer rates nearly as likely does, leads with that one: a notice restates every standard's name where
    it says when they apply (「……孤儿养育标准……均从2025年1月1日起执行」) and gives the figure elsewhere
    (「孤儿养育标准……为每人每月2976元」)."""
    if not ranked or not declines_figure(query, ranked[0].text):
        return ranked
    for cand in ranked[1:]:
        if cand.prob < NEAR_TIE * ranked[0].prob:
            break
        if cand.passage.doc == ranked[0].passage.doc and not declines_figure(query, cand.text):
            return [cand] + [c for c in ranked if c is not cand]
    return ranked


class ExtractiveAnswerer(Answerer):
    name = "extractive"

    def __init__(self, idf, checks: StoreChecks | None = None, scorer: SentenceScorer | None = None, similarity=None, following=None) -> None:
        self._idf = idf
        self._following = following  # passage -> the next chunk of its document, or None
        self._checks = checks
        self._scorer = scorer
        self.similarity = similarity  # a SentenceSimilarity, or None: the feature is then held at its training mean

    def rows(self, query: Query, passages: list[Passage], prune: bool = True) -> tuple[QuestionView, list[Candidate], np.ndarray]:
        """Candidates of the passages and their feature rows: the scorer's input, for answering and for training.

        The sentence encoder is the costly feature, so only the ``PRUNE`` candidates
        the scorer ranks best without it (the feature held at its mean) are encoded
        and kept; training (``prune=False``) encodes them all.
        """
        view = question_view(query, self._idf)
        cands = candidates(passages)
        rows = features(view, cands)
        if not cands:
            return view, cands, rows
        if not self.similarity:  # no encoder configured: the feature says nothing either way
            return view, cands, self.scorer.without(rows, "dense_sentence") if prune else rows
        if prune and len(cands) > PRUNE:
            keep = np.argsort(-self.scorer.probabilities(self.scorer.without(rows, "dense_sentence")), kind="stable")[:PRUNE]
            cands, rows = [cands[i] for i in keep], rows[keep]
        rows[:, FEATURES.index("dense_sentence")] = self.similarity.similarities(query.raw, [c.text for c in cands])
        return view, cands, rows

    @property
    def scorer(self) -> SentenceScorer:
        return self._scorer or default_scorer()

    def refusal(self, query: Query, passages: list[Passage]) -> str:
        """Why the store cannot answer ``query`` at all ("" when nothing rules it out)."""
        found = self._ruled_out(query, passages)
        return found.reason if found else ""

    def _ruled_out(self, query: Query, passages: list[Passage]) -> Refusal | None:
        if not passages:
            return Refusal("政策库中没有与该问题相关的段落")
        return self._checks.check(query) if self._checks else None

    def scored(self, query: Query, passages: list[Passage]) -> tuple[QuestionView, list[Candidate], float]:
        """Candidates best first, each with its probability of stating the answer, and P(the answer is right)."""
        view, cands, rows = self.rows(query, passages)
        probs = self.scorer.probabilities(rows)
        for cand, prob in zip(cands, probs):
            cand.prob = float(prob)
        order = np.argsort(-probs, kind="stable") if len(cands) else np.zeros(0, dtype=int)
        confidence = self.scorer.confidence.probability(confidence_row(probs[order], rows[order], query)) if len(cands) else 0.0
        return view, [cands[i] for i in order], confidence

    def answer(self, query: Query, passages: list[Passage]) -> Draft:
        ruled_out = self._ruled_out(query, passages)
        if ruled_out:
            return Draft(NOT_FOUND, False, reason=ruled_out.reason, lacks_years=ruled_out.lacks_years)
        if query.kind == "documents":
            return self._documents(query, passages)
        if query.kind == "doc_number":
            found = self._doc_number(passages)
            if found:
                return found
        view, ranked, confidence = self.scored(query, passages)
        scorer, ranking = self.scorer, passage_ranking(ranked, len(passages))
        if not ranked or not view.weights or confidence < scorer.threshold:
            return Draft(NOT_FOUND, False, reason=NO_SUPPORT, confidence=confidence, ranking=ranking)
        chosen = choose(view, with_figure_first(query, ranked), scorer.second_ratio, scorer.neighbor_ratio)
        conflict = place_conflict(query, [c.passage for c in chosen]) or stated_conflict(query, chosen)
        if conflict:
            return Draft(NOT_FOUND, False, reason=conflict.reason, confidence=confidence, ranking=ranking)
        text, cited, highlights = compose(view, chosen, budget(query.kind), self._following)
        declined = declines_figure(query, text)
        if declined:
            return Draft(NOT_FOUND, False, reason=declined, confidence=confidence, ranking=ranking)
        return Draft(text, True, cited, highlights, confidence=confidence, ranking=ranking)

    def _doc_number(self, passages: list[Passage]) -> Draft | None:
        """「文号是多少」: the number the document's head gives (read at ingest), cited from the best-ranked
        passage that prints it; None when no retrieved passage does (the sentences are scored as usual)."""
        docs = list(dict.fromkeys(p.doc for p in passages))  # the document the question is about ranks first
        printed = [(docs.index(p.doc), n, p) for n, p in enumerate(passages, 1)
                   if p.meta.get("doc_number") and normalize(p.meta["doc_number"]) in normalize(p.text)]
        if not printed:
            return None
        _, n, passage = min(printed, key=lambda t: t[:2])
        number, title = passage.meta["doc_number"], passage.meta.get("title") or passage.doc
        line = next((s for s in sentences(passage.text) if normalize(number) in normalize(s)), number)
        return Draft(f"《{title}》的文号为{number}[{n}]。", True, [n], {n: [line]}, confidence=1.0, ranking=[n])

    def _documents(self, query: Query, passages: list[Passage]) -> Draft:
        """「哪些文件提到……」: name the documents whose passages contain the phrase asked about."""
        phrases = [normalize(p) for p in _QUOTED.findall(query.raw + query.text)]
        view = question_view(query, self._idf)
        keep: dict[str, int] = {}
        for rank, passage in enumerate(passages):
            norm = normalize(passage.text)
            hit = all(p in norm for p in phrases) if phrases else sum(w for t, w in view.weights.items() if t in norm) / view.total >= 0.5
            if hit and passage.doc not in keep:
                keep[passage.doc] = rank + 1
        if not keep:
            return Draft(NOT_FOUND, False, reason=NO_SUPPORT)
        titles = [f"《{passages[n - 1].meta.get('title') or passages[n - 1].doc}》[{n}]" for n in keep.values()]
        lead = f"提到“{'、'.join(_QUOTED.findall(query.raw))}”的文件有：" if phrases else "相关文件有："
        highlights = {n: [s for s in sentences(passages[n - 1].text) if all(p in normalize(s) for p in phrases)] for n in keep.values()}
        return Draft(lead + "；".join(titles) + "。", True, list(keep.values()), highlights, confidence=1.0)
