"""Raw Label Studio exports become annotated-document records: gold choice, audit, review (pure)."""

from __future__ import annotations

import json

import pytest
from conftest import DATA

from curate.annotations import (
    Region,
    audit_span,
    choose_gold,
    documents_from_export,
    load_export,
    review_prediction,
)
from curate.errors import RecordError
from curate.records import document_from_dict

EXPORTS = DATA / "ls_exports"


def _parse(name, problems=None):
    tasks = load_export((EXPORTS / name).read_bytes(), name)
    return list(documents_from_export(tasks, "proj", source=name, on_problem=(problems.append if problems is not None else None)))


def test_full_export_gold_is_the_ground_truth_annotation():
    docs = {d.id: d for d in _parse("full.json")}
    assert set(docs) == {"000_full", "001_changed"}  # 002 has only a cancelled annotation
    doc = docs["000_full"]
    ls = doc.meta["ls"]
    assert (ls["annotation_id"], ls["annotator"], ls["ground_truth"]) == (22, "wang@example.com", True)
    assert (ls["project"], ls["project_id"], ls["task_id"], ls["model_version"]) == ("proj", 7, 11, "rules-v1")
    assert ls["text_hash_ok"] is True
    assert doc.meta["script"] == "simplified" and doc.url == "http://example.com/a"
    assert [(a["annotation_id"], a["annotator"]) for a in doc.meta["annotations"]] == [
        (21, "li@example.com"), (22, "wang@example.com")]  # the cancelled one is not kept
    ents = {(e.label, e.text) for e in doc.entities}
    assert ents == {("DATE", "4月23日"), ("GOV", "包头市"), ("MEETING", "重大项目观摩总结会暨经济运行分析会"),
                    ("TITLE", "市委书记"), ("PER", "丁绣峰"), ("MEETING", "会议")}
    assert all(e.source == "wang@example.com" for e in doc.entities)
    events = {e.type: e for e in doc.events}
    assert set(events) == {"会议召开", "出席"}
    assert {(a.role, a.text) for a in events["会议召开"].arguments} == {
        ("时间", "4月23日"), ("主办方", "包头市"), ("会议名称", "重大项目观摩总结会暨经济运行分析会")}
    # the left-pointing relation is read trigger → argument; the disallowed role is reported, not kept
    assert {(a.role, a.text) for a in events["出席"].arguments} == {("参会人", "丁绣峰"), ("职务", "市委书记")}
    assert document_from_dict(doc.to_dict()) == doc


def test_full_export_offset_audit_and_structure_problems_are_reported():
    doc = next(d for d in _parse("full.json") if d.id == "000_full")
    problems = doc.meta["problems"]
    assert any("r_per" in p and "repaired" in p and "[37, 40) to [36, 39)" in p for p in problems)
    assert any(p.startswith("wang@example.com: role '主办方' is not allowed for 出席") for p in problems)
    per = next(e for e in doc.entities if e.label == "PER")
    assert doc.text[per.start:per.end] == "丁绣峰"


def test_full_export_prediction_review():
    doc = next(d for d in _parse("full.json") if d.id == "000_full")
    review = {(r["label"], r["text"]): r for r in doc.meta["prediction_review"]}
    assert len(review) == 8
    assert review[("DATE", "4月23日")]["action"] == "kept"
    assert review[("DATE", "4月23日")]["rule"] == "date_regex@1"
    # Each region's `score` in the prediction (here 0.9) is kept as the confidence it was predicted with.
    assert review[("GPE", "包头市")] | {} == {"rule": "gazetteer@1", "label": "GPE", "start": 6, "end": 9,
                                            "text": "包头市", "action": "relabelled", "new_label": "GOV",
                                            "confidence": 0.9}
    meeting = review[("MEETING", "一季度重大项目观摩总结会暨经济运行分析会")]
    assert (meeting["action"], meeting["new_start"], meeting["new_end"], meeting["new_text"]) == (
        "boundary_changed", 14, 31, "重大项目观摩总结会暨经济运行分析会")
    assert review[("讲话", "讲话")]["action"] == "deleted"
    assert doc.meta["added"] == [{"label": "MEETING", "start": 41, "end": 43, "text": "会议"}]


def test_text_hash_mismatch_is_reported_not_dropped():
    doc = next(d for d in _parse("full.json") if d.id == "001_changed")
    assert doc.meta["ls"]["text_hash_ok"] is False
    assert any("text hash" in p for p in doc.meta["problems"])
    assert [e.text for e in doc.entities] == ["张三"]
    assert doc.meta["ls"]["annotator"] == "user:3" and "prediction_review" not in doc.meta


def test_minimal_export_without_predictions_or_meta():
    (doc,) = _parse("minimal.json")
    assert doc.id == "task-1" and doc.meta["problems"] == []
    assert [(e.label, e.text) for e in doc.entities] == [("PER", "李四"), ("GPE", "北京")]
    (ev,) = doc.events
    assert (ev.type, ev.trigger.text, ev.realis, [(a.role, a.text, a.entity) for a in ev.arguments]) == (
        "签约", "签约", "actual", [("签约方", "李四", "T1")])


def test_export_of_another_project_parses_with_problems_not_a_traceback():
    (doc,) = _parse("other_project.json")
    problems = doc.meta["problems"]
    assert any("'Movement'" in p and "not one label of the schema" in p for p in problems)
    assert [(e.label, e.start, e.end) for e in doc.entities] == [("ORG", 0, 2), ("GPE", 18, 20), ("GPE", 34, 36)]
    assert any(r["action"] == "relabelled" and r["new_label"] == "GPE" for r in doc.meta["prediction_review"])


def test_broken_tasks_are_reported_and_good_ones_still_parsed():
    problems = []
    docs = _parse("broken_tasks.json", problems)
    assert [d.meta["ls"]["task_id"] for d in docs] == [3, 1]
    reasons = [str(p) for p in problems]
    assert reasons[0].startswith("broken_tasks.json: task #1: is a str, not an object")
    assert "task #2 (id 2): task has no data.text" in reasons[1]
    assert "task #4 (id 4): task field 'annotations' is not a list" in reasons[2]
    assert len(reasons) == 3
    unplaced = docs[0]
    assert unplaced.entities == () and "cannot be placed unambiguously" in unplaced.meta["problems"][0]


@pytest.mark.parametrize("name, message", [("broken_not_json.json", "not JSON"),
                                           ("broken_object.json", "is a list of tasks, got dict")])
def test_files_that_are_no_json_export_fail_with_a_clear_message(name, message):
    with pytest.raises(RecordError, match=message) as info:
        load_export((EXPORTS / name).read_bytes(), name)
    assert str(info.value).startswith(name)


def test_audit_span_repairs_only_unambiguous_shifts():
    text = "😀新华社消息：张伟在北京。张伟"
    assert audit_span(text, 1, 4, "新华社") == (1, 4, None)
    start, end, note = audit_span(text, 2, 5, "新华社")  # shifted by one (UTF-16 style)
    assert (start, end) == (1, 4) and "moved" in note
    assert audit_span(text, 7, 9, "张伟")[:2] == (7, 9)
    assert audit_span(text, 30, 32, "张伟") is None  # two occurrences, neither near
    assert audit_span(text, 0, 2, "上海") is None
    assert audit_span(text, 0, 1, None) == (0, 1, None)


def test_gold_rule_ground_truth_then_most_recent():
    a = {"id": 1, "updated_at": "2026-01-02T00:00:00Z", "ground_truth": False}
    b = {"id": 2, "updated_at": "2026-01-01T00:00:00Z", "ground_truth": False}
    assert choose_gold([a, b]) is a
    assert choose_gold([a, dict(b, ground_truth=True)])["id"] == 2


def test_review_matches_by_id_first_then_overlap():
    pred = [Region("r1", "PER", 0, 2, "张三", "names@1"), Region("r2", "GPE", 5, 7, "北京", "gaz@1")]
    gold = [Region("r1", "ORG", 0, 3, "张三公", ""), Region("x", "GPE", 4, 7, "在北京", "")]
    review, added = review_prediction(pred, gold)
    assert [r["action"] for r in review] == ["relabelled", "boundary_changed"]
    assert review[0]["new_label"] == "ORG" and review[0]["new_end"] == 3
    assert added == []


def test_records_round_trip_through_json():
    """Each parsed record survives JSON text unchanged: same document back, spans still on the text."""
    docs = _parse("full.json")
    assert [d.id for d in docs] == ["000_full", "001_changed"]
    for doc in docs:
        line = json.dumps(doc.to_dict(), ensure_ascii=False)
        back = document_from_dict(json.loads(line))
        assert back == doc, doc.id
        assert back.to_dict() == doc.to_dict(), doc.id
    full = json.loads(json.dumps(docs[0].to_dict(), ensure_ascii=False))
    assert full["meta"]["ls"]["annotator"] == "wang@example.com"
    per = next(e for e in full["entities"] if e["label"] == "PER")
    assert full["text"][per["start"]:per["end"]] == per["text"] == "丁绣峰"
    meeting = next(e for e in full["events"] if e["type"] == "会议召开")
    assert full["text"][meeting["trigger"]["start"]:meeting["trigger"]["end"]] == meeting["trigger"]["text"]


def test_odd_shapes_in_an_export_are_named_problems_not_tracebacks():
    per = {"id": "a", "type": "labels", "value": {"start": 0, "end": 2, "text": "李四", "labels": ["PER"]}}

    def task(tid, **over):
        ann = {"id": tid, "completed_by": 1, "result": [per]}
        t = {"id": tid, "data": {"text": "李四在北京签约。", "doc_id": f"d{tid}"}, "annotations": [ann]}
        for key, value in over.items():
            if key == "ann":
                ann.update(value)
            else:
                t[key] = value
        return t

    tasks = [task(1, ann={"id": "x"}),
             task(2, predictions=7),
             task(3, data={"text": "李四在北京签约。", "title": 5}),
             task(4, ann={"result": [per, {"id": "b", "type": "labels", "value": {"start": 0, "end": 2, "labels": 5}},
                                     {"id": "c", "type": "choices", "value": {"choices": {"x": 1}}},
                                     {"from_id": "a", "to_id": "a", "type": "relation", "labels": 3}]})]
    problems = []
    docs = list(documents_from_export(tasks, "proj", source="odd.json", on_problem=problems.append))
    reasons = [str(p) for p in problems]
    assert "task #1 (id 1): annotation id 'x' is not an integer" in reasons[0]
    assert "task #2 (id 2): task field 'predictions' is not a list" in reasons[1]
    assert "task #3 (id 3): task field 'data.title' is not a string" in reasons[2]
    assert len(reasons) == 3
    [doc] = docs
    assert doc.id == "d4" and [(e.label, e.text) for e in doc.entities] == [("PER", "李四")]
    assert "region b has labels 5, not one label of the schema; ignored" in doc.meta["problems"][0]
    assert doc.meta["problems"][1] == "user:1: relation ? starts at PER '李四', which is no trigger; ignored"
