"""Patterns of how Chinese policy texts and questions speak about time, shared by retrieval,
the answer features and follow-up rewriting so all three read a year the same way."""

from __future__ import annotations

import re

YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
# A dated document's 「去年」 is the year before its own: annual reports review the past year.
LAST_YEAR = re.compile(r"去年|上年|上一年|过去一年|前一年")
# A question about what happened (not what was planned) is answered by the next year's documents.
ASKS_OUTCOME = re.compile(r"实际|完成|实现了|最后|最终|全年|总量|达到了|增长了|下降了|突破|result|actual|achieved", re.I)
