"""Records: validation of SCHEMA.md dicts and the span invariant `text[start:end] == span.text`."""

from __future__ import annotations

import pytest

from curate.errors import RecordError, SpanMismatchError
from curate.records import Argument, Document, Entity, Event, Trigger, check_spans, document_from_dict

TEXT = "4月23日，包头市召开重大项目观摩会。𠀀😀"


def annotated() -> Document:
    date = Entity("DATE", 0, 5, "4月23日", "date_regex@1", "T1")
    gpe = Entity("GPE", 6, 9, "包头市", "gpe_gazetteer@1", "T2")
    event = Event("会议召开", Trigger(9, 11, "召开"), "actual",
                  (Argument("时间", 0, 5, "4月23日", "T1"), Argument("地点", 6, 9, "包头市", "T2")),
                  "event_meeting_held@1", "E1")
    return Document("d1", TEXT, meta={"x": 1}).with_annotations([date, gpe], [event])


def test_dict_round_trip_keeps_every_field():
    doc = annotated()
    assert document_from_dict(doc.to_dict()) == doc


def test_astral_characters_count_as_one_code_point():
    doc = Document("d2", TEXT).with_annotations([Entity("ARG", 19, 21, "𠀀😀", "x@1", "T1")], [])
    assert check_spans(doc) is doc
    assert document_from_dict(doc.to_dict()).entities[0].text == "𠀀😀"


def test_check_spans_names_the_shifted_argument():
    doc = annotated()
    bad = doc.events[0]
    moved = Event(bad.type, bad.trigger, bad.realis, (Argument("地点", 7, 10, "包头市", "T2"),), bad.source, "E1")
    with pytest.raises(SpanMismatchError, match=r"event E1 地点.*text\[7:10\] is '头市召'"):
        check_spans(doc.with_annotations(doc.entities, [moved]))


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d.pop("text"), "missing field 'text'"),
    (lambda d: d.update(id=""), "field 'id' is empty"),
    (lambda d: d["entities"][1].update(start=5), r"entity 2.*text\[5:9\]"),
    (lambda d: d["entities"][0].update(end="5"), "must be integers|must be int"),
    (lambda d: d.update(meta=[]), "'meta' must be an object"),
    (lambda d: d.update(id="../../etc/x"), "looks like a path"),
    (lambda d: d.update(id="/abs/path"), "looks like a path"),
    (lambda d: d.update(id=".."), "looks like a path"),
    (lambda d: d.update(id="a\x00b"), "control or invisible character"),
    (lambda d: d.update(id="a\u200bb"), "control or invisible character"),
    (lambda d: d.update(id="x" * 201), "201 characters long; the limit is 200"),
])
def test_bad_dicts_are_rejected_with_the_field_named(change, message):
    d = annotated().to_dict()
    change(d)
    with pytest.raises(RecordError, match=message):
        document_from_dict(d)


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["entities"][0].update(start="0"), "document 'd1' entity 1: field 'start' must be int, got str"),
    (lambda d: d["entities"][0].update(start=True), "document 'd1' entity 1: field 'start' must be int, got bool"),
    (lambda d: d["entities"][0].update(end=5.0), "document 'd1' entity 1: field 'end' must be int, got float"),
    (lambda d: d["entities"][1].update(label="CITY"), "document 'd1' entity 2: unknown label 'CITY' (known: "),
    (lambda d: d["entities"][1].update(label=3), "document 'd1' entity 2: field 'label' must be str, got int"),
    (lambda d: d["entities"][1].update(source=7), "document 'd1' entity 2: field 'source' must be str or absent, got int"),
    (lambda d: d["entities"].__setitem__(1, 5), "document 'd1' entity 2: must be an object"),
    (lambda d: d.update(entities={}), "document 'd1': field 'entities' must be a list or absent, got dict"),
    (lambda d: d.update(title=5), "document 'd1': field 'title' must be str or absent, got int"),
    (lambda d: d.pop("id"), "document: missing field 'id'"),
    (lambda d: d["events"][0].update(realis="maybe"), "document 'd1' event 1: unknown realis 'maybe' (known: "),
    (lambda d: d["events"][0]["trigger"].update(start="9"),
     "document 'd1' event 1 会议召开 trigger: field 'start' must be int, got str"),
    (lambda d: d["events"][0]["trigger"].pop("end"), "document 'd1' event 1 会议召开 trigger: missing field 'end'"),
    (lambda d: d["events"][0].update(trigger=[9, 11]),
     "document 'd1' event 1: field 'trigger' must be an object, got list"),
    (lambda d: d["events"][0]["arguments"][1].update(role="不存在"),
     "document 'd1' event 1 会议召开 argument 2: unknown role '不存在' (known: "),
    (lambda d: d["events"][0]["arguments"][1].update(role="参会人"),
     "document 'd1' event 1 会议召开 argument 2: role '参会人' is not allowed for 会议召开 (allowed: 时间, 地点, "),
    (lambda d: d["events"][0]["arguments"].append({"role": "时间", "end": 5, "text": "4月23日"}),
     "document 'd1' event 1 会议召开 argument 3: missing field 'start'"),
])
def test_a_bad_field_names_its_record_and_what_is_wrong(change, message):
    d = annotated().to_dict()
    change(d)
    with pytest.raises(RecordError) as info:
        document_from_dict(d)
    assert str(info.value).startswith(message) and type(info.value) is RecordError


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["events"][0]["arguments"][1].update(start=7, end=10),
     "document 'd1' event 1 会议召开 argument 2 地点 '包头市': text[7:10] is '头市召', not '包头市'"),
    (lambda d: d["events"][0]["trigger"].update(text="举行"),
     "document 'd1' event 1 会议召开 trigger '举行': text[9:11] is '召开', not '举行'"),
    (lambda d: d["entities"][0].update(end=99), "document 'd1' entity 1 DATE '4月23日': offsets [0, 99) outside the text"),
])
def test_a_span_that_is_not_its_text_is_named(change, message):
    d = annotated().to_dict()
    change(d)
    with pytest.raises(SpanMismatchError) as info:
        document_from_dict(d)
    assert str(info.value).startswith(message)


def test_absent_null_and_empty_fields_read_as_their_defaults():
    d = {"id": "d", "text": TEXT, "meta": {"a": [1]}, "entities": [
        {"label": "GPE", "start": 6, "end": 9, "text": "包头市", "source": None}], "events": [
        {"type": "会议召开", "trigger": {"start": 9, "end": 11, "text": "召开"}, "realis": None, "arguments": [
            {"role": "地点", "start": 6, "end": 9, "text": "包头市", "entity": ""}]}]}
    doc = document_from_dict(d)
    assert doc == Document("d", TEXT, meta={"a": [1]}).with_annotations(
        [Entity("GPE", 6, 9, "包头市")], [Event("会议召开", Trigger(9, 11, "召开"), "actual", (Argument("地点", 6, 9, "包头市"),))])
    assert doc.events[0].arguments[0].entity is None and doc.title is None
    assert type(doc.entities) is tuple and type(doc.events[0].arguments) is tuple
    assert type(doc.meta) is dict and doc.meta is not d["meta"]
    assert document_from_dict({"id": "d", "text": "x"}) == Document("d", "x")
    assert document_from_dict({"id": "d", "text": "x", "entities": []}).entities == ()
