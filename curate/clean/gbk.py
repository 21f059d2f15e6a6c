"""Clean stage, step 2: repair GBK off-by-one runs (`?;仡櫩偨Y` → `。回顧總結`) in the raw text.

A lost lead byte shifts the decoding of the following bytes until the next ASCII byte (or a byte
pair no decoder accepts, shown as a second `?`). Encoding the run back to GBK and dropping its first
byte re-pairs the bytes (cleaning.md). The lost byte shows as `?`, or not at all when the first
shifted pair was itself `？` (A3BF, folded to `?`): both readings are tried.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

_PINYIN = r"[a-zü\u00e0-\u01dc]{1,6}\)"
# An orphan pinyin group (`qū)`) can sit between `?` and the run when it was inserted mid-character.
# The run ends at an ASCII trail byte, or at a `?` where the last shifted lead byte met an ASCII byte
# (often the `(` of a pinyin group, whose orphan rest `shū)` then follows).
_RUN = re.compile(rf"\?(?P<orphan>{_PINYIN})?(?P<run>[;,:!?\u0080-\uffff]{{0,40}})"
                  rf"(?:(?P<end>[\x40-\x7e](?![A-Za-z0-9]))|(?P<tail>{_PINYIN}))?")
_ORPHAN = re.compile(_PINYIN)
# A line's full-width indent lost in the decoding: `??? ` before its first word.
_LOST_INDENT = re.compile(r"^[ \t]*\?{2,}(?=[ \t\u3000])", re.MULTILINE)
_HANZI = re.compile(r"[\u3400-\u9fff]")
# NFKC folded some full-width punctuation inside the run; GBK needs the original characters back.
_UNFOLD = str.maketrans({";": "；", ",": "，", ":": "：", "!": "！", "?": "？"})
_LOST = "\ufffd"
# The orphan trail byte A3 most likely belonged to A1A3 `。`; any other lost character is unknown.
_GUESS = {0xA3: "。"}
MIN_COMMON = 0.75  # share of common hanzi a repaired run must reach …
MIN_GAIN = 0.4  # … and by how much it must beat the run as it stands


@dataclass
class GbkRepair:
    """What `repair_gbk` did: repaired text, runs repaired, characters lost, review notes."""

    text: str
    runs: int = 0
    lost: int = 0
    notes: list[str] = field(default_factory=list)
    indents: int = 0  # lines that opened with an indent lost as `??` (no text in it)


def repair_gbk(text: str) -> GbkRepair:
    """Re-pair the bytes of every `?`-led GBK run whose repair decodes to common characters."""
    if "?" not in text:
        return GbkRepair(text)
    result = GbkRepair(text)
    text, result.indents = _LOST_INDENT.subn("", text)
    result.text = _RUN.sub(lambda m: _repair_match(m, result), text)
    return result


def _repair_match(m: re.Match[str], result: GbkRepair) -> str:
    run, end = m.group("run"), m.group("end")
    # Where the run stops is not known: try each `?` inside it (a lost pair), then its ASCII end.
    stops = [(i, None) for i, c in enumerate(run) if c == "?" and i] + [(len(run), end)]
    for stop, stop_end in stops:
        if stop == len(run) and stop_end is None:
            break
        # First reading: `?` is the lost byte. Second: the lost byte left no mark, `?` is a shifted `？`.
        readings = [run[:stop]]
        # `?` + one ASCII letter is a shifted `？` only where hanzi follow (`?h領導`, 。縣領導).
        if not m.group("orphan") and (stop or (end or "").isalpha() and _HANZI.match(m.string, m.end())):
            readings.append("?" + run[:stop])
        for shifted in readings:
            if (found := _repair_run(shifted, stop_end)) is not None:
                rest = m.string[m.start("run") + stop + 1: m.end()] if stop_end is None else ""
                if stop_end is None and (tail := _ORPHAN.match(rest)):
                    rest = rest[tail.end():]
                return _record(found, result) + _RUN.sub(lambda m2: _repair_match(m2, result), rest)
    return m.group(0)


def _repair_run(shifted: str, end: str | None) -> tuple[int, str, int] | None:
    """Return (orphan lead byte, re-paired text, characters lost) or None if it does not read better."""
    if not shifted or shifted[0] < "\u0080" and shifted[0] not in ";,:!?":
        return None
    if end is None and not shifted.strip("?"):
        # Only lost marks and no byte to re-pair them with: `??? ` opening a line is a lost indent, not
        # a shifted `？？` (that reading makes up a character: `。浚�`).
        return None
    try:
        raw = shifted.translate(_UNFOLD).encode("gbk") + (end or "").encode("ascii")
        if end is None:  # the last shifted lead byte lost its trail byte: that character is lost too
            repaired, lost = raw[1:-1].decode("gbk") + _LOST, 1
        else:
            repaired, lost = raw[1:].decode("gbk"), 0
    except UnicodeError:
        return None
    if not _more_common(repaired.rstrip(_LOST), shifted):
        return None
    return raw[0], repaired, lost


def _record(found: tuple[int, str, int], result: GbkRepair) -> str:
    lead_byte, repaired, lost = found
    lead = _GUESS.get(lead_byte, _LOST)
    result.runs += 1
    lost += lead == _LOST
    if lost:
        from curate.clean.script import simplify_chars

        result.lost += lost
        what = "one character" if lost == 1 else f"{lost} characters"
        result.notes.append(f"GBK repair lost {what}, kept as U+FFFD before '{simplify_chars(repaired[:4])}'")
    return lead + repaired


def _more_common(candidate: str, original: str) -> bool:
    """Say whether `candidate` reads as text and `original` as mojibake (common and rare hanzi)."""
    cand, orig = _hanzi(candidate), _hanzi(original)
    if not cand or _share(cand, _is_common) < MIN_COMMON:
        return False
    gain = _share(cand, _is_common) - _share(orig, _is_common)
    # A short run can shift into common characters; one outside GB2312 still gives it away.
    return gain >= MIN_GAIN or (gain > 0 and not all(map(_in_gb2312, orig)) and all(map(_in_gb2312, cand)))


def _hanzi(s: str) -> list[str]:
    from curate.clean.script import simplify_chars

    return [c for c in simplify_chars(s) if "\u3400" <= c <= "\u9fff"]


def _share(chars: list[str], test) -> float:
    return sum(map(test, chars)) / len(chars) if chars else 0.0


@cache
def _in_gb2312(c: str) -> bool:
    try:
        return len(c.encode("gb2312")) == 2
    except UnicodeError:
        return False


@cache
def _is_common(c: str) -> bool:
    """GB2312 level 1 (lead bytes B0–D7) holds the 3,755 most common hanzi."""
    try:
        b = c.encode("gb2312")
    except UnicodeError:
        return False
    return len(b) == 2 and 0xB0 <= b[0] <= 0xD7
