"""Candidate answer sentences: every sentence of every retrieved passage, with where it came from."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.retrieval.hybrid_retriever import Passage
from textkit.normalize import normalize
from textkit.numerals import arabic_numerals

_SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]*")
MIN_CHARS = 4


@dataclass
class Candidate:
    rank: int  # 0-based position of the passage among the retrieved ones
    index: int  # position of the sentence in its passage
    text: str  # as the document writes it
    norm: str  # normalised, numerals in Arabic digits: what features compare
    passage: Passage
    prob: float = 0.0


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if len(s.strip()) >= MIN_CHARS]


def candidates(passages: list[Passage]) -> list[Candidate]:
    out = []
    for rank, passage in enumerate(passages):
        for index, sentence in enumerate(sentences(passage.text)):
            out.append(Candidate(rank, index, sentence, arabic_numerals(normalize(sentence)), passage))
    return out
