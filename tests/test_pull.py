"""Pull against a real Label Studio: annotators' corrections come back exactly, offsets and all."""

from __future__ import annotations

from dataclasses import replace

import pytest
from ls_fixtures import ASTRAL_TEXT, astral_document, sample_documents

from curate.jsonl import read_documents, write_jsonl
from curate.pull import parse_export_file, pull_project
from curate.push import push_documents

pytestmark = pytest.mark.server


def _region(text, label, needle, rid, after=0, start=None):
    s = text.index(needle, after) if start is None else start
    return {"id": rid, "from_name": "label", "to_name": "text", "type": "labels",
            "value": {"start": s, "end": s + len(needle), "text": needle, "labels": [label]}}


def _rel(a, b, role):
    return {"from_id": a, "to_id": b, "type": "relation", "direction": "right", "labels": [role]}


def _task_and_prediction(client, project, doc_id):
    pid = client.find_project(project).id
    task = next(t.dict() for t in client.sdk.tasks.list(project=pid, fields="all") if t.data["doc_id"] == doc_id)
    return task, task["predictions"][0]


def test_annotator_corrections_round_trip(client, project, tmp_path):
    docs = sample_documents()
    push_documents(client, docs + [astral_document()], project, "rules-1")
    doc = docs[0]
    text = doc.text
    task, pred = _task_and_prediction(client, project, doc.id)
    regions = {(r["value"]["labels"][0], r["value"]["start"]): r for r in pred["result"] if r["type"] == "labels"}
    d1, d2 = (e for e in doc.entities if e.label == "DATE")
    date1 = d1.text
    date_region = regions[("DATE", d1.start)]
    trigger = regions[("会议召开", doc.events[0].trigger.start)]
    gpe = next(r for r in regions.values() if r["value"]["labels"] == ["GPE"])
    # the annotator's version: relabel 包头市, delete the second date, shrink the first, add spans and an event
    shrunk = dict(date_region, value=dict(date_region["value"], start=date_region["value"]["start"] + 2,
                                          text=date1[2:]))
    title = _region(text, "TITLE", "市委书记", "m_title")
    person = _region(text, "PER", "丁绣峰", "m_per", after=title["value"]["end"])
    attend = _region(text, "出席", "出席", "m_attend", after=person["value"]["end"])
    realis = {"id": "m_attend", "from_name": "realis", "to_name": "text", "type": "choices",
              "value": dict(attend["value"], choices=["actual"], labels=None)}
    realis["value"].pop("labels")
    result = [shrunk, dict(gpe, value=dict(gpe["value"], labels=["GOV"])), trigger,
              *(r for r in pred["result"] if r["type"] == "choices"), title, person, attend, realis,
              _rel(trigger["id"], date_region["id"], "时间"), _rel(trigger["id"], gpe["id"], "主办方"),
              _rel("m_attend", "m_per", "参会人"), _rel("m_attend", "m_title", "职务")]
    client.sdk.annotations.create(id=task["id"], result=result, parent_prediction=pred["id"],
                                  request_options={"max_retries": 0})
    cancelled, _ = _task_and_prediction(client, project, docs[1].id)
    client.sdk.annotations.create(id=cancelled["id"], result=[], was_cancelled=True,
                                  request_options={"max_retries": 0})
    astral_task, astral_pred = _task_and_prediction(client, project, "astral-1")
    added = _region(ASTRAL_TEXT, "MEETING", "会议", "m_meeting")
    client.sdk.annotations.create(id=astral_task["id"], result=astral_pred["result"] + [added],
                                  parent_prediction=astral_pred["id"], request_options={"max_retries": 0})

    summary = pull_project(client, project, tmp_path / "exports" / project)
    assert summary.raw_path.is_file() and summary.raw_path.parent.name == "raw"
    assert summary.documents == 2 and summary.tasks == 2  # the task with a cancelled annotation only: none
    assert 0 < summary.timings["export"] < summary.timings["total"]  # the server's share, then curate's
    problems = []
    pulled = {d.id: d for d in read_documents(summary.records_path, problems.append)}
    assert problems == [] and set(pulled) == {doc.id, "astral-1"}

    got = pulled[doc.id]
    s1 = date_region["value"]["start"] + 2
    assert sorted((e.label, e.start, e.end, e.text) for e in got.entities) == sorted([
        ("DATE", s1, s1 + len(date1) - 2, date1[2:]),
        ("GOV", gpe["value"]["start"], gpe["value"]["end"], "包头市"),
        ("TITLE", title["value"]["start"], title["value"]["end"], "市委书记"),
        ("PER", person["value"]["start"], person["value"]["end"], "丁绣峰")])
    events = {e.type: e for e in got.events}
    assert set(events) == {"会议召开", "出席"}
    assert {(a.role, a.start, a.text) for a in events["会议召开"].arguments} == {
        ("时间", s1, date1[2:]), ("主办方", gpe["value"]["start"], "包头市")}
    assert {(a.role, a.text) for a in events["出席"].arguments} == {("参会人", "丁绣峰"), ("职务", "市委书记")}
    assert events["出席"].trigger.start == attend["value"]["start"] and events["出席"].realis == "actual"
    ls = got.meta["ls"]
    assert ls["project"] == project and ls["task_id"] == task["id"] and ls["model_version"] == "rules-1"
    assert ls["text_hash_ok"] and ls["annotator"] == got.entities[0].source and "@" in ls["annotator"]
    assert got.meta["ruleset_version"] == "rules-test-1"  # the document's own meta survives the trip
    review = {(r["label"], r["start"]): r["action"] for r in got.meta["prediction_review"]}
    assert review == {("DATE", d1.start): "boundary_changed", ("DATE", d2.start): "deleted",
                      ("GPE", gpe["value"]["start"]): "relabelled", ("会议召开", trigger["value"]["start"]): "kept"}
    assert {r["rule"] for r in got.meta["prediction_review"]} == {"date_regex@1", "gazetteer@1", "meeting_rule@1"}
    assert {(a["label"], a["text"]) for a in got.meta["added"]} == {
        ("TITLE", "市委书记"), ("PER", "丁绣峰"), ("出席", "出席")}
    assert got.meta["problems"] == []

    astral = pulled["astral-1"]
    assert astral.text == ASTRAL_TEXT
    spans = {(e.label, e.start, e.end, e.text) for e in astral.entities}
    assert ("COMPANY", 19, 23, "𠀀𠀁公司") in spans and ("ORG", 1, 4, "新华社") in spans
    assert ("MEETING", ASTRAL_TEXT.index("会议"), ASTRAL_TEXT.index("会议") + 2, "会议") in spans
    assert all(ASTRAL_TEXT[e.start:e.end] == e.text for e in astral.entities)
    assert {r["action"] for r in astral.meta["prediction_review"]} == {"kept"}

    # the raw export replays offline to the same records
    replay = parse_export_file(summary.raw_path, tmp_path / "replay", project, ls["project_id"], "rules-1")
    assert replay.records_path.read_text(encoding="utf-8") == summary.records_path.read_text(encoding="utf-8")


def test_pull_of_unknown_project_is_bad_input(client, tmp_path):
    from curate.errors import BadInputError

    with pytest.raises(BadInputError, match="no project titled"):
        pull_project(client, "no-such-project-xyz", tmp_path)


def test_cli_push_dry_run_push_and_pull(ls_server, project, tmp_path):
    from typer.testing import CliRunner

    from curate.cli import app

    records = tmp_path / "annotated.jsonl"
    write_jsonl((d.to_dict() for d in sample_documents()), records)
    env = {"LABEL_STUDIO_URL": ls_server.url, "LABEL_STUDIO_API_KEY": ls_server.api_key}
    runner = CliRunner()
    dry = runner.invoke(app, ["push", str(records), "--project", project, "--dry-run"], env=env)
    assert dry.exit_code == 0, dry.output
    assert "create 5, add predictions 0" in dry.stdout and "rules-test-1" in dry.stdout
    done = runner.invoke(app, ["push", str(records), "--project", project, "-q"], env=env)
    assert done.exit_code == 0 and "created 5 tasks" in done.stderr
    again = runner.invoke(app, ["push", str(records), "--project", project, "-q"], env=env)
    assert "skip 5" in again.stderr and "created 0 tasks" in again.stderr
    out = tmp_path / "exports" / project
    pulled = runner.invoke(app, ["pull", "--project", project, "--out", str(out)], env=env)
    assert pulled.exit_code == 0, pulled.output
    assert "0 documents" in pulled.stderr and (out / "records.jsonl").read_text() == ""
    # nothing annotated yet: no version, so the (empty) raw export is not kept either
    assert list((out / "raw").glob("*.json")) == [] and "raw export: not kept" in pulled.stderr


def test_cli_says_whether_the_server_is_down_or_the_key_refused(ls_server, tmp_path):
    import socket

    from typer.testing import CliRunner

    from curate.cli import app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    runner = CliRunner()
    down = runner.invoke(app, ["pull", "-p", "x", "-o", str(tmp_path), "--url", f"http://127.0.0.1:{port}",
                               "--api-key", "k"])
    assert down.exit_code == 1 and "not reachable" in down.stderr
    refused = runner.invoke(app, ["pull", "-p", "x", "-o", str(tmp_path), "--url", ls_server.url,
                                  "--api-key", "wrong-key-123"])
    assert refused.exit_code == 1 and "refused the API key" in refused.stderr
    assert "wrong-key-123" not in refused.stderr


def test_pull_leaves_no_export_on_the_server_and_keeps_raw_only_with_a_version(
        client, project, tmp_path, ls_server_dir, monkeypatch):
    from curate.lsclient import exports

    docs = sample_documents()
    push_documents(client, docs, project, "rules-1")
    task, pred = _task_and_prediction(client, project, docs[0].id)
    client.sdk.annotations.create(id=task["id"], result=pred["result"], parent_prediction=pred["id"],
                                  request_options={"max_retries": 0})
    pid = client.find_project(project).id
    # An export left by a pull that was killed before it could delete it:
    left = client.sdk.projects.exports.create(pid, title=exports.EXPORT_TITLE,
                                              request_options={"max_retries": 0})
    monkeypatch.setattr(exports, "STALE_EXPORT", exports.timedelta(0))  # read where it is used
    out = tmp_path / "exports" / project
    first = pull_project(client, project, out)
    assert first.version is not None and first.raw_kept and first.raw_path.is_file()
    assert list(client.sdk.projects.exports.list(pid)) == []
    assert left.id not in {e.id for e in client.sdk.projects.exports.list(pid)}
    if ls_server_dir is not None:  # the embedded server: its media folder holds no export file
        exported = ls_server_dir / "media" / "export" / str(pid)
        assert exported.is_dir() and [p for p in exported.rglob("*") if p.is_file()] == []
    again = pull_project(client, project, out)
    assert again.version is None and not again.raw_kept and not again.raw_path.exists()
    assert sorted(p.name for p in (out / "raw").iterdir()) == [first.raw_path.name]
    assert "raw export: not kept (nothing changed" in "\n".join(again.summary_lines())
    assert (out / "records.jsonl").is_file() and list(client.sdk.projects.exports.list(pid)) == []


def test_incremental_pull_gives_the_version_a_full_pull_gives(client, project, tmp_path, monkeypatch):
    from curate import pull
    from curate.dataset.reader import list_versions, load_documents

    # The minute of slack would put every task of this quick test in the delta: none here.
    monkeypatch.setattr(pull, "INCREMENTAL_SLACK", pull.timedelta(0))

    docs = [replace(d, id=f"i{i}-{d.id}") for i in range(4) for d in sample_documents()]
    push_documents(client, docs, project, "rules-1")
    pid = client.find_project(project).id
    tasks = [t.dict() for t in client.sdk.tasks.list(project=pid, fields="all", page_size=100)]
    anns = {}
    for t in tasks[:8]:
        pred = t["predictions"][0]
        anns[t["id"]] = client.sdk.annotations.create(id=t["id"], result=pred["result"], parent_prediction=pred["id"],
                                                      request_options={"max_retries": 0})
    out = tmp_path / "incremental"
    first = pull_project(client, project, out)
    assert first.mode == "full (no earlier version)" and first.documents == 8
    # People keep working: one annotation emptied of regions, one deleted, one new task annotated.
    changed, deleted = tasks[0]["id"], tasks[1]["id"]
    client.sdk.annotations.update(id=anns[changed].id, result=[])
    client.sdk.annotations.delete(id=anns[deleted].id)
    new = tasks[8]
    client.sdk.annotations.create(id=new["id"], result=new["predictions"][0]["result"],
                                  parent_prediction=new["predictions"][0]["id"], request_options={"max_retries": 0})
    second = pull_project(client, project, out)
    assert second.mode == "incremental (3 tasks updated since v1)", second.mode
    assert second.version == out / "v2" and second.raw_kept
    full = pull_project(client, project, tmp_path / "full", full=True)
    assert full.mode == "full (asked for a full export)" and full.version is not None
    inc_m, full_m = list_versions(out)[-1], list_versions(tmp_path / "full")[-1]
    assert inc_m["documents"] == full_m["documents"] and inc_m["counts"] == full_m["counts"]
    data = {k: v for k, v in inc_m["files"].items() if k != "README.md"}
    assert data == {k: v for k, v in full_m["files"].items() if k != "README.md"}  # the same parquet bytes
    inc_docs, full_docs = load_documents(second.version), load_documents(full.version)
    assert [d.to_dict() for d in inc_docs] == [d.to_dict() for d in full_docs]
    assert deleted not in {d.meta["ls"]["task_id"] for d in inc_docs}
    # Nothing changed since: nothing to do, through the incremental path.
    again = pull_project(client, project, out)
    assert again.version is None and again.mode.startswith("incremental (")
    # A task deleted in Label Studio leaves no trace in a delta: the counts disagree, so a full export.
    client.sdk.tasks.delete(id=str(tasks[2]["id"]))
    after = pull_project(client, project, out)
    assert after.mode.startswith("full (the merged changes gave 8 documents, the server has 7)"), after.mode
    assert after.version == out / "v3" and after.documents == 7
