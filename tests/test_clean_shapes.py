"""Line shapes: chrome told by how a line looks, with no site names (literal lines, both ways)."""

from __future__ import annotations

import pytest

from curate.clean.boilerplate import extract_body
from curate.clean.shapes import find_lead, shape_reason, table_text_at


@pytest.mark.parametrize("line, reason", [
    ("首页 新闻中心 信息公开 政务服务 政民互动", "nav"),
    ("编辑:韩佳 一审:韩佳 二审:冯媛媛", "fields"),
    ("浏览次数:266", "fields"),
    ("投稿:news@example.com", "fields"),
    ("归档时间:2023-10-26", "fields"),
    ("索引号 | 0140/2023-04100 | 生成日期 | 2023-10-18 |", "table"),
    ("第四批招商大使聘任仪式(涂锦波,左六)", "caption"),
    ("· 某县召开项目观摩会", "related"),
    ("某县召开重点项目观摩会 2023-05-12", "related"),
    ("【打印】 【关闭】", "toolbar"),
    ("收藏此页】【 】【下载点点通】【打印】【关闭", "toolbar"),
    ("特别声明:以上内容为用户上传并发布,本平台仅提供信息存储服务。", "copyright"),
    ("Notice: The content above is uploaded and posted by a user of the platform.", "foreign"),
    ("欢迎关注某某新闻网微信公众号 : abcnews", "share"),
    ("欢迎光临中国某某网！今天是:", "nav"),
    ("织梦CMS - 轻松建站从此开始！", "nav"),
    ("上一条:某县召开大会 | 下一条:某市考察团到某公司考察调研 |", "related"),
    ("在某产业园，工人在生产新型激光切割机。(资料片)记者杜某 通讯员傅某摄", "caption"),
    ("3月31日拍摄的某旗2023年重点项目集中开工仪式现场(无人机照片 新华社记者某某 摄)。", "caption"),
    ("------分隔线----------------------------", "separator"),
    ("扫码下载某某客户端", "share"),
    ("Produced By 某某网络 某某发布系统", "nav"),
    ("本文为某某新闻网原创文章,转载请附上原文出处链接和本声明。", "notice"),
    ("(本文来自某某新闻,更多原创资讯请下载“某某新闻”APP)", "notice"),
    ("某某日报 要闻 00004 某县一批重大项目开工 2020-11-18 21686628 2 2020年11月18日 星期三", "dateline"),
])
def test_chrome_shapes(line, reason):
    assert shape_reason(line) == reason


@pytest.mark.parametrize("line", [
    "张古江:全力以赴推动重点项目建设开新局",  # a headline with a colon is not a field
    "会议指出:要加快推进重点项目建设。",
    "4月23日,包头市召开一季度重大项目观摩总结会暨经济运行分析会,市委书记丁绣峰出席会议并讲话。",
    "包头市 召开 大会",  # three items are not a menu
    "装机50(GW) total",
    "会议要求,各级干部要关注企业诉求,用好政务服务客户端。",
    "11月18日星期三上午,某县召开大会",
    "会上,县长欢迎来到某县投资兴业的客商,希望大家多提宝贵意见。",
    "本文来源于调研报告的会议强调,要加快推进重点项目建设。",  # a notice opens the line or trails a sentence
])
def test_text_is_not_chrome(line):
    assert shape_reason(line) is None


def test_a_name_field_is_chrome_only_after_the_body():
    assert shape_reason("责编:许伯英") is None
    assert shape_reason("责编:许伯英", after_body=True) == "fields"


def test_table_rows_keep_their_running_text():
    assert table_text_at("内容概况 | 10月17日,某区举行开工仪式。") == 7
    assert table_text_at("效力状况 | 有效 | 公开程序 | 部门编制 |") is None


@pytest.mark.parametrize("paragraph, lead", [
    ("扬州网讯(记者 吴涛 羌伊然)昨天上午,广陵区举行开工仪式。", "扬州网讯(记者 吴涛 羌伊然)"),
    ("新派讯 12月9日,某市签约仪式在上海举行。", "新派讯"),
    ("中新网9月20日消息?中马钦州产业园区20日举行开竣工仪式。", "中新网9月20日消息?"),
    ("。口网9月20日消息?中马钦州产业园区20日举行开竣工仪式。", "。口网9月20日消息?"),
    ("某县召开大会 某县领导出席 文成新闻网讯(记者 陈某)11月3日下午,县委书记主持会议。",
     "某县召开大会 某县领导出席 文成新闻网讯(记者 陈某)"),
    ("中国经济新闻联播4月18日黑龙江齐齐哈尔电(记者 魏某 通讯员 刘某)为深入贯彻落实某市委会议部署,某县举行开工仪式。",
     "中国经济新闻联播4月18日黑龙江齐齐哈尔电(记者 魏某 通讯员 刘某)"),
    ("(记者 罗某/文 龙某/图)按照一手抓防控要求,3月18日上午,某区举行签约活动。", "(记者 罗某/文 龙某/图)"),
    ("本报消息(记者 楼某 杨某某)2月8日上午,全省重大项目集中开工。", "本报消息(记者 楼某 杨某某)"),
    ("太原2月27日(张某)晋中是晋商故里,经济基础良好。", "太原2月27日(张某)"),
    ("记者李某 周某 通讯员张某报道:3月22日上午,某市重大项目集中开工。", "记者李某 周某 通讯员张某报道:"),
    ("本报讯昨日上午,我县召开项目推进协调会。", "本报讯"),
    ("记者骆某 4月21日,我市召开一季度经济形势分析会。", "记者骆某"),
    ("本网柳州讯:7月26日下午,全区上半年工作会议在柳州市召开。", "本网柳州讯:"),
    ("浙江在线-某某新闻网(记者 杨某 冯某某)今天是新春的第一个工作日。", "浙江在线-某某新闻网(记者 杨某 冯某某)"),
    ("某某网讯记者张某荣实习记者王某一通讯员苏某生8月18日上午,某县举行签约活动。",
     "某某网讯记者张某荣实习记者王某一通讯员苏某生"),
])
def test_news_agency_leads(paragraph, lead):
    assert find_lead(paragraph).text == lead


@pytest.mark.parametrize("paragraph", [
    "会上传来喜讯,项目全部签约。",
    "市委书记在讲话中指出,要做好通讯保障。",
    "11月3日下午,县委书记主持召开会议。",
    "项目于9月1日全面并网发电,年发电量达到1亿千瓦时。",
    "(一)加快项目建设。记者从会上获悉,全年开工项目30个。",
    "记者从会上获悉,某市今年一季度经济运行平稳。",
    "记者了解到,某市今年一季度经济运行平稳。",
    "截至3月27日(星期五)下午,全市开工项目30个。",
    "一个好消息(来自某县)传来,项目全部签约。",
    "国家电网公司(记者从该公司获悉)加快建设。",
])
def test_text_without_a_lead(paragraph):
    assert find_lead(paragraph) is None


def test_lead_goes_to_dropped_lines_and_its_reporter_to_meta():
    body = extract_body("某区召开大会\n扬州网讯(记者 吴涛)昨天上午,某区召开大会。\n会议强调发展。")
    assert body.paragraphs == ["昨天上午，某区召开大会。", "会议强调发展。"]
    assert {"line": 2, "text": "扬州网讯（记者 吴涛）", "reason": "lead"} in body.dropped
    assert body.meta["reporter"] == "吴涛"


def test_short_lines_after_the_last_paragraph_are_tail_chrome():
    body = extract_body("某县召开大会\n某县召开大会。会议强调发展。\n此栏目已归档\n下一篇:\n某县召开另一个会")
    assert body.paragraphs == ["某县召开大会。会议强调发展。"]
    assert [d["reason"] for d in body.dropped][-3:] == ["tail", "fields", "tail"]  # 下一篇: is an empty field
