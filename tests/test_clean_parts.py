"""Splitting a document too long for one Label Studio task."""

from __future__ import annotations

from curate.clean.parts import split_long
from curate.records import Document


def test_a_short_document_stays_whole():
    doc = Document(id="d", text="一段。\n二段。")
    assert split_long(doc, limit=100) == [doc]


def test_paragraphs_are_packed_and_a_long_paragraph_is_cut_at_sentence_ends():
    doc = Document(id="d", text="甲乙。丙丁。戊己。\n庚辛。", meta={"x": 1})
    parts = split_long(doc, limit=7)
    assert [p.text for p in parts] == ["甲乙。丙丁。", "戊己。\n庚辛。"]
    assert [p.id for p in parts] == ["d#p1", "d#p2"]
    assert parts[0].meta == {"x": 1, "part": {"of": "d", "index": 1, "count": 2}}


def test_text_without_sentence_ends_is_cut_at_the_limit():
    parts = split_long(Document(id="d", text="一二三四五六七"), limit=3)
    assert [p.text for p in parts] == ["一二三", "四五六", "七"]
