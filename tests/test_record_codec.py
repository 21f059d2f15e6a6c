"""Record codecs: a field declared once on a record type is written, validated, read from a row and hashed."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from curate.errors import RecordError
from curate.record_codec import compile_codec, source, spec
from curate.records import Record, check_span


@dataclass(frozen=True)
class Mark(Record):
    """A record type as a newcomer would add one, with a field the others do not have."""

    kind: str = field(metadata=spec(names=("a", "b"), noun="kind"))
    start: int
    end: int
    text: str
    weight: int = 0
    note: str | None = field(default=None, metadata=spec(omit="none", hashed=False))
    id: str = field(default="", metadata=spec(key_at=0))


CODEC = compile_codec(Mark, check_span)


def test_a_new_field_is_written_checked_read_and_hashed_from_its_declaration():
    mark = Mark("b", 0, 2, "包头", weight=3, id="M1")
    assert mark.to_dict() == {"id": "M1", "kind": "b", "start": 0, "end": 2, "text": "包头", "weight": 3}
    assert list(mark.to_dict()) == ["id", "kind", "start", "end", "text", "weight"]
    assert CODEC.from_dict(mark.to_dict(), "mark", "包头市") == mark
    assert CODEC.from_row({**mark.to_dict(), "kind": 1, "note": None}) == mark
    assert CODEC.to_row(mark, 0) == {**mark.to_dict(), "kind": 1, "note": None}
    assert CODEC.to_row(mark, 1)["start"] == -1 and CODEC.from_row(CODEC.to_row(mark, 0)) == mark
    assert CODEC.hash_payload(mark) == ("b", 0, 2, "包头", 3, "M1")
    assert "weight" in source(Mark)


@pytest.mark.parametrize(("change", "message"), [
    ({"weight": "3"}, "mark: field 'weight' must be int or absent, got str"),
    ({"weight": True}, "mark: field 'weight' must be int or absent, got bool"),
    ({"start": "0"}, "mark: field 'start' must be int, got str"),
    ({"kind": 5}, "mark: field 'kind' must be str, got int"),
    ({"note": ["x"]}, "mark: field 'note' must be str or absent, got list"),
    ({"kind": "c"}, r"mark: unknown kind 'c' \(known: a, b\)"),
    ({"kind": None}, "mark: missing field 'kind'"),
    ({"end": 3}, r"mark b '包头': text\[0:3\] is '包头市'"),
])
def test_a_bad_field_is_named(change, message):
    with pytest.raises(RecordError, match=message):
        CODEC.from_dict({**Mark("b", 0, 2, "包头").to_dict(), **change}, "mark", "包头市")


def test_a_new_record_is_validated_by_pydantic_from_its_fields():
    assert CODEC.from_dict({"kind": "a", "start": 0, "end": 2, "text": "包头", "weight": None}, "mark", None) \
        == Mark("a", 0, 2, "包头")  # None reads as the default; no text: spans are not checked
    with pytest.raises(RecordError, match="^mark: must be an object$"):
        CODEC.from_dict(["a", 0, 2, "包头"], "mark", None)


def test_a_new_field_gets_its_dataset_column_from_its_declaration():
    from curate.dataset.features import INT32, STRING, Label, record_struct

    assert record_struct(Mark) == {"id": STRING, "kind": Label(("a", "b")), "start": INT32, "end": INT32,
                                   "text": STRING, "weight": INT32, "note": STRING}


def test_the_documents_config_is_the_record_fields():
    """The columns as people checked them against SCHEMA.md; record_struct must keep giving exactly these."""
    from curate.dataset.features import CONFIG_FEATURES, INT32, STRING, Label, Seq
    from curate.schema import EVENT_TYPES, REALIS, ROLES, SPAN_LABELS

    span = {"id": STRING, "label": Label(SPAN_LABELS), "start": INT32, "end": INT32, "text": STRING, "source": STRING}
    argument = {"role": Label(ROLES), "start": INT32, "end": INT32, "text": STRING, "entity": STRING}
    event = {"id": STRING, "type": Label(EVENT_TYPES), "realis": Label(REALIS),
             "trigger": {"start": INT32, "end": INT32, "text": STRING}, "arguments": Seq(argument), "source": STRING}
    assert CONFIG_FEATURES["documents"] == {
        "id": STRING, "text": STRING, "title": STRING, "published": STRING, "source": STRING, "url": STRING,
        "meta": STRING, "entities": Seq(span), "events": Seq(event)}
    assert CONFIG_FEATURES["events"]["events"] == Seq(event)
