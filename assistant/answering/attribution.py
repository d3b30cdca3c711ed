"""Attribute each sentence of a generated answer to the passage that supports it.

A sentence is supported by a passage when every number and place it states
appears in that passage and most of its (IDF-weighted) terms do too; the
sentence is then cited to it, whatever marker the model wrote. Unsupported
sentences are dropped: a generated answer keeps only what the library says.
"""

from __future__ import annotations

import re

from assistant.answering.candidates import sentences
from assistant.retrieval.hybrid_retriever import Passage
from textkit.normalize import normalize
from textkit.numerals import arabic_numerals
from textkit.places import gazetteer
from textkit.tokenize import bigrams

_MARKER = re.compile(r"\[(\d{1,2})\]")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
MIN_SUPPORT = 0.6  # share of a sentence's term weight its passage must hold


def _claims(sentence: str, idf) -> tuple[list[str], list[str], dict[str, float]]:
    """What a generated sentence asserts: its numbers, its places, its weighted terms (read once, checked against each passage)."""
    norm = arabic_numerals(normalize(sentence))
    grams = list(dict.fromkeys(bigrams(norm)))
    return _NUMBER.findall(norm), gazetteer().names(norm), (idf(grams) if grams else {})


def _support(claims: tuple[list[str], list[str], dict[str, float]], passage: str) -> float:
    numbers, places, weights = claims
    if not weights or any(n not in passage for n in numbers) or any(p not in passage for p in places):
        return 0.0
    total = sum(weights.values()) or 1.0
    return sum(w for g, w in weights.items() if g in passage) / total


def attribute(text: str, passages: list[Passage], idf) -> tuple[str, list[int], dict[int, list[str]]]:
    """The supported sentences, each cited ``[n]`` to its best passage; the cited numbers; what to highlight."""
    bodies = [arabic_numerals(normalize(p.text + p.meta.get("title", ""))) for p in passages]
    kept, cited, highlights = [], [], {}
    for sentence in sentences(_MARKER.sub("", text)):
        claims = _claims(sentence, idf)
        scores = [_support(claims, body) for body in bodies]
        best = max(range(len(scores)), key=scores.__getitem__, default=None)
        if best is None or scores[best] < MIN_SUPPORT:
            continue
        n = best + 1
        if n not in cited:
            cited.append(n)
        highlights.setdefault(n, [])
        kept.append(f"{sentence.rstrip('。；;')}[{n}]")
    return ("；".join(kept) + "。") if kept else "", cited, highlights
