"""The whole answer path on the real small corpus, real Chroma and the real e5 model.

Questions are written here in our own words; they check behaviour (right
document cited, figure with unit present, refusal) rather than wording.
"""

import pytest

from textkit.normalize import is_traditional, normalize
from assistant.pipeline import QuestionError


def _cited_docs(answer):
    return {c.passage.doc for c in answer.citations}


def test_numeric_answer_is_short_cited_and_carries_the_unit(pipeline):
    answer = pipeline.ask("昌宁产业园区到2025年多晶硅产能要达到多少？")
    assert answer.answerable
    assert "万吨" in answer.answer and "[1]" in answer.answer
    assert len(answer.answer) <= 150
    assert _cited_docs(answer) == {"002_46a199d81ef02df5.txt"}


def test_traditional_question_reaches_simplified_and_traditional_text(pipeline):
    answer = pipeline.ask("昌寧產業園區聚焦哪兩大主導產業？")
    assert answer.answerable and "绿色硅加工" in normalize(answer.answer)
    assert is_traditional(answer.answer)  # the answer reads in the question's script


def test_simplified_question_about_a_traditional_page_gets_simplified_text(pipeline):
    answer = pipeline.ask("昆明累计创建了多少个国家级和省级新型工业化产业示范基地？")
    assert answer.answerable and "003_0aa4f35624532ed6.txt" in _cited_docs(answer)
    assert not is_traditional(answer.answer)


def test_english_question_reaches_chinese_passages(pipeline):
    answer = pipeline.ask("What are the leading industries of the Changning industrial park?")
    assert answer.answerable and "002_46a199d81ef02df5.txt" in _cited_docs(answer)


def test_refuses_when_the_place_is_not_in_the_corpus(pipeline):
    answer = pipeline.ask("西藏自治区开发区去年的工业增加值是多少？")
    assert not answer.answerable and "西藏" in answer.reason and "西藏" in answer.answer
    assert answer.citations == [] and answer.related


def test_refuses_off_topic_question_about_a_known_place(pipeline):
    answer = pipeline.ask("昌宁产业园区的人口出生率是多少？")
    assert not answer.answerable


def test_followup_is_rewritten_before_retrieval(pipeline):
    history = [{"role": "user", "content": "昌宁产业园区聚焦哪两大主导产业？"}, {"role": "assistant", "content": "绿色食品加工、绿色硅加工。"}]
    answer = pipeline.ask("那它到2025年的多晶硅产能呢？", history=history)
    assert "昌宁" in answer.standalone_question
    assert answer.answerable and "万吨" in answer.answer


def test_filters_restrict_both_retrievers(pipeline):
    answer = pipeline.ask("主导产业有哪些？", filters=["doc=001_94bcc602ee59ae8d.txt"])
    assert {p.doc for p in answer.retrieved} == {"001_94bcc602ee59ae8d.txt"}


@pytest.mark.parametrize("question", ["", "   ", "问" * 2001])
def test_bad_questions_get_a_clear_error(pipeline, question):
    with pytest.raises(QuestionError, match="question"):
        pipeline.ask(question)


def test_unknown_filter_key_is_named(pipeline):
    with pytest.raises(ValueError, match="unknown filter key 'province'"):
        pipeline.ask("主导产业有哪些？", filters={"province": "云南"})


def test_json_shape(pipeline):
    payload = pipeline.ask("昌宁产业园区聚焦哪两大主导产业？").to_dict()
    assert {"question", "answer", "answerable", "citations", "latency_ms"} <= set(payload)
    assert {"n", "doc", "title", "issuer", "date", "text", "score"} <= set(payload["citations"][0])
    assert payload["citations"][0]["doc"].endswith(".txt")


def test_a_question_with_two_question_marks_answers_both_parts(pipeline):
    answer = pipeline.ask("昌宁产业园区到2025年多晶硅产能要达到多少？规上工业企业要新增多少户？")
    assert answer.answerable and "25万吨" in answer.answer and "10户" in answer.answer
    assert all(c.passage.doc == "002_46a199d81ef02df5.txt" for c in answer.citations)


def test_a_refusal_names_its_reason_and_related_passages_are_distinct_documents(pipeline):
    answer = pipeline.ask("拉萨的开发区有哪些主导产业？")
    assert not answer.answerable and "拉萨" in answer.reason and "拉萨" in answer.answer
    docs = [p.doc for p in answer.related]
    assert len(docs) == len(set(docs))


def test_a_later_part_does_not_repeat_a_sentence_an_earlier_part_said():
    from assistant.pipeline import _unsaid

    said = ["拟发行示例国债600亿元；拟安排示例赤字2950亿元[1]"]
    assert _unsaid("拟安排示例赤字2950亿元[1]；示例资金主要用于农林水利[1]。", said) == "示例资金主要用于农林水利[1]。"
    assert _unsaid("拟安排示例赤字2950亿元[2]。", said) == ""
    assert _unsaid("示例资金主要用于农林水利[1]。", []) == "示例资金主要用于农林水利[1]。"  # the caller passes only pieces citing the same passage


def test_a_later_part_asking_only_about_a_missing_document_is_refused_with_it():
    from assistant.answerers.base import Draft
    from assistant.pipeline import _ruled_out_with
    from assistant.query import analyze

    later, own, bare = analyze("2020年专项债规模定的多少？"), analyze("2019年专项债规模定的多少？"), analyze("专项债规模定的多少？")
    refused = Draft("", False, reason="政策库中没有2020年的政府工作报告", lacks_years=(2020,))
    answered = Draft("示例园区2020年获得专项债5.2亿元[1]。", True, [1])
    kept = _ruled_out_with(later, answered, [refused])
    assert not kept.answerable and kept.reason == refused.reason and kept.confidence == 0.0
    assert _ruled_out_with(own, answered, [refused]) is answered  # a year of its own: asked on its own
    assert _ruled_out_with(bare, answered, [refused]) is answered  # no year carried: nothing ties it to that report
    place = Draft("", False, reason="政策库中没有涉及“拉萨”的文件")
    assert _ruled_out_with(later, answered, [place]) is answered  # a place or title is checked on each part itself


def test_parts_are_labelled_by_their_own_year_or_place_and_an_unnamed_part_gets_no_bare_colon():
    from assistant.pipeline import _labels
    from assistant.query import analyze

    assert _labels([analyze("2005年赤字是多少？"), analyze("2007年赤字是多少？")]) == ["2005年：", "2007年："]
    assert _labels([analyze("临时救助最少给几个月低保？"), analyze("广州低保标准一个月是多少？")]) == ["", "广州："]
    assert _labels([analyze("赤字是多少？"), analyze("国债是多少？")]) == ["", ""]
