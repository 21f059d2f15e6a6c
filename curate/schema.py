"""The label schema of SCHEMA.md as data: entity labels, event types and their roles.

Labels may only be appended (ClassLabel order is part of the dataset contract); any change to the
labels bumps `SCHEMA_VERSION`.
"""

from __future__ import annotations

SCHEMA_VERSION = 1

ENTITY_LABELS: tuple[str, ...] = (
    "PER", "GOV", "COMPANY", "ORG", "GPE", "LOC", "TITLE",
    "DATE", "MONEY", "PERCENT", "QUANTITY", "PROJECT", "MEETING",
)
ARG_LABEL = "ARG"
SPAN_LABELS: tuple[str, ...] = ENTITY_LABELS + (ARG_LABEL,)

EVENT_ROLES: dict[str, tuple[str, ...]] = {
    "会议召开": ("时间", "地点", "主办方", "会议名称", "会议形式"),
    "出席": ("时间", "参会人", "职务", "所属机构", "会议名称"),
    "讲话": ("时间", "讲话人", "职务", "会议名称"),
    "通报": ("通报人", "职务", "通报内容", "会议名称"),
    "观摩": ("时间", "观摩主体", "观摩对象", "区域", "项目数量"),
    "开工": ("时间", "地点", "项目", "项目数量", "投资额", "宣布人"),
    "签约": ("时间", "签约方", "项目", "项目数量", "协议金额", "会议名称"),
    "投资": ("时间", "投资方", "投资地", "项目", "金额", "企业数量"),
    "经济指标": ("时间", "地区", "指标", "数值", "比较基准"),
    "排名评比": ("时间", "评比主体", "评比对象", "指标", "名次", "范围"),
}
EVENT_TYPES: tuple[str, ...] = tuple(EVENT_ROLES)
REALIS: tuple[str, ...] = ("actual", "directive", "planned", "negated")

# Every role name once, in first-seen order: the relation labels of the Label Studio config.
ROLES: tuple[str, ...] = tuple(dict.fromkeys(r for roles in EVENT_ROLES.values() for r in roles))

# BIO tag names for the `ner` config: O, then B-/I- per entity label in label order.
NER_TAGS: tuple[str, ...] = ("O",) + tuple(f"{p}-{label}" for label in ENTITY_LABELS for p in ("B", "I"))
