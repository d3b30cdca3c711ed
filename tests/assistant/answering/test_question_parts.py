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
