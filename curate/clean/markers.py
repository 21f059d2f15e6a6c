"""Marker lists of the clean stage, read from `curate/data/clean/*.txt` (one marker a line, `#` comments)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "clean"

# Full-width forms folded to ASCII before markers are matched, so one list covers both spellings.
_FOLD = (("：", ":"), ("（", "("), ("）", ")"), ("｜", "|"), ("＞", ">"), ("\u3000", " "), ("\xa0", " "))


def fold(text: str) -> str:
    """Fold full-width `：（）｜＞` and wide spaces to ASCII, character for character."""
    for wide, narrow in _FOLD:  # str.replace scans in C, far faster than str.translate with a dict
        if wide in text:
            text = text.replace(wide, narrow)
    return text


@cache
def load_markers(name: str) -> tuple[str, ...]:
    """Return the markers of `data/clean/<name>.txt`, longest first."""
    lines = (DATA_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    markers = {fold(line.strip()) for line in lines}
    return tuple(sorted((m for m in markers if m and not m.startswith("#")), key=len, reverse=True))


@cache
def marker_regex(name: str, anchored: bool = True) -> re.Pattern[str]:
    """Compile the markers of one file into one alternation (anchored at the line start or not)."""
    body = "|".join(re.escape(m) for m in load_markers(name))
    return re.compile(("^" if anchored else "") + f"(?:{body})", re.IGNORECASE)
