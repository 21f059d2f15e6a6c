"""Dataset stage, pure: annotated documents → rows of the `ner`, `events` and `documents` configs, and back.

Rows are plain dicts (labels as ClassLabel indices) in the shape `features.CONFIG_FEATURES` declares;
spans a paragraph row cannot hold are counted in `stats`, while the `documents` row keeps everything
at document offsets.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from curate.dataset.bio import spans_to_tag_ids, split_rows
from curate.dataset.splits import split_of
from curate.errors import RecordError
from curate.record_codec import CODECS
from curate.records import Document, Entity, Event
from curate.schema import ENTITY_LABELS, EVENT_TYPES, REALIS, ROLES, SPAN_LABELS

_ENTITY, _SPAN, _TYPE, _REALIS, _ROLE = map(frozenset, (ENTITY_LABELS, SPAN_LABELS, EVENT_TYPES, REALIS, ROLES))

# What the card explains for each counter of spans a row could not hold.
STAT_NOTES: dict[str, str] = {
    "entities_crossing_rows": "entities crossing a row boundary (kept in `documents` only)",
    "entities_overlapping": "entities overlapping a longer one (in `entities` columns, not in `ner_tags`)",
    "triggers_crossing_rows": "event triggers crossing a row boundary (event kept in `documents` only)",
    "arguments_outside_row": "event arguments outside their trigger's row (kept in `documents` only)",
}


@dataclass
class DocumentRows:
    """One document's rows for each config, its split, and counts of spans rows could not hold."""

    split: str
    ner: list[dict[str, Any]]
    events: list[dict[str, Any]]
    document: dict[str, Any]
    stats: Counter[str] = field(default_factory=Counter)


def rows_from_document(doc: Document) -> DocumentRows:
    """Cut an annotated document into `ner` and `events` rows plus its lossless `documents` row (plain dicts,
    labels as ClassLabel indices, as `pyarrow.Table.from_pylist` and `load_dataset` take them)."""
    _check_labels(doc)
    stats: Counter[str] = Counter()
    entities, events = doc.entities or (), doc.events or ()
    protected = [(e.start, e.end) for e in entities] + [(v.trigger.start, v.trigger.end) for v in events]
    bounds = split_rows(doc.text, protected)
    starts = [s for s, _ in bounds]

    def row_of(start: int, end: int) -> int | None:
        i = bisect.bisect_right(starts, start) - 1
        return i if i >= 0 and end <= bounds[i][1] else None

    row_entities: list[list[Entity]] = [[] for _ in bounds]
    for e in entities:
        i = row_of(e.start, e.end)
        if i is None:
            stats["entities_crossing_rows"] += 1
        else:
            row_entities[i].append(e)
    row_events: list[list[Event]] = [[] for _ in bounds]
    for ev in events:
        i = row_of(ev.trigger.start, ev.trigger.end)
        if i is None:
            stats["triggers_crossing_rows"] += 1
            continue
        rs, re_ = bounds[i]
        inside = tuple(a for a in ev.arguments if rs <= a.start and a.end <= re_)
        stats["arguments_outside_row"] += len(ev.arguments) - len(inside)
        row_events[i].append(replace(ev, arguments=inside))
    ner, evs = [], []
    for i, (rs, re_) in enumerate(bounds):
        text = doc.text[rs:re_]
        named = [e for e in row_entities[i] if e.label in _ENTITY]
        tags, dropped = spans_to_tag_ids(len(text), [(e.start - rs, e.end - rs, e.label) for e in named])
        stats["entities_overlapping"] += len(dropped)
        ner.append({"doc_id": doc.id, "row": i, "offset": rs, "tokens": list(text), "ner_tags": tags,
                    "entities": [_ner_span(e, rs) for e in named]})
        evs.append({"doc_id": doc.id, "row": i, "offset": rs, "text": text,
                    "entities": [entity_row(e, rs) for e in row_entities[i]],
                    "events": [event_row(ev, rs) for ev in row_events[i]]})
    return DocumentRows(split_of(doc.id), ner, evs, document_row(doc), +stats)


# Rows made from the record fields (`record_codec`): names as indices, span offsets less the row's.
entity_row, event_row, _document_row = CODECS[Entity].to_row, CODECS[Event].to_row, CODECS[Document].to_row


def _ner_span(e: Entity, shift: int) -> dict[str, Any]:
    """A `ner` span: an entity row without its id (ENTITY_LABELS index as SPAN_LABELS do, a prefix)."""
    row = entity_row(e, shift)
    del row["id"]
    return row


def document_row(doc: Document) -> dict[str, Any]:
    """Encode a document losslessly for the `documents` config (meta as a JSON string, no events as [])."""
    row = _document_row(doc, 0)
    row["events"] = row["events"] or []
    return row


def _check_labels(doc: Document) -> None:
    """Raise `RecordError` for a document the configs cannot encode (unannotated, unknown names)."""
    if not doc.annotated:
        raise RecordError(f"document {doc.id!r} has no annotations (build takes annotated documents: "
                          "run the rules or pull from Label Studio first)")
    bad = {e.label for e in doc.entities or ()} - _SPAN
    if bad:
        raise RecordError(f"unknown label {', '.join(map(repr, sorted(bad)))} "
                          f"(known: {', '.join(SPAN_LABELS)})")
    events = doc.events or ()
    bad = ({v.type for v in events} - _TYPE) | ({v.realis for v in events} - _REALIS) \
        | ({a.role for v in events for a in v.arguments} - _ROLE)
    if bad:
        raise RecordError(f"unknown event type, realis or role {', '.join(map(repr, sorted(bad)))} "
                          "(see SCHEMA.md for the allowed names)")
