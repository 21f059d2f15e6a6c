"""Clean stage, last step: whitespace and ASCII punctuation next to Chinese text to full width.

`4月23日,包头市` → `4月23日，包头市` and `晶体(第三代半导体)` → `晶体（第三代半导体）`; `1,000`, `9:11`
and `(GW)` between Latin letters or digits stay as they are.
"""

from __future__ import annotations

import re

# "Chinese" neighbours: hanzi, CJK and full-width punctuation, curly quotes.
_ZH = r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’…—]"
_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_MARK = re.compile(rf"(?<={_ZH})[,;:?!]|[,;:?!](?={_ZH})")
# A bracket pair goes full width together when it touches or holds Chinese text.
_PAIR = re.compile(r"\((?=[^()]{0,60}\))([^()]*)\)")
_HAS_ZH = re.compile(_ZH)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000\ufeff]+")
_FULL_PUNCT = "[\u3000-\u303f\uff01-\uff0f\uff1a-\uff1f\uff3b-\uff40“”‘’]"
_TOUCHED = re.compile(r"[,;:?!() ]")
_SPACE_BY_FULL = re.compile(rf" (?={_FULL_PUNCT})|(?<={_FULL_PUNCT}) ")


def normalise_space(text: str) -> str:
    """Collapse runs of spaces (incl. ideographic and no-break) to one and strip the ends."""
    return _SPACES.sub(" ", text).strip()


def normalise_punct(text: str) -> tuple[str, int]:
    """Return the text with ASCII punctuation beside Chinese in full width, and how many changed."""
    if not _TOUCHED.search(text):  # fast path: nothing this step could change
        return text, 0
    total = 0
    while True:  # a converted mark can put its neighbour beside Chinese: repeat to a fixed point
        new, count = _convert_once(text)
        new = _SPACE_BY_FULL.sub("", new)
        if new == text:
            return text, total
        text, total = new, total + count


def _convert_once(text: str) -> tuple[str, int]:
    count = 0

    def pair(m: re.Match[str]) -> str:
        nonlocal count
        start, end = m.span()
        if _HAS_ZH.search(m.group(1) + text[start - 1: start] + text[end: end + 1]):
            count += 2
            return f"（{m.group(1)}）"
        return m.group(0)

    def mark(m: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return _FULL[m.group(0)]

    return _MARK.sub(mark, _PAIR.sub(pair, text)), count
