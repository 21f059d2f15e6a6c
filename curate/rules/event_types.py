"""The ten event rules of SCHEMA.md: which entities fill which role (`roles`, data), plus the text
patterns no entity covers (`pattern_arguments`, ARG spans) and type-specific trigger checks.

One piece although long: ten small classes, one per event type of SCHEMA.md, read side by side."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from itertools import islice

from curate.rules.base import HAN, Span, alt, word_regex
from curate.rules.context import Context
from curate.rules.events import ArgProposal, EventRule, joined_relative, speech_follows
from curate.rules.places import gpe_regex
from curate.rules.roles import TIME, Doers, InClause, Nearest
from curate.schema import ENTITY_LABELS

PLACE = ("GPE", "LOC")
ORGANISER = ("GOV", "GPE", "ORG", "COMPANY")


@cache
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _arg(role: str, m: re.Match[str] | None, group: int | str = 0) -> list[ArgProposal]:
    return [ArgProposal(role, m.start(group), m.end(group))] if m and m.group(group) else []


def phrase_after(ctx: Context, end: int, role: str, whole: bool = False) -> list[ArgProposal]:
    """Return the noun phrase after a trigger up to the clause end or a 并 that opens the next verb, without
    entities or a leading 这些/其中/等; `whole`: with the entities inside it (what a report is about:
    全区上半年经济运行情况)."""
    stop = ctx.clause_end(end)
    start = end + (ctx.text[end:end + 1] == "了")
    if ctx.text.startswith("、", start):
        return []  # an item of a list of acts (听取汇报、查看进度): no object follows
    joined = ctx.text.find("并", start, stop)
    stop = joined if joined > start else stop
    if not whole:
        inner = ctx.within(start, stop, ("PER", "GOV", "GPE", "DATE", "QUANTITY", "MONEY", "PERCENT", "TITLE"))
        start = max([start] + [e.end for e in inner])
    if (d := word_regex("arg_left_out").match(ctx.text, start, stop)):
        start = d.end()
    return [ArgProposal(role, start, stop)] if stop - start >= 2 else []


def phrase_ending_before(ctx: Context, start: int, role: str, head: str = "项目") -> list[ArgProposal]:
    """Return a noun phrase ending in `head` right before the trigger (续建项目尽早竣工)."""
    c_start = ctx.clause_start(start)
    m = _regex(rf"([{HAN}0-9A-Za-z]*?{head})(?:{alt('trigger_verbal_before')}|尽|加快)*$").search(ctx.text, c_start, start)
    if not m:
        return []
    begin = max([m.start(1)] + [e.end for e in ctx.within(c_start, m.end(1), ENTITY_LABELS)]
                + [_last_cut(ctx.text, m.start(1), m.end(1))])
    if (d := word_regex("arg_left_out").match(ctx.text, begin, m.end(1))):
        begin = d.end()
    return [ArgProposal(role, begin, m.end(1))] if m.end(1) - begin >= 2 else []


def _last_cut(text: str, start: int, end: int) -> int:
    best = start
    for m in _regex(alt("phrase_cut_words")).finditer(text, start, end):
        best = max(best, m.end())
    return best


def counts_things(text: str, count: Span) -> bool:
    """Return whether a count counts things (5个, 3批), not an area (55平方公里)."""
    return text[count.end - 1] in "个项只批家"


def counts_firms(text: str, count: Span) -> bool:
    """Return whether a count counts firms: in 家 or after 企业 (项目80个 counts projects)."""
    return text[count.end - 1] == "家" or text[max(0, count.start - 2):count.start] == "企业"


# 在 + a venue (ending in a word for a site) + the verb (在县政府四楼综合会议室召开, 在清华科技园二期项目地块举行).
_VENUE = re.compile(r"在([^，。；,;、在的]{1,28}?(?:会议室|报告厅|议事厅|会议中心|礼堂|宾馆|酒店|饭店|现场|基地|地块|广场|"
                    r"中心|大厦|会场|厅|馆|园|园区|新城|村|组))(?:隆重|成功|同步|正式|顺利|主持)*$")


_HELD_KIND = re.compile("(?:活动|会议?|仪式|论坛|拉练|观摩)$")


def _organises_event(ctx: Context, start: int, end: int) -> bool:
    """Return whether 开展/组织 holds an event: a doer before it, no campaign adverb (深入开展…), and an event's
    name right after it (组织开展了…观摩评价活动; not a campaign's: 开展“决战四季度”攻坚行动)."""
    if start == ctx.clause_start(start) or _regex("(?:深入|持续|扎实|广泛|全面|大力|积极)$").search(
            ctx.text, max(0, start - 2), start):
        return False
    after = end + (ctx.text[end:end + 1] == "了")
    return any(m.start == after and _HELD_KIND.search(ctx.text, m.start, m.end)
               for m in ctx.within(end, ctx.clause_end(end), ("MEETING",)))


def _starts_event(ctx: Context, start: int) -> bool:
    """Return whether 启动 follows the event it starts (…集中开工仪式在这里启动, 观摩点评活动启动), not a project
    or a piece of work (项目正式启动, 全面启动新城建设)."""
    return any(_regex(r"(?:在[^，。；,;]{1,10})?(?:正式|隆重)?").fullmatch(ctx.text, m.end, start)
               for m in ctx.within(ctx.clause_start(start), start, ("MEETING",)))


class MeetingHeldRule(EventRule):
    name, version, event_type = "event_meeting_held", 14, "会议召开"
    description = "召开/举行/举办: 时间, 主办方 before, 地点 after 在, 会议名称 (every one in the clause), 会议形式"
    roles = (TIME,)
    identity_roles = ("会议名称",)
    names_meetings = False

    def triggers(self, ctx: Context) -> Iterator[tuple[int, int]]:
        for start, end in super().triggers(ctx):
            word = ctx.text[start:end]
            if word in ("开展", "组织开展", "组织"):
                if _organises_event(ctx, start, end):
                    yield start, end
            elif word != "启动" or _starts_event(ctx, start):
                yield start, end

    def verb_anyway(self, text: str, start: int, end: int) -> bool:
        # A meeting that ends its clause is what is held (召开项目推进协调会。), even one no rule names.
        return bool(_regex(r"[^，。；,;\n]{0,16}?(?:会议|大会|会|论坛)(?:[，。；,;\n]|$)").match(text, end))

    def pattern_arguments(self, ctx, start, end):
        s_start, s_end = ctx.sentence(start)
        form = _regex(r"以((?:视频|线上|网络|电视电话|现场)(?:会议)?形式)").search(ctx.text, s_start, s_end)
        args = _arg("会议形式", form, 1)
        c_start, c_end = ctx.clause_start(start), ctx.clause_end(end)
        meetings = ctx.within(end, c_end, ("MEETING",)) or ctx.within(c_start, start, ("MEETING",))
        args += [ArgProposal("会议名称", m.start, m.end) for m in meetings]
        # The venue is all that stands between 在 and the verb (在清华科技园二期项目地块举行, 在鄂尔多斯召开):
        # one name, or a phrase that holds none; a name that only opens it (县政府 of 在县政府四楼会议室召开) is
        # neither venue nor organiser.
        venue = _VENUE.search(ctx.text, c_start, start)
        inside = ctx.within(venue.start(1), venue.end(1), ENTITY_LABELS) if venue else []
        if venue and not inside and not ctx.covering(venue.start(1), venue.end(1)):
            args += _arg("地点", venue, 1)
        # "在鄂尔多斯召开": the place follows 在; an organiser never does.
        for e in ctx.within(c_start, start, ORGANISER + PLACE):
            if venue and venue.start(1) <= e.start < venue.end(1) and (e.start, e.end) != venue.span(1):
                continue
            role = "地点" if ctx.text[e.start - 1:e.start] == "在" else "主办方"
            if role == "主办方" and meetings and e.start > meetings[0].start:
                continue
            args.append(ArgProposal(role, e.start, e.end))
        if not any(a.role == "主办方" for a in args):
            args += _arg("主办方", _regex(f"{alt('self_reference')}").search(ctx.text, c_start, start))
        return args


class AttendRule(EventRule):
    name, version, event_type = "event_attend", 18, "出席"
    description = "出席/主持/参加: 参会人 (PERs, or a group such as 有关领导同志), 职务, 所属机构, 时间, 会议名称 after"
    roles = (TIME, Doers("参会人"), InClause("会议名称", ("MEETING",), "after"))
    objects_after = ("仪式", "主会场", "分会场")
    names_meetings = False

    def keep_trigger(self, text: str, start: int, end: int) -> bool:
        # Projects (33个项目参加集中签约仪式) or a place (此次牧野区参加全省…集中签约) that 参加 a ceremony are
        # signed or started there: nobody attends.
        if text[start:end] == "参加" and _regex("(?:项目(?:共|共有)?|我[州县市区旗]|[区县州旗])$").search(
                text, max(0, start - 4), start):
            return False
        # Who witnesses a signing or a groundbreaking attends it (…等见证签约), not who witnesses a change.
        if text[start:end] == "见证":
            return _regex("了?(?:签约|签字|开工|揭牌|项目签约)").match(text, end) is not None
        # 参加 opening a relative clause names who or what took part (参加今天集中开工的每一个项目): no event.
        return not joined_relative(text, start)

    def people_arguments(self, ctx, role, start, end):
        # "与参加…大会代表一起": the attendees are the group after the meeting, not the subject.
        if ctx.text[start - 1:start] == "与" and (g := companion(ctx, start - 1)):
            return [ArgProposal(role, *g)]
        return super().people_arguments(ctx, role, start, end)


def companion(ctx: Context, pos: int) -> tuple[int, int] | None:
    """Return the group in "与[参加…]代表一起" starting at `pos` (the 与), if any."""
    m = _regex(rf"与(?:参加[^，。；,;]*?)?({alt('participant_heads')})(?:一起|一道|共同)").match(ctx.text, pos)
    return (m.start(1), m.end(1)) if m else None


class SpeechRule(EventRule):
    name, version, event_type = "event_speech", 21, "讲话"
    description = "讲话/强调/指出/要求 (followed by ，/：): 讲话人 before (or 他), 职务, 时间, 会议名称 before"
    roles = (TIME, Doers("讲话人"), Nearest("会议名称", ("MEETING",), "before"))
    organisations_act = True
    # What a remark is about follows it (点评项目观摩情况).
    objects_after = ("项目", "企业")

    def triggers(self, ctx: Context) -> Iterator[tuple[int, int]]:
        # 希望 and 称 say something only right after who hopes or says it (张磊希望…, 会议希望…, 蒋东方称，), not
        # as the speech goes on (…。希望各位客商…).
        for start, end in super().triggers(ctx):
            # …also with an adverb between (张某则称, 李某也希望).
            at = start - 1 if ctx.text[start - 1:start] in ("则", "也", "还", "又") else start
            if ctx.text[start:end] not in ("希望", "称") or ctx.text[start - 2:start] == "会议" or any(
                    p.end == at for p in ctx.last_within(max(0, at - 4), at, ("PER",))):
                yield start, end

    def keep_trigger(self, text: str, start: int, end: int) -> bool:
        word = text[start:end]
        if word.endswith(("讲话", "发言", "致辞", "讲座", "欢迎辞", "欢迎词")):
            return text[end:end + 1] in "。，,；;并和" or text[end:end + 1] == ""
        # 表示 takes what was said as its object (表示诚挚欢迎, 表示很有收获); a line may end before the
        # speech (…在签约仪式上指出\n此次…).
        # 进行现场点评, 逐一点评: the remarks named, no speech of their own.
        # 总的来说, 对…来说, 传说, 有着…之说: no one speaks.
        if word == "说" and text[start - 1:start] in ("来", "传", "听", "据", "之"):
            return False
        if word == "点评" and _regex("(?:进行了?|逐一)(?:现场|分析|综合)?$").search(text, max(0, start - 5), start):
            return False
        # 部署和要求: a noun coordinated with another noun.
        if word_regex("speech_object_verbs").fullmatch(text, start, end):
            return True
        if word == "要求" and (text[start - 1:start] in ("和", "及", "与", "”", "总", "新", "硬")
                              or text[start - 2:start] in ("发展", "时序", "重大", "领导")):
            return False
        # What was put forward by others (被正式提出) is no speech.
        if word == "提出" and _regex("被[^，。；,;]{0,3}$").search(text, max(0, start - 4), start):
            return False
        if word == "希望":
            return True  # checked with the entities in `triggers`
        # 要求 (or 叮嘱) + whom it addresses (要求各责任单位…, 会议要求与会人员…, 要求我县…, 叮嘱企业加快进度), or
        # whom it asks and then 要 (同时要求建设方要紧绷…).
        if word in ("要求", "叮嘱") and (
                _regex(r"(?:各|全[市县区镇乡体]|相关|有关|与会|参会|施工|项目|企业|我[县市区镇乡])").match(text, end)
                or _regex("(?!的)[^，。；,;]{1,8}?(?<![重主需只])要(?!求)").match(text, end)):
            return True
        # "…。”杨武说。: the quote before is what was said, also when a firm and an office name the speaker
        # (…。”湖北某某科技股份有限公司总经理陈某说。).
        if word in ("说", "说道") and _regex("”[^，。；,;“”]{1,32}$").search(text, max(0, start - 34), start):
            return True
        if word == "表示":
            # A second 表示 in the sentence goes on with the same words (表示欢迎，向…表示感谢).
            return not _regex(r"表示[^。！？；;!?\n]*$").search(text, max(0, start - 80), start)
        return speech_follows(text, end) or text[end:end + 1] in ("\n", "")


class ReportRule(EventRule):
    name, version, event_type = "event_report", 21, "通报"
    description = "通报/汇报/公布/传达: 通报人 (PER or organ before), 职务, 通报内容 (the phrase after), 会议名称"
    roles = (Doers("通报人"),)
    organisations_act = True
    # What is reported may follow (介绍项目情况, 通报项目进展, 向大会报告工作).
    objects_after = ("项目", "工作")

    def keep_trigger(self, text: str, start: int, end: int) -> bool:
        # 报告/发布 report only as a completed act (向主会场报告了…, 会议上发布了30个项目), not as nouns;
        # 经介绍 (like 据介绍) says where the writer learnt something.
        word = text[start:end]
        if word == "介绍" and text[start - 1:start] == "经":
            return False
        # 据相关负责人介绍 (like 据介绍) says where the writer learnt something; a 通报表扬 received (荣获省政府通报表扬)
        # is a commendation, no report.
        if word == "介绍" and _regex(r"据[^，。；,;：:\n]{0,15}$").search(text, max(0, start - 16), start):
            return False
        if word.startswith("通报") and (word[2:] or text[end:end + 2]) in ("表扬", "批评", "表彰") and \
                _regex("(?:荣获|获得|受到)[^，。；,;]{0,8}$").search(text, max(0, start - 10), start):
            return False
        # A report named as a meeting (形势通报会) or as a document (经济运行情况通报。) is no act.
        if word in ("通报", "汇报") and text[end:end + 1] == "会":
            return False
        if word == "通报" and text[start - 2:start] == "情况" and text[end:end + 1] in ("。", "，", "；", ""):
            return False
        if word not in ("报告", "发布") or text[end:end + 1] == "了":
            return True
        # …or with what is published (发布一季度全省经济运行情况, 向大会报告政府工作).
        return bool(_regex(r"[^，。；,;：:\n]{0,14}?(?:运行情况|数据|结果|名单|通报|公告)").match(text, end)
                    or word == "报告" and _regex("(?:政府)?工作").match(text, end))

    def verb_anyway(self, text: str, start: int, end: int) -> bool:
        # 听取汇报, 听取…的汇报, 听取有关情况介绍: the report was given.
        return bool(_regex(r"听取了?[^，。；,;：:！？!?\n]{0,24}$").search(text, max(0, start - 30), start))

    def people_arguments(self, ctx, role, start, end):
        c_start = ctx.clause_start(start)
        # Who 听取 a report listens to it (听取了统计局汇报): the reporter is no person or group there.
        if not _regex("听取").search(ctx.text, c_start, start):
            # Organs with their heads report as one group (统计局、发改局负责人就…作汇报).
            for h in reversed(list(word_regex("participant_heads").finditer(ctx.text, c_start, start))):
                if (chain := _organ_chain_start(ctx, h.start())) < h.start():
                    return [ArgProposal(role, chain, h.end())]
            if (doers := super().people_arguments(ctx, role, start, end)):
                return doers
        # Else the last organ before the verb reports.
        organs = ctx.within(c_start, start, ("GOV", "ORG", "GPE"))
        return [ArgProposal(role, o.start, o.end) for o in organs[-1:]]

    def pattern_arguments(self, ctx, start, end):
        # What was relayed may be a meeting (传达…动员会精神): point at it.
        meetings = ctx.within(end, ctx.clause_end(end), ("MEETING",))
        if meetings:
            return [ArgProposal("通报内容", m.start, m.end) for m in meetings]
        # 介绍完…情况后: what was told lies between 完 and 后.
        if (done := _regex("[完了]([^，。；,;]{2,30}?)后").match(ctx.text, end)):
            return [ArgProposal("通报内容", done.start(1), done.end(1))]
        return phrase_after(ctx, end, "通报内容", whole=True)


def _organ_chain_start(ctx: Context, pos: int) -> int:
    """Return where the 、-chain of organs ending right at `pos` starts (`pos` when there is none)."""
    while (o := ctx.last_within(ctx.clause_start(pos), pos, ("GOV", "ORG", "COMPANY"))) and o[0].end == pos:
        pos = o[0].start
        if ctx.text[pos - 1:pos] != "、" or not (prev := ctx.last_within(ctx.clause_start(pos), pos - 1, ("GOV",))) \
                or prev[0].end != pos - 1:
            break
        pos = pos - 1
    return pos


_VISIT_OBJECT_BEFORE = re.compile("(?:对|就)([^，。；,;、]{2,24}?)(?:进行了?|开展了?)(?:实地|现场|集中|专题|督导)?$")


class VisitRule(EventRule):
    name, version, event_type = "event_visit", 21, "观摩"
    description = "观摩/实地考察/调研: 观摩主体 (PERs or 与会人员), 观摩对象 (projects, else companies), 区域, 项目数量"
    roles = (TIME, Doers("观摩主体"), InClause("区域", PLACE, "after"), InClause("项目数量", ("QUANTITY",), "after"))
    # What is visited follows the verb (实地察看项目建设进展, 调研企业).
    objects_after = ("项目", "企业")
    # Synonyms in a row (调研走访) are one visit.
    merge_adjacent = True

    def keep_trigger(self, text: str, start: int, end: int) -> bool:
        # Who accompanies a visit (…负责人陪同调研) names the companions of the visit reported, in whichever paragraph.
        return not _regex("陪同(?:巡查|检查|督查|考察)?$").search(text, max(0, start - 4), start)

    def mentions_again(self, text: str, start: int) -> bool:
        # Who joins a visit the paragraph reported joins that visit (…调研。副市长某某一同调研。); the gold marks
        # 参加观摩 again in each paragraph, so only within one.
        return bool(_regex("(?:参加了?|一同|一起)$").search(text, max(0, start - 3), start))

    def pattern_arguments(self, ctx, start, end):
        c_start, c_end = ctx.clause_start(start), ctx.clause_end(end)
        # Projects and the companies visited beside them; a company named before its project is its owner.
        seen = ctx.within(end, c_end, ("PROJECT", "COMPANY"))
        starts = {p.start for p in seen if p.label == "PROJECT"}
        projects = [p for p in seen if p.label == "PROJECT" or p.end not in starts]
        # Without a named project, what was visited is the phrase after the verb (调研重点项目推进情况).
        # Named projects may also stand before the verb in its sentence (在A、B等项目现场，某某实地督查…).
        projects = projects or ctx.within(ctx.sentence(start)[0], start, ("PROJECT",))
        args = [ArgProposal("观摩对象", p.start, p.end) for p in projects]
        # 对/就 + what + 进行 + the verb (对修武县各乡镇重点项目进行观摩, 就运河工程进展情况进行专题调研).
        if not args and (m := _VISIT_OBJECT_BEFORE.search(ctx.text, c_start, start)):
            begin = max([m.start(1)] + [p.end for p in ctx.within(m.start(1), m.end(1), PLACE) if p.start == m.start(1)])
            args = [ArgProposal("观摩对象", begin, m.end(1))] if m.end(1) - begin >= 2 and word_regex(
                "visit_object_heads").search(ctx.text, begin, m.end(1)) else []
        if not args:
            args = [a for a in phrase_after(ctx, end, "观摩对象")
                    if word_regex("visit_object_heads").search(ctx.text, a.start, a.end)]
        # The places visited may stand before the verb, after the visitor (罗招政到黄坦镇、二源镇督查).
        if not ctx.within(end, c_end, PLACE):
            doers = ctx.within(c_start, start, ("PER",))
            args += [ArgProposal("区域", p.start, p.end) for p in ctx.within(c_start, start, PLACE)
                     if doers and p.start > doers[0].start or ctx.text[p.start - 1:p.start] in ("到", "赴")]
        with_group = _regex("与").search(ctx.text, c_start, start)
        group = companion(ctx, with_group.start()) if with_group else None
        return args + ([ArgProposal("观摩主体", *group)] if group else [])


_ACT = rf"(?:早日|早|快|尽快|如期|按时)?[{HAN}]{{1,3}}"
_LATER_ACT = re.compile(rf"(项目){_ACT}(?:、{_ACT})*、(?:早日|早|快|尽快|如期|按时)?$")
_STAGES_AFTER = re.compile("[^，。；,;]{0,14}?环节")


class GroundbreakRule(EventRule):
    name, version, event_type = "event_groundbreak", 26, "开工"
    description = "开工/奠基/竣工/投产: 项目 (named, or the phrase ending in 项目 before), 项目数量, 投资额, 时间, 宣布人"
    roles = (TIME, InClause("项目数量", ("QUANTITY",), keep=counts_things, own=True),
             InClause("投资额", ("MONEY",), else_after=True))
    # Synonyms in a row name one act (尽快动工开工): one event, its trigger the word listed first.
    merge_adjacent = True

    def keep_trigger(self, text: str, start: int, end: int) -> bool:
        # 建成 completes a project only where the clause or its list goes on (建成后, 早建成、, 也已建成，), not
        # where it makes something (建成区, 建成全国一流…).
        if text[start:end] == "建成" and not _regex("(?:后|[，。；、,;]|并|$)").match(text, end):
            return False
        # 复工复产, 开工复业: firms back at work, no project's groundbreaking.
        if text[end:end + 2] in ("复产", "复业"):
            return False
        # 召开工作会 holds 开 + 工作 and 推动工业 holds 动 + 工业: no groundbreaking; stages listed as 环节 are
        # no event (开工、建设、投产等关键环节).
        return text[end:end + 1] not in ("作", "业") and not _STAGES_AFTER.match(text, end)

    def verb_anyway(self, text: str, start: int, end: int) -> bool:
        # 建成投产后 is the completion planned (the gold's d012), and so is 投产后，将成为…: not a time noun.
        return text.startswith("后", end) and (text.startswith("建成", start)
                                               or bool(_regex("后[，,]?(?:将|可|预计|年可)").match(text, end)))

    def pattern_arguments(self, ctx, start, end):
        c_start = ctx.clause_start(start)
        projects = ctx.within(c_start, ctx.clause_end(end), ("PROJECT",))
        args = ([ArgProposal("项目", p.start, p.end) for p in projects] if projects
                else phrase_ending_before(ctx, start, "项目"))
        # A later item of a list of acts has the first item's projects (确保项目早竣工、早投产: the gold's d024).
        if not args and (listed := _LATER_ACT.search(ctx.text, c_start, start)):
            args = phrase_ending_before(ctx, listed.end(1), "项目")
        # The projects listed in the next clause (本次集中开工的22个重大项目，包括：A、B…).
        after = ctx.clause_end(end) + 1
        if (cue := _regex("(?:包括|分别是|分别为|主要有|主要包括)[：:]?").match(ctx.text, after)):
            args += [ArgProposal("项目", p.start, p.end)
                     for p in ctx.within(cue.end(), ctx.clause_end(cue.end()), ("PROJECT",))]
        m = _regex("宣布|下达").search(ctx.text, c_start, start)
        people = ctx.within(c_start, m.start(), ("PER",)) if m else []
        # 在 + a place before the verb is where ground is broken (在黔北物流新城集中开工).
        places = [p for p in ctx.within(c_start, start, PLACE) if ctx.text[p.start - 1:p.start] == "在"]
        return (args + [ArgProposal("宣布人", p.start, p.end) for p in people[-1:]]
                + [ArgProposal("地点", p.start, p.end) for p in places])

    def mentions_again(self, text: str, start: int) -> bool:
        # The official who 宣布(项目)开工 announces the groundbreaking the paragraph already reported.
        return bool(_regex("(?:宣布|下达)(?:项目)?$").search(text, max(0, start - 4), start))


class SigningRule(EventRule):
    name, version, event_type = "event_signing", 19, "签约"
    description = "签约/签署: 签约方 (companies, organs, the places that sign), 项目, 项目数量, 协议金额, 会议名称, 时间"
    roles = (TIME, InClause("签约方", ("COMPANY", "GOV")), InClause("项目数量", ("QUANTITY",), keep=counts_things, own=True),
             InClause("协议金额", ("MONEY",), else_after=True), InClause("会议名称", ("MEETING",), "after"))

    def keep_trigger(self, text: str, start: int, end: int) -> bool:
        # 达成 signs only an agreement (达成多项合作协议), not a consensus or a goal.
        return text[start:end] != "达成" or bool(_regex("[^，。；,;]{0,10}?协议").match(text, end))

    def triggers(self, ctx: Context) -> Iterator[tuple[int, int]]:
        # After 此次/本次, or qualifying what was signed, the occasion's 集中 is no part of the trigger
        # (此次集中签约36个项目, 此次集中签约的十个项目: the gold's 签约).
        for start, end in super().triggers(ctx):
            if ctx.text.startswith("集中签约", start) and (_regex("(?:此次|本次|这次)$").search(
                    ctx.text, max(0, start - 2), start) or ctx.text.startswith("的", end)):
                start += 2
            yield start, end

    def pattern_arguments(self, ctx, start, end):
        args = [ArgProposal("签约方", p.start, p.end) for p in _signing_places(ctx, start)]
        projects = ctx.within(ctx.clause_start(start), ctx.clause_end(end), ("PROJECT",))
        if projects:
            return args + [ArgProposal("项目", p.start, p.end) for p in projects]
        return args + (phrase_ending_before(ctx, start, "项目") or _project_word_after(ctx, end))


def _signing_places(ctx: Context, start: int) -> list[Span]:
    """Return the places that sign: those before the verb in its clause, not a venue after 在/赴 (巨鹿县与北京市昌平区
    签署…; 汕头市新签约…), else the one opening the sentence (亳州市在…推介会上共签约项目73个; the gold's 我省…签下)."""
    text, c_start = ctx.text, ctx.clause_start(start)
    # A place inside what was signed names no signer (54个泉州市招商大使引荐(投资)项目现场签约).
    places = [p for p in ctx.within(c_start, start, ("GPE",)) if text[p.start - 1:p.start] not in ("在", "赴", "到", "于")
              and "项目" not in text[p.end:start]]
    if places:
        return places
    s_start = ctx.sentence(start)[0]
    first = ctx.first_within(s_start, start, ENTITY_LABELS)
    if first and first[0].label == "DATE":
        first = ctx.first_within(first[0].end, start, ENTITY_LABELS)
    return first if first and first[0].label == "GPE" and _regex(r"[^，。；,;]{0,8}?[，,]?").fullmatch(
        text, s_start, first[0].start) and text[first[0].start - 1:first[0].start] not in ("在", "赴", "到", "于") else []


def _project_word_after(ctx: Context, end: int) -> list[ArgProposal]:
    m = _regex("项目").match(ctx.text, end)
    return _arg("项目", m)


class InvestRule(EventRule):
    name, version, event_type = "event_invest", 21, "投资"
    description = "对接/落地/引进/投资兴业: 投资方, 投资地 (在…), 项目, 金额, 企业数量, 时间"
    roles = (TIME, InClause("投资方", ("COMPANY",), "before"), InClause("金额", ("MONEY",), "after"),
             InClause("企业数量", ("QUANTITY",), "after", keep=counts_firms))
    objects_after = ("项目", "企业")

    def keep_trigger(self, text: str, start: int, end: int) -> bool:
        word = text[start:end]
        # 落户/落地 after 引进 in the clause is where the same investment lands (引进…项目落户唐山).
        if word in ("落户", "落地") and _regex(r"引进[^，。；,;]*$").search(text, max(0, start - 30), start):
            return False
        # 引资 invests an amount (协议引资313.59亿元), not the campaign of 招商引资.
        if word == "引资" and (text[max(0, start - 2):start] == "招商"
                               or not _regex(r"(?:额|金额)?(?:达|约|近|超)?[\d一二三四五六七八九十]").match(text, end)):
            return False
        # 投入 invests funds of an amount (投入援疆资金1.75亿元), not effort or use (投入使用).
        if word == "投入" and not _regex(r"[^，。；,;]{0,6}?资金[^，。；,;]{0,3}?(?:约|近|超|达)?[\d一二三四五六七八九十]").match(text, end):
            return False
        # 利用 invests only funds from outside (实际利用外资, 利用省外资金).
        if word == "利用" and not _regex(r"[^，。；,;]{0,8}?(?:外资|资金|内资)").match(text, end):
            return False
        # 对接 is investment only with firms, investors or projects (对接企业5918家), not policies or partners.
        if word == "对接" and not _regex(r"了?[^，。；,;]{0,4}?(?:企业|客商|项目|投资|资金)").match(text, end) \
                and not _regex("(?:考察|招商)$").search(text, max(0, start - 2), start):
            return False
        # 投资 alone is mostly a noun (总投资, 投资额): a verb only with a place as its object (投资潍坊) or a
        # firm as its subject and an amount after it (…有限公司总投资50亿元建设).
        # … or a firm earlier in its clause and an amount or a building after it (公司将在图木舒克市投资30亿元,
        # 由南通三江置业集团投资建设); not a firm that names a project listed before (A公司B项目和总投资30亿元的C).
        # … or a firm right before it and the project it invests in after 的 (由…有限公司投资的年产6万吨…项目).
        # An amount closed by 的 qualifies what follows (与某公司签订总投资20亿元的…项目): a noun, as everywhere in
        # the gold.
        return word != "投资" or bool(gpe_regex().match(text, end)) or bool(
            _regex("(?:公司|集团)(?:(?!项目)[^，。；,;、和与]){0,12}?总?$").search(text, max(0, start - 16), start)
            and _regex(r"[\d一二三四五六七八九十]|建设|兴建").match(text, end)
            and not _regex(r"[\d.一二三四五六七八九十百千]+[多余]?[万亿]*(?:美元|元)?的").match(text, end)) or bool(
            _regex("(?:公司|集团)$").search(text, max(0, start - 2), start)
            and _regex("的[^，。；,;、]{1,30}?(?:项目|工程|基地)").match(text, end))

    def arguments(self, ctx: Context, start: int, end: int) -> list[ArgProposal]:
        args = super().arguments(ctx, start, end)
        # A firm's 投资的 + project: the firm right before is the investor, not the other items' firms.
        firm = ctx.last_within(ctx.clause_start(start), start, ("COMPANY",))
        if ctx.text.startswith("的", end) and firm and firm[0].end == start:
            args = [a for a in args if a.role != "投资方" or a.start == firm[0].start]
        return args

    def pattern_arguments(self, ctx, start, end):
        c_start, c_end = ctx.clause_start(start), ctx.clause_end(end)
        # Where the investment goes: 在 + place, the place opening the clause (经开区…引进项目), or the
        # place right after the verb (落户攀西经济区, 投资潍坊).
        args = [ArgProposal("投资地", p.start, p.end) for p in ctx.within(c_start, start, PLACE)
                if ctx.text[p.start - 1:p.start] == "在" or p.start == c_start]
        args += [ArgProposal("投资地", p.start, p.end) for p in ctx.first_within(end, c_end, PLACE) if p.start == end]
        # A whole jurisdiction opening the clause is where it goes too (全市新落地…项目80个).
        if not args:
            args += _arg("投资地", _regex(r"全[市县区省旗州]").match(ctx.text, c_start, start))
        projects = ctx.within(c_start, c_end, ("PROJECT",))
        # A firm's 投资的 + project: the project that follows is its own (A公司投资的B项目、C公司投资的D项目).
        if ctx.text.startswith("的", end):
            projects = [p for p in projects if p.start > end][:1] or projects
        if projects:
            return args + [ArgProposal("项目", p.start, p.end) for p in projects]
        # A 、-list of kinds of projects is one phrase (一批大项目、好项目).
        after = _regex(rf"了?[^，。；,;]*?([{HAN}、]*?项目(?:、[{HAN}]{{1,6}}?项目)*)").match(ctx.text, end, c_end)
        if after:
            first = ctx.text.index("项目", after.start(1)) + 2
            cut = max(after.start(1), _last_cut(ctx.text, after.start(1), first))
            if (d := word_regex("arg_left_out").match(ctx.text, cut, after.end(1))):
                cut = d.end()
            if after.end(1) - cut >= 2:
                return args + [ArgProposal("项目", cut, after.end(1))]
        return args + phrase_ending_before(ctx, start, "项目") + _project_word_after(ctx, end)


_PACE = frozenset(("加快", "放缓", "快于", "慢于", "高于", "低于", "高出", "低出"))
_PACE_POINTS = re.compile(r"([^，。；,;\n\d（(]{0,8}?)(?:[（(][^）)]{0,10}[）)])?((?:[\d.]+、)*[\d.]+个百分点)")
_ADVERBS = frozenset(("分别", "均", "都", "也", "还", "略", "分别为"))


class IndicatorRule(EventRule):
    name, version, event_type = "event_indicator", 30, "经济指标"
    description = "增长/下降/达到/完成 with a value: 数值 after, 指标 (the phrase before), 比较基准 (同比), 地区, 时间"
    roles = (TIME, Nearest("数值", ("PERCENT", "MONEY", "QUANTITY"), "after"))

    def keep_trigger(self, text: str, start: int, end: int) -> bool:
        # 持平 states no change against what its clause names (与上年持平).
        # …not a rank that stayed where it was (与去年同期位次持平).
        if text[start:end] == "持平":
            return _regex("[与和同较比][^，。；,;]{1,12}$").search(text, max(0, start - 13), start) is not None \
                and text[start - 2:start] not in ("位次", "排名", "名次")
        # 增 and 高/低 state a change only right before its figure (同比增1.4%, 分别高0.7、1.4个百分点).
        if text[start:end] == "增":
            return _regex(r"\d").match(text, end) is not None
        if text[start:end] in ("高", "低"):
            return _regex(r"[\d.]+(?:、[\d.]+)*个百分点").match(text, end) is not None
        # A pace (加快/放缓) or a comparison (快于/高于 …) states a change only with its points (加快8.9个百分点,
        # 快于全国1.3个百分点), not as a verb of work (加快推进).
        if text[start:end] in _PACE:
            # …with another place or period, not with a target (高于年度预期目标13个百分点).
            return _PACE_POINTS.match(text, end) is not None and not _regex("(?:年度)?(?:预期)?目标").match(text, end)
        # 过 passes a value only after an indicator (地区生产总值过100亿元, 财政总收入过10亿元).
        if text[start:end] == "过":
            return text[start - 1:start] in ("值", "入", "额", "量") and _regex(r"\d").match(text, end) is not None
        # 达 opening another verb (达成协议, 达产达效, 达标) reaches no value, nor does it closing one (传达, 发达).
        if text[start:end] == "达" and (text[end:end + 1] in ("成", "产", "效", "标")
                                        or text[start - 1:start] in ("传", "发", "表", "下", "送", "通", "抵", "到", "直")):
            return False
        # 实现/完成 + another act (实现开工23项, 完成签约) is that act's count, no indicator.
        if word_regex("indicator_reach").fullmatch(text, start, end) and _regex(
                "(?:集中)?(?:开工|竣工|开竣工|投产|签约|开复工)").match(text, end):
            return False
        # 完成投资同比增长23%: the value is the growth's, not what was completed.
        if word_regex("indicator_reach").fullmatch(text, start, end) and \
                _regex(r"[^，。；,;\d]{0,10}?(?:增长|下降|提高|增加(?!值)|减少)").match(text, end):
            return False
        # A place in a ranking is no indicator (由第12位上升到第6位, 较1-5月上升1位, 上升3个位次).
        if _regex(r"[到至]?第?[\d一二三四五六七八九十]+个?[位名]").match(text, end):
            return False
        # Before 的 the trigger qualifies a noun (经济增长的贡献率达到33.5%, 必须完成的36项重点工程).
        if text[end:end + 1] == "的" and not _regex("的(?:态势|势头|趋势)").match(text, end):
            return False
        digits = bool(_regex(r"[^，。；,;\n]{0,14}?\d").match(text, end))  # a figure in the clause
        # A numbered heading (一、工业生产平稳增长) announces the figures below it.
        if not digits and _regex(r"(?:^|\n)[一二三四五六七八九十]+、[^，。；,;\n]*$").search(text, max(0, start - 20), start):
            return False
        # A headline trend whose figures follow (规上工业平稳增长，1至8月，全县…4.2%; 工业经济快速增长，增加值
        # 127.12亿元) is the next clause's event.
        if not digits and (_regex(r"[，。；,;]\s*(?:\d|[一二三四上下前全今截])[^，。；,;]{0,8}(?:月|季度|年|以来)"
                                  r"[^。\n]{0,30}?\d+(?:\.\d+)?(?:%|亿|万)").match(text, end)
                           or _regex(r"[，,][^，。；,;\n]{0,14}?\d+(?:\.\d+)?(?:%|亿|万)").match(text, end)):
            return False
        # An indicator event states a value (a number follows in the same clause) or, ending its clause, a
        # trend (经济运行保持平稳增长。; not the goal in 推动经济稳定增长和…, 保持经济稳定增长的意义).
        # …or, ending its clause, a trend with its manner before or after it (居民消费价格温和上涨；, 对外贸易增长较快；).
        trend = word_regex("indicator_trend_verbs").fullmatch(text, start, end)
        return bool(_regex(r"[^，。；,;\n]{0,14}?(?:\d|[一二三四五六七八九十百千]+[亿万])").match(text, end)
                    or trend and _regex(f"(?<!的)(?:{alt('indicator_trend_adverbs')})$").search(text, max(0, start - 4), start)
                    and _regex(r"(?:的?(?:态势|势头|趋势))?(?:[，。；,;！!\n]|$)").match(text, end)
                    or trend and _regex(r"(?:较快|较好|明显)(?:[，。；,;！!\n]|$)").match(text, end))

    def arguments(self, ctx: Context, start: int, end: int) -> list[ArgProposal]:
        args = super().arguments(ctx, start, end)
        # An adverb alone (分别, 均) is no indicator.
        args = [a for a in args if not (a.role == "指标" and ctx.text[a.start:a.end] in _ADVERBS)]
        # 与上年持平: what it is level with is its baseline, and the indicator is the clause's before.
        if ctx.text[start:end] == "持平" and (m := _regex("[与和同较比]([^，。；,;]{1,12})$").search(
                ctx.text, max(0, start - 13), start)):
            args = [a for a in args if not (a.role == "时间" and m.start(1) <= a.start < m.end(1))]
            args += [ArgProposal("比较基准", m.start(1), m.end(1))]
            args += _indicator_before(ctx, ctx.clause_start(start), any(a.role == "地区" for a in args))
        if ctx.text[start:end] not in _PACE or not (m := _PACE_POINTS.match(ctx.text, end)):
            return args
        # A pace or a comparison (快于全国（6.5%）1.3个百分点): its value is the points, what it is compared with
        # stands before them.
        args = [a for a in args if a.role != "数值"]
        args += [ArgProposal("数值", e.start, e.end) for e in ctx.within(m.start(2), m.end(2), ("PERCENT",))]
        if len(m.group(1)) >= 2:
            args.append(ArgProposal("比较基准", m.start(1), m.end(1)))
        return args

    def pattern_arguments(self, ctx, start, end):
        c_start = ctx.clause_start(start)
        text = ctx.text
        # 增速比全省和全国分别高0.7、1.4个百分点: what is compared stands before 比, what it is compared with after.
        if text[start:end] in ("高", "低"):
            m = _regex(r"(?:其中)?([^，。；,;]{2,10}?)比([^，。；,;]{2,40}?)(?:分别|均|都)?$").search(text, c_start, start)
            return _arg("指标", m, 1) + _arg("比较基准", m, 2) if m else []
        trend = _regex(f"(?:{alt('indicator_trend_adverbs')})+$").search(text, max(c_start, start - 6), start)
        stop = trend.start() if trend else start
        base = _regex(f"(?:{alt('indicator_baselines')})$").search(text, max(c_start, stop - 6), stop)
        stop = base.start() if base else stop
        # …and how it is counted (采矿业累计增长3.4%: the indicator is 采矿业).
        if (counted := _regex("累计$").search(text, max(c_start, stop - 2), stop)):
            stop = counted.start()
        args = _arg("比较基准", base)
        # In a list of indicators (A增长x%、B增长y%) each item starts after the last value or 、.
        begin = max([c_start, text.rfind("、", c_start, stop) + 1, _unclosed_paren(text, c_start, stop)]
                    + [e.end for e in ctx.within(c_start, stop, ENTITY_LABELS)])
        region = _regex(r"全[市区省县旗国]").search(text, begin, stop) or _regex(r"全[市区省县旗国]").search(text, c_start, stop)
        if region and region.start() >= begin:
            begin = region.end()
        args += _arg("地区", region)
        if not region:
            # Every place of the clause (来自广东、北京、重庆的项目投资额占比达57.8%), else the sentence's last.
            places = ctx.within(c_start, start, PLACE) or ctx.last_within(ctx.sentence(start)[0], start, ("GPE",))
            args += [ArgProposal("地区", p.start, p.end) for p in places]
            if not places:
                args += _indicator_region(ctx, start)
        # So is its time, when its sentence has none (2020年全年，万寿镇实现…；实现…；完成…).
        if not ctx.within(ctx.sentence(start)[0], start, ("DATE",)):
            args += [ArgProposal("时间", d.start, d.end) for d in _joined_opening(ctx, start, ("DATE",))]
        begin = max(begin, text.rfind("的", begin, stop) + 1)
        # How it was computed is no part of it (地区生产总值按可比价格计算 → 地区生产总值).
        if (how := _regex(r"按[^，。；,;]{1,8}计算$").search(text, begin, stop)):
            stop = how.start()
        after = _regex(rf"([{HAN}A-Za-z]{{2,12}}?)(?:的|约|近|超|逾|达)?(?=\d)").match(text, end)
        if text[start:end] in _PACE:
            after = None
        # After a verb of reaching the indicator follows it (实现年产值70亿元); after 增长 it stands before.
        if after and (word_regex("indicator_reach").fullmatch(text, start, end) or stop - begin < 2):
            args.append(ArgProposal("指标", after.start(1), after.end(1)))
        elif stop - begin >= 2:
            # Not the time before it (投产后年销售额) nor the hedges around it (预计…可/约, 总体保持).
            m = _regex(rf"(?:.*后)?(?:其中)?(?:{_HEDGES})*(.{{2,}}?)(?:{_HEDGES})*[可约将高]?$").fullmatch(text, begin, stop)
            if not m:
                args.append(ArgProposal("指标", begin, stop))
            elif _indicator_phrase(text[m.start(1):m.end(1)]):
                args.append(ArgProposal("指标", m.start(1), m.end(1)))
        elif word_regex("indicator_trend_verbs").fullmatch(text, start, end) or text[start:end] in _PACE:
            # 全县财政总收入11.42亿元，同比下降7.8%: the growth is the indicator's whose value ends the clause before.
            # …and so after 、 (一般公共预算收入完成41.0亿元、增长32.6%).
            at = begin if text[begin - 1:begin] == "、" and begin > c_start else c_start
            args += _indicator_before(ctx, at, any(a.role == "地区" for a in args))
        return args


def _joined_sentences(ctx: Context, start: int) -> Iterator[tuple[int, int]]:
    """Yield the trigger's sentence up to the trigger, then the sentences before it that 分号 joins to it in its
    paragraph, the nearest first."""
    s_start, p_start = ctx.sentence(start)[0], ctx.paragraph(start)[0]
    yield s_start, start
    while s_start > p_start and ctx.text[s_start - 1] in "；;":
        s_start = ctx.sentence(s_start - 1)[0]
        yield s_start, ctx.sentence(s_start)[1]


def _indicator_region(ctx: Context, start: int) -> list[ArgProposal]:
    """Return the region an indicator without one in its clause shares: the sentence's own (全县规模工业增加值
    增长4.5%，比1-10月提高0.5个百分点), else that of the sentences before it that 分号 joins in its paragraph
    (万寿镇实现…；实现…；完成…)."""
    text = ctx.text
    for s_start, stop in _joined_sentences(ctx, start):
        if (m := _REGION.search(text, s_start, stop)):
            return _arg("地区", m)
        # The subject opens the sentence, after its time at most (2020年，万寿镇实现…).
        opening = ctx.clause_end(s_start)
        if _regex(r"[^，。；,;]*?(?:年|月|季度|以来|日)$").fullmatch(text, s_start, opening):
            opening = ctx.clause_end(opening + 1)
        if (places := ctx.first_within(s_start, opening, ("GPE",))):
            return [ArgProposal("地区", places[0].start, places[0].end)]
    return []


_REGION = re.compile(f"全[市区省县旗国]|{alt('self_reference')}")


def _joined_opening(ctx: Context, start: int, labels: tuple[str, ...]) -> list[Span]:
    """Return the first entity of `labels` in the sentences before the trigger's that 分号 joins to it in its
    paragraph, the nearest sentence first."""
    for s_start, s_end in islice(_joined_sentences(ctx, start), 1, None):
        if (found := ctx.first_within(s_start, s_end, labels)):
            return found
    return []


def _indicator_before(ctx: Context, c_start: int, has_region: bool) -> list[ArgProposal]:
    """Return the indicator (and its region) of the clause before `c_start` when a value ends it."""
    text = ctx.text
    if c_start < 2 or text[c_start - 1] not in "，,、":
        return []
    p_start = ctx.clause_start(c_start - 1)
    if text[c_start - 1] == "、":
        p_start = max(p_start, text.rfind("、", p_start, c_start - 1) + 1)
    values = ctx.within(p_start, c_start - 1, ("MONEY", "QUANTITY", "PERCENT"))
    if not values or values[-1].end != c_start - 1:
        return []
    value = values[-1]
    begin = max([p_start] + [e.end for e in ctx.within(p_start, value.start, ENTITY_LABELS)])
    args = []
    if (region := _regex(r"全[市区省县旗]").match(text, begin, value.start)):
        args += [] if has_region else [ArgProposal("地区", region.start(), region.end())]
        begin = region.end()
    stop = value.start
    # A period in brackets after the indicator (外贸出口总额（1—5月）达8.98亿美元) is no part of it.
    if text[begin:begin + 1] in "）)" and (opened := max(text.rfind("（", p_start, begin), text.rfind("(", p_start, begin))) > p_start:
        begin, stop = max([p_start] + [e.end for e in ctx.within(p_start, opened, ENTITY_LABELS)]), opened
    m = _regex(r"(?:共|累计|其中)?(?:实现|完成)?([^，。；,;、]{2,16}?)(?:累计)?(?:为|达|约|完成|实现|达到)?$").fullmatch(
        text, begin, stop)
    return args + ([ArgProposal("指标", m.start(1), m.end(1))] if m and _indicator_phrase(m.group(1)) else [])


# Words around an indicator that are no part of it (继续保持平稳…, 一地GDP已突破, 先后突破, 首次突破).
_HEDGES = "预计|总体|保持|继续|持续|分别|依然|仍然|依旧|仍|已经|已|相继|先后|首次|再次|均|都|也"


def _indicator_phrase(phrase: str) -> bool:
    """Return whether a phrase can name an indicator: not only hedges, not a verb of change or reaching
    (增加了65家, 突破1700亿达到1724亿元)."""
    return not (_HEDGE_RUN.fullmatch(phrase) or _change_verb().fullmatch(phrase))


_HEDGE_RUN = re.compile(f"(?:{_HEDGES})+")


@cache
def _change_verb() -> re.Pattern[str]:
    return re.compile(f"(?:{alt('indicator_trend_verbs')}|{alt('indicator_reach')})了?")


def _unclosed_paren(text: str, begin: int, stop: int) -> int:
    """Return the position after the last bracket opened and not closed in `[begin, stop)` (…（全省增长9.5%）), or 0."""
    opened = max(text.rfind("（", begin, stop), text.rfind("(", begin, stop))
    if opened < 0 or max(text.find("）", opened, stop), text.find(")", opened, stop)) >= 0:
        return 0
    return opened + 1


_RANK_RISE = frozenset(("提升", "上升", "前移", "跃升", "前进", "进位"))
_RISE_AFTER = re.compile(f"比[^，。；,;]{{1,8}}?(?:{'|'.join(sorted(_RANK_RISE))})")


class RankingRule(EventRule):
    name, version, event_type = "event_ranking", 31, "排名评比"
    description = ("打分/测评/排名/位列/居/上榜 (全省第N位): 名次 (第一 …), 范围 (全区 …), 评比对象 (the places ranked), "
                   "指标 (增速居…), 评比主体, 时间")
    roles = (TIME, Doers("评比主体"))
    # Every placed ranking of a paragraph is an event (总量居全市第二位…增速列全市第6位), and so is each group
    # of places ranked (A、B分别上榜1个项目，C上榜2个项目); others (位居…之后 after 排名全市第四) only as its first.
    identity_roles = ("名次", "评比对象")
    one_unidentified = True
    merge_adjacent = True
    # A range or a place after it makes even 综合排名 a verb (综合排名全市第四).
    objects_after = ("全市", "全省", "全区", "全县", "全国", "第", "前")

    def keep_trigger(self, text: str, start: int, end: int) -> bool:
        word = text[start:end]
        # 居/列/排/获 rank only before a range and a place (居全省第4位, 排全区第二位, 分获II类镇第一、二名,
        # 荣获…三等奖); elsewhere they are part of a word (居民, 列入, 排查, 获批).
        if word in ("居", "列", "排", "稳居", "居于", "分列", "排列", "并列"):
            # …also a named place's range (居廊坊第3位).
            return bool(_rank_after().match(text, end) or (
                (place := gpe_regex().match(text, end)) and _PLACED_RANK.match(text, place.end())))
        if word in _WIN:
            # 获得一、二、三等奖的单位: who won, not a winning. An honour of an appraisal is won too (荣获…先进集体称号,
            # 蝉联国家卫生区荣誉称号, 获评…示范县).
            won = _rank_after().match(text, end) or _place_won().match(text, end) or (
                _honour_won().match(text, end) if word in _HONOUR_WIN else None)
            return won is not None and text[won.end():won.end() + 1] != "的"
        # Who made a list is ranked by it (A、B分别上榜2个项目); a list's name is no event (上榜企业).
        if word == "上榜":
            return bool(_regex("(?:分别|均|共|先后)$").search(text, max(0, start - 2), start)
                        or _regex(r"[\d一二三四五六七八九十两]+个").match(text, end))
        # The rank whose rise is reported (排名比1-2月前进一位) is the subject of the rise, no act of its own.
        if word == "排名" and _RISE_AFTER.match(text, end):
            return False
        # A ranking coordinated with another noun (百强县排名和文明城市创建) is no act.
        if word == "排名" and text[end:end + 1] in ("和", "、") and not _rank_after().match(text, end + 1):
            return False
        # A ranked list (从第一名到第七名依次为：…, 排名前三的依次是…).
        if word in ("依次为", "依次是"):
            return bool(_regex(r"(?:第[一二三四五六七八九十\d]+[名位]|排名|排序|名次|[从由](?:高到低|低到高))"
                               r"[^，。；,;\n]{0,6}$").search(text, max(0, start - 16), start))
        # Leading a range (增速领跑全国) or a named place (增速连续三年领跑甘肃) or scoring highest (太原市得分最高)
        # ranks too.
        if word == "领跑":
            return _regex("全[国省市区县]").match(text, end) is not None or gpe_regex().match(text, end) is not None
        if word == "得分":
            return _regex("(?:最高|最低|第一)").match(text, end) is not None
        # A rise in the rank (位次提升4位, 前移2位) is a ranking; a rise in a value is an indicator.
        if word in _RANK_RISE:
            return _regex(r"[\d一二三四五六七八九十两]+个?位").match(text, end) is not None
        # 跻身/进入/夺取 reach a place or a ranked list (跻身全国县域经济百强县第97位, 首次跻身五十强, 进入工业百强榜单,
        # 夺取全国第7位), not a stage (进入攻坚阶段).
        if word in ("跻身", "进入", "夺取"):
            return _regex(rf"[^，。；,;\n]{{0,12}}?(?:(?:第|前){_ORDINAL}[位名]?|[\d一二三四五六七八九十百千]+强|榜单|前列|方阵)").match(
                text, end) is not None
        # 跃居/重返 reach a place (跃居宁夏首位, 跃居全省第二, 重返全省第一方阵).
        if word in ("跃居", "重返"):
            return _regex(rf"[^，。；,;\n]{{0,8}}?(?:(?:第|前){_ORDINAL}[位名]?|首位|前列|第一方阵)").match(text, end) is not None
        return True

    def verb_anyway(self, text: str, start: int, end: int) -> bool:
        # A place won after it is the result of a ranking, even after a list of names (丁伙、吴桥分获…第一、二名).
        return text[start:end] in _WIN and _place_won().match(text, end) is not None

    def pattern_arguments(self, ctx, start, end):
        text = ctx.text
        m = _rank_after().match(text, end)
        args = _arg("范围", m, 1) + _arg("名次", m, 2)
        if not m and text[start:end] in _WIN:
            args += _arg("名次", _place_won().match(text, end), 1)
        c_start = ctx.clause_start(start)
        # The places ranked: a list after the trigger (依次为：A、B、C; 排名靠前的是A、B和C), else those before it.
        listed = _regex(r"(?:[：:]|[^，。；,;\n]{0,4}的是)").match(text, end)
        if listed:
            stop = _regex("[。；;\n]").search(text, listed.end())
            ranked = ctx.within(listed.end(), stop.start() if stop else len(text), ("GPE",))
        else:
            ranked = ctx.within(c_start, start, ("GPE",))
        args += [ArgProposal("评比对象", p.start, p.end) for p in ranked]
        # What is ranked by is the phrase before the trigger (增速居全省第三, 数量排全区第二位).
        if m:
            begin = max([c_start] + [e.end for e in ctx.within(c_start, start, ENTITY_LABELS)])
            what = _regex(r"(?:其中)?([^，。；,;\n、]{2,8}?)(?:分别|均|稳|已|仍|继续|连续|再次|首次)*$").fullmatch(
                text, begin, start)
            # Not a range (在全区12个乡镇中稳居第一) nor a bare 综合.
            if what and what.group(1) != "综合" and not what.group(1).endswith("中") \
                    and not ctx.covering(what.start(1), what.end(1)):
                args += _arg("指标", what, 1)
        return args


# Words of winning a place (荣获…三等奖, 分获…第一、二名).
_WIN = ("荣获", "获得", "获", "分获", "获评", "蝉联")
_HONOUR_WIN = ("荣获", "获评", "蝉联", "获得")


def _honour_won() -> re.Pattern[str]:
    return _regex(r"[^，。；,;\n]{0,30}?(?:称号|荣誉|表彰|表扬|先进(?:集体|个人|单位)|示范(?:县|区|市|镇|基地|单位)"
                  r"|[\d一二三四五六七八九十百]+强(?:县|市|区|镇)?)")
_ORDINAL = r"[一二三四五六七八九十\d]+(?:、[一二三四五六七八九十\d]+)*"
_PLACED_RANK = re.compile(rf"(?:第|前){_ORDINAL}(?:位|名)|首位|前列")


def _place_won() -> re.Pattern[str]:
    return _regex(rf"[^，。；,;\n]{{0,30}}?(第{_ORDINAL}[名位]|[一二三特]等奖)")


def _rank_after() -> re.Pattern[str]:
    # …or places given without 第 after 分列 (池州、芜湖分列二三位), or a leading group (稳居全省前列, 进入第一方阵).
    # …or a named place's range (稳居河南省第一方阵).
    # …or a region's count of places (居东北四市第二位, 位居中部六省前列).
    return _regex(rf"(全[区省国市县疆州旗盟][^，。；,;]{{0,10}}?|(?:[{HAN}]{{2}})?[一二三四五六七八九十两\d]+[个]?[县市区省州旗盟][^，。；,;第前]{{0,6}}?"
                  rf"|[{HAN}]{{1,4}}?省)?"
                  rf"(第一方阵|前列|前茅|(?:第|前){_ORDINAL}(?:位|名)?|首位|之首|榜首|[一二三四五六七八九十]{{2,3}}[位名])")
