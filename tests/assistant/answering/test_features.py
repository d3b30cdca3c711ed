from assistant.answering.features import question_view
from assistant.query import analyze


def _idf(terms):
    return {t: 1.0 for t in terms}


def test_the_place_a_question_names_is_not_counted_as_coverage():
    view = question_view(analyze("桐庐县企业在科创板上市奖励多少？"), _idf)
    assert "桐庐" not in view.weights and "庐县" not in view.weights
    assert "上市" in view.weights and "奖励" in view.weights


def test_a_question_about_a_place_only_keeps_its_terms():
    view = question_view(analyze("桐庐县？"), _idf)
    assert view.weights


def test_grades_are_told_apart_and_abbreviations_are_no_grades():
    from assistant.answering.features import question_codes

    assert question_codes("新评上国家2A级的景区奖励多少") == ["2A"]
    assert question_codes("a类护理每月上门几次") == ["A类"]
    assert question_codes("2012年M2预期增长目标是多少") == []  # 「广义货币」 in the passage


def test_a_count_question_knows_the_figure_that_counts_its_thing():
    from assistant.answering.features import counted_pattern

    asked = counted_pattern("示例省开发区一共有多少个？")
    assert asked.search("今年1—5月，示例省89个开发区规上工业总产值同比增长2.2%")  # the count as a modifier
    assert asked.search("全省开发区共89个")  # and as a predicate
    assert not asked.search("开发区规上工业总产值同比增长2.2%")
    assert counted_pattern("签约了多少个招商引资项目？").search("上半年共签约招商引资项目855个")
    assert counted_pattern("示例县有几个景区？").search("全县共有12个景区")
    assert counted_pattern("柳河县有几个？") is None  # a place is not what is counted
    assert counted_pattern("今年GDP增长多少？") is None


def test_a_which_n_question_knows_the_count_its_list_is_announced_with():
    from assistant.answering.features import listed_pattern
    from textkit.numerals import arabic_numerals

    two = listed_pattern(arabic_numerals("示例园区主攻哪两个主导产业？"))
    assert two.search("聚焦示例甲加工、示例乙加工两大主导产业") and two.search("包括2项重点任务")
    assert not two.search("培育一批产业生态主导型企业") and not two.search("共12个项目")
    assert listed_pattern(arabic_numerals("具体是哪三个？")).search("从三个方面推进")
    assert listed_pattern("有哪几个？") is None


def test_a_grade_written_with_repeated_letters_is_the_same_grade():
    from assistant.answering.features import QuestionView, _code_missing
    from assistant.query import analyze

    view = QuestionView(analyze("新评上4A级景区奖励多少？"), {}, [], "")
    assert _code_missing(view, "对新评定为国家AAAA级旅游景区的，给予奖励") == 0.0
    assert _code_missing(view, "对新评定为国家AAA级旅游景区的，给予奖励") == 1.0


def _candidate(text: str, meta: dict | None = None, index: int = 0):
    """The ``index``-th sentence of a passage of ``text`` as a candidate."""
    from assistant.answering.candidates import candidates
    from assistant.retrieval.hybrid_retriever import Passage

    passage = Passage(id="p", text=text, meta={"source": "d.txt", **(meta or {})}, score=1.0)
    return next(c for c in candidates([passage]) if c.index == index)


def test_a_clause_under_a_paragraph_opened_by_another_year_speaks_about_that_year():
    from assistant.answering.candidates import sentences
    from assistant.answering.candidates import lead_years

    text = "（二）发展目标。\n到2020年，装备水平持续提升。示例覆盖率达到70%。\n到2025年，示例总量稳定在11亿左右。示例覆盖率达到75%。"
    years = dict(zip(sentences(text), lead_years(text)))
    assert years["示例覆盖率达到70%。"] == {2020}
    assert years["示例覆盖率达到75%。"] == {2025}
    assert years["到2025年，示例总量稳定在11亿左右。"] == set()  # it opens a paragraph
    assert years["（二）发展目标。"] == set()
    broken = "到2020年，装备水平持续提升。\n二是；示例覆盖率达到80%。"  # 「二是」 is too short to keep: the break holds
    assert lead_years(broken) == [set(), set()]


def test_a_year_conflict_is_read_from_the_paragraphs_opening_year():
    from assistant.answering.features import FEATURES, features

    text = "到2020年，装备水平持续提升。示例覆盖率达到70%。"
    view = question_view(analyze("2025年示例覆盖率目标是多少？"), _idf)
    rows = features(view, [_candidate(text, index=1)])
    assert rows[0][FEATURES.index("year_conflict")] == 1.0
    assert rows[0][FEATURES.index("year_agree")] == 0.0
    same = features(question_view(analyze("2020年示例覆盖率目标是多少？"), _idf), [_candidate(text, index=1)])
    assert same[0][FEATURES.index("year_conflict")] == 0.0


def _library_idf(known: set[str]):
    """IDF of a library that holds ``known`` only: a term no chunk holds weighs most."""
    return lambda terms: {t: (1.0 if t in known else 5.0) for t in terms}


def test_a_term_the_library_writes_but_the_passage_lacks_counts_against_it():
    from assistant.answering.features import FEATURES, features

    idf = _library_idf({"示例", "新区", "规划", "面积", "平方", "公里", "另一"})
    view = question_view(analyze("示例新区核心区的规划面积是多少平方公里？"), idf)
    other = features(view, [_candidate("另一创新区总规划面积约60平方公里。")])
    own = features(view, [_candidate("示例新区规划面积约100平方公里。")])
    assert abs(other[0][FEATURES.index("rare_missing")] - 0.2) < 1e-6  # 示例 (weight 1) is written elsewhere
    assert own[0][FEATURES.index("rare_missing")] == 0.0  # 核心 is written nowhere: no evidence either way


def test_a_year_no_part_of_the_passage_or_its_document_states_is_unstated():
    from assistant.answering.features import FEATURES, features

    view = question_view(analyze("2022年冬季用电高峰需求响应补贴价格是多少？"), _idf)
    scheme = "固定补贴价格模式的补贴价格为1.2元/千瓦时。"
    of_2021 = features(view, [_candidate(scheme, {"title": "关于2021年冬季电力需求响应的通知", "year": 2021})])
    of_2022 = features(view, [_candidate(scheme, {"title": "关于2022年冬季电力需求响应的通知", "year": 2022})])
    assert of_2021[0][FEATURES.index("year_unstated")] == 1.0
    assert of_2022[0][FEATURES.index("year_unstated")] == 0.0


def test_demonstratives_are_not_terms_of_the_question():
    view = question_view(analyze("示例县那个旅游业发展的意见从哪天开始执行？"), _idf)
    assert "那个" not in view.weights and "旅游" in view.weights


def test_a_space_inside_the_question_does_not_cut_off_what_it_asks():
    from assistant.answering.features import asked_periods, focus_terms

    query = analyze("GDP 上半年增长多少？")
    assert query.asked_text.startswith("GDP 上半年") and "国内生产总值" not in query.asked_text  # not the expansion
    assert asked_periods(query) == {(1, 6)}
    assert "增长" in focus_terms(query)


def test_the_title_a_question_quotes_is_not_counted_as_coverage():
    from assistant.answering.features import FEATURES, features

    view = question_view(analyze("《关于支持示例走廊建设的若干措施》从什么时候起实施？"), _idf)
    assert "走廊" not in view.weights and "实施" in view.weights
    rows = features(view, [_candidate("《关于支持示例走廊建设的若干措施》已经市政府同意，现印发给你们。"),
                           _candidate("本措施自2026年1月1日起实施。")])
    coverage = FEATURES.index("cov_sentence")
    assert rows[1][coverage] > rows[0][coverage]  # the sentence that answers, not the one restating the title
    numbered = question_view(analyze("示府办规〔2025〕15号那份措施从哪天开始实施？"), _idf)
    assert not {"示府", "办规", "2025", "15"} & set(numbered.weights) and "实施" in numbered.weights
    cited = question_view(analyze("企业补贴按示府办规〔2025〕15号执行的标准是多少？"), _idf)
    assert "补贴" in cited.weights and "企业" in cited.weights  # the code ends where codes end
    shared = question_view(analyze("《示例市就业见习基地管理办法》规定见习期限一般多长？"), _idf)
    assert "见习" in shared.weights and "基地" not in shared.weights  # a term also asked outside the title stays
    only = question_view(analyze("《示例科技创新条例》的主要内容是什么？"), _idf)
    assert "科技" in only.weights  # a question that asks only about the title keeps its words


def test_a_sentence_naming_what_only_another_part_asks_about_is_marked():
    from assistant.answering.features import FEATURES, features
    from assistant.answering.question_parts import split_parts

    parts = [analyze(p) for p in split_parts("全国农机化率目标是多少？示例省对粮食作物定的又是多少？")]
    for query in parts:
        query.parts, query.siblings = len(parts), [o for o in parts if o is not query]
    first = question_view(parts[0], _idf)
    own = features(first, [_candidate("到2025年，全国农机化率达到75%。")])
    other = features(first, [_candidate("到2025年，粮食作物农机化率达到98%。", {"regions": "示例省"})])
    column = FEATURES.index("sibling_cov")
    assert own[0][column] == 0.0 and other[0][column] > 0.5
    alone = question_view(analyze("全国农机化率目标是多少？"), _idf)
    assert features(alone, [_candidate("到2025年，粮食作物农机化率达到98%。")])[0][column] == 0.0


def test_a_figure_stated_of_something_else_than_what_is_asked_is_unbound():
    from assistant.answering.features import FEATURES, features

    column = FEATURES.index("figure_unbound")
    view = question_view(analyze("示例市一季度城镇居民人均可支配收入是多少？"), _idf)
    other = features(view, [_candidate("全市农村居民人均可支配收入为12443元，增幅超过城镇居民人均可支配收入。")])
    own = features(view, [_candidate("全市城镇居民人均可支配收入为20000元，比上年增长5%。")])
    assert other[0][column] > 0.5 and own[0][column] == 0.0
    unasked = question_view(analyze("示例市居民收入有哪些特点？"), _idf)
    assert features(unasked, [_candidate("全市农村居民人均可支配收入为12443元，增幅超过城镇居民。")])[0][column] == 0.0


def test_a_figure_in_the_clause_after_its_topic_is_bound():
    from assistant.answering.features import FEATURES, features

    view = question_view(analyze("示例市城镇居民人均可支配收入是多少？"), _idf)
    row = features(view, [_candidate("全市城镇居民人均可支配收入稳步提高，达到52000元。")])
    assert row[0][FEATURES.index("figure_unbound")] == 0.0


def test_the_other_part_s_place_counts_but_not_the_bigrams_across_its_edges():
    from assistant.answering.question_parts import split_parts
    from assistant.query import analyze as _analyze

    parts = [_analyze(p) for p in split_parts("2024年广州市新增就业多少人？深圳市新增就业多少人？")]
    for query in parts:
        query.siblings = [o for o in parts if o is not query]
    sibling = question_view(parts[1], _idf).sibling if len(parts) > 1 else {}
    assert "广州" in sibling and not any(t in sibling for t in ("年广", "市新"))


def test_a_district_only_the_document_s_place_list_names_is_unstated_in_the_passage():
    from assistant.answering.features import FEATURES, features

    view = question_view(analyze("广州住房补贴的区域系数，海珠区是多少？"), _idf)
    text = "住房租赁补贴＝保障面积×补贴标准×区域补贴系数。"
    citywide = features(view, [_candidate(text, {"title": "广州市住房保障办法", "regions": "广州|海珠|天河"})])
    district = features(view, [_candidate("海珠区的区域补贴系数为0.9。", {"title": "广州市住房保障办法", "regions": "广州|海珠|天河"})])
    assert citywide[0][FEATURES.index("place_missing")] == 0.0  # the document names both places
    assert citywide[0][FEATURES.index("place_unstated")] == 0.5  # the passage and title say 广州 only
    assert district[0][FEATURES.index("place_unstated")] == 0.0


def test_a_sentence_saying_this_year_is_about_its_documents_year_not_last_years():
    from assistant.answering.features import sentence_years

    assert sentence_years("今年示例赤字率拟按3%安排、比去年有所下调。", "", 2021) == {2021}
    assert sentence_years("去年示例就业增加1200万人。", "", 2021) == {2020}
    assert sentence_years("去年示例完成投资100亿元，今年计划投资120亿元。", "", 2021) == {2020, 2021}


def test_a_sentence_under_a_paragraph_opened_by_the_asked_year_does_not_conflict_with_it():
    from assistant.answering.features import FEATURES, features

    text = "到2025年，示例产业规模显著提升。形成年产50发示例火箭的制造能力。"
    rows = features(question_view(analyze("到2025年示例火箭年产能目标是多少？"), _idf), [_candidate(text, {"year": 2023}, index=1)])
    assert rows[0][FEATURES.index("year_conflict")] == 0.0  # not read as the 2023 document's own year


def test_a_magnitude_is_a_number_and_a_date_is_none():
    from assistant.answering.features import _type_features

    assert _type_features("number", "示例人口减少500万以上")[0] == 1.0
    assert _type_features("number", "每人每月1000元")[0] == 1.0
    assert _type_features("number", "本标准从2025年1月1日起执行")[0] == 0.0
    assert _type_features("number", "按第5条规定办理")[0] == 0.0


def test_a_question_asking_which_body_wants_a_sentence_naming_one():
    from assistant.answering.features import FEATURES, features

    view = question_view(analyze("材料先交给哪个单位初核？"), _idf)
    assert view.asks_body
    named = features(view, [_candidate("初核机构：示例市就业指导中心。")])
    unnamed = features(view, [_candidate("经初核符合条件的，于5个工作日内提交复核。")])
    column = FEATURES.index("type_match")
    assert named[0][column] == 1.0 and unnamed[0][column] == 0.0
    assert not question_view(analyze("补贴标准是多少？"), _idf).asks_body
    assert question_view(analyze("想申请临时救助，要去哪里申请？"), _idf).asks_body  # where to apply: the office that takes it


def test_a_part_s_own_terms_and_the_terms_other_candidates_hold_are_read():
    from assistant.answering.features import FEATURES, features
    from assistant.answering.question_parts import split_parts

    parts = [analyze(p) for p in split_parts("全国农机化率目标是多少？示例省对粮食作物定的又是多少？")]
    for query in parts:
        query.parts, query.siblings = len(parts), [o for o in parts if o is not query]
    first = question_view(parts[0], _idf)
    rows = features(first, [_candidate("到2025年，全国农机化率达到75%。"), _candidate("到2025年，粮食作物农机化率达到98%。")])
    distinct = FEATURES.index("distinct_cov")
    assert rows[0][distinct] > rows[1][distinct]  # 全国 is the first part's own, 粮食 the other's
    view = question_view(analyze("职工参保、居家护理基金支付几成？"), _idf)
    rows = features(view, [_candidate("居民参保人员按居家护理60%的比例支付。"), _candidate("职工参保人员按居家护理80%的比例支付。")])
    missing = FEATURES.index("term_missing")
    assert rows[0][missing] == 1.0 and rows[1][missing] == 0.0  # 职工 is held by another candidate, not by the first


def test_a_clause_after_the_one_naming_the_quarter_reports_on_that_quarter():
    from assistant.answering.features import FEATURES, features

    text = "一季度全市实现地区生产总值600亿元，同比增长2%；二产实现增加值300亿元；三产实现增加值200亿元。\n上半年全市税收增长5%。"
    third, fourth = _candidate(text, index=2), _candidate(text, index=3)
    assert third.periods == frozenset({(1, 3)}) and fourth.periods == frozenset()
    view = question_view(analyze("示例市前三季度三产增加值多少亿？"), _idf)
    assert features(view, [third])[0][FEATURES.index("period_conflict")] == 1.0


def test_a_sentence_qualifying_the_asked_head_otherwise_is_told_apart():
    from assistant.answering.features import FEATURES, features

    view = question_view(analyze("2017年城镇调查失业率目标定的多少？"), _idf)
    rows = features(view, [_candidate("城镇登记失业率4.5%以内。"), _candidate("城镇调查失业率5.5%左右。"), _candidate("居民消费价格涨幅3%左右。")])
    swapped = FEATURES.index("modifier_swapped")
    assert [float(r[swapped]) for r in rows] == [1.0, 0.0, 0.0]  # the third writes no head of the question at all


def test_a_list_question_knows_the_sentence_that_announces_the_list():
    from assistant.answering.features import FEATURES, features

    text = "申请认定见习基地，应当提交下列材料：\n（一）申请表；\n（二）岗位需求信息表；\n（三）师资情况说明。"
    announces = FEATURES.index("announces_list")
    listed = question_view(analyze("申请见习基地要交哪些材料？"), _idf)
    assert features(listed, [_candidate(text)])[0][announces] == 1.0
    assert features(listed, [_candidate(text, index=1)])[0][announces] == 0.0
    counted = question_view(analyze("申请见习基地要交几份材料？"), _idf)
    assert features(counted, [_candidate(text)])[0][announces] == 0.0  # a count is no list


def test_a_projects_phase_is_a_code_the_passage_must_write():
    from assistant.answering.features import question_codes
    from textkit.numerals import arabic_numerals

    assert question_codes(arabic_numerals("示例港二期工程什么时候完工")) == ["2期"]
    assert question_codes(arabic_numerals("分几期建设")) == [] and question_codes(arabic_numerals("项目分三期建设")) == []

