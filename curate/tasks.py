"""Annotated documents → Label Studio tasks with predictions (pure).

Takes annotated `Document`s; gives task dicts (`task_from_document`) and checks every prediction
against the text and the label config (`validate_task`), because Label Studio accepts invalid ones.
"""

from __future__ import annotations

import hashlib
from typing import Any

from curate.label_config import CONFIG_LABELS, LABELS_NAME, REALIS_NAME, TEXT_NAME
from curate.records import Document, text_hash
from curate.schema import EVENT_ROLES, EVENT_TYPES, REALIS, ROLES, SPAN_LABELS
from curate.score import document_score, span_confidences


def region_id(doc_id: str, label: str, start: int, end: int) -> str:
    """Return a stable region id for a labelled span (same span and label → same id)."""
    return hashlib.sha1(f"{doc_id}\0{label}\0{start}\0{end}".encode()).hexdigest()[:10]


# Between a region's rule and the model's confidence in its meta text (`annotations` reads the rule before it).
CONFIDENCE_MARK = " · confidence "


def _region(doc: Document, label: str, start: int, end: int, text: str, rule: str,
            confidence: float | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": region_id(doc.id, label, start, end), "from_name": LABELS_NAME, "to_name": TEXT_NAME,
        "type": "labels", "value": {"start": start, "end": end, "text": text, "labels": [label]}}
    if confidence is not None:
        item["score"] = confidence
    if rule or confidence is not None:
        # Label Studio shows a region's meta text in its details panel: the annotator sees the rule, and the
        # model's confidence in the span when a model annotated the document.
        shown = rule if confidence is None else f"{rule}{CONFIDENCE_MARK}{confidence:.2f}"
        item["meta"] = {"text": [shown]}
    return item


def prediction_result(doc: Document) -> list[dict[str, Any]]:
    """Return the result items (regions, realis choices, role relations) for a document's spans."""
    items: list[dict[str, Any]] = []
    by_span: dict[tuple[int, int], str] = {}
    by_entity_id: dict[str, str] = {}
    confidence = span_confidences(doc)
    for e in doc.entities or ():
        item = _region(doc, e.label, e.start, e.end, e.text, e.source, confidence.get((e.label, e.start, e.end)))
        if item["id"] in {i["id"] for i in items}:
            continue  # the same span and label twice: one region
        items.append(item)
        by_span.setdefault((e.start, e.end), item["id"])
        if e.id:
            by_entity_id[e.id] = item["id"]
    relations: list[dict[str, Any]] = []
    seen = {i["id"] for i in items}
    for ev in doc.events or ():
        t = ev.trigger
        trig = _region(doc, ev.type, t.start, t.end, t.text, ev.source, confidence.get((ev.type, t.start, t.end)))
        if trig["id"] not in seen:
            items.append(trig)
            seen.add(trig["id"])
            items.append({"id": trig["id"], "from_name": REALIS_NAME, "to_name": TEXT_NAME,
                          "type": "choices",
                          "value": {"start": t.start, "end": t.end, "text": t.text, "choices": [ev.realis]}})
        for a in ev.arguments:
            target = by_entity_id.get(a.entity or "") or by_span.get((a.start, a.end))
            if target is None:
                arg = _region(doc, SPAN_LABELS[-1], a.start, a.end, a.text, ev.source)
                if arg["id"] not in seen:
                    items.append(arg)
                    seen.add(arg["id"])
                target = by_span[(a.start, a.end)] = arg["id"]
            relations.append({"from_id": trig["id"], "to_id": target, "type": "relation",
                              "direction": "right", "labels": [a.role]})
    return items + relations


def task_from_document(doc: Document, model_version: str) -> dict[str, Any]:
    """Return the Label Studio task for an annotated document, with its rule prediction."""
    result = prediction_result(doc) if doc.annotated else []
    task: dict[str, Any] = {
        "data": {"text": doc.text, "doc_id": doc.id, "text_hash": text_hash(doc.text),
                 "title": doc.title or "", "published": doc.published or "", "source": doc.source or "",
                 # Shown in the Data Manager and above the text while labeling (`label_config.META_HEADER`).
                 "outlet": str(doc.meta.get("outlet") or ""),
                 "regions": sum(1 for item in result if item["type"] == "labels")},
        # Each span's confidence travels in the prediction (its regions' scores), not twice in the task.
        "meta": {"doc_id": doc.id, "url": doc.url,
                 "document_meta": {k: v for k, v in doc.meta.items() if k != "span_confidence"}},
    }
    if doc.annotated:
        task["predictions"] = [{"model_version": model_version, "result": result, "score": document_score(doc)}]
    return task


def validate_result(text: str, result: list[dict[str, Any]], what: str = "prediction") -> list[str]:
    """Return what is wrong with a result: offsets, region text, labels, relation endpoints."""
    problems: list[str] = []
    regions: dict[str, str] = {}
    for i, item in enumerate(result):
        kind = item.get("type")
        where = f"{what} item {i + 1}"
        if kind == "relation":
            continue
        value = item.get("value") or {}
        start, end, span = value.get("start"), value.get("end"), value.get("text")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            problems.append(f"{where}: offsets [{start}, {end}) outside the text (length {len(text)})")
        elif text[start:end] != span:
            problems.append(f"{where}: text[{start}:{end}] is {text[start:end]!r}, not {span!r}")
        if item.get("to_name") != TEXT_NAME:
            problems.append(f"{where}: to_name {item.get('to_name')!r} is not {TEXT_NAME!r}")
        if kind == "labels":
            labels = value.get("labels") or []
            if item.get("from_name") != LABELS_NAME:
                problems.append(f"{where}: from_name {item.get('from_name')!r} is not {LABELS_NAME!r}")
            if len(labels) != 1 or labels[0] not in CONFIG_LABELS:
                problems.append(f"{where}: labels {labels!r} are not one label of the config")
            elif item.get("id"):
                regions[item["id"]] = labels[0]
        elif kind == "choices":
            if item.get("from_name") != REALIS_NAME or not set(value.get("choices") or ["?"]) <= set(REALIS):
                problems.append(f"{where}: realis choice {value.get('choices')!r} is not one of {REALIS}")
        else:
            problems.append(f"{where}: unexpected result type {kind!r}")
    for i, item in enumerate(result):
        if item.get("type") == "choices" and regions.get(item.get("id", "")) not in EVENT_TYPES:
            problems.append(f"{what} item {i + 1}: realis choice on {item.get('id')!r}, which is no trigger")
        if item.get("type") != "relation":
            continue
        where = f"{what} relation {item.get('from_id')}→{item.get('to_id')}"
        source, target = regions.get(item.get("from_id", "")), regions.get(item.get("to_id", ""))
        role = (item.get("labels") or [None])[0]
        if source is None or target is None:
            problems.append(f"{where}: endpoint is no region of this result")
        elif source not in EVENT_TYPES:
            problems.append(f"{where}: starts at a {source} region, not at a trigger")
        elif role not in EVENT_ROLES[source]:
            problems.append(f"{where}: role {role!r} is not allowed for {source}")
        elif role not in ROLES:
            problems.append(f"{where}: role {role!r} is not a relation of the config")
    return problems


def validate_task(task: dict[str, Any]) -> list[str]:
    """Return every problem of a task's data and predictions (empty when it may be sent)."""
    data = task.get("data") or {}
    text = data.get("text")
    if not isinstance(text, str) or not text:
        return ["task has no text"]
    problems = []
    if data.get("text_hash") != text_hash(text):
        problems.append("data.text_hash does not match the text")
    for n, pred in enumerate(task.get("predictions") or []):
        if not pred.get("model_version"):
            problems.append(f"prediction {n + 1}: no model_version")
        problems += validate_result(text, pred.get("result") or [], f"prediction {n + 1}")
    return problems
