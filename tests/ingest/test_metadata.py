from ingest.loaders import LoaderFactory
from ingest.metadata import extract_metadata

LETTER = """示例市发展和改革委员会文件

示发改函〔2024〕7号

示例市发展和改革委员会 关于示例园区建设的复函

各有关单位：
一、总体情况。园区建设进展顺利。
示例市发展和改革委员会
2024年3月8日
2024年3月9日印发
"""


def test_letter_metadata_comes_from_the_text():
    meta = extract_metadata(LETTER)
    assert meta.title == "示例市发展和改革委员会 关于示例园区建设的复函"
    assert meta.doc_number == "示发改函〔2024〕7号"
    assert meta.date == "2024-03-08"
    assert meta.issuer == "示例市发展和改革委员会"


def test_fields_not_stated_stay_empty():
    meta = extract_metadata("一篇没有日期的短文\n园区发展很好。")
    assert (meta.date, meta.issuer, meta.doc_number) == ("", "", "")


def test_real_corpus_metadata(corpus):
    docs = {p.name: extract_metadata(LoaderFactory.load(p)) for p in sorted(corpus.glob("*.txt"))}
    by_number = [m for m in docs.values() if m.doc_number == "昆发改地区函〔2023〕45号"]
    assert by_number and by_number[0].date == "2023-06-16"
    assert any(m.issuer == "昌宁县发改局" and m.date == "2023-10-20" for m in docs.values())
    assert any(m.date == "2022-12-01" for m in docs.values())
    assert all(m.title and "无障碍" not in m.title and "(" not in m.title[:4] for m in docs.values())


def test_a_title_broken_over_lines_is_joined_and_a_cited_number_is_not_the_documents():
    text = ("国务院关于加快推进示例产业和\n 示例装备转型升级的指导意见\n"
            "（2019年1月8日）\n"
            "各省、自治区、直辖市人民政府：\n"
            "按照《国务院关于示例工作的意见》（国发〔2015〕43号）要求，现提出如下意见。\n")
    meta = extract_metadata(text)
    assert meta.title == "国务院关于加快推进示例产业和示例装备转型升级的指导意见"
    assert meta.date == "2019-01-08"
    assert meta.doc_number == ""  # the only number is one the text cites


def test_a_number_on_its_own_line_wins_even_broken_over_lines():
    text = "示例市财政局关于印发示例办法的通知\n示财规字〔\n2019〕6号\n各区财政局：\n根据《示例规定》（示府〔2018〕2号），制定本办法。\n"
    assert extract_metadata(text).doc_number == "示财规字〔2019〕6号"


def test_markdown_labels_and_a_titled_period():
    text = "# 示例市促进示例产业发展行动计划（2023—2025年）\n\n**发布日期**: 2023年10月26日\n**发布机构**: 示例市\n\n正文。\n"
    meta = extract_metadata(text)
    assert meta.title == "示例市促进示例产业发展行动计划（2023—2025年）"
    assert meta.date == "2023-10-26"


def test_a_label_line_is_not_joined_to_the_title_and_english_titles_are_kept():
    assert extract_metadata("政策解读\n关于示例工作的通知\n各区：\n正文。").title == "关于示例工作的通知"
    assert extract_metadata("发文机关 示例市民政局\n关于示例工作的通知\n正文。").title == "关于示例工作的通知"
    assert extract_metadata("Guiding Opinions on Example Work\nBody text here.").title == "Guiding Opinions on Example Work"
