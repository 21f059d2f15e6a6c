"""The push plan (pure): a new model version replaces the predictions of unannotated tasks only, and a
model trained on another label set is refused before anything is sent."""

from __future__ import annotations

from dataclasses import replace

import pytest
from ls_fixtures import sample_documents

from curate.errors import BadInputError
from curate.lsclient import TaskInfo
from curate.model import label_set_hash
from curate.push import check_model_labels, plan_push
from curate.records import text_hash
from curate.schema import ENTITY_LABELS, EVENT_TYPES


def test_new_model_version_replaces_predictions_of_unannotated_tasks_only():
    docs = sample_documents()[:3]
    index = {d.id: TaskInfo(i + 1, text_hash(d.text), annotated=(i == 0), model_versions=frozenset({"rules-1"}))
             for i, d in enumerate(docs)}
    plan = plan_push(docs, index, "rules-1+model@abc", replace_unannotated=True)
    assert [task_id for task_id, _ in plan.replace_predictions] == [2, 3]
    assert plan.skip == [docs[0].id]  # annotated: never touched
    plain = plan_push(docs, index, "rules-1+model@abc")
    assert [task_id for task_id, _ in plain.add_predictions] == [2, 3] and not plain.replace_predictions


def test_model_with_another_label_set_is_refused():
    doc = sample_documents()[0]
    ours = label_set_hash(ENTITY_LABELS + EVENT_TYPES)
    ok = replace(doc, meta={**doc.meta, "model": {"version": "model@abc", "labels": ours}})
    assert check_model_labels([ok]) == [ok]
    bad = replace(doc, meta={**doc.meta, "model": {"version": "model@old", "labels": "0123456789"}})
    with pytest.raises(BadInputError, match="model@old.*nothing pushed"):
        check_model_labels([ok, bad])


def test_prediction_version_comes_from_the_option_else_the_records():
    from curate.push import prediction_version
    from curate.records import Document
    from curate.rules import ruleset_version

    ruled = Document("a", "甲", meta={"ruleset_version": "rules-7"})
    modelled = Document("b", "乙", meta={"ruleset_version": "rules-7", "model_version": "crf-3"})
    assert prediction_version([ruled, ruled]) == "rules-7"
    assert prediction_version([modelled]) == "crf-3"
    assert prediction_version([ruled, modelled], "given-1") == "given-1"
    assert prediction_version([Document("c", "丙")]) == ruleset_version()
    with pytest.raises(BadInputError, match=r"several rule-set or model versions \(crf-3, rules-7\)"):
        prediction_version([ruled, modelled])
