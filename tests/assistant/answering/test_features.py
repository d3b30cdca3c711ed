from assistant.answering.features import question_view
from assistant.query import analyze


def _idf(terms):
    return {t: 1.0 for t in terms}


def test_the_place_a_question_names_is_not_counted_as_coverage():
    view = question_view(analyze("桐庐县企业在科创板上市奖励多少？"), _idf)
    assert "桐庐" not in view.weights and "庐县" not in view.weights
    assert "上市" in view.weights and "奖励" in view.weights


def test_a_question_about_a_place_only_keeps_its_terms():
    view = question_view(analyze("桐庐县？"), _idf)
    assert view.weights


def test_grades_are_told_apart_and_abbreviations_are_no_grades():
    from assistant.answering.features import question_codes

    assert question_codes("新评上国家2A级的景区奖励多少") == ["2A"]
    assert question_codes("a类护理每月上门几次") == ["A类"]
    assert question_codes("2012年M2预期增长目标是多少") == []  # 「广义货币」 in the passage


def test_a_count_question_knows_the_figure_that_counts_its_thing():
    from assistant.answering.features import counted_pattern

    asked = counted_pattern("示例省开发区一共有多少个？")
    assert asked.search("今年1—5月，示例省89个开发区规上工业总产值同比增长2.2%")  # the count as a modifier
    assert asked.search("全省开发区共89个")  # and as a predicate
    assert not asked.search("开发区规上工业总产值同比增长2.2%")
    assert counted_pattern("签约了多少个招商引资项目？").search("上半年共签约招商引资项目855个")
    assert counted_pattern("示例县有几个景区？").search("全县共有12个景区")
    assert counted_pattern("柳河县有几个？") is None  # a place is not what is counted
    assert counted_pattern("今年GDP增长多少？") is None


def test_a_grade_written_with_repeated_letters_is_the_same_grade():
    from assistant.answering.features import QuestionView, _code_missing
    from assistant.query import analyze

    view = QuestionView(analyze("新评上4A级景区奖励多少？"), {}, [], "")
    assert _code_missing(view, "对新评定为国家AAAA级旅游景区的，给予奖励") == 0.0
    assert _code_missing(view, "对新评定为国家AAA级旅游景区的，给予奖励") == 1.0
