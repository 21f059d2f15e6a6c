"""Clean stage: raw page text → a cleaned `Document` (Simplified body, title, metadata, audit trail).

Steps, in the order that works (notes/cleaning.md): GBK repair, pinyin removal, Traditional →
Simplified, paragraphs and boilerplate, punctuation. Pure functions over strings and records.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from curate.clean.boilerplate import extract_body
from curate.clean.gbk import repair_gbk
from curate.clean.metadata import parse_date
from curate.clean.pinyin import strip_pinyin
from curate.clean.punct import normalise_punct, normalise_space
from curate.clean.script import detect_script, to_simplified
from curate.records import Document

__all__ = ["clean_document"]

LOST = "\ufffd"


def clean_document(text: str, doc_id: str, *, source: str | None = None, title: str | None = None,
                   published: str | None = None, url: str | None = None, outlet: str | None = None,
                   encoding: str | None = None, drop_lines: Mapping[int, str] | None = None) -> Document:
    """Clean one page; `title`/`published`/`outlet` given by the input win over what the page text says.

    `drop_lines` maps raw line numbers to the reason to drop them (a site template, `template.py`).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    gbk = repair_gbk(text)
    text, pinyin_removed = strip_pinyin(gbk.text)
    # Markers are Simplified, so a Traditional page is converted before its chrome is found.
    script = detect_script(text)
    converted = script == "traditional"
    if converted:
        text = to_simplified(text)
    if title is not None:
        title = strip_pinyin(normalise_space(title))[0]
        title = normalise_punct(to_simplified(title) if converted else title)[0] or None
    body = extract_body(text, title=title, drop_lines=drop_lines)
    paragraphs, title = body.paragraphs, body.title
    if not converted and detect_script("\n".join(paragraphs)) == "traditional":
        # Chrome can outweigh a short Traditional body; judging the body alone keeps re-cleaning stable.
        script, converted = "traditional", True
        paragraphs = to_simplified("\n".join(paragraphs)).split("\n")
        title = to_simplified(title) if title else title
    cleaned = "\n".join(paragraphs)
    reasons = list(gbk.notes)
    if cleaned.count(LOST) > gbk.lost:
        reasons.append(f"{cleaned.count(LOST) - gbk.lost} replacement character(s) (U+FFFD) in the input")
    meta: dict[str, Any] = {
        "encoding": encoding,
        "script": script,
        "converted": converted,
        "gbk_repaired": gbk.runs,
        "pinyin_removed": pinyin_removed,
        "punct_normalised": body.punct,
        "paragraphs": len(paragraphs),
        "outlet": outlet or body.meta.get("outlet"),
        "reporter": body.meta.get("reporter"),
    }
    for key in ("photographer", "editor"):
        if body.meta.get(key):
            meta[key] = body.meta[key]
    subtitles = [d["text"] for d in body.dropped if d["reason"] == "headline"]
    if subtitles:
        meta["subtitles"] = subtitles
    meta["lines_dropped"] = body.dropped
    meta["needs_review"] = bool(reasons)
    meta["review_reasons"] = reasons
    iso = (parse_date(published) if published else None) or body.meta.get("published")
    return Document(id=doc_id, text=cleaned, title=title, published=iso, source=source,
                    url=url, meta=meta)
