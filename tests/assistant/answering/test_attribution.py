from assistant.answering.attribution import attribute
from assistant.retrieval.hybrid_retriever import Passage

PASSAGES = [
    Passage("a", "示例园区到2025年营业收入达到300亿元，新增规上企业20户。", {"title": "示例园区方案"}, 1.0),
    Passage("b", "嘉兴市加快建设数字经济产业园，打造三个千亿级产业集群。", {"title": "嘉兴意见"}, 0.5),
]


def _idf(tokens):
    return dict.fromkeys(tokens, 1.0)


def test_each_supported_sentence_is_cited_to_its_passage_whatever_the_marker_said():
    text, cited, _ = attribute("示例园区到2025年营业收入达到300亿元[2]。嘉兴市打造三个千亿级产业集群。", PASSAGES, _idf)
    assert cited == [1, 2] and "300亿元[1]" in text and "集群[2]" in text


def test_a_sentence_with_a_figure_no_passage_states_is_dropped():
    text, cited, _ = attribute("示例园区到2025年营业收入达到900亿元[1]。", PASSAGES, _idf)
    assert text == "" and cited == []


def test_a_sentence_naming_another_place_is_dropped():
    text, cited, _ = attribute("杭州市打造三个千亿级产业集群。", PASSAGES, _idf)
    assert cited == []
