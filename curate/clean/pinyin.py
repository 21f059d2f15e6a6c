"""Clean stage, step 3: remove inline pinyin residue (`設(shè)` → `設`) and keep real parentheses.

A group counts as pinyin only if it follows a CJK character, has 1–6 letters and at least one
tone mark: that is what keeps `（第三代半导体）`, `(GW)` and `(作品)` safe. A stray space inside it
(`創(chuàng )業`) is part of it; a group cut off at the end of a line (`詳細(x`) goes too.
"""

from __future__ import annotations

import re

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_LETTER = f"[a-zü{_TONED}]"
_GROUP = rf"[(（] ?(?={_LETTER}{{0,5}}[{_TONED}]){_LETTER}{{1,6}} ?[)）]"
# Consecutive groups (and spaces before them) go together, so removing one never exposes another.
PINYIN = re.compile(rf"(?<=[\u3400-\u9fff\uf900-\ufaff])(?:[ \t\u3000\xa0]*{_GROUP})+")
_ONE = re.compile(_GROUP)
# A page cut off inside a group leaves `詳細(x` at the end of a line: an open bracket and letters.
_CUT = re.compile(rf"[(（]{_LETTER}{{1,6}}$", re.MULTILINE)  # after a hanzi (see `drop_cut`)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def strip_pinyin(text: str) -> tuple[str, int]:
    """Return the text without pinyin groups and how many groups were removed."""
    count = 0

    def drop(m: re.Match[str]) -> str:
        nonlocal count
        count += len(_ONE.findall(m.group(0)))
        return ""

    def drop_cut(m: re.Match[str]) -> str:
        nonlocal count
        if not m.start() or not _CJK.match(m.string, m.start() - 1):
            return m.group(0)
        count += 1
        return ""

    text = _CUT.sub(drop_cut, PINYIN.sub(drop, text))
    return text, count


def has_pinyin(text: str) -> bool:
    """Say whether any pinyin group is left."""
    return PINYIN.search(text) is not None
