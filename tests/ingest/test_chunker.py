from ingest.chunker import Chunker

SECTIONED = [
    "示例县园区振兴计划",
    "一、主要任务",
    "（一）主导产业聚集工程",
    "围绕绿色食品加工主导产业，建设特色园区。" * 3,
    "（二）基础设施提升工程",
    "完善道路、供水、供电等基础设施。" * 30,
]


def test_heading_path_is_kept_for_each_chunk():
    chunks = Chunker().split(SECTIONED, "示例县园区振兴计划")
    first = next(c for c in chunks if "绿色食品加工" in c.text)
    assert first.heading_path == ["一、主要任务", "（一）主导产业聚集工程"]
    assert "示例县园区振兴计划 > 一、主要任务 > （一）主导产业聚集工程" in first.search_text("示例县园区振兴计划")


def test_long_sections_split_on_sentences_within_limits():
    chunker = Chunker()
    chunks = chunker.split(SECTIONED, "示例县园区振兴计划")
    long_section = [c for c in chunks if "基础设施提升" in " ".join(c.heading_path)]
    assert len(long_section) >= 2
    assert all(len(c.text) <= chunker.limit + chunker.minimum for c in chunks)
    assert all(c.text.endswith("。") for c in long_section)


def test_no_text_is_lost():
    chunks = Chunker().split(SECTIONED, "示例县园区振兴计划")
    joined = "".join(c.text.replace("\n", "") for c in chunks)
    for para in SECTIONED[1:]:
        assert para in joined or all(s in joined for s in para.split("。") if s)
