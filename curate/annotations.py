"""Pull stage, pure part: a raw Label Studio JSON export → annotated-document records.

Takes the export as a stream of tasks (`iter_export` reads a saved file with ijson, one task in
memory at a time); gives one `Document` per task with a non-cancelled
annotation: the gold annotation's entities/events, every annotation, an offset audit, event checks
and a review of what annotators did with each predicted region (SCHEMA.md, `meta["ls"]` & co.).
One piece although long: each of those reads the same task and annotation shapes of the export.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

import ijson

from curate.errors import Problem, RecordError
from curate.records import Argument, Document, Entity, Event, Trigger, check_spans, text_hash
from curate.schema import EVENT_ROLES, EVENT_TYPES, REALIS, SPAN_LABELS
from curate.score import as_confidence
from curate.tasks import CONFIDENCE_MARK

# A shifted span is moved only to an occurrence of its text this close to where it was.
REPAIR_WINDOW = 16
_REGION_LABELS = frozenset(SPAN_LABELS + EVENT_TYPES)


@dataclass(frozen=True)
class Region:
    """A labelled span of one annotation or prediction result."""

    id: str
    label: str
    start: int
    end: int
    text: str
    rule: str = ""
    confidence: float | None = None  # a model's confidence in a predicted region (its `score`)


# What a JSON document that is no list is, by its first character.
_JSON_KINDS = {ord("{"): "dict", ord('"'): "str", ord("t"): "bool", ord("f"): "bool", ord("n"): "null",
               **{c: "number" for c in b"-0123456789"}}


def iter_export(fh: BinaryIO, source: str = "export") -> Iterator[Any]:
    """Yield the tasks of a JSON export read from the seekable binary file `fh`, one at a time; raise
    `RecordError` naming the source unless it is a JSON list of tasks."""
    head = fh.read(4096).lstrip()
    fh.seek(0)
    if head[:1] != b"[" and head[:1] and head[0] in _JSON_KINDS:
        raise RecordError(f"{source}: a Label Studio JSON export is a list of tasks, got "
                          f"{_JSON_KINDS[head[0]]} (export with exportType=JSON)")
    try:
        # Straight from the file: ijson's C backend parses 2-3x slower when handed events instead.
        yield from ijson.items(fh, "item", use_float=True)  # floats as json.loads gives them, not Decimal
    except ijson.JSONError as exc:
        raise RecordError(f"{source}: not JSON ({' '.join(str(exc).split())}); pass a Label Studio JSON export "
                          "(not JSON_MIN, CSV or CoNLL)") from exc


def load_export(raw: bytes, source: str = "export") -> list[Any]:
    """Parse export bytes already in memory (see `iter_export`)."""
    return list(iter_export(io.BytesIO(raw), source))


def annotator_name(completed_by: Any) -> str:
    """Return an annotator's email, else `user:<id>`."""
    if isinstance(completed_by, dict):
        return str(completed_by.get("email") or f"user:{completed_by.get('id')}")
    return f"user:{completed_by}"


def audit_span(text: str, start: Any, end: Any, span: Any) -> tuple[int, int, str | None] | None:
    """Return (start, end, repair note) with `text[start:end] == span`, or None if not repairable."""
    if not isinstance(span, str) or not span:
        ok = isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)
        return (start, end, None) if ok else None
    if isinstance(start, int) and isinstance(end, int) and text[start:end] == span and start < end:
        return start, end, None
    hits, at = [], text.find(span)
    while at >= 0:
        hits.append(at)
        at = text.find(span, at + 1)
    if isinstance(start, int):
        near = [h for h in hits if abs(h - start) <= REPAIR_WINDOW]
        hits = near if len(near) == 1 else hits
    if len(hits) != 1:
        return None
    return hits[0], hits[0] + len(span), f"moved {span!r} from [{start}, {end}) to [{hits[0]}, {hits[0] + len(span)})"


def _rule_of(item: Mapping[str, Any]) -> str:
    """Return the rule push put in a region's meta text, without the model's confidence after it."""
    text = (item.get("meta") or {}).get("text") if isinstance(item.get("meta"), dict) else None
    if isinstance(text, list):
        text = text[0] if text else ""
    return str(text or "").split(CONFIDENCE_MARK)[0]


def parse_result(text: str, result: Any, who: str, problems: list[str]
                 ) -> tuple[dict[str, Region], dict[str, str], list[tuple[str, str, str]]]:
    """Return a result's regions by id (audited), realis choices by region id, and relations."""
    regions: dict[str, Region] = {}
    realis: dict[str, str] = {}
    relations: list[tuple[str, str, str]] = []
    seen: dict[tuple[str, int, int], Region] = {}
    for i, item in enumerate(result if isinstance(result, list) else []):
        if not isinstance(item, dict):
            problems.append(f"{who}: result item {i + 1} is not an object; ignored")
            continue
        kind = item.get("type")
        value: Mapping[str, Any] = item["value"] if isinstance(item.get("value"), dict) else {}
        if kind == "relation":
            frm, to = str(item.get("from_id")), str(item.get("to_id"))
            if item.get("direction") == "left":
                frm, to = to, frm
            roles = item.get("labels")
            for role in roles if isinstance(roles, list) and roles else ["?"]:
                relations.append((frm, to, str(role)))
        elif kind == "choices" and "choices" in value:
            choices = value.get("choices")
            realis[str(item.get("id"))] = str(choices[0]) if isinstance(choices, list) and choices else "?"
        elif "labels" in value:
            labels = value.get("labels")
            rid = str(item.get("id") or f"_region{i + 1}")
            if not (isinstance(labels, list) and len(labels) == 1 and isinstance(labels[0], str)
                    and labels[0] in _REGION_LABELS):
                problems.append(f"{who}: region {rid} has labels {labels!r}, not one label of the "
                                "schema; ignored")
                continue
            audited = audit_span(text, value.get("start"), value.get("end"), value.get("text"))
            if audited is None:
                problems.append(f"{who}: region {rid} {labels[0]} [{value.get('start')}, "
                                f"{value.get('end')}) {value.get('text')!r} does not match the text "
                                "and cannot be placed unambiguously; ignored")
                continue
            start, end, note = audited
            if note:
                problems.append(f"{who}: region {rid} {labels[0]}: offset repaired, {note}")
            same = seen.get((labels[0], start, end))
            # A second region with the same span and label is the same region: relations may use either id.
            regions[rid] = same or Region(rid, labels[0], start, end, text[start:end], _rule_of(item),
                                          as_confidence(item.get("score")))
            seen.setdefault((labels[0], start, end), regions[rid])
    return regions, realis, relations


def unique_regions(regions: dict[str, Region]) -> list[Region]:
    """Return each distinct region once (ids of merged duplicates point at the same region)."""
    return list({r.id: r for r in regions.values()}.values())


def spans_from_regions(regions: dict[str, Region], realis: dict[str, str], relations: list[tuple[str, str, str]],
                       who: str, problems: list[str]) -> tuple[list[Entity], list[Event]]:
    """Turn a parsed result (`parse_result`) into entities (labelled regions) and events (triggers +
    role relations)."""
    ent_regions = sorted((r for r in unique_regions(regions) if r.label in SPAN_LABELS),
                         key=lambda r: (r.start, r.end, r.label))
    ent_ids = {r.id: f"T{n}" for n, r in enumerate(ent_regions, 1)}
    entities = [Entity(r.label, r.start, r.end, r.text, who, ent_ids[r.id]) for r in ent_regions]
    triggers = sorted((r for r in unique_regions(regions) if r.label in EVENT_TYPES), key=lambda r: (r.start, r.end))
    args: dict[str, list[Argument]] = {t.id: [] for t in triggers}
    for frm, to, role in relations:
        source, target = regions.get(frm), regions.get(to)
        if source is None or target is None:
            problems.append(f"{who}: relation {role} {frm}→{to} points at a missing region; ignored")
            continue
        if source.label not in EVENT_TYPES and target.label in EVENT_TYPES:
            problems.append(f"{who}: relation {role} drawn from argument {source.text!r} to trigger "
                            f"{target.text!r}; read as trigger → argument")
            source, target = target, source
        if source.label not in EVENT_TYPES:
            problems.append(f"{who}: relation {role} starts at {source.label} {source.text!r}, "
                            "which is no trigger; ignored")
            continue
        if role not in EVENT_ROLES[source.label]:
            problems.append(f"{who}: role {role!r} is not allowed for {source.label} (trigger "
                            f"{source.text!r} at {source.start}; allowed: "
                            f"{', '.join(EVENT_ROLES[source.label])}); argument ignored")
            continue
        arg = Argument(role, target.start, target.end, target.text, ent_ids.get(target.id))
        if arg not in args[source.id]:
            args[source.id].append(arg)
    events = []
    for n, t in enumerate(triggers, 1):
        r = realis.get(t.id, "actual")
        if r not in REALIS:
            problems.append(f"{who}: trigger {t.text!r} has realis {r!r}, not one of "
                            f"{', '.join(REALIS)}; read as 'actual'")
            r = "actual"
        events.append(Event(t.label, Trigger(t.start, t.end, t.text), r, tuple(args[t.id]), who, f"E{n}"))
    return entities, events


def choose_gold(annotations: Sequence[Mapping[str, Any]]) -> Mapping[str, Any]:
    """Pick the gold annotation: ground truth first, then the most recently updated (then highest id)."""
    return max(annotations, key=lambda a: (bool(a.get("ground_truth")),
                                           str(a.get("updated_at") or a.get("created_at") or ""),
                                           _annotation_id(a)))


def _annotation_id(a: Mapping[str, Any]) -> int:
    """Return an annotation's id (0 when absent); raise `RecordError` unless it is an integer."""
    value = a.get("id") or 0
    if not isinstance(value, int):
        raise RecordError(f"annotation id {value!r} is not an integer (is this a Label Studio JSON export?)")
    return value


def _base_prediction(task: Mapping[str, Any], gold: Mapping[str, Any],
                     model_version: str | None) -> Mapping[str, Any] | None:
    preds = [p for p in task.get("predictions") or [] if isinstance(p, dict)]
    if isinstance(gold.get("prediction"), dict) and gold["prediction"].get("result"):
        return gold["prediction"]
    for p in preds:
        if p.get("id") is not None and p.get("id") == gold.get("parent_prediction"):
            return p
    current = [p for p in preds if model_version and p.get("model_version") == model_version]
    return (current or preds)[-1] if (current or preds) else None


def _overlap(a: Region, b: Region) -> bool:
    return a.start < b.end and b.start < a.end


def review_prediction(pred: list[Region], gold: list[Region]) -> tuple[list[dict], list[dict]]:
    """Say what the annotator did with each predicted region (with the model's confidence in it, if it had
    one), and which gold regions were added."""
    left = {r.id: r for r in gold}
    review = []
    for p in sorted(pred, key=lambda r: (r.start, r.end)):
        match = left.pop(p.id, None)
        if match is None:
            exact = [g for g in left.values() if (g.start, g.end) == (p.start, p.end)]
            overlapping = [g for g in left.values() if _overlap(g, p)]
            pick = ([g for g in exact if g.label == p.label] or exact
                    or [g for g in overlapping if g.label == p.label] or overlapping)
            match = left.pop(pick[0].id) if pick else None
        entry: dict[str, Any] = {"rule": p.rule, "label": p.label, "start": p.start, "end": p.end,
                                 "text": p.text}
        if p.confidence is not None:
            entry["confidence"] = p.confidence
        if match is None:
            entry["action"] = "deleted"
        elif (match.start, match.end) == (p.start, p.end):
            entry["action"] = "kept" if match.label == p.label else "relabelled"
        else:
            entry["action"] = "boundary_changed" if match.label == p.label else "relabelled"
            entry.update(new_start=match.start, new_end=match.end, new_text=match.text)
        if match is not None and match.label != p.label:
            entry["new_label"] = match.label
        review.append(entry)
    added = [{"label": g.label, "start": g.start, "end": g.end, "text": g.text}
             for g in sorted(left.values(), key=lambda r: (r.start, r.end))]
    return review, added


def document_from_task(task: Mapping[str, Any], project: str, project_id: int | None = None,
                       model_version: str | None = None) -> Document | None:
    """Return the pulled record of one exported task, or None if it has no usable annotation."""
    data = task.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise RecordError("task has no data.text (the project's text field must be named 'text')")
    text = data["text"]
    for key in ("annotations", "predictions"):
        if not isinstance(task.get(key) or [], list):
            raise RecordError(f"task field {key!r} is not a list (is this a Label Studio JSON export?)")
    for key in ("title", "published", "source"):
        if not isinstance(data.get(key) or "", str):
            raise RecordError(f"task field 'data.{key}' is not a string")
    annotations = [a for a in task.get("annotations") or []
                   if isinstance(a, dict) and not a.get("was_cancelled")]
    if not annotations:
        return None
    problems: list[str] = []
    stored_hash, actual_hash = data.get("text_hash"), text_hash(text)
    if stored_hash and stored_hash != actual_hash:
        problems.append(f"text hash {actual_hash} differs from the pushed {stored_hash}: the task "
                        "text changed in Label Studio")
    parsed = []
    for a in sorted(annotations, key=_annotation_id):
        who = annotator_name(a.get("completed_by"))
        regions, realis, relations = parse_result(text, a.get("result"), who, problems)
        ents, evs = spans_from_regions(regions, realis, relations, who, problems)
        parsed.append((a, who, ents, evs, regions))
    gold = choose_gold(annotations)
    _, gold_who, entities, events, gold_regions = next(p for p in parsed if p[0] is gold)
    task_meta: Mapping[str, Any] = task["meta"] if isinstance(task.get("meta"), dict) else {}
    if not isinstance(task_meta.get("url") or "", str):
        raise RecordError("task field 'meta.url' is not a string")
    doc_meta = task_meta.get("document_meta")
    meta: dict[str, Any] = dict(doc_meta) if isinstance(doc_meta, dict) else {}
    pred = _base_prediction(task, gold, model_version)
    meta["ls"] = {"project": project, "project_id": project_id if project_id is not None else task.get("project"),
                  "task_id": task.get("id"), "annotation_id": gold.get("id"), "annotator": gold_who,
                  "ground_truth": bool(gold.get("ground_truth")),
                  "updated_at": str(gold.get("updated_at") or gold.get("created_at") or ""),
                  "text_hash": actual_hash, "text_hash_ok": not stored_hash or stored_hash == actual_hash,
                  "model_version": pred.get("model_version") if pred else None}
    meta["annotations"] = [
        {"annotation_id": a.get("id"), "annotator": who, "ground_truth": bool(a.get("ground_truth")),
         "updated_at": str(a.get("updated_at") or a.get("created_at") or ""),
         "entities": [e.to_dict() for e in ents], "events": [e.to_dict() for e in evs]}
        for a, who, ents, evs, _ in parsed]
    if pred is not None:
        pred_regions, _, _ = parse_result(text, pred.get("result"), "prediction", [])
        meta["prediction_review"], meta["added"] = review_prediction(
            unique_regions(pred_regions), unique_regions(gold_regions))
    elif any(isinstance(p, int) for p in task.get("predictions") or []):
        problems.append("predictions are exported as ids only: export with predictions expanded "
                        "(`curate pull` does) to review them")
    meta["problems"] = problems
    doc = Document(str(data.get("doc_id") or f"task-{task.get('id')}"), text,
                   data.get("title") or None, data.get("published") or None, data.get("source") or None,
                   task_meta.get("url") or None, meta, tuple(entities), tuple(events))
    return check_spans(doc)  # built from typed values: the offsets are what remains to check


def documents_from_export(tasks: Iterable[Any], project: str, project_id: int | None = None,
                          model_version: str | None = None, source: str = "export",
                          on_problem: Callable[[Problem], None] | None = None) -> Iterator[Document]:
    """Yield the pulled record of every annotated task; report malformed tasks and go on."""
    for n, task in enumerate(tasks, 1):
        where = f"task #{n}" + (f" (id {task.get('id')})" if isinstance(task, dict) else "")
        try:
            if not isinstance(task, dict):
                raise RecordError(f"is a {type(task).__name__}, not an object")
            doc = document_from_task(task, project, project_id, model_version)
        except RecordError as exc:  # what the checks above and `check_spans` raise for bad data
            if on_problem:
                on_problem(Problem(source, None, f"{where}: {exc}", "fix or remove this task in Label Studio"))
            continue
        if doc is not None:
            yield doc
