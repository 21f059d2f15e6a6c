"""Rules for organisations: GOV organs (prefix required), COMPANY (legal suffix or brand), ORG (media …).

They read the place layers (the gazetteer's spans, zone names); the company rules' spans are read in
turn by the short-name rule and by the phrase rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from curate.records import Document
from curate.rules.base import HAN, Layers, Rule, Span, alt, term_set, terms, trie_pattern, word_regex
from curate.rules.people import fused_committee, title_regex
from curate.rules.places import gazetteer_names, left_start

CN_ORDINAL = "[一二三四五六七八九十]+"


@cache
def gov_regex() -> re.Pattern[str]:
    """Compile GOV after a generic prefix: (自治区 | 市 | 经开区 …) + organ [+ 第N巡视组] | + 第N督查组 | a named organ."""
    prefixes = terms("title_prefixes")
    multi = trie_pattern({p for p in prefixes if len(p) > 1} | set(terms("zone_prefixes")))
    stop = "".join(terms("gov_prefix_stop_before"))
    # The look-behind sits after the character so the regex keeps its fast first-character scan.
    single = rf"[{''.join(p for p in prefixes if len(p) == 1)}](?<![{stop}].)"
    return re.compile(rf"(?:{alt('gov_names')}|(?:{multi}|{single}){_organ_part()})")


@cache
def _organ_part() -> str:
    team = f"第{CN_ORDINAL}(?:{alt('gov_teams')})"
    # Any department written 局 after a prefix (市规划局), but not a word such as 格局 or 大局.
    stop = "".join(terms("gov_department_stop_before"))
    department = rf"[{HAN}]{{1,9}}?(?<![{stop}])局(?![长{HAN}]{{0,1}}(?:长|面|势))"  # 9: 人力资源和社会保障局
    # …and a service or affairs centre (县招商服务中心, 湖南省重点建设项目事务中心).
    centre = rf"[{HAN}]{{2,10}}?(?:服务中心|事务中心)"
    return rf"(?:(?:{alt('gov_organs')})(?:{team})?|{team}|{department}|{centre})(?!员)"


@cache
def _organ_regex() -> re.Pattern[str]:
    return re.compile(_organ_part())


def gov_spans(text: str, divisions: tuple[tuple[int, int], ...]) -> Iterator[tuple[int, int]]:
    """Yield `(start, end)` of organs: a named division (from the gazetteer's spans) or a prefix + organ."""
    for m in gov_regex().finditer(text):
        yield m.start(), m.end()
    # Divisions come from the gazetteer layer, so the big list is scanned once per document.
    for start, end in divisions:
        if (o := _organ_regex().match(text, end)):
            yield start, o.end()


class GovRule(Rule):
    name, version, labels, priority, layer = "gov_organ", 11, ("GOV",), 65, "organisations"
    description = ("organs with an administrative prefix (市委, 自治区发改委, 市规划局, 自治区党委第二巡视组), "
                   "departments opening a clause (统计局、发改局), task forces (重点项目专班)")

    def find_spans(self, doc: Document, layers: Layers) -> Iterator[Span]:
        text, divisions = doc.text, layers.ranges("gpe_gazetteer")
        organ_ends = set()
        for start, end in gov_spans(text, divisions):
            # An organ's office is an organ (县委办, 太原市人民政府办公厅), and 中共 belongs to a party organ's name.
            if (office := _OFFICE.match(text, end)) and text[end - 1] in "委府大协会":
                end = office.end()
            if text[start - 2:start] == "中共" and text[end - 1] in "委办厅室部":
                start -= 2
            organ_ends.add(end)
            yield self.span(text, "GOV", start, end)
            # Organs coordinated with it share its prefix: 自治区党委和政府, 自治区党委、人大常委会、政府.
            pos = end
            while (c := _coordinated().match(text, pos)):
                pos = office.end() if (office := _OFFICE.match(text, c.end())) else c.end()
                organ_ends.add(pos)
                yield self.span(text, "GOV", c.start(1), pos)
        # A department opening a clause or a list item names an organ on its own (会上，统计局、发改局…).
        listed_after = set(organ_ends)
        for m in _bare_department().finditer(text):
            listed_after.add(m.end())
            if m.start() == 0 or not _HAN_OR_ALNUM.match(text, m.start() - 1):
                yield self.span(text, "GOV", m.start(), m.end())
        # A prefix before a 、-list of bare departments (区财政、工信、商务…): each department is an organ.
        for m in _department_list().finditer(text):
            pos = m.start()
            for part in m.group().split("、"):
                yield self.span(text, "GOV", pos, pos + len(part))
                pos += len(part) + 1
        # Departments listed after an organ are organs (县发改局、住建局、城管局负责人; 统计局、交通局以及银州街道办事处).
        for m in _LISTED_DEPARTMENT.finditer(text):
            if m.start() in listed_after:
                listed_after.add(m.end())
                yield self.span(text, "GOV", m.start(1), m.end())
        # A task force keeps what it works on (重点项目专班); a team an organ's name ends with is that organ's.
        for m in word_regex("gov_task_forces").finditer(text):
            if m.end() in organ_ends:
                continue
            start = left_start(text, m.start(), 8, divisions)
            if not word_regex("determiners").match(text, start, m.start()):
                yield self.span(text, "GOV", start, m.end())
        # A division's party committee written after its name (宾县县委, 吐鲁番地委).
        for start, end in divisions + layers.ranges("gpe_county_short"):
            if (committee := fused_committee(text, end)):
                yield self.span(text, "GOV", start, committee)
        # A named zone's organs (稀土高新区管委会) take the zone name along, and a town's (段园镇党委).
        for start, end in layers.ranges("gpe_zone"):
            if (z := _zone_organ().match(text, end)):
                yield self.span(text, "GOV", start, z.end())
        for start, end in layers.ranges("gpe_town"):
            if (z := _TOWN_ORGAN.match(text, end)):
                yield self.span(text, "GOV", start, z.end())


# …and so are its party group, its study group and a party committee's departments (区人大常委会党组, 县委中心组,
# 区委组织部).
_OFFICE = re.compile("办公厅|办公室|督办室|督查室|研究室|政研室|新闻办|信访办|办(?=[、，。；,;和及与以负主汇分等])"
                     "|党组(?!书记|成员|副书记)|中心组|(?:组织|宣传|统战)部(?![分门署])")  # not 组织部分代表, 宣传部门
# 、/和/以及 + a department of two to four characters (城管局, 政协办, 银州街道办事处), then a separator.
_LISTED_DEPARTMENT = re.compile(rf"(?:、|和|及|以及)([{HAN}]{{2,6}}?(?:局|办事处|(?<![主承协])办))(?=[、，。；,;和及与以负主汇分等])")
# The last separator before a name, with only name characters after it.
_NAME_AFTER_SEPARATOR = re.compile(rf"(?:^|(?<=[、，,。；;：:\n“”\"《》【】「」]))(?=[{HAN}A-Za-z0-9（）()]+$)")
@cache
def _trade_words() -> re.Pattern[str]:
    return re.compile(f"(?:{alt('company_trade_words')})+")


_ZONE_INSIDE = re.compile(f"(?:工业园区|产业园区|开发区|高新区|经开区|园区|工业园|产业园)(?=[{HAN}]{{2}})")
_TOWN_ORGAN = re.compile("党委|党工委|人民政府|政府|人大|纪委")
_COUNT = re.compile(r"[\d一二两三四五六七八九十百千几数多]+[家个]")  # 八家公司 counts firms, names none
_HAN_OR_ALNUM = re.compile(rf"[{HAN}A-Za-z0-9]")


@cache
def _bare_department() -> re.Pattern[str]:
    return re.compile(rf"(?:{alt('gov_bare_departments')})(?![{HAN}]{{0,1}}(?:长|局))")


@cache
def _department_list() -> re.Pattern[str]:
    stem = f"(?:{alt('gov_department_stems')})(?![{HAN}]{{0,1}}[局委厅长])"
    single = "".join(p for p in terms("title_prefixes") if len(p) == 1)
    return re.compile(rf"(?<![{HAN}])[{single}]{stem}(?:、{stem})+")


@cache
def _coordinated() -> re.Pattern[str]:
    return re.compile(f"[和、及与]({alt('gov_bare_organs')})(?![{HAN}]{{0,1}}(?:投资|项目|工作|部门))")


@cache
def _zone_organ() -> re.Pattern[str]:
    return re.compile("党工委|管委会|工委")


@cache
def full_division() -> re.Pattern[str]:
    """Compile the gazetteer's names written with their level (鄂尔多斯市, 永春县)."""
    names = gazetteer_names()
    # 苏州, 广州 are short forms of 苏州市, 广州市, not names with a level.
    return re.compile(trie_pattern(n for n in names if n[-1] in "市县区旗盟州" and n + "市" not in names))


def company_aliases(text: str, legal_names: tuple[tuple[int, int], ...]) -> set[str]:
    """Return short names of the text's legal names (国鸿氢能科技有限公司 → 国鸿氢能)."""
    out = set()
    for start, end in legal_names:
        m = _alias().fullmatch(text, start, end)
        if m and len(m.group(1)) >= 3:
            out.add(m.group(1))
    return out


@cache
def _alias() -> re.Pattern[str]:
    return re.compile(f"(.+?)(?:{alt('company_trade_words')})*(?:{alt('company_suffixes')})")


class CompanySuffixRule(Rule):
    name, version, labels, priority, layer = "company_suffix", 10, ("COMPANY",), 80, "organisations"
    description = "a legal suffix (有限公司, 集团 …) with up to 24 characters before it, cut on the left"

    def find_spans(self, doc: Document, layers: Layers) -> Iterator[Span]:
        text, divisions, towns = doc.text, layers.ranges("gpe_gazetteer"), layers.ranges("gpe_town")
        for m in word_regex("company_suffixes").finditer(text):
            start = left_start(text, m.start(), 24, divisions)
            # A name opening with a place's short form right after a separator runs from it, whatever cut word
            # is inside (、沈阳和世泰钛业有限公司, 、河北新方向智能装备有限公司).
            if (sep := _NAME_AFTER_SEPARATOR.search(text, max(0, m.start() - 24), start)) and \
                    not word_regex("company_suffixes").search(text, sep.end(), start) and \
                    any(s == sep.end() and e < m.start() - 2 and not full_division().fullmatch(text, s, e)
                        for s, e in divisions):
                start = sep.end()
            # A brand the cut fell inside or right after opens the name (华为技术有限公司: 为 is a cut word).
            for b in word_regex("company_brands").finditer(text, max(0, start - 6), start + 6):
                if b.start() < start <= b.end():
                    start = b.start()
            # A leading division written with its level (鄂尔多斯市…有限公司) is a GPE of its own.
            if (g := full_division().match(text, start)) and m.start() - g.end() >= 2:
                start = g.end()
            # So is a town (段柳乡 + 吴阁老有限公司) and a clause's 有 (，有 + 晶龙集团).
            for ts, te in towns:
                if ts == start and m.start() - te >= 2:
                    start = te
            if text.startswith("有", start) and text[start - 1:start] in "，,：:" and m.start() - start >= 3:
                start += 1
            # So is a park or zone the firm sits in (市工业园区 + 华舟铝业有限公司), unless the firm is the zone's own
            # (…工业园区建设有限公司, …开发区投资发展集团).
            if (zone := _ZONE_INSIDE.search(text, start, m.start())) and m.start() - zone.end() >= 2 \
                    and not _trade_words().fullmatch(text, zone.end(), m.start()):
                start = zone.end()
            # A suffix in brackets closes with them (中建一局（集团）).
            end = m.end() + 1 if text[m.start() - 1:m.start()] in "（(" and text[m.end():m.end() + 1] in "）)" else m.end()
            if m.start() - start >= 2 and not _COUNT.fullmatch(text, start, m.start()):
                yield self.span(text, "COMPANY", start, end)


class CompanyBrandRule(Rule):
    name, version, labels, priority, layer = "company_brand", 6, ("COMPANY",), 79, "organisations"
    description = "well-known enterprises written without a suffix (word list)"

    def find_spans(self, doc: Document, layers: Layers) -> Iterator[Span]:
        text = doc.text
        for span in self.matches(text, word_regex("company_brands"), "COMPANY"):
            # After a title and a surname it is a person's given name (区长严 + 中兴; 副主任杨建 + 华为副组长).
            if not any(text[span.start - k:span.start - k + 1] in term_set("surnames") and any(
                    m.end() == span.start - k for m in title_regex().finditer(text, max(0, span.start - 12 - k),
                                                                              span.start - k)) for k in (1, 2)
                       if span.start >= k + 2):
                # Before a place's word it names the place (东风村, 长城路): no firm.
                if word_regex("brand_place_words").match(text, span.end):
                    continue
                # 华为公司, 华为集团: the brand with the word for a firm; 华润电力: a unit of the brand.
                if text.startswith(("公司", "集团"), span.end):
                    span = self.span(text, "COMPANY", span.start, span.end + 2)
                elif unit := word_regex("company_brand_units").match(text, span.end):
                    span = self.span(text, "COMPANY", span.start, unit.end())
                yield span


class CompanyBeforeTitleRule(Rule):
    name, version, labels, priority, layer = "company_before_title", 1, ("COMPANY",), 77, "organisations"
    description = ("a firm named without a legal suffix before its officer's title: a place, a name and a trade word "
                   "(深圳优必选科技 + 创始人, 山东钢铁 + 董事长)")

    def find_spans(self, doc: Document, layers: Layers) -> Iterator[Span]:
        text, starts = doc.text, {s for s, _ in layers.ranges("gpe_gazetteer")}
        if not word_regex("company_officers").search(text):
            return  # no officer named: spare the title scan (most pages)
        for t in title_regex().finditer(text):
            if not word_regex("company_officers").fullmatch(t.group()):
                continue
            # The firm runs from the separator before it, opens with a place and ends in a trade word.
            sep = max(text.rfind(c, max(0, t.start() - FIRM_MAX), t.start()) for c in "，。；：、\n,;:")
            start = sep + 1 if sep >= 0 else max(0, t.start() - FIRM_MAX)
            if start in starts and 4 <= t.start() - start <= FIRM_MAX and trade_word_end().search(text, start, t.start()) \
                    and not word_regex("company_suffixes").search(text, start, t.start()):
                yield self.span(text, "COMPANY", start, t.start())


FIRM_MAX = 14


@cache
def trade_word_end() -> re.Pattern[str]:
    """Compile a trade word ending a name (…科技, …能源): a firm's name without its legal suffix."""
    return re.compile(f"(?:{alt('company_trade_words')})$")


class CompanyAliasRule(Rule):
    name, version, labels, priority, layer = "company_alias", 2, ("COMPANY",), 78, "organisations"
    description = "short forms of the document's legal names (国鸿氢能科技有限公司 → 国鸿氢能)"

    def find_spans(self, doc: Document, layers: Layers) -> Iterator[Span]:
        text = doc.text
        aliases = company_aliases(text, layers.ranges("company_suffix"))
        if aliases:
            for m in re.finditer(trie_pattern(aliases), text):
                yield self.span(text, "COMPANY", m.start(), m.end())


class OrgRule(Rule):
    name, version, labels, priority, layer = "org_suffix", 3, ("ORG",), 75, "organisations"
    description = "media, academies and associations: named ones, or a name before 日报/工程院/协会 …"

    def find_spans(self, doc: Document, layers: Layers) -> Iterator[Span]:
        text = doc.text
        for m in word_regex("org_names").finditer(text):
            yield self.span(text, "ORG", m.start(), m.end())
        for m in word_regex("org_suffixes").finditer(text):
            start = left_start(text, m.start(), 10, layers.ranges("gpe_gazetteer"))
            if m.start() - start >= 2:
                yield self.span(text, "ORG", start, m.end())
