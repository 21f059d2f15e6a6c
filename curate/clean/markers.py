"""Marker lists of the clean stage, read from `curate/data/clean/*.txt` (one marker a line, `#` comments)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "clean"

# Full-width forms folded to ASCII before markers are matched, so one list covers both spellings.
FOLD = str.maketrans({"：": ":", "（": "(", "）": ")", "｜": "|", "＞": ">", "\u3000": " ", "\xa0": " "})


@cache
def load_markers(name: str) -> tuple[str, ...]:
    """Return the markers of `data/clean/<name>.txt`, longest first."""
    lines = (DATA_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    markers = {line.strip().translate(FOLD) for line in lines}
    return tuple(sorted((m for m in markers if m and not m.startswith("#")), key=len, reverse=True))


@cache
def marker_regex(name: str, anchored: bool = True) -> re.Pattern[str]:
    """Compile the markers of one file into one alternation (anchored at the line start or not)."""
    body = "|".join(re.escape(m) for m in load_markers(name))
    return re.compile(("^" if anchored else "") + f"(?:{body})", re.IGNORECASE)
