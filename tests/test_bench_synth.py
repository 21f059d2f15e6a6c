"""Tests of bench/synth.py: valid, distinct, deterministic synthetic annotated documents."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from synth import synth_documents, units_of  # noqa: E402

from curate.records import Document, Entity, document_from_dict  # noqa: E402
from curate.tasks import task_from_document, validate_task  # noqa: E402


def test_documents_are_valid_and_their_spans_match_the_text():
    docs = list(synth_documents(40, seed=3))
    assert len(docs) == 40
    for doc in docs:
        assert document_from_dict(doc.to_dict()) == doc  # validates labels, roles and every span
        for e in doc.entities:
            assert doc.text[e.start:e.end] == e.text
        ids = {e.id for e in doc.entities}
        for ev in doc.events:
            assert doc.text[ev.trigger.start:ev.trigger.end] == ev.trigger.text
            for a in ev.arguments:
                assert doc.text[a.start:a.end] == a.text
                assert a.entity in ids
        assert validate_task(task_from_document(doc, "bench@1")) == []


def test_documents_have_the_requested_size_and_density():
    docs = list(synth_documents(30, seed=1, chars=1000, entities=15, events=3))
    for doc in docs:
        assert 1000 <= len(doc.text) < 1400
        assert len(doc.events) <= 3
    mean_entities = sum(len(d.entities) for d in docs) / len(docs)
    assert 12 <= mean_entities <= 18
    assert sum(len(d.events) for d in docs) > 0


def test_ids_and_texts_are_distinct():
    docs = list(synth_documents(300, seed=7))
    assert len({d.id for d in docs}) == 300
    assert len({d.text for d in docs}) == 300


def test_same_seed_same_documents_other_seed_other_documents():
    assert list(synth_documents(5, seed=2)) == list(synth_documents(5, seed=2))
    assert [d.text for d in synth_documents(5, seed=2)] != [d.text for d in synth_documents(5, seed=4)]


def test_units_drop_spans_that_cross_a_sentence_edge():
    text = "张三说。李四到"
    doc = Document("d", text, entities=(Entity("PER", 0, 2, "张三", "r", "T1"),
                                        Entity("ORG", 2, 5, "说。李", "r", "T2")), events=())
    units = units_of(doc)
    assert [u.text for u in units] == ["张三说。", "李四到"]
    assert [e.text for e in units[0].entities] == ["张三"]
    assert units[1].entities == ()
