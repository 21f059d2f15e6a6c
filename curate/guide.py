"""The annotator's guide as data: a one-line Chinese definition and an example per label, event type
and role, the guideline rules and the realis values (SCHEMA.md, "Annotator guide", mirrors it).

Every example comes from the bundled pages (a test checks it against their hand-made gold standard);
the label hints, the project instructions and the SCHEMA.md table are all generated from here.
"""

from __future__ import annotations

from typing import NamedTuple

from curate.schema import ARG_LABEL, EVENT_ROLES


class Entry(NamedTuple):
    """A one-line definition and one example (an entity text, or a sentence with the trigger)."""

    definition: str
    example: str


LABELS: dict[str, Entry] = {
    "PER": Entry("具名的个人", "丁绣峰"),
    "GOV": Entry("党政机关、人大政协及其部门、巡视组/督查组、园区党工委/管委会、专班", "自治区发改委"),
    "COMPANY": Entry("企业（有限公司、股份有限公司、集团）或知名简称品牌", "双良集团"),
    "ORG": Entry("其他组织：媒体、科研院所、协会等", "中国工程院"),
    "GPE": Entry("行政区划或作为辖区的园区", "稀土高新区"),
    "LOC": Entry("非行政区划的具名地点、园区或设施", "土右旗新型工业园区"),
    "TITLE": Entry("职务或职位", "常务副市长"),
    "DATE": Entry("绝对或可推算的日期、时段（含今年、上半年等相对日期）", "4月23日"),
    "MONEY": Entry("带货币单位的金额", "12493亿元"),
    "PERCENT": Entry("百分比或百分点", "8.5%"),
    "QUANTITY": Entry("带单位或量词的数量（项目、企业、产能、人数）", "30个"),
    "PROJECT": Entry("建设、投资或基础设施项目的名称", "40万吨螺旋直缝钢管及保温防腐项目"),
    "MEETING": Entry("会议、论坛或活动的正式名称（取最长官方名称）", "一季度重大项目观摩总结会暨经济运行分析会"),
    ARG_LABEL: Entry("是事件论元但不是实体的文字", "经济运行情况"),
}

EVENTS: dict[str, Entry] = {
    "会议召开": Entry("会议举行（召开、举行、举办）", "4月23日，包头市召开一季度重大项目观摩总结会"),
    "出席": Entry("人员出席、主持或参加会议", "市委书记丁绣峰出席会议并讲话"),
    "讲话": Entry("讲话、强调、指出、要求、发言、表示；每段新的讲话内容一个事件", "市委书记丁绣峰出席会议并讲话"),
    "通报": Entry("通报、汇报、公布、传达情况", "刘海泉通报了观摩评比结果"),
    "观摩": Entry("观摩、实地考察、调研项目或地区", "与会人员实地观摩内蒙古中油中保管道科技有限公司"),
    "开工": Entry("项目开工、奠基、竣工、投产", "重大项目集中开工"),
    "签约": Entry("签约项目或协议", "签约项目1134个"),
    "投资": Entry("招商对接、项目落地、引进、投资兴业", "推动重点项目加快落地见效"),
    "经济指标": Entry("经济指标的增长、下降、达到、完成", "全市地区生产总值同比增长8.5%"),
    "排名评比": Entry("打分、测评、排名、评比、位列", "增速均位列全区第一"),
}

ROLES: dict[str, str] = {
    "时间": "事件发生的日期或时段",
    "地点": "事件发生的地点",
    "主办方": "召开会议的地区或机关",
    "会议名称": "事件所在会议的名称",
    "会议形式": "会议的方式（如视频形式）",
    "参会人": "出席、主持或参加会议的人",
    "职务": "相关人员的职务",
    "所属机构": "相关人员所属的机构",
    "讲话人": "讲话、强调、发言的人",
    "通报人": "通报、汇报的人或单位",
    "通报内容": "通报的内容",
    "观摩主体": "进行观摩的人",
    "观摩对象": "被观摩的项目或企业",
    "区域": "观摩所到的地区",
    "项目数量": "涉及的项目个数",
    "项目": "开工、签约或投资的项目",
    "投资额": "项目的投资金额",
    "宣布人": "宣布开工的人",
    "签约方": "签约的企业或机构",
    "协议金额": "签约协议的金额",
    "投资方": "投资或落地的企业",
    "投资地": "投资落地的地区",
    "金额": "投资金额",
    "企业数量": "涉及的企业个数",
    "地区": "指标所属的地区",
    "指标": "经济指标或评比指标的名称",
    "数值": "指标的数值",
    "比较基准": "比较的基准（如同比、环比）",
    "评比主体": "打分、测评的人或机构",
    "评比对象": "被评比的对象",
    "名次": "排名的名次",
    "范围": "排名的范围（如全区）",
}

REALIS: dict[str, str] = {
    "actual": "已经发生",
    "directive": "讲话中的要求、部署（要……、必须……）",
    "planned": "计划或目标（将、计划、目标）",
    "negated": "被否定、没有发生",
}

# SCHEMA.md's guideline rules, in Chinese, each with the label codes it concerns.
RULES: tuple[str, ...] = (
    "实体不嵌套，取最长的专有名称。",
    "机构简称与职务连写时整体标为一个 TITLE（市委书记、自治区党委副书记）；机构全称后接通用职务时拆开："
    "GOV 自治区党委第二巡视组 + TITLE 副组长；并列职务（市委副书记、市长）每个职务一个片段。",
    "地名在机构简称职务前时随机构：GOV 泉州市委 + TITLE 书记；单独的「市委书记」仍为一个 TITLE。",
    "企业名后接项目时拆开：COMPANY 内蒙古瀚海半导体有限公司 + PROJECT 碳化硅晶体（第三代半导体）产业化项目。",
    "组织全称后接通用职务也拆开：ORG 中国工程院 + TITLE 院士；COMPANY 特变电工 + TITLE 党委书记；"
    "职务中已含的机构简称不拆（管委会主任、区发改委主任）。",
    "MEETING 取最长官方名称，含作为名称一部分的年份、时段或地名（2021年全市四季度重点项目观摩现场会）；"
    "具名的活动也算（重点项目观摩活动、投资环境说明会）；回指性的「会议」「大会」「签约仪式」不标。",
    "作为地点的园区（稀土高新区）标 GPE，其党工委/管委会标 GOV；专班、街办等标 GOV。",
    "DATE 包括相对日期（今年、上半年、当天、上午）和整段的日期范围（2月22日至24日、今年以来）；"
    "时长（两天、365天）和模糊时间（下一阶段、当前、如今、近年来）不是 DATE。",
    "QUANTITY 指带单位的数量（30个、270多万、数千名、5918家）；不含无单位的分数和会议的组织方式（分三组）。",
    "泛指的名词（与会人员、各旗县区、我市、全市）不标实体，但可以作为事件论元，标 ARG。",
    "一个事件一个触发词：同一段里再次提到同一事件不是新事件；每个引出新讲话内容的强调/指出/要求是一个新的讲话事件。",
    "名词用法（观摩情况、开工时间、测评机制）和实体名称里的触发词都不是触发词。",
    "论元取自触发词所在的句子（代词或省略的主语指向所指的人），可被多个事件共用；关系从触发词画到论元。",
    "每种事件只能用它自己的论元角色（见事件类型表的「论元」）；用了不属于该事件类型的角色，pull 会报告并忽略。",
)


def hint(label: str) -> str:
    """Return a label's hint: its code, definition and example, in Chinese (events also list their roles)."""
    if label in EVENTS:
        e = EVENTS[label]
        return f"{label}：{e.definition} — 例：{e.example} — 论元：{'、'.join(EVENT_ROLES[label])}"
    e = LABELS[label]
    return f"{label}：{e.definition} — 例：{e.example}"


def schema_table_lines() -> list[str]:
    """Return the Markdown that SCHEMA.md's "Annotator guide" section holds (a test keeps them equal)."""
    lines = ["| label | 定义 | 例 |", "|---|---|---|"]
    lines += [f"| `{k}` | {e.definition} | {e.example} |" for k, e in LABELS.items()]
    lines += ["", "| event type | 定义 | 例 | 论元 |", "|---|---|---|---|"]
    lines += [f"| {k} | {e.definition} | {e.example} | {'、'.join(EVENT_ROLES[k])} |" for k, e in EVENTS.items()]
    lines += ["", "| role | 定义 |", "|---|---|"]
    lines += [f"| {k} | {d} |" for k, d in ROLES.items()]
    lines += ["", "| realis | 含义 |", "|---|---|"]
    lines += [f"| `{k}` | {d} |" for k, d in REALIS.items()]
    lines += ["", "规则："]
    lines += [f"{n}. {r}" for n, r in enumerate(RULES, 1)]
    return lines
