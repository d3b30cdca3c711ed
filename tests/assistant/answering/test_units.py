from assistant.answering.figures import states_unit
from assistant.query import analyze


def test_the_unit_a_question_asks_for_is_read():
    assert analyze("示例新区起步区的规划面积是多少平方公里？").unit == "平方公里"
    assert analyze("专项资金每年安排多少亿元？").unit == "亿元"
    assert analyze("示例园区的主导产业是什么？").unit == ""


def test_a_figure_in_the_unit_or_a_larger_one_counts():
    assert states_unit("总规划面积约60.61平方公里[1]。", "平方公里")
    assert states_unit("拟安排地方政府专项债券3.9万亿元[1]。", "亿元")
    assert states_unit("规上企业新增十户以上。", "户")
    assert not states_unit("面积约85公顷，建设用地占比四成[1]。", "平方公里")
    assert not states_unit("设立专项资金，支持园区发展[1]。", "亿元")


def test_which_ones_is_a_list_not_a_figure():
    assert analyze("要整治的“两江四湖”具体是哪几个？").kind == "list"
    assert analyze("要整治的“两江四湖”具体是哪几个？").unit == ""
    assert analyze("几乎所有企业都能享受吗？").kind != "number"
    assert analyze("由几个部门联合认定？").unit == "个"


def test_a_figure_question_needs_a_figure_that_is_not_a_year_a_date_or_a_title():
    from assistant.answerers.extractive_answerer import declines_figure
    from assistant.answering.figures import states_figure

    assert states_figure("补贴标准提高两成[1]。") and states_figure("每人每月发放800元")
    assert not states_figure("印发《示例市园区振兴三年行动（2023-2025年）》，自2024年3月1日起施行[1]。")
    assert declines_figure(analyze("示例津贴每月发多少钱？"), "对示例地区人员每月给予津贴[1]。")
    assert not declines_figure(analyze("示例津贴每月发多少钱？"), "每人每月发放800元[1]。")
    assert not declines_figure(analyze("多长时间考核一次？"), "按季度进行考核[1]。")
    assert not declines_figure(analyze("担保费率是多少？"), "对小微企业免收担保费[1]。")


def test_how_much_money_asks_for_yuan():
    from assistant.answerers.extractive_answerer import declines_figure

    query = analyze("示例津贴每月发多少钱？")
    assert query.unit == "元"
    assert declines_figure(query, "在示例地区工作满5年的人员，参保年限可缩短至5年。")  # a figure, but no money
    assert not declines_figure(query, "每人每月发放津贴2000元。")
    assert not declines_figure(query, "按5元/人/夜的标准给予奖励。")
    assert analyze("示例项目投资多少亿元？").unit == "亿元"  # a unit written out stays the unit asked
    assert analyze("示例园区出让了多少块土地？").unit == ""  # pieces, not money
    for amount in ("每月500多元", "补助5万余元", "奖励100美元", "门票免费", "按最低工资标准的90%发放"):
        assert not declines_figure(query, amount), amount


def test_a_figure_the_question_states_itself_is_no_answer():
    from assistant.answerers.extractive_answerer import declines_figure

    query = analyze("补贴不低于最低工资的80%，那示例市的最低工资标准是每月多少？")
    assert declines_figure(query, "见习单位应当每月提供不低于本市最低工资标准80%的生活补贴[1]。")
    assert not declines_figure(query, "本市最低工资标准为每月2300元[1]。")
    assert not declines_figure(analyze("增长超过1000万元的企业奖励多少？"), "对增长超过1000万元的，给予超出额0.5%的奖励[1]。")


def test_a_bare_number_the_question_names_is_no_echo():
    from assistant.answerers.extractive_answerer import declines_figure

    assert not declines_figure(analyze("示例市5G基站有多少个？"), "全市累计建成5G基站5万个[1]。")
    assert not declines_figure(analyze("一季度示例市新增城镇就业多少人？"), "一季度全市新增城镇就业1万人[1]。")


def test_an_amount_in_yi_the_question_states_is_an_echo_even_without_yuan():
    from assistant.answerers.extractive_answerer import declines_figure

    query = analyze("示例省说全年为企业减负近2万亿，其中减免房租那部分具体是多少？")
    assert declines_figure(query, "2万亿元：全年为企业减负近2万亿元[1]。")
    assert not declines_figure(query, "其中减免房租420亿元[1]。")


def test_a_weight_a_share_and_points_are_asked_as_percentages():
    assert analyze("考核办法里创新能力这项指标的权重是多少？").kind == "percent"
    assert analyze("示例市服务业增加值占全市多少？").kind == "percent"
    assert analyze("示例县的财政赤字率定的多少？").kind == "percent"
    query = analyze("赤字占GDP几个点？")
    assert query.kind == "percent" and query.unit == ""
    assert analyze("示例园区占地多少亩？").kind == "number"


def test_an_english_figure_question_needs_a_figure_too():
    from assistant.answerers.extractive_answerer import declines_figure

    asked = analyze("What is the total size, in yuan, of the example industry fund?")
    assert declines_figure(asked, "为推动示例产业高质量发展，制定本行动计划[1]。")
    assert not declines_figure(asked, "设立总规模100亿元的示例产业基金[1]。")
    assert not declines_figure(analyze("Which departments issued the example plan?"), "由示例部门联合印发[1]。")


def test_a_magnitude_without_a_unit_still_asks_an_amount_in_it():
    assert analyze("示例园区2021年的营业收入基数是多少亿？").unit == "亿"
    assert analyze("新增就业多少万人？").unit == "万人"  # a unit after the magnitude wins
    assert states_unit("总投资2998亿元[1]。", "亿") and states_unit("赤字3.9万亿元", "亿")
    assert not states_unit("营业收入较2021年翻一番，产值年均增长20%以上[1]。", "亿")


def test_english_size_and_growth_questions_ask_figures():
    assert analyze("How big was the city's GDP in the first quarter?").kind == "number"
    assert analyze("What was the year-on-year growth?").kind == "percent"
    assert analyze("Compare the GDP growth targets in the two reports.").kind == "percent"
    assert analyze("What measures support growth?").kind not in ("number", "percent")


def test_how_many_items_and_which_ones_asks_for_the_items():
    asked = analyze("今年要抓的几项重点任务有哪些？")
    assert asked.kind == "list" and asked.unit == ""
    assert analyze("示例省有多少个开发区，分别是哪些？").kind == "list"
    assert analyze("示例省有几个开发区？").unit == "个"  # how many only: a count
    assert analyze("哪几个园区补贴多少万元？").unit == "万元"  # an amount is asked, whatever the parks


def test_months_and_working_days_are_units_of_their_own():
    assert analyze("最多给几个月的补助？").unit == "个月"
    assert analyze("几个工作日内办结？").unit == "个工作日"
    assert analyze("那这个新标准是从啥时候开始算的？").kind == "date"


def test_labels_made_of_numerals_and_open_titles_state_no_figure():
    from assistant.answering.figures import states_figure

    assert not states_figure("按照省委“3815”战略发展目标，构建“1+N”政策体系")
    assert not states_figure("为贯彻落实《示例市开发区振兴三年行动计划(2023-2025年),加快推进园区建设")  # its 》 lost at the source
    assert not states_figure("落实示例行动(20232025年)的要求")  # a span whose dash the source lost
    assert states_figure("到2025年园区产值达到500亿元") and states_figure("增长5%”，")


def test_some_of_a_kind_is_no_figure():
    from assistant.answering.figures import states_figure

    assert not states_figure("支持创建一批示范基地[1]。")
    assert states_figure("新认定3批示范基地") and states_figure("新认定十一批示范基地")
    assert states_figure("公布第一批名单") and states_figure("认定1批次企业")


def test_amounts_listed_before_one_unit_are_each_an_echo_of_the_question():
    from assistant.answerers.extractive_answerer import declines_figure

    asked = analyze("某年早稻和晚稻补贴每亩提了15和20元，那小麦提了多少？")
    assert declines_figure(asked, "早稻、晚稻补贴每亩分别提高15元和20元[1]。")
    assert not declines_figure(asked, "小麦补贴每亩提高12元[1]。")
