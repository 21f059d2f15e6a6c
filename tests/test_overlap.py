"""Double annotation on the real server: two annotators on an overlap task, pull, agreement in the card,
and the gold annotation chosen by the documented rule (ground truth first, then the latest update)."""

from __future__ import annotations

import uuid

import pytest
from ls_fixtures import sample_documents

from curate.dataset.reader import load_documents
from curate.pull import pull_project
from curate.push import push_documents

pytestmark = pytest.mark.server


def _user(client, name: str) -> tuple[int, str]:
    email = f"{name}-{uuid.uuid4().hex[:6]}@example.com"
    return client.sdk.users.create(username=email, email=email).id, email


def test_two_annotators_on_an_overlap_task_agreement_in_the_card_equals_a_hand_count(client, project, tmp_path):
    doc = sample_documents()[0]  # 2 DATEs, GPE 包头市, one 会议召开 with 时间 (first DATE) and 主办方 (包头市)
    dates = [e for e in doc.entities if e.label == "DATE"]
    assert sorted(e.label for e in doc.entities) == ["DATE", "DATE", "GPE"]
    assert [(a.role, a.text) for a in doc.events[0].arguments] == [("时间", dates[0].text), ("主办方", "包头市")]
    result = push_documents(client, [doc], project, "rules-overlap-1", overlap=2, overlap_share=100)
    (task,) = client.sdk.tasks.list(project=result.project_id, fields="all")
    assert task.overlap == 2
    pred = task.predictions[0].result
    (a_id, a_email), (b_id, b_email) = _user(client, "ann-a"), _user(client, "ann-b")
    at = {(r["value"]["start"], r["value"]["labels"][0]): r["id"] for r in pred if r["type"] == "labels"}
    gpe = at[(next(e.start for e in doc.entities if e.label == "GPE"), "GPE")]
    date2 = at[(dates[1].start, "DATE")]
    # A accepts the prediction; B deletes 包头市 (and its role) and relabels the second date QUANTITY.
    b_result = [dict(r, value={**r["value"], "labels": ["QUANTITY"]}) if r.get("id") == date2 and r["type"] == "labels"
                else r for r in pred if gpe not in (r.get("id"), r.get("to_id"))]
    a_ann = client.sdk.annotations.create(id=task.id, result=pred, completed_by=a_id)
    client.sdk.annotations.create(id=task.id, result=b_result, completed_by=b_id)

    out = tmp_path / "ds"
    v1 = pull_project(client, project, out).version
    card = (v1 / "README.md").read_text(encoding="utf-8")
    # Hand count. Entities: A {DATE1, DATE2, GPE}, B {DATE1, QUANTITY}: 1 of 3 + 2 spans match (F1 0.40);
    # DATE 1 matched of 2 + 1, GPE 0 of 1, QUANTITY 0 of 1. 会议召开: the trigger matches (1 of 1 + 1);
    # arguments A {时间, 主办方}, B {时间}: 1 of 3.
    pair = tuple(sorted((a_email, b_email)))
    assert f"| {pair[0]} | {pair[1]} | 1 | 0.40 |" in card
    assert "| DATE | 1 | 3 | 0.67 |" in card
    assert "| GPE | 0 | 1 | 0.00 |" in card and "| QUANTITY | 0 | 1 | 0.00 |" in card
    assert "| 会议召开 | 1 | 2 | 1.00 | 1 | 3 | 0.67 |" in card
    (got,) = load_documents(v1)
    assert got.meta["ls"]["annotator"] == b_email  # no ground truth: the latest updated annotation
    assert sorted(a["annotator"] for a in got.meta["annotations"]) == sorted([a_email, b_email])  # both kept

    client.sdk.annotations.update(id=a_ann.id, ground_truth=True)
    v2 = pull_project(client, project, out).version
    (got,) = load_documents(v2)
    assert got.meta["ls"]["annotator"] == a_email and got.meta["ls"]["ground_truth"]  # ground truth first
    assert sorted(e.label for e in got.entities) == ["DATE", "DATE", "GPE"]
    assert len(got.meta["annotations"]) == 2
