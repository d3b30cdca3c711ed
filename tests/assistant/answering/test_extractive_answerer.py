"""Pieces of the extractive answerer that need no store: passage ranking, the document number, figures first."""

from assistant.answerers.extractive_answerer import ExtractiveAnswerer, passage_ranking, with_figure_first
from assistant.answering.candidates import candidates
from assistant.query import analyze
from assistant.retrieval.hybrid_retriever import Passage


def _passage(pid: str, text: str, doc: str = "a.txt", **meta) -> Passage:
    return Passage(pid, text, {"source": doc, **meta}, 1.0)


def test_passages_are_ranked_by_their_best_sentence_then_as_retrieved():
    passages = [_passage("p1", "无关的一句话。"), _passage("p2", "答案在这里。"), _passage("p3", "也无关。")]
    cands = candidates(passages)
    cands[0].prob, cands[1].prob, cands[2].prob = 0.1, 0.9, 0.1
    ranked = sorted(cands, key=lambda c: -c.prob)
    assert passage_ranking(ranked, 3) == [2, 1, 3]
    assert passage_ranking([], 3) == [1, 2, 3]


def test_a_document_number_question_is_answered_from_the_documents_head():
    passages = [_passage("p1", "根据《示例办法》（示府〔2018〕2号），制定本细则。", doc="a.txt", doc_number="示工信〔2021〕3号", title="示例细则"),
                _passage("p0", "示例细则\n示工信〔2021〕3号\n各有关单位：", doc="a.txt", doc_number="示工信〔2021〕3号", title="示例细则")]
    draft = ExtractiveAnswerer(idf=lambda terms: {t: 1.0 for t in terms}).answer(analyze("示例细则的发文字号是什么？"), passages)
    assert draft.answerable and "示工信〔2021〕3号" in draft.text and draft.cited == [2]


def test_a_figure_question_leads_with_a_near_tied_sentence_that_states_the_figure():
    passages = [_passage("p1", "上述标准均从2025年1月1日起执行。孤儿养育标准为每人每月2976元。")]
    cands = candidates(passages)
    cands[0].prob, cands[1].prob = 0.87, 0.86
    query = analyze("孤儿养育标准每人每月多少钱？")
    assert "2976元" in with_figure_first(query, cands)[0].text
    cands[1].prob = 0.3  # not a tie: the scorer's choice stands (and the answerer declines it)
    assert "2976元" not in with_figure_first(query, cands)[0].text
