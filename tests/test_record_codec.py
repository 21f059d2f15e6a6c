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
    assert CODEC.hash_payload(mark) == ("b", 0, 2, "包头", 3, "M1")
    assert "weight" in source(Mark)


@pytest.mark.parametrize(("change", "message"), [
    ({"weight": "3"}, "mark: field 'weight' must be int or absent, got str"),
    ({"kind": "c"}, r"mark: unknown kind 'c' \(known: a, b\)"),
    ({"kind": None}, "mark: missing field 'kind'"),
    ({"end": 3}, r"mark b '包头': text\[0:3\] is '包头市'"),
])
def test_a_bad_field_is_named(change, message):
    with pytest.raises(RecordError, match=message):
        CODEC.from_dict({**Mark("b", 0, 2, "包头").to_dict(), **change}, "mark", "包头市")


def test_the_documents_config_declares_the_record_fields():
    """`dataset/features.py` spells the columns for `datasets`; they must be the records' fields, in JSON
    order, names as ClassLabels, mappings as JSON text (adding a record field fails here until it has its column)."""
    from curate.dataset.features import CONFIG_FEATURES, INT32, STRING, Label, Seq
    from curate.record_codec import json_order
    from curate.records import Document

    def struct(cls):
        out = {}
        for f in json_order(cls):
            if f.names is not None:
                out[f.name] = Label(f.names)
            elif f.kind == "record":
                out[f.name] = struct(f.record)
            elif f.kind == "records":
                out[f.name] = Seq(struct(f.record))
            else:
                out[f.name] = INT32 if f.kind == "int" else STRING
        return out

    assert CONFIG_FEATURES["documents"] == struct(Document)
