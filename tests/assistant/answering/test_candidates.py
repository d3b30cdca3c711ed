from assistant.answering.candidates import answerable_text, candidates
from assistant.retrieval.hybrid_retriever import Passage


def test_contents_lines_page_numbers_and_date_lines_are_no_candidates():
    assert not answerable_text("第三章 补贴标准......................................- 12 -")
    assert answerable_text("自2022年3月1日起施行，有效期5年")
    assert answerable_text("补贴标准为每人每月800元")


def test_a_skipped_line_keeps_the_positions_of_the_sentences_after_it():
    passage = Passage(id="c1", text="目录......................- 3 -\n补贴标准为每人每月800元。", meta={"source": "d"}, score=1.0)
    found = candidates([passage])
    assert [c.index for c in found] == [1] and "800元" in found[0].text
