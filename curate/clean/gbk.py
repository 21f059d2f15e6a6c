"""Clean stage, step 2: repair GBK off-by-one runs (`?;仡櫩偨Y` → `。回顧總結`) in the raw text.

A lost lead byte shows as `?` and shifts the decoding of the following bytes until the next ASCII
byte. Encoding the run back to GBK and dropping its first byte re-pairs the bytes (cleaning.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# An orphan pinyin group (`qū)`) can sit between `?` and the run when it was inserted mid-character.
_RUN = re.compile(
    r"\?(?P<orphan>[a-zü\u00e0-\u01dc]{1,6}\))?"
    r"(?P<run>[;,:!\u0080-\uffff]{1,40}?[\x40-\x7e])(?![A-Za-z0-9])")
# NFKC folded some full-width punctuation inside the run; GBK needs the original characters back.
_UNFOLD = str.maketrans({";": "；", ",": "，", ":": "：", "!": "！"})
_LOST = "\ufffd"
# The orphan trail byte A3 most likely belonged to A1A3 `。`; any other lost character is unknown.
_GUESS = {0xA3: "。"}


@dataclass
class GbkRepair:
    """What `repair_gbk` did: repaired text, runs repaired, characters lost, review notes."""

    text: str
    runs: int = 0
    lost: int = 0
    notes: list[str] = field(default_factory=list)


def repair_gbk(text: str) -> GbkRepair:
    """Re-pair the bytes of every `?`-led GBK run whose repair decodes to common characters."""
    if "?" not in text:
        return GbkRepair(text)
    result = GbkRepair(text)
    result.text = _RUN.sub(lambda m: _repair_run(m, result), text)
    return result


def _repair_run(m: re.Match[str], result: GbkRepair) -> str:
    run = m.group("run").translate(_UNFOLD)
    if run[0] < "\u0080":  # the run must start inside a shifted double-byte character
        return m.group(0)
    try:
        raw = run.encode("gbk")
        repaired = raw[1:].decode("gbk")
    except UnicodeError:
        return m.group(0)
    if not _more_common(repaired[:-1], run[:-1]):
        return m.group(0)
    lead = _GUESS.get(raw[0], _LOST)
    result.runs += 1
    if lead == _LOST:
        result.lost += 1
        from curate.clean.script import simplify_chars

        result.notes.append("GBK repair lost one character, kept as U+FFFD before "
                            f"'{simplify_chars(repaired[:4])}'")
    return lead + repaired


def _more_common(candidate: str, original: str) -> bool:
    """Say whether `candidate` reads as text and `original` as mojibake (share of common characters)."""
    cand, orig = _common_share(candidate), _common_share(original)
    return cand >= 0.75 and cand - orig >= 0.4


def _common_share(s: str) -> float:
    from curate.clean.script import simplify_chars

    chars = [c for c in simplify_chars(s) if c > "\u2fff"]
    if not chars:
        return 0.0
    return sum(_is_common(c) for c in chars) / len(chars)


def _is_common(c: str) -> bool:
    """GB2312 level 1 (lead bytes B0–D7) holds the 3,755 most common hanzi."""
    try:
        b = c.encode("gb2312")
    except UnicodeError:
        return False
    return len(b) == 2 and 0xB0 <= b[0] <= 0xD7
