"""Concurrent pushes on a real Label Studio: one project per title, one task per document, truthful reports.

Separate cache folders (`XDG_CACHE_HOME`) give each process its own lock folder, as two machines
pointed at one server would have; one shared folder is one machine, where pushes take turns.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import replace

import pytest
from ls_fixtures import sample_documents
from typer.testing import CliRunner

from curate.cli import app
from curate.label_config import build_label_config
from curate.push import push_documents

pytestmark = pytest.mark.server
N_COPIES = 20  # 5 samples × 20 = 100 documents per file


def _docs(prefix: str = "doc"):
    base = sample_documents()
    return [replace(d, id=f"{prefix}-{i:03d}-{d.id}") for i in range(N_COPIES) for d in base]


def _write(path, docs):
    path.write_text("".join(json.dumps({**d.to_dict(), "meta": {"ruleset_version": "rules-c1"}},
                                       ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    return path


def _push_all(ls_server, files, title, tmp_path, machines: bool):
    procs = []
    for i, f in enumerate(files):
        env = {**os.environ, "LABEL_STUDIO_URL": ls_server.url, "LABEL_STUDIO_API_KEY": ls_server.api_key,
               "XDG_CACHE_HOME": str(tmp_path / (f"machine{i}" if machines else "machine"))}
        procs.append(subprocess.Popen([sys.executable, "-m", "curate", "push", str(f), "-p", title, "-q"],
                                      env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    outs = [(p.wait(timeout=600), p.stderr.read()) for p in procs]
    for code, err in outs:
        assert code == 0, err
    return [err for _, err in outs]


def _projects(client, title):
    """The projects titled `title`; checks that racers' leftovers, renamed out of the way, are empty."""
    found = list(client.sdk.projects.list(title=title, page_size=100))
    for p in found:
        if p.title != title:
            assert p.title.startswith(f"{title} (unused ") and not p.task_number, p
    return [p for p in found if p.title == title]


def _tasks(client, title):
    (p,) = _projects(client, title)
    return [t.dict() for t in client.sdk.tasks.list(project=p.id, fields="all", page_size=1000)]


def _created_minus_removed(errs):
    created = sum(int(re.search(r"created (\d+) tasks", e).group(1)) for e in errs)
    removed = sum(int(m.group(1)) for e in errs if (m := re.search(r"removed (\d+) unannotated", e)))
    return created - removed


@pytest.mark.parametrize("processes, machines", [(2, True), (4, True), (4, False)])
def test_concurrent_pushes_of_one_file_to_a_new_title(ls_server, client, project, tmp_path, processes, machines):
    docs = _docs()
    f = _write(tmp_path / "docs.jsonl", docs)
    errs = _push_all(ls_server, [f] * processes, project, tmp_path, machines)
    assert len(_projects(client, project)) == 1
    tasks = _tasks(client, project)
    assert sorted(t["data"]["doc_id"] for t in tasks) == sorted(d.id for d in docs)
    assert all([p["model_version"] for p in t["predictions"]] == ["rules-c1"] for t in tasks)
    assert _created_minus_removed(errs) == len(docs)  # what the processes said adds up to what is there
    if not machines:  # on one machine the pushes take turns: one creates, the others find everything
        assert sorted(int(re.search(r"created (\d+) tasks", e).group(1)) for e in errs) == \
            [0] * (processes - 1) + [len(docs)]


def test_concurrent_pushes_of_different_files_to_a_new_title(ls_server, client, project, tmp_path):
    files = [_write(tmp_path / f"part{i}.jsonl", _docs(f"p{i}")) for i in range(4)]
    errs = _push_all(ls_server, files, project, tmp_path, machines=True)
    assert len(_projects(client, project)) == 1
    ids = [t["data"]["doc_id"] for t in _tasks(client, project)]
    assert len(ids) == len(set(ids)) == 4 * 5 * N_COPIES
    assert _created_minus_removed(errs) == len(ids)


def test_a_push_moves_aside_empty_projects_a_racer_left_under_its_title(client, project):
    # Two racing pushes that each created a project and ended (or died) before moving theirs aside; the
    # third has tasks, so it is the title's project although its id is not the lowest.
    config = build_label_config()
    empty = [client.sdk.projects.create(title=project, label_config=config).id for _ in range(2)]
    full = client.sdk.projects.create(title=project, label_config=config).id
    docs = sample_documents()
    from curate.tasks import task_from_document

    client.import_tasks(full, [task_from_document(docs[0], "rules-1")])
    result = push_documents(client, docs, project, "rules-1")
    assert result.project_id == full and result.created_tasks == len(docs) - 1
    titles = {p.id: (p.title, p.task_number) for p in client.sdk.projects.list(title=project, page_size=100)}
    assert titles == {full: (project, len(docs)), **{i: (f"{project} (unused {i})", 0) for i in empty}}
    assert len(_projects(client, project)) == 1


def test_a_push_refuses_two_titled_projects_with_tasks(client, project, ls_server, tmp_path):
    config = build_label_config()
    docs = sample_documents()
    from curate.tasks import task_from_document

    ids = [client.sdk.projects.create(title=project, label_config=config).id for _ in range(2)]
    for pid in ids:
        client.import_tasks(pid, [task_from_document(docs[0], "rules-1")])
    f = _write(tmp_path / "docs.jsonl", docs)
    env = {"LABEL_STUDIO_URL": ls_server.url, "LABEL_STUDIO_API_KEY": ls_server.api_key,
           "XDG_CACHE_HOME": str(tmp_path)}
    out = CliRunner().invoke(app, ["push", str(f), "-p", project], env=env)
    assert out.exit_code == 1 and f"2 projects titled {project!r} hold tasks" in out.stderr
    assert [p.task_number for p in _projects(client, project)] == [1, 1]  # nothing sent, nothing renamed


def test_repair_removes_unannotated_repeats_and_never_an_annotated_task(client, project, tmp_path, ls_server):
    docs = sample_documents()
    push_documents(client, docs, project, "rules-1")
    pid = client.find_project(project).id
    # An older curate or another tool imported the same documents again, twice for the first one; then
    # someone annotated the newer task of the second document: that one stays and its older twin goes.
    from curate.tasks import task_from_document

    client.import_tasks(pid, [task_from_document(d, "rules-1") for d in [docs[0], *docs]])
    tasks = _tasks(client, project)
    assert len(tasks) == 11
    repeat = max((t for t in tasks if t["data"]["doc_id"] == docs[1].id), key=lambda t: t["id"])
    client.sdk.annotations.create(id=repeat["id"], result=[], request_options={"max_retries": 0})
    # The task's counter is not waited for: which repeat stays rests on the annotations themselves
    # (Label Studio's counters can lag or be lost, see LSClient.ensure_project).
    env = {"LABEL_STUDIO_URL": ls_server.url, "LABEL_STUDIO_API_KEY": ls_server.api_key,
           "XDG_CACHE_HOME": str(tmp_path)}
    dry = CliRunner().invoke(app, ["repair", "-p", project, "--dry-run"], env=env)
    assert dry.exit_code == 0 and "would remove 6 unannotated repeated tasks" in dry.stdout
    assert len(_tasks(client, project)) == 11
    done = CliRunner().invoke(app, ["repair", "-p", project], env=env)
    assert done.exit_code == 0 and "removed 6 unannotated" in done.stdout
    after = _tasks(client, project)
    by_doc = {}
    for t in after:
        by_doc.setdefault(t["data"]["doc_id"], []).append(t["id"])
    assert {k: len(v) for k, v in by_doc.items()} == {d.id: 1 for d in docs}
    assert by_doc[docs[1].id] == [repeat["id"]]  # the annotated repeat stayed, the unannotated original went
    again = CliRunner().invoke(app, ["repair", "-p", project], env=env)
    assert again.exit_code == 0 and "removed 0 unannotated" in again.stdout


def test_delete_tasks_leaves_a_task_with_annotations_whatever_the_caller_thought(client, project):
    from curate.tasks import task_from_document

    docs = sample_documents()[:2]
    client.ensure_project(project, build_label_config())
    pid = client.find_project(project).id
    kept, gone = client.import_tasks(pid, [task_from_document(d, "rules-1") for d in docs])
    client.sdk.annotations.create(id=kept, result=[], request_options={"max_retries": 0})
    assert client.delete_tasks([kept, gone]) == 1
    assert [t.id for t in client.sdk.tasks.list(project=pid)] == [kept]
