"""From scored candidates to a short cited answer: the best sentence, a second one when it adds
what the first lacks, each trimmed to the clauses that carry the answer."""

from __future__ import annotations

import re

from assistant.answering.candidates import Candidate, sentences
from assistant.answering.features import QuestionView
from textkit.normalize import normalize
from textkit.numerals import arabic_numerals

_CLAUSE = re.compile(r"[^，,：:]+[，,：:]?")
_NUMBER = re.compile(r"\d")
_FIGURE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?\s*(?:%|‰|万亿元|亿元|万元|元|万吨|亿吨|吨|万人|人|个百分点|倍|万千瓦|千瓦|平方公里|万亩|亩|户|家|个|项|万亿|亿|万)(?:左右|以上|以内|以下)?")
MAX_ANSWER = 150
MAX_LIST = 300
MIN_GAIN = 0.1  # share of the question's term weight a second sentence must add


def budget(kind: str) -> int:
    return MAX_LIST if kind == "list" else MAX_ANSWER


def choose(view: QuestionView, ranked: list[Candidate], second_ratio: float) -> list[Candidate]:
    """The best candidate, plus the next ones that are nearly as likely and cover more of the question."""
    first = ranked[0]
    chosen = [first]
    covered = {t for t in view.weights if t in first.norm}
    extra = 0 if view.query.parts > 1 else 2 if view.query.kind == "list" else 1
    for cand in ranked[1:10]:
        if len(chosen) > extra or cand.prob < second_ratio * first.prob:
            break
        if any(cand.norm in c.norm or c.norm in cand.norm for c in chosen) or not _same_frame(view, first, cand):
            continue
        new = {t for t in view.weights if t in cand.norm} - covered
        gain = sum(view.weights[t] for t in new) / view.total
        if gain >= MIN_GAIN or (view.query.kind in ("list", "number", "percent") and _NUMBER.search(cand.norm) and cand.passage.id != first.passage.id):
            chosen.append(cand)
            covered |= new
    return chosen


def _same_frame(view: QuestionView, first: Candidate, cand: Candidate) -> bool:
    """A second sentence stays in the first one's year when the question names a year: the same
    target restated in next year's document is another answer, not more of this one."""
    if not view.query.years:
        return True
    years = first.passage.meta.get("year"), cand.passage.meta.get("year")
    return not all(years) or years[0] == years[1]


def with_announced_list(first: Candidate, limit: int, following=None) -> str:
    """A sentence that announces a list (「…分为以下三类：」) is answered with the list that follows it,
    in the same passage or, when the passage ends there, in the next chunk (``following``)."""
    text = first.text.strip()
    if not text.endswith(("：", ":")):
        return text
    rest = sentences(first.passage.text)[first.index + 1:]
    if not rest and following is not None:
        nxt = following(first.passage)
        rest = sentences(nxt.text) if nxt is not None else []
    for sentence in rest:
        if len(text) + len(sentence) > limit:
            break
        text += sentence
    return text


def trim(sentence: str, view: QuestionView, limit: int) -> str:
    """The shortest run of clauses that keeps what the sentence says about the question."""
    sentence = sentence.strip()
    if len(sentence) <= limit:
        return sentence
    clauses = _CLAUSE.findall(sentence)
    top = max(view.weights.values(), default=1.0)

    def value(clause: str) -> float:
        norm = arabic_numerals(normalize(clause))
        gain = sum(w for t, w in view.weights.items() if t in norm)
        return gain + (0.5 * top if view.query.kind in ("number", "percent", "date") and _NUMBER.search(norm) else 0)

    best = max(range(len(clauses)), key=lambda i: value(clauses[i]))
    lo = hi = best
    while True:
        size = sum(len(c) for c in clauses[lo : hi + 1])
        options = [i for i in (lo - 1, hi + 1) if 0 <= i < len(clauses) and value(clauses[i]) > 0 and size + len(clauses[i]) <= limit]
        if not options:
            break
        pick = max(options, key=lambda i: value(clauses[i]))
        lo, hi = min(lo, pick), max(hi, pick)
    text = "".join(clauses[lo : hi + 1]).rstrip("，,：:")
    return text[:limit]


def headline_figure(view: QuestionView, piece: str) -> str:
    """The figure a 「多少」 question asks for, when the sentence states it right after a focus word
    and not already at its start: an official reads the number first."""
    if view.query.kind not in ("number", "percent") or not view.focus:
        return ""
    norm = arabic_numerals(normalize(piece))
    starts = [norm.find(t) for t in view.focus if norm.find(t) >= 0]
    if not starts:
        return ""
    match = _FIGURE.search(norm, min(starts))
    if not match or match.start() - min(starts) > 20 or match.start() < 12:
        return ""
    return match.group(0)


def compose(view: QuestionView, chosen: list[Candidate], limit: int, following=None) -> tuple[str, list[int], dict[int, list[str]]]:
    """Answer text with [n] markers (n = passage rank + 1), the cited ranks and the highlighted sentences."""
    parts, cited, highlights = [], [], {}
    share = limit // len(chosen)
    for cand in chosen:
        piece = trim(with_announced_list(cand, share, following), view, share)
        if not piece:
            continue
        n = cand.rank + 1
        if n not in cited:
            cited.append(n)
        highlights.setdefault(n, []).append(cand.text)
        figure = headline_figure(view, piece) if len(chosen) == 1 and view.query.parts == 1 else ""
        parts.append(f"{figure + '：' if figure else ''}{piece.rstrip('。；;')}[{n}]")
    return "；".join(parts) + "。" if parts else "", cited, highlights
