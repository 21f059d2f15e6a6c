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


def test_floor_unseen_counts_each_pages_triggers_and_arguments_per_floor(tmp_path, small_model, bundled_gold):
    import json

    from floor_unseen import FLOORS, f1, page_counts, set_pages

    from curate.model.combine import annotate_with_model
    from curate.records import Document

    # A set folder as bench/silver.py lays it out: kept texts, a batch of annotations and its key.
    doc = bundled_gold[2].to_dict()
    (tmp_path / "kept.jsonl").write_text(json.dumps({"id": "p1", "text": doc["text"]}, ensure_ascii=False) + "\n",
                                         encoding="utf-8")
    (tmp_path / "b0").mkdir()
    (tmp_path / "b0" / "page_1.ann").write_text(render(doc), encoding="utf-8")
    (tmp_path / "key_b0.json").write_text(json.dumps({"page_1.txt": "p1"}), encoding="utf-8")
    (tmp_path / "HELD.txt").write_text("other\n", encoding="utf-8")
    pages = set_pages(tmp_path, held_only=False)
    assert [(p[0], p[2]) for p in pages] == [("p1", keys(doc))]
    assert set_pages(tmp_path, held_only=True) == []
    policy = (small_model.trusted, small_model.adds_triggers, small_model.trigger_floor)
    c = page_counts(small_model, pages)
    assert c.shape == (1, len(FLOORS), 2, 3)
    assert (small_model.trusted, small_model.adds_triggers, small_model.trigger_floor) == policy  # left as it was
    theirs = keys(doc)
    small_model.adds_triggers = False
    try:
        ours = keys(annotate_with_model(Document("p1", doc["text"]), small_model).to_dict())
    finally:
        small_model.adds_triggers = policy[1]
    assert c[0, 0, 0].tolist() == [len(theirs[1]), len(ours[1]), len(ours[1] & theirs[1])]
    assert c[0, 0, 1].tolist() == [len(theirs[2]), len(ours[2]), len(ours[2] & theirs[2])]
    # A higher floor finds no more triggers, and F1 is computed from the counts.
    assert all(c[0, i, 0, 1] >= c[0, i + 1, 0, 1] for i in range(len(FLOORS) - 1))
    assert abs(f1(c[0, 0, 0]) - 2 * c[0, 0, 0, 2] / (c[0, 0, 0, 0] + c[0, 0, 0, 1])) < 1e-12
