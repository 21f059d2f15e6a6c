"""Record types of SCHEMA.md (documents, entity spans, events) and their JSON form.

Records are frozen dataclasses. `*_from_dict` validates an external payload once, at the edge,
and raises `RecordError` saying what is wrong; every span is checked against its document text.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from curate.errors import RecordError, SpanMismatchError
from curate.schema import EVENT_ROLES, REALIS, SPAN_LABELS


@dataclass(frozen=True)
class Entity:
    """A labelled span `[start, end)` in code points of the document text."""

    label: str
    start: int
    end: int
    text: str
    source: str = ""
    id: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "start": self.start, "end": self.end,
                "text": self.text, "source": self.source}


@dataclass(frozen=True)
class Trigger:
    """The word that names an event."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Argument:
    """A role filled by a span; `entity` is the id of the entity it points at, if any."""

    role: str
    start: int
    end: int
    text: str
    entity: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"role": self.role, "start": self.start, "end": self.end, "text": self.text}
        if self.entity:
            d["entity"] = self.entity
        return d


@dataclass(frozen=True)
class Event:
    """A trigger with its type, realis and arguments."""

    type: str
    trigger: Trigger
    realis: str = "actual"
    arguments: tuple[Argument, ...] = ()
    source: str = ""
    id: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.type, "realis": self.realis,
                "trigger": self.trigger.to_dict(),
                "arguments": [a.to_dict() for a in self.arguments], "source": self.source}


@dataclass(frozen=True)
class Document:
    """A cleaned document; `entities`/`events` are None until it is annotated."""

    id: str
    text: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)
    entities: tuple[Entity, ...] | None = None
    events: tuple[Event, ...] | None = None

    @property
    def annotated(self) -> bool:
        return self.entities is not None

    def with_annotations(self, entities: Iterable[Entity], events: Iterable[Event]) -> Document:
        """Return a copy carrying these entities and events."""
        return replace(self, entities=tuple(entities), events=tuple(events))

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "text": self.text}
        for key in ("title", "published", "source", "url"):
            value = getattr(self, key)
            if value is not None:
                d[key] = value
        d["meta"] = dict(self.meta)
        if self.entities is not None:
            d["entities"] = [e.to_dict() for e in self.entities]
        if self.events is not None:
            d["events"] = [e.to_dict() for e in self.events]
        return d


def text_hash(text: str) -> str:
    """Return the content hash that identifies a document's text (sha256, first 16 hex digits)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


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


def _need(d: Mapping[str, Any], key: str, kind: type | tuple[type, ...], what: str) -> Any:
    if key not in d:
        raise RecordError(f"{what}: missing field {key!r}")
    value = d[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        name = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
        raise RecordError(f"{what}: field {key!r} must be {name}, got {type(value).__name__}")
    return value


def _opt_str(d: Mapping[str, Any], key: str, what: str) -> str | None:
    value = d.get(key)
    if value is not None and not isinstance(value, str):
        raise RecordError(f"{what}: field {key!r} must be a string or absent")
    return value


def entity_from_dict(d: Any, text: str, what: str = "entity") -> Entity:
    """Validate one entity dict against `text`."""
    if not isinstance(d, dict):
        raise RecordError(f"{what}: must be an object")
    label = _need(d, "label", str, what)
    if label not in SPAN_LABELS:
        raise RecordError(f"{what}: unknown label {label!r} (known: {', '.join(SPAN_LABELS)})")
    start, end = _need(d, "start", int, what), _need(d, "end", int, what)
    span_text = _need(d, "text", str, what)
    check_span(text, start, end, span_text, f"{what} {label} {span_text!r}")
    return Entity(label, start, end, span_text, str(d.get("source") or ""), str(d.get("id") or ""))


def event_from_dict(d: Any, text: str, what: str = "event") -> Event:
    """Validate one event dict against `text` and the schema's roles."""
    if not isinstance(d, dict):
        raise RecordError(f"{what}: must be an object")
    etype = _need(d, "type", str, what)
    if etype not in EVENT_ROLES:
        raise RecordError(f"{what}: unknown event type {etype!r} (known: {', '.join(EVENT_ROLES)})")
    realis = d.get("realis", "actual")
    if realis not in REALIS:
        raise RecordError(f"{what}: realis {realis!r} is not one of {', '.join(REALIS)}")
    t = _need(d, "trigger", Mapping, what)
    trigger = Trigger(_need(t, "start", int, what), _need(t, "end", int, what), _need(t, "text", str, what))
    check_span(text, trigger.start, trigger.end, trigger.text, f"{what} {etype} trigger")
    args = []
    for i, a in enumerate(d.get("arguments") or []):
        awhat = f"{what} {etype} argument {i + 1}"
        if not isinstance(a, dict):
            raise RecordError(f"{awhat}: must be an object")
        role = _need(a, "role", str, awhat)
        if role not in EVENT_ROLES[etype]:
            raise RecordError(f"{awhat}: role {role!r} is not allowed for {etype} "
                              f"(allowed: {', '.join(EVENT_ROLES[etype])})")
        arg = Argument(role, _need(a, "start", int, awhat), _need(a, "end", int, awhat),
                       _need(a, "text", str, awhat), a.get("entity") or None)
        check_span(text, arg.start, arg.end, arg.text, f"{awhat} {role}")
        args.append(arg)
    return Event(etype, trigger, realis, tuple(args), str(d.get("source") or ""), str(d.get("id") or ""))


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
    doc_id = _need(d, "id", str, "document")
    check_doc_id(doc_id)
    what = f"document {doc_id!r}"
    text = _need(d, "text", str, what)
    meta = {} if d.get("meta") is None else d["meta"]
    if not isinstance(meta, dict):
        raise RecordError(f"{what}: field 'meta' must be an object")
    entities = events = None
    if d.get("entities") is not None:
        raw = _need(d, "entities", list, what)
        entities = tuple(entity_from_dict(e, text, f"{what} entity {i + 1}") for i, e in enumerate(raw))
    if d.get("events") is not None:
        raw = _need(d, "events", list, what)
        events = tuple(event_from_dict(e, text, f"{what} event {i + 1}") for i, e in enumerate(raw))
    return Document(doc_id, text, _opt_str(d, "title", what), _opt_str(d, "published", what),
                    _opt_str(d, "source", what), _opt_str(d, "url", what), dict(meta), entities, events)
