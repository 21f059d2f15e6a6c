"""Record types of SCHEMA.md (documents, entity spans, events): the one declaration of the record schema.

Records are frozen dataclasses. Each field says once how it is written, read, checked and hashed: its
type, plus `spec(...)` metadata where it is special (allowed names, a key left out of the JSON when
empty, a field the content hash leaves out). `curate/record_codec.py` makes `to_dict` (SCHEMA.md's JSON),
`document_from_dict` (validation of external JSON at the edge: pydantic, strict, with a schema made from
these fields, then every span checked against its document text; a fault raises `RecordError` saying
which record and field and what is wrong), `document_from_row` (the dataset's `documents` row) and
`content_hash` from those fields: adding a field to a record is one line in its class.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from curate.errors import RecordError, SpanMismatchError
from curate.record_codec import compile_codec, spec
from curate.schema import EVENT_ROLES, EVENT_TYPES, REALIS, ROLES, SPAN_LABELS


def text_hash(text: str) -> str:
    """Return the content hash that identifies a document's text (sha256, first 16 hex digits)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


OMIT_NONE = spec(omit="none", hashed=False)


class Record:
    """Base of the record types: their JSON form (SCHEMA.md), made from the fields by `record_codec`."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        raise NotImplementedError  # replaced by the generated method


# Field order is the constructor's (optional fields last, as `Entity(label, start, end, text)` is called);
# `key_at` puts an `id` first in the JSON, as SCHEMA.md writes it.

@dataclass(frozen=True)
class Entity(Record):
    """A labelled span `[start, end)` in code points of the document text."""

    label: str = field(metadata=spec(names=SPAN_LABELS, noun="label"))
    start: int
    end: int
    text: str
    source: str = ""
    id: str = field(default="", metadata=spec(key_at=0))


@dataclass(frozen=True)
class Trigger(Record):
    """The word that names an event."""

    start: int
    end: int
    text: str = field(metadata=spec(hashed=False))


@dataclass(frozen=True)
class Argument(Record):
    """A role filled by a span; `entity` is the id of the entity it points at, if any."""

    role: str = field(metadata=spec(names=ROLES, noun="role"))
    start: int
    end: int
    text: str = field(metadata=spec(hashed=False))
    entity: str | None = field(default=None, metadata=spec(omit="empty"))


@dataclass(frozen=True)
class Event(Record):
    """A trigger with its type, realis and arguments."""

    type: str = field(metadata=spec(names=EVENT_TYPES, noun="event type"))
    trigger: Trigger
    realis: str = field(default="actual", metadata=spec(names=REALIS, noun="realis", key_at=2, hash_at=1))
    arguments: tuple[Argument, ...] = ()
    source: str = ""
    id: str = field(default="", metadata=spec(key_at=0))


@dataclass(frozen=True)
class Document(Record):
    """A cleaned document; `entities`/`events` are None until it is annotated."""

    id: str
    text: str = field(metadata=spec(hashed=text_hash))
    title: str | None = field(default=None, metadata=OMIT_NONE)
    published: str | None = field(default=None, metadata=OMIT_NONE)
    source: str | None = field(default=None, metadata=OMIT_NONE)
    url: str | None = field(default=None, metadata=OMIT_NONE)
    meta: Mapping[str, Any] = field(default_factory=dict, metadata=spec(hashed=False))
    entities: tuple[Entity, ...] | None = field(default=None, metadata=spec(omit="none"))
    events: tuple[Event, ...] | None = field(default=None, metadata=spec(omit="none"))

    @property
    def annotated(self) -> bool:
        return self.entities is not None

    def with_annotations(self, entities: Iterable[Entity], events: Iterable[Event]) -> Document:
        """Return a copy carrying these entities and events."""
        return replace(self, entities=tuple(entities), events=tuple(events))


# ---- Validation of external JSON ----

def check_span(text: str, start: int, end: int, span_text: str, what: str) -> None:
    """Raise `SpanMismatchError` unless `text[start:end] == span_text` with sane bounds."""
    if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool):
        raise SpanMismatchError(f"{what}: start/end must be integers, got {start!r}/{end!r}")
    if not 0 <= start < end <= len(text):
        raise SpanMismatchError(f"{what}: offsets [{start}, {end}) outside the text (length {len(text)})")
    if text[start:end] != span_text:
        raise SpanMismatchError(
            f"{what}: text[{start}:{end}] is {text[start:end]!r}, not {span_text!r} "
            "(offsets are Python code points of the cleaned text)")


def check_spans(doc: Document) -> Document:
    """Check `text[start:end] == span.text` for every entity, trigger and argument; return the document."""
    what = f"document {doc.id!r}"
    for e in doc.entities or ():
        check_span(doc.text, e.start, e.end, e.text, f"{what} entity {e.id or e.label}")
    for ev in doc.events or ():
        check_span(doc.text, ev.trigger.start, ev.trigger.end, ev.trigger.text, f"{what} event {ev.id} trigger")
        for a in ev.arguments:
            check_span(doc.text, a.start, a.end, a.text, f"{what} event {ev.id} {a.role}")
    return doc


def _check_roles(doc: Document, what: str) -> None:
    """Refuse an argument whose role its event's type does not have."""
    for i, ev in enumerate(doc.events or ()):
        allowed = EVENT_ROLES[ev.type]
        for j, a in enumerate(ev.arguments):
            if a.role not in allowed:
                raise RecordError(f"{what} event {i + 1} {ev.type} argument {j + 1}: role {a.role!r} is not allowed "
                                  f"for {ev.type} (allowed: {', '.join(allowed)})")


MAX_ID_LENGTH = 200


def check_doc_id(doc_id: str) -> None:
    """Refuse an id that is empty, too long, a path, or holds control characters (ids name files and tasks)."""
    if not doc_id:
        raise RecordError("document: field 'id' is empty")
    shown = repr(doc_id[:60]) + ("…" if len(doc_id) > 60 else "")
    if len(doc_id) > MAX_ID_LENGTH:
        raise RecordError(f"document id {shown} is {len(doc_id)} characters long; the limit is {MAX_ID_LENGTH}")
    if "/" in doc_id or "\\" in doc_id or doc_id in (".", ".."):
        raise RecordError(f"document id {shown} looks like a path (no '/', '\\', '.' or '..')")
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in doc_id):
        raise RecordError(f"document id {shown} holds a control or invisible character")


def document_from_dict(d: Any) -> Document:
    """Validate a document or annotated-document dict (SCHEMA.md) and build the record."""
    if not isinstance(d, dict):
        raise RecordError("record must be a JSON object")
    doc_id = d.get("id")
    if isinstance(doc_id, str):
        check_doc_id(doc_id)
    what = f"document {doc_id!r}" if isinstance(doc_id, str) else "document"
    doc: Document = _DOCUMENT.from_dict(d, what, None)
    _check_roles(doc, what)
    return doc


def document_from_row(row: Mapping[str, Any]) -> Document:
    """Decode a dataset `documents` row (names as their index in the schema, meta as JSON text) back into
    the `Document` it was made from."""
    doc: Document = _DOCUMENT.from_row(row)
    return doc


def content_hash(doc: Document) -> str:
    """Return the hash of what a version promises about a document: id, text and annotations (every field
    not declared `hashed=False`, the text as its `text_hash`)."""
    payload = json.dumps(_DOCUMENT.hash_payload(doc), ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


for _record in (Trigger, Argument, Entity, Event):
    compile_codec(_record, check_span)
_DOCUMENT = compile_codec(Document, check_span)
