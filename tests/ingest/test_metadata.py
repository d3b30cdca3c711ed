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
