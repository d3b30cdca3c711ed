"""Document metadata read from what the text states: title, issuer, date, document number, regions.

Each field is left empty rather than guessed; labels are matched on the
simplified form so traditional pages (「來源」「時間」) work too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.cleaner import clean_lines, is_heading
from textkit.normalize import strip_pinyin, to_simplified
from textkit.places import find_regions

_DATE = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
_LABELLED_DATE = re.compile(rf"(?:发布日期|成文日期|发文日期|印发日期|发布时间|时间|日期)\s*[:：]?\s*{_DATE}")
_SPEECH_DATE = re.compile(rf"——\s*{_DATE}\s*在")
_BARE_DATE = re.compile(rf"^[(（]?{_DATE}(\s+\d{{1,2}}:\d{{2}}(:\d{{2}})?)?[)）]?$")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*第?\d{1,5}\s*号")
_LABEL = re.compile(r"发文机关|发布机构|发文单位|来源|分类|索引号|主题|文号")
_NUMBER_LABEL = re.compile(r"\s*(?:(?:发文字号|文号|发文号|索引号)\s*[:：]?\s*)?")
_ISSUER_LABEL = re.compile(r"(?:(?:发布机构|发文机关|发文单位)\s*[:：]?|(?:署名|来源)\s*[:：])\s*([^\s|｜:：]{2,30})")
_ORG_SUFFIX = re.compile(r"(委员会|人民政府|政府|办公室|办公厅|管理委员会|管委会|局|厅|委|部|院|中心|集团|协会)$")
_PERIOD = r"(?:[（(][^（）()]{2,20}[）)])?"  # 「……行动计划（2023—2025年）」「……办法（试行）」
_FORMAL_TITLE = re.compile(r"关于.{2,80}的(函|通知|意见|办法|方案|决定|报告|批复|规划|计划|复函|公告|通告|规定|细则|答复)" + _PERIOD + "$")
_GENRE_TITLE = re.compile(r"^[^，。；：,;:]{4,80}(报告|规划|纲要|意见|通知|方案|办法|决定|条例|细则|措施|公报|批复|指引|实施方案|行动计划)" + _PERIOD + "$")
_MARKUP = re.compile(r"^#+\s*|\*\*")  # Markdown pages: 「# 标题」「**发布日期**」
_GWR_TITLE = re.compile(r"^(\d{4})年.{0,12}(国务院)政府工作报告")


@dataclass
class DocMetadata:
    title: str = ""
    issuer: str = ""
    date: str = ""
    doc_number: str = ""
    regions: list[str] = field(default_factory=list)


def _iso(match: re.Match) -> str:
    year, month, day = (int(g) for g in match.groups()[:3])
    if not (1949 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31):
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}"


def _title(lines: list[str]) -> str:
    """The first line (or run of up to three short lines) of the head that reads as a title
    (「关于……的函」, 「……工作报告」), else the first real line.

    The earliest such line wins: a report's own title comes before the decisions
    it cites, even when a cited title stands on a line of its own. Official documents
    break long titles over lines (「国务院关于加快推进农业机械化和 / 农机装备产业转型升级的
    指导意见」); a run is joined only when its earlier lines do not read as titles or
    sentences of their own.
    """
    head = [_MARKUP.sub("", ln).strip() for ln in lines[:15] if not is_heading(ln)]
    head = [ln for ln in head if len(re.findall(r"[\u4e00-\u9fffA-Za-z]", ln)) >= 2]
    for i in range(len(head)):
        for span in (3, 2, 1):
            group = head[i : i + span]
            if len(group) < span or (span > 1 and not all(_continues(ln) for ln in group[:-1])):
                continue
            joined = group[0] if span == 1 else "".join(re.sub(r"\s+", "", ln) for ln in group)
            if _is_title(joined) and len(joined) <= 120:
                return re.sub(r"\s+", " ", joined).strip()
    for line in head:
        if len(line) >= 4 and not _DOC_NUMBER.fullmatch(line) and not re.match(r"^.{0,10}[:：]$", line):
            return line[:120]
    return ""


def _is_title(text: str) -> bool:
    flat = re.sub(r"\s+", "", text)
    return bool(_FORMAL_TITLE.search(flat) or _GENRE_TITLE.search(flat))


def _continues(line: str) -> bool:
    """A line that opens a title broken over lines: short, not a title, date or number of its own, and
    plainly unfinished (「国务院关于加快推进……和」, 「……关于」) or an issuer's name before the title
    (「中共某县委 某县人民政府」), not a label (「政策解读」「发文机关 某局」)."""
    if len(line) > 40 or _is_title(line) or _DOC_NUMBER.search(line) or re.search(r"\d{4}\s*年|[。：:；;，,]$", line):
        return False
    flat = re.sub(r"\s+", "", line)
    issuer = _ORG_SUFFIX.search(flat) and not _LABEL.search(flat)
    return bool("关于" in flat or flat[-1] in "和的与及、" or issuer)


def _date(simple_lines: list[str], simple_raw: str, title: str) -> str:
    for pattern in (_LABELLED_DATE, _SPEECH_DATE):
        match = pattern.search(simple_raw)
        if match and _iso(match):
            return _iso(match)
    bare = [m for ln in simple_lines if (m := _BARE_DATE.match(ln)) and _iso(m)]
    if bare:
        return _iso(bare[-1] if len(simple_lines) > 20 else bare[0])
    gwr = _GWR_TITLE.match(to_simplified(title))
    return gwr.group(1) if gwr else ""


def _doc_number(simple_raw: str) -> str:
    """The document's own number: one that opens a line (「沪府办规〔2025〕15号」, 「发文字号：津工信电力〔2021〕3号」),
    not one cited in the text (「按照《……》（国办发〔2018〕15号）」); else the first that is not in brackets.
    Pages break numbers over lines (「穗人社规字〔\n2019〕6号」), so the raw text is searched whole."""
    loose = ""
    for match in _DOC_NUMBER.finditer(simple_raw):
        number = re.sub(r"\s+", "", match.group(0))
        line_start = simple_raw.rfind("\n", 0, match.start()) + 1
        if _NUMBER_LABEL.fullmatch(simple_raw[line_start: match.start()]):
            return number
        cited = simple_raw[max(0, match.start() - 1): match.start()] in ("（", "(", "》", "<")
        loose = loose or ("" if cited else number)
    return loose


def _signature(simple_lines: list[str]) -> str:
    """The organisation signed right above the closing date, as official letters do."""
    for i in range(len(simple_lines) - 1, 0, -1):
        if _BARE_DATE.match(simple_lines[i]) and _ORG_SUFFIX.search(simple_lines[i - 1]):
            if len(simple_lines[i - 1]) <= 30:
                return simple_lines[i - 1]
    return ""


def _issuer(simple_raw: str, simple_lines: list[str], title: str) -> str:
    labelled = _ISSUER_LABEL.search(simple_raw)
    if labelled and "发布机构" in labelled.group(0):
        return labelled.group(1)
    signed = _signature(simple_lines)
    if signed:
        return signed
    if labelled:
        return labelled.group(1)
    letterhead = re.search(r"^(.{2,30})文件\s*$", simple_raw, re.M)
    if letterhead:
        return letterhead.group(1)
    gwr = _GWR_TITLE.match(to_simplified(title))
    return gwr.group(2) if gwr else ""


def extract_metadata(raw: str) -> DocMetadata:
    """Read metadata from the raw text, chrome included: that is where pages print it."""
    raw_lines = [_MARKUP.sub("", ln) for ln in clean_lines_keep_chrome(raw)]
    simple_raw = to_simplified("\n".join(raw_lines))
    body_lines = clean_lines(raw)
    title = _title(body_lines)
    simple_lines = [to_simplified(ln) for ln in raw_lines]
    return DocMetadata(
        title=title,
        issuer=_issuer(simple_raw, simple_lines, title),
        date=_date(simple_lines, simple_raw, title),
        doc_number=_doc_number(simple_raw),
        regions=find_regions(to_simplified(title + "\n" + "\n".join(body_lines))),
    )




def clean_lines_keep_chrome(raw: str) -> list[str]:
    text = strip_pinyin(raw.replace("\r\n", "\n").replace("\r", "\n"))
    return [s for ln in text.split("\n") if (s := ln.strip(" \t\u3000\u00a0\u200b\ufeff"))]
