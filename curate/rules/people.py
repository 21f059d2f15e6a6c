"""Rules for people and offices: TITLE, and PER anchored on a title, a list, a speech verb or a repeat.

They read the zone names (a title inside 稀土高新区党工委书记), the titles (a name after one) and the
names the other person rules found (their other mentions).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import cache

from curate.records import Document
from curate.rules.base import (
    HAN,
    Layers,
    Rule,
    Span,
    alt,
    first_chars,
    term_set,
    terms,
    trie_pattern,
    word_regex,
)
from curate.rules.places import gazetteer_names


@cache
def title_regex() -> re.Pattern[str]:
    """Compile the TITLE pattern: [prefix] [organ] [常务副/副] head, one title per span."""
    prefixes = terms("title_prefixes")
    multi = trie_pattern({p for p in prefixes if len(p) > 1} | set(terms("zone_prefixes")))
    single = trie_pattern(p for p in prefixes if len(p) == 1)
    # Two organs in a row make one office (市委宣传部部长).
    organ = f"(?:{alt('title_organs')}){{1,2}}"
    # "常委" inside "人大常委会" or "委员" inside "委员会" is an organ, not a title.
    head = f"(?:{alt('title_heads')})(?!会)"
    pre = first_chars("title_prefixes", "zone_prefixes", "title_organs", "title_heads", extra="常副代")
    # A deputy of a level's congress is one title with the level (州人大代表, 省政协委员).
    deputy = rf"{single}(?=人大代表|政协委员)"
    return re.compile(rf"{pre}(?:(?:{multi}|{single})?{organ}|{multi}|{deputy})?(?:常务副|常务|副|代)?{head}")


# A transcribed name: parts joined by · (艾沙·努尔, 买买提·吐尔逊); its last part as short as what follows allows.
_DOTTED = rf"[{HAN}]{{1,6}}(?:·[{HAN}]{{1,6}})+"
_DOTTED_NAME = re.compile(_DOTTED)
_DOTTED_SHORTEST = rf"[{HAN}]{{1,6}}(?:·[{HAN}]{{1,6}})*·[{HAN}]{{1,6}}?"


@cache
def _dotted_name() -> re.Pattern[str]:
    """Compile a transcribed name: parts joined by ·, the last ending at a cue (塔依尔·卡地尔 + 汇报)."""
    return re.compile(rf"{_DOTTED_SHORTEST}(?=(?:{alt('person_right_cues')})|[^{HAN}]|$)")


@cache
def name_regex() -> re.Pattern[str]:
    """Compile the pattern of a 2–3 character name followed by a cue that ends it."""
    # A third character that is itself a cue (干勇在参加) ends a two-character name instead.
    cue = f"(?:{alt('person_right_cues')})"
    # Before a list's 、 or 等 a third character is the name's even when it could be a cue (周凤来、, 刘家和等).
    # So is 和/与 before a verb, which joins nothing (刘家和主持).
    verb = "主持|出席|讲话|参加|致辞|表示|指出|强调|介绍|陪同|调研|考察"
    return re.compile(rf"[{HAN}]{{2}}(?![说道等])[{HAN}](?=[、等])|[{HAN}]{{2}}[和与](?={verb})"
                      rf"|[{HAN}]{{2}}(?:(?!{cue})[{HAN}])?(?={cue}|$|\s)")


_HAN_WORD = re.compile(f"[{HAN}]+")



def name_shaped(word: str) -> bool:
    """Return whether a word has a name's shape: 2–4 characters, no known word or place."""
    return 2 <= len(word) <= 4 and _HAN_WORD.fullmatch(word) is not None and word not in term_set("non_names") \
        and word not in gazetteer_names()


def is_name(word: str, after_title: bool = False) -> bool:
    """Return whether a 2–3 character word can be a person's name (surname first, not a known word).

    Right after a title a rarer surname will do too (`surnames_rare`).
    """
    surnames = term_set("surnames")
    return name_shaped(word) and (word[0] in surnames or word[:2] in surnames
                                  or after_title and word[0] in term_set("surnames_rare")
                                  or after_title and _TO_SURNAME.fullmatch(word) is not None
                                  or after_title and _LIAN_SURNAME.fullmatch(word) is not None)


# 向 is a surname too (县委书记向承强宣布), but right after a title it is mostly "to" (书记向大家介绍, 向全会作报告):
# a full three-character name whose given name is not whom one turns to.
_TO_SURNAME = re.compile(f"向(?!大家|全[会县市区省国体场]|社会|各[位界]|与会|广大|[我你他]们|中央|上级|国家|企业|群众|外界|大会|会议|记者)[{HAN}]{{2}}")


# So is 连 (市政府秘书长连建华), but not where it opens a word (市长连续两年, 书记连夜赶到, 连同).
_LIAN_SURNAME = re.compile(f"连(?![续日年夜同线接通片锁任连])[{HAN}]{{2}}")


class TitleRule(Rule):
    name, version, labels, priority, layer = "title_pattern", 8, ("TITLE",), 70, "people"
    description = ("offices: [自治区/市/区 …][党委/委/管委会 …][常务副/副] head (书记, 市长, 主任, 董事长 …); "
                   "after a named division only the head (昆山市人大常委会 + 主任)")

    def find_spans(self, doc: Document, layers: Layers) -> Iterator[Span]:
        text, zones, towns = doc.text, layers.ranges("gpe_zone"), layers.ranges("gpe_town")
        # A division's committee written after its name (宾县 + 县委书记) is an organ: the title is the head.
        fused = {(e, c) for _, e in layers.ranges("gpe_gazetteer") + layers.ranges("gpe_county_short")
                 if (c := fused_committee(text, e))}
        for m in title_regex().finditer(text):
            start, end = m.span()
            # A division name fused with the prefix (昆山 + 市人大常委会主任, 段园 + 镇党委书记) makes a full
            # organ name: the organ goes to GOV and only the generic head stays a title.
            if (_after_division(text, start) or _in_zone_name(text, start, zones)
                    or _in_zone_name(text, start, towns) or any(e <= start < c for e, c in fused)) and \
                    (h := _head_only().search(text, start, end)) and h.start() > start:
                start = h.start()
            # An organ's last character opening the title (投资促进 + 局党组书记) ends a name the prefix did
            # not take: the organ is a GOV of its own, the title its head.
            elif text[start] in _ORGAN_CHARS and start and _HAN_BEFORE.match(text, start - 1) and \
                    (h := _head_only().search(text, start, end)) and h.start() > start:
                start = h.start()
            yield self.span(text, "TITLE", start, end)


@cache
def _head_only() -> re.Pattern[str]:
    return re.compile(f"(?:常务副|常务|副|代)?(?:{alt('title_heads')})$")


def _after_division(text: str, start: int) -> bool:
    """Return whether a one-character prefix at `start` completes a division name before it."""
    if start == 0 or text[start] not in "省市县区旗盟州":
        return False
    names = gazetteer_names()
    return any(text[start - k:start + 1] in names for k in range(2, 8) if start - k >= 0)


def fused_committee(text: str, end: int) -> int | None:
    """Return where the party committee written after a division ending at `end` ends (宾县 + 县委, 吐鲁番 +
    地委), None without one."""
    if text[end + 1:end + 2] == "委" and text[end:end + 1] in "县市区州旗盟地" and \
            (text[end] == text[end - 1] or text[end] == "地"):
        return end + 2
    return None


def _in_zone_name(text: str, start: int, spans: tuple[tuple[int, int], ...]) -> bool:
    """Return whether a title starts inside a named zone (稀土 + 高新区党工委书记)."""
    i = bisect_right(spans, (start, len(text))) - 1
    return i >= 0 and spans[i][0] < start < spans[i][1]


_ORGAN_CHARS = frozenset("局厅委处院")  # not 办: 办公室主任 is a title
_HAN_BEFORE = re.compile("[\u4e00-\u9fff]")
_ORGAN_ENDS = frozenset("委局部厅办院会组队站所处科室区县市省州盟旗镇乡村司")


class PersonAfterTitleRule(Rule):
    name, version, labels, priority, layer = "per_after_title", 14, ("PER",), 50, "people"
    description = "a 2–3 character name right after a title (市委书记丁绣峰出席), and names listed after it"

    def find_spans(self, doc: Document, layers: Layers) -> Iterator[Span]:
        text, name_re = doc.text, name_regex()
        # A title rule's span ends where the title does (it may start later, never end elsewhere).
        anchors = [t.end for t in layers.spans("title_pattern")]
        anchors += [m.end() for m in word_regex("person_left_cues").finditer(text)]
        bylines = {m.start() + 1 for m in _BYLINE.finditer(text)}
        anchors += sorted(bylines)
        # A name also stands right before a post-posed title (习近平总书记).
        for m in word_regex("titles_after_name").finditer(text):
            for size in (3, 2):
                # Not an organ before its head (公安局 + 局长, 党委 + 书记).
                # Nor a county's short name before its head (南华 + 县长: 南华县).
                word = text[m.start() - size:m.start()]
                if m.start() >= size and is_name(word) and text[m.start() - 1] not in _ORGAN_ENDS \
                        and word + m.group()[:1] not in gazetteer_names():
                    yield self.span(text, "PER", m.start() - size, m.start())
                    break
        # After a title or a role noun: a name, and the names 、 lists after it.
        for pos in sorted(anchors):
            # A transcribed name joins its parts with · (新和县委副书记塔依尔·卡地尔汇报).
            if (n := _dotted_name().match(text, pos)):
                yield self.span(text, "PER", n.start(), n.end())
                continue
            # A byline spaces its names (记者 谢万波 通讯员 何国好 刘晓天; （孙灿芬 蔡紫旻 文/图）).
            spaced = (gap := _SPACES.match(text, pos)) is not None or pos in bylines
            pos = gap.end() if gap else pos
            while (n := _compound_name().match(text, pos) or name_re.match(text, pos)) and \
                    is_name(n.group(), after_title=True) and not title_regex().match(text, pos):
                yield self.span(text, "PER", n.start(), n.end())
                if text[n.end():n.end() + 1] == "、":
                    pos = n.end() + 1
                elif spaced and (gap := _SPACES.match(text, n.end())):
                    pos = gap.end()
                else:
                    break


_SPACES = re.compile("[ \u3000\u00a0]+")
# A bracketed byline: spaced names and what they made (（孙灿芬 蔡紫旻 陈林森 文/图）).
_BYLINE = re.compile(f"[（(][{HAN}]{{2,3}}(?:[ \u3000\u00a0]+[{HAN}]{{2,3}})*[ \u3000\u00a0]+(?:文/图|文／图|摄影|摄|文|图)[）)]")


@cache
def _compound_name() -> re.Pattern[str]:
    # A compound surname and two characters before a cue (县人大常委会主任欧阳颂东，).
    compound = "|".join(w for w in terms("surnames") if len(w) == 2)
    return re.compile(rf"(?:{compound})[{HAN}]{{2}}(?=(?:{alt('person_right_cues')}))")


@cache
def list_regex() -> re.Pattern[str]:
    # The last name is the shortest that a list word follows (刘琳 + 等出席, not 刘琳等 + 出席); a transcribed name
    # joins its parts with · (董某潮、艾沙·努尔、杨某分别参加).
    return re.compile(rf"(?:{_DOTTED}、 ?|[{HAN}]{{2,4}}、 ?)+(?:{_DOTTED_SHORTEST}|[{HAN}]{{2,3}}?)"
                      rf"(?=(?:{alt('person_list_right')}))")


def _listed_name(word: str, surname_first: bool) -> bool:
    """Say whether a later item of a list of people has a name's shape: a transcribed name (艾沙·努尔), or 2–3
    characters, or four after a two-character surname (欧阳志明)."""
    if "·" in word:
        return _DOTTED_NAME.fullmatch(word) is not None
    return (len(word) <= 3 or surname_first) and name_shaped(word)


class PersonListRule(Rule):
    name, version, labels, priority, layer = "per_list", 5, ("PER",), 50, "people"
    description = "names in a 、-list ending in 等/出席/参加/及 whose items (two thirds at least) start with a surname"

    def find_spans(self, doc: Document, layers: Layers) -> Iterator[Span]:
        text = doc.text
        for m in list_regex().finditer(text):
            spans, pos = [], m.start()
            for part in m.group().split("、"):
                # A stray space after 、 (王洋、 连向红) is not part of the name.
                lead = len(part) - len(part.lstrip())
                spans.append((pos + lead, pos + len(part)))
                pos += len(part) + 1
            (s0, e0), rest = spans[0], spans[1:]
            # The first item may carry a word before the name (领导邓霜丰): keep its name-shaped tail.
            first = next(((k, e0) for k in range(s0, e0 - 1) if e0 - k <= 3 and is_name(text[k:e0])), None)
            # Most items open with a known surname; the others (a rare surname: 怀颖) need only the name shape.
            # A name is two or three characters, or four after a two-character surname (欧阳志明).
            if first and all(_listed_name(text[s:e], text[s:s + 2] in term_set("surnames")) for s, e in rest) and \
                    3 * sum(is_name(text[s:e]) or "·" in text[s:e] for s, e in rest) >= 2 * len(rest):
                for start, end in (first, *rest):
                    yield self.span(text, "PER", start, end)


@cache
def verb_regex() -> re.Pattern[str]:
    surname = alt("surnames")
    # Two characters after the surname: two-character words before 在/强调 are too often nouns.
    # A two-character name does, when it opens a sentence before a speech verb and a colon (郭鹏强调：).
    two = rf"(?<![^。！？\n])(?:{surname})[{HAN}](?=(?:强调|指出|表示|要求)[：:])"
    # So does one opening a clause before 一行 (，李电一行实地察看), not a form of address (张总一行).
    party = rf"(?<![^。！？\n，,；;、])(?:{surname})(?![总局长记委书县市区省镇乡村队组])[{HAN}](?=一行)"
    return re.compile(rf"(?<![{HAN}])(?:{surname})[{HAN}]{{2}}(?=(?:{alt('speech_verbs')}|一行))|{two}|{party}")


class PersonBeforeVerbRule(Rule):
    name, version, labels, priority, layer = "per_before_verb", 8, ("PER",), 48, "people"
    description = "surname + 1–2 characters opening a clause before 强调/指出/主持/在 …"

    def find_spans(self, doc: Document, layers: Layers) -> Iterator[Span]:
        # A name found after a title, plus 在 (匡健 + 在调研中强调), is that name: `per_repeat` marks it.
        known = {s.text for rule in ("per_after_title", "per_list") for s in layers.spans(rule)}
        for m in verb_regex().finditer(doc.text):
            word = m.group()
            # A county's or district's short name opening a clause is the place acting (江都 + 正在积极推进).
            if is_name(word) and not (len(word) == 3 and word[2] == "在" and word[:2] in known) \
                    and not any(word[:2] + level in gazetteer_names() for level in "县区市"):
                yield self.span(doc.text, "PER", m.start(), m.end())


class PersonRepeatRule(Rule):
    name, version, labels, priority, layer = "per_repeat", 2, ("PER",), 46, "people"
    description = "every other mention in the document of a name another PER rule found"

    def find_spans(self, doc: Document, layers: Layers) -> Iterator[Span]:
        text = doc.text
        names = {s.text for rule in ("per_after_title", "per_list", "per_before_verb") for s in layers.spans(rule)}
        if not names:
            return
        for m in re.finditer(trie_pattern(names), text):
            yield self.span(text, "PER", m.start(), m.end())
