"""The annotators' workbench push sets up: instructions, least-confident-first, overlap, safe config changes."""

from __future__ import annotations

import pytest
from ls_fixtures import sample_documents

from curate.errors import BadInputError
from curate.label_config import build_label_config
from curate.push import push_documents
from curate.workbench import SORT, UNCERTAINTY, VIEW_COLUMNS, VIEW_TITLE, instructions_html, project_settings


def test_overlap_options_are_checked_before_anything_is_sent():
    assert project_settings(2, 30)["maximum_annotations"] == 2
    assert project_settings(2, 30)["overlap_cohort_percentage"] == 30
    assert project_settings(3)["overlap_cohort_percentage"] == 100
    assert "maximum_annotations" not in project_settings()  # no --overlap: the project's own setting stays
    for overlap, share in ((0, 50), (2, 101), (2, -1), (None, 50)):
        with pytest.raises(BadInputError):
            project_settings(overlap, share)


@pytest.mark.server
def test_push_sets_instructions_overlap_and_a_tab_sorted_by_ascending_score(client, project):
    docs = sample_documents()
    result = push_documents(client, docs, project, "rules-wb-1", overlap=2, overlap_share=40)
    p = client.sdk.projects.get(id=result.project_id)
    assert p.expert_instruction == instructions_html() and p.show_instruction
    assert p.sampling == UNCERTAINTY  # the label stream serves the lowest prediction score first
    assert (p.maximum_annotations, p.overlap_cohort_percentage) == (2, 40)
    tasks = list(client.sdk.tasks.list(project=p.id, fields="all"))
    assert sorted(t.overlap for t in tasks) == [1, 1, 1, 2, 2]  # 40% of 5 tasks get 2 annotators
    (view,) = [v for v in client.sdk.views.list(project=p.id) if v.data["title"] == VIEW_TITLE]
    assert view.data["ordering"] == [SORT]
    shown = [c for c in client.view_columns(p.id) if c not in view.data["hiddenColumns"]["explore"]]
    assert set(shown) == set(VIEW_COLUMNS)
    listed = list(client.sdk.tasks.list(project=p.id, view=view.id, fields="all"))
    scores = [t.predictions_score for t in listed]
    assert scores == sorted(scores) and len(set(scores)) > 1
    assert all(t.data["regions"] > 0 and "outlet" in t.data for t in listed)
    # A re-push changes nothing: no second tab, same settings.
    push_documents(client, docs, project, "rules-wb-1")
    assert [v.id for v in client.sdk.views.list(project=p.id) if v.data["title"] == VIEW_TITLE] == [view.id]
    assert client.sdk.projects.get(id=p.id).maximum_annotations == 2


def _annotate(client, task_id: int, result: list) -> dict:
    client.sdk.annotations.create(id=task_id, result=result, request_options={"max_retries": 0})
    (ann,) = client.sdk.annotations.list(id=task_id)
    return {"id": ann.id, "result": ann.result}


@pytest.mark.server
def test_a_new_config_never_alters_annotations(client, project):
    """A project made with an older config (no hints, no metadata header) takes the new one; its
    annotation stays exactly as it was."""
    old = build_label_config().replace("  <Style>", "  <!--").replace("</Style>", "-->")
    p = client.sdk.projects.create(title=project, label_config=old)
    (doc, *_) = sample_documents()
    push_documents(client, [doc], project, "rules-wb-2")  # created by the old config: updated here
    (task,) = client.sdk.tasks.list(project=p.id)
    before = _annotate(client, task.id, task.predictions[0].result if task.predictions else [])
    client.sdk.projects.update(id=p.id, label_config=old)
    push_documents(client, [doc], project, "rules-wb-2")
    assert client.sdk.projects.get(id=p.id).label_config.strip() == build_label_config().strip()
    (after,) = client.sdk.annotations.list(id=task.id)
    assert {"id": after.id, "result": after.result} == before


@pytest.mark.server
def test_a_config_that_would_orphan_labels_in_use_is_refused_with_a_sentence(client, project):
    with_old = build_label_config().replace('<Label value="PER"', '<Label value="OLD" background="#000000"/>\n'
                                            '    <Label value="PER"')
    p = client.sdk.projects.create(title=project, label_config=with_old)
    (doc, *_) = sample_documents()
    (task_id,) = client.import_tasks(p.id, [{"data": {"text": doc.text, "doc_id": doc.id}}])
    region = {"id": "r1", "from_name": "label", "to_name": "text", "type": "labels",
              "value": {"start": 0, "end": 2, "text": doc.text[:2], "labels": ["OLD"]}}
    before = _annotate(client, task_id, [region])
    # No wait for Label Studio's project summary: the check reads the annotations themselves too.
    with pytest.raises(BadInputError, match=r"drops labels that annotations or drafts use \(label: OLD \(1\)\)"):
        push_documents(client, [doc], project, "rules-wb-4")
    assert client.sdk.projects.get(id=p.id).label_config.strip() == with_old.strip()
    (after,) = client.sdk.annotations.list(id=task_id)
    assert {"id": after.id, "result": after.result} == before


@pytest.mark.server
def test_labels_of_imported_annotations_count_though_the_summary_misses_them(client, project):
    """Annotations imported with their tasks (from another tool) never reach Label Studio's project
    summary; the check finds their labels in the annotations themselves."""
    with_old = build_label_config().replace('<Label value="PER"', '<Label value="OLD" background="#000000"/>\n'
                                            '    <Label value="PER"')
    p = client.sdk.projects.create(title=project, label_config=with_old)
    (doc, *_) = sample_documents()
    region = {"id": "r1", "from_name": "label", "to_name": "text", "type": "labels",
              "value": {"start": 0, "end": 2, "text": doc.text[:2], "labels": ["OLD"]}}
    client.import_tasks(p.id, [{"data": {"text": doc.text, "doc_id": doc.id}, "annotations": [{"result": [region]}]}])
    summary = client.sdk._client_wrapper.httpx_client.request(f"api/projects/{p.id}/summary/", method="GET").json()
    assert not (summary.get("created_labels") or {}).get("label", {}).get("OLD")  # what makes this test worth having
    with pytest.raises(BadInputError, match=r"drops labels that annotations or drafts use \(label: OLD \(1\)\)"):
        push_documents(client, [doc], project, "rules-wb-5")
    assert client.sdk.projects.get(id=p.id).label_config.strip() == with_old.strip()


def test_cli_refuses_bad_overlap_options_with_exit_2_before_connecting(tmp_path):
    from typer.testing import CliRunner

    from curate.cli import app

    records = tmp_path / "a.jsonl"
    records.write_text("", encoding="utf-8")
    for args, says in ((["--overlap-share", "50"], "needs --overlap N"), (["--overlap", "0"], "1 or more"),
                       (["--overlap", "2", "--overlap-share", "120"], "0 to 100")):
        r = CliRunner().invoke(app, ["push", str(records), "--project", "proj", "--url", "http://127.0.0.1:9",
                                     "--api-key", "k", *args])
        assert r.exit_code == 2 and says in r.output, r.output


@pytest.mark.server
def test_racing_pushes_leave_one_tab_and_other_tabs_stay(client, project):
    from curate.workbench import data_manager_view, setup_project

    result = push_documents(client, sample_documents()[:1], project, "rules-wb-5")
    pid = result.project_id
    (first,) = [v.id for v in client.sdk.views.list(project=pid) if v.data["title"] == VIEW_TITLE]
    # A second push that raced on the new project created the tab too.
    client.sdk.views.create(project=pid, data=data_manager_view(client.view_columns(pid)))
    other = client.sdk.views.create(project=pid, data={"title": "my own tab"})
    setup_project(client, pid)
    tabs = [(v.id, v.data["title"]) for v in client.sdk.views.list(project=pid)]
    assert [i for i, t in tabs if t == VIEW_TITLE] == [first] and (other.id, "my own tab") in tabs
    setup_project(client, pid)
    assert [i for i, t in ((v.id, v.data["title"]) for v in client.sdk.views.list(project=pid))
            if t == VIEW_TITLE] == [first]
