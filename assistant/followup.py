"""Rule-based rewriting of follow-up questions into standalone ones.

A question is rewritten only when it cannot stand alone: it points back with a
pronoun word (「它」「其」 as a word of its own, 「该园区」), it is elliptical
(「那昆明呢？」「那下一年呢？」), or it names no subject at all after a lead
such as 「那」「还有」. Pronouns are found among jieba's words, so 「其他」
「尤其」「及其」「其中」 are never touched. The earlier question's subject,
place and year carry over: 「那下一年呢？」 after a 2018 question asks about 2019.
"""

from __future__ import annotations

import re

from assistant.query import is_english
from textkit.cues import ASKS_OUTCOME, BARE_YEAR as _ENGLISH_YEAR, INTERROGATIVE, NOT_DURATION, PERIOD_WORD, TOPIC_YEAR, YEAR as _YEAR, full_years
from textkit.normalize import normalize
from textkit.numerals import arabic_numerals
from textkit.places import gazetteer

_LEAD = re.compile(r"^(那么|那|还有|另外|再问一下|再问|那请问|请问|and|what about|how about)[，,\s]*", re.I)
_TAIL = re.compile(r"[，,\s]*(呢|又如何|又是多少|怎么样|如何)?[？?！!。\s]*$")
_PRONOUN_WORDS = {"它", "它们", "其", "该", "此", "这个", "那个", "上述", "那里", "这里", "当地", "该地", "本地"}
_DEMONSTRATIVE = re.compile(r"(?:该|这个|那个|此)(园区|开发区|经开区|高新区|新区|地区|地|市|县|省|区|文件|报告|政策|规划|方案|意见|通知|办法|措施|项目|基地|城市|区域)")
_ENTITY = re.compile(r"[^\s\d哪些什么几，。？?、“”\"《》的和与及]{2,12}?(?:产业园区|经济技术开发区|开发区|经开区|高新区|新区|园区|片区|自贸区|试验区|示范区)")
_TITLE = re.compile(r"《[^》]{2,60}》")
# 「钢铁那块」「就业这方面」: an aspect of what the conversation is about, which keeps its place or park
# (这边/那边 are places or the speaker's side, not aspects)
_ASPECT = re.compile(r"(?<=[\u4e00-\u9fffA-Za-z])(?:那块|这块|那方面|这方面|那部分|这部分)")
_DEIXIS = re.compile(r"这么|那么[高低多少大小快慢长短]|这样|那样|如此")  # 「为什么定这么低」 points back at the last answer
_RELATIVE_YEAR = {"今年": 0, "本年": 0, "下一年": 1, "次年": 1, "第二年": 1, "后一年": 1, "明年": 1, "翌年": 1, "上一年": -1, "前一年": -1, "上年": -1, "去年": -1, "前年": -2, "同年": 0, "当年": 0}
_RELATIVE = re.compile("|".join(sorted(_RELATIVE_YEAR, key=len, reverse=True)))
_ASKS = re.compile(INTERROGATIVE.pattern + r"|为啥|原因", re.I)
_ENGLISH_BACK = re.compile(r"^(and|what about|how about|also)\b|\b(it|its|they|their|them|this|that|these|those|the plan|the document|the report)\b", re.I)
_GENRE = re.compile(r"(?:政府)?(?:工作)?报告(?!期)|文件|通知(?!书)")  # what names a document, not a thing asked about
_QTAIL = re.compile(r"是多少|有多少|多少个?|是什么|有哪些|是哪些|哪些|哪几[个项条]?|几个|几项")


def _subject(question: str) -> str:
    """What the earlier question was about: a named document, a park or zone, or a place."""
    for pattern in (_TITLE, _ENTITY):
        match = pattern.search(question)
        if match:
            return match.group(0)
    places = gazetteer().find(question)
    return places[0].name if places else ""


def _topic(question: str) -> str:
    """What an earlier question asked about when it names no park or place: its words without the asking
    and without its year (「2016年M2增长目标是多少」 → M2增长目标)."""
    core = _TAIL.sub("", _QTAIL.sub("", _YEAR.sub("", question)))
    return re.sub(r"[？?。，,\s]|^的|的$", "", core)


_MODAL = ("能够", "可以", "需要", "应当", "应该", "最多", "最少", "至多", "至少")


def _topic_phrase(question: str) -> str:
    """The earlier question's topic up to what it asked of it: 「某市临时救助1个家庭1年最多能拿多少」 →
    某市临时救助1个家庭1年, so 「批下来以后多久能到账」 asks about 临时救助, not about 最多能拿. A modal word
    (two characters: 「可」 alone starts 可再生能源) at the start of a jieba word of the topic's last clause ends
    it (jieba writes 「最多能」 as one word); an earlier clause keeps its modal (「家里老人需要护理，长护险……」)."""
    import jieba

    topic = _topic(question)
    breaks = [m.end() for m in re.finditer(r"[，,；;：:]", question)]
    clause = len(re.sub(r"[？?。，,；;：:\s]", "", _YEAR.sub("", question[: breaks[-1]]))) if breaks else 0  # where the last clause starts in the topic
    position = 0
    for word in jieba.lcut(topic):
        if position >= clause + 2 and word.startswith(_MODAL):
            return topic[:position]
        position += len(word)
    return topic


_AIM = re.compile(r"的?(?:预期|计划|规划)?目标(?:定|设|是|为|要求)?的?$")  # the topic's last words only: 「人均预期寿命」 keeps 预期
_ASK_COMPLEMENT = re.compile(r"^(?:时候|时间|日期|年份|地方|样子|程度)")  # 「什么时候」 asks one thing


def _head(question: str) -> str:
    """The thing an earlier question is about, named before its asking (「某某办法是什么时候印发的」 → 某某办法),
    or "" when it asks first: what 「它」「这个」 point back to."""
    text = _LEAD.sub("", question)
    asked = _ASKS.search(text)
    after = _ASK_COMPLEMENT.sub("", text[asked.end():], count=1) if asked else ""
    if not asked or _has_noun(_TAIL.sub("", after), proper=False):  # jieba tags verbs such as 印发 「nz」
        return ""  # 「昆明有哪些人才补贴政策」: the thing follows the asking
    head = re.sub(r"(?:是|为|的|要|有)+$", "", text[: asked.start()])
    head = re.sub(r"[？?。，,\s]|^的", "", head)  # its year stays: 「广州2025年孤儿养育标准」
    head = _disposed(head)
    return head if len(head) >= 2 else ""


def _disposed(head: str) -> str:
    """In 「X把Y定在多少」 the thing asked about is Y, the object of 把, without the setting verb after it:
    「2017年报告把赤字率定在」 → 赤字率. Other heads are returned as they are."""
    match = _DISPOSAL.search(head)
    if not match:
        return head if len(head) >= 4 else ""
    return _SETTING.sub("", match.group(1))


_DISPOSAL = re.compile(r"把([^把]{2,})$")  # not 将, which is as often 「将要」 or part of a name (「将乐县」)
_SETTING = re.compile(r"(?:(?:控制|确定|安排|设定|设置|调整|提高|降低|下调|上调|压减|保持|稳定)(?:在|为|成|到|至)?|[定设调提降压控放](?:在|为|成|到|至))$")


def _pronoun(core: str) -> re.Match | None:
    """The first pronoun that is a word of its own (jieba), or a 「该园区」-style phrase."""
    match = _DEMONSTRATIVE.search(core)
    if match:
        return match
    import jieba

    position = 0
    for word in jieba.lcut(core):
        if word in _PRONOUN_WORDS:
            return re.compile(re.escape(word)).search(core, position)
        position += len(word)
    return None


def _stands_alone(core: str) -> bool:
    return bool(_subject(core) or TOPIC_YEAR.search(core))


def needs_context(question: str) -> bool:
    """True only for questions that cannot be understood without the conversation."""
    if _RELATIVE.search(normalize(question)):
        return True
    text = arabic_numerals(normalize(question)).strip()
    core = _TAIL.sub("", _LEAD.sub("", text))
    if _pronoun(core) or (_DEIXIS.search(core) and not _stands_alone(core)):
        return True
    if _ASKS.search(core) and not _has_noun(_GENRE.sub(" ", core)) and not _subject(core):
        return True  # 「那2021年定的是多少？」: a year, but no thing of its own to ask about
    elliptical = bool(_LEAD.match(text)) or text.rstrip("？?").endswith("呢") or len(core) <= 6
    return elliptical and (not _stands_alone(core) or not _ASKS.search(core))


def _last_user_turn(history: list[dict]) -> str:
    """The latest user turn, with the year of an earlier one when it states none (「我在看2019年的报告」 then questions)."""
    previous = [full_years(arabic_numerals(normalize(t.get("content", "")))) for t in history or [] if t.get("role") == "user" and t.get("content")]
    if not previous:
        return ""
    last = previous[-1]
    if not _YEAR.search(last):
        earlier = next((m.group(0) for turn in reversed(previous) if (m := _YEAR.search(turn))), "")
        last = earlier + last
    return last


def rewrite_followup(question: str, history: list[dict], sibling: bool = False) -> str:
    """Standalone form of ``question`` given earlier turns; unchanged when it needs no context.

    Besides pronouns and ellipsis, a question that names no place, park, document or year
    takes them from the conversation (「总投资和到位资金分别是多少？」 after a question about a
    province's parks asks about that province); one that names its own is left alone.
    ``sibling``: the question is a later part of the same turn (「目标定的多少？最后实际完成多少？」), answered
    beside the first part: 「实际」 there counts as a word of its own, so the outcome asked takes only the year
    (measured: with the first part's topic too, the outcome sentences ranked below the targets).
    """
    last = _last_user_turn(history)
    if not last:
        return question
    question = full_years(question)  # 「那19年的呢」 names 2019 as the history's 「19年」 does
    if is_english(question):
        return _english_followup(question, last) if _ENGLISH_BACK.search(question.strip()) else question
    first, rest = _first_question(question)
    if rest:  # 「2025年的呢？比上年多了多少？」: the first question takes the context, the rest follow it as parts
        return rewrite_followup(first, history).rstrip("？?") + "？" + rest
    if not needs_context(question):
        core = arabic_numerals(normalize(question)).strip()
        if (_stands_alone(core) and not _ASPECT.search(core)) or not (_YEAR.search(last) or _subject(last)):
            return question
        return with_context(core, last)  # 「钢铁那块到2025年产能目标是多少」: a part of what was asked about, there
    core = _resolve_relative_year(normalize(question).strip(), last)
    core = _TAIL.sub("", _LEAD.sub("", arabic_numerals(core)))
    subject = _subject(last)
    pronoun = _pronoun(core)
    if pronoun:
        referent = _referent(last, subject)
        if TOPIC_YEAR.search(core):  # 「它的下一年」 after a 2024 question: the thing, in 2025, not in both years
            referent = re.sub(r"《[^》]*》|[^《]+", lambda m: m.group(0) if m.group(0).startswith("《") else _YEAR.sub("", m.group(0)), referent)
        core = core[: pronoun.start()] + referent + core[pronoun.end():]
    if _ASKS.search(core):
        own_thing = _has_noun(_GENRE.sub(" ", core), outcome_is_thing=sibling)
        if _stands_alone(core) and own_thing:
            return core
        if not own_thing:  # 「为啥定这么高？」「那下一年的报告里安排了多少？」 ask about the earlier question's topic itself
            topic = _topic_phrase(last)
            aim = _AIM.search(topic)
            if ASKS_OUTCOME.search(core) and aim and aim.start() >= 2:  # 「（GDP增长目标定的多少？）那前一年实际干到多少」: the outcome, not the target
                topic = topic[: aim.start()].rstrip("的")
            core = topic + core
        return _with_context(core, last, subject)
    return _elliptical(core, last, subject)


_OWN_TIME = re.compile(r"\d{1,2}\s*月|年末|年底|年初|月末|季末|期末")  # 「3月份CPI」「年末常住人口」 name their own time
_ELLIPTICAL_HEAD = re.compile(r"^[^？?]{0,12}?呢[？?]")


def _first_question(question: str) -> tuple[str, str]:
    """(an elliptical first question, the questions after it) when a turn asks several (「那2025年的呢？比上年
    多了多少？」), else (question, "")."""
    text = normalize(question).strip()
    match = _ELLIPTICAL_HEAD.match(_LEAD.sub("", text))
    if not match:
        return question, ""
    lead = len(text) - len(_LEAD.sub("", text))
    end = lead + match.end()
    rest = text[end:].strip()
    return (text[:end], rest) if rest and _ASKS.search(rest) else (question, "")


_ENGLISH_RELATIVE = ((re.compile(r"\b(?:the\s+)?(?:following|next)\s+year\b|\bthe\s+year\s+after\b|\ba\s+year\s+later\b", re.I), 1),
                     (re.compile(r"\b(?:the\s+)?(?:previous|preceding|prior)\s+year\b|\bthe\s+year\s+before\b|\ba\s+year\s+earlier\b", re.I), -1))


def _english_followup(question: str, last: str) -> str:
    """The follow-up with the earlier question as its context; a follow-up of several questions (「And the
    total investment? How much has arrived?」) gets it in each, as a clause, so that the earlier question
    becomes no part of its own."""
    context = _english_year(question, last).strip()
    pieces = [p.strip() for p in re.split(r"(?<=[?？])", question) if p.strip()]
    if len(pieces) < 2:
        return f"{question} {context}"
    context = re.sub(r"[?？]+", ";", context).strip("; ")
    return " ".join(f"{p.rstrip('?？')} ({context})?" for p in pieces)


def _english_year(question: str, last: str) -> str:
    """The earlier question as context for an English follow-up, its year moved when the follow-up asks
    about the year after or before (「And the following year's report?」 after a 2024 question: 2025)."""
    asked = _ASKS.search(last)
    if asked and asked.start() >= 2 and not _has_noun(_TAIL.sub("", last[asked.end():]), proper=False):
        last = re.sub(r"(?:是|为|的|有)+$", "", last[: asked.start()])  # its topic and year, not its asking (the topic comes first)
    years = _ENGLISH_YEAR.findall(last)
    if not years or _ENGLISH_YEAR.search(question):
        return last
    for pattern, step in _ENGLISH_RELATIVE:
        if pattern.search(question):
            return _ENGLISH_YEAR.sub(lambda m: str(int(m.group(1)) + step), last, count=1)  # the topic year, not 「2000 companies」
    return last


def _referent(last: str, subject: str) -> str:
    """What 「它」「其」 point back to: the earlier question's document or park, else its topic (a place
    alone is no referent: after 「广州长护险的待遇有哪些？」, 「它的有效期多久」 asks about the scheme)."""
    if subject and not gazetteer().place(subject):
        return subject
    return _head(last) or _topic(last)


def _has_noun(core: str, proper: bool = True, outcome_is_thing: bool = False) -> bool:
    """Whether the question names a thing of its own (a jieba noun of two characters or more, or a Latin
    abbreviation such as GDP; ``proper``: jieba's 「nz」 counts too). 「实际」「全年」 (jieba's nouns) say what
    is asked of the thing, not a thing: 「那前一年实际干到多少」 asks the earlier question's topic
    (``outcome_is_thing``: within one turn they count, as measured best, see ``rewrite_followup``)."""
    import jieba.posseg

    return any(len(p.word) >= 2 and (p.flag.startswith("n") and (proper or p.flag != "nz") or p.flag in ("vn", "j", "eng"))
               and not _ASKS.fullmatch(p.word) and (outcome_is_thing or not ASKS_OUTCOME.fullmatch(p.word)) for p in jieba.posseg.lcut(_ASKS.sub(" ", core)))


def _resolve_relative_year(core: str, last: str) -> str:
    """「下一年」 → the earlier question's year + 1."""
    match = _RELATIVE.search(core)
    year = _YEAR.search(last)
    if not match or not year or _YEAR.search(full_years(arabic_numerals(core))):
        return core  # 「2025年……比上年多了多少」: its own year is the base, and the text says 「比上年」 too
    target = int(year.group(1)) + _RELATIVE_YEAR[match.group(0)]
    return core[: match.start()] + f"{target}年" + core[match.end():].lstrip("的")


def with_context(question: str, earlier: str) -> str:
    """``question`` with the earlier question's place (or subject) and year where it names none."""
    last = arabic_numerals(normalize(earlier))
    places = gazetteer().find(last)
    return _with_context(question, last, places[0].name if places else _subject(last))


def _with_context(core: str, last: str, subject: str) -> str:
    """A question that asks something new of the earlier subject (and year, when it names none)."""
    year = _YEAR.search(last)
    prefix = subject if subject and subject not in core and not gazetteer().find(core) else ""
    period = PERIOD_WORD.search(last)
    if period and not PERIOD_WORD.search(core) and not TOPIC_YEAR.search(core) and not _OWN_TIME.search(core):
        prefix += period.group(0)  # 「……上半年签了多少项目？」「总投资多少？」: the same half-year
    if year and not TOPIC_YEAR.search(core):
        prefix = year.group(0) + prefix
    return f"{prefix}{core}"


_LISTED_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:\s*年|(?=\s*[、和与及]\s*(?:19|20)\d{2}))")  # 「2024、2025年」 lists two
_TIME_PREPOSITION = re.compile(r"(?:到|至|截至|截止到?|在)(?:底|末)?")


def _elliptical(core: str, last: str, subject: str) -> str:
    """「那昆明呢」: swap the place or year into the last question; 「那2015年的财政赤字呢」: ask the same of a new topic;
    「那居民参保的呢」 (the head left out): ask the last question's thing of another kind."""
    new_year = _YEAR.search(core)
    new_years = list(dict.fromkeys(_LISTED_YEAR.findall(core)))
    places = gazetteer().find(core)
    new_place = _subject(core)
    rest = _YEAR.sub("", core)
    if new_place:
        rest = rest.replace(new_place, "", 1)
    rest = rest.strip("的 ")
    if len(new_years) > 1 and not _LISTED_YEAR.sub("", core).replace(new_place, "", 1).strip("、和与及,， 的"):
        rest = ""  # 「24、25年呢」: the last question, asked of each year (the parts split it)
    if new_year and _TIME_PREPOSITION.fullmatch(rest):
        rest = ""  # 「到2025年呢」 asks what 「2025年呢」 asks
    if not rest:
        out = last
        if new_year:
            years = "和".join(f"{y}年" for y in new_years) if len(new_years) > 1 else new_year.group(0)
            out = _YEAR.sub(years, out, count=1) if _YEAR.search(out) else _short_year_replaced(out, years, int(new_year.group(1)))
        if new_place:
            old = next((p.name for p in gazetteer().find(out)), "") if places else subject
            out = re.sub(re.escape(old) + "(?:省|市|县|区|自治区)?", new_place, out, count=1) if old else new_place + out
        return out
    swapped = _swapped_grade(rest, last)
    if swapped:
        return swapped
    tail = _QTAIL.search(last)
    asks = tail.group(0) if tail else "是什么"
    glue = "" if asks.startswith(("是", "有")) else "是"
    if core.endswith("的话") and len(core) > 4:  # 「评上星级的话呢」: the earlier question's thing, asked of this case
        return _with_context(f"{core[:-2]}的{_attribute(last)}{glue}{asks}？", last, "" if new_place else subject)
    if core.endswith("的") and not new_year and not new_place:  # 「那居民参保的呢」: the same thing, of another kind
        return _with_context(f"{_topic(last)}，{core}{glue}{asks}？", last, "")
    question = f"{core}{glue}{asks}？"
    return question if new_place and new_year else _with_context(question, last, "" if new_place else subject)


def _short_year_replaced(last: str, years: str, year: int) -> str:
    """``last`` asked of ``years``: its own year written short mid-sentence (「比例23年要求多少」, read as a
    year once the follow-up names years within three of it, and no duration) is replaced, else the years lead."""
    for match in _SHORT_YEAR_IN.finditer(last):
        if abs(2000 + int(match.group(1)) - year) <= 3:
            return last[: match.start()] + years + last[match.end():]
    return years + last


# A short year mid-sentence, not a duration (「缴费满15年」「最长20年」「住满10年」「连续5年」).
_SHORT_YEAR_IN = re.compile(r"(?<![\d.满长期续第近达住缴])(\d{2})\s*年" + NOT_DURATION)


_GRADE = r"[0-9A-Za-z一二三四五六七八九十甲乙丙丁]{1,3}"
_GRADE_ASKED = re.compile(rf"({_GRADE})([^\W\d_A-Za-z]{{1,2}})")


def _swapped_grade(rest: str, last: str) -> str:
    """「那1级的呢」 after 「2级居家护理每月能报多少」: the same question of another grade, class or tier
    (a code before the same classifier: 1级/2级, A类/B类, 一档/二档), swapped in place; "" when the earlier
    question names no such grade."""
    asked = _GRADE_ASKED.fullmatch(rest.rstrip("的"))
    if not asked:
        return ""
    code, classifier = asked.groups()
    earlier = re.search(rf"(?<![0-9A-Za-z一二三四五六七八九十甲乙丙丁]){_GRADE}(?={re.escape(classifier)})", last)
    if not earlier or earlier.group(0) == code:
        return ""
    return last[: earlier.start()] + code + last[earlier.end():]


def _attribute(last: str) -> str:
    """What the earlier question asked of its thing: its topic after the last 的 (「A级景区的奖励标准」 → 奖励标准),
    or the whole topic."""
    topic = _topic(last)
    attribute = topic.rsplit("的", 1)[-1]
    return attribute if len(attribute) >= 2 else topic
