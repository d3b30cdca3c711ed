from textkit.cues import full_years


def test_short_years_become_full_years_but_durations_stay():
    assert full_years("03年和04年报告") == "2003年和2004年报告"
    assert full_years("99年的报告") == "1999年的报告"
    assert full_years("24年底") == "2024年底"
    for duration in ("连续17年", "17年来", "第17年", "12年间", "1.5年", "2017年", "有效期10年", "最长20年", "10年后", "每10年评估一次"):
        assert full_years(duration) == duration


def test_a_comparisons_base_year_is_not_what_the_question_is_about():
    from assistant.query import analyze

    assert analyze("2016年报告定的标准比2011年提高了多少？").years == [2016]
    assert analyze("比2011年提高了多少？").years == []


def test_a_comparison_named_as_such_keeps_both_years():
    from assistant.query import analyze

    assert analyze("对比2019年和2020年的赤字率").years == [2019, 2020]
