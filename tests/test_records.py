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
