"""The hand-made gold standard (tests/data/gold/gold.jsonl) is valid SCHEMA.md data on the golden texts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from curate.errors import Problem
from curate.jsonl import read_jsonl
from curate.records import Document, document_from_dict
from curate.schema import ARG_LABEL, EVENT_ROLES

DATA = Path(__file__).resolve().parent / "data"
GOLD = DATA / "gold" / "gold.jsonl"
CLEAN = DATA / "golden" / "clean"
SOURCE = "gold@1"


def _load_gold() -> list[tuple[dict, Document]]:
    problems: list[Problem] = []
    rows = [(value, document_from_dict(value)) for _, value in read_jsonl(GOLD, problems.append)]
    assert not problems, [str(p) for p in problems]
    return rows


ROWS = _load_gold()
IDS = [doc.id for _, doc in ROWS]


def test_one_record_per_golden_seed():
    seeds = sorted(p.stem for p in CLEAN.glob("*.json"))
    assert sorted(IDS) == seeds
    assert len(IDS) == len(set(IDS)) == 5


@pytest.mark.parametrize(("raw", "doc"), ROWS, ids=IDS)
def test_text_equals_golden_cleaned_text(raw, doc):
    golden = json.loads((CLEAN / f"{doc.id}.json").read_text(encoding="utf-8"))
    assert doc.text == golden["text"], "cleaned text changed: re-anchor the gold spans and re-validate"
    assert doc.title == golden.get("title")


@pytest.mark.parametrize(("raw", "doc"), ROWS, ids=IDS)
def test_entities_are_flat_ordered_and_numbered(raw, doc):
    assert doc.annotated and doc.entities
    for a, b in zip(doc.entities, doc.entities[1:], strict=False):
        assert a.end <= b.start, f"{a.id} {a.text!r} overlaps {b.id} {b.text!r}"
    assert [e.id for e in doc.entities] == [f"T{i}" for i in range(1, len(doc.entities) + 1)]
    assert {e.source for e in doc.entities} == {SOURCE}
    for e in doc.entities:
        assert e.text.strip() == e.text and "\n" not in e.text, f"{e.id} {e.text!r} has stray whitespace"


@pytest.mark.parametrize(("raw", "doc"), ROWS, ids=IDS)
def test_arguments_point_at_existing_spans_with_allowed_roles(raw, doc):
    by_id = {e.id: e for e in doc.entities}
    assert [ev.id for ev in doc.events] == [f"E{i}" for i in range(1, len(doc.events) + 1)]
    used = set()
    for ev in doc.events:
        assert ev.source == SOURCE
        assert not any(e.start < ev.trigger.end and ev.trigger.start < e.end for e in doc.entities), \
            f"{ev.id} trigger {ev.trigger.text!r} lies inside an entity"
        for arg in ev.arguments:
            assert arg.role in EVENT_ROLES[ev.type], f"{ev.id}: {arg.role} not allowed for {ev.type}"
            assert arg.entity in by_id, f"{ev.id}: argument points at missing {arg.entity}"
            target = by_id[arg.entity]
            assert (arg.start, arg.end, arg.text) == (target.start, target.end, target.text)
            used.add(arg.entity)
    unused_args = [e.id for e in doc.entities if e.label == ARG_LABEL and e.id not in used]
    assert not unused_args, f"ARG spans no event uses: {unused_args}"


def test_gold_covers_every_event_type_and_entity_label():
    labels = {e.label for _, doc in ROWS for e in doc.entities}
    types = {ev.type for _, doc in ROWS for ev in doc.events}
    assert types == set(EVENT_ROLES)
    assert {"PER", "GOV", "COMPANY", "GPE", "TITLE", "DATE", "MEETING", "PROJECT", ARG_LABEL} <= labels
