from assistant.followup import rewrite_followup


def _history(question):
    return [{"role": "user", "content": question}, {"role": "assistant", "content": "（略）"}]


def test_pronoun_is_replaced_by_the_earlier_subject():
    out = rewrite_followup("那它的营业收入目标是多少？", _history("示例高新区的主导产业有哪些？"))
    assert out.startswith("示例高新区") and "营业收入" in out


def test_elliptical_place_swaps_into_the_earlier_question():
    out = rewrite_followup("那昆明呢？", _history("云南省哪些开发区入选了示范基地？"))
    assert "昆明" in out and "云南" not in out and "示范基地" in out


def test_elliptical_year_swaps_into_the_earlier_question():
    out = rewrite_followup("那2019年呢？", _history("2024年拟安排地方政府专项债券多少？"))
    assert out.startswith("2019年") and "专项债券" in out and "2024" not in out


def test_new_topic_keeps_the_question_form():
    out = rewrite_followup("那2015年的财政赤字呢？", _history("2024年拟安排地方政府专项债券多少？"))
    assert "2015年" in out and "财政赤字" in out and "多少" in out and "专项债券" not in out


def test_standalone_question_is_left_alone():
    question = "杨林经开区的主导产业是什么？"
    assert rewrite_followup(question, _history("2024年拟安排地方政府专项债券多少？")) == question
    assert rewrite_followup("那它呢？", []) == "那它呢？"
