"""Rules for multi-word names: MEETING (suffix, quote-aware left cut) and PROJECT (after a company, lists).

The last entity layer: they read the gazetteer's spans and the companies the organisation rules found.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from functools import cache
from itertools import chain

from curate.records import Document
from curate.rules.base import HAN, Layers, Rule, Span, alt, terms, word_regex
from curate.rules.organisations import full_division, gov_regex, trade_word_end
from curate.rules.people import is_name, name_regex, title_regex
from curate.rules.places import named_before


@cache
def meeting_regex() -> re.Pattern[str]:
    stop = "".join(terms("meeting_right_stop"))
    return re.compile(rf"(?:{alt('meeting_suffixes')})(?![{stop}])")


@cache
def _meeting_cut() -> re.Pattern[str]:
    # A space cuts too, except after a digit (广元经济技术开发区2022 年第三季度…活动).
    # 以 cuts (以…为主题), but not inside 以上/以下/以后 (亿元以上重点项目集中开工仪式), nor 要 inside 要素/要点; 自/对/使 open a phrase
    # (自全省…会议召开后, 对主题实践活动, 使…活动开展), but not in 自治区/对外/对口/大使/使用.
    return re.compile(rf"(?!以[上下后]|要[素点])(?:{alt('meeting_cut_words')})|自(?!治)|对(?![外口接])|(?<![大特天])使(?!用)"
                      rf"|[^{HAN}A-Za-z0-9·“”\-—（）() ]|(?<![0-9]) ")


def meeting_start(text: str, suffix_start: int, max_len: int = 60) -> int:
    """Return where a meeting name ending at `suffix_start` begins; cut words inside quotes don't cut."""
    lo = max(0, suffix_start - max_len)
    for m in reversed(list(_meeting_cut().finditer(text, lo, suffix_start))):
        # Inside quotes when the nearest quote mark before the cut opens one (“拼搏三季度、奠定全年胜”).
        if text.rfind("“", lo, m.start()) > text.rfind("”", lo, m.start()):
            continue
        # …or inside brackets (县（市、区）委书记座谈会).
        if max(text.rfind("（", lo, m.start()), text.rfind("(", lo, m.start())) \
                > max(text.rfind("）", lo, m.start()), text.rfind(")", lo, m.start())):
            continue
        # A verb right before 暨 ends the first of two joined names (…重大工程启动暨…开工仪式): both are the name.
        if text.startswith("暨", m.end()) and _HAN_WORD.fullmatch(m.group()):
            continue
        return m.end()
    return lo


_HAN_WORD = re.compile(f"[{HAN}]{{2,}}")
_PLENUM = re.compile("十[一二三四五六七八九]?届[一二三四五六七八九十]+中全会")


@cache
def _meeting_end() -> re.Pattern[str]:
    return re.compile(f"(?:{alt('meeting_suffixes')})$")


def _clause_start(text: str, pos: int, max_len: int = 80) -> int:
    """Return where the clause holding `pos` starts (after ，。；：, a line end or `max_len` back)."""
    lo = max(0, pos - max_len)
    return max([lo] + [text.rfind(c, lo, pos) + 1 for c in "，。；：\n,;:"])


_SESSION = re.compile(r"第[\d一二三四五六七八九十百]+[次届]|常务会议|常委(?:会)?(?:扩大|（扩大）|\(扩大\))?会议|全体(?:扩大)?会议|党组(?:扩大)?会议"
                      r"|(?:经济)?工作会议|扩大会议|[一二三四五六七八九十\d]+届[一二三四五六七八九十\d]+次"
                      r"|常委会第[\d一二三四五六七八九十百]+次|[一二三四五六七八九十\d]+届")
_JOINED_MEETING = re.compile("[和及与]")
_CONGRESS_END = re.compile("[一二三四五六七八九十]大$")
_DAY_OPENING = re.compile(r"(?:(?:19|20)\d{2}年)?\d{1,2}月\d{1,2}日(?:上午|下午|晚上?)?")
_COUNT_OPENING = re.compile(r"[\d一二三四五六七八九十两]+个")
_GENERIC_EVENT = re.compile("(?:现场)?(?:集中)?(?:签约|开工|开竣工|竣工|开复工|投产|签约开工)?(?:活动|仪式)")
_PLENUM_LIST = re.compile("(?:[一二三四五六七八九十]+届)?(?:[一二三四五六七八九十]+中、)+$")
_SHARED_ORGAN = re.compile("(?:中央|[省市县区]委)、$")
# A fair by its usual abbreviation (兰洽会, 进博会, 广交会): one character and 洽会/博会/交会.
# A fair's short name, with its edition (第十九届乌洽会, 首届亚博会).
_FAIR = re.compile(rf"(?:第[一二三四五六七八九十百\d]+届|首届)?[{HAN}](?:洽会|博会|交会)")


class MeetingRule(Rule):
    name, version, labels, priority, layer = "meeting_suffix", 20, ("MEETING",), 90, "phrases"
    description = ("a name ending in 总结会/动员大会/论坛/活动/签约仪式/行动 …, cut on the left at 召开/在/的/，; "
                   "quotes kept whole")

    def find_spans(self, doc: Document, layers: Layers) -> Iterator[Span]:
        text = doc.text
        ends = sorted(e for _, e in layers.ranges("company_suffix"))
        for m in meeting_regex().finditer(text):
            # 向大会报告, 对会议…: the bare word after a preposition is the meeting at hand (anaphora).
            if m.group() in ("大会", "会议", "全会") and text[m.start() - 1:m.start()] in ("向", "对"):
                continue
            start = meeting_start(text, m.start())
            # A 、 does not end a name joined with 暨 (全市9月经济运行、重大项目开(竣)工暨…调度会) nor a
            # ceremony of two acts (集中开工、竣工仪式).
            # Not across a whole meeting name (A会、B会) or a shared one-character prefix (省、市…).
            joined = "暨" in text[start:m.start()] or "暨" in text[_clause_start(text, start):start]
            while text[start - 1:start] == "、" and (joined or word_regex("meeting_ceremony_suffixes").fullmatch(
                    m.group()) and m.start() - start < 6) and not _meeting_end().search(text, max(0, start - 6), start - 1):
                before = meeting_start(text, start - 1)
                if start - 1 - before < 2:
                    break
                start = before
            # Another meeting joined before it by 和/及/与 is no part of it (中央政治局会议和省政府…分析会议).
            for j in _JOINED_MEETING.finditer(text, start, m.start()):
                if _meeting_end().search(text, max(0, j.start() - 6), j.start()) \
                        or _CONGRESS_END.search(text, max(0, j.start() - 4), j.start()):
                    start = j.end()
            # Plenums listed with 、 share the session's number (十九届二中、三中、四中、五中全会).
            if (plenums := _PLENUM_LIST.search(text, max(0, start - 40), start)):
                start = plenums.start()
            # The organiser before a name is not part of it (经开区党工委 + 上半年…分析会); nor is a
            # one-character prefix shared in a coordination (省、市上半年…).
            # But an organ's own numbered or standing session is named with it (县政府第66次常务会议, 县委常委扩大会议).
            if (g := gov_regex().match(text, start)) and m.start() - g.end() >= 3 and not _SESSION.match(text, g.end()):
                start = g.end()
            # So is a company (…有限公司 + 开工仪式).
            if (i := bisect_left(ends, m.start())) and ends[i - 1] > start:
                # …有限公司光伏全产业链项目奠基仪式 is the company's project and its ceremony, no name.
                if word_regex("meeting_ceremony_suffixes").fullmatch(m.group()):
                    continue
                start = ends[i - 1]
            # Nor is a person with their title (县长 + 张某 + 现场调研观摩会).
            for t in title_regex().finditer(text, start, m.start()):
                if (n := name_regex().match(text, t.end())) and is_name(n.group(), after_title=True) \
                        and n.end() < m.start():
                    start = n.end()
            # Organs holding one conference name it together (中央、省委经济工作会议).
            while (g := gov_regex().match(text, start)) and _SESSION.match(text, g.end()) \
                    and (shared := _SHARED_ORGAN.search(text, max(0, start - 4), start)):
                start = shared.start()
            if text[start - 1:start] == "、" and text[start] in "省市区县" and text[start + 1] != "委" \
                    and text[start - 2:start - 1] in "省市区县" \
                    and m.start() - start >= 4 and not ((g := gov_regex().match(text, start))
                                                        and _SESSION.match(text, g.end())):
                start += 1
            # A name opens with no preposition (向 + 县第十七届人民代表大会第三次会议) and no count (235个 +
            # 重大项目集中开工活动).
            if text[start] == "向":
                start += 1
            if (count := _COUNT_OPENING.match(text, start, m.start())):
                start = count.end()
            # …and no day it was held on (9月25日 + 全市固定资产投资暨重点项目调度会); a year or a period may open it.
            if (day := _DAY_OPENING.match(text, start, m.start())) and m.start() - day.end() >= 3:
                start = day.end()
            # The party's plenum is named with it (党的十八届三中全会), as its congress is (党的二十大).
            if text[start - 2:start] == "党的" and _PLENUM.fullmatch(text, start, m.end()):
                start -= 2
            # A bare kind of event (此次集中开工活动, 现场签约活动) names none.
            if _GENERIC_EVENT.fullmatch(text, start, m.end()):
                continue
            # Three characters before the suffix at least: bare 会议/观摩总结会 are anaphora.
            # A name may open with a quote it closes (“三争”行动), never with a closing one.
            quoted = text[start] == "“" and "”" in text[start:m.start()]
            # A suffix inside a quotation (“…五大行动”及…考评) ends no name: a name holds whole quotes.
            if text.count("“", start, m.end()) != text.count("”", start, m.end()):
                continue
            # An organ alone before the suffix names the meeting (省委工作会议, 市政府常务会议).
            long_enough = m.start() - start >= 3 or (len(m.group()) > 2 and bool(gov_regex().fullmatch(text, start, m.start())))
            if long_enough and (text[start] not in "“”" or quoted) and _named(text, start, m):
                yield self.span(text, "MEETING", start, m.end())
        for m in _FAIR.finditer(text):
            yield self.span(text, "MEETING", m.start(), m.end())


def _named(text: str, start: int, suffix: re.Match[str]) -> bool:
    """Return whether a ceremony or campaign suffix has a name before it (not 集中开竣工仪式, 实际行动)."""
    word = suffix.group()
    if word in terms("meeting_ceremony_suffixes"):
        return suffix.start() - start >= 6
    if word in terms("meeting_campaign_suffixes"):
        return bool(_campaign_verb().search(text, max(0, start - 4), start))
    return True


@cache
def _campaign_verb() -> re.Pattern[str]:
    return re.compile(f"(?:{alt('meeting_campaign_verbs')})$")


class CongressRule(Rule):
    name, version, labels, priority, layer = "meeting_congress", 2, ("MEETING",), 90, "phrases"
    description = "numbered party congresses: 二十大, 党的十九大"

    def find_spans(self, doc: Document, layers: Layers) -> Iterator[Span]:
        yield from self.matches(doc.text, _congress(), "MEETING")


@cache
def _congress() -> re.Pattern[str]:
    # 十…/二十… before 大: 四大领域 or 两大产业 are no congress.
    # A bare 十大 is "ten major" (十大工业产业) unless 党的 says it is the congress.
    return re.compile(r"(?:党的十大|(?:党的)?(?:十[一二三四五六七八九]|二十[一二三四五六七八九]?)大)(?![会学厦道桥街])")


def all_companies(layers: Layers) -> set[tuple[int, int]]:
    """Return the spans of legal names, brands and short forms of the text's companies."""
    return {r for rule in ("company_suffix", "company_brand", "company_alias") for r in layers.ranges(rule)}


@cache
def _project_tail() -> re.Pattern[str]:
    return re.compile(r"[^，。；、：\n,;:]{2,40}?项目")


class ProjectAfterCompanyRule(Rule):
    name, version, labels, priority, layer = "project_after_company", 7, ("PROJECT",), 85, "phrases"
    description = ("the text between a company name (and its 投资的/建设的) and 项目 "
                   "(…有限公司40万吨螺旋直缝钢管及保温防腐项目, 由…有限公司投资的淮山深加工项目)")

    def find_spans(self, doc: Document, layers: Layers) -> Iterator[Span]:
        text, companies = doc.text, all_companies(layers)
        amounts = dict(layers.ranges("money_regex"))  # start → end
        for end in sorted({e for _, e in companies}):
            # A brand inside a longer name (中车 of 中车集团) does not end the company.
            if any(s < end < e for s, e in companies):
                continue
            # The company's act before the name is no part of it (由…公司投资的 + 淮山深加工项目).
            at = by.end() if (by := _BY_COMPANY.match(text, end)) else end
            m = _project_tail().match(text, at)
            # A title after the company starts a person, no project (…集团董事长某某及项目落户地负责人).
            if m and not word_regex("project_inner_stop").search(text, at, m.end() - 2) \
                    and not title_regex().match(text, at):
                # The investment before the name is no part of it (…公司投资 + 10亿元 + 建设 + 年产2万吨…项目).
                start = at
                if at == end and (lead := _INVEST_LEAD.match(text, end)) and (money_end := amounts.get(lead.end())):
                    verb = _BUILD_VERB.match(text, money_end)
                    start = verb.end() if verb and m.end() - verb.end() >= 4 else start
                # …and so is its act right before the name (华润电力投资建设 + 风电项目).
                elif at == end and (act := _ACT_AFTER.match(text, end)) and m.end() - act.end() >= 4:
                    start = act.end()
                yield self.span(text, "PROJECT", start, m.end())


_INVEST_LEAD = re.compile("总?投资(?:约|近|超)?")
_BY_COMPANY = re.compile("(?:投资|出资|投资建设|建设|承建|开发|实施)的")
_BUILD_VERB = re.compile("(?:建设|新建|扩建|兴建|实施)?")
_ACT_AFTER = re.compile("(?:投资建设|投资兴建|计划投资|拟投资|投资|建设|承建|开发|实施|新建|兴建|签订的?|签署的?)")


@cache
def _list_tail() -> re.Pattern[str]:
    # 等5个投资建设项目, 等重点项目, 等总投资16.4亿元的5个建设项目; not 等领域重点项目 or 等产业项目.
    # A count may name the projects' sector (等8个工业项目, 等4个社会事业项目); not a centre's name (等4个省级工程研究中心).
    count = rf"(?:总投资[^、，,]{{0,12}}?的)?(?:[\d一二三四五六七八九十两]+[个项](?:{alt('project_sectors')})?|[个项])?"
    return re.compile(rf"等{count}(?:{alt('project_list_heads')})*(?:{alt('project_heads')})(?!单位|研究|技术)")


@cache
def _list_opening_inside() -> re.Pattern[str]:
    return re.compile(_list_opening().pattern.removesuffix("$"))


@cache
def _list_opening() -> re.Pattern[str]:
    # 竣工项目包括A、B; …类项目，如A、B: the list right after 项目 + a cue names projects.
    # The cue may end in a colon (…重大项目，包括：A、B).
    # …or a count (计划新开工项目9项，分别为A、B).
    return re.compile(rf"(?:{alt('project_heads')})(?:[\d一二三四五六七八九十两]+[项个])?[，,：:]?"
                      rf"(?:{alt('project_list_cues')})[：:]?$")


@cache
def _legal_suffix() -> re.Pattern[str]:
    return re.compile(f"(?:{alt('company_suffixes')})$")


@cache
def _act_end() -> re.Pattern[str]:
    return re.compile(f"(?:{alt('triggers/开工')})$")


def _ends_in_act(text: str, start: int, end: int) -> bool:
    """Return whether `[start, end)` ends in a groundbreaking verb (竣工投产): an act, not a name."""
    return bool(_act_end().search(text, max(start, end - 4), end))


# A clause holding 、 or 等, matched only from a clause start so that each clause is read once.
_CLAUSE = re.compile(r"(?<![^，。；：！？,;:!?\n“”])[^，。；：！？,;:!?\n“”、等]*+[、等][^，。；：！？,;:!?\n“”]*")
# The characters of a project's or a list item's name.
_NAME_CHARS = rf"[{HAN}A-Za-z0-9（）()—·\-]"
_ITEM = re.compile(rf"{_NAME_CHARS}+")
# …nor does it open with an adverb of effort (全面聚焦项目、全员奋战项目: a slogan, no names).
_NOT_IN_NAME = re.compile("[的是将把了这要]|^(?:全[面员力心身]|进一步|掀起)")
_JOIN = re.compile("[及和与]")
_FIELD_END = re.compile("(?:产业|服务业|行业|领域|产业链)$")
# A count opening or closing an item counts a kind (续建40个、新建70个; 20项重大工程、50个重点项目).
_COUNT_ITEM = re.compile(r"^[\d一二三四五六七八九十两]+[个项件]|[\d一二三四五六七八九十两]+[个项件]$")
_SEPARATOR = re.compile("、|以及")


def listed_names(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield `(start, end, label)` of the items of 、-lists that name projects or companies.

    A list names projects when 等…项目 follows it (A、B等5个重点项目), when 项目 + a cue opens it
    (竣工项目包括A、B), or when it ends in 等地 and holds an item named …项目; it names companies when
    等N家企业 follows it. A short item with a trade word is a company in either (润全科技).
    """
    heads = word_regex("project_heads")
    for c in _CLAUSE.finditer(text):
        cs, ce = c.span()
        tail = _list_tail().search(text, cs, ce) or _firm_tail().search(text, cs, ce)
        # Without a tail, only a project's head in the clause or the cue before it makes a list of projects.
        if not tail and ("、" not in c.group() or not heads.search(text, max(0, cs - 12), ce)):
            continue
        firms = tail is not None and tail.re is _firm_tail()
        stop = tail.start() if tail else ce
        if not tail and (etc := text.find("等", cs, ce)) >= 0:
            # A 等 closing a list of people before the list (王某、李某等领导先后到A项目现场、B项目现场): the
            # list starts after it.
            if text.find("、", etc, ce) >= 0 and _CUE_BEFORE_LIST.search(text, etc, text.find("、", etc, ce)):
                cs = etc + 1
                etc = text.find("等", cs, ce)
            stop = etc if etc >= 0 else ce
        # A cue that opens a list of projects inside the clause starts it (重点领域、重点项目分别为A、B).
        if (opening := max((m.end() for m in _list_opening_inside().finditer(text, cs, stop)), default=0)) > cs:
            cs = opening
        # Items are split at 、 and at 以及 (A、B以及C); a lone 及 may join two parts of one name.
        bounds, pos = [], cs
        for sep in _SEPARATOR.finditer(text, cs, stop):
            bounds.append([pos, sep.start()])
            pos = sep.end()
        bounds.append([pos, stop])
        # The first item starts after the last cue or cut word (查看了A → A).
        cued = _after_last_cue(text, cs, bounds[0][1])
        bounds[0][0] = cued or cs
        # …and each item that is a clause of its own starts after its act (、B与C签订D项目 → D项目).
        for b in bounds[1:]:
            if (act := max((a.end() for a in _ITEM_ACT.finditer(text, b[0], b[1] - 2)), default=None)):
                b[0] = act
        # 在A项目、B项目及C项目建设现场 or 分别是A项目、B项目: the items name projects, each ending at its 项目/工程.
        sited = len(bounds) > 1 and (text.endswith("现场", 0, stop) or cued is not None)
        bounds = [part for s, e in bounds for part in _split_sites(text, s, e, heads)]
        # Items opening with an office are people (县委副书记、县长陈华深入A、B等项目): the list starts after
        # the last of them, at a cue inside it.
        # So are items before a party's 一行 (石磊、李东健一行先后到A、B等企业): the list starts after it.
        if (party := [i for i, (s, e) in enumerate(bounds) if text.find("一行", s, e) >= 0]):
            s, e = bounds[party[-1]]
            s = text.find("一行", s, e) + 2
            bounds = [[_after_last_cue(text, s, e) or s, e]] + bounds[party[-1] + 1:]
        if (people := [i for i, (s, e) in enumerate(bounds) if title_regex().match(text, s)]):
            s, e = bounds[people[-1]]
            cue = _after_last_cue(text, s, e)
            bounds = ([[cue, e]] if cue else []) + bounds[people[-1] + 1:]
            if not bounds:
                continue
        named = [bool(heads.search(text, e - 2, e)) and e - s >= 6 for s, e in bounds]
        # …or a cue that introduces examples, when two items at least are named projects (主要有A项目、B产业园、C项目).
        opened = _list_opening().search(text, max(0, bounds[0][0] - 12), bounds[0][0]) or (
            sum(named) >= 2 and _EXAMPLES_OPENING.search(text, max(0, bounds[0][0] - 8), bounds[0][0]))
        # A list of two or more named projects (A项目、B项目、C项目达成合作意向) is one whatever opens it, unless
        # its items are kinds of projects (大型风光基地项目、保障性并网新能源项目).
        kinds = any(_KIND_START.match(text, s) or _KIND_IN.search(text, s, e) for s, e in bounds)
        places = text.startswith(("等地", "等处", "等点位"), stop) and any(named) or (
            sited or len(bounds) > 1 and not kinds) and all(named)
        # A visit's list where most items are named projects (先后到A项目、B项目以及C村建设现场进行调研): the
        # named ones, whatever the others are.
        mostly = not (places or tail or opened or firms) and sited and sum(named) >= 2 and 2 * sum(named) >= len(bounds)
        if mostly:
            bounds = [b for b, n in zip(bounds, named, strict=True) if n]
            places = True
        if firms:
            # Firms joined to a list of people (县领导A、B及C集团、D科技等10家企业): the firms follow 及/和.
            joined = [i for i, (s, e) in enumerate(bounds) if _JOIN.search(text, s, e)]
            if joined:
                bounds = bounds[joined[-1]:]
                bounds[0][0] = max(m.end() for m in _JOIN.finditer(text, bounds[0][0], bounds[0][1]))
        if not (tail or (len(bounds) > 1 and (opened or places))) or firms and len(bounds) < 2:
            continue
        items = []
        for s, e in bounds:
            if not firms and (g := full_division().match(text, s)) and e - g.end() >= 4:
                s = g.end()
            # A place before 的 is no part of the name (绥安开发区的共享…基地项目).
            if (de := text.rfind("的", s, e)) >= 0 and e - de > 4:
                s = de + 1
            name = text[s:e]
            # A field (战略性新兴产业, 现代服务业) is a kind of project, not one.
            if e - s < 4 or not _ITEM.fullmatch(name) or _NOT_IN_NAME.search(name) or _FIELD_END.search(name) \
                    or _COUNT_ITEM.search(name):
                continue
            # An item with a legal suffix is a company whatever the list (安徽今希智能设备有限公司、…等5个项目).
            # …but not one that ends in a project head (市民中心工程).
            if firms or e - s <= 6 and trade_word_end().search(name) and not heads.search(text, e - 2, e) \
                    or _legal_suffix().search(name):
                items.append((s, e, "COMPANY"))
            # An item ending in a verb is an act (当年开工, 当年竣工投产).
            elif not word_regex("project_left_cues").match(text, e - 2) and not _ends_in_act(text, s, e):
                items.append((s, e, "PROJECT"))
        # Among projects a short trade name is a firm (润全科技); in a list of fields it is an industry (电子信息).
        if firms or any(label == "PROJECT" for _, _, label in items):
            yield from items


_EXAMPLES_OPENING = re.compile("(?:主要(?:有|包括|是)|具有代表性的(?:是|有)|包括)[：:]?$")
_CUE_BEFORE_LIST = re.compile("先后|分别|深入|来到|前往|走进|察看|查看|观摩")
_SITE_TAIL = re.compile("(?:(?:建设)?(?:现场|工地|情况|进度|进展)|建设)$")
# Kinds of projects, not names (大型风光基地项目, 保障性并网新能源项目, 风电和光伏项目).
_KIND_START = re.compile("大型|重点|重大|新型|一批")
_KIND_IN = re.compile("[性式型类和]")
# What a list's last item goes on with after its project head (…项目达成合作意向, …项目顺利签约).
_AFTER_HEAD = re.compile("(?:达成|签约|落户|落地|开工|竣工|投产|建设|推进|进展|顺利|正式|已经|已|均|全部)")


def _split_sites(text: str, start: int, end: int, heads: re.Pattern[str]) -> list[list[int]]:
    """Return a list item's parts: `[start, end)` without a 建设/现场 tail after a project head (A项目建设现场
    → A项目), split at a 及 between two such items (A项目建设现场及B项目建设 → A项目, B项目)."""
    def site(s: int, e: int) -> list[int] | None:
        m = _SITE_TAIL.search(text, s, e)
        if m and heads.search(text, m.start() - 2, m.start()):
            return [s, m.start()]
        if heads.search(text, e - 2, e):
            return [s, e]
        last = max((h.end() for h in heads.finditer(text, s, e)), default=-1)
        return [s, last] if last > s and _AFTER_HEAD.match(text, last) else None

    at = text.find("及", start, end)
    while at >= 0:
        left, right = site(start, at), site(at + 1, end)
        if left and right:
            return [left, right]
        at = text.find("及", at + 1, end)
    return [site(start, end) or [start, end]]


_ITEM_ACT = re.compile("签订|签署|签约|宣布")


def _after_last_cue(text: str, start: int, end: int) -> int | None:
    """Return where the last word that opens a list of projects (查看了, 深入, 包括 …) in `[start, end)` ends,
    two characters at least before `end`; None without one."""
    return max((c.end() for c in word_regex("project_list_start").finditer(text, start, end - 2)), default=None)


@cache
def _firm_tail() -> re.Pattern[str]:
    # 等N家企业, or a count right after the last firm (与中大检测、继善高科11家企业).
    # …also with a kind of firm or a vague count (吉林石化、吉林建龙等骨干企业; 鲁信、济南金控等多家大型企业).
    return re.compile(r"等(?:[\d一二三四五六七八九十两]+家|多家|数家|几家)?(?:大型|重点|骨干|龙头|规上|优质|知名)?"
                      r"(?:企业|公司|项目单位)"
                      r"|(?<![\d.])\d+家(?:企业|公司)")


_PHASE = re.compile(r"[一二三四五六七八九十\d]+期(?:工程|项目)?")


class ProjectListRule(Rule):
    name, version, labels, priority, layer = "project_list", 18, ("PROJECT",), 84, "phrases"
    description = "items of a 、-list of named projects: before 等…项目, after 项目包括/项目，如, or before 等地 with a …项目"

    def find_spans(self, doc: Document, layers: Layers) -> Iterator[Span]:
        text = doc.text
        ends: dict[int, list[int]] | None = None
        for start, end, label in layers.shared(listed_names):
            if label != "PROJECT":
                continue
            if ends is None:
                # Company ends by start, so each item looks up its own (a scan of all is quadratic).
                ends = {}
                for s, e in all_companies(layers):
                    ends.setdefault(s, []).append(e)
            # An item that opens with a company (国鸿氢能商用车…) names the project after it, unless all that
            # follows is a phase (比亚迪二期) or starts with a bracket (京东（梧州）数字产业园): the company is
            # part of its name then.
            after = max((e for e in ends.get(start, ()) if e < end - 1), default=start)
            start = start if _PHASE.fullmatch(text, after, end) or text[after] in "（(" else after
            yield self.span(text, "PROJECT", start, end)


class ProjectSiteRule(Rule):
    name, version, labels, priority, layer = "project_site", 7, ("PROJECT",), 84, "phrases"
    description = ("one named project at its site: after 在/到/来到/深入 and before (建设)现场/工地 (在三沙源上游学校项目建设现场), "
                   "announced: 宣布…项目开工, opening a clause as its subject (…项目拟在…), or signed for (签订…项目合同书)")

    def find_spans(self, doc: Document, layers: Layers) -> Iterator[Span]:
        text = doc.text
        companies: set[tuple[int, int]] | None = None  # looked up only where a site is named
        for m in chain(_SITE_PROJECT.finditer(text), _ANNOUNCED_PROJECT.finditer(text), _SUBJECT_PROJECT.finditer(text),
                       _SIGNED_PROJECT.finditer(text)):
            s, e = m.span(1)
            if companies is None:
                companies = all_companies(layers)
            # A company opening it owns the project (贝因美 + 年产…项目): the name starts after it.
            s = max([s] + [ce for cs, ce in companies if s <= cs < ce < e - 2])
            if (g := full_division().match(text, s)) and e - g.end() >= 4:
                s = g.end()
            name = text[s:e]
            # Three characters before the head make a name (忠州里项目), not a determiner's (该项目, 两个项目).
            if e - s >= 5 and not _NOT_IN_NAME.search(name) and not _KIND_IN_NAME.search(name) and "等" not in name \
                    and not word_regex("determiners").match(name) and not _COUNTED.match(name) \
                    and not _COUNTED_HEAD.search(name) \
                    and not (e - s < 8 and _GENERIC_SHORT.search(text, s, e - 2)):
                yield self.span(text, "PROJECT", s, e)


# A name ending in 项目/工程 (its own group).
_NAMED_PROJECT = f"({_NAME_CHARS}{{3,30}}?(?:项目|工程))"
# 宣布 + a name ending in 项目/工程 + its groundbreaking (宣布金海1050毫米不锈钢全连轧绿色生产线项目开工).
_ANNOUNCED_PROJECT = re.compile(f"宣布{_NAMED_PROJECT}(?:正式|全面)?(?:开工|竣工|投产)")
# A kind of projects, also after a year and a place (2024年宾县重点产业项目).
_KIND_IN_NAME = re.compile("^(?:大型|新型|一批)|重点|重大")
# A short name of a kind or a place's projects (全县重点项目, 高新区项目, 到两个项目) is no name.
_GENERIC_SHORT = re.compile("[重大产业全本我该此区县市省镇乡个到]")
_COUNTED = re.compile("[\\d一二三四五六七八九十两几多]+[个项批家]|各")
# …nor one that counts projects at its end (共涉及45个项目).
_COUNTED_HEAD = re.compile("[\\d一二三四五六七八九十两几多]+[个项批](?:重点|重大)?(?:项目|工程)$")
# A name ending in 项目/工程 opening a clause as the subject of what it does or is (德康全产业链项目被评为…,
# 清水江水库风景区项目拟在…, 信利（仁寿）项目产值达…).
_SUBJECT_PROJECT = re.compile(rf"(?:^|(?<=[，。；：！\n,;:]))(?:其中|目前|如今|同时|当前)?[，,]?"
                              f"{_NAMED_PROJECT}"
                              "(?=被|拟|以|正在|已|将|总投资|计划总投资|位于|占地|预计|是|作为|建成后|建设内容|主要建设|产值|于20)")
# 签订(的) + a name ending in 项目/工程 + the contract signed for it (签订的中小企业产业园项目合同书).
_SIGNED_PROJECT = re.compile(f"(?:签订|签署)了?的?{_NAMED_PROJECT}(?:合同|协议|框架协议|投资协议)")
# 在/到 + a name ending in 项目/工程 + its site; the name holds no clause or list mark.
_SITE_PROJECT = re.compile(f"(?:在|到|来到|深入|走进|赴|前往){_NAMED_PROJECT}"
                           "(?:建设|施工)?(?:现场|工地)")


class CompanyListRule(Rule):
    name, version, labels, priority, layer = "company_list", 10, ("COMPANY",), 77, "phrases"
    description = "items of a 、-list before 等N家企业, and short names with a trade word in a list of projects (润全科技)"

    def find_spans(self, doc: Document, layers: Layers) -> Iterator[Span]:
        for start, end, label in layers.shared(listed_names):
            if label == "COMPANY":
                yield self.span(doc.text, "COMPANY", start, end)


_SEGMENT = re.compile(rf"[{HAN}]{{2,4}}(?:至[{HAN}]{{2,4}})?段")


class ProjectInfraRule(Rule):
    name, version, labels, priority, layer = "project_infra", 4, ("PROJECT",), 83, "phrases"
    description = "named infrastructure: a name of two or more characters before 高铁/铁路/机场 …"

    def find_spans(self, doc: Document, layers: Layers) -> Iterator[Span]:
        text = doc.text
        for start, m in named_before(text, "project_infra_suffixes", 8, layers.ranges("gpe_gazetteer")):
            # A segment named after it belongs to it (沪苏湖铁路上海段, 加西高速大通至西海段).
            end = seg.end() if (seg := _SEGMENT.match(text, m.end())) else m.end()
            # A bare 高速 names a road only between two places (瞿坛至化隆高速, 加西高速大通至西海段), not a
            # pace (高速发展).
            if m.group() == "高速" and "至" not in text[start:end]:
                continue
            yield self.span(text, "PROJECT", start, end)
