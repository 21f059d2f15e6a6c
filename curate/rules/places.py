"""Rules for places: GPE from the administrative-division gazetteer and zone names, LOC by suffix.

The gazetteer scan (`gpe_gazetteer`) is the first layer of names; the other place rules and the
left-cut helper that the suffix rules (zones, companies, meetings …) share read its spans.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from functools import cache
from itertools import pairwise

from curate.records import Document
from curate.rules.base import HAN, Layers, Rule, Span, alt, terms, trie_pattern, word_regex

_HAN_CHAR = re.compile(rf"[{HAN}]")


@cache
def gazetteer_names() -> frozenset[str]:
    """Return the administrative divisions and their short forms, less the stop list."""
    names = set(terms("gpe_divisions")) | set(terms("gpe_extra")) | set(terms("gpe_countries"))
    names |= banner_abbreviations(names) | autonomous_abbreviations(names) | upgraded_counties(names) \
        | former_counties(names)
    return frozenset(names - set(terms("gpe_stop")))


def upgraded_counties(names: set[str]) -> set[str]:
    """Return each county's names as the county-level city or district it may have become since the list was
    made (神木县 → 神木市, 2017; 临翔 county → 临翔区), and each city's as a district (即墨市 → 即墨区, 2017): most
    changes of divisions are such upgrades."""
    return {f"{name[:-1]}{level}" for name in names if name.endswith("县") and len(name) >= 3 for level in "市区"} \
        | {f"{name[:-1]}区" for name in names if name.endswith("市") and len(name) >= 3}


def former_counties(names: set[str]) -> set[str]:
    """Return the county each district or city may have been before it was upgraded, as older pages name it
    (安塞区 → 安塞县, 2016; 高陵区 → 高陵县, 2014)."""
    return {f"{name[:-1]}县" for name in names if name[-1:] in ("区", "市") and len(name) >= 3}


_BANNER = re.compile(r"(.)[^左右前后中翼旗]+([左右]?)翼?([前后中]?)旗")


def banner_abbreviations(names: set[str]) -> set[str]:
    """Return the official short forms of banners with a direction: the first character, the directions
    and 旗 (土默特右旗 → 土右旗, 科尔沁左翼后旗 → 科左后旗, 杭锦后旗 → 杭后旗)."""
    out = set()
    for name in names:
        m = _BANNER.fullmatch(name)
        if m and (m[2] or m[3]):
            out.add(f"{m[1]}{m[2]}{m[3]}旗")
    return out


def autonomous_abbreviations(names: set[str]) -> set[str]:
    """Return the usual short forms of autonomous prefectures and counties: the place and 州/县, or 自治州/自治县,
    without the peoples (甘南藏族自治州 → 甘南州, 黔东南苗族侗族自治州 → 黔东南州, 镇宁布依族苗族自治县 → 镇宁县,
    镇宁自治县)."""
    return {short for name in names if name[-1:] in ("州", "县") and (place := autonomous_place(name[:-1]))
            for short in (f"{place}{name[-1]}", f"{place}自治{name[-1]}")}


def autonomous_place(name: str) -> str | None:
    """Return the place of an autonomous division's name without its level (镇宁布依族苗族自治 → 镇宁, 镇宁自治 → 镇宁)."""
    m = _autonomous().fullmatch(name)
    return m[1] if m and not m[1].endswith("族") else None  # 东乡族自治县 names no place before its people


@cache
def gpe_pattern() -> str:
    return trie_pattern(gazetteer_names())


def left_start(text: str, end: int, max_len: int, divisions: Sequence[tuple[int, int]]) -> int:
    """Return where a name ending at `end` starts: after the last non-Han character or cut word
    (`divisions`: the gazetteer's spans in the text, see `GpeGazetteerRule`)."""
    lo = max(0, end - max_len)
    start = lo
    for i in range(end - 1, lo - 1, -1):
        ch = text[i]
        if not (_HAN_CHAR.match(ch) or ch.isalnum() or ch in "（）()·-"):
            start = i + 1
            break
    # Cut words are searched left to right so the last one wins; a name never starts with one.
    cut = -1
    for m in word_regex("left_cut_words").finditer(text, start, end):
        start, cut = max(start, m.end()), m.start()
    # A cut word inside a place name (都 in 成都) does not cut: the name starts with the place.
    i = bisect_right(divisions, (cut, len(text))) - 1
    if cut >= 0 and i >= 0 and divisions[i][0] < cut < divisions[i][1] and divisions[i][0] >= lo:
        start = divisions[i][0]
    return start


def named_before(text: str, suffixes: str, max_len: int,
                 divisions: Sequence[tuple[int, int]]) -> Iterator[tuple[int, re.Match[str]]]:
    """Yield `(name start, suffix match)` for each suffix of the word list `suffixes` with a name of
    at least two characters before it (稀土 + 高新区, 包银 + 高铁)."""
    for m in word_regex(suffixes).finditer(text):
        start = left_start(text, m.start(), max_len, divisions)
        if m.start() - start >= 2:
            yield start, m


def after_cues(text: str, start: int, suffix_start: int, divisions: Sequence[tuple[int, int]]) -> int:
    """Return where a place name before a suffix starts: after the last place cue in it (61个项目落户攀西经济区,
    好项目落户开发区), unless the cue is part of a division's name (于都经开区)."""
    for cue in word_regex("loc_cues").finditer(text, start, suffix_start):
        i = bisect_right(divisions, (cue.start(), len(text))) - 1
        if not (i >= 0 and divisions[i][0] <= cue.start() < divisions[i][1]):
            start = cue.end()
    return start


def _last_place(text: str, start: int, end: int, divisions: Sequence[tuple[int, int]]) -> int:
    """Return where a zone's name before `end` starts: at a county's short name after the last division in it
    (沭阳县优化沭阳经开区 → 沭阳经开区), else at the last division that words part from the one before, else at
    `start`."""
    first = bisect_left(divisions, (start, start))
    inside = [(s, e) for s, e in divisions[first:] if s < end and e <= end]
    if not inside:
        return start
    names = gazetteer_names()
    for p in range(inside[-1][1] + 1, end - 1):
        if any(text[p:p + n] + level in names for n in (2, 3) for level in "县市区"):
            return p
    parted = [s2 for (_, e1), (s2, _) in pairwise(inside) if s2 > e1]
    return parted[-1] if parted else start


_MEASURES = frozenset("项个家名位座所批")
_NUMERALS = frozenset("0123456789一二三四五六七八九十百千万两几多余")


class GpeGazetteerRule(Rule):
    name, version, labels, priority, layer = "gpe_gazetteer", 8, ("GPE",), 40, "divisions"
    description = "China's administrative divisions (cpca adcodes) and their short forms, longest first"

    def find_spans(self, doc: Document, layers: Layers) -> Iterator[Span]:
        # Longest first, not overlapping: later layers bisect these spans. A short name before 路/大道/
        # 大街 is part of a road's name (韶山南路: no 山南).
        text = doc.text
        for span in self.matches(text, gpe_regex(), "GPE"):
            # 中国特色社会主义 names a doctrine, not the country.
            if span.text == "中国" and text.startswith("特色", span.end):
                continue
            # …nor 区域 or 区县 a district (新兴区域: no 新兴区; 太原区域, 重庆区县: 太原, 重庆).
            if span.text.endswith("区") and text.startswith(("域", "县"), span.end):
                if span.text[:-1] in gazetteer_names():
                    yield self.span(text, "GPE", span.start, span.end - 1)
                continue
            # A count's measure word is no place's first character (125项 + 城市建设, not 项城市).
            if span.text[0] in _MEASURES and span.start and text[span.start - 1] in _NUMERALS:
                continue
            if span.text[-1] in _LEVELS or not text.startswith(("路", "大道", "大街"), span.end):
                yield span


@cache
def gpe_regex() -> re.Pattern[str]:
    """Compile the gazetteer's names, longest first."""
    return re.compile(gpe_pattern())


@cache
def _bare_zone() -> re.Pattern[str]:
    return re.compile(f"[市县区]?(?:{alt('zone_bare')})")


# A grade, a rank or a count is no part of a zone's name (国家级 + 宁波经济技术开发区); without more it names a class of
# zones (省级经济开发区, 对外贸易十强开发区, 全省115家经济开发区), as words that only say what kind of zone it is do
# (全省经济开发区).
_ZONE_GRADE = re.compile(r"级|十强|百强|名列|\d+家")
_ZONE_KIND = re.compile("(?:全?[省市县区]|国家)?(?:经济技术|经济|高新技术|高新|工业|产业)*")
# A province's zones are a class (四川省开发区发展规划); a city's or a county's is one (长春经开区).
_PROVINCE = re.compile(f"[{HAN}]{{2,7}}(?:省|自治区)")
# A verb of having before a zone type parts the place from it (汕头有高新区、综合保税区).
_ZONE_HAS = re.compile("(?:拥|设|建)?有(?![色限])")


def settled_names(text: str, spans: list[tuple[int, int]], bare: re.Pattern[str] | None = None,
                  ) -> list[tuple[int, int]]:
    """Return the (start, end) names a suffix rule found in one document, each started where the longest name
    of the same document that ends it starts, when that name stands somewhere with nothing Han before it
    (这传递出乐平镇 → 乐平镇, as in ，乐平镇共推动): the window before a suffix cannot tell a verb from a name, the
    document's clean mentions can. A `bare` name (经开区 alone) is no such name: 长春经开区 stays."""
    clean = {text[s:e] for s, e in spans if (s == 0 or not _HAN_CHAR.match(text, s - 1))
             and not (bare and bare.fullmatch(text, s, e))}
    out = []
    for s, e in spans:
        name = text[s:e]
        # The longest clean name that ends this one, three characters at least (乐平镇, not 平镇).
        out.append((next((s + i for i in range(1, len(name) - 2) if name[i:] in clean), s), e))
    return out


ZONE_NAME_MAX = 5  # a zone's own name is short (稀土, 先进制造业); a longer one holds a place (东营港经济, 江苏射阳经济)


def _unplaced_long(text: str, start: int, end: int, divisions: Sequence[tuple[int, int]]) -> bool:
    """Say whether a zone's name before its suffix is longer than a zone's own name and holds no division's:
    a clause, not a name (依得分高低排出市高新区)."""
    if end - start <= ZONE_NAME_MAX or _county_stem(text[start:start + 2], gazetteer_names()):
        return False  # …or opens with a county's name without its level (金州 + 生态产业开发区)
    i = bisect_left(divisions, (start, start))
    return not (i < len(divisions) and divisions[i][0] < end)


def _zone_start(text: str, start: int, end: int, divisions: Sequence[tuple[int, int]]) -> int | None:
    """Return where the name of a zone whose suffix starts at `end` starts (window start `start`), or None when what
    stands before the suffix names no zone (a kind, grade, count or province of zones, or a clause)."""
    s = _last_place(text, after_cues(text, start, end, divisions), end, divisions)
    s = _after_last(_ZONE_GRADE, text, _after_last(_ZONE_HAS, text, s, end), end)
    if end - s < 2 or _ZONE_KIND.fullmatch(text, s, end) or _PROVINCE.fullmatch(text, s, end) \
            or _unplaced_long(text, s, end, divisions):
        return None
    return s


def _after_last(pattern: re.Pattern[str], text: str, start: int, end: int) -> int:
    """Return where a zone's name before `end` starts: after the last match of `pattern` in `[start, end)`, a grade
    (国家级宁波经济技术开发区), a count or a verb of having (汕头有高新区), else at `start`."""
    ends = [m.end() for m in pattern.finditer(text, start, end)]
    return ends[-1] if ends else start


class ZoneRule(Rule):
    name, version, labels, priority, layer = "gpe_zone", 12, ("GPE",), 41, "places"
    description = ("development zones named before 高新区/经开区/开发区/新区 (稀土高新区), before 示范区/边合区 "
                   "after a place name (临沧边合区), or bare opening a clause (经开区始终坚持)")

    def find_spans(self, doc: Document, layers: Layers) -> Iterator[Span]:
        text, divisions = doc.text, layers.ranges("gpe_gazetteer")
        out = [(s, m.end()) for start, m in named_before(text, "zone_suffixes", 8, divisions)
               if (s := _zone_start(text, start, m.start(), divisions)) is not None]
        out += [(start, m.end()) for start, m in named_before(text, "zone_suffixes_placed", 8, divisions)
                if gpe_regex().match(text, start)]
        # A bare zone type opening a clause is the zone of the article (经开区始终坚持…), also with its level
        # (市开发区认真落实…) and as an item of a list of places (金安区6个、市开发区6个).
        out += [(m.start(), m.end()) for m in _bare_zone().finditer(text)
                if m.start() == 0 or text[m.start() - 1] in "，。；：、\n,;:"]
        for start, end in settled_names(text, out, _bare_zone()):
            if _HAN_CHAR.match(text, start):
                yield self.span(text, "GPE", start, end)


class LocRule(Rule):
    name, version, labels, priority, layer = "loc_suffix", 14, ("LOC",), 60, "places"
    description = ("named parks and facilities: a name before 工业园区/产业园/经济区/议事厅 … that holds a place "
                   "name or follows 在/来到/落户")

    def find_spans(self, doc: Document, layers: Layers) -> Iterator[Span]:
        text, divisions = doc.text, layers.ranges("gpe_gazetteer")
        # Places listed before a facility make it one too (梧州高新区、岑溪水平石材产业园、藤县中和陶瓷产业园).
        listed = {e for _, e in layers.ranges("gpe_zone")}
        found = []
        ends = {e: s for s, e in divisions}
        for start, m in named_before(text, "loc_suffixes", 10, divisions):
            # A division's name that ends like a facility is the division (长春市 + 绿园区: no 园区).
            if ends.get(m.end(), m.start()) < m.start():
                continue
            start = after_cues(text, start, m.start(), divisions)
            if m.start() - start < 2:
                continue
            # A facility needs a proper name before its suffix: one that holds a place name, or one
            # right after 在/来到/落户 (在袁家坝铝产业园举行), or a region's (川南经济区), or a list's item.
            if (gpe_regex().search(text, start, m.start()) or _loc_cue().search(text, max(0, start - 2), start)
                    or _county_stem(text[start:start + 2], gazetteer_names())
                    or word_regex("loc_named_suffixes").fullmatch(m.group())
                    or text[start - 1:start] == "、" and start - 1 in listed):
                listed.add(m.end())
                found.append((start, m.end()))
        for start, end in settled_names(text, found):
            yield self.span(text, "LOC", start, end)


class LocRegionRule(Rule):
    """Macro-regions: listed ones (京津冀, 粤港澳大湾区, 东北) and a province's abbreviation with a direction (苏北,
    粤东, 川东北), with 地区 when it follows (珠三角地区)."""

    name, version, labels, priority, layer = "loc_region", 3, ("LOC",), 59, "places"
    description = "macro-regions: 京津冀, 东北, a province's abbreviation and a direction (苏北), + 地区"

    def find_spans(self, doc: Document, layers: Layers) -> Iterator[Span]:
        text, names = doc.text, gazetteer_names()
        for m in _region_regex().finditer(text):
            # Not a division's name (陕西, 黔南, 晋中), a direction inside a word (东北侧, 西南大学) or a
            # region inside another name (川东北 of 川东北经济区 is the zone's).
            # Nor the start of a division's full name (辽中 of 辽中区).
            if m.group(1) in names or text[m.start():m.end() + 1] in names or _REGION_STOP.match(text, m.end()) \
                    or m.start() and \
                    _HAN_CHAR.match(text, m.start() - 1) and not _REGION_BEFORE.search(text, max(0, m.start() - 4), m.start()):
                continue
            yield self.span(text, "LOC", m.start(), m.end())


@cache
def _region_regex() -> re.Pattern[str]:
    abbreviation = "".join(terms("gpe_province_abbreviations"))
    return re.compile(rf"({alt('loc_regions')}|[{abbreviation}](?:东西北|东北|西北|东南|西南|[东西南北中]))(?:地区)?")


# What ends a direction word (东北侧, 西南部分, 华南理工, 西北大学) and what may stand before a region
# (与京津冀、来东北、对接京津).
_REGION_STOP = re.compile("[侧部面边角风向方市州省县]|大学|理工|师范|农业大学|局|电网|公司|集团|航空")
_REGION_BEFORE = re.compile("(?:[与和及、在到来向对接从于是为]|融入|对接|服务|辐射|巩固|跨过|地处|打造|实施|推动|带动)$")


class TownRule(Rule):
    name, version, labels, priority, layer = "gpe_town", 12, ("GPE",), 40, "places"
    description = "towns and subdistricts: a name of 2–5 characters before 镇/街道 (黄坦镇), not 城镇/特色小镇"

    def find_spans(self, doc: Document, layers: Layers) -> Iterator[Span]:
        text, divisions = doc.text, layers.ranges("gpe_gazetteer")
        found = []
        for start, m in named_before(text, "town_suffixes", 5, divisions):
            # A name is Han: a road number or a class before it is no part of it (G357陈岱镇, 获I类镇第一名).
            start = max([start] + [i + 1 for i in range(start, m.start()) if not _HAN_CHAR.match(text, i)])
            if start > 0 and text[start] in "年月日" and text[start - 1].isdigit():
                start += 1  # nor a date's unit (2023年 + 绿水镇)
            # A division before the town is its own name (长泰县 + 陈巷镇).
            start = max([start] + [e for _, e in divisions if start < e <= m.start() - 2])
            name = text[start:m.start()]
            # A division right before 镇 leaves it to the next name (安顺市 + 镇宁自治县).
            if len(name) < 2 or any(s == start and e == m.start() for s, e in divisions):
                continue
            if _HAN_CHAR.fullmatch(name[-1]) and not word_regex("town_stop").search(name):
                found.append((start, m.end()))
        for start, end in settled_names(text, found):
            yield self.span(text, "GPE", start, end)


# Where a two-character county stands as a place: after a separator, a cue or a non-Han character.
_COUNTY_BEFORE = "、和及与在到赴来驻对从向于至"
_COUNTY_ACT = re.compile("召开|举行|举办|开展|组织|实施|推进|出台|启动|坚持|围绕|聚焦|全力|积极|加快|大力|深入|持续|共|累计|今年|经济")
_COUNTY_VISIT = re.compile("调研|视察|考察|观摩|投资|落户|参观|[，。；,;]")
_COUNTY_WORD_AFTER = re.compile("县(?:域|城|级|乡|区|内|外|长)")
_COUNTY_ORGAN = re.compile("县?(?:委|人民政府|政府|人大|政协|县长)")


class CountyShortRule(Rule):
    name, version, labels, priority, layer = "gpe_county_short", 4, ("GPE",), 40, "places"
    description = ("two-character counties (忠县, 温县) only as places: in a list with other divisions, right "
                   "after one (哈尔滨市宾县), before an organ of their own (忠县县委), opening a clause as the "
                   "subject of an act (，眉县举行), or where something happens or someone goes (在祁县召开, 赴眉县调研); "
                   "then every mention in that document")

    def find_spans(self, doc: Document, layers: Layers) -> Iterator[Span]:
        text = doc.text
        places = layers.ranges("gpe_gazetteer") + layers.ranges("gpe_town") + layers.ranges("gpe_zone")
        ends, starts = {e for _, e in places}, {s for s, _ in places}
        found = [(m.start(), m.end()) for m in word_regex("gpe_counties_short").finditer(text)]
        ends |= {e for _, e in found}
        starts |= {s for s, _ in found}
        confirmed = set()
        for s, e in found:
            before = text[s - 1:s]
            free = s == 0 or before in _COUNTY_BEFORE or not _HAN_CHAR.match(before)
            # …a county listed before another place stands free itself (示范县和甘肃省: 示范 is a word, no 范县).
            listed = (before in "、和及与" and s - 1 in ends) or (free and text[e:e + 1] in "、和及与" and e + 1 in starts)
            # … or opening a clause as the subject of an act (9月9日，眉县举行重点项目观摩).
            acting = (s == 0 or before in "，。；：\n,;:") and _COUNTY_ACT.match(text, e)
            # … or where something happens or someone goes (在祁县召开, 赴眉县调研, 来到忠县，).
            located = before in "在到赴驻于至" and (_COUNTY_ACT.match(text, e) or _COUNTY_VISIT.match(text, e))
            if s in ends or listed or free and _COUNTY_ORGAN.match(text, e) or acting or located:
                confirmed.add(text[s:e])
        # Once the document shows a county as a place, its other mentions are that place too (实力眉县、活力眉县),
        # unless the 县 starts a word (提高县域, 沙县小吃 stay words where nothing confirms them).
        for s, e in found:
            if text[s:e] in confirmed and not _COUNTY_WORD_AFTER.match(text, e - 1):
                yield self.span(text, "GPE", s, e)


class GpeShortRule(Rule):
    name, version, labels, priority, layer = "gpe_short", 3, ("GPE",), 39, "places"
    description = ("short forms of the divisions the document names in full (永春县 … 为永春推荐 → 永春; "
                   "陵水黎族自治县 … 要求陵水 → 陵水), and of three or more counties listed before 等 (临泉、阜南、颍上等地)")

    def find_spans(self, doc: Document, layers: Layers) -> Iterator[Span]:
        text = doc.text
        named = layers.ranges("gpe_gazetteer") + layers.ranges("gpe_town")
        stems = {text[s:e - 1] for s, e in named if text[e - 1] in _LEVELS}
        # An autonomous county or prefecture is called by its place alone (镇宁自治县, 陵水黎族自治县 → 镇宁, 陵水).
        stems = {autonomous_place(t) or t for t in stems}
        stems = {t for t in stems if len(t) >= 2} - set(terms("gpe_stop"))
        if stems:
            for m in re.finditer(trie_pattern(stems), text):
                yield self.span(text, "GPE", m.start(), m.end())
        # Three or more counties listed by their short forms before 等 (颍东、临泉、阜南、颍上等地): places.
        names = gazetteer_names()
        for m in _LISTED_SHORT.finditer(text):
            items = m.group(1).split("、")
            first = next((items[0][-n:] for n in (3, 2) if _county_stem(items[0][-n:], names)), None)
            if first and all(_county_stem(t, names) for t in items[1:]):
                pos = m.end(1) - len(m.group(1)) + len(items[0]) - len(first)
                for t in [first, *items[1:]]:
                    yield self.span(text, "GPE", pos, pos + len(t))
                    pos += len(t) + 1


_LISTED_SHORT = re.compile(rf"((?:[{HAN}]{{2,3}}、){{2,}}[{HAN}]{{2,3}})(?=等)")


def _county_stem(stem: str, names: frozenset[str]) -> bool:
    """Say whether a two- or three-character word is a county-level division's name without its level."""
    return len(stem) >= 2 and any(stem + level in names for level in "县区市旗")


_LEVELS = "省市县区旗盟州镇"


@cache
def _autonomous() -> re.Pattern[str]:
    # A people's name may stand without 族 (伊犁哈萨克自治州 → 伊犁州).
    return re.compile(rf"(.{{2,4}}?)(?:(?:{alt('peoples')})族?)*自治")


@cache
def _abbreviation_slot() -> re.Pattern[str]:
    return re.compile(rf"(?<=[来在赴驻入])[{HAN}](?={alt('gpe_abbreviation_after')})")


class ProvinceAbbreviationRule(Rule):
    name, version, labels, priority, layer = "gpe_abbreviation", 2, ("GPE",), 39, "places"
    description = ("a one-character abbreviation after 来/在/驻 and before 视察/调研/投资/发展 …: a province's "
                   "(来川视察) or the first character of a place the document names (包头市 … 在包投资); "
                   "provinces paired in a cooperation (粤桂协作)")

    def find_spans(self, doc: Document, layers: Layers) -> Iterator[Span]:
        text = doc.text
        chars = set(terms("gpe_province_abbreviations"))
        chars |= {text[s] for s, e in layers.ranges("gpe_gazetteer") if e - s >= 2}
        for m in _abbreviation_slot().finditer(text):
            if m.group() in chars:
                yield self.span(text, "GPE", m.start(), m.end())
        # Provinces paired in a cooperation (粤桂协作, 对接京津): each is a place.
        provinces = "".join(terms("gpe_province_abbreviations"))
        for m in re.finditer(rf"(?<![{provinces}])[{provinces}]{{2,3}}(?=(?:协作|合作)(?!办)|两地|三地)|(?<=对接)[{provinces}]{{2,3}}(?![{HAN}])",
                             text):
            for i in range(m.start(), m.end()):
                yield self.span(text, "GPE", i, i + 1)


@cache
def _loc_cue() -> re.Pattern[str]:
    return re.compile(f"(?:{alt('loc_cues')})$")
