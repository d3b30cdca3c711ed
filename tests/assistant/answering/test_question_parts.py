from assistant.answering.question_parts import split_parts


def test_two_years_become_two_parts():
    parts = split_parts("2005年和2006年的CPI涨幅目标分别是多少？")
    assert len(parts) == 2 and "2005年" in parts[0] and "2006年" in parts[1]
    assert "2006" not in parts[0] and "2005" not in parts[1]


def test_two_question_marks_become_two_parts_and_the_second_borrows_the_place():
    parts = split_parts("浙江今年有多少个开发区增速超过两成？工业增速超两成的又有几个？")
    assert "浙江" in parts[1]


def test_places_asked_separately_become_parts():
    parts = split_parts("广州黄埔、番禺、南沙三个区的特困人员标准各是多少？")
    assert [p[:4] for p in parts] == ["广州黄埔", "广州番禺", "广州南沙"]


def test_a_single_question_stays_whole():
    question = "嘉兴的主导产业和重点项目有哪些？"
    assert split_parts(question) == [question]


def test_things_asked_separately_become_parts_each_with_its_own_phrase():
    parts = split_parts("2019年报告回顾上年，规上工业利润和一般公共预算收入分别是多少？")
    assert len(parts) == 2
    assert "规上工业利润" in parts[0] and "预算收入" not in parts[0]
    assert "一般公共预算收入" in parts[1] and "利润" not in parts[1]
    assert all(p.startswith("2019年报告回顾上年") for p in parts)


def test_words_listed_before_a_shared_head_each_keep_the_head():
    assert split_parts("某市上半年城镇、农村居民人均可支配收入分别多少？") == [
        "某市上半年城镇居民人均可支配收入多少?", "某市上半年农村居民人均可支配收入多少?"]
    parts = split_parts("单户100万以下和100万以上的贴息比例各不超过多少？")
    assert parts == ["单户100万以下的贴息比例不超过多少?", "单户100万以上的贴息比例不超过多少?"]


def test_a_one_word_conjunct_replaces_the_head_and_the_year_is_said_of_each():
    assert split_parts("2021年一般公共预算收入和支出分别是多少？") == ["2021年一般公共预算收入是多少?", "2021年一般公共预算支出是多少?"]


def test_each_question_of_several_may_list_things_again():
    parts = split_parts("2016年粮食产量和播种面积各是多少？棉花产量多少吨？")
    assert len(parts) == 3 and "播种面积" in parts[1] and "棉花" in parts[2]


def test_places_named_apart_are_not_a_list():
    question = "桐庐县推进乡村振兴，新建村级服务中心补助多少？"
    assert len(split_parts(question)) == 1


def test_short_years_are_read_as_years():
    parts = split_parts("98年和02年报告各安排多少专项资金？")
    assert parts == ["1998年报告安排多少专项资金?", "2002年报告安排多少专项资金?"]


def test_english_clauses_and_years_become_parts():
    parts = split_parts("How much was spent on rural roads in 2016, and how many kilometres were built?")
    assert len(parts) == 2 and parts[0].startswith("How much was spent") and "2016" in parts[1]
    parts = split_parts("Which pension rise did the 2015 report announce, and with how much money?")
    assert len(parts) == 2 and "pension" in parts[1]  # an elliptical clause is read with the first one
    parts = split_parts("What deficit ratios did the 2003 and 2013 reports set?")
    assert [("2003" in p, "2013" in p) for p in parts] == [(True, False), (False, True)]


def test_coordinators_inside_words_split_nothing():
    parts = split_parts("参与试点的城市和县城分别补贴多少？")
    assert all(p.startswith("参与试点的") for p in parts[:1]) and not any(p.startswith("参补贴") for p in parts)


def test_every_interrogative_opens_a_part_of_its_own():
    parts = split_parts("示例实施意见提出要打造多大规模的无人农场？农机服务覆盖率定到多少？")
    assert len(parts) == 2 and "覆盖率" in parts[1] and "无人农场" not in parts[1]


def test_a_later_thing_takes_the_first_ones_year_when_it_names_none():
    parts = split_parts("2013年居民消费价格涨幅和城镇登记失业率分别控制在多少？")
    assert len(parts) == 2 and all("2013年" in p for p in parts)
    parts = split_parts("2012年示例省GDP和示例市GDP分别是多少？".replace("示例省", "浙江").replace("示例市", "杭州"))
    assert len(parts) == 2 and all("2012年" in p for p in parts)


def test_comma_clauses_asking_about_years_of_their_own_become_parts_sharing_the_topic():
    parts = split_parts("示例新增就业的目标，2008年报告定的是多少，2023年报告又是多少？想对比一下。")
    assert len(parts) == 2
    assert "2008年" in parts[0] and "2023年" not in parts[0] and "示例新增就业" in parts[0]
    assert "2023年" in parts[1] and "2008年" not in parts[1] and "示例新增就业" in parts[1]
    leaning = split_parts("2018年示例赤字率多少，2019年呢？")
    assert len(leaning) == 2 and "赤字率" in leaning[1] and "2019年" in leaning[1]
    assert split_parts("2024年的示例专项债，比上年增加多少？") == ["2024年的示例专项债，比上年增加多少？"]
    assert len(split_parts("2023年示例产值是多少，比2022年增长了多少？")) == 1  # a comparison's base is no year of its own


def test_ji_meaning_a_few_asks_nothing():
    from assistant.query import analyze

    query = analyze("示例报告说要连续几年发行特别国债，这笔钱专门用在哪些方面？")
    assert query.kind == "list" and query.unit == ""
    assert len(split_parts("示例园区十几个企业的产值多少？")) == 1
    assert analyze("示例园区有几个？").unit == "个"
    for asking in ("示例贴息持续几年？", "需提前几天申报？", "公示后几个工作日内办结？", "能带来几个就业岗位？"):
        assert analyze(asking).kind == "number", asking


def test_comma_clauses_each_about_a_place_of_their_own_become_parts():
    parts = split_parts("想对比一下：云南那篇统计的示例开发区有多少个，贵州那篇说的示例开发区又是多少个？")
    assert len(parts) == 2 and "云南" in parts[0] and "贵州" not in parts[0] and "贵州" in parts[1]
    assert len(split_parts("昆明有多少个示例园区，其中省级的有几个？")) == 1  # one place: the second clause narrows the first
    assert len(split_parts("广州示例户籍人口多少，其中来自湖南的有多少？")) == 1  # no 又/呢: it narrows the first


def test_two_years_set_against_each_other_are_two_parts():
    assert split_parts("17年vs19年：赤字率、财政赤字规模对比") == ["2017年:赤字率、财政赤字规模对比", "2019年:赤字率、财政赤字规模对比"]
    assert split_parts("2017年 vs. 2019年的赤字率") == ["2017年的赤字率", "2019年的赤字率"]
    assert len(split_parts("2024年比较2023年财政赤字增加了多少？")) == 1  # a comparison's base is no second question
