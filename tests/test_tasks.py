"""Annotated documents become Label Studio tasks whose predictions are checked before sending."""

from __future__ import annotations

import copy

import pytest
from ls_fixtures import ASTRAL_TEXT, astral_document, sample_documents

from curate.records import Argument, Document, Entity, Event, Trigger, text_hash
from curate.tasks import region_id, task_from_document, validate_task


def _by_type(result):
    labels = [r for r in result if r["type"] == "labels"]
    return labels, [r for r in result if r["type"] == "choices"], [r for r in result if r["type"] == "relation"]


def test_task_carries_doc_id_hash_and_rule_per_region():
    doc = astral_document()
    task = task_from_document(doc, "rules-7")
    assert task["data"] == {"text": ASTRAL_TEXT, "doc_id": "astral-1", "text_hash": text_hash(ASTRAL_TEXT),
                            "title": "astral", "published": "", "source": "", "outlet": "", "regions": 5}
    (pred,) = task["predictions"]
    assert pred["model_version"] == "rules-7"
    assert pred["score"] == 0.6  # 张伟, 包头市 and 召开 agreed on by entity and event rules, of 5 regions
    labels, choices, relations = _by_type(pred["result"])
    spans = {(r["value"]["labels"][0], r["value"]["start"], r["value"]["end"], r["value"]["text"]) for r in labels}
    assert spans == {("ORG", 1, 4, "新华社"), ("PER", 8, 10, "张伟"), ("GPE", 11, 14, "包头市"),
                     ("COMPANY", 19, 23, "𠀀𠀁公司"), ("会议召开", 14, 16, "召开")}
    for r in labels:  # code points, as Label Studio stores them
        assert ASTRAL_TEXT[r["value"]["start"]:r["value"]["end"]] == r["value"]["text"]
    trigger = next(r for r in labels if r["value"]["labels"] == ["会议召开"])
    assert trigger["meta"] == {"text": ["meeting_rule@1"]}
    assert choices == [{"id": trigger["id"], "from_name": "realis", "to_name": "text", "type": "choices",
                        "value": {"start": 14, "end": 16, "text": "召开", "choices": ["actual"]}}]
    ids = {r["value"]["text"]: r["id"] for r in labels}
    assert {(r["from_id"], r["to_id"], r["labels"][0]) for r in relations} == {
        (trigger["id"], ids["张伟"], "主办方"), (trigger["id"], ids["包头市"], "地点")}
    assert validate_task(task) == []


def test_region_ids_are_stable_and_argument_without_entity_gets_an_arg_region():
    text = "市长在会上讲话。"
    ev = Event("讲话", Trigger(5, 7, "讲话"), "actual", (Argument("职务", 0, 2, "市长"),), "speech@1")
    doc = Document("d1", text).with_annotations([], [ev])
    result = task_from_document(doc, "v")["predictions"][0]["result"]
    labels, _, relations = _by_type(result)
    arg = next(r for r in labels if r["value"]["labels"] == ["ARG"])
    assert arg["value"]["text"] == "市长" and arg["id"] == region_id("d1", "ARG", 0, 2)
    assert relations[0]["to_id"] == arg["id"]
    assert task_from_document(doc, "v") == task_from_document(doc, "v")


def test_unannotated_document_has_no_prediction():
    assert "predictions" not in task_from_document(Document("d", "文本"), "v")


def test_validate_task_finds_what_label_studio_would_accept_silently():
    good = task_from_document(sample_documents()[0], "v1")
    assert validate_task(good) == []

    def broken(change):
        task = copy.deepcopy(good)
        change(task["predictions"][0]["result"], task)
        return validate_task(task)

    def first(result):
        return next(r for r in result if r["type"] == "labels")

    assert any("outside the text" in p for p in broken(lambda r, t: first(r)["value"].update(end=10**6)))
    assert any("not '" in p or "is '" in p for p in broken(lambda r, t: first(r)["value"].update(text="错")))
    assert any("not one label" in p for p in broken(lambda r, t: first(r)["value"].update(labels=["TIME"])))
    assert any("no region" in p for p in broken(
        lambda r, t: next(x for x in r if x["type"] == "relation").update(to_id="nowhere")))
    assert any("not allowed" in p for p in broken(
        lambda r, t: next(x for x in r if x["type"] == "relation").update(labels=["讲话人"])))
    assert any("realis" in p for p in broken(
        lambda r, t: next(x for x in r if x["type"] == "choices")["value"].update(choices=["maybe"])))
    assert any("text_hash" in p for p in broken(lambda r, t: t["data"].update(text_hash="0" * 16)))
    assert any("model_version" in p for p in broken(lambda r, t: t["predictions"][0].update(model_version="")))


def test_entities_with_the_same_span_and_label_become_one_region():
    doc = Document("d", "张三来了").with_annotations(
        [Entity("PER", 0, 2, "张三", "a@1", "T1"), Entity("PER", 0, 2, "张三", "b@1", "T2")], [])
    labels, _, _ = _by_type(task_from_document(doc, "v")["predictions"][0]["result"])
    assert len(labels) == 1


@pytest.mark.parametrize("title", ["ab", "x" * 51, " padded ", ""])
def test_titles_label_studio_refuses_are_bad_input_before_anything_is_sent(title):
    from curate.errors import BadInputError
    from curate.push import check_project_title

    with pytest.raises(BadInputError, match="titles of 3 to 50 characters") as exc:
        check_project_title(title)
    assert exc.value.exit_code == 2
    check_project_title("abc")


def test_document_score_becomes_the_prediction_score():
    from dataclasses import replace

    doc = astral_document()
    from curate.score import rule_agreement

    # Rules only: the rules' agreement; the model's confidence when the document carries one.
    assert task_from_document(doc, "rules-7")["predictions"][0]["score"] == rule_agreement(doc)
    scored = replace(doc, meta={**doc.meta, "score": 0.42})
    assert task_from_document(scored, "rules-7+model@x")["predictions"][0]["score"] == 0.42


def test_a_models_span_confidence_is_shown_beside_the_rule_and_read_back_without_it():
    from dataclasses import replace

    from curate.annotations import parse_result

    doc = astral_document()
    spans = [["PER", 8, 10, 0.613], ["会议召开", 14, 16, 0.97],
             ["GPE", 11, 14, "high"], ["ORG", 1, 4], "junk"]  # the last three are not entries: skipped
    scored = replace(doc, meta={**doc.meta, "span_confidence": spans})
    labels, _, _ = _by_type(task_from_document(scored, "rules-7+model@x")["predictions"][0]["result"])
    by_text = {r["value"]["text"]: r for r in labels}
    assert by_text["张伟"]["score"] == 0.613
    assert by_text["张伟"]["meta"] == {"text": ["hand@1 · confidence 0.61"]}
    assert by_text["召开"]["meta"] == {"text": ["meeting_rule@1 · confidence 0.97"]}
    assert "score" not in by_text["包头市"] and "score" not in by_text["新华社"]
    assert by_text["包头市"]["meta"] == {"text": ["hand@1"]}
    # The confidences travel in the prediction only, not again in the task's copy of the document's meta.
    assert "span_confidence" not in task_from_document(scored, "v")["meta"]["document_meta"]
    # Pull reads the rule back without the confidence, as for a rules-only prediction.
    rules_only = parse_result(doc.text, task_from_document(doc, "v")["predictions"][0]["result"], "p", [])[0]
    with_model = parse_result(doc.text, [*labels], "p", [])[0]
    assert {r.rule for r in with_model.values()} == {r.rule for r in rules_only.values()}
    assert "meeting_rule@1" in {r.rule for r in with_model.values()}
