"""Event rules: triggers from word lists, realis from cue words, arguments by patterns in the sentence.

Two layers over a document's resolved entities (`Context`): each rule's triggers, then, given every
rule's triggers (`Context.with_triggers`), its `EventProposal`s, whose arguments are spans.
One piece although long: `EventRule` and the sentence helpers it calls (agents, nominal groups,
realis) read the same context and are read together when a rule changes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property

from curate.records import Document, check_span
from curate.rules.base import HAN, Layers, Rule, Span, alt, terms, word_regex
from curate.rules.context import CLAUSE_MARKS, Context
from curate.rules.roles import PROJECTS, Doers, RolePattern
from curate.schema import ENTITY_LABELS, EVENT_ROLES, EVENT_TYPES


@dataclass(frozen=True)
class ArgProposal:
    """A role filled by `[start, end)`: an entity's span, or an ARG span to add."""

    role: str
    start: int
    end: int


@dataclass(frozen=True)
class EventProposal:
    """An event a rule proposes: type, trigger span, realis, arguments and `name@version`."""

    type: str
    start: int
    end: int
    realis: str
    arguments: tuple[ArgProposal, ...]
    source: str


class EventRule(Rule):
    """Find one event type: triggers from `data/triggers/<type>.txt`, arguments by `roles`.

    A type says what differs in data (`roles`, the flags below) and, where a pattern needs code, in four
    hooks: `keep_trigger`, `mentions_again`, `people_arguments` (who the doers are) and
    `pattern_arguments` (roles filled by text, not entities).
    """

    event_type = ""
    # After the entity layers and overlap resolution: triggers, then events (annotate.py).
    layer = "events"
    # One pattern per role filled by entities, in the order the arguments are listed (roles.py).
    roles: tuple[RolePattern, ...] = ()
    # Roles that identify an event for the one-event-per-paragraph check; () = no check,
    # None = one event of this type per paragraph.
    identity_roles: tuple[str, ...] | None = ()
    # Whether every event with an identity role is kept (a statistics paragraph ranks each indicator) and one
    # without is kept only as the paragraph's first event of the type.
    one_unidentified = False
    # Whether organisations fill the doer role when no person or group does (发言, 汇报).
    organisations_act = False
    # Whether adjacent trigger words are synonyms of one act (测评打分) rather than two events (竣工投产).
    merge_adjacent = False
    # Words after a trigger that are its object, not a sign of a noun (引进项目 vs 签约项目).
    objects_after: tuple[str, ...] = ()
    # Whether the trigger words also name meetings (观摩推进会, 签约大会): before a meeting suffix, no event.
    names_meetings = True

    @property
    def labels(self) -> tuple[str, ...]:  # type: ignore[override]
        return (self.event_type,)

    @cached_property
    def trigger_regex(self) -> re.Pattern[str]:
        return re.compile(alt(f"triggers/{self.event_type}"))

    def find_spans(self, doc: Document, layers: Layers) -> Iterator[Span]:
        """Yield the trigger spans (label = event type) found without entity context."""
        for start, end in self.triggers(Context(doc, ())):
            yield self.span(doc.text, self.event_type, start, end)

    def triggers(self, ctx: Context) -> Iterator[tuple[int, int]]:
        """Yield trigger spans that are verbs here: not inside an entity, not used as nouns."""
        text = ctx.text
        for start, end, (w_start, w_end) in self._candidates(text):
            # A name right before the word is its subject (张三、王坚参加, 池州、芜湖分列): a verb even after 、.
            named = any(p.end == start for p in ctx.last_within(max(0, start - 4), start, ("PER", "GPE")))
            # After a count the word qualifies what is counted (44个观摩项目点位, 15只集中竣工项目), whatever follows.
            if ctx.covering(start, end) or _COUNT_BEFORE.search(text, max(0, start - 4), start) or (
                    nominal(text, start, end, named) and not text.startswith(self.objects_after, end)
                    and not self.verb_anyway(text, start, end) and not self.meeting_object(ctx, end)):
                continue
            # Before a meeting suffix (观摩推进会) or inside one (招商推介会, 签约会) the word names a meeting.
            if self.names_meetings and (word_regex("meeting_suffixes").match(text, end) or (
                    (m := word_regex("meeting_suffixes").match(text, start)) and m.end() > end)):
                continue
            # What a speaker congratulates or thanks is no event of its own (向项目竣工投产表示祝贺).
            if self.event_type != "讲话" and _ADDRESSED_BEFORE.search(text, max(0, start - 20), start) \
                    and _ADDRESSED_AFTER.match(text, end):
                continue
            if self.keep_trigger(text, w_start, w_end):
                yield w_start, w_end

    def _candidates(self, text: str) -> Iterator[tuple[int, int, tuple[int, int]]]:
        """Yield (start, end) of each trigger word, or of a run of adjacent synonyms, and the word that is
        the trigger."""
        matches = [(m.start(), m.end()) for m in self.trigger_regex.finditer(text)]
        if not self.merge_adjacent:
            yield from ((s, e, (s, e)) for s, e in matches)
            return
        # Synonyms in a row (测评打分, 打分评比) name one act: the word listed first in the trigger file
        # is its trigger, and the context of the whole run decides whether it is a verb.
        rank = {w: i for i, w in enumerate(terms(f"triggers/{self.event_type}"))}
        run: list[tuple[int, int]] = []
        for s, e in [*matches, (-1, -1)]:
            if run and s != run[-1][1]:
                best = min(run, key=lambda w: rank.get(text[w[0]:w[1]], len(rank)))
                yield run[0][0], run[-1][1], best
                run = []
            run.append((s, e))

    def keep_trigger(self, text: str, start: int, end: int) -> bool:
        """Return whether a trigger candidate stays (type-specific context checks)."""
        return True

    def meeting_object(self, ctx: Context, end: int) -> bool:
        """Return whether a meeting's name follows the trigger as its object (召开项目落地联席会议): a verb then,
        for the types that take meetings (`names_meetings` off)."""
        if self.names_meetings:
            return False
        meetings = ctx.within(end, ctx.clause_end(end), ("MEETING",))
        return bool(meetings) and meetings[0].start == end

    def verb_anyway(self, text: str, start: int, end: int) -> bool:
        """Return whether the trigger is the act itself though written as a noun (听取…的汇报)."""
        return False

    def mentions_again(self, text: str, start: int) -> bool:
        """Return whether the trigger at `start` refers back to an event of its paragraph reported before it."""
        return False

    def find_events(self, ctx: Context, triggers: Iterable[tuple[int, int]]) -> Iterator[EventProposal]:
        """Yield the events of these triggers of this type; `ctx` knows every rule's triggers."""
        seen: set[tuple[int, tuple]] = set()
        reported: set[int] = set()  # paragraphs with an event of this type
        for start, end in triggers:
            args = self.arguments(ctx, start, end)
            # A repeated mention of the same event in one paragraph is not a second event.
            if self.identity_roles is None:
                key: tuple[int, tuple] = (ctx.paragraph(start)[0], ())
            else:
                key = (ctx.paragraph(start)[0], tuple(sorted((a.role, ctx.text[a.start:a.end]) for a in args
                                                             if a.role in self.identity_roles)))
            paragraph = ctx.paragraph(start)[0]
            if self.one_unidentified:
                if not key[1] and paragraph in reported:
                    continue
            elif key in seen and (self.identity_roles is None or key[1]):
                continue
            if paragraph in reported and self.mentions_again(ctx.text, start):
                continue
            seen.add(key)
            reported.add(paragraph)
            check_span(ctx.text, start, end, ctx.text[start:end], f"rule {self.source} trigger")
            yield EventProposal(self.event_type, start, end, realis(ctx, start, end), tuple(args), self.source)

    def arguments(self, ctx: Context, start: int, end: int) -> list[ArgProposal]:
        """Return the arguments of the trigger at `[start, end)`: the role patterns', then the text patterns'."""
        args: list[ArgProposal] = []
        for pattern in self.roles:
            if isinstance(pattern, Doers):
                args += self.people_arguments(ctx, pattern.role, start, end)
            else:
                args += [ArgProposal(pattern.role, e.start, e.end) for e in pattern.find(ctx, start, end)]
        args += self.pattern_arguments(ctx, start, end)
        return list(dict.fromkeys(args))

    def people_arguments(self, ctx: Context, role: str, start: int, end: int) -> list[ArgProposal]:
        """Return the doers (persons, else a nominal group) and, where the type has it, their 职务."""
        people = agents(ctx, start)
        if people:
            args = [ArgProposal(role, p.start, p.end) for p in people]
            # Groups named after the persons do it too (市政府秘书长张志海，相关县市区负责同志参加).
            args += [ArgProposal(role, *g) for g in nominal_groups(ctx, start)
                     if g[0] > people[-1].end and ctx.text[g[0] - 1] in "、，,和及"]
            # A title is an argument only when it stands in the trigger's sentence (not via 他).
            s_start = people_sentence_start(ctx, start)
            if "职务" in self.roles_of_type:
                titles = [t for p in people for t in titles_before(ctx, p) if t.start >= s_start]
                args += [ArgProposal("职务", t.start, t.end) for t in titles]
            if "所属机构" in self.roles_of_type:
                heads = [t for p in people for t in (titles_before(ctx, p) or [p])[:1] if t.start >= s_start]
                args += [ArgProposal("所属机构", o.start, o.end) for h in heads for o in organ_before(ctx, h)]
            return args
        groups = nominal_groups(ctx, start)
        if groups:
            args = [ArgProposal(role, *g) for g in groups]
            if "所属机构" in self.roles_of_type:
                organs = ctx.within(ctx.clause_start(groups[0][0]), groups[-1][1], ("GOV", "ORG", "COMPANY"))
                args += [ArgProposal("所属机构", o.start, o.end) for o in organs]
            return args
        # Organisations and places can speak or report too (呼和浩特市、包头市…作了重点发言).
        if self.organisations_act:
            actors = ctx.within(ctx.clause_start(start), start, ("GOV", "GPE", "ORG", "COMPANY"))
            return [ArgProposal(role, a.start, a.end) for a in actors]
        return []

    @property
    def roles_of_type(self) -> tuple[str, ...]:
        return EVENT_ROLES[self.event_type]

    def pattern_arguments(self, ctx: Context, start: int, end: int) -> list[ArgProposal]:
        """Return arguments found by text patterns rather than entities (ARG spans)."""
        return []


_PEOPLE_LABELS = ("PER", "TITLE", "GOV", "GPE", "ORG", "COMPANY")
LIST_ITEM_SLACK = 6  # characters of an item of people that no entity covers


def people_sentence_start(ctx: Context, start: int) -> int:
    """Return where the trigger's sentence starts, before the 分号-separated items of people that precede it in its
    paragraph (中共中央政治局委员、重庆市委书记陈某；商务部副部长高某；…等领导嘉宾参加): a list, not sentences."""
    s_start = ctx.sentence(start)[0]
    while s_start > 0 and ctx.text[s_start - 1] in "；;":
        before = ctx.sentence(s_start - 1)[0]
        names = ctx.within(before, s_start - 1, _PEOPLE_LABELS)
        covered = sum(e.end - e.start for e in names)
        # An item names people and their offices (an organ the rules do not know, 水利部, may stay unnamed).
        if not any(e.label == "PER" for e in names) or (s_start - 1 - before) - covered > LIST_ITEM_SLACK \
                or any(c in ctx.text[before:s_start - 1] for c in "，。,") \
                or ctx.previous_trigger(s_start - 1, before) is not None:
            break
        s_start = before
    return s_start


def agents(ctx: Context, trigger_start: int) -> list[Span]:
    """Return the persons doing the trigger: PERs since the previous trigger of the sentence, those of
    the previous trigger when joined by 并 (出席会议并讲话), or the person a leading 他/她 refers to."""
    s_start = people_sentence_start(ctx, trigger_start)
    prev = ctx.previous_trigger(trigger_start, s_start)
    people = [e for e in ctx.within(prev if prev is not None else s_start, trigger_start, ("PER",))]
    if people:
        return people
    # Verbs joined without a clause break share their subject (出席会议并讲话), and so does a clause
    # that opens with its verb (…督查重点项目建设工作，强调要…).
    if prev is not None and (not any(c in ctx.text[prev:trigger_start] for c in CLAUSE_MARKS)
                             or trigger_start - ctx.clause_start(trigger_start) <= 2):
        return agents(ctx, prev)
    head = ctx.text[ctx.clause_start(trigger_start):trigger_start]
    if head[:1] in ("他", "她") or ctx.text[s_start:s_start + 1] in ("他", "她"):
        p_start, _ = ctx.paragraph(trigger_start)
        # The subject of the sentence before, when a person opens it (许继伟代表市委对陈全福一行…表示欢迎。他说),
        # else the last person named before.
        if s_start > p_start:
            before = ctx.sentence(s_start - 1)[0]
            opening = ctx.within(before, ctx.clause_end(before), ("PER",))
            if opening and opening[0].start - before <= 16 and _SUBJECT_VERB.match(ctx.text, opening[0].end):
                return opening[:1]
        return ctx.last_within(p_start, s_start, ("PER",))
    return []


# What follows the person opening a sentence (a title chain at most before them, in its first clause) as the sentence's own act (代表, 对, 在, 向 …), not a list or a possessive.
_SUBJECT_VERB = re.compile("(?:代表|对|在|向|就|与|指出|强调|表示|说|充分|高度|首先|要求)")


def titles_before(ctx: Context, person: Span) -> list[Span]:
    """Return the TITLE chain right before a person in the same sentence (市委副书记、市长张锐)."""
    titles: list[Span] = []
    pos = person.start
    s_start, _ = ctx.sentence(person.start)
    for e in reversed(ctx.within(s_start, person.start, ("TITLE",))):
        if ctx.text[e.end:pos] not in ("", "、"):
            break
        titles.insert(0, e)
        pos = e.start
    return titles


def organ_before(ctx: Context, span: Span) -> list[Span]:
    """Return the organisation written right before a title or person (自治区党委第二巡视组副组长)."""
    before = ctx.within(ctx.clause_start(span.start), span.start, ("GOV", "ORG", "COMPANY"))
    return before[-1:] if before and before[-1].end == span.start else []


@cache
def _heads() -> re.Pattern[str]:
    return re.compile(f"(?:{alt('participant_heads')})$")


# Entities that no group of doers runs over (a person and their title stand for themselves).
_GROUP_STOPS = ("PER", "TITLE", "DATE", "MEETING")


def nominal_groups(ctx: Context, trigger_start: int) -> list[tuple[int, int]]:
    """Return the groups of doers right before the trigger, in text order.

    Each group ends in a participant head (负责同志, 代表 …) and takes in the items before it that have
    none and hold no entity (业主单位及承建企业代表); groups follow one another after 、/，/及/和
    (县直有关部门主要负责人，各乡镇乡镇长参加会议). Determiners stay in (各相关部门主要负责同志).
    """
    text = ctx.text
    s_start, _ = ctx.sentence(trigger_start)
    c_start = ctx.clause_start(trigger_start)
    end = trigger_start
    m = re.search(rf"(?:等|在[{HAN}]{{1,6}}|[来到]我[县市区镇乡]|一起|共同|实地|集中|现场|分别|先后|都|也)+$",
                  text[c_start:end])
    if m:
        end = c_start + m.start()
    groups: list[tuple[int, int]] = []
    while end > s_start:
        floor = max([s_start] + [e.end for e in ctx.within(s_start, end, _GROUP_STOPS)])
        h = _heads().search(text, max(floor, ctx.clause_start(end)), end)
        if not h:
            break
        # An ARG span may not overlap an entity: a group starts after the last one before its head.
        # … and after a list's 等 (A、B以及C等有关单位负责人 → 有关单位负责人).
        block = max([floor, ctx.clause_start(h.start()), text.rfind("的", floor, h.start()) + 1,
                     text.rfind("等", floor, h.start()) + 1]
                    + [e.end for e in ctx.within(floor, h.start(), ENTITY_LABELS)])
        start = h.start()
        while start > block:
            if text[start - 1] in "、和及" and _heads().search(text, block, start - 1):
                break
            start -= 1
        start += 2 if text.startswith("以及", start) else text[start:start + 1] in ("、", "和", "及")
        if end - start < 2:
            break
        groups.insert(0, (start, end))
        if start - 1 <= floor or text[start - 1] not in "、，,和及":
            break
        end = start - 1
    return groups


@cache
def _nominal_regexes() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    # …also with the place of the act between (通过现场参观, 开展实地视察).
    return (re.compile(alt("trigger_nominal_after")), re.compile(f"(?:{alt('trigger_nominal_before')})(?:现场|实地)?$"),
            re.compile(f"(?:{alt('trigger_verbal_before')})$"))


# 向/对 + what is addressed + 表示/致以 (祝贺, 感谢, 欢迎): the trigger words inside name what is welcomed.
_ADDRESSED_BEFORE = re.compile("[向对][^，。；,;：:\\n]*$")
_ADDRESSED_AFTER = re.compile("[^，。；,;：:\\n]{0,12}?(?:表示|致以)")
_COUNTED_OBJECT = re.compile(PROJECTS + r"(?:共计|共)?[\d一二三四五六七八九十两]")
_COUNT_BEFORE = re.compile("(?<!第)(?<![\\d一二三四五六七八九十两])[\\d一二三四五六七八九十两]+[个项只批家]$")  # 第一批 is an ordinal
# …and so do the later items of its list (其中，集中动工项目5个；集中签约项目13个).
_BREAKDOWN = re.compile("其中[，,：:]?(?:[^，,。；;]{0,12}?[\\d一二三四五六七八九十两]+[个项只批家][；;、，,])*(?:[新已]|集中)?$")
# 现场 opens a meeting's name (出席现场会, 主持现场推进会), not the site where the act is a noun.
_SITE_MEETING = re.compile("现场[^，。；,;]{0,4}会")
# …or after an adverb that counts or times it (全市共签约项目86个, 累计开工项目120个).
# …or after one that names this occasion (本次集中开工项目12个) or does it together (集中投产项目118个).
# …or after the place that does it (此次活动我市集中开工项目13个).
# …or after what reached it or where (大会最终达成签约项目90个, 现场签约项目共155个, 江都发展大会签约项目30个).
_COUNTING_ADVERB = re.compile("(?:共|共计|累计|新|已|(?:本次|此次|这次)(?:全[市县区省旗])?|集中|我[市县区省旗盟州镇]"
                              "|[市县区州旗盟]|季度|月份|达成|现场|大会)$")
# A count right after the trigger is its object (本次竣工投产17个项目), or it counts what the trigger
# qualifies (此次集中开竣工的31只项目, 本次集中开工项目12个): a verb even after 本次/此次.
_COUNT_AFTER = re.compile(r"(?:建设)?(?:的[^，。；,;]{0,8}?项目|的[^，。；,;]{1,16}?等|的|" + PROJECTS
                          + r")?(?:共计|共有|共|有)?[\d一二三四五六七八九十两]+[多余]?[个项只批家]")
# …and so does a list of what it did (此次开工建设的项目分别是A、B; 其中集中开工的项目包括A、B).
_LISTED_AFTER = re.compile(r"(?:建设)?的(?:[\d一二三四五六七八九十两]+[个项])?" + PROJECTS + "(?:分别是|分别为|包括|主要有|具体为)")
# 作(了)重要讲话 / 作专题汇报: the speech act is the verb's object, so still an event (not the 作 of
# 工作/合作…: 工作要求 is a noun).
_MADE = re.compile("(?<![工合创操协运制动写])[作做]了?(?:重要|专题)?$")
# A plan of the act is a noun (明确开工计划), a planned amount after it is not (开工计划投资5亿元).
_PLAN_NOUN = re.compile("计划(?!总?投资|完成|年产|建设|用|于|在|将|到)")
# X一批、Y一批 (储备一批、开工一批) is a parallel attributive phrase, not an event.
_ATTRIBUTIVE = re.compile("一批(?=[、，。；,;的”\"])")
_NEW_KIND = re.compile(r"(?!一批|一些|更多|[\d一二三四五六七八九十两]+个)[^，。；,;\d]{0,4}项目(?![\d一二三四五六七八九十两]|共|有)")
# What a management verb takes is a work area, not an act (抓好重点项目引进和落地, 紧盯项目落地开工, 抓落地).
_MANAGED = re.compile("(?:抓好?|紧盯|狠抓|盯紧)[^，。；,;、“”\"]{0,6}$")
# An item of a noun list: a mark right after the trigger (考核通报、) or right before it (、晾晒评比).
_LIST_AFTER = re.compile("[、]")
_LIST_ITEM = re.compile(rf"、[{HAN}]{{1,2}}$")
# Counted projects right before the trigger are its subject, so a verb in a list too (20个项目集中开工、9个项目集中投产).
# …and so is a project's phase (一期投产、二期开工).
_PHASE_SUBJECT = re.compile(r"[一二三四五六七八九十\d]期(?:工程|项目)?(?:已|正式|全面)?$")
_COUNTED_SUBJECT = re.compile(r"[\d一二三四五六七八九十两]+[多余]?[个项只批]" + PROJECTS + "$")


# 参加/出席 opening a clause (or after 前来, 与, 向 …) and closed by 的 names who or what took part.
_JOINED_BEFORE = "(?:^|[，。；,;“”\"\n]|前来|来|与|向|和|对|其他)"
_JOINED_OPEN = re.compile(f"{_JOINED_BEFORE}$")
_JOINED_INSIDE = re.compile(f"{_JOINED_BEFORE}(?:参加|出席|列席)[^，。；,;的]{{0,12}}$")
_JOINED = re.compile("(?:参加|出席|列席)[^，。；,;]{1,14}?的")


def joined_relative(text: str, start: int) -> bool:
    """Return whether the 参加/出席 at `start` opens a relative clause (参加今天集中开工的每一个项目, 向出席签约仪式的
    各位嘉宾)."""
    return bool(_JOINED.match(text, start) and _JOINED_OPEN.search(text, max(0, start - 2), start))


def nominal(text: str, start: int, end: int, after_name: bool = False) -> bool:
    """Return whether a trigger word is used as a noun (观摩情况, 考核通报、晾晒评比); `after_name`: a
    person's name ends right before it."""
    after, before, verbal = _nominal_regexes()
    # Inside a relative clause of who took part (参加…集中开工的项目) the trigger qualifies what took part.
    if text[end:end + 1] == "的" and _JOINED_INSIDE.search(text, max(0, start - 16), start):
        return True
    if _MANAGED.search(text, max(0, start - 8), start):
        return True
    # 新 + trigger + a project noun names a kind of project (了解新开工重点项目情况), unless it is counted.
    if text[start - 1:start] == "新" and _NEW_KIND.match(text, end):
        return True
    # Opening a clause with a count after it, trigger + 项目 is a verb and its object (，签约项目1134个).
    counted = _COUNTED_OBJECT.match(text, end) and (start == 0 or text[start - 1] in CLAUSE_MARKS
                                                   or _COUNTING_ADVERB.search(text, max(0, start - 4), start))
    # A breakdown after 其中 counts kinds of projects (其中，开工项目15个、竣工项目15个; 其中新开工项目13个).
    if _COUNTED_OBJECT.match(text, end) and _BREAKDOWN.search(text, max(0, start - 60), start):
        return True
    nominal_after = (after.match(text, end) or _PLAN_NOUN.match(text, end)) and not counted \
        and not word_regex("trigger_objects").match(text, end) and not _SITE_MEETING.match(text, end)
    if nominal_after or _ATTRIBUTIVE.match(text, end) \
            or before.search(text, max(0, start - 4), start) and not _COUNT_AFTER.match(text, end) \
            and not _LISTED_AFTER.match(text, end) \
            and not _MADE.search(text, max(0, start - 5), start):
        return True
    # In a list an adverb or a verb before the trigger still shows a verb (尽快落地、尽早开工; 竣工投产、).
    listed = _LIST_AFTER.match(text, end) or not after_name and (
        _LIST_ITEM.search(text, max(0, start - 3), start)
        or _after_listed_trigger().search(text, max(0, start - 8), start))
    return bool(listed) and not verbal.search(text, max(0, start - 2), start) and not _verb_list(text, start, end) \
        and not _COUNTED_SUBJECT.search(text, max(0, start - 10), start) \
        and not _PHASE_SUBJECT.search(text, max(0, start - 5), start)


def _verb_list(text: str, start: int, end: int) -> bool:
    """Return whether the trigger is an item of a list of bare trigger words that ends its clause: the
    predicate of its subject (…项目集中开工、竣工、签约，), not nouns (围绕签约、落地、保障等)."""
    before, after = _list_regexes()
    m = before.search(text[max(0, start - 24):start])
    first = start - (len(m.group()) if m else 0)
    if first and text[first - 1] == "、":
        return False
    return bool(after.match(text, end)) and (first < start or _LIST_AFTER.match(text, end) is not None)


@cache
def _list_regexes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = _any_trigger()
    return re.compile(f"(?:(?:{words})、)*$"), re.compile(f"(?:、(?:{words}))*(?:[，。；,;]|$)")


@cache
def _after_listed_trigger() -> re.Pattern[str]:
    return re.compile(f"(?:{_any_trigger()})、$")


@cache
def _any_trigger() -> str:
    return "|".join(alt(f"triggers/{t}") for t in EVENT_TYPES)


@cache
def _realis_regexes() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    # 要 inside 重要/主要/只要 is not an instruction.
    directive = re.compile(f"(?<![重主只需纲摘])(?:{alt('realis_directive')})")
    planned = re.compile(alt("realis_planned"))
    negated = re.compile(f"(?:{alt('realis_negated')})$")
    return directive, planned, negated


# Greedy: the last "强调，" of the window (pages write their punctuation full-width or ASCII).
_SPEECH_OPENED = re.compile("(?s:.*)(?:强调|指出|要求|表示)[，,：:]")


_AFTER_THEN = re.compile("后[，,]?(?:将|可|能|预计|有望|每年|年可|年产|年均|预期)")


def realis(ctx: Context, start: int, end: int) -> str:
    """Return the realis of a trigger from the cue words in its sentence before it."""
    directive, planned, negated = _realis_regexes()
    s_start, _ = ctx.sentence(start)
    window = ctx.text[s_start:start]
    # Speech content begins after "X强调，": the speaking itself happened.
    if (said := _SPEECH_OPENED.match(window)):
        window = window[said.end():]
    if negated.search(ctx.text, max(0, start - 2), start):
        return "negated"
    # What a completion will bring (建成投产后将填补…, 建成后能推动…) puts the completion ahead.
    if _AFTER_THEN.match(ctx.text, end):
        return "planned"
    # A plan cue binds closely (将召开, 迎接…召开); an instruction cue covers its whole clause chain.
    if planned.search(window[-10:]):
        return "planned"
    if directive.search(window):
        return "directive"
    return "actual"


def speech_follows(text: str, end: int) -> bool:
    """Return whether speech content follows a trigger (强调，/指出：/说)."""
    return any(text.startswith(w, end) for w in terms("speech_trigger_after"))
