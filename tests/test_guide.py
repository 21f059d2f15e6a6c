"""The annotator's guide: one declaration covers the schema, its examples come from the bundled pages,
SCHEMA.md mirrors it, and the hints and instructions Label Studio shows are generated from it."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import DATA

from curate import guide
from curate.label_config import build_label_config
from curate.schema import EVENT_ROLES, EVENT_TYPES, REALIS, ROLES, SPAN_LABELS
from curate.workbench import instructions_html

SCHEMA_MD = Path(__file__).resolve().parent.parent / "docs" / "SCHEMA.md"
GOLD = [json.loads(line) for line in (DATA / "gold" / "gold.jsonl").read_text(encoding="utf-8").splitlines()]


def test_the_guide_covers_exactly_the_schema():
    assert list(guide.LABELS) == list(SPAN_LABELS)
    assert list(guide.EVENTS) == list(EVENT_TYPES)
    assert list(guide.ROLES) == list(ROLES)
    assert list(guide.REALIS) == list(REALIS)
    for entry in [*guide.LABELS.values(), *guide.EVENTS.values()]:
        assert entry.definition and entry.example and "\n" not in entry.definition


def test_label_examples_are_gold_spans_of_the_bundled_pages():
    gold = {(e["label"], e["text"]) for d in GOLD for e in d["entities"]}
    gold |= {("ARG", a["text"]) for d in GOLD for ev in d["events"] for a in ev["arguments"]}
    for label, entry in guide.LABELS.items():
        assert (label, entry.example) in gold, f"{label} example {entry.example!r} is no gold {label} span"


def test_event_examples_are_sentences_of_the_bundled_pages_around_a_gold_trigger():
    for etype, entry in guide.EVENTS.items():
        found = []
        for d in GOLD:
            at = d["text"].find(entry.example)
            while at >= 0:
                end = at + len(entry.example)
                found += [ev for ev in d["events"] if ev["type"] == etype
                          and at <= ev["trigger"]["start"] and ev["trigger"]["end"] <= end]
                at = d["text"].find(entry.example, at + 1)
        assert found, f"{etype} example {entry.example!r} holds no gold {etype} trigger of the bundled pages"


def test_schema_md_mirrors_the_guide():
    text = SCHEMA_MD.read_text(encoding="utf-8")
    block = re.search(r"<!-- guide:start -->\n(.*)\n<!-- guide:end -->", text, re.S)
    assert block and block.group(1).splitlines() == guide.schema_table_lines(), (
        "docs/SCHEMA.md's annotator guide is stale: regenerate it from curate.guide.schema_table_lines()")


def test_every_label_hint_is_its_chinese_definition_and_example():
    root = ET.fromstring(build_label_config())
    hints = {x.get("value"): x.get("hint") for x in root.find("Labels")}
    assert hints["GOV"] == f"GOV：{guide.LABELS['GOV'].definition} — 例：{guide.LABELS['GOV'].example}"
    for label in SPAN_LABELS:
        assert hints[label] == guide.hint(label)
    for etype in EVENT_TYPES:  # a trigger's hint also names the roles its event type has
        assert hints[etype].endswith("论元：" + "、".join(EVENT_ROLES[etype]))


def test_instructions_hold_every_label_event_role_rule_and_example():
    html = instructions_html()
    for label, e in guide.LABELS.items():
        assert f"<b>{label}</b>" in html and e.definition in html and e.example in html
    for etype, e in guide.EVENTS.items():
        assert f"<b>{etype}</b>" in html and e.example in html and "、".join(EVENT_ROLES[etype]) in html
    for role in ROLES:
        assert f"<b>{role}</b>" in html
    for realis in REALIS:
        assert f"<b>{realis}</b>" in html
    for rule in guide.RULES:
        assert f"<li>{rule}</li>" in html
