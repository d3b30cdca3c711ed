from textkit.cues import full_years


def test_short_years_become_full_years_but_durations_stay():
    assert full_years("03年和04年报告") == "2003年和2004年报告"
    assert full_years("99年的报告") == "1999年的报告"
    assert full_years("24年底") == "2024年底"
    assert full_years("那22年的呢") == "那2022年的呢"
    for duration in ("25年工龄的人", "12年义务教育", "20年一遇的洪水", "10年来成就", "20年后", "连续17年", "17年来", "第17年", "12年间", "1.5年", "2017年", "有效期10年", "最长20年", "10年后", "每10年评估一次"):
        assert full_years(duration) == duration


def test_a_comparisons_base_year_is_not_what_the_question_is_about():
    from assistant.query import analyze

    assert analyze("2016年报告定的标准比2011年提高了多少？").years == [2016]
    assert analyze("比2011年提高了多少？").years == []


def test_a_comparison_named_as_such_keeps_both_years():
    from assistant.query import analyze

    assert analyze("对比2019年和2020年的赤字率").years == [2019, 2020]


def test_a_review_section_speaks_about_the_years_before_its_report():
    from textkit.cues import section_years

    assert section_years("一、过去5年工作回顾", 2018) == {2013, 2014, 2015, 2016, 2017}
    assert section_years("一、工作回顾", 2024) == {2023}
    assert section_years("二、2019年经济社会发展总体要求", 2019) == {2019}
    assert section_years("三、重点工作任务", 2019) == {2019}
    assert section_years("三、重点工作任务", None) == set()


def test_a_year_that_names_a_report_is_told_from_a_year_asked_about():
    from assistant.query import analyze

    assert analyze("2024年報告提到哪款大飛機投入商業運營了？").doc_years == [2024]
    assert analyze("According to the 2017 report, how much capacity was cut in 2016?").doc_years == [2017]
    assert analyze("2019年脱贫任务是减少多少？").doc_years == []


def test_a_question_that_opens_on_a_short_year_names_that_year():
    assert full_years("19年专项债安排了多少") == "2019年专项债安排了多少"
    assert full_years("请问24年赤字规模定了多少") == "请问2024年赤字规模定了多少"
    for duration in ("25年工龄可以领多少", "20年以上的职工", "10年内还清", "15年期国债"):
        assert full_years(duration) == duration


def test_parts_of_a_year_are_read_as_month_spans():
    from textkit.cues import period_spans
    from textkit.numerals import arabic_numerals

    def spans(text):
        return period_spans(arabic_numerals(text))

    assert spans("前三季度全市规上工业增加值") == {(1, 9)}
    assert spans("一季度全市实现地区生产总值") == {(1, 3)}
    assert spans("第二季度") == {(4, 6)}
    assert spans("1—5月，规上工业总产值") == {(1, 5)}
    assert spans("上半年共签约项目") == {(1, 6)}
    assert spans("全年国内生产总值增长") == {(1, 12)}
    assert spans("GDP in the first three quarters") == {(1, 9)}
    assert spans("本次响应时间为2021年2月13日至2021年2月15日") == set()  # days, not a part of the year
    assert spans("国内生产总值增长5%左右") == set()


def test_a_period_compared_with_is_not_the_one_reported_on():
    from textkit.cues import period_spans, reported_periods
    from textkit.numerals import arabic_numerals

    title = arabic_numerals("前三季度全市经济运行情况")
    assert reported_periods(arabic_numerals("地区生产总值增长5.2%，增速比上半年提高0.3个百分点。"), "", title) == {(1, 9)}
    assert reported_periods(arabic_numerals("固定资产投资完成全年目标任务的78%。"), "", title) == {(1, 9)}
    assert reported_periods(arabic_numerals("新签约项目120个，较一季度增加50个。")) == set()
    assert period_spans(arabic_numerals("全年龄段居民医保补助")) == set()
    for duration in ("10年以后能领多少", "10年前的标准", "20年一次", "15年缴费年限能领多少"):
        assert full_years(duration) == duration


def test_last_year_as_a_comparisons_base_gives_a_sentence_no_year_of_its_own():
    from textkit.cues import relative_years

    assert relative_years("拟安排中央财政赤字2950亿元,比上年预算减少50亿元。", 2006) == set()
    assert relative_years("去年国内生产总值增长8%。", 2006) == {2005}
    assert relative_years("今年赤字率比去年有所下调。", 2006) == {2006}
    assert relative_years("去年完成投资100亿元,今年计划120亿元。", 2006) == {2005, 2006}
    assert relative_years("全年地区生产总值比上年增长5.2%。", 2024) == {2023}  # a bulletin dated the next year


def test_the_analysts_abbreviation_of_a_work_report_names_a_document_year():
    from assistant.query import analyze

    assert analyze("05年GWR中央财政赤字拟安排多少？").doc_years == [2005]
    assert analyze("2017 GWR deficit target?").doc_years == [2017]


def test_a_short_year_right_after_the_place_asked_about_is_a_year_unless_round():
    assert full_years("浙江21年专项债额度是多少") == "浙江2021年专项债额度是多少"
    assert full_years("杭州市18年春节期间补贴多少") == "杭州市2018年春节期间补贴多少"
    for duration in ("广州10年社保可以落户吗", "北京20年房龄的房子能贷款吗", "缴费17年能领多少", "浙江17年来的变化"):
        assert full_years(duration) == duration


def test_a_leading_short_year_in_a_list_of_years_is_a_year_but_a_range_of_durations_is_not():
    assert full_years("21、22年呢？") == "2021、2022年呢？"
    assert full_years("18和19年呢") == "2018和2019年呢"
    for duration in ("10至15年的贷款利率是多少", "20到25年工龄", "15、20年的定期存款", "广州10年社保可以落户吗"):
        assert full_years(duration).startswith(duration[:2])


def test_a_report_pointed_at_with_a_demonstrative_is_a_document_year():
    from assistant.query import analyze

    assert analyze("08年那份报告里说上年财政收入多少？").doc_years == [2008]
    assert analyze("2012年的这份报告提到哪些任务？").doc_years == [2012]
