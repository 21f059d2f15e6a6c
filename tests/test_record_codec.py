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
