"""Tests of bench/silver.py: the annotation format holds every gold span, and bad lines are reported."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from silver import gold_docs, keys, numbered, parse, render  # noqa: E402


def test_the_gold_written_in_the_annotation_format_reads_back_whole():
    for doc_id, doc in gold_docs().items():
        *found, problems = parse(doc["text"], render(doc), doc_id)
        assert problems == [], doc_id
        assert tuple(found) == keys(doc), doc_id


def test_pages_are_numbered_by_line_and_bad_lines_are_reported():
    text = "第一行。\n\n会议在合肥召开。"
    assert numbered(text) == "L1: 第一行。\nL3: 会议在合肥召开。"
    ents, trigs, args, problems = parse(text, "E\tL3\tGPE\t合肥\t会议在\nE\tL1\tGPE\t合肥\t\nX\tL1\n", "a.ann")
    assert ents == {("GPE", 9, 11)} and trigs == set() and args == set()
    assert problems == ["a.ann:2: '合肥' is not on L1", "a.ann:3: not an E or V line with a line number"]
