"""Clean stage, last: split a document too long for one Label Studio task at paragraph boundaries.

Takes a cleaned `Document`; gives it back whole, or as parts `ID#p1`, `ID#p2`, … of at most
`MAX_TASK_CHARS` characters each, every part with `meta.part = {"of": ID, "index": k, "count": n}`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from curate.records import Document

# Label Studio's text editor slows to a crawl past ~100k characters in one task (every region is a
# DOM range over the whole text); a news article is 1–10k, so a longer document is a scraped archive.
MAX_TASK_CHARS = 100_000
PART_MARK = "#p"
_SENTENCE = re.compile(r"(?<=[。！？])")


def split_long(doc: Document, limit: int = MAX_TASK_CHARS) -> list[Document]:
    """Return `[doc]`, or its parts when the text is longer than `limit` characters."""
    if len(doc.text) <= limit:
        return [doc]
    chunks = _chunks(doc.text.split("\n"), limit)
    return [replace(doc, id=f"{doc.id}{PART_MARK}{k}", text=chunk,
                    meta={**doc.meta, "part": {"of": doc.id, "index": k, "count": len(chunks)}})
            for k, chunk in enumerate(chunks, 1)]


def _chunks(paragraphs: list[str], limit: int) -> list[str]:
    """Pack paragraphs into texts of at most `limit` characters; cut a longer paragraph at sentence ends."""
    pieces = [p for para in paragraphs for p in _fit(para, limit)]
    chunks: list[list[str]] = [[]]
    size = 0
    for piece in pieces:
        if chunks[-1] and size + 1 + len(piece) > limit:
            chunks.append([])
            size = 0
        size += len(piece) + (1 if chunks[-1] else 0)
        chunks[-1].append(piece)
    return ["\n".join(c) for c in chunks]


def _fit(paragraph: str, limit: int) -> list[str]:
    if len(paragraph) <= limit:
        return [paragraph]
    out, current = [], ""
    for sentence in _SENTENCE.split(paragraph):
        if current and len(current) + len(sentence) > limit:
            out.append(current)
            current = ""
        while len(sentence) > limit:  # no sentence end for `limit` characters: cut where it must be
            out.append(sentence[:limit])
            sentence = sentence[limit:]
        current += sentence
    return [p for p in [*out, current] if p]
