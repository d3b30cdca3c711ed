from textkit.vocabulary import vocabulary


def test_abbreviations_expand_both_ways():
    assert "国内生产总值" in vocabulary().expansions("2012年GDP增速目标")
    assert "GDP" in vocabulary().expansions("国内生产总值增长")
    assert "居民消费价格" in vocabulary().expansions("物价涨幅")


def test_english_terms_translate_longest_first():
    out = vocabulary().translate_english("What was the fiscal deficit target?").split()
    assert "财政赤字" in out and "目标" in out


def test_the_abbreviations_of_a_genre_come_from_the_vocabulary():
    from textkit.vocabulary import vocabulary

    assert "GWR" in vocabulary().abbreviations_of("报告").split("|")
    assert vocabulary().abbreviations_of("不存在的体裁") == "(?!)"


def test_a_collective_name_names_each_of_its_regions():
    from textkit.vocabulary import vocabulary

    assert vocabulary().collective_members("在本市居住的港澳台居民可申请") == {"香港", "澳门", "台湾"}
    assert vocabulary().collective_members("京津冀籍人员") == {"北京", "天津", "河北"}
    assert vocabulary().collective_members("推动京津冀协同发展") == set()  # a joint programme is about no one member
    assert vocabulary().collective_members("本市户籍居民") == set()
