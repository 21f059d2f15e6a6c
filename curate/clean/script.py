"""Clean stage, step 4: detect the script and convert Traditional to Simplified (OpenCC `tw2s`).

Detection counts the characters OpenCC's `t2s` table would change (it leaves 著/么 alone, unlike
`tw2s`), with a numpy lookup table; conversion, the slowest step, runs only on Traditional text
because `tw2s` damages Simplified text (显著 → 显着). Conversion is opencc-python-reimplemented itself:
`bench/bench_ingest.py` measured ingest at 607,598–621,480 raw chars/s with it (target 400,000;
0.55× the 1,101,747 of the hand-written converter it replaced, same run, lightly loaded 2 cores).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import opencc

SAMPLE = 5000
# Share of sampled hanzi that t2s changes above which a text is Traditional; Simplified news text
# scores 0 (a stray 乾 or 於 stays far below), Traditional text 0.15 and more.
_PRIVATE = 0xF0000  # private-use plane: stand-ins no dictionary maps
THRESHOLD = 0.03


# Where hanzi live: CJK extension A and the unified block, compatibility ideographs, the SIP plane.
_HANZI_RANGES = ((0x3400, 0xA000), (0xF900, 0xFB00), (0x20000, 0x2FA20))


@cache
def _t2s_table() -> dict[int, str]:
    """The characters OpenCC's t2s changes when it sees them alone, and what it makes of each."""
    t2s = opencc.OpenCC("t2s")
    table: dict[int, str] = {}
    # "\n" is one of OpenCC's segment separators: each character is converted on its own. In chunks:
    # the library's parse tree over all 120,000 characters at once costs 20 MB of peak memory.
    for start, end in _HANZI_RANGES:
        for chunk in range(start, end, 1000):
            chars = [chr(c) for c in range(chunk, min(chunk + 1000, end))]
            simplified = t2s.convert("\n".join(chars)).split("\n")
            table.update((ord(t), s) for t, s in zip(chars, simplified, strict=True) if s != t)
    return table


@cache
def _lookup() -> tuple[np.ndarray, np.ndarray]:
    """Boolean tables over code points: t2s would change it / it is a hanzi."""
    trad = np.zeros(0x110000, dtype=bool)
    trad[list(_t2s_table())] = True
    hanzi = np.zeros(0x110000, dtype=bool)
    hanzi[0x3400:0xA000] = hanzi[0xF900:0xFB00] = True
    return trad, hanzi


def _codes(text: str) -> np.ndarray:
    # surrogatepass: a JSONL string may hold a lone surrogate (\ud800), which must not crash detection
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")


def simplify_chars(text: str) -> str:
    """Map each character through t2s's character table (to judge characters, not to convert text)."""
    return text.translate(_t2s_table())


def detect_script(text: str) -> str:
    """Return "traditional" or "simplified" from the hanzi of the text's first SAMPLE characters."""
    codes = _codes(text[:SAMPLE])
    trad, hanzi = _lookup()
    n = int(hanzi[codes].sum())
    if not n:
        return "simplified"
    return "traditional" if int(trad[codes].sum()) / n >= THRESHOLD else "simplified"


def to_simplified(text: str) -> str:
    """Convert Traditional text to Simplified with OpenCC `tw2s` (call only on Traditional text).

    The Simplified characters tw2s would turn into variants (`data/clean/tw2s_keep.txt`) pass through
    as private-use stand-ins, which no OpenCC dictionary touches.
    """
    keep, back = _kept_through_tw2s()
    return _tw2s().convert(text.translate(keep)).translate(back)


@cache
def _tw2s() -> opencc.OpenCC:
    return opencc.OpenCC("tw2s")


@cache
def _kept_through_tw2s() -> tuple[dict[int, int], dict[int, int]]:
    from curate.clean.markers import load_markers

    chars = [c for c in load_markers("tw2s_keep") if len(c) == 1]
    return ({ord(c): _PRIVATE + i for i, c in enumerate(chars)},
            {_PRIVATE + i: ord(c) for i, c in enumerate(chars)})


def cjk_share(text: str) -> float:
    """Return the share of hanzi among the non-space characters."""
    codes = _codes(text)
    visible = len(codes) - int(_lookup_space()[codes].sum())
    return int(_lookup()[1][codes].sum()) / visible if visible else 0.0


@cache
def _lookup_space() -> np.ndarray:
    """Boolean table over code points: it is whitespace (as `str.isspace` says)."""
    space = np.zeros(0x110000, dtype=bool)
    space[[c for c in range(0x3100) if chr(c).isspace()]] = True
    return space
