from __future__ import annotations

import pytest
from dataset_fixtures import TEXT0, doc0, event, span

from curate.dataset.bio import bio_to_spans
from curate.dataset.rows import document_row, rows_from_document
from curate.dataset.splits import split_of
from curate.errors import RecordError
from curate.records import Document, content_hash, document_from_dict, document_from_row
from curate.schema import ENTITY_LABELS, EVENT_TYPES, NER_TAGS, ROLES, SPAN_LABELS


def test_ner_rows_are_paragraphs_with_character_tokens_and_bio_tags():
    doc = doc0()
    r = rows_from_document(doc)
    first, second = TEXT0.split("\n")
    assert r.split == split_of(doc.id)
    assert ["".join(row["tokens"]) for row in r.ner] == [first, second]
    assert [row["offset"] for row in r.ner] == [0, len(first) + 1]
    row = r.ner[0]
    tags = [NER_TAGS[i] for i in row["ner_tags"]]
    first_row = [e for e in doc.entities if e.end <= len(first)]
    assert bio_to_spans(tags) == [(e.start, e.end, e.label) for e in first_row]
    assert [(ENTITY_LABELS[e["label"]], e["text"]) for e in row["entities"]] == [
        (e.label, e.text) for e in first_row]
    # the second 丁绣峰 opens the second paragraph: offsets are relative to the row
    assert [(e["start"], e["end"], e["text"]) for e in r.ner[1]["entities"]] == [(0, 3, "丁绣峰")]
    assert [NER_TAGS[i] for i in r.ner[1]["ner_tags"][:4]] == ["B-PER", "I-PER", "I-PER", "O"]
    assert r.stats == {}


def test_events_rows_carry_their_events_at_row_offsets():
    r = rows_from_document(doc0())
    row0, row1 = r.events
    assert [EVENT_TYPES[v["type"]] for v in row0["events"]] == ["会议召开", "出席"]
    for row in r.events:
        for v in row["events"]:
            t = v["trigger"]
            assert row["text"][t["start"]:t["end"]] == t["text"]
            for a in v["arguments"]:
                assert row["text"][a["start"]:a["end"]] == a["text"]
    # 讲话 is triggered by 强调 in the second paragraph, which opens with its speaker
    (speech,) = row1["events"]
    assert EVENT_TYPES[speech["type"]] == "讲话"
    assert speech["trigger"] == {"start": 3, "end": 5, "text": "强调"}
    assert [(ROLES[a["role"]], a["text"]) for a in speech["arguments"]] == [("讲话人", "丁绣峰")]
    assert row1["text"][speech["arguments"][0]["start"]:speech["arguments"][0]["end"]] == "丁绣峰"
    assert r.stats == {}


def test_an_argument_outside_the_trigger_row_is_counted_and_kept_in_documents():
    t = TEXT0
    second = t.index("\n") + 1
    ev = event(t, "讲话", "强调", [("职务", "市委书记")])  # 市委书记 only occurs in the first paragraph
    doc = document_from_dict({"id": "d", "text": t, "entities": [], "events": [ev]})
    r = rows_from_document(doc)
    (speech,) = r.events[1]["events"]
    assert speech["arguments"] == []
    assert speech["trigger"]["start"] == t.index("强调") - second
    assert r.stats == {"arguments_outside_row": 1}
    assert document_from_row(r.document) == doc


def test_spans_crossing_rows_and_overlaps_are_counted_not_lost():
    t = "包头\n市委召开会议。"
    doc = document_from_dict({"id": "d", "text": t, "entities": [
        span(t, "GPE", "包头\n市"), span(t, "GOV", "市委"), span(t, "ORG", "市委召开"), span(t, "ARG", "会议")],
        "events": [event(t, "会议召开", "头\n市", [])]})
    r = rows_from_document(doc)
    assert r.stats == {"entities_crossing_rows": 1, "entities_overlapping": 1, "triggers_crossing_rows": 1}
    assert [ENTITY_LABELS[e["label"]] for e in r.ner[1]["entities"]] == ["GOV", "ORG"]
    assert [SPAN_LABELS[e["label"]] for e in r.events[1]["entities"]] == ["GOV", "ORG", "ARG"]
    assert document_from_row(r.document) == doc


def test_document_rows_round_trip_every_field():
    doc = doc0(meta={"script": "traditional", "nested": {"a": [1, 2]}, "ls": {"task_id": 3}})
    assert document_from_row(document_row(doc)) == doc
    bare = Document("x", "文本", entities=(), events=())
    assert document_from_row(document_row(bare)) == bare


def test_unannotated_documents_and_unknown_labels_are_refused():
    with pytest.raises(RecordError, match="no annotations"):
        rows_from_document(Document("x", "文本"))
    from curate.records import Entity

    bad = Document("x", "文本", entities=(Entity("PERSON", 0, 1, "文"),), events=())
    with pytest.raises(RecordError, match="unknown label 'PERSON'"):
        rows_from_document(bad)


def test_content_hash_follows_annotations_not_meta():
    a = doc0()
    assert content_hash(a) == content_hash(doc0(meta={"ls": {"updated_at": "later"}}))
    assert content_hash(a) != content_hash(doc0(extra_entities=(("GOV", "市委"),)))
    assert content_hash(a) != content_hash(doc0(source="someone@example.com"))


def test_the_ner_table_built_from_utf8_is_the_table_from_pylist():
    import pyarrow as pa

    from curate.dataset.features import arrow_schema
    from curate.dataset.version import rows_table

    mixed = "a\u00e9\u4e2d😀 x\n" + TEXT0  # 1-, 2-, 3- and 4-byte characters before the document's own
    rows = rows_from_document(doc0()).ner + rows_from_document(Document("m", mixed, entities=(), events=())).ner
    want = pa.Table.from_pylist(rows, schema=arrow_schema("ner"))
    assert rows_table("ner", rows).equals(want)
    assert rows_table("ner", []).equals(pa.Table.from_pylist([], schema=arrow_schema("ner")))
