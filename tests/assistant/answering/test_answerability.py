"""Hard refusals come only from the store: its documents' genres and years, its vocabulary."""

from assistant.answering.answerability import StoreChecks
from assistant.query import analyze

DOCS = [
    {"title": "2019年政府工作报告", "date": "2019-03-05"},
    {"title": "2021年政府工作报告", "date": "2021"},
    {"title": "关于示例园区发展的意见", "date": "2023-06-01"},
]
VOCABULARY = {"浙江", "嘉兴", "园区", "报告"}


def _checks():
    return StoreChecks(lambda: DOCS, lambda token: 1 if token in VOCABULARY else 0)


def test_a_year_whose_report_is_missing_is_refused_with_the_reason():
    found = _checks().check(analyze("2020年政府工作报告提出的赤字率是多少？"))
    assert found and "2020年" in found.reason and "政府工作报告" in found.reason


def test_an_abbreviated_report_of_a_missing_year_is_refused_in_full_words():
    found = _checks().check(analyze("2020年GWR赤字率定的多少？"))
    assert found and found.reason == "政策库中没有2020年的政府工作报告"


def test_a_year_whose_report_exists_passes():
    assert _checks().check(analyze("2021年政府工作报告提出的赤字率是多少？")) is None


def test_a_place_the_store_never_names_is_refused():
    found = _checks().check(analyze("拉萨的园区政策是什么？"))
    assert found and "拉萨" in found.reason
    assert _checks().check(analyze("嘉兴的园区政策是什么？")) is None


def test_a_titled_document_the_store_lacks_is_refused():
    found = _checks().check(analyze("《关于推进氢能产业发展的通知》规定了什么？"))
    assert found and "氢能" in found.reason


class _Passage:
    def __init__(self, regions: str, text: str = "") -> None:
        self.meta = {"regions": regions}
        self.text = text


def test_an_answer_from_another_places_document_is_refused():
    from assistant.answering.answerability import place_conflict

    found = place_conflict(analyze("杭州的低保标准是多少？"), [_Passage("宁波|鄞州|浙江")])
    assert found and "杭州" in found.reason
    assert place_conflict(analyze("杭州的低保标准是多少？"), [_Passage("杭州|宁波")]) is None
    assert place_conflict(analyze("浙江的低保标准是多少？"), [_Passage("杭州|西湖")]) is None  # a place within it
    assert place_conflict(analyze("杭州的低保标准是多少？"), [_Passage("")]) is None  # 「全市」 and no city named: no evidence
    assert place_conflict(analyze("杭州的低保标准是多少？"), [_Passage("宁波"), _Passage("杭州")]) is None  # one cited document suffices


def test_a_county_name_that_is_also_a_word_counts_only_with_its_suffix():
    from assistant.answering.answerability import place_conflict

    assert place_conflict(analyze("新建项目奖励多少？"), [_Passage("宁波|鄞州|浙江|北仑")]) is None
    found = place_conflict(analyze("鄞州区新建项目奖励多少？"), [_Passage("杭州|西湖|余杭")])
    assert found and "鄞州" in found.reason


def test_a_document_about_the_city_containing_the_county_is_no_evidence_against_it():
    from assistant.answering.answerability import place_conflict

    assert place_conflict(analyze("鄞州区的补贴是多少？"), [_Passage("宁波|北仑")]) is None
    assert place_conflict(analyze("鄞州区的补贴是多少？"), [_Passage("会同")]) is None  # a two-character county name may be a word


def test_an_answer_that_states_only_other_years_is_declined():
    from assistant.answering.answerability import year_conflict
    from assistant.answering.candidates import candidates
    from assistant.retrieval.hybrid_retriever import Passage

    def cands(text, year=0):
        return candidates([Passage("p", text, {"source": "a.txt", "year": year}, 1.0)])

    query = analyze("示例市2022年春节期间需求响应的补贴价格是多少？")
    refusal = year_conflict(query, cands("示例市2021年春节期间需求响应的补贴价格为1.2元/千瓦时。补贴价格如表1所示。"))
    assert refusal and "2021年" in refusal.reason and "2022年" in refusal.reason
    assert year_conflict(query, cands("补贴价格为1.2元/千瓦时。")) is None  # states no year: no evidence
    assert year_conflict(query, cands("2021年补贴价格为1.2元。", year=2022)) is None  # the asked year's document
    assert year_conflict(analyze("示例县2014年粮食总产量是多少？"), cands("粮食总产达106.68亿斤，比2005年增加59.4亿斤。")) is None
    assert year_conflict(analyze("2023年方案处在什么阶段？"), cands("已起草完成《三年行动》（2023—2025年），正提请审议。")) is None


def test_a_question_about_a_years_report_is_not_answered_from_another_years_report():
    from assistant.answering.answerability import year_conflict
    from assistant.answering.candidates import candidates
    from assistant.retrieval.hybrid_retriever import Passage

    cands = candidates([Passage("p", "广义货币M2预期增长目标拟定为13%左右。", {"source": "r.txt", "year": 2013}, 1.0)])
    refusal = year_conflict(analyze("2018年政府工作报告定的M2增长目标是多少？"), cands)
    assert refusal and "2018年的报告" in refusal.reason
    assert year_conflict(analyze("2013年政府工作报告定的M2增长目标是多少？"), cands) is None


def test_a_question_about_what_was_achieved_is_not_answered_by_a_goal():
    from assistant.answering.answerability import aim_conflict
    from assistant.answering.candidates import candidates
    from assistant.retrieval.hybrid_retriever import Passage

    def first(text):
        return candidates([Passage("p", text, {"source": "r.txt"}, 1.0)])[0]

    asked = analyze("2019年全年GDP最后实际增长了多少？")
    assert aim_conflict(asked, first("今年经济社会发展的主要预期目标是：国内生产总值增长6%-6.5%。"))
    assert aim_conflict(asked, first("国内生产总值增长6.1%，实现了预期目标。")) is None
    assert aim_conflict(analyze("2019年GDP增长目标是多少？"), first("主要预期目标是：国内生产总值增长6%-6.5%。")) is None


def test_a_standing_rule_or_a_bulletin_of_the_year_asked_is_no_year_conflict():
    from assistant.answering.answerability import aim_conflict, year_conflict
    from assistant.answering.candidates import candidates
    from assistant.retrieval.hybrid_retriever import Passage

    def cands(text, **meta):
        return candidates([Passage("p", text, {"source": "a.txt", **meta}, 1.0)])

    standing = cands("本办法自2021年1月1日起施行，有效期至2025年12月31日。", year=2021)
    assert year_conflict(analyze("2024年申请创业补贴的标准是多少？"), standing) is None
    bulletin = cands("全年国内生产总值增长5.2%。", year=2024, title="2023年国民经济和社会发展统计公报")
    assert year_conflict(analyze("2023年统计公报中GDP增长多少？"), bulletin) is None
    deadline = cands("申报计划截止时间为2024年6月30日。")[0]
    assert aim_conflict(analyze("最后的申请截止时间是什么时候？"), deadline) is None


def test_an_answer_about_another_part_of_the_year_is_declined():
    from assistant.answering.answerability import period_conflict
    from assistant.answering.candidates import candidates
    from assistant.retrieval.hybrid_retriever import Passage

    def cands(text, **meta):
        return candidates([Passage("p", text, {"source": "a.txt", **meta}, 1.0)])

    asked = analyze("示例市前三季度地区生产总值增长了多少？")
    refusal = period_conflict(asked, cands("一季度全市实现地区生产总值626.9亿元，同比增长2%。"))
    assert refusal and "一季度" in refusal.reason and "前三季度" in refusal.reason
    assert period_conflict(asked, cands("前三季度全市地区生产总值同比增长3.1%。")) is None
    assert period_conflict(asked, cands("全市地区生产总值同比增长2%。")) is None  # states no part of the year: no evidence
    titled = cands("全市农村居民人均可支配收入为12443元。", title="一季度全市经济运行情况")
    assert period_conflict(analyze("示例市上半年农村居民人均可支配收入是多少？"), titled)  # the title says which part
    assert period_conflict(analyze("示例市农村居民人均可支配收入是多少？"), titled) is None  # no part asked


def test_plan_as_a_verb_names_no_plan_document():
    docs = [{"title": "2019年国民经济和社会发展计划", "date": "2019-03-05"}]
    checks = StoreChecks(lambda: docs, lambda token: 1)
    assert checks.check(analyze("2010年计划建多少套保障房？")) is None  # 「计划建」: to plan to build
    assert checks.check(analyze("2010年计划提高多少？")) is None
    assert checks.check(analyze("2010年计划新建标准厂房多少？")) is None  # nor does the span reach 标准
    found = checks.check(analyze("2010年计划中保障房建多少套？"))
    assert found and "2010年" in found.reason and "计划" in found.reason


def test_a_dated_documents_this_year_is_its_own_year_and_a_figure_is_judged_by_its_sentence():
    from assistant.answering.answerability import stated_conflict, year_conflict
    from assistant.answering.candidates import candidates
    from assistant.retrieval.hybrid_retriever import Passage

    def cands(text, year=0):
        return candidates([Passage("p", text, {"source": "a.txt", "year": year}, 1.0)])

    this_year = cands("今年示例赤字率拟按3.2%左右安排、比去年有所下调。", year=2021)
    refusal = year_conflict(analyze("2020年示例赤字率是多少？"), this_year)  # a 2021 report reviews 2020, its 今年 is 2021
    assert refusal and "2021年" in refusal.reason
    assert year_conflict(analyze("2021年示例赤字率是多少？"), this_year) is None
    compared = cands("示例赤字规模4.06万亿元，比上年年初预算增加1800亿元。", year=2024)  # 比上年: a comparison's base
    assert year_conflict(analyze("2024年示例赤字规模是多少？"), compared) is None
    both = cands("去年示例完成投资100亿元，今年计划投资120亿元。", year=2021)  # about both years
    assert year_conflict(analyze("2020年示例完成投资多少？"), both) is None
    plan = cands("至2027年，示例创新区要素密度进一步提升。至2030年，示例独角兽企业达20家。")
    refusal = stated_conflict(analyze("示例创新区到2027年独角兽企业要达到多少家？"), plan)
    assert refusal and "2030年" in refusal.reason
    assert stated_conflict(analyze("示例创新区到2030年独角兽企业要达到多少家？"), plan) is None


def test_a_clause_that_names_no_quarter_takes_the_one_its_paragraph_named():
    from assistant.answering.answerability import period_conflict
    from assistant.answering.candidates import candidates
    from assistant.retrieval.hybrid_retriever import Passage

    cands = candidates([Passage("p", "一季度全市实现地区生产总值600亿元，同比增长2%；三产实现增加值200亿元。", {"source": "a.txt"}, 1.0)])
    refusal = period_conflict(analyze("示例市前三季度三产增加值是多少亿？"), cands[1:])
    assert refusal and "一季度" in refusal.reason


def test_a_document_that_names_the_place_collectively_is_about_it():
    from assistant.answering.answerability import place_conflict

    passage = _Passage("浙江|杭州|西湖", "在杭居住的港澳台居民遭遇困难的，可向居住地街道提出申请。")
    assert place_conflict(analyze("香港居民在杭州遇到困难能申请救助吗？"), [passage]) is None
    other = _Passage("浙江|杭州|西湖", "本市户籍居民遭遇困难的，可向居住地街道提出申请。")
    found = place_conflict(analyze("香港居民在杭州遇到困难能申请救助吗？"), [other])
    assert found and "香港" in found.reason
    joint = _Passage("天津|滨海新区", "推进京津冀协同发展，对小微企业给予补贴。")  # a joint programme is about no one member
    found = place_conflict(analyze("北京市小微企业补贴标准是多少？"), [joint])
    assert found and "北京" in found.reason


def test_a_later_clause_of_an_announced_goal_list_is_a_goal():
    from assistant.answering.answerability import aim_conflict
    from assistant.answering.candidates import candidates
    from assistant.retrieval.hybrid_retriever import Passage

    text = "今年发展的主要预期目标是：国内生产总值增长6%左右；城镇新增就业1000万人以上，城镇调查失业率5.5%以内。"
    cands = candidates([Passage(id="p", text=text, meta={"source": "r.txt"}, score=1.0)])
    clause = next(c for c in cands if "失业率" in c.text and "目标" not in c.text)
    found = aim_conflict(analyze("那年城镇调查失业率实际是多少？"), clause)
    assert found and "目标" in found.reason
    review = candidates([Passage(id="q", text="过去一年，城镇新增就业1100万人，城镇调查失业率5.2%。", meta={"source": "r.txt"}, score=1.0)])
    assert aim_conflict(analyze("那年城镇调查失业率实际是多少？"), review[0]) is None
