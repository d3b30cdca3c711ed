"""Metadata filters, resolved to a set of documents so both the dense and keyword sides apply them.

Values are validated when a ``Filters`` is made (a bad date is an error naming
its field), dates compare as intervals at their stated precision, and a region
matches whole place names only (「宁」 matches neither 昌宁 nor 安宁).
"""

from __future__ import annotations

from dataclasses import dataclass

from textkit.date_span import DateSpan
from textkit.policyqa_error import PolicyQAError
from textkit.normalize import normalize

FILTER_KEYS = ("region", "issuer", "doc", "date_from", "date_to", "year")
_PLACE_SUFFIXES = "省市县区州"


def _place(name: str) -> str:
    """「昆明市」 and 「昆明」 are one place; a one-character remainder keeps its suffix."""
    name = normalize(name).strip()
    return name[:-1] if len(name) > 2 and name[-1] in _PLACE_SUFFIXES else name


def _filter_error(key: str, zh: str, en: str) -> PolicyQAError:
    return PolicyQAError("filters" if key == "filters" else key, zh, en)


@dataclass(frozen=True)
class Filters:
    region: str = ""
    issuer: str = ""
    doc: str = ""
    date_from: str = ""
    date_to: str = ""
    year: str = ""

    def __post_init__(self) -> None:
        """Validate and normalise dates, so equal filters are equal cache keys and a bad one fails early."""
        for key in ("date_from", "date_to", "year"):
            value = getattr(self, key).strip()
            if value:
                span = DateSpan.parse(value, key)
                if key == "year" and span.precision != "year":
                    raise _filter_error("year", f"年份「{value}」无效，应为四位数字，如 2023", f"year must be four digits, not '{value}'")
                object.__setattr__(self, key, span.iso())
        if self.date_from and self.date_to and DateSpan.parse(self.date_from).start > DateSpan.parse(self.date_to).end:
            raise _filter_error("date_to", "截止日期早于起始日期", f"date_to {self.date_to} is before date_from {self.date_from}")

    @classmethod
    def parse(cls, pairs: dict | list[str] | None) -> "Filters":
        """From ``{"region": "昆明"}`` or ``["region=昆明"]``; an unknown key is an error naming it."""
        if not pairs:
            return cls()
        if isinstance(pairs, list):
            items = {}
            for pair in pairs:
                key, sep, value = pair.partition("=")
                if not sep:
                    raise _filter_error("filters", f"筛选条件「{pair}」应为 键=值", f"filter '{pair}' must be key=value; keys: {', '.join(FILTER_KEYS)}")
                items[key.strip()] = value.strip()
            pairs = items
        unknown = [k for k in pairs if k not in FILTER_KEYS]
        if unknown:
            raise _filter_error("filters", f"未知的筛选条件「{unknown[0]}」", f"unknown filter key '{unknown[0]}'; allowed: {', '.join(FILTER_KEYS)}")
        return cls(**{k: str(v).strip() for k, v in pairs.items() if v is not None})

    def active(self) -> bool:
        return any((self.region, self.issuer, self.doc, self.date_from, self.date_to, self.year))

    def _date_ok(self, record: dict) -> bool:
        if not (self.date_from or self.date_to or self.year):
            return True
        span = DateSpan.lenient(record.get("date") or "")
        if span is None:
            return False
        checks = (
            not self.date_from or span.end >= DateSpan.parse(self.date_from).start,
            not self.date_to or span.start <= DateSpan.parse(self.date_to).end,
            not self.year or span.overlaps(DateSpan.parse(self.year)),
        )
        return all(checks)

    def matches(self, record: dict) -> bool:
        checks = (
            not self.region or _place(self.region) in {_place(r) for r in record.get("regions") or []},
            not self.issuer or normalize(self.issuer) in normalize(record.get("issuer") or ""),
            not self.doc or self.doc in (record.get("source"), record.get("doc_id")),
            self._date_ok(record),
        )
        return all(checks)

    def doc_ids(self, records: list[dict]) -> set[str] | None:
        """The documents allowed, or None when no filter is set."""
        if not self.active():
            return None
        return {r["doc_id"] for r in records if self.matches(r)}

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v}
