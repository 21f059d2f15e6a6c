"""The rules' output on the bundled pages and the development corpus texts, against a reviewed golden file.

A change to a rule or a word list that changes what the rules find shows here as a diff to review
(CURATE_UPDATE_GOLDEN=1 rewrites the file, then fails); a restructuring must leave it unchanged.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from curate.annotate import annotate_document
from curate.records import Document

DATA = Path(__file__).resolve().parent / "data"
GOLDEN = DATA / "golden" / "rules.jsonl"


def golden_texts() -> list[Document]:
    """Return the bundled pages' cleaned texts, then the dev corpus gold texts, without annotations."""
    docs = [Document(p.stem, json.loads(p.read_text(encoding="utf-8"))["text"])
            for p in sorted((DATA / "golden" / "clean").glob("*.json"))]
    for path in sorted((DATA / "corpus" / "gold").glob("*.jsonl")):
        docs += [Document(d["id"], d["text"]) for d in map(json.loads, path.read_text(encoding="utf-8").splitlines())]
    return docs


def rules_line(doc: Document) -> str:
    """Return the rules' entities and events of a document as one compact JSON line."""
    record = annotate_document(doc).to_dict()
    entities = [[e["id"], e["label"], e["start"], e["end"], e["source"]] for e in record["entities"]]
    events = [[ev["id"], ev["type"], ev["trigger"]["start"], ev["trigger"]["end"], ev["realis"], ev["source"],
               [[a["role"], a["entity"]] for a in ev["arguments"]]] for ev in record["events"]]
    return json.dumps({"id": doc.id, "entities": entities, "events": events}, ensure_ascii=False,
                      separators=(",", ":"))


def test_rules_output_equals_the_golden_file():
    lines = [rules_line(doc) for doc in golden_texts()]
    if os.environ.get("CURATE_UPDATE_GOLDEN"):
        GOLDEN.write_text("\n".join(lines) + "\n", encoding="utf-8")
        # A rewrite compares the output with itself: never let that count as a pass.
        pytest.fail(f"{GOLDEN} rewritten: review `git diff` there, then rerun without CURATE_UPDATE_GOLDEN")
    golden = GOLDEN.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(golden) == 40
    for got, want in zip(lines, golden, strict=True):
        assert got == want, json.loads(want)["id"]
