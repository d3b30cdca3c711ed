from assistant.followup import rewrite_followup


def _history(question):
    return [{"role": "user", "content": question}, {"role": "assistant", "content": "（略）"}]


def test_pronoun_is_replaced_by_the_earlier_subject():
    out = rewrite_followup("那它的营业收入目标是多少？", _history("示例高新区的主导产业有哪些？"))
    assert out.startswith("示例高新区") and "营业收入" in out


def test_elliptical_place_swaps_into_the_earlier_question():
    out = rewrite_followup("那昆明呢？", _history("云南省哪些开发区入选了示范基地？"))
    assert "昆明" in out and "云南" not in out and "示范基地" in out


def test_elliptical_year_swaps_into_the_earlier_question():
    out = rewrite_followup("那2019年呢？", _history("2024年拟安排地方政府专项债券多少？"))
    assert out.startswith("2019年") and "专项债券" in out and "2024" not in out


def test_new_topic_keeps_the_question_form():
    out = rewrite_followup("那2015年的财政赤字呢？", _history("2024年拟安排地方政府专项债券多少？"))
    assert "2015年" in out and "财政赤字" in out and "多少" in out and "专项债券" not in out


def test_standalone_question_is_left_alone():
    question = "杨林经开区的主导产业是什么？"
    assert rewrite_followup(question, _history("2024年拟安排地方政府专项债券多少？")) == question
    assert rewrite_followup("那它呢？", []) == "那它呢？"


def test_words_containing_qi_are_never_substituted():
    history = _history("示例产业园区的主导产业是什么？")
    for question in ("其他地区有哪些园区政策？", "2024年财政赤字及其赤字率是多少？", "其中制造业占比多少？", "尤其是哪些企业受益？"):
        out = rewrite_followup(question, history)
        assert "他地区" not in out.replace("其他地区", "")
        assert "示例产业园区他" not in out and "及示例" not in out


def test_ordinary_standalone_questions_after_a_history_are_unchanged():
    history = _history("2018年国内生产总值增长目标是多少？")
    for question in ("2024年城镇新增就业目标是多少？", "示例高新区的主导产业有哪些？", "《示例条例》什么时候施行？", "居民消费价格涨幅目标是多少？"):
        assert rewrite_followup(question, history) == question or question.rstrip("？") in rewrite_followup(question, history)


def test_relative_year_carries_over():
    out = rewrite_followup("那下一年呢？", _history("2018年国内生产总值增长目标是多少？"))
    assert "2019年" in out and "国内生产总值" in out and "2018" not in out
    out = rewrite_followup("上一年的赤字率呢？", _history("2018年国内生产总值增长目标是多少？"))
    assert "2017年" in out and "赤字率" in out


def test_new_question_keeps_the_earlier_year_and_subject():
    out = rewrite_followup("它的面积是多少？", _history("示例新区2023年的规划范围是什么？"))
    assert "示例新区" in out and "面积" in out


def test_a_followup_naming_nothing_of_its_own_asks_about_the_earlier_topic():
    history = [{"role": "user", "content": "2015年赤字率目标是多少？"}, {"role": "assistant", "content": "2.3%左右。"}]
    rewritten = rewrite_followup("为什么定这么低？", history)
    assert "2015年" in rewritten and "赤字率" in rewritten and "这么低" in rewritten
    assert rewrite_followup("养老金为什么涨这么多？", history).rstrip("?？").endswith("养老金为什么涨这么多")


def test_a_followup_that_leaves_out_its_head_asks_the_earlier_thing_of_another_kind():
    out = rewrite_followup("那居民参保的呢？", _history("示例市长护险职工参保人员机构护理的支付比例是多少？"))
    assert "居民参保" in out and "支付比例" in out and "长护险" in out and "多少" in out


def test_a_short_year_in_the_history_carries_a_relative_year():
    out = rewrite_followup("那前一年呢？", _history("21年报告安排的财政赤字是多少？"))
    assert out.startswith("2020年") and "财政赤字" in out


def test_an_elliptical_question_followed_by_another_takes_the_context_once():
    out = rewrite_followup("2023年的呢？比上年增加多少？", _history("2022年安排了多少地方政府专项债券？"))
    first, second = out.split("？", 1)
    assert first.startswith("2023年") and "专项债券" in first
    assert "上年" in second and "2021" not in out  # 「比上年」 stays relative to the question's own year


def test_it_points_back_at_the_thing_named_before_the_asking():
    out = rewrite_followup("它的有效期呢？", _history("示例市困难群众救助办法是什么时候印发的？"))
    assert out.startswith("示例市困难群众救助办法") and "有效期" in out and "印发" not in out


def test_the_earlier_part_of_the_year_carries_over():
    out = rewrite_followup("到位资金是多少？", _history("示例省开发区前三季度签约了多少项目？"))
    assert "前3季度" in out or "前三季度" in out


def test_an_english_followup_about_the_following_year_moves_the_year():
    out = rewrite_followup("And what about the following year?", _history("What deficit ratio did the 2015 report set?"))
    assert "2016" in out and "2015" not in out


def test_it_points_back_at_the_thing_named_after_the_asking_too():
    out = rewrite_followup("它的申报条件是什么？", _history("示例市今年有哪些人才补贴政策？"))
    assert "人才补贴政策" in out and "申报条件" in out


def test_a_followup_that_names_its_own_month_takes_no_part_of_the_year():
    out = rewrite_followup("3月份居民消费价格涨了多少？", _history("2024年一季度示例市地区生产总值增长多少？"))
    assert "季度" not in out and "3月份" in out


def test_a_year_with_its_preposition_asks_the_same_of_that_year():
    history = [{"role": "user", "content": "示例园区2023年标准地出让比例要求多少？"}, {"role": "assistant", "content": "不低于20%。"}]
    assert rewrite_followup("到2025年呢？", history) == rewrite_followup("2025年呢？", history)
    assert "标准地" in rewrite_followup("到2025年呢？", history)
    assert "标准地" in rewrite_followup("到2025年底呢？", history)


def test_it_points_back_at_the_object_of_ba_not_the_whole_earlier_question():
    out = rewrite_followup("第二年的报告把它调成多少了？", _history("2017年政府工作报告把赤字率定在多少？"))
    assert out.startswith("2018年") and "赤字率" in out and "2017" not in out and "定在" not in out


def test_a_question_naming_only_the_report_borrows_the_earlier_topic():
    out = rewrite_followup("那下一年的报告里安排了多少？", _history("2024年报告里示例特别国债打算发多少？"))
    assert "2025年" in out and "示例特别国债" in out
    standalone = "2025年报告里地方专项债安排了多少？"
    assert rewrite_followup(standalone, _history("2024年报告里示例特别国债打算发多少？")) == standalone


def test_an_english_follow_up_carries_the_earlier_topic_without_its_asking():
    out = rewrite_followup("And what's the fixed price for users who don't bid?", _history("示例市2021年春节需求响应是哪几天？"))
    assert out.endswith("示例市2021年春节需求响应")


def test_the_object_of_ba_keeps_whole_words_and_jiang_is_no_marker():
    out = rewrite_followup("它后来调整到多少了？", _history("2023年报告把CPI涨幅稳定在多少？"))
    assert "CPI涨幅" in out and "稳" not in out
    out = rewrite_followup("它第二年是多少？", _history("2024年将乐县新增就业多少人？"))
    assert "将乐县" in out


def test_an_english_follow_up_keeps_a_topic_named_after_the_asking():
    out = rewrite_followup("What about the application deadline?", _history("广州市有哪些人才补贴政策？"))
    assert "人才补贴政策" in out


def test_a_year_with_no_thing_of_its_own_asks_the_earlier_topic():
    history = [{"role": "user", "content": "2016年政府工作报告的CPI涨幅目标是多少？"}, {"role": "assistant", "content": "3%左右。"}]
    out = rewrite_followup("那2017年定的是多少？", history)
    assert "CPI" in out and "2017年" in out and "2016" not in out


def test_a_conditional_follow_up_asks_the_earlier_attribute_of_its_case():
    history = [{"role": "user", "content": "示例县对新认定的高新技术企业的奖励标准是什么？"}, {"role": "assistant", "content": "一次性奖励20万元。"}]
    out = rewrite_followup("通过复审的话呢？", history)
    assert "通过复审" in out and "奖励标准" in out and "的话" not in out


def test_an_aspect_of_the_earlier_subject_keeps_its_place():
    out = rewrite_followup("硅那块到2025年产能目标是多少？", _history("示例县产业园区的两大主导产业是什么？"))
    assert "示例县" in out and "2025年" in out and "硅" in out
    assert rewrite_followup("硅材料到2025年产能目标是多少？", _history("示例县产业园区的两大主导产业是什么？")) == "硅材料到2025年产能目标是多少？"
    assert rewrite_followup("深圳那边2025年的人才补贴是多少？", _history("示例县产业园区的两大主导产业是什么？")) == "深圳那边2025年的人才补贴是多少？"


def test_it_in_another_year_takes_the_thing_without_the_earlier_year():
    out = rewrite_followup("那它的下一年拟发多少？", _history("2024年示例报告说开始发特别国债，第一年发多少？"))
    assert "2025年" in out and "2024年" not in out and "特别国债" in out


def test_a_colloquial_asking_word_is_no_ellipsis_to_fill_with_the_earlier_asking():
    history = [{"role": "user", "content": "示例市低保边缘家庭认定标准现在是多少？"}, {"role": "assistant", "content": "每人每月1000元。"}]
    out = rewrite_followup("那这个新标准是从啥时候开始算的？", history)
    assert "啥时候" in out and "是多少" not in out


def test_a_followup_about_another_grade_swaps_it_into_the_earlier_question():
    history = [{"role": "user", "content": "长护险2级居家护理职工参保的每月能报多少？"}]
    out = rewrite_followup("那1级的呢？", history)
    assert "1级" in out and "2级" not in out and "居家护理" in out
    history = [{"role": "user", "content": "A类护理每月上门几次？"}]
    assert rewrite_followup("那B类的呢？", history).startswith("B类护理")


def test_a_followup_naming_nothing_takes_the_earlier_topic_not_what_was_asked_of_it():
    history = [{"role": "user", "content": "广州临时救助1个家庭1年最多能拿多少？"}]
    out = rewrite_followup("批下来以后多久能到账？", history)
    assert "临时救助" in out and "最多能拿" not in out and "批下来以后多久能到账" in out
    from assistant.followup import _topic_phrase

    assert _topic_phrase("广东可再生能源补贴标准是多少？") == "广东可再生能源补贴标准"  # 「可」 alone is no modal here
    assert _topic_phrase("家里老人需要长期护理，长护险每月最多能报多少？").startswith("家里老人需要长期护理")  # an earlier clause keeps its own


def test_an_outcome_asked_after_a_target_takes_the_topic_without_the_target():
    out = rewrite_followup("那前一年实际完成了多少？", _history("2014年M2增长目标是多少？"))
    assert out.startswith("M2增长") and "2013年" in out and "目标" not in out
    out = rewrite_followup("那前一年实际达到多少？", _history("2020年人均预期寿命目标是多少？"))
    assert out.startswith("人均预期寿命") and "2019年" in out  # 预期 inside a term is no target word
    from assistant.answering.question_parts import split_parts

    parts = split_parts("2014年M2增长目标是多少？最后实际完成多少？")  # a later part is answered beside the first
    assert parts[1].startswith("2014年") and "目标" not in parts[1]


def test_an_elliptical_list_of_years_asks_the_earlier_question_of_each():
    out = rewrite_followup("22、23年呢？", _history("某区标准地出让比例21年要求多少"))
    assert out == "某区标准地出让比例2022年和2023年要求多少"
    assert rewrite_followup("2020年呢？", _history("缴费满15年每月能领多少？")).startswith("2020年缴费满15年")  # a duration stays
    assert "最长20年" in rewrite_followup("2018年呢？", _history("贷款期限最长20年吗？"))


def test_an_english_follow_up_of_several_questions_carries_the_context_in_each():
    from assistant.answering.question_parts import split_parts

    out = rewrite_followup("And their total investment? How much of it has arrived?",
                           _history("How many projects did the zones sign in the first quarter?"))
    parts = split_parts(out)
    assert len(parts) == 2 and all("first quarter" in p for p in parts)
    assert not any(p.startswith("How many projects") for p in parts)  # the earlier question is no part of its own
