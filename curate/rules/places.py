"""Rules for places: GPE from the administrative-division gazetteer and zone names, LOC by suffix.

Also the left-cut helper that the suffix rules (zones, companies, meetings …) share.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from curate.records import Document
from curate.rules.base import HAN, Rule, Span, per_text, terms, trie_pattern, word_regex

_HAN_CHAR = re.compile(rf"[{HAN}]")


@cache
def gazetteer_names() -> frozenset[str]:
    """Return the administrative divisions and their short forms, less the stop list."""
    return frozenset(set(terms("gpe_divisions")) | set(terms("gpe_extra"))) - set(terms("gpe_stop"))


@cache
def gpe_pattern() -> str:
    return trie_pattern(gazetteer_names())


def left_start(text: str, end: int, max_len: int) -> int:
    """Return where a name ending at `end` starts: after the last non-Han character or cut word."""
    lo = max(0, end - max_len)
    start = lo
    for i in range(end - 1, lo - 1, -1):
        ch = text[i]
        if not (_HAN_CHAR.match(ch) or ch.isalnum() or ch in "（）()·-"):
            start = i + 1
            break
    # Cut words are searched left to right so the last one wins; a name never starts with one.
    for m in word_regex("left_cut_words").finditer(text, start, end):
        start = max(start, m.end())
    return start


def named_before(text: str, suffixes: str, max_len: int) -> Iterator[tuple[int, re.Match[str]]]:
    """Yield `(name start, suffix match)` for each suffix of the word list `suffixes` with a name of
    at least two characters before it (稀土 + 高新区, 包银 + 高铁)."""
    for m in word_regex(suffixes).finditer(text):
        start = left_start(text, m.start(), max_len)
        if m.start() - start >= 2:
            yield start, m


class GpeGazetteerRule(Rule):
    name, version, labels, priority = "gpe_gazetteer", 1, ("GPE",), 40
    description = "China's administrative divisions (cpca adcodes) and their short forms, longest first"

    def find_spans(self, doc: Document) -> Iterator[Span]:
        for start, end in gpe_spans(doc.text):
            yield self.span(doc.text, "GPE", start, end)


@per_text
def gpe_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Return `(start, end)` of the gazetteer's names in the text, longest first, not overlapping."""
    return tuple((m.start(), m.end()) for m in _gpe_regex().finditer(text))


@cache
def _gpe_regex() -> re.Pattern[str]:
    return re.compile(gpe_pattern())


@per_text
def zone_names(text: str) -> tuple[tuple[int, int], ...]:
    """Return `(start, end)` of named zones (稀土高新区): at least two characters before the suffix."""
    return tuple((start, m.end()) for start, m in named_before(text, "zone_suffixes", 8))


class ZoneRule(Rule):
    name, version, labels, priority = "gpe_zone", 1, ("GPE",), 41
    description = "development zones named before 高新区/经开区/开发区/新区 (稀土高新区)"

    def find_spans(self, doc: Document) -> Iterator[Span]:
        for start, end in zone_names(doc.text):
            yield self.span(doc.text, "GPE", start, end)


class LocRule(Rule):
    name, version, labels, priority = "loc_suffix", 1, ("LOC",), 60
    description = "named parks and facilities: a place name before 工业园区/产业园/机场/广场 …"

    def find_spans(self, doc: Document) -> Iterator[Span]:
        text = doc.text
        for start, m in named_before(text, "loc_suffixes", 10):
            # A facility needs a proper name before its suffix, and one that holds a place name.
            if _gpe_regex().search(text, start, m.start()):
                yield self.span(text, "LOC", start, m.end())

