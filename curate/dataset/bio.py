"""Dataset stage, pure: entity spans ↔ character-level BIO tags, and a text cut into paragraph rows.

Rows are paragraphs of at most `MAX_ROW_CHARS` code points; longer ones are split at sentence ends
(marks in `curate/data/sentence_ends.txt`) and, failing that, hard-split outside entities if possible.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources

from curate.schema import ENTITY_LABELS, NER_TAGS

MAX_ROW_CHARS = 510
Span = tuple[int, int, str]  # (start, end, label), end exclusive


@cache
def _marks(name: str) -> frozenset[str]:
    text = resources.files("curate").joinpath("data", name).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


_TAG_ID = {tag: i for i, tag in enumerate(NER_TAGS)}


@cache
def _tag_ids(label: str, length: int) -> list[int]:
    return [_TAG_ID[f"B-{label}"]] + [_TAG_ID[f"I-{label}"]] * (length - 1)


def spans_to_tag_ids(length: int, spans: Iterable[Span]) -> tuple[list[int], list[Span]]:
    """Tag `length` characters with BIO tag indices (`NER_TAGS`); return them and the spans that overlap a kept one."""
    tags = [0] * length  # 0 is "O"
    dropped: list[Span] = []
    # Longest span first at each start: the schema says the longest proper name wins.
    for start, end, label in sorted(spans, key=lambda s: (s[0], s[0] - s[1], s[2])):
        if label not in ENTITY_LABELS:
            raise ValueError(f"{label!r} is not an entity label (known: {', '.join(ENTITY_LABELS)})")
        if not 0 <= start < end <= length:
            raise ValueError(f"span [{start}, {end}) outside a row of length {length}")
        if tags[start:end].count(0) != end - start:
            dropped.append((start, end, label))
            continue
        tags[start:end] = _tag_ids(label, end - start)
    return tags, dropped


def spans_to_bio(length: int, spans: Iterable[Span]) -> tuple[list[str], list[Span]]:
    """Tag `length` characters with BIO tag names from entity spans; return them and the spans left out."""
    ids, dropped = spans_to_tag_ids(length, spans)
    return [NER_TAGS[i] for i in ids], dropped


def bio_to_spans(tags: Sequence[str]) -> list[Span]:
    """Read entity spans back from BIO tags (an I- without a matching B- starts a span)."""
    spans: list[Span] = []
    start, label = -1, ""
    for i, tag in enumerate(list(tags) + ["O"]):
        prefix, _, name = tag.partition("-")
        if label and not (prefix == "I" and name == label):
            spans.append((start, i, label))
            label = ""
        if prefix == "B" or (prefix == "I" and not label):
            start, label = i, name
    return spans


def split_rows(text: str, protected: Iterable[tuple[int, int]] = (), max_chars: int = MAX_ROW_CHARS,
               ) -> list[tuple[int, int]]:
    """Cut `text` into `[start, end)` rows: non-blank paragraphs, long ones split at sentence ends."""
    spans = sorted(protected)
    rows: list[tuple[int, int]] = []
    pos = 0
    for para in text.split("\n"):
        start, end = pos, pos + len(para)
        pos = end + 1
        if len(para) <= max_chars:
            if para.strip():
                rows.append((start, end))
        elif para.strip():
            rows.extend(_pack(text, _sentences(text, start, end), spans, max_chars))
    return rows


@cache
def _sentence_end() -> re.Pattern[str]:
    ends, closing = _marks("sentence_ends.txt"), _marks("closing_marks.txt")
    chars = "".join(map(re.escape, sorted(ends)))
    return re.compile(f"[{chars}]+[{chars}{''.join(map(re.escape, sorted(closing)))}]*")


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, begin = [], start
    for m in _sentence_end().finditer(text, start, end):
        out.append((begin, m.end()))
        begin = m.end()
    if begin < end:
        out.append((begin, end))
    return out


def _pack(text: str, sentences: list[tuple[int, int]], spans: list[tuple[int, int]], max_chars: int,
          ) -> list[tuple[int, int]]:
    rows: list[tuple[int, int]] = []
    cur: tuple[int, int] | None = None
    for s, e in sentences:
        if cur and e - cur[0] <= max_chars:
            cur = (cur[0], e)
            continue
        if cur:
            rows.append(cur)
        cur = None
        while e - s > max_chars:
            cut = _hard_cut(s, s + max_chars, spans)
            rows.append((s, cut))
            s = cut
        cur = (s, e)
    if cur:
        rows.append(cur)
    return rows


def _hard_cut(start: int, cut: int, spans: list[tuple[int, int]]) -> int:
    # Move a forced cut back to the start of an entity it would split, unless that empties the row.
    for s, e in spans:
        if s >= cut:
            break
        if s < cut < e and s > start:
            return s
    return cut
