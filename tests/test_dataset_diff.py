from __future__ import annotations

from dataclasses import replace

from dataset_fixtures import corpus, doc0

from curate.dataset.diff import diff_documents, diff_lines
from curate.records import Entity, Event


def _edit(doc, entities=None, events=None):
    return replace(doc, entities=tuple(entities if entities is not None else doc.entities),
                   events=tuple(events if events is not None else doc.events))


def test_same_documents_make_an_empty_diff():
    d = diff_documents(corpus(4), corpus(4))
    assert d.empty and set(d.counts().values()) == {0} and d.label_deltas() == {}


def test_documents_added_removed_and_changed():
    old, new = corpus(3), corpus(4)[1:]
    changed = new[0]
    new[0] = _edit(changed, entities=changed.entities[:-1])
    d = diff_documents(old, new)
    assert (d.docs_added, d.docs_removed, d.docs_changed) == (["doc_003"], ["doc_000"], ["doc_001"])
    removed_by_edit = changed.entities[-1]
    assert ("doc_001", removed_by_edit, None) in d.entities_removed
    assert len(d.entities_added) == len(corpus(4)[3].entities)
    assert [doc for doc, _, _ in d.events_removed] == ["doc_000"]


def test_entities_relabelled_resized_added_removed():
    doc = doc0()
    ents = list(doc.entities)
    gpe = ents[1]
    date = ents[0]
    ents[1] = replace(gpe, label="GOV")                                     # relabelled
    ents[0] = replace(date, end=date.end - 1, text=date.text[:-1])          # resized
    title = ents.pop(3)                                                     # removed
    meeting = Entity("MEETING", 0, 1, doc.text[0])                          # added (other label)
    d = diff_documents([doc], [_edit(doc, entities=[*ents, meeting])])
    assert d.entities_relabelled == [(doc.id, gpe, ents[1])]
    assert d.entities_boundary_changed == [(doc.id, date, ents[0])]
    assert d.entities_removed == [(doc.id, title, None)]
    assert d.entities_added == [(doc.id, None, meeting)]
    assert d.docs_changed == [doc.id]
    assert d.label_deltas() == {"GOV": 1, "GPE": -1, "MEETING": 1, "TITLE": -1}


def test_events_added_removed_changed():
    doc = doc0()
    meeting, attend, speech = doc.events
    planned = replace(attend, realis="planned")
    moved = Event("讲话", replace(speech.trigger), "actual", ())
    d = diff_documents([doc], [_edit(doc, events=[planned, moved])])
    assert d.events_changed == [(doc.id, attend, planned), (doc.id, speech, moved)]
    assert d.events_removed == [(doc.id, meeting, None)]
    assert d.events_added == []
    lines = diff_lines(d)
    assert "- events: 0 added, 1 removed, 2 changed" in lines
    assert any("event changed 出席/actual '出席'" in line and "出席/planned" in line for line in lines)


def test_a_changed_annotator_alone_still_changes_the_document():
    d = diff_documents([doc0()], [doc0(source="ann@example.com")])
    assert d.docs_changed == ["000_doc"] and d.entities_relabelled == []


def test_diff_lines_are_capped():
    d = diff_documents([], corpus(8))
    lines = diff_lines(d, limit=5)
    assert lines[0] == "- documents: 8 added, 0 removed, 0 changed"
    assert sum(line.startswith("  - ") for line in lines) == 6 and "more" in lines[-1]
