"""Patterns of how Chinese policy texts and questions speak about time, shared by retrieval,
the answer features and follow-up rewriting so all three read a year the same way."""

from __future__ import annotations

import re

YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
# The years a question is about: not a comparison's base (「比2009年提高了多少」 asks about the report's year).
TOPIC_YEAR = re.compile(r"(?<!\d)(?<![比较])((?:19|20)\d{2})\s*年")
# A dated document's 「去年」 is the year before its own: annual reports review the past year.
LAST_YEAR = re.compile(r"去年|上年|上一年|过去一年|前一年")
# A question about what happened (not what was planned) is answered by the next year's documents.
ASKS_OUTCOME = re.compile(r"实际|完成|实现了|最后|最终|全年|总量|达到了|增长了|下降了|突破|result|actual|achieved", re.I)
# Officials write years short: 「05年报告」「17年」. Two digits then 年, not part of a longer number
# and not a duration (「17年来」「连续17年」「第17年」).
_SHORT_YEAR = re.compile(r"(?<![\d.．第近连续过去约共满])(['’]?)([0-2]\d|9\d)(?=年(?![来间内以]|的时间))")


def full_years(text: str) -> str:
    """「03年和04年报告」 → 「2003年和2004年报告」 (00–29 are this century, 90–99 the last)."""
    return _SHORT_YEAR.sub(lambda m: ("19" if m.group(2)[0] == "9" else "20") + m.group(2), text)
