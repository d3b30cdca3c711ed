"""Dates as the interval they state: 「2015」 is all of 2015, 「2015-06」 all of June, 「2015-06-16」 one day.

Twenty of the 25 work reports state only a year, so comparing strings
(「2015」 < 「2015-01-01」) dropped them from a filter that starts on 1 January;
comparing intervals keeps any document whose stated period overlaps the filter.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from textkit.policyqa_error import PolicyQAError

_FORM = re.compile(r"^(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(\d{1,2})\s*日?|月)?)?\s*年?$")


@dataclass(frozen=True)
class DateSpan:
    start: date
    end: date
    precision: str  # "year", "month" or "day"

    @classmethod
    def parse(cls, text: str, field: str = "date") -> "DateSpan":
        """``2015``, ``2015-06``, ``2015/06/16``, ``2015年6月16日``; anything else is an error naming ``field``."""
        match = _FORM.match((text or "").strip())
        try:
            if not match:
                raise ValueError(text)
            year, month, day = (int(g) if g else 0 for g in match.groups())
            if month and day:
                start = end = date(year, month, day)
                return cls(start, end, "day")
            if month:
                return cls(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), "month")
            return cls(date(year, 1, 1), date(year, 12, 31), "year")
        except ValueError:
            zh = f"日期「{text}」无效，应为 2023、2023-06 或 2023-06-16"
            en = f"invalid date '{text}' for {field}; use YYYY, YYYY-MM or YYYY-MM-DD"
            raise PolicyQAError(field, zh, en) from None

    @classmethod
    def lenient(cls, text: str) -> "DateSpan | None":
        """A stored date, or None when a document states none (or none that parses)."""
        try:
            return cls.parse(text) if text else None
        except PolicyQAError:
            return None

    def iso(self) -> str:
        """The canonical text at this precision: ``2015``, ``2015-06`` or ``2015-06-16``."""
        return {"year": f"{self.start:%Y}", "month": f"{self.start:%Y-%m}"}.get(self.precision, self.start.isoformat())

    def overlaps(self, other: "DateSpan") -> bool:
        return self.start <= other.end and other.start <= self.end
