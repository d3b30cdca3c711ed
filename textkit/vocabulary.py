"""Policy vocabulary from a general data file: abbreviations ↔ full forms, English → Chinese terms.

Officials write 「GDP」「固投」「低保」 where documents write 「国内生产总值」
「固定资产投资」「最低生活保障」 (and the other way round); an English question
needs the Chinese terms to reach Chinese passages by keyword. The list is the
field's standard vocabulary (``data/vocabulary.json``), not any corpus's names.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

_DATA = Path(__file__).parent / "data" / "vocabulary.json"
_GROUP = "居民|同胞|人员|人士|籍|企业|投资者|青年|学生"


class Vocabulary:
    def __init__(self, path: Path = _DATA) -> None:
        data = json.loads(path.read_text(encoding="utf-8"))
        pairs = {k: v for k, v in data["abbreviations"].items() if k != v}
        self._related: dict[str, list[str]] = {}
        for short, full in pairs.items():
            self._related.setdefault(short, []).append(full)
            self._related.setdefault(full, []).append(short)
        self._english = {k.lower(): v for k, v in data["english"].items()}
        self._english_re = re.compile(r"(?<![A-Za-z])(" + "|".join(sorted(map(re.escape, self._english), key=len, reverse=True)) + r")(?![A-Za-z])", re.I)
        self._terms_re = re.compile("|".join(sorted(map(re.escape, self._related), key=len, reverse=True)), re.I)
        self._collective = {k: tuple(v) for k, v in data.get("collective_places", {}).items() if not k.startswith("_")}
        names = "|".join(sorted(map(re.escape, self._collective), key=len, reverse=True)) or "(?!)"
        self._collective_re = re.compile(f"({names})(?:地区)?(?={_GROUP})")

    def collective_members(self, text: str) -> set[str]:
        """The regions whose people or firms ``text`` addresses by a collective name (「港澳台居民」 are
        residents of 香港, 澳门 and 台湾); a joint programme (「京津冀协同发展」) is about no one member."""
        return {member for match in self._collective_re.finditer(text) for member in self._collective[match.group(1)]}

    def abbreviations_of(self, *genres: str) -> str:
        """A regex alternation of the Latin abbreviations whose full form ends in one of ``genres``
        (「GWR」 for 政府工作报告), so year and genre cues read them as the vocabulary defines them; a pattern
        that never matches when there are none."""
        found = [short for short, forms in self._related.items() if short.isascii() and any(f.endswith(genres) for f in forms)]
        return "|".join(map(re.escape, sorted(found, key=len, reverse=True))) or "(?!)"

    def expansions(self, text: str) -> list[str]:
        """The other forms of the abbreviations and full terms named in ``text`` (「GDP」 → 国内生产总值)."""
        out: list[str] = []
        for match in self._terms_re.finditer(text):
            key = match.group(0)
            forms = self._related.get(key) or self._related.get(key.upper()) or []
            out.extend(f for f in forms if f not in out and f not in text)
        return out

    def translate_english(self, text: str) -> str:
        """The Chinese terms for the English policy phrases in ``text``, space-separated, longest first."""
        seen: list[str] = []
        for match in self._english_re.finditer(text):
            term = self._english[match.group(1).lower()]
            if term not in seen:
                seen.append(term)
        return " ".join(seen)


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    return Vocabulary()
