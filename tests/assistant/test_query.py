"""What a question asks for, read from its words."""

from assistant.query import answer_kind


def test_asking_which_documents_name_a_thing_asks_for_documents():
    assert answer_kind("哪些文件提到一园一策？") == "documents"
    assert answer_kind("有哪些文件涉及低保？") == "documents"


def test_what_an_applicant_hands_in_is_a_list_not_the_librarys_documents():
    for question in ("单位想申请做见习基地，要交哪些材料？", "需要提交哪些文件？", "申请要准备哪些材料？", "需要哪些材料？",
                     "还需要有哪些材料？", "申请公租房需要出示哪些材料？", "要准备好哪些材料？", "报名要交齐哪些材料？"):
        assert answer_kind(question) == "list", question


def test_a_rate_asked_a_few_words_before_the_asking_asks_a_percentage():
    from assistant.query import analyze

    assert analyze("农机化意见对2030年小麦收获机械化率定的目标是多少").kind == "percent"
    assert analyze("城镇化率目标是多少").kind == "percent"
    assert analyze("What deficit-to-GDP ratio did the 2016 report set?").kind == "percent"
    assert analyze("How much did the administration allocate to the zones?").kind != "percent"  # no ratio inside a word
    assert analyze("汇率调整后补贴多少钱").kind != "percent"


def test_cantonese_jiduo_asks_how_much_in_its_magnitude():
    from assistant.query import analyze

    assert analyze("申請資助嘅收入上限係幾多萬？").unit == "万"
