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
