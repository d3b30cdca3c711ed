from ingest.cleaner import clean_text
from textkit.normalize import normalize, normalize_for_match, strip_pinyin

PAGE = """| 无障碍浏览 | 打开适老化模式
x
索引号 000-1/20240101-0001 发布机构 示例县发改局
公开目录 政策文件 发布日期 2024-01-02
文号 浏览量
主题词
示例县产业园区发展行动方案

一、总体目标

到2026年，园区营业收入突破百亿元，引进重点企业十户以上，完善土地利
用等基础设施配套。
二、重点任务
（一）招商引资
分享到
分享到微信
（联系人及电话：张三 0000-1234567）
往期
推荐
01、另一篇无关的文章
"""


def test_page_chrome_and_footer_are_removed():
    body = "\n".join(clean_text(PAGE))
    for noise in ("无障碍", "适老化", "索引号", "分享", "联系人", "往期", "无关的文章", "浏览量"):
        assert noise not in body
    assert body.startswith("示例县产业园区发展行动方案")


def test_paragraph_broken_mid_word_is_rejoined():
    paragraphs = clean_text(PAGE)
    assert any("完善土地利用等基础设施配套。" in p for p in paragraphs)


def test_headings_are_not_glued_to_their_bodies():
    paragraphs = clean_text(PAGE)
    assert "一、总体目标" in paragraphs and "（一）招商引资" in paragraphs


def test_pinyin_annotations_are_dropped_and_traditional_normalised():
    text = "產(chǎn)業(yè)強(qiáng)市"
    assert strip_pinyin(text) == "產業強市"
    assert normalize(text) == "产业强市"
    assert normalize_for_match("增速 ５％") == "增速5%"


def test_title_broken_across_lines_is_joined():
    paragraphs = clean_text("2021年示例报告\n\n政府工作报\n\n告\n\n各位代表：\n\n现在报告工作。")
    assert "政府工作报告" in paragraphs


def test_lines_broken_inside_a_phrase_are_rejoined_but_headings_stay_apart():
    from ingest.cleaner import clean_text

    text = "（九）争议的解决方式。\n见习期限一般为\n3\n个月至\n6\n个月，最长不超过12个月。\n一、总体要求\n主要目标\n到2025年，基本实现。"
    assert clean_text(text) == ["（九）争议的解决方式。", "见习期限一般为3个月至6个月，最长不超过12个月。", "一、总体要求", "主要目标", "到2025年，基本实现。"]


def test_table_cells_numbered_items_and_signatures_stay_apart():
    from ingest.cleaner import clean_text

    assert clean_text("年份\n2021\n2022\n一类地区2300\n二类2100\n①身份证\n②户口本\n市政府办公厅\n2024年\n1月5日") == [
        "年份", "2021", "2022", "一类地区2300", "二类2100", "①身份证", "②户口本", "市政府办公厅", "2024年", "1月5日"]
