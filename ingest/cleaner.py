"""Turn a page's raw text into the document body a person would read.

Web pages and wiki dumps carry navigation, share buttons, "related articles"
lists and copyright notices; scanned-and-retyped files carry paragraphs broken
mid-word. Those are removed or mended here so chunks hold only policy text.
"""

from __future__ import annotations

import re

from textkit.normalize import UNFINISHED, strip_pinyin, to_simplified

_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff]")
# Lines that are page furniture, matched on the simplified form of the line.
_CHROME = [
    re.compile(p)
    for p in (
        r"^\|?\s*无障碍浏览",
        r"适老化模式",
        r"^[x×✕]$",
        r"^索引号",
        r"^公开目录",
        r"^文号\s*浏览量",
        r"^主题词[:：]?$",
        r"^分享(到.{0,6})?$",
        r"^[-·•]?\s*(时间|来源|浏览|浏览量|点击|阅读|作者|发布时间|发布日期)[:：]",
        r"^(记者|编辑|责任编辑|通讯员|摄影)[:：]",
        r"^【?责任编辑",
        r"^\d{4}-\d{1,2}-\d{1,2}(\s+\d{1,2}:\d{2}(:\d{2})?)?\s*(来源.*)?$",
        r"^(字号|打印|关闭|返回顶部|收藏|【打印】|【关闭】|扫一扫)",
        r"^[（(]?联系人",
        r"^抄送[:：]",
        r"^〔[A-Za-z]类〕$",
        r"^〔(公开|不予公开|依申请公开)〕$",
        r"^\d{4}年\d{1,2}月\d{1,2}日印发$",
        r"^——\d{4}年\d{1,2}月\d{1,2}日在.{0,40}会议上$",
        r"^国务院总理\s*\S{2,4}$",
        r"版权(说明|声明|保护|所有)",
        r"^(上一篇|下一篇)[:：]",
    )
]
# A line that starts the footer: everything from it on is dropped.
_FOOTER = re.compile(r"^(往期|相关阅读|相关文章|相关新闻|相关链接|延伸阅读|本作品是中华人民共和国的|Public domain|【责任编辑)")
# A line ending in an opening bracket, or the next starting with a closing one, is one sentence
# split by a wiki link or a line-wrapping editor (「贯彻《\n纲要\n》的说明」).
_OPENING = "《“‘「『（(【〔"
_CLOSING = "》”’」』）)】〕，,、。；;：:！？!?"
_TERMINAL = "。！？；：…”’」』）)!?;:"
_OPEN_END = UNFINISHED + "等"  # no paragraph ends on these (「……补贴等」 may end a clause, not a paragraph)
_UNIT_START = "个月年日天元万亿千百%％‰岁周倍人户家项次号时分秒吨亩米"  # what follows a figure cut from its unit
HEADING = re.compile(
    r"^(([一二三四五六七八九十百]+)[、.．]|[（(][一二三四五六七八九十百]+[）)]|\d{1,2}[.、．](?!\d)|[（(]\d{1,2}[）)]|第[一二三四五六七八九十百零〇\d]+[条章节部分篇])"
)


def is_heading(line: str) -> bool:
    return bool(HEADING.match(line))


def _is_chrome(line: str) -> bool:
    simple = to_simplified(line)
    return any(p.search(simple) for p in _CHROME)


def _letterhead(line: str, index: int) -> bool:
    return index < 6 and bool(re.fullmatch(r".{2,30}(文件|公报)", line))


def clean_lines(raw: str) -> list[str]:
    """Stripped, chrome-free lines in the original script (pinyin removed), footer cut."""
    text = strip_pinyin(_INVISIBLE.sub("", raw.replace("\r\n", "\n").replace("\r", "\n")))
    lines = [ln.strip(" \t\u3000\u00a0") for ln in text.split("\n")]
    kept: list[str] = []
    for i, line in enumerate(lines):
        if _FOOTER.match(to_simplified(line)) and i > len(lines) // 3:
            break
        if line and not _is_chrome(line) and not _letterhead(line, i):
            kept.append(line)
    return kept


def _should_join(prev: str, nxt: str, prev_is_title: bool) -> bool:
    """A paragraph that stops mid-sentence continues on the next line, unless either is a heading."""
    if prev[-1] in _OPENING or nxt[0] in _CLOSING:
        return True
    if prev[-1] in _TERMINAL or is_heading(nxt) or (nxt[-1] in "：:" and len(nxt) <= 30):
        return False
    if len(nxt) <= 2 and not is_heading(prev):
        return True
    if not prev_is_title and _cut_mid_sentence(prev, nxt):
        return True
    return len(prev) > 30 and not is_heading(prev) and not prev_is_title


def _cut_mid_sentence(prev: str, nxt: str) -> bool:
    """Text extracted from PDFs breaks lines inside a phrase (「见习期限一般为」 / 「3」 / 「个月至」 / 「6」): a
    line that ends on a word no sentence ends with, or a figure cut from its unit, continues."""
    if prev[-1] in _OPEN_END:
        return True
    return not is_heading(prev) and "0" <= prev[-1] <= "9" and nxt[0] in _UNIT_START  # 「……为3」 / 「个月至」; table cells stay apart


def _dedupe(paragraphs: list[str]) -> list[str]:
    """Web pages often print the title and lead twice; keep the first copy."""
    seen: set[str] = set()
    out = []
    for para in paragraphs:
        if len(para) >= 8 and para in seen:
            continue
        seen.add(para)
        out.append(para)
    return out


def clean_text(raw: str) -> list[str]:
    """Paragraphs of the document body, broken paragraphs rejoined."""
    paragraphs: list[str] = []
    for line in clean_lines(raw):
        if paragraphs and _should_join(paragraphs[-1], line, len(paragraphs) == 1):
            paragraphs[-1] += line
        else:
            paragraphs.append(line)
    return _dedupe(paragraphs)
