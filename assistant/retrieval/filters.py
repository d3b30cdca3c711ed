"""Metadata filters, resolved to a set of documents so both the dense and keyword sides apply them."""

from __future__ import annotations

from dataclasses import dataclass

from textkit.normalize import normalize

FILTER_KEYS = ("region", "issuer", "doc", "date_from", "date_to", "year")


@dataclass(frozen=True)
class Filters:
    region: str = ""
    issuer: str = ""
    doc: str = ""
    date_from: str = ""
    date_to: str = ""
    year: str = ""

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
                    msg = f"filter '{pair}' must be key=value; keys: {', '.join(FILTER_KEYS)}"
                    raise ValueError(msg)
                items[key.strip()] = value.strip()
            pairs = items
        unknown = [k for k in pairs if k not in FILTER_KEYS]
        if unknown:
            msg = f"unknown filter key '{unknown[0]}'; allowed: {', '.join(FILTER_KEYS)}"
            raise ValueError(msg)
        return cls(**{k: str(v).strip() for k, v in pairs.items() if v is not None})

    def active(self) -> bool:
        return any((self.region, self.issuer, self.doc, self.date_from, self.date_to, self.year))

    def matches(self, record: dict) -> bool:
        date = record.get("date") or ""
        checks = (
            not self.region or normalize(self.region) in "|".join(record.get("regions") or []) + normalize(record.get("title", "")),
            not self.issuer or normalize(self.issuer) in normalize(record.get("issuer") or ""),
            not self.doc or self.doc in (record.get("source"), record.get("doc_id")),
            not self.date_from or (date and date >= self.date_from),
            not self.date_to or (date and date[: len(self.date_to)] <= self.date_to),
            not self.year or date.startswith(self.year),
        )
        return all(checks)

    def doc_ids(self, records: list[dict]) -> set[str] | None:
        """The documents allowed, or None when no filter is set."""
        if not self.active():
            return None
        return {r["doc_id"] for r in records if self.matches(r)}

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v}
