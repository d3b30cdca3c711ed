"""What a question asks about: its normalised text, years, places, named documents and answer type."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from textkit.normalize import normalize
from textkit.numerals import arabic_numerals
from textkit.places import gazetteer
from textkit.vocabulary import vocabulary
from textkit.cues import ASKING_JI, BARE_YEAR as _ENGLISH_YEAR, DOCUMENT_YEAR as _DOCUMENT_YEAR, TOPIC_YEAR as _YEAR, full_years

_TITLE_REF = re.compile(r"《([^》]{2,60})》")
_LATIN = re.compile(r"[A-Za-z]")
_CJK = re.compile(r"[\u3400-\u9fff]")
_ASKS_DOC_NUMBER = re.compile(r"文号|发文字号|文件编号|document number", re.I)  # bare 「字号」 is also a shop's trade name
_ASKS_DOCUMENTS = re.compile(r"哪些(文件|文档|政策文件|材料|通知|报告)|哪(个|份|几份)(文件|文档)|which (documents|files)", re.I)
# 「哪些文件提到……」 asks documents of the library; 「要交哪些材料」「需要出示哪些文件」 asks what an applicant
# hands in (a list): a verb of handing in, needing or preparing just before the asking word.
_HANDS_IN = re.compile(r"交|提供|准备|携带|带|递交|报送|出具|出示|附|填|上传|需|要")
# A share is asked by its noun (比重, 权重), by 「占…多少」 (not 占地, an area) or by a rate 「…率定的多少」「…率定的目标是多少」「几个点」.
_ASKS_PERCENT = re.compile(r"百分之|比例|比重|权重|占比|增速|增幅|涨幅|增长率|[增上下]降?[了]?多少|率是|率为|率[^，,。？?\s]{0,4}多少|率(?:的)?(?:定的|设定的|定为|目标|预期目标|要求|是|为|要|达到){1,3}多少|"
                           r"占(?!地)[^，,。？?\s]{0,6}多少|几个(?:百分)?点|percent|percentage|rate|\bratios?\b|\bproportions?\b|%\s*of|share|year-on-year|y-o-y|yoy|growth targets?|target for growth|(?:grow|growth|expand|increase|rise|fall|drop|decline) by", re.I)
_ASKS_DATE = re.compile(r"什么时候|啥时候|啥时|多会儿|几时|几号|何时|哪一?年|哪天|日期|截止|期限|when|what year|which year|date", re.I)
_ASKS_NUMBER = re.compile(r"多少|" + ASKING_JI + r"[个项条家年倍次类种批所座名位期轮届成万亿]?|多大|多长|多高|多久|规模|金额|数量|how (many|much|large|long|big|high|fast|far)", re.I)
UNITS = ("万亿元", "亿美元", "万美元", "亿元", "万元", "美元", "元", "亿吨", "万吨", "吨", "平方公里", "平方米", "万平方米", "公顷", "万亩", "亩",
         "万千瓦时", "千瓦时", "万千瓦", "千瓦", "公里", "万人", "人次", "人", "万户", "户", "家", "个", "项", "次", "倍", "发", "颗", "所", "座",
         "辆", "套", "台", "名", "批", "条", "艘", "架", "枚", "部", "张", "份", "处", "间", "个工作日", "工作日", "天", "个月", "年", "月", "小时", "分", "个百分点", "百分点")
# 「多少亿元」「几个」 ask a figure in a unit; 「哪几个」 asks which ones, and 「几个部门」's unit is 个, not 部
_UNIT_ASKED = re.compile(r"(?:多少|" + ASKING_JI + r")(" + "|".join(sorted(UNITS, key=len, reverse=True)) + ")")
# 「多少钱」「几块钱」 ask an amount of money: its unit is 元 (万元, 亿元, 元/人, 美元 all state one; 「多少块土地」 counts pieces)
_ASKS_MONEY = re.compile(r"多少钱|多少块钱|几块钱")
# 「营收基数是多少亿」: a magnitude with no unit after it still asks an amount in that magnitude.
_MAGNITUDE_ASKED = re.compile(r"(?:多少|" + ASKING_JI + r")(万亿|亿|万)")
_COUNTERS = {"个", "项", "条", "类", "种", "家", "批", "所", "座", "名", "位", "部", "份", "处"}  # units that count things
_ASKS_WHICH = re.compile(r"哪些|哪几")  # asks which ones, not how many
_ASKS_LIST = re.compile(r"哪些|哪几|哪[两三四五六七八九十]|有什么|包括|包含|主要有|分别是|which|what are|list", re.I)


@dataclass
class Query:
    raw: str
    text: str
    years: list[int] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    english: bool = False
    kind: str = "factoid"
    parts: int = 1  # how many parts the whole question was split into
    unit: str = ""  # the unit the question asks the figure in (「多少亿元」 → 亿元)
    doc_years: list[int] = field(default_factory=list)  # years that name a document (「2024年报告」), not a time asked about
    own: str = ""  # the question's own normalised words, ``text`` without the expansions appended to it
    siblings: list["Query"] = field(default_factory=list, repr=False, compare=False)  # the other parts of the same question

    @cached_property
    def match_text(self) -> str:
        """The form compared with sentences: numerals in Arabic digits (passages get the same)."""
        return arabic_numerals(self.text)

    @cached_property
    def asked_text(self) -> str:
        """The question's own words in the form of ``match_text``, without the expansions: what it says of
        periods, grades, counts and its focus (a space inside it, 「GDP 上半年」, is no expansion)."""
        return arabic_numerals(self.own or self.text.split(" ")[0])


def is_english(text: str) -> bool:
    return len(_LATIN.findall(text)) > 2 * len(_CJK.findall(text))


def answer_kind(text: str) -> str:
    """What the answer must contain: a document number, documents, a percentage, a date, a number, a list, or a fact."""
    for kind, pattern in (("doc_number", _ASKS_DOC_NUMBER), ("documents", _ASKS_DOCUMENTS), ("percent", _ASKS_PERCENT), ("date", _ASKS_DATE), ("number", _ASKS_NUMBER), ("list", _ASKS_LIST)):
        found = pattern.search(text)
        if found and kind == "documents" and _HANDS_IN.search(text[max(0, found.start() - 4): found.start()]):
            continue  # what to hand in is a list of items, not the library's documents
        if found:
            return kind
    return "factoid"


def analyze(question: str) -> Query:
    """Normalise (t2s, NFKC), add the other forms of abbreviations and, for English, the Chinese terms."""
    english = is_english(question)
    text = full_years(normalize(question))
    extra = vocabulary().expansions(text)
    if english:
        years = [f"{y}年" for y in _ENGLISH_YEAR.findall(question)]
        extra += [*years, vocabulary().translate_english(question), *gazetteer().from_english(question)]
    full = " ".join([text, *[e for e in extra if e]]).strip()
    arabic = arabic_numerals(full)
    years = sorted({int(y) for y in _YEAR.findall(arabic)})
    regions = gazetteer().names(full)
    asked = arabic_numerals(text).replace("几多", "多少")  # Cantonese 「几多万」 asks 多少万
    unit = _UNIT_ASKED.search(asked)
    if unit and unit.group(1) == "个" and asked[unit.end():unit.end() + 1] == "点":
        unit = None  # 「占GDP几个点」 asks a share in percentage points, not a count
    doc_years = sorted({int(y) for y in _DOCUMENT_YEAR.findall(arabic)} & set(years))
    magnitude = _MAGNITUDE_ASKED.search(asked)
    asked_unit = unit.group(1) if unit else "元" if _ASKS_MONEY.search(text) else magnitude.group(1) if magnitude else ""
    kind = answer_kind(question + " " + text)
    if kind == "number" and asked_unit in _COUNTERS and _ASKS_WHICH.search(asked):
        kind, asked_unit = "list", ""  # 「要抓的几项重点任务有哪些」: the items answer it (their count is no figure to find)
    return Query(question, full, years, regions, _TITLE_REF.findall(text), english, kind, unit=asked_unit,
                 doc_years=doc_years, own=text)
