"""The cpca gazetteer: every level, short forms, leftmost-longest matching, no words mistaken for places."""

import pytest

from textkit.places import gazetteer


def test_it_covers_the_whole_country():
    g = gazetteer()
    assert len(g.level_names("province")) >= 30
    assert len(g.level_names("county")) >= 2500


@pytest.mark.parametrize(("text", "expected"), [
    ("浙江西部的开发区", ["浙江"]),
    ("红河哈尼族彝族自治州和大理", ["红河", "大理"]),
    ("新疆维吾尔自治区与内蒙古自治区", ["新疆", "内蒙古"]),
    ("广州黄埔、番禺、南沙三个区", ["广州", "黄埔", "番禺", "南沙"]),
    ("哈尔滨市道里区", ["哈尔滨", "道里"]),
])
def test_places_are_found_in_order_by_their_short_names(text, expected):
    assert gazetteer().names(text) == expected


@pytest.mark.parametrize("text", ["空间信息领域新增的创新平台", "和平发展的通道", "振兴东北老工业基地", "城区人口"])
def test_ordinary_words_are_not_places(text):
    assert gazetteer().names(text) == []


def test_full_and_short_forms_are_the_same_place():
    g = gazetteer()
    assert g.canonical("嘉兴市") == g.canonical("嘉兴") == "嘉兴"


def test_english_place_names_map_through_pinyin():
    assert "嘉兴" in gazetteer().from_english("What does the Jiaxing plan say?")


def test_an_english_word_that_spells_a_place_is_no_place_unless_written_as_a_name():
    from textkit.places import gazetteer

    assert "贵定" not in gazetteer().from_english("Under the State Council's 2018 guiding opinions, which ministries lead?")
    assert "昌宁" in gazetteer().from_english("What are the leading industries of Changning Industrial Park?")
