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


def test_short_list_items_are_packed_under_their_heading():
    paragraphs = [
        "第二章 参保缴费",
        "（一）职工参保人员",
        "2.个人缴费费率：",
        "（1）未满35周岁参保人员为0%；",
        "（2）满35周岁至未满45周岁参保人员为0.02%；",
        "（3）满45周岁至退休前参保人员为0.08%；",
        "（4）退休人员为0.12%。",
    ]
    chunks = Chunker().split(paragraphs, "示例办法")
    last = next(c for c in chunks if "0.12%" in c.text)
    assert "2.个人缴费费率" in last.text or "2.个人缴费费率：" in last.heading_path
    assert "0.08%" in last.text  # siblings share a chunk instead of one line each
    assert all("（4）" not in label for label in last.heading_path)


def test_top_level_sections_are_never_packed_together():
    paragraphs = ["一、2023年工作回顾", "完成了全年目标。", "二、2024年工作安排", "抓好三件事。", "三、保障措施", "加强领导。"]
    chunks = Chunker().split(paragraphs, "示例报告")
    assert [c.heading_path[0] for c in chunks] == ["一、2023年工作回顾", "二、2024年工作安排", "三、保障措施"]
