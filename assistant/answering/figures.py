"""Whether a text states a figure, or one in a given unit: what a figure question's answer must hold.

Shared by the extractive answerer (which declines an answer without the figure asked) and the
answerability checks (which judge a figure question's year by the sentences that give the figure).
"""

from __future__ import annotations

import re

from textkit.normalize import normalize
from textkit.numerals import arabic_numerals


def states_unit(text: str, unit: str) -> bool:
    """Whether ``text`` gives a figure in ``unit``: a question asking 「多少亿元」 is not answered by a
    sentence without one (on the tuning sets this turned 7 of 18 unanswerable questions into
    refusals for 4 of 102 answerable ones)."""
    norm = arabic_numerals(normalize(text))
    currency = r"[美港欧日澳台]?" if unit.endswith("元") else ""  # 「100美元」 is an amount in 元 too
    if re.search(r"\d(?:\.\d+)?\s*(?:多|余)?\s*(?:万亿|亿|万|千|百)?\s*(?:多|余)?" + currency + re.escape(unit), norm):
        return True  # 「500多元」「5万余元」
    return unit == "元" and _MONEY_WORDS.search(norm) is not None


_FREE = r"免[收征交缴除费]|全免|全额|减半"  # an amount stated as waived, paid in full or halved
# An amount stated without a figure in 元: free of charge, in full, or a share of a standard (「按最低工资标准的90%发放」).
_MONEY_WORDS = re.compile(_FREE + r"|免费|\d+(?:\.\d+)?\s*%|\d+(?:\.\d+)?\s*倍")


# What a quoted figure may count (「“6”项任务」「"100"家企业」): such a figure is no label.
_COUNTED = r"[元个项家亿万千百%倍人户套台名所座条次年月日天批类种件]"
_YEARS_AND_DATES = re.compile(r"(?:19|20)\d{2}(?:\s*[-—–~至到]\s*(?:19|20)?\d{2,4}|(?:19|20)\d{2})?\s*年(?:度|代)?|"
                              r"(?<![\d.])[“\"「『]?[\dN+＋×]{1,12}[”\"」』](?=\s*[\u4e00-\u9fff])(?!\s*" + _COUNTED + ")|"
                              r"\d{1,2}\s*月(?:\d{1,2}\s*日)?|[〔\[(（]\s*(?:19|20)\d{2}\s*[〕\])）]\s*\d+\s*号|第\s*\d+\s*[条款项章节]")
_FIGURE_WORDS = re.compile(r"\d|翻番|翻一番|[一二两三四五六七八九十半]成|一半|过半|倍|[十百千万]余|数[十百千万]|" + _FREE)


def without_dates(norm: str) -> str:
    """``norm`` (normalised, Arabic numerals) without its years (「2023-2025年」, and 「20232025年」 where the
    source lost its dash), dates, article and document numbers, and quoted numeral labels (「“3815”战略」
    「“1+N”政策体系」 name a strategy, they count nothing): what is left of its digits are figures."""
    return _YEARS_AND_DATES.sub("", norm)


# 「一批」 says some, not how many: 「创建一批见习基地」 answers no 「how much」 (「第一批」「1批次」 do count).
_INDEFINITE = re.compile(r"(?<![\d.第])1批(?!次)")


def states_figure(text: str) -> bool:
    """Whether ``text`` gives any figure, years, dates, article numbers, document numbers and titles
    (《…三年行动》) aside: 「每月发多少钱」 is not answered by 「每月给予津贴」."""
    norm = without_dates(arabic_numerals(normalize(re.sub(r"\[\d{1,2}\]|《[^》]*》|《[^》，,。；;]*", "", text))))  # a title left open ends at its clause
    norm = _INDEFINITE.sub("", norm)
    return _FIGURE_WORDS.search(norm) is not None
