"""Event rules on literal text: triggers, nominal uses, realis cues and arguments (entity or ARG)."""

from __future__ import annotations

import pytest

from curate.annotate import annotate_document, find_entities
from curate.records import Document
from curate.rules.context import Context
from curate.rules.roles import TIME, InClause, Nearest


def events(text: str) -> list[tuple[str, str, str, list[tuple[str, str]]]]:
    """Return (type, trigger, realis, [(role, text)]) of the events the rules find in a text."""
    doc = annotate_document(Document("t", text))
    return [(e.type, e.trigger.text, e.realis, [(a.role, a.text) for a in e.arguments]) for e in doc.events]


def test_meeting_attend_and_speech_share_the_subject():
    text = "5月6日，呼和浩特市召开全市重点项目推进大会。市委书记周海涛出席会议并讲话。"
    found = events(text)
    assert found[0] == ("会议召开", "召开", "actual",
                        [("时间", "5月6日"), ("会议名称", "全市重点项目推进大会"), ("主办方", "呼和浩特市")])
    assert found[1] == ("出席", "出席", "actual", [("参会人", "周海涛"), ("职务", "市委书记")])
    assert found[2] == ("讲话", "讲话", "actual", [("讲话人", "周海涛"), ("职务", "市委书记")])


def test_speech_needs_content_and_pronoun_resolves_in_the_paragraph():
    text = "市长李明华主持会议。他强调，要加快项目建设，确保项目尽快开工。部署要求，落实到位。"
    found = events(text)
    speech = [e for e in found if e[0] == "讲话"]
    assert speech == [("讲话", "强调", "actual", [("讲话人", "李明华")])]
    assert ("开工", "开工", "directive", [("项目", "项目")]) in found


def test_nominal_uses_are_no_triggers():
    text = "通报了观摩情况和开工时间，完善测评机制，加强考核通报、晾晒评比。"
    assert [e[:2] for e in events(text)] == [("通报", "通报")]
    # 的 + an adverb of success before the act names it (项目的顺利开工, 大会的成功举办): no event.
    text = "项目的成功签约，将进一步完善链条。项目的顺利开工建设，彰显实力。本次大会的成功举办，意义重大。"
    assert events(text) == []
    assert [e[1] for e in events("12个项目顺利开工，3个项目成功签约。")] == ["开工", "签约"]


def test_each_signing_of_a_list_and_attracted_amounts_and_ranks_in_a_named_place():
    found = events("甲集团与乙管委会签订DHL西南产业基地项目、丙股份有限公司与合川区政府签订新能源汽车产业项目。")
    assert [e[:2] for e in found] == [("签约", "签订"), ("签约", "签订")]
    assert ("项目", "新能源汽车产业项目") in found[1][3]
    assert [e[:2] for e in events("总投资295亿元，引资291亿元。要强化招商引资。")] == [("投资", "引资")]
    assert ("排名评比", "居") in [e[:2] for e in events("财政收入完成12.5亿元，居廊坊第3位。")]


def test_a_phase_before_a_listed_trigger_is_its_subject_and_a_named_item_before_a_count_is_counted():
    assert [e[1] for e in events("某项目一期投产、二期开工，实现历史性突破。开工、竣工项目共20个。")] == ["投产", "开工"]
    found = events("据介绍，此次集中开工的市海洋装备产业园等20个项目，总投资120亿元。")
    assert [e[1] for e in found] == ["集中开工"] and ("项目数量", "20个") in found[0][3]


def test_speech_after_an_adverb_and_disclosing_or_candid_words():
    found = events("集团执行董事张某军则称，广西作为桥头堡。科技创始人周某透露，将深化合作。县长胡某雷坦言：“压力大。”")
    assert [(e[1], e[3][0]) for e in found] == [("称", ("讲话人", "张某军")), ("透露", ("讲话人", "周某")),
                                              ("坦言", ("讲话人", "胡某雷"))]


def test_people_listed_by_semicolons_before_the_act_all_do_it():
    found = events("政治局委员、重庆市委书记陈某尔；商务部副部长高某；水利部副部长雷某山；天津市政府副市长赵某山等领导参加开幕式。")
    assert [a[1] for a in found[0][3] if a[0] == "参会人"] == ["陈某尔", "高某", "雷某山", "赵某山"]
    # A sentence that says something else is no item of the list.
    found = events("会议要求张某加快项目建设；市长李某主持会议。")
    assert [a[1] for e in found if e[0] == "出席" for a in e[3] if a[0] == "参会人"] == ["李某"]


def test_a_plan_of_the_act_is_a_noun_and_a_planned_amount_not():
    assert [e[1] for e in events("按月明确开工计划，确保项目8月底前开工。")] == ["开工"]
    assert [e[1] for e in events("项目开工计划投资5亿元。")] == ["开工"]


def test_a_trigger_after_this_occasion_is_an_act_when_its_projects_are_listed():
    found = events("此次开工建设的15个项目分别是德鑫焦炉煤气制氢、津东热媒新材料二期、青塔湖旅游度假区等。")
    assert found == [("开工", "开工", "actual", [("项目数量", "15个"), ("项目", "德鑫焦炉煤气制氢"),
                                                ("项目", "津东热媒新材料二期"), ("项目", "青塔湖旅游度假区")])]
    assert events("此次签约的项目质量高。") == []


def test_planned_realis_and_meeting_place():
    found = events("今年我们党将召开二十大。省委和省政府在西安召开动员大会。")
    assert found[0][:3] == ("会议召开", "召开", "planned")
    assert found[1] == ("会议召开", "召开", "actual",
                        [("主办方", "省委"), ("主办方", "省政府"), ("地点", "西安")])


def test_indicator_needs_a_value_and_finds_its_parts():
    found = events("上半年，全市规上工业增加值同比增长9.2%，经济有所增长。")
    assert found == [("经济指标", "增长", "actual", [("时间", "上半年"), ("数值", "9.2%"), ("比较基准", "同比"),
                                                    ("地区", "全市"), ("指标", "规上工业增加值")])]


def test_visit_objects_are_projects_and_groups_are_arg_spans():
    doc = annotate_document(Document("t", "与会人员实地观摩了江苏恒达新材料股份有限公司年产5万吨碳纤维项目。"))
    visit = doc.events[0]
    assert (visit.type, visit.trigger.text) == ("观摩", "观摩")
    roles = {(a.role, a.text) for a in visit.arguments}
    assert roles == {("观摩主体", "与会人员"), ("观摩对象", "年产5万吨碳纤维项目")}
    by_id = {e.id: e for e in doc.entities}
    assert {by_id[a.entity].label for a in visit.arguments} == {"ARG", "PROJECT"}


def test_groups_organisations_and_self_references_fill_roles():
    found = events("3月2日，我市召开全市招商大会。自治区党委、政府有关领导同志参加。杭州市、宁波市作了交流发言。")
    assert found[0][3][-1] == ("主办方", "我市")
    assert found[1] == ("出席", "参加", "actual", [("参会人", "有关领导同志"), ("所属机构", "自治区党委"),
                                                  ("所属机构", "政府")])
    assert found[2] == ("讲话", "交流发言", "actual", [("讲话人", "杭州市"), ("讲话人", "宁波市")])


def test_companions_attend_and_visit():
    found = events("市长李明华与参加全市项目推进大会代表一起观摩了江苏恒达新材料股份有限公司智能工厂项目。")
    assert found[0] == ("出席", "参加", "actual", [("参会人", "代表"), ("会议名称", "全市项目推进大会")])
    assert ("观摩主体", "代表") in found[1][3] and ("观摩主体", "李明华") in found[1][3]


def test_adjacent_synonyms_and_list_nouns():
    found = [e[:2] for e in events("与会人员对项目进行了测评打分。要推动项目早日竣工投产、达产达效。")]
    assert found == [("排名评比", "打分"), ("开工", "竣工投产")]  # one act, one trigger


def test_visits_by_inspection_verbs_with_places_before_and_a_phrase_object():
    found = events("5月6日，县长李建国到青溪镇、南岭镇督查重点项目建设工作，要求加快进度。")
    assert found[0] == ("观摩", "督查", "actual", [
        ("时间", "5月6日"), ("观摩主体", "李建国"), ("观摩对象", "重点项目建设工作"), ("区域", "青溪镇"), ("区域", "南岭镇")])
    # A visit in a relative clause still happened (来川视察重要指示精神): an event, as the dev gold marks it.
    assert [e[:2] for e in events("深入学习领导来川视察重要指示精神。")] == [("观摩", "视察")]


def test_speech_and_report_verbs_and_a_listed_subject():
    found = [e[:2] for e in events("县领导张建华、王坚参加会议。与会同志分别作了交流发言。他对各位客商表示欢迎。"
                                   "市发改委介绍了全市重大项目情况。据介绍，项目已达产。")]
    assert found == [("出席", "参加"), ("讲话", "交流发言"), ("讲话", "表示"), ("通报", "介绍")]


def test_invest_takes_projects_and_places_as_objects_not_coordination_talk():
    found = [e[:2] for e in events("经开区不遗余力引进项目。欢迎大家投资潍坊，总投资10亿元。要做好对接，强化沟通对接。")]
    assert found == [("投资", "引进"), ("投资", "投资")]


def test_indicator_after_a_verb_of_reaching_and_after_de():
    found = events("项目达产后，预计可实现年产值70亿元。本次签约的项目投资额增长8.5%。")
    assert ("指标", "年产值") in found[0][3]
    assert ("指标", "项目投资额") in found[1][3]


def test_groundbreak_counts_before_the_verb_and_money_in_the_next_clause():
    found = events("11月17日，全市55个项目集中开工，总投资103亿元。")
    assert found[0][:2] == ("开工", "集中开工")
    assert ("项目数量", "55个") in found[0][3] and ("投资额", "103亿元") in found[0][3]


def test_report_listeners_are_not_reporters():
    found = events("市领导张建华、王坚听取了有关情况介绍。")
    assert found[0][:2] == ("通报", "介绍") and not any(role == "通报人" for role, _ in found[0][3])


def test_counted_project_objects_and_landing_after_introduction():
    found = [e[:2] for e in events("全年对接企业5918家，签约项目1134个。引进一批好项目落户唐山。签约项目投资额占比高。")]
    assert found == [("投资", "对接"), ("签约", "签约"), ("投资", "引进")]


def test_a_clause_opening_with_its_verb_shares_the_subject_and_visits_see_projects_before():
    found = events("5月6日，县长李建国到青溪镇督查项目建设工作，强调要加快进度。在滨江湿地修复、城东物流园二期等项目现场，"
                   "李建国实地督查各项目建设进度。")
    speech = next(e for e in found if e[0] == "讲话")
    assert ("讲话人", "李建国") in speech[3] and ("职务", "县长") in speech[3]
    visit = [e for e in found if e[0] == "观摩"][-1]
    assert [a for a in visit[3] if a[0] == "观摩对象"] == [("观摩对象", "滨江湿地修复"), ("观摩对象", "城东物流园二期")]


def test_attending_a_ceremony_is_an_event():
    found = events("市政府秘书长曾征主持仪式。")
    assert found == [("出席", "主持", "actual", [("参会人", "曾征"), ("职务", "市政府秘书长")])]


def test_trigger_words_in_noun_phrases_and_meeting_names_are_no_events():
    text = ("下午召开观摩推进会，参加观摩人员表示很有收获。通过观摩，观摩结束后打分。签约企业代表发言。"
            "开展专项督查。新引进企业23家。")
    assert [e[:2] for e in events(text)] == [
        ("会议召开", "召开"), ("讲话", "表示"), ("排名评比", "打分"), ("讲话", "发言"), ("投资", "引进")]


def test_investment_places_and_speech_at_a_line_end():
    found = events("61个项目落户攀西经济区。经开区不遗余力引进项目。副市长周剑在签约仪式上指出\n项目前景广阔。")
    assert ("投资地", "攀西经济区") in found[0][3] and ("投资地", "经开区") in found[1][3]
    assert found[2][:2] == ("讲话", "指出") and ("讲话人", "周剑") in found[2][3]


def test_indicator_regions_are_every_place_of_the_clause():
    found = events("来自广东、北京、重庆的项目投资额占比达57.8%。")
    assert [a for a in found[0][3] if a[0] == "地区"] == [("地区", "广东"), ("地区", "北京"), ("地区", "重庆")]


def test_groundbreak_place_after_zai_and_counts_of_things_only():
    found = events("园区规划面积55平方公里，在黔北物流新城集中开工。")
    assert ("地点", "黔北物流新城") in found[0][3] and not any(r == "项目数量" for r, _ in found[0][3])


def test_a_second_biaoshi_in_a_sentence_is_the_same_speech():
    found = [e[:2] for e in events("他向客商表示欢迎，向大家表示感谢。他表示将全力服务。")]
    assert found == [("讲话", "表示"), ("讲话", "表示")]


def test_visits_see_listed_companies_but_not_a_project_owner():
    found = events("与会人员实地查看了滨江湿地修复、润禾科技等重点项目。")
    assert [a for a in found[0][3] if a[0] == "观摩对象"] == [("观摩对象", "滨江湿地修复"), ("观摩对象", "润禾科技")]


def test_an_announced_groundbreaking_already_reported_in_its_paragraph_is_not_a_second_event():
    found = [e[:2] for e in events("今天，全市32个项目集中开工。市长王建国宣布项目开工。\n市长王建国宣布项目开工。")]
    assert found == [("开工", "集中开工"), ("开工", "开工")]


def test_trend_adverbs_make_a_valueless_indicator_and_stay_out_of_it():
    found = events("一季度，全县经济运行平稳增长。")
    assert found == [("经济指标", "增长", "actual", [("时间", "一季度"), ("地区", "全县"), ("指标", "经济运行")])]


def test_counted_objects_verbal_after_bence_and_coordinated_nouns():
    found = [e[:2] for e in events("本次竣工15个项目。推动竣工验收。按照统一部署和要求，抓好落实。")]
    assert found == [("开工", "竣工")]


def test_objects_that_start_like_noun_markers_and_visited_projects_keep_the_verb():
    found = [e[:2] for e in events("12月19日，区长高雁主持召开中央经济工作会议精神学习会。张三实地察看项目建设进展。")]
    assert found == [("出席", "主持"), ("会议召开", "召开"), ("观摩", "实地察看")]


def test_a_speech_made_is_an_event_groups_named_after_the_verb_and_da_opening_another_verb_are_not():
    found = [e[:2] for e in events("市长李强出席会议并作重要讲话。观摩团一行观摩了8个项目。此次活动共达成合作意向项目8个。"
                                   "落实省委省政府工作要求，加快建设。")]
    assert found == [("出席", "出席"), ("讲话", "讲话"), ("观摩", "观摩")]


def test_a_run_of_ranking_synonyms_is_one_event_on_the_word_listed_first():
    found = [e[:2] for e in events("观摩结束后对各乡镇统一进行打分评比。\n与会人员对项目进行了测评打分。")]
    assert found == [("排名评比", "打分"), ("排名评比", "打分")]


def test_report_content_is_the_whole_phrase_up_to_bing_and_investment_goes_to_a_whole_jurisdiction():
    found = events("统计局负责人通报了经济指标完成情况并作重点分析。全县新落地亿元以上项目80个。")
    assert ("通报", "通报", "actual", [("通报内容", "经济指标完成情况")]) in found
    assert [a for e in found if e[0] == "投资" for a in e[3] if a[0] in ("投资地", "企业数量")] == [("投资地", "全县")]
    firms = events("今年以来，全市引进企业12家。")
    assert [a for e in firms for a in e[3] if a[0] == "企业数量"] == [("企业数量", "12家")]


def test_ascii_punctuation_reads_like_full_width():
    full = events("他强调：要推动一批项目落地，签约项目尽快开工。")
    ascii_ = events("他强调:要推动一批项目落地,签约项目尽快开工。")
    assert [e[:3] for e in full] == [e[:3] for e in ascii_]


def test_role_patterns_pick_entities_by_where_they_stand():
    text = "4月1日，甲方在会上签约。5月2日，乙方签约，金额3亿元。"
    ctx = Context(Document("t", text), find_entities(Document("t", text)))
    second = text.rindex("签约")
    first = text.index("签约")

    def found(pattern, start):
        return [text[e.start:e.end] for e in pattern.find(ctx, start, start + 2)]

    assert found(TIME, first) == ["4月1日"] and found(TIME, second) == ["5月2日"]  # nearest before, same sentence
    assert found(Nearest("金额", ("MONEY",), "after"), second) == ["3亿元"]
    assert found(Nearest("金额", ("MONEY",), "after"), first) == []  # not across the sentence end
    assert found(InClause("金额", ("MONEY",)), second) == []  # another clause …
    assert found(InClause("金额", ("MONEY",), else_after=True), second) == ["3亿元"]  # … else the nearest after
    assert found(InClause("金额", ("MONEY",), else_after=True, keep=lambda t, e: False), second) == []


def test_arguments_need_the_trigger_layer():
    doc = Document("t", "市长李明华出席会议并讲话。")
    ctx = Context(doc, find_entities(doc))
    with pytest.raises(ValueError, match="with_triggers"):
        ctx.previous_trigger(9, 0)
    assert ctx.with_triggers([(5, 7), (11, 13)]).previous_trigger(11, 0) == 5


def test_genre_synonyms_of_the_trigger_words():
    # Inspections (检查, 走访, 督导), remarks (点评), readings (宣读), groundbreaking (动工) and indicators
    # moving by a stated value (提高, 回落).
    found = [e[:2] for e in events("6月3日，市长李明华到高新区检查项目建设，走访企业。")]
    assert found == [("观摩", "检查"), ("观摩", "走访")]
    assert [e[:2] for e in events("县委副书记于明点评观摩情况。")] == [("讲话", "点评")]
    assert [e[:2] for e in events("副县长王芳宣读表彰决定。")] == [("通报", "宣读")]
    assert [e[:2] for e in events("3个项目正式动工。")] == [("开工", "动工")]
    assert [e[:2] for e in events("全市固定资产投资同比提高5.2%，物价涨幅回落0.3个百分点。")] \
        == [("经济指标", "提高"), ("经济指标", "回落")]
    # Without a value only 增长/下降/增加/减少 state a trend (平稳增长); 稳步提升 is no indicator event.
    assert events("发展质量稳步提升。") == []


def test_what_is_congratulated_is_no_event_and_time_adverbs_keep_listed_verbs():
    found = events("市委书记张强向项目竣工投产表示祝贺。")
    assert [e[:2] for e in found] == [("讲话", "表示")]
    found = [e[:2] for e in events("其中11个项目为当年开工、当年竣工投产。")]
    assert found == [("开工", "开工"), ("开工", "竣工投产")]


def test_lists_of_groups_attend_with_their_determiners_and_after_persons():
    found = events("副市长王明，县直有关部门主要负责同志，各乡镇主要领导参加会议。")
    assert found == [("出席", "参加", "actual", [("参会人", "王明"), ("参会人", "县直有关部门主要负责同志"),
                                               ("参会人", "各乡镇主要领导"), ("职务", "副市长")])]
    # Items without a head of their own belong to the group after them (业主单位及承建企业代表).
    found = events("业主单位及承建企业代表等参加活动。")
    assert found[0][3] == [("参会人", "业主单位及承建企业代表")]
    # A name right before 代表 is a person acting for others, not a group (郑明代表企业致辞).
    assert events("总经理郑明代表企业致辞。")[0][3] == [("讲话人", "郑明"), ("职务", "总经理")]


def test_project_phrases_keep_their_quantifier_and_list():
    # The dev gold writes 一批/更多/各 inside the phrase (16 of 16 times); a 、-list of kinds is one phrase.
    found = events("力争新引进一批大项目、好项目，进一步做大增量。")
    assert found[0][:2] == ("投资", "引进") and ("项目", "一批大项目、好项目") in found[0][3]


def test_heard_reports_counted_signings_and_signed_amounts():
    # 听取…的汇报: the report is heard, an event though written after 的.
    assert [e[:2] for e in events("会议听取了市发改委关于全市重点项目建设情况的汇报。")] == [("通报", "汇报")]
    # A count after 共/累计 makes 签约项目 a verb and its object; 签约金额 is a noun.
    assert [e[:2] for e in events("今年以来，全市共签约项目86个。")] == [("签约", "签约")]
    # …and so does what reached it or where (大会最终达成签约项目90个, 现场签约项目共155个).
    assert [e[1] for e in events("大会最终达成签约项目90个，总投资633亿元。现场签约项目共155个。")] == ["签约", "签约"]
    found = [e[:2] for e in events("共有15个项目进行了集中签约，签约金额120亿元。")]
    assert found == [("签约", "集中签约")]


def test_a_trigger_word_naming_an_office_is_no_event():
    text = "副县长王明在县委督查室负责人的陪同下调研。"
    assert [e[:2] for e in events(text)] == [("观摩", "调研")]


def test_a_rank_in_the_province_is_a_ranking_and_a_construction_status_no_start():
    found = events("一季度，全市固定资产投资增长11.9%，居全省第4位，农村居民收入增加。详细了解项目开工建设情况。")
    assert ("排名评比", "居", "actual", [("时间", "一季度"), ("范围", "全省"), ("名次", "第4位")]) in found
    assert [e[1] for e in found if e[0] in ("排名评比", "开工")] == ["居"]


def test_a_project_phrase_before_its_start_keeps_digits():
    found = events("书记宣布金海1050毫米不锈钢生产线项目开工。")
    assert ("开工", "开工", "actual", [("项目", "金海1050毫米不锈钢生产线项目")]) in [
        (t, w, r, [a for a in args if a[0] == "项目"]) for t, w, r, args in found]


def test_a_trigger_word_inside_a_meeting_word_is_no_event():
    found = events("市里在上海举行了招商推介会，与企业签约。招商推介会现场，举行了项目签约。")
    assert [e[:2] for e in found if e[0] == "通报"] == []


def test_a_project_phrase_drops_the_verb_or_aspect_before_it():
    found = events("要推动项目落地，争取在建项目早日竣工投产。")
    assert [(e[1], [a[1] for a in e[3] if a[0] == "项目"]) for e in found] == [
        ("落地", ["项目"]), ("竣工投产", ["项目"])]


def test_an_indicator_leaves_out_the_time_and_hedges_around_it():
    found = events("项目全部投产后，年产值约达4亿元。正式投产后预计年销售额可达10亿元左右。")
    assert [[a for a in e[3] if a[0] == "指标"] for e in found if e[0] == "经济指标"] == [
        [("指标", "年产值")], [("指标", "年销售额")]]


def test_a_visit_object_ends_before_the_next_verb():
    found = events("书记张新钢一行来开发区调研，察看了开发区重大项目并听取了开发区经济发展情况汇报。")
    visit = [e for e in found if e[1] == "察看"][0]
    assert ("观摩对象", "开发区重大项目") in visit[3]


def test_an_indicator_leaves_out_how_it_was_computed_and_a_trailing_de():
    found = events("一季度地区生产总值按可比价格计算增长8.5%。全市完成年度目标任务的41.69%。")
    assert [[a for a in e[3] if a[0] == "指标"] for e in found if e[0] == "经济指标"] == [
        [("指标", "地区生产总值")], [("指标", "年度目标任务")]]


def test_a_signing_total_reached_is_an_indicator_as_in_the_gold():
    # The tune gold marks 签下726个投资项目，投资额达4892.28亿元 as an indicator (d002).
    found = events("我市有8个项目顺利签约，协议总金额达74.58亿元。全年地区生产总值达到520亿元。")
    assert [(e[1], [a[1] for a in e[3] if a[0] == "数值"]) for e in found if e[0] == "经济指标"] == [
        ("达", ["74.58亿元"]), ("达到", ["520亿元"])]


def test_a_group_of_attendees_starts_after_a_lists_etc_and_an_indicator_drops_its_hedge():
    found = events("县委办、统计局以及城关街道办事处等有关单位负责人参加会议。上半年全市工业生产总体保持平稳增长。")
    assert [a for e in found if e[0] == "出席" for a in e[3] if a[0] == "参会人"] == [("参会人", "有关单位负责人")]
    assert [a for e in found if e[0] == "经济指标" for a in e[3] if a[0] == "指标"] == [("指标", "工业生产")]


def test_counts_go_to_the_trigger_before_them_and_a_main_venue_is_no_event():
    found = events("今日，全市集中开工96个、竣工79个重点项目，总投资927.6亿元。集中开工主会场设在城东新区。")
    counts = {e[1]: [a[1] for a in e[3] if a[0] == "项目数量"] for e in found if e[0] == "开工"}
    assert counts == {"集中开工": ["96个"], "竣工": ["79个"]}


def test_a_count_of_projects_before_a_listed_trigger_is_its_subject():
    found = events("其中，20个项目集中开工、9个项目集中投产、17个项目集中签约。")
    counts = [(e[1], [a[1] for a in e[3] if a[0] == "项目数量"]) for e in found]
    assert counts == [("集中开工", ["20个"]), ("集中投产", ["9个"]), ("集中签约", ["17个"])]
    # Without the counted subject the same list names kinds of acts, no events (围绕签约、落地、保障等).
    assert events("围绕项目签约、落地、保障等环节，完善服务机制。") == []


def test_the_later_items_of_a_breakdown_count_kinds_of_projects():
    assert events("其中，集中动工项目5个；集中签约项目13个，包含9个招商项目。") == []
    # Counted by an adverb of this occasion, the same words report the acts (本次集中开工项目12个).
    assert [e[1] for e in events("本次集中开工项目12个，集中签约项目13个。")] == ["集中开工", "集中签约"]


def test_a_leading_group_is_a_rank_and_a_narrowing_decline_a_trend():
    found = events("驻马店主要经济指标增幅稳居河南省第一方阵，部分单项成绩居于全省前列。上半年，制造业增加值降幅持续收窄。")
    ranks = [(e[1], [a for a in e[3] if a[0] in ("范围", "名次")]) for e in found if e[0] == "排名评比"]
    assert ranks == [("稳居", [("范围", "河南省"), ("名次", "第一方阵")]), ("居于", [("范围", "全省"), ("名次", "前列")])]
    assert [(e[1], e[3]) for e in found if e[0] == "经济指标"] == [
        ("收窄", [("时间", "上半年"), ("指标", "制造业增加值降幅")])]
    # 居 without a rank after it is part of a word (居民), 收窄 without its trend a plain verb.
    assert [e[0] for e in events("居民收入稳步增长，道路收窄施工。")] == ["经济指标"]


def test_how_an_indicator_is_counted_is_no_part_of_it():
    found = events("1—7月份，采矿业累计增长3.4%，全县规上工业增加值累计同比增长5%。")
    assert [[a[1] for a in e[3] if a[0] == "指标"] for e in found] == [["采矿业"], ["规上工业增加值"]]


def test_a_comparison_base_after_a_list_mark_shows_a_verb():
    found = events("今年1—7月，执行招商引资项目704个、同比增长30.43%，到位资金1110.29亿元。")
    assert [(e[1], [a for a in e[3] if a[0] in ("数值", "比较基准")]) for e in found] == [
        ("增长", [("数值", "30.43%"), ("比较基准", "同比")])]


def test_a_firm_invests_in_the_project_after_de():
    found = events("这些项目分别是：由广西金田木业有限公司投资的金田木业搬迁扩建项目、由某某发展有限公司投资的淮山深加工项目。")
    assert [(e[0], e[1], e[3]) for e in found] == [
        ("投资", "投资", [("投资方", "广西金田木业有限公司"), ("项目", "金田木业搬迁扩建项目")]),
        ("投资", "投资", [("投资方", "某某发展有限公司"), ("项目", "淮山深加工项目")])]
    # 投资 as a noun after a firm stays no event (公司投资的意向).
    assert events("该公司投资的意向明确。") == []


def test_a_group_that_comes_to_the_county_visits():
    found = events("5月17日，天津某某有限公司等企业负责人来我县考察投资环境。")
    assert [a for e in found if e[0] == "观摩" for a in e[3] if a[0] == "观摩主体"] == [("观摩主体", "企业负责人")]


def test_a_date_after_bi_is_a_baseline_and_an_indicator_drops_qizhong_and_fenbie():
    found = events("1-11月，全县固定资产投资同比增长9.0%，比1-10月提高0.4个百分点。其中采矿业、制造业分别同比增长4.9%、2.1%。"
                   "截至8月底，各项存款余额达288亿元，比年初增长4.8%。完成投资同比增长23.0%。")
    times = [a[1] for e in found for a in e[3] if a[0] == "时间"]
    assert "1-10月" not in times and "年初" not in times
    indicators = [a[1] for e in found for a in e[3] if a[0] == "指标"]
    assert "制造业" in indicators and not any(i.startswith("其中") or i.endswith("分别") for i in indicators)
    assert [e[1] for e in found if e[0] == "经济指标"].count("完成") == 0


def test_a_visit_verb_opens_a_company_name_and_industry_parks_are_visited():
    found = events("随后还走访福建永大实业有限公司，了解企业生产经营情况。巡视员何荣一行莅潮调研产业园区基础设施建设。")
    assert [(e[1], e[3][-1]) for e in found if e[0] == "观摩"] == [
        ("走访", ("观摩对象", "福建永大实业有限公司")), ("调研", ("观摩对象", "产业园区基础设施建设"))]


def test_a_visit_followed_by_its_state_is_a_noun():
    assert [e for e in events("他总结了这次项目观摩的情况。") if e[0] == "观摩"] == []


def test_a_witness_is_no_part_of_the_project_signed():
    found = events("县委常委戴某出席仪式并见证项目签约。")
    assert [a for e in found if e[0] == "签约" for a in e[3] if a[0] == "项目"] == [("项目", "项目")]


def test_a_list_of_bare_trigger_words_ending_its_clause_is_a_predicate():
    found = events("今年以来，全市共有156个亿元以上重大项目集中开工、竣工、签约，总投资608.7亿元。"
                   "各参会班子成员围绕项目情况、签约、落地、保障等作了发言。")
    assert [(e[0], e[1]) for e in found if e[0] in ("开工", "签约", "投资")] == [
        ("开工", "集中开工"), ("开工", "竣工"), ("签约", "签约")]


def test_an_occasion_counted_after_its_trigger_is_reported():
    found = events("房县本次集中开工项目12个，总投资5亿元。此次集中开竣工的31只重大项目涵盖新能源等领域。"
                   "年度集中开工项目中，工业项目占六成。")
    assert [(e[1], [a[1] for a in e[3] if a[0] == "项目数量"]) for e in found if e[0] == "开工"] == [
        ("集中开工", ["12个"]), ("集中开竣工", ["31只"])]


def test_a_region_s_count_of_places_is_a_range():
    found = events("地方财政收入增长7%，居东北四市第二位。")
    assert ("排名评比", "居", "actual", [("范围", "东北四市"), ("名次", "第二位")]) in found
    assert [e[1] for e in events("他居住在东北四个城市。")] == []


def test_rankings_by_place_and_a_rise_in_rank_is_no_indicator():
    found = events("三季度经济指标综合排名全市第四，位居郧阳区之后。在综合排名中，我县由二季度的第12位上升到第6位。")
    assert [(e[0], e[1]) for e in found] == [("排名评比", "排名")]
    assert ("名次", "第四") in found[0][3]


def test_a_trend_alone_is_an_indicator_only_where_it_is_stated_not_aimed_at():
    found = events("1-10月，主要经济指标稳定增长。1-8月，全县经济总体保持平稳增长的态势。"
                   "保持经济稳定增长的意义十分重大，要推动经济稳定增长和高质量发展。全县完成工业增加值31.4亿元。")
    assert [(e[1], [a[1] for a in e[3] if a[0] == "指标"]) for e in found if e[0] == "经济指标"] == [
        ("增长", ["主要经济指标"]), ("增长", ["经济"]), ("完成", ["工业增加值"])]


def test_joining_a_reported_visit_is_no_second_visit_and_companions_no_attendance():
    found = events("市委书记张三到园区调研重点项目。副市长李四陪同调研。市委常委王五参加调研。陪同客人的还有赵六。")
    assert [(e[0], e[1]) for e in found] == [("观摩", "调研"), ("出席", "参加")]


def test_a_firm_that_invests_an_amount_invests():
    found = events("重庆天海电池材料有限公司投资10亿元建设电池项目。项目总投资5亿元。")
    assert [(e[0], e[1], [a[1] for a in e[3] if a[0] == "金额"]) for e in found] == [("投资", "投资", ["10亿元"])]


def test_rankings_one_per_place_and_a_place_without_a_range():
    found = events("全县地区生产总值增长7.2%，总量居全市第二位；财政收入增长15.7%，居全市第6位。"
                   "综合考核计分结果，总分居前3位的县市区分别是甲县、乙区。")
    assert [(e[1], [a[1] for a in e[3] if a[0] == "名次"]) for e in found if e[0] == "排名评比"] == [
        ("居", ["第二位"]), ("居", ["第6位"]), ("居", ["前3位"])]  # a rank, no QUANTITY (前3位)


def test_coordination_and_slogans_are_no_investment():
    found = events("要主动对接国省政策投向，积极谋划项目。全市共对接企业5918家。抓项目必须抓落地。")
    assert [(e[0], e[1]) for e in found] == [("投资", "对接")]


def test_a_headline_trend_whose_figures_follow_is_no_indicator():
    found = events("固定资产投资保持较快增长，1至8月，全县累计完成固定资产投资50亿元。签约项目总投资达286亿元。")
    assert [(e[1], [a[1] for a in e[3] if a[0] == "数值"]) for e in found if e[0] == "经济指标"] == [
        ("完成", ["50亿元"]), ("达", ["286亿元"])]


def test_a_heard_report_an_addressed_instruction_and_nouns_before_shi():
    found = events("与会人员进行现场查看、听取汇报。会议要求与会人员认真领会会议精神。全市重点项目观摩是对各县的检验。")
    assert [(e[0], e[1]) for e in found] == [("观摩", "现场查看"), ("通报", "汇报"), ("讲话", "要求")]


def test_who_took_part_is_named_not_reported():
    found = events("参加今天集中开工的每一个项目，都是重点产业项目。前来参加项目集中开工的市直部门负责人共同见证。"
                   "市委书记张三下达开工令。")
    assert [(e[0], e[1]) for e in found] == [("开工", "开工")]


def test_reports_done_and_indicator_follow_ups():
    found = events("张三在分会场向主会场报告了第二次开工项目情况。工作报告内容详实。降幅较一季度收窄16.3个百分点。"
                   "财政收入首次突破千亿大关。第三产业对经济增长的贡献率达到33.5%。")
    assert [(e[0], e[1]) for e in found] == [("通报", "报告"), ("经济指标", "收窄"), ("经济指标", "突破"),
                                             ("经济指标", "达到")]


def test_adjacent_visit_words_are_one_visit_and_planned_categories_are_nouns():
    found = events("市委书记李青雁在辛置镇调研走访企业和在建项目。会议听取拟开工重点项目推进情况汇报。")
    assert [(e[0], e[1]) for e in found] == [("观摩", "调研"), ("通报", "汇报")]


def test_companions_of_a_visit_and_a_value_passed():
    found = events("副县长赵小军及县直相关部门负责人陪同督查。资兴市、桂阳县地区生产总值过100亿元，通过3年努力。")
    assert [(e[0], e[1]) for e in found] == [("经济指标", "过")]


def test_planned_completions_a_signing_occasion_and_a_meeting_as_object():
    found = events("此次集中签约36个项目，总投资64.91亿美元。项目建成投产后将填补空白。"
                   "制定项目推进方案，召开项目落地联席会议30余次。项目达产后年可实现产值148亿元。副局长一行赴荥经调研。")
    assert [(e[0], e[1]) for e in found] == [("签约", "签约"), ("开工", "建成投产"), ("会议召开", "召开"),
                                             ("经济指标", "实现"), ("观摩", "调研")]


def test_welcomed_visits_signed_items_and_a_run_led_by_jizhong():
    found = events("陈新宏对客商一行来考察洽谈表示欢迎。其中，集中签约的20个项目，计划总投资50亿元。"
                   "集中投产投用项目118个，总投资10亿元。")
    assert [(e[0], e[1]) for e in found if e[0] != "讲话"] == [("签约", "签约"), ("开工", "集中投产")]


def test_rankings_within_a_set_of_cities_and_speech_after_a_quote():
    found = events("工业增加值增长22%，位列五市第二；投资增长12.4%，位列五市第一。"
                   "“发展空间更加广阔。”杨武说。她要求我县要进一步提高认识。")
    assert [(e[1], [a[1] for a in e[3] if a[0] == "名次"]) for e in found if e[0] == "排名评比"] == [
        ("位列", ["第二"]), ("位列", ["第一"])]
    assert [e[1] for e in found if e[0] == "讲话"] == ["说", "要求"]


def test_nouns_in_lists_and_routine_checks_and_agreements_signed():
    found = events("要把项目开工、竣工作为重中之重，对拟签约项目定期督查。双方达成多项合作协议。"
                   "该项目投产后，将成为东北最大的食醋企业。")
    assert [(e[0], e[1]) for e in found] == [("签约", "达成"), ("开工", "投产")]


def test_work_areas_managed_and_headline_trends_are_no_events():
    # As the gold's 全力抓招商、抓对接 and 着力抓好协议落实落地 (d004, d017).
    found = events("要狠抓项目落地，紧盯项目落地开工。工业经济快速增长，增加值127.12亿元。连续8个季度保持8%以上的稳定增长。")
    assert [(e[0], e[1]) for e in found] == []


def test_each_placed_ranking_of_a_paragraph_and_funds_used():
    found = events("税收收入增长4.1%、列全市第2位；投资增长18.6%、列全市第3位；用电量增长39.4%、列全市第2位，"
                   "综合排名居前列。全县实际利用外资2079万美元。")
    assert [(e[1], [a[1] for a in e[3] if a[0] == "名次"]) for e in found if e[0] == "排名评比"] == [
        ("列", ["第2位"]), ("列", ["第3位"]), ("列", ["第2位"])]
    assert [e[1] for e in found if e[0] == "投资"] == ["利用"]


def test_headings_light_verb_remarks_and_reports_heard():
    found = events("一、工业生产平稳增长\n督查组进行了现场点评。会议听取了全县疫情防控工作汇报。在东湖宾馆召开项目推进协调会。")
    assert [(e[0], e[1]) for e in found] == [("通报", "汇报"), ("会议召开", "召开")]


def test_growth_after_a_value_takes_the_indicator_of_the_clause_before():
    found = events("1-5月，全县财政总收入11.42亿元，同比下降7.8%；一般公共预算收入5.03亿元，同比增长4.1%。")
    assert [(e[1], [a for a in e[3] if a[0] in ("指标", "地区")]) for e in found] == [
        ("下降", [("地区", "全县"), ("指标", "财政总收入")]), ("增长", [("地区", "全县"), ("指标", "一般公共预算收入")])]


def test_headings_take_no_value_from_the_next_line_and_attendees_named_are_no_attendance():
    found = events("三、固定资产投资增长较快\n全县固定资产投资增长5.2%。随后，何平与出席开工仪式的领导合影。"
                   "何平了解了新开工重点项目情况。")
    assert [(e[0], e[1], [a[1] for a in e[3] if a[0] == "数值"]) for e in found] == [("经济指标", "增长", ["5.2%"])]


def test_requirements_as_nouns_asking_whom_and_places_won():
    found = events("全县上下要紧扣高质量发展要求，进一步增强信心。同时要求建设方要紧绷安全生产这根弦。"
                   "川汇区以95.01的最高分荣获第一名。“发展前景广阔。”全伟在开工仪式上说道。")
    assert [(e[0], e[1]) for e in found] == [("讲话", "要求"), ("排名评比", "荣获"), ("讲话", "说道")]


def test_a_ranking_names_the_places_ranked_and_what_they_are_ranked_by():
    found = events("2017年，亳州市增速居全省前八位。自治区层面重大项目184项，数量排全区第二位。")
    assert [(e[1], sorted(a for a in e[3] if a[0] in ("评比对象", "指标", "名次"))) for e in found
            if e[0] == "排名评比"] == [
        ("居", [("名次", "前八位"), ("指标", "增速"), ("评比对象", "亳州市")]),
        ("排", [("名次", "第二位"), ("指标", "数量")])]
    # 排 and 居 rank only before a place (排查, 居民).
    assert events("全面排查安全隐患，居民满意。") == []


def test_each_group_on_a_list_and_a_ranked_list_is_a_ranking():
    found = events("两江新区、长寿区上榜2个项目，江北区、合川区和万州区分别上榜1个项目。"
                   "从第一名到第四名依次为：孟州市、沁阳市、武陟县。上榜企业名单见附件。")
    assert [(e[1], [a[1] for a in e[3] if a[0] == "评比对象"]) for e in found if e[0] == "排名评比"] == [
        ("上榜", ["两江新区", "长寿区"]), ("上榜", ["江北区", "合川区", "万州区"]),
        ("依次为", ["孟州市", "沁阳市", "武陟县"])]


def test_places_won_after_a_list_of_towns_are_rankings_not_counts():
    text = "大桥、邵伯分别获I类镇第一、二名，丁伙、樊川、吴桥分获II类镇第一、二、三名。"
    assert [(e[1], [a[1] for a in e[3] if a[0] == "名次"]) for e in events(text)] == [
        ("获", ["第一、二名"]), ("分获", ["第一、二、三名"])]
    labels = {(e.label, e.text) for e in find_entities(Document("x", text))}
    assert not any(label in ("GPE", "QUANTITY") for label, _ in labels)  # no 获I类镇, no 二名


def test_what_is_visited_may_stand_after_dui_or_jiu_before_the_verb():
    found = events("市委副书记柴宝良到我县就运河旅游通航工程进展情况进行专题调研。秦伟就有关问题进行了调研。")
    assert [(e[1], [a[1] for a in e[3] if a[0] == "观摩对象"]) for e in found] == [
        ("调研", ["运河旅游通航工程进展情况"]), ("调研", [])]  # a problem is not visited


def test_a_quote_closed_before_a_firm_and_an_office_is_said_by_the_person_after_them():
    found = events("“到这里来投资，我深刻感受到营商环境好。”湖北存富科技股份有限公司总经理陈存富说。")
    assert [(e[0], e[1], [a[1] for a in e[3] if a[0] == "讲话人"]) for e in found if e[0] == "讲话"] == [
        ("讲话", "说", ["陈存富"])]


def test_a_change_stated_by_zeng_or_gao_before_its_figure():
    found = events("全市规上工业总产值1129.6亿元，同比增1.4%；增速比全省和全国分别高0.7、1.4个百分点。增速加快，要提高质量。")
    assert [(e[1], sorted(a for a in e[3] if a[0] in ("指标", "数值"))) for e in found if e[0] == "经济指标"] == [
        ("增", [("指标", "规上工业总产值"), ("数值", "1.4%")]), ("高", [("指标", "增速"), ("数值", "1.4个百分点")])]


def test_groundbreaking_words_of_resumed_projects_and_not_in_zhaokai_gongzuo():
    found = events("共有14个项目开（复）工。\n此次集中开复工项目292个。\n集中投产投用项目118个。\n"
                   "他主持召开工作推进会。\n要围绕项目开工、建设、投产等关键环节倒排工期。")
    assert [e[1] for e in found if e[0] == "开工"] == ["开（复）工", "集中开复工", "集中投产"]


def test_a_meetings_venue_is_all_between_zai_and_the_verb_or_nothing():
    found = events("我县在东湖宾馆三楼六会议室召开项目推进协调会。合浦县在县政府四楼综合会议室召开推进会。会议在合肥召开。")
    assert [[a[1] for a in e[3] if a[0] == "地点"] for e in found if e[0] == "会议召开"] == [
        ["东湖宾馆三楼六会议室"], [], ["合肥"]]  # not 县政府, which only opens a venue


def test_an_indicator_shares_the_region_of_its_sentence_and_of_the_sentences_a_semicolon_joins():
    found = events("2020年，万寿镇实现规模工业总产值17.63亿元，同比增长32.4%；实现规模工业增加值3.61亿元。"
                   "1-11月，全县规模工业增加值同比增加4.5%，比1-10月提高0.5个百分点。\n实现销售收入5亿元。")
    assert [[a[1] for a in e[3] if a[0] == "地区"] for e in found if e[0] == "经济指标"] == [
        ["万寿镇"], ["万寿镇"], ["万寿镇"], ["全县"], ["全县"], []]  # a new paragraph shares nothing


def test_an_indicator_shares_the_time_of_the_sentences_a_semicolon_joins_and_a_years_whole():
    found = events("2020年全年，万寿镇实现规模工业总产值17.63亿元；实现规模工业增加值3.61亿元。\n完成投资5亿元。")
    assert [[a[1] for a in e[3] if a[0] == "时间"] for e in found if e[0] == "经济指标"] == [
        ["2020年全年"], ["2020年全年"], []]


def test_later_acts_of_a_list_share_the_projects_of_the_first():
    found = events("促进重点项目早开工、早落位、早投产。推动项目快建设、快竣工。")
    assert [(e[1], [a[1] for a in e[3] if a[0] == "项目"]) for e in found if e[0] == "开工"] == [
        ("开工", ["重点项目"]), ("投产", ["重点项目"]), ("竣工", ["项目"])]


def test_the_places_that_sign_are_signers_but_not_places_inside_what_was_signed():
    found = events("巨鹿县与北京市昌平区签署战略合作框架协议。今年1—9月，汕头市新签约产业项目234个。54个泉州市招商大使引荐项目现场签约。")
    assert [[a[1] for a in e[3] if a[0] == "签约方"] for e in found if e[0] == "签约"] == [
        ["巨鹿县", "北京市", "昌平区"], ["汕头市"], []]


def test_a_place_counting_its_groundbreakings_and_a_report_on_projects_are_events():
    found = events("此次活动我市集中开工项目13个。市委副书记何平主持开工仪式并介绍项目情况。")
    assert [(e[0], e[1]) for e in found] == [("开工", "集中开工"), ("出席", "主持"), ("通报", "介绍")]


def test_a_firm_invests_an_amount_or_a_building_later_in_its_clause():
    found = events("公司将在图木舒克市投资30亿元。商业广场由南通三江置业集团投资建设。同时投资兴建乳酸盐生产线。公司总投资额达5亿元。")
    assert [(e[0], e[1]) for e in found] == [("投资", "投资"), ("投资", "投资"), ("投资", "投资兴建"), ("经济指标", "达")]
    # An amount closed by 的 qualifies the project after it: a noun, though a firm is in the clause.
    found = events("与江西某某航空公司签订了总投资100亿元的通用航空产业基地项目。某某实业有限公司二期投资2.5亿元的纱锭项目已投产。")
    assert [(e[0], e[1]) for e in found if e[0] == "投资"] == []


def test_a_check_after_gentong_or_ducu_is_a_mechanism_not_a_visit():
    found = events("要加强全程跟踪督查，及时掌握项目动态。加强督促检查，确保按时完成。")
    assert [e[0] for e in found] == []


def test_yiji_ends_a_name_and_opens_no_group():
    found = events("区领导徐晓勇、唐勇以及区相关单位负责人参加签约活动。")
    assert [a[1] for e in found if e[0] == "出席" for a in e[3] if a[0] == "参会人"] == ["徐晓勇", "唐勇", "区相关单位负责人"]


def test_rankings_by_wenju_fenlie_and_huoping_and_the_first_place():
    found = events("朝天镇在全区12个乡镇中稳居第一。大甲镇、黄田镇分列前三。增速居全市首位。武侯镇获评二等奖。获得一、二等奖的单位予以奖励。")
    assert [(e[1], [a[1] for a in e[3] if a[0] in ("名次", "指标")]) for e in found] == [
        ("稳居", ["第一"]), ("分列", ["前三"]), ("居", ["首位", "增速"]), ("获评", ["二等奖"])]


def test_a_pace_or_a_comparison_with_its_points_is_an_indicator():
    found = events("全市工业用电量增长11.5%，加快8.9个百分点。工业增加值增长8%，快于全国1.3个百分点。要加快推进项目建设。")
    assert [(t, trig) for t, trig, _, _ in found] == [("经济指标", "增长"), ("经济指标", "加快"),
                                                      ("经济指标", "增长"), ("经济指标", "快于")]
    assert ("比较基准", "全国") in found[3][3] and ("数值", "1.3个百分点") in found[3][3]


def test_a_breakdown_after_qizhong_counts_kinds_of_projects():
    found = events("本次集中开工项目12个。其中，开工项目15个、竣工项目7个。其中新开工项目13个。")
    assert [(t, trig) for t, trig, _, _ in found] == [("开工", "集中开工")]


def test_a_site_meeting_is_attended_and_held_by_its_verbs():
    found = events("副市长李冕出席现场会，并宣布项目开工。县长刘海龙主持现场会。")
    assert [(t, trig) for t, trig, _, _ in found if t == "出席"] == [("出席", "出席"), ("出席", "主持")]
    # 启动 and 开展 hold an event only with the event's name (not a project's, not a campaign's).
    found = events("4月3日，第五批全省重大项目集中开工仪式在这里启动。项目正式启动。市委、市政府组织开展了全市重点项目观摩评价活动。"
                   "要扎实开展“决战四季度”攻坚行动。")
    assert [(t, trig) for t, trig, _, _ in found] == [("会议召开", "启动"), ("会议召开", "组织开展")]


def test_a_ranking_by_paili_and_a_meeting_view_by_renwei():
    found = events("全地区固定资产投资1至9月的增速排列全疆第一。会议认为，全区上下认真贯彻落实。\n光伏板整齐排列。")
    assert [(t, trig) for t, trig, _, _ in found] == [("排名评比", "排列"), ("讲话", "认为")]


def test_counted_qualifiers_set_phrases_and_supervision_are_no_events():
    found = events("对22个县的44个观摩项目点位进行了观摩。总的来说，形势向好。县长引用传说。"
                   "企业开工状况好转。签约资金和签约数量创新高。落实市委指示要求。")
    assert [(t, trig) for t, trig, _, _ in found] == [("观摩", "观摩")]
    # A firm that names a project listed before invests nothing (A公司B项目和总投资30亿元的C项目).
    found = events("分别是江苏星源新材料有限公司超级涂覆工厂项目和总投资30亿元的常州新科人居智能舒适系统项目。")
    assert [t for t, _, _, _ in found] == []


def test_comparisons_take_their_points_and_reach_words_need_a_value_of_their_own():
    found = events("增长7.1%，分别高于全国（6.5%）0.6个百分点。昆明、昭通分别负增长2%、2.2%。会议传达学习国务院报告。"
                   "全省实现开工23项、竣工10项。")
    indicators = [(trig, args) for t, trig, _, args in found if t == "经济指标"]
    assert indicators[1] == ("高于", [("数值", "0.6个百分点"), ("比较基准", "全国")])
    assert indicators[2][0] == "负增长" and ("指标", "分别") not in indicators[2][1]
    assert [trig for trig, _ in indicators] == ["增长", "高于", "负增长"]


def test_a_party_opening_a_clause_a_team_and_a_visit_with_remarks():
    found = events("来到忠州里项目建设工地，李电一行实地察看项目进展。视察组先后来到留侯镇，实地查看施工进度。")
    visits = [(trig, args) for t, trig, _, args in found if t == "观摩"]
    assert ("观摩主体", "李电") in visits[0][1]
    assert spans_of(found) == ["实地察看", "实地查看"]
    # 观摩点评 is one act, a visit with its remarks, not a visit site (观摩点).
    found = events("副省长徐济超及省直有关部门负责同志参加，观摩点评三门峡、洛阳5市。")
    assert [(t, trig) for t, trig, _, _ in found] == [("出席", "参加"), ("观摩", "观摩点评")]
    assert ("观摩主体", "徐济超") in found[1][3] and ("区域", "三门峡") in found[1][3]


def spans_of(found: list) -> list[str]:
    """Return the triggers of the visits found."""
    return [trig for t, trig, _, _ in found if t == "观摩"]


def test_witnesses_of_a_signing_attend_it_and_names_after_titles_with_compound_or_rarer_surnames():
    found = events("市委书记许继伟，市长吴劲等见证签约。这见证了发展。州人大常委会主任普绍忠、县人大常委会主任欧阳颂东出席。")
    attends = [(trig, args) for t, trig, _, args in found if t == "出席"]
    assert [trig for trig, _ in attends] == ["见证", "出席"]
    assert ("参会人", "许继伟") in attends[0][1]
    assert [a for a in attends[1][1] if a[0] == "参会人"] == [("参会人", "普绍忠"), ("参会人", "欧阳颂东")]


def test_a_growth_after_a_value_and_a_comma_or_enumeration_mark_takes_the_indicator_before():
    found = events("一般公共预算收入完成41.0亿元、增长32.6%；财政总收入完成8.36亿元，同比增长47.1%。")
    growths = [args for t, trig, _, args in found if trig == "增长"]
    assert ("指标", "一般公共预算收入") in growths[0] and ("指标", "财政总收入") in growths[1]


def test_a_groundbreaking_takes_the_projects_listed_next_and_who_gives_the_order():
    found = events("本次集中开工的22个重大项目，包括：顺蓬营一级公路蓬安段建设项目、凤凰生态公园提档升级建设项目等，总投资69.3亿元。"
                   "\n常务副市长徐鸿出席仪式并下达开工令。")
    starts = [args for t, _, _, args in found if t == "开工"]
    assert ("项目", "顺蓬营一级公路蓬安段建设项目") in starts[0] and ("项目", "凤凰生态公园提档升级建设项目") in starts[0]
    assert ("宣布人", "徐鸿") in starts[1]


def test_he_refers_to_the_person_opening_the_sentence_before():
    found = events("市委书记许继伟代表市委对客商代表陈全福一行表示热烈欢迎。他说，滁州始终把招商作为抓手。")
    speech = [args for t, trig, _, args in found if trig == "说"]
    assert speech == [[("讲话人", "许继伟")]]


def test_completions_by_jiancheng_and_wangong_and_what_a_completion_will_bring():
    found = events("项目建成后能有效推动全县发展。要推动项目早建成、早达效。干渠配套建设全部完工。要把园区建成全国一流园区。")
    assert [(t, trig, realis) for t, trig, realis, _ in found] == [
        ("开工", "建成", "planned"), ("开工", "建成", "directive"), ("开工", "完工", "actual")]


def test_a_rise_in_rank_and_a_ranked_list_from_high_to_low():
    found = events("全市GDP在全省位次较上年提升4位。\n投资增速提升4个百分点。\n考核结果从高到低依次为：太原市、长治市。")
    assert [(t, trig) for t, trig, _, _ in found] == [("排名评比", "提升"), ("经济指标", "提升"), ("排名评比", "依次为")]


def test_publishing_figures_reporting_work_hoping_and_projects_that_take_part():
    found = events("市统计局日前发布一季度全省经济运行情况。我代表县人民政府向大会报告政府工作。\n"
                   "会议希望受表彰的县再接再厉。希望各位客商坚定信心。\n楚雄州共组织33个项目参加集中签约仪式。"
                   "伊犁州签约项目6个。江阴市专场组织土地招商恳谈会。在调研过程中，各方形成共识。")
    assert [(t, trig) for t, trig, _, _ in found] == [
        ("通报", "发布"), ("通报", "报告"), ("讲话", "希望"), ("签约", "签约"), ("会议召开", "组织")]
    assert ("MEETING", "大会") not in [(e.label, e.text) for e in annotate_document(
        Document("t", "我代表县人民政府向大会报告政府工作。")).entities]


def test_reports_named_as_documents_campaign_adverbs_targets_and_places_that_take_part():
    found = events("安徽省统计局日前发布一季度全省经济运行情况通报。吉林市召开全市经济社会发展形势通报会。\n"
                   "市重点办负责人介绍，开展二季度集中开工活动是为贯彻部署。要深入开展“工业园区建设年”活动。\n"
                   "投资增速居全区第二，高于年度预期目标13个百分点。公路15分钟直达北京。\n"
                   "全国百强县排名和文明城市创建均实现突破。\n请其他列席会议的同志们提出意见。此次牧野区参加全省集中签约。")
    assert [(t, trig) for t, trig, _, _ in found] == [
        ("通报", "发布"), ("会议召开", "召开"), ("通报", "介绍"), ("排名评比", "居"), ("签约", "集中签约")]


def test_said_after_a_name_places_ranked_without_di_and_counted_kinds_of_projects():
    found = events("在向观摩团介绍完项目建设及经济发展情况后，蒋东方称，今后将继续贯彻。据称，项目很好。\n"
                   "池州、芜湖分列二三位。\n此次集中开工重点项目共40个，总投资248亿元。")
    assert [(t, trig) for t, trig, _, _ in found] == [
        ("通报", "介绍"), ("讲话", "称"), ("排名评比", "分列"), ("开工", "集中开工")]
    assert found[0][3] == [("通报内容", "项目建设及经济发展情况")]
    assert ("讲话人", "蒋东方") in found[1][3] and ("项目数量", "40个") in found[3][3]


def test_trends_with_their_manner_and_values_reached_by_growth_verbs():
    found = events("对外贸易增长较快，居民消费价格温和上涨。要推动经济增长。\n"
                   "垃圾清理车增至78辆，养殖面积扩大到1万亩。一季度，我市新增绿色食品产业项目27个。")
    assert [trig for t, trig, _, _ in found if t == "经济指标"] == ["增长", "上涨", "增至", "扩大到", "新增"]
    added = [args for t, trig, _, args in found if trig == "新增"][0]
    assert ("指标", "绿色食品产业项目") in added and ("数值", "27个") in added


def test_leading_a_range_scoring_highest_and_a_place_won_far_after_the_verb():
    found = events("今年一季度，西藏地区生产总值增速领跑全国。\n太原市得分最高。项目得分85分。\n去年荣获三年一评的全省开放型经济综合先进同类县第一名。")
    assert [(t, trig) for t, trig, _, _ in found] == [("排名评比", "领跑"), ("排名评比", "得分"), ("排名评比", "荣获")]
    assert ("名次", "第一名") in found[2][3]


def test_reporting_work_to_a_congress():
    found = events("现在，我代表旗人民政府向大会报告工作，请予审议。")
    assert [(t, trig) for t, trig, _, _ in found] == [("通报", "报告")]


def test_firms_back_at_work_a_quarters_count_and_the_present_before_a_quarter():
    found = events("统筹推进疫情防控、复工复产。商贸企业开工复业。\n目前一季度开工项目30个、总投资474亿元。")
    assert [(t, trig, args[:2]) for t, trig, _, args in found] == [
        ("开工", "开工", [("时间", "一季度"), ("项目数量", "30个")])]


def test_level_with_a_baseline_and_back_among_the_leaders():
    found = events("全县财政总收入6.39亿元，与上年持平。收支基本持平。\n经济增长重返全省第一方阵。")
    assert [(t, trig) for t, trig, _, _ in found] == [("经济指标", "持平"), ("排名评比", "重返")]
    assert ("比较基准", "上年") in found[0][3] and ("指标", "财政总收入") in found[0][3]


def test_words_that_only_hold_a_trigger_across_a_word_boundary():
    found = events("推动工业经济量质齐升。有着“六山一水三分田”之说，域内最大的资源就是森林。")
    assert found == []


def test_indicators_leave_out_hedges_verbs_and_brackets():
    def indicators(text: str) -> list[list[str]]:
        return [[a for r, a in args if r == "指标"] for _, _, _, args in events(text)]
    assert indicators("内蒙古3地上榜！一地GDP已突破千亿！") == [["一地GDP"]]
    assert indicators("规模以上工业企业个数达到1728家，比年初增加了65家，较去年同期增加了400家。") == [
        ["规模以上工业企业个数"], ["规模以上工业企业个数"], []]
    assert indicators("此外，外贸出口总额（1—5月）达8.98亿美元，增长6.3%。") == [[], ["外贸出口总额"]]
    assert indicators("上半年，该县实现GDP265.69亿元。") == [["GDP"]]
    assert indicators("对全区规上产值增长的贡献率高达129.9%。") == [["贡献率"]]
    assert indicators("工业产值2018年首次突破1700亿元。") == [[]]
    found = events("低于全省规模以上工业增加值12.8个百分点（全省增长9.5%）。")
    assert [a for a in found[0][3] if a[0] in ("指标", "地区")] == [("地区", "全省")]


def test_honours_won_rank_and_commendations_hearsay_and_conditions_are_no_reports_or_acts():
    found = events("2021年6月，辽阳县荣获省政府通报表扬。\n奉贤成功蝉联国家卫生区荣誉称号。获批国家级示范区。\n"
                   "省委、省政府通报表彰江夏区等20个县域。")
    assert [(t, trig) for t, trig, _, _ in found] == [("排名评比", "荣获"), ("排名评比", "蝉联"), ("通报", "通报表彰")]
    assert events("据九龙坡区相关负责人介绍，九龙坡区将着力塑造产业。县域经济被正式提出。按照市政府领导要求，督办室梳理了任务。"
                  "针对符合开竣工条件的项目，要及时研究。再次掀起重大项目开工建设热潮。王彪带领全市重点项目观摩督导组来我县。"
                  "2019年是“产业项目建设落地年”。") == []


def test_tied_places_rises_of_a_rank_and_the_top_of_a_range():
    found = events("增长10.3%、与威海并列第5位。\n增长8.5%，全市第三，排名比1-2月前进一位。\n邹城居全市县域之首。\n"
                   "通过联系选民、走访调研等形式向群众宣传。")
    assert [(t, trig) for t, trig, _, _ in found if t == "排名评比" or t == "观摩"] == [
        ("排名评比", "并列"), ("排名评比", "前进"), ("排名评比", "居")]
    assert ("名次", "第5位") in found[1][3] and ("范围", "全市县域") in found[-1][3]
    assert [e.text for e in annotate_document(Document("t", "1-2月前进一位，3月前完成。")).entities
            if e.label == "DATE"] == ["1-2月", "3月前"]


def test_modes_processes_and_routines_of_acts_are_no_acts_and_a_level_rank_is_no_indicator():
    assert events("以现场观摩的形式对重点工作进行检阅。\n通过现场参观，观摩人员看到了成绩。\n该县对项目建设实行常态化督查。\n"
                  "我区加快企业建设和投产进程。\n居全省县域第4位、与去年同期位次持平。") == [("排名评比", "居", "actual",
                                                                           [("范围", "全省县域"), ("名次", "第4位")])]
    found = events("对全区规上产值增长的贡献率高达129.9%。")
    assert [(t, trig, args) for t, trig, _, args in found] == [
        ("经济指标", "高达", [("数值", "129.9%"), ("地区", "全区"), ("指标", "贡献率")])]


def test_reaching_a_ranked_list_or_place_and_an_ordinal_batch_before_the_verb():
    found = events("自2008年跻身全国县域经济百强县第97位。\n10个县（市）进入工业百强榜单。\n今年夺取全国第7位。\n"
                   "浏阳市进位45位。\n获评全省养殖10强县。\n项目进入攻坚阶段。\n目前，第一批集中开工了35个。")
    assert [(t, trig) for t, trig, _, _ in found] == [
        ("排名评比", "跻身"), ("排名评比", "进入"), ("排名评比", "夺取"), ("排名评比", "进位"), ("排名评比", "获评"),
        ("开工", "集中开工")]
    assert ("名次", "第97位") in found[0][3]
    assert [e.text for e in annotate_document(Document("t", "调研组实地查看塔城景区旅游基础设施建设。")).entities
            if e.label == "LOC"] == ["塔城景区"]


def test_urging_leading_a_named_place_funds_put_in_and_trends_over_years():
    found = events("县委书记金某富来到项目现场，实地踏看建设推进等情况，叮嘱企业加快进度。")
    assert [(e[1], e[3][0]) for e in found if e[0] == "讲话"] == [("叮嘱", ("讲话人", "金某富"))]
    assert [e[1] for e in events("固定资产投资增速连续三年领跑甘肃。")] == ["领跑"]
    assert [(e[0], e[1]) for e in events("2015年投入援疆资金1.75亿元，实施建设类项目9个。")] == [("投资", "投入")]
    # 投入 puts in effort or into use: no investment.
    assert [e[1] for e in events("项目竣工投入使用，全身心地投入到工作当中。")] == ["竣工"]
    assert [e[1] for e in events("旅游人数、旅游收入连年增长，全盟县域经济持续恢复性增长。")] == ["增长", "增长"]
    # A campaign's name holds the trigger word (产业招商落地攻坚年): no act.
    assert events("关于产业招商落地攻坚工作的部署和要求。") == []


def test_a_commendation_by_notice_is_one_trigger():
    found = events("省政府对该县生产总值过千亿元作出了通报表彰。完成年度进度的，进行通报表扬。")
    assert [(e[0], e[1]) for e in found if e[0] == "通报"] == [("通报", "通报表彰"), ("通报", "通报表扬")]
