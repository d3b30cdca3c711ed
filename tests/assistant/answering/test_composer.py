"""The composer: one passage per part, the best sentence's neighbour, a passage cited once."""

from assistant.answering.candidates import candidates
from assistant.answering.composer import choose, compose
from assistant.answering.features import question_view
from assistant.query import analyze
from assistant.retrieval.hybrid_retriever import Passage


def _idf(terms):
    return {t: 1.0 for t in terms}


def _passage(pid: str, text: str, doc: str = "a.txt", **meta) -> Passage:
    return Passage(pid, text, {"source": doc, "title": meta.pop("title", ""), **meta}, 1.0)


def _ranked(question: str, passages: list[Passage], probs: list[float]):
    view = question_view(analyze(question), _idf)
    cands = candidates(passages)
    for cand, prob in zip(cands, probs):
        cand.prob = prob
    return view, sorted(cands, key=lambda c: -c.prob)


def test_a_sentence_of_another_passage_does_not_join_the_answer():
    passages = [_passage("p1", "示例园区新增就业1000人以上。园区总产值增长8%。"), _passage("p2", "示例园区去年新增就业900人。", doc="b.txt")]
    view, ranked = _ranked("示例园区新增就业多少人？", passages, [0.9, 0.1, 0.85])
    chosen = choose(view, ranked, second_ratio=0.5, neighbor_ratio=1.01)
    assert {c.passage.id for c in chosen} == {"p1"}


def test_the_next_sentence_joins_when_likely_enough_and_the_passage_is_cited_once():
    passages = [_passage("p1", "国内生产总值增长6.6%。总量突破90万亿元。其他内容不相干。")]
    view, ranked = _ranked("GDP增长多少？总量多少？", passages, [0.8, 0.5, 0.01])
    text, cited, _ = compose(view, choose(view, ranked, 1.01, 0.3), 150)
    assert text == "国内生产总值增长6.6%。总量突破90万亿元[1]。"
    assert cited == [1]
    view, ranked = _ranked("GDP增长多少？总量多少？", passages, [0.8, 0.1, 0.01])
    assert "90万亿元" not in compose(view, choose(view, ranked, 1.01, 0.3), 150)[0]


def test_a_sentence_cut_by_a_line_break_is_joined_without_a_full_stop():
    passages = [_passage("p1", "固定补贴价格模式的补贴价格为\n0.5元/千瓦时，按实际响应量结算。")]
    view, ranked = _ranked("固定补贴价格是多少？", passages, [0.9, 0.6])
    text, _, _ = compose(view, choose(view, ranked, 1.01, 0.3), 150)
    assert "价格为0.5元/千瓦时" in text


def test_two_places_named_together_are_answered_from_both_documents():
    passages = [_passage("p1", "甲省共有开发区89个。", doc="a.txt", regions="|云南|"),
                _passage("p2", "乙省省级监测开发区99个。", doc="b.txt", regions="|贵州|")]
    view, ranked = _ranked("云南和贵州的开发区各有多少个", passages, [0.9, 0.4])
    chosen = choose(view, ranked, 1.01, 1.01)
    assert [c.passage.doc for c in chosen] == ["a.txt", "b.txt"]


def test_a_list_too_long_in_full_is_answered_by_its_items_heads():
    from assistant.answering.composer import with_announced_list

    text = ("待遇类型分为以下三类：\n（一）生活照料服务，包括基本生活照护和专项生活照护，" + "具体内容由经办机构确定" * 5 + "；\n"
            "（二）医疗护理服务，包括" + "各类护理项目" * 8 + "；\n（三）设备使用服务，包括" + "护理设备" * 8 + "。")
    cand = candidates([_passage("p1", text)])[0]
    assert with_announced_list(cand, 150) == "待遇类型分为以下三类：（一）生活照料服务；（二）医疗护理服务；（三）设备使用服务；"


def test_a_sentence_too_long_is_cut_at_a_clause_mark_never_inside_a_figure():
    from assistant.answering.composer import _cut

    text = "标准均从2025年1月1日起执行，各区按新旧标准的差额补发，" + "相关事项另行通知" * 10 + "。流浪乞讨受助人员基本饮食标准自2025年6月1日起执行。"
    cut = _cut(text, 60)
    assert len(cut) <= 60 and cut.endswith("补发")
    assert not _cut("甲" * 58 + "自2025年", 60).endswith("2")


def test_a_list_that_runs_past_its_chunk_is_continued_from_the_next_one():
    from assistant.answering.composer import with_announced_list

    first = _passage("p1", "申请人有下列情形之一的，不予批准其示例救助申请：\n（一）申请事项属于非紧急情况的；")
    nxt = _passage("p2", "（一）申请事项属于非紧急情况的；\n（二）提供虚假资料的；\n（三）不如实申报的。\n第十一条 示例机构应当及时告知。")
    cand = candidates([first])[0]
    text = with_announced_list(cand, 150, lambda p: nxt if p.id == "p1" else None)
    assert text.count("（一）") == 1 and "（二）提供虚假资料的" in text and "（三）不如实申报的" in text and "第十一条" not in text
    assert with_announced_list(cand, 150) == "申请人有下列情形之一的，不予批准其示例救助申请：（一）申请事项属于非紧急情况的；"


def test_a_list_that_ended_with_its_chunk_takes_nothing_of_the_next_section():
    from assistant.answering.composer import with_announced_list

    first = _passage("p1", "示例待遇包括以下两项：\n（一）生活照料；\n（二）医疗护理。")
    nxt = _passage("p2", "（二）医疗护理。\n二、办理流程\n（一）提出申请；\n（二）审核。")
    text = with_announced_list(candidates([first])[0], 150, lambda p: nxt)
    assert text == "示例待遇包括以下两项：（一）生活照料；（二）医疗护理。"
