"""Place names from the complete administrative-division list that ships with ``cpca``.

Every province, prefecture and county of the mainland (3,500 names) in its
full form (「昌宁县」) and its short form (「昌宁」, suffixes such as 县, 市,
自治州 and the ethnic names before 自治 removed). Matching is leftmost-longest
over the text, so 「浙江西部」 finds 浙江 and never 江西. A short form that
jieba's dictionary knows mainly as an ordinary word (「和平」「通道」「城区」)
is left out: it would turn every such word into a place.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
import importlib.util
from pathlib import Path

_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "林区", "地区", "省", "市", "县", "区", "旗", "盟")
_NAME_TAGS = {"ns"}
_COMMON_WORD_FREQ = 1000  # jieba frequency above which a non-place noun reading of a short form wins
_RARE_FREQ = 100  # ... and above which a verb, adjective, adverb or locative reading wins
_ORDINARY_TAG_HEADS = set("vadsftmqcpurli")
_RANK = {"province": 0, "city": 1, "county": 2}


@dataclass(frozen=True)
class Place:
    name: str  # the short form, the one every comparison uses
    level: str
    adcode: str


def _level(adcode: str) -> str:
    if adcode[2:6] == "0000":
        return "province"
    return "city" if adcode[4:6] == "00" else "county"


def _resource(name: str) -> Path:
    """A data file of cpca, found without importing cpca (its import needs pkg_resources and builds a matcher we do not use)."""
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        msg = "package 'cpca' is not installed; run `make setup`"
        raise RuntimeError(msg)
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / name


def _nations() -> list[str]:
    names = [line.strip() for line in _resource("56_nations.csv").read_text(encoding="utf-8").splitlines() if line.strip()]
    return sorted(names + [n.removesuffix("族") for n in names if len(n) > 2], key=len, reverse=True)


def short_form(full: str, nations: list[str]) -> str:
    """「红河哈尼族彝族自治州」 → 「红河」, 「昌宁县」 → 「昌宁」; the full name when nothing is left."""
    name = full
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
            break
    changed = True
    while changed:
        changed = False
        for nation in nations:
            if name.endswith(nation) and len(name) - len(nation) >= 2:
                name, changed = name[: -len(nation)], True
    return name if len(name) >= 2 else full


@lru_cache(maxsize=1)
def _jieba_words() -> dict[str, tuple[int, str]]:
    import jieba

    words = {}
    with (Path(jieba.__file__).parent / "dict.txt").open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3:
                words[parts[0]] = (int(parts[1]), parts[2])
    return words


def _ordinary_word(form: str) -> bool:
    """jieba reads it as a common verb, adjective or locative, or as a very frequent non-place noun."""
    known = _jieba_words().get(form)
    if not known or known[1] in _NAME_TAGS:
        return False
    freq, tag = known
    return freq >= (_RARE_FREQ if tag[0] in _ORDINARY_TAG_HEADS else _COMMON_WORD_FREQ)


class Gazetteer:
    """Leftmost-longest place matching over the cpca administrative divisions."""

    def __init__(self) -> None:
        nations = _nations()
        self._forms: dict[str, Place] = {}
        with _resource("adcodes.csv").open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                full, code = row["name"].strip(), row["adcode"]
                if len(full) < 2 or full.startswith("市辖") or _ordinary_word(full):
                    continue
                place = Place(short_form(full, nations), _level(code), code)
                for form in {full, place.name}:
                    if form == place.name and form != full and _ordinary_word(form):
                        continue
                    known = self._forms.get(form)
                    if known is None or _RANK[known.level] > _RANK[place.level]:  # a shared name means the higher level
                        self._forms[form] = place
        self._lengths = sorted({len(f) for f in self._forms}, reverse=True)
        self._full = {p.name for form, p in self._forms.items() if form == p.name and _is_full_name(form)}

    def __len__(self) -> int:
        return len(self._forms)

    def find(self, text: str) -> list[Place]:
        """Places named in ``text`` (simplified), in order of appearance, each once.

        A short form, and any two-character name, must also be a whole word to
        jieba: 「新平」 is a county, but not inside 「创新平台」; 「和县」 is one,
        but not in 「省、市和县」.
        """
        found: dict[str, Place] = {}
        bounds: set[int] | None = None
        i = 0
        while i < len(text):
            for size in self._lengths:
                form = text[i : i + size]
                place = self._forms.get(form)
                if place is None:
                    continue
                if len(form) <= 2 or (form == place.name and place.name not in self._full):
                    bounds = bounds if bounds is not None else _word_bounds(text)
                    if i not in bounds or i + size not in bounds:
                        continue
                found.setdefault(place.name, place)
                i += size
                break
            else:
                i += 1
        return list(found.values())

    def names(self, text: str) -> list[str]:
        return [p.name for p in self.find(text)]

    def level_names(self, level: str) -> list[str]:
        """Short names of one level (「province」「city」「county」), sorted."""
        return sorted({p.name for p in self._forms.values() if p.level == level})

    def is_place(self, word: str) -> bool:
        return word in self._forms

    def place(self, name: str) -> Place | None:
        return self._forms.get(name)

    def named_as_place(self, name: str, text: str) -> bool:
        """Whether ``text`` surely means the place ``name``: a county's two-character short form is often a
        common word too (新建, 平原, 三河), so it counts only when written with its suffix (「新建区」)."""
        place = self._forms.get(name)
        if place is None or place.level != "county" or len(name) > 2:
            return True
        return re.search(re.escape(name) + "[县区市旗]", text) is not None

    def canonical(self, word: str) -> str:
        place = self._forms.get(word)
        return place.name if place else word

    @lru_cache(maxsize=1)
    def romanized(self) -> dict[str, list[str]]:
        """Pinyin (「changning」) → short names, so an English question can name a place."""
        from pypinyin import lazy_pinyin

        out: dict[str, list[str]] = {}
        for place in {p.name: p for p in self._forms.values()}.values():
            key = "".join(lazy_pinyin(place.name))
            out.setdefault(key, []).append(place.name)
        return out

    def from_english(self, text: str) -> list[str]:
        """Chinese short names for the romanised place names in an English text."""
        table = self.romanized()
        out: list[str] = []
        words = re.findall(r"[A-Za-z]+", text)
        # a writer who capitalises names (the first word and acronyms such as GDP aside): 「guiding opinions」 is no 贵定
        cased = any(w[0].isupper() and not w.isupper() for w in words[1:])
        for word in words:
            if cased and not word[0].isupper():
                continue
            out.extend(n for n in table.get(word.lower(), []) if n not in out)
        return out


def _is_full_name(form: str) -> bool:
    return form.endswith(_SUFFIXES)


def _word_bounds(text: str) -> set[int]:
    import jieba

    bounds, position = {0}, 0
    for word in jieba.lcut(text):
        position += len(word)
        bounds.add(position)
    return bounds


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer()


def find_regions(simplified_text: str) -> list[str]:
    """Places named in a document, most mentioned first (the ``regions`` metadata)."""
    names = gazetteer().names(simplified_text)
    counts = {n: simplified_text.count(n) for n in names}
    return sorted(names, key=lambda n: -counts[n])
