"""Rules for dates and numbers: DATE, MONEY, PERCENT, QUANTITY (regex scans over the document text).

The first layer: they read no other rule's spans.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property

from curate.records import Document
from curate.rules.base import HAN, Layers, Rule, Span, alt, first_chars, terms

# Arabic numbers (with thousands commas and decimals) or Chinese numerals.
NUM = r"(?:\d+(?:,\d{3})*(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九]+)?)"
ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
CN_DIGIT = "一二三四五六七八九十"


class RegexRule(Rule):
    """A rule whose spans are the matches of one compiled regex (group `s` if present)."""

    label = ""
    layer = "numbers"

    def pattern(self) -> str:
        raise NotImplementedError

    @cached_property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.pattern())

    def keep(self, text: str, m: re.Match[str]) -> bool:
        """Return whether a match is a real span (context checks)."""
        return True

    def find_spans(self, doc: Document, layers: Layers) -> Iterator[Span]:
        text = doc.text
        for m in self.regex.finditer(text):
            group = "s" if "s" in self.regex.groupindex else 0
            if m.group(group) and self.keep(text, m):
                yield self.span(text, self.label, m.start(group), m.end(group))


_PLAN = re.compile("十[一二三四五六七八九]五")
_PLAN_AFTER = re.compile("”?(?:规划|计划|纲要)")


class DateRule(RegexRule):
    name, version, labels, label, priority = "date_regex", 11, ("DATE",), "DATE", 30
    description = ("absolute dates (2022年4月23日, 4月21日、22日, 2月22日至24日, 1-2月份, 2018年秋季), quarters, "
                   "relative dates (今年上半年), a bare day before the event (20日举行)")

    def pattern(self) -> str:
        # A day may drop its 日 before a part of the day (5月24上午).
        day = r"\d{1,2}(?:[日号]|(?=上午|下午|晚上))"
        month = r"(?:\d{1,2}|元)月(?:" + day + r"|份)?"
        year = r"(?:19|20)\d{2}年度?"
        quarter = r"(?:第)?[一二三四1-4]{1,2}季度"
        part = "(?:" + alt("date_parts_of_day") + ")"
        evening = "晚(?![会宴报餐饭])"  # 8月3日晚, not 12月31日晚会
        rel = "(?:" + alt("date_relative") + ")"
        holiday = rf"(?:{year})?(?:{alt('holidays')})(?:前|后|期间|假期)"
        months = r"\d{1,2}(?:至|到|—|－|-)\d{1,2}月份?"
        season = "[春夏秋冬]季"
        # A bare day counts before a part of day or the verb of the event (园区20日举行).
        bare_day = rf"(?<![\d.]){day}(?=上午|下午|晚|[，,在召举]|(?:至|到)\d{{1,2}}[日号])"
        # The first quarters or months of the year (前三季度, 前4个月) and lunar days (正月初八).
        first = r"(?<![目之提])前(?:[一二三]季度|[一二三四五六七八九十\d]{1,2}个?月)"  # not 目前 + 一季度
        lunar = "[正腊]月(?:初[一二三四五六七八九十]|廿[一二三四五六七八九]|二?十[一二三四五六七八九]?)"
        # A range of years (2018-2022年, 2024年--2026年) is one date.
        years = r"(?:19|20)\d{2}年?(?:至|到|—{1,2}|－|-{1,2}|～|~)(?:19|20)\d{2}年度?"
        core = (rf"(?:{years}|{first}|{lunar}|{holiday}|(?:{year}|{rel})?{months}|{year}(?:{month}|{quarter}|上半年|下半年|全年|年初|年底|年末|{season})?"
                rf"|{rel}(?:前?{quarter}|{first}|{month}|上半年|下半年|全年|{season})?|{month}|{quarter}|{ARABIC}/\d{{1,2}}/\d{{1,2}}|{bare_day})")
        # A range (至/到/—), coordinated days (4月21日、22日), a part of day or 以来 belong to the date.
        rng = rf"(?:(?:至|到|—|－|-)(?:{year})?(?:{month}|{day})|(?:、{day})+)?"
        pre = first_chars("date_relative", "holidays", "date_parts_of_day", extra="0123456789第一二三四前正腊元")
        # …not the 前 of a word after it (1-2月前进一位, 前列, 前往).
        edge = r"(?:底|初|末|上旬|中旬|下旬)?(?:前(?![进列移行往景])|后|以来)?"
        # A part of day alone opens a clause (下午在议事厅召开…).
        return rf"{pre}(?:{core}{rng}{edge}(?:{part}|{evening})?|(?<![{HAN}]){part}(?:(?![{HAN}])|(?=在|召开|举行)))"

    def keep(self, text: str, m: re.Match[str]) -> bool:
        # "第一季度" inside "第一季度全市..." is fine; a bare "一季度" preceded by a numeral is not a date.
        before = text[m.start() - 1] if m.start() else ""
        # A five-year plan's name before 规划 names the plan, not its period (谋划“十五五”规划; 十四五开好局 is one).
        if _PLAN.fullmatch(m.group()) and _PLAN_AFTER.match(text, m.end()):
            return False
        return not before or not (before.isdigit() or before in CN_DIGIT)


class MoneyRule(RegexRule):
    name, version, labels, label, priority = "money_regex", 3, ("MONEY",), "MONEY", 26
    description = "a number, an optional 万/亿 multiplier and a currency unit (12493亿元)"

    def pattern(self) -> str:
        # 3.1个亿 is said for 3.1亿元.
        return (rf"(?=[\d零〇一二两三四五六七八九十百千])(?:{NUM}(?:多|余)?(?:万亿|亿|万|千)?(?:多|余)?(?:{alt('money_units')})"
                rf"|{NUM}个亿元?)")


class PercentRule(RegexRule):
    name, version, labels, label, priority = "percent_regex", 1, ("PERCENT",), "PERCENT", 26
    description = "a number with %, 个百分点, or 百分之N"

    def pattern(self) -> str:
        return rf"(?=[\d百零〇一二两三四五六七八九十])(?:{ARABIC}(?:%|％|个百分点)|{NUM}个百分点|百分之{NUM})"


class QuantityRule(RegexRule):
    name, version, labels, label, priority = "quantity_regex", 6, ("QUANTITY",), "QUANTITY", 20
    description = "a number with 多/余, 万/亿 and a measure word (30个, 40万吨, 50GW, 270多万, 数千名)"

    def pattern(self) -> str:
        units = alt("measure_words")
        big = r"(?:万亿|亿|万|千|百)"
        approx = rf"(?:数|几|上)(?:十|百|千|万)(?:{units})"
        # Chinese numerals count only from two up (一个/一批 are not counts) and outside slogans.
        span_of_time = "月|季度|小时|工作日|星期|产业"
        # A bare multiplier (270多万) counts without a unit only if no Han character follows the unit slot.
        bad = "".join(terms("quantity_bad_after"))
        # … nor after 、 in a list of places (第一、二名), nor before a word (四家班子).
        cn = (rf"(?<![第一二三四五六七八九十两百千“‘、])[两二三四五六七八九十][十百千]?(?:{alt('measure_words_cn')})"
              rf"(?![{bad}]|{span_of_time})")
        # A span of time (12个月, 连续8个季度) and the three sectors (三次产业) count nothing.
        unit = rf"(?:{units})(?![{bad}]|{span_of_time})"
        return (rf"(?=[\d两二三四五六七八九十数几上])(?<![第\d.])(?:{ARABIC}(?:多|余)?{big}?(?:多|余)?{unit}"
                rf"|{ARABIC}(?:多|余)?{big}(?!个亿)|{approx}|{cn})")

    def keep(self, text: str, m: re.Match[str]) -> bool:
        # How a meeting was organised counts nothing (分三场召开, SCHEMA.md), nor does a rank (排名前30位, 前三十名).
        before = text[m.start() - 1:m.start()]
        return not (before == "分" or before == "前" and m.group()[-1] in "名位强")
