"""Push against a real Label Studio: idempotent, version-aware, validated, resumable."""

from __future__ import annotations

import socket
from dataclasses import replace

import pytest
from ls_fixtures import sample_documents

from curate.errors import LabelStudioAuthError, LabelStudioUnavailableError
from curate.lsclient import LSClient, connect
from curate.push import push_documents
from curate.records import Entity

pytestmark = pytest.mark.server


def _tasks(client, name):
    p = client.find_project(name)
    return [t.dict() for t in client.sdk.tasks.list(project=p.id, fields="all", page_size=100)]


def _versions(task):
    return sorted(p["model_version"] for p in task["predictions"])


def test_push_twice_creates_nothing_new(client, project):
    docs = sample_documents()
    first = push_documents(client, docs, project, "rules-1")
    assert first.created_tasks == 5 and first.plan.counts()["create"] == 5
    again = push_documents(client, docs, project, "rules-1")
    assert again.plan.counts() | {} == {"create": 0, "add_predictions": 0, "replace": 0, "replace_predictions": 0, "skip": 5,
                                       "conflict": 0, "invalid": 0}
    tasks = _tasks(client, project)
    assert len(tasks) == 5
    assert sorted(t["data"]["doc_id"] for t in tasks) == sorted(d.id for d in docs)
    assert all(_versions(t) == ["rules-1"] for t in tasks)
    pred = tasks[0]["predictions"][0]
    labelled = [r for r in pred["result"] if r["type"] == "labels"]
    assert labelled and all(r["meta"]["text"][0].endswith("@1") for r in labelled)
    assert client.find_project(project).model_version == "rules-1"


def _push_and_annotate_the_first(client, project):
    """Push the sample documents as rules-1 and annotate the first task; return the documents."""
    docs = sample_documents()
    push_documents(client, docs, project, "rules-1")
    touched = {t["data"]["doc_id"]: t for t in _tasks(client, project)}[docs[0].id]
    client.sdk.annotations.create(id=touched["id"], result=[], parent_prediction=touched["predictions"][0]["id"],
                                  request_options={"max_retries": 0})
    return docs


def test_new_rule_version_adds_predictions_to_unannotated_tasks_only(client, project):
    docs = _push_and_annotate_the_first(client, project)
    result = push_documents(client, docs, project, "rules-2")
    assert result.plan.counts()["add_predictions"] == 4 and result.added_predictions == 4
    assert result.plan.counts()["skip"] == 1
    after = {t["data"]["doc_id"]: t for t in _tasks(client, project)}
    assert len(after) == 5
    assert _versions(after[docs[0].id]) == ["rules-1"]
    assert all(_versions(after[d.id]) == ["rules-1", "rules-2"] for d in docs[1:])
    assert client.find_project(project).model_version == "rules-2"
    assert push_documents(client, docs, project, "rules-2").plan.counts()["add_predictions"] == 0


def test_changed_text_is_a_conflict_unless_replacing_unannotated(client, project):
    docs = sample_documents()[:2]
    push_documents(client, docs, project, "rules-1")
    changed = [replace(d, text=d.text + "补记。") for d in docs]
    problems = []
    plan = push_documents(client, changed, project, "rules-1", on_problem=problems.append).plan
    assert plan.conflict == [d.id for d in docs] and len(problems) == 2
    assert "--replace-unannotated" in str(problems[0])
    task0 = {t["data"]["doc_id"]: t for t in _tasks(client, project)}[docs[0].id]
    client.sdk.annotations.create(id=task0["id"], result=[], request_options={"max_retries": 0})
    problems.clear()
    result = push_documents(client, changed, project, "rules-1", replace_unannotated=True,
                            on_problem=problems.append)
    assert result.plan.conflict == [docs[0].id] and "annotated" in str(problems[0])
    assert result.replaced_tasks == 1
    after = {t["data"]["doc_id"]: t for t in _tasks(client, project)}
    assert after[docs[1].id]["data"]["text"] == changed[1].text
    assert _versions(after[docs[1].id]) == ["rules-1"]
    assert after[docs[0].id]["data"]["text"] == docs[0].text  # annotated: never modified
    assert len(after) == 2


def test_invalid_prediction_is_not_sent_and_the_rest_is(client, project):
    good, bad = sample_documents()[:2]
    e = bad.entities[0]
    bad = bad.with_annotations([Entity(e.label, e.start, e.end + 1, e.text, e.source, e.id)], [])
    problems = []
    result = push_documents(client, [good, bad], project, "rules-1", on_problem=problems.append)
    assert result.plan.invalid == [bad.id] and result.created_tasks == 1
    assert bad.id in str(problems[0]) and "text[" in str(problems[0])
    assert [t["data"]["doc_id"] for t in _tasks(client, project)] == [good.id]


def test_dry_run_changes_nothing(client, project):
    result = push_documents(client, sample_documents(), project, "rules-1", dry_run=True)
    assert result.plan.counts()["create"] == 5 and result.created_tasks == 0
    assert client.find_project(project) is None


class _Interrupted(LSClient):
    """The real client, cut off after its first import call (as if the process died)."""

    calls = 0

    def import_tasks(self, project_id, tasks):
        if self.calls:
            raise KeyboardInterrupt
        self.calls += 1
        return super().import_tasks(project_id, tasks)


def test_interrupted_push_completes_without_duplicates_when_run_again(client, project, ls_server, monkeypatch):
    monkeypatch.setattr("curate.push.BATCH", 2)
    docs = sample_documents()
    with pytest.raises(KeyboardInterrupt):
        push_documents(_Interrupted(ls_server.url, ls_server.api_key), docs, project, "rules-1")
    assert len(_tasks(client, project)) == 2
    result = push_documents(client, docs, project, "rules-1")
    assert result.plan.counts()["create"] == 3 and result.plan.counts()["skip"] == 2
    assert sorted(t["data"]["doc_id"] for t in _tasks(client, project)) == sorted(d.id for d in docs)


def test_server_down_and_refused_key_are_told_apart(ls_server):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(LabelStudioUnavailableError, match="not reachable"):
        connect(f"http://127.0.0.1:{port}", "whatever")
    with pytest.raises(LabelStudioAuthError, match="refused the API key"):
        connect(ls_server.url, "not-a-valid-key-123")


def test_model_predictions_replace_those_of_unannotated_tasks_with_their_score(client, project, small_model):
    from curate.model.combine import annotate_with_model, model_version

    docs = _push_and_annotate_the_first(client, project)
    combined = [annotate_with_model(d.with_annotations((), ()), small_model) for d in docs]
    version = model_version(small_model)
    result = push_documents(client, combined, project, version, replace_unannotated=True)
    assert result.plan.counts()["replace_predictions"] == 4 and result.replaced_predictions == 4
    after = {t["data"]["doc_id"]: t for t in _tasks(client, project)}
    assert _versions(after[docs[0].id]) == ["rules-1"]  # annotated: untouched
    for d in combined[1:]:
        (pred,) = after[d.id]["predictions"]
        assert pred["model_version"] == version and pred["score"] == pytest.approx(d.meta["score"])
        # Each entity and trigger region shows its rule and the model's confidence in it.
        regions = [r for r in pred["result"] if r["type"] == "labels" and r["value"]["labels"] != ["ARG"]]
        assert len(regions) == len(d.meta["span_confidence"]) > 0
        for r in regions:
            rule, shown = r["meta"]["text"][0].split(" · confidence ")
            assert "@" in rule and float(shown) == pytest.approx(r["score"], abs=0.006) and 0 <= r["score"] <= 1
    assert client.find_project(project).model_version == version
    assert push_documents(client, combined, project, version, replace_unannotated=True).plan.counts()[
        "replace_predictions"] == 0
