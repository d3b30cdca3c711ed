"""Chinese numerals to Arabic with cn2an, only where they are numbers: 「五年」→5年, 「百分之二十」→20%.

cn2an's own ``transform`` also rewrites words that merely contain 一 (「统一」→统1,
「一园一策」→1园1策), so spans are chosen here: 百分之/分之 forms, runs of two or
more numeral characters that cn2an accepts, and a single numeral followed by a
measure word or unit.
"""

from __future__ import annotations

import re
import warnings

_DIGITS = "零〇一二三四五六七八九十百千万亿两点"
_PLAIN = "〇一二三四五六七八九零"
_MEASURE = "年个项次倍家条种类批月日天人元亿万吨亩户所座名位季度成期轮届"
_PERCENT = re.compile(rf"百分之([{_DIGITS}]+)")
_FRACTION = re.compile(rf"([{_DIGITS}]+)分之([{_DIGITS}]+)")
_RUN = re.compile(rf"[{_DIGITS}]{{2,}}|[{_DIGITS}](?=[{_MEASURE}])")


def _number(span: str) -> str | None:
    import cn2an

    if span.startswith("点") or span.endswith("点"):
        return None
    if len(span) > 1 and all(ch in _PLAIN for ch in span):  # 二〇二三 is read digit by digit
        return "".join(str(_PLAIN.index(ch) % 10) for ch in span)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            value = cn2an.cn2an(span.replace("两", "二"), "strict")
        except (ValueError, KeyError, IndexError):
            return None
    return f"{value:g}" if isinstance(value, float) else str(value)


def number_value(span: str) -> int | None:
    """「十一」 → 11, 「3」 → 3; None when the span is no whole number (an item's ordinal, 「（十一）」)."""
    value = span if span.isdigit() else _number(span)
    return int(value) if value and value.isdigit() else None


def _sub(pattern: re.Pattern, text: str, render) -> str:
    def repl(match: re.Match) -> str:
        values = [_number(g) for g in match.groups()] if match.groups() else [_number(match.group(0))]
        return match.group(0) if any(v is None for v in values) else render(*values)

    return pattern.sub(repl, text)


def arabic_numerals(text: str) -> str:
    """``text`` with its Chinese numerals written in Arabic digits; everything else unchanged."""
    if not any(ch in _DIGITS for ch in text):
        return text
    text = _sub(_PERCENT, text, lambda v: f"{v}%")
    text = _sub(_FRACTION, text, lambda den, num: f"{num}/{den}")
    return _sub(_RUN, text, lambda v: v)
