"""Clean stage, step 4: detect the script and convert Traditional to Simplified (OpenCC `tw2s`).

Detection counts the characters OpenCC's `t2s` table would change (it leaves 著/么 alone, unlike
`tw2s`), with a numpy lookup table; conversion, the slowest step, runs only on Traditional text
because `tw2s` damages Simplified text (显著 → 显着). `opencc_fast` gives OpenCC's exact output, faster
(its docstring has the figures).
"""

from __future__ import annotations

from functools import cache

import numpy as np

SAMPLE = 5000
# Share of sampled hanzi that t2s changes above which a text is Traditional; Simplified news text
# scores 0 (a stray 乾 or 於 stays far below), Traditional text 0.15 and more.
_PRIVATE = 0xF0000  # private-use plane: stand-ins no dictionary maps
THRESHOLD = 0.03


@cache
def _t2s_table() -> dict[int, str]:
    """OpenCC's t2s character table (first candidate), the characters it would change."""
    from curate.clean.opencc_fast import changed_characters

    return changed_characters("t2s")


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
    from curate.clean.opencc_fast import convert

    keep, back = _kept_through_tw2s()
    return convert(text.translate(keep), "tw2s").translate(back)


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
