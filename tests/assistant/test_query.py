"""What a question asks for, read from its words."""

from assistant.query import answer_kind


def test_asking_which_documents_name_a_thing_asks_for_documents():
    assert answer_kind("哪些文件提到一园一策？") == "documents"
    assert answer_kind("有哪些文件涉及低保？") == "documents"


def test_what_an_applicant_hands_in_is_a_list_not_the_librarys_documents():
    for question in ("单位想申请做见习基地，要交哪些材料？", "需要提交哪些文件？", "申请要准备哪些材料？", "需要哪些材料？",
                     "还需要有哪些材料？", "申请公租房需要出示哪些材料？", "要准备好哪些材料？", "报名要交齐哪些材料？"):
        assert answer_kind(question) == "list", question
