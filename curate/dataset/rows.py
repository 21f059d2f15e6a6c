"""Dataset stage, pure: annotated documents → rows of the `ner`, `events` and `documents` configs, and back.

`RowBatch` builds the rows column by column (labels as ClassLabel indices); spans a paragraph row
cannot hold are counted in its `stats`, while the `documents` row keeps everything at document offsets.
"""

from __future__ import annotations

import bisect
import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from curate.dataset.bio import spans_to_tag_ids, split_rows
from curate.dataset.splits import split_of
from curate.errors import RecordError
from curate.records import Argument, Document, Entity, Event, Trigger, text_hash
from curate.schema import ENTITY_LABELS, EVENT_TYPES, REALIS, ROLES, SPAN_LABELS

ENTITY_INDEX = {label: i for i, label in enumerate(ENTITY_LABELS)}
SPAN_INDEX = {label: i for i, label in enumerate(SPAN_LABELS)}
TYPE_INDEX = {name: i for i, name in enumerate(EVENT_TYPES)}
REALIS_INDEX = {name: i for i, name in enumerate(REALIS)}
ROLE_INDEX = {name: i for i, name in enumerate(ROLES)}

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


@dataclass
class ListColumn:
    """A list column: items `offsets[i]:offsets[i + 1]` of `values` belong to row i."""

    values: Any  # a list, a struct (dict of columns) or another ListColumn
    offsets: list[int] = field(default_factory=lambda: [0])


@dataclass
class CharsColumn:
    """A list-of-characters column (`tokens`), kept as row texts until it is written."""

    texts: list[str] = field(default_factory=list)


def _spans() -> ListColumn:
    return ListColumn({"id": [], "label": [], "start": [], "end": [], "text": [], "source": []})


def _events() -> ListColumn:
    return ListColumn({"id": [], "type": [], "realis": [], "trigger": {"start": [], "end": [], "text": []},
                       "arguments": ListColumn({"role": [], "start": [], "end": [], "text": [], "entity": []}),
                       "source": []})


class RowBatch:
    """Column-wise rows of the three configs for a run of documents: built without a dict per row or span."""

    def __init__(self) -> None:
        ner_entities = _spans()
        del ner_entities.values["id"]
        self.columns: dict[str, dict[str, Any]] = {
            "ner": {"doc_id": [], "row": [], "offset": [], "tokens": CharsColumn(),
                    "ner_tags": ListColumn([]), "entities": ner_entities},
            "events": {"doc_id": [], "row": [], "offset": [], "text": [], "entities": _spans(),
                       "events": _events()},
            "documents": {"id": [], "text": [], "title": [], "published": [], "source": [], "url": [],
                          "meta": [], "entities": _spans(), "events": _events()},
        }
        self.stats: Counter[str] = Counter()

    def __len__(self) -> int:
        return len(self.columns["documents"]["id"])

    def size(self, config: str) -> int:
        """Return the number of rows of a config."""
        return len(next(iter(self.columns[config].values())))

    def add(self, doc: Document) -> None:
        """Append a document's `ner` and `events` rows and its lossless `documents` row."""
        _check_labels(doc)
        ner, evs, docs = self.columns["ner"], self.columns["events"], self.columns["documents"]
        entities, events = doc.entities or (), doc.events or ()
        protected = [(e.start, e.end) for e in entities] + [(v.trigger.start, v.trigger.end) for v in events]
        bounds = split_rows(doc.text, protected)
        starts = [s for s, _ in bounds]

        def row_of(start: int, end: int) -> int | None:
            i = bisect.bisect_right(starts, start) - 1
            return i if i >= 0 and end <= bounds[i][1] else None

        placed: list[tuple[int, Entity]] = []
        for e in entities:
            i = row_of(e.start, e.end)
            if i is None:
                self.stats["entities_crossing_rows"] += 1
            else:
                placed.append((i, e))
        placed_events: list[tuple[int, Event, tuple[Argument, ...]]] = []
        for ev in events:
            i = row_of(ev.trigger.start, ev.trigger.end)
            if i is None:
                self.stats["triggers_crossing_rows"] += 1
                continue
            rs, re_ = bounds[i]
            inside = tuple(a for a in ev.arguments if rs <= a.start and a.end <= re_)
            self.stats["arguments_outside_row"] += len(ev.arguments) - len(inside)
            placed_events.append((i, ev, inside))
        placed.sort(key=itemgetter(0))  # stable: a row keeps the documents' span order
        placed_events.sort(key=itemgetter(0))
        named = [(i, e) for i, e in placed if e.label in ENTITY_INDEX]

        n = len(bounds)
        named_by_row: list[list[tuple[int, int, str]]] = [[] for _ in bounds]
        for i, e in named:
            named_by_row[i].append((e.start - starts[i], e.end - starts[i], e.label))
        texts = [doc.text[rs:re_] for rs, re_ in bounds]
        for text, spans in zip(texts, named_by_row, strict=True):
            tags, dropped = spans_to_tag_ids(len(text), spans)
            self.stats["entities_overlapping"] += len(dropped)
            _extend(ner["ner_tags"], tags)
        for cols in (ner, evs):
            cols["doc_id"].extend([doc.id] * n)
            cols["row"].extend(range(n))
            cols["offset"].extend(starts)
        ner["tokens"].texts.extend(texts)
        evs["text"].extend(texts)
        _add_spans(ner["entities"], named, starts, n, ENTITY_INDEX)
        _add_spans(evs["entities"], placed, starts, n, SPAN_INDEX)
        _add_events(evs["events"], placed_events, starts, n)

        for key, value in (("id", doc.id), ("text", doc.text), ("title", doc.title),
                           ("published", doc.published), ("source", doc.source), ("url", doc.url),
                           ("meta", json.dumps(dict(doc.meta), ensure_ascii=False))):
            docs[key].append(value)
        _add_spans(docs["entities"], [(0, e) for e in entities], [0], 1, SPAN_INDEX)
        _add_events(docs["events"], [(0, ev, ev.arguments) for ev in events], [0], 1)

    def rows(self, config: str) -> list[dict[str, Any]]:
        """Return a config's rows as dicts (what `load_dataset` gives back, labels as indices)."""
        return _pylist(self.columns[config])


def content_hash(doc: Document) -> str:
    """Return the hash of what a version promises about a document: id, text and annotations."""
    # Plain lists, not dicts: this runs on every document of every build.
    payload = [doc.id, text_hash(doc.text),
               [(e.label, e.start, e.end, e.text, e.source, e.id) for e in doc.entities or ()],
               [(v.type, v.realis, v.trigger.start, v.trigger.end, v.source, v.id,
                 [(a.role, a.start, a.end, a.entity) for a in v.arguments]) for v in doc.events or ()]]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


def rows_from_document(doc: Document) -> DocumentRows:
    """Cut an annotated document into `ner` and `events` rows plus its lossless `documents` row."""
    batch = RowBatch()
    batch.add(doc)
    return DocumentRows(split_of(doc.id), batch.rows("ner"), batch.rows("events"), batch.rows("documents")[0],
                        +batch.stats)


def document_row(doc: Document) -> dict[str, Any]:
    """Encode a document losslessly for the `documents` config (meta as a JSON string)."""
    return rows_from_document(doc).document


def document_from_row(row: Mapping[str, Any]) -> Document:
    """Decode a `documents` row back into the `Document` it was made from."""
    entities = tuple(Entity(SPAN_LABELS[e["label"]], e["start"], e["end"], e["text"], e["source"], e["id"])
                     for e in row["entities"])
    events = tuple(
        Event(EVENT_TYPES[v["type"]], Trigger(**v["trigger"]), REALIS[v["realis"]],
              tuple(Argument(ROLES[a["role"]], a["start"], a["end"], a["text"], a["entity"])
                    for a in v["arguments"]),
              v["source"], v["id"])
        for v in row["events"])
    return Document(row["id"], row["text"], row["title"], row["published"], row["source"], row["url"],
                    json.loads(row["meta"]), entities, events)


def _check_labels(doc: Document) -> None:
    """Raise `RecordError` for a document the configs cannot encode (unannotated, unknown names)."""
    if not doc.annotated:
        raise RecordError(f"document {doc.id!r} has no annotations (build takes annotated documents: "
                          "run the rules or pull from Label Studio first)")
    bad = {e.label for e in doc.entities or ()} - SPAN_INDEX.keys()
    if bad:
        raise RecordError(f"unknown label {', '.join(map(repr, sorted(bad)))} "
                          f"(known: {', '.join(SPAN_LABELS)})")
    events = doc.events or ()
    bad = ({v.type for v in events} - TYPE_INDEX.keys()) | ({v.realis for v in events} - REALIS_INDEX.keys()) \
        | ({a.role for v in events for a in v.arguments} - ROLE_INDEX.keys())
    if bad:
        raise RecordError(f"unknown event type, realis or role {', '.join(map(repr, sorted(bad)))} "
                          "(see SCHEMA.md for the allowed names)")


def _extend(col: ListColumn, items: Iterable[Any]) -> None:
    col.values.extend(items)
    col.offsets.append(len(col.values))


# Column by column with list comprehensions over a whole document: much faster than appending
# field by field, span by span. Items come grouped by row (`i`), shifted to row offsets.
def _add_spans(col: ListColumn, placed: list[tuple[int, Entity]], shifts: Sequence[int], nrows: int,
               index: Mapping[str, int]) -> None:
    v = col.values
    if "id" in v:
        v["id"].extend([e.id for _, e in placed])
    v["label"].extend([index[e.label] for _, e in placed])
    v["start"].extend([e.start - shifts[i] for i, e in placed])
    v["end"].extend([e.end - shifts[i] for i, e in placed])
    v["text"].extend([e.text for _, e in placed])
    v["source"].extend([e.source for _, e in placed])
    _close_rows(col.offsets, [i for i, _ in placed], nrows)


def _add_events(col: ListColumn, placed: list[tuple[int, Event, tuple[Argument, ...]]], shifts: Sequence[int],
                nrows: int) -> None:
    v = col.values
    trig, args = v["trigger"], v["arguments"]
    v["id"].extend([ev.id for _, ev, _ in placed])
    v["type"].extend([TYPE_INDEX[ev.type] for _, ev, _ in placed])
    v["realis"].extend([REALIS_INDEX[ev.realis] for _, ev, _ in placed])
    v["source"].extend([ev.source for _, ev, _ in placed])
    trig["start"].extend([ev.trigger.start - shifts[i] for i, ev, _ in placed])
    trig["end"].extend([ev.trigger.end - shifts[i] for i, ev, _ in placed])
    trig["text"].extend([ev.trigger.text for _, ev, _ in placed])
    a, flat = args.values, [(i, x) for i, _, arguments in placed for x in arguments]
    a["role"].extend([ROLE_INDEX[x.role] for _, x in flat])
    a["start"].extend([x.start - shifts[i] for i, x in flat])
    a["end"].extend([x.end - shifts[i] for i, x in flat])
    a["text"].extend([x.text for _, x in flat])
    a["entity"].extend([x.entity for _, x in flat])
    end = args.offsets[-1]
    for _, _, arguments in placed:
        end += len(arguments)
        args.offsets.append(end)
    _close_rows(col.offsets, [i for i, _, _ in placed], nrows)


def _close_rows(offsets: list[int], rows: list[int], nrows: int) -> None:
    """Append the end offset of each of `nrows` rows, given the (sorted) row of every item."""
    counts = [0] * nrows
    for i in rows:
        counts[i] += 1
    end = offsets[-1]
    for c in counts:
        end += c
        offsets.append(end)


def _pylist(col: Any) -> list[Any]:
    if isinstance(col, CharsColumn):
        return [list(text) for text in col.texts]
    if isinstance(col, ListColumn):
        flat = _pylist(col.values)
        return [flat[a:b] for a, b in zip(col.offsets, col.offsets[1:], strict=False)]
    if isinstance(col, dict):
        names = list(col)
        return [dict(zip(names, values, strict=True)) for values in zip(*map(_pylist, col.values()), strict=True)]
    return col
