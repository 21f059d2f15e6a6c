"""Kill push, pull and build at several moments (SIGKILL and SIGINT), then run again: nothing half-done is
ever visible, nothing is duplicated, and the re-run finishes the job and leaves no temp behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace

import pytest
from dataset_fixtures import corpus
from ls_fixtures import sample_documents

from curate.dataset.reader import check_files, list_versions
from curate.jsonl import write_jsonl

MOMENTS = (0.8, 1.6, 3.0)  # seconds after start: while importing Python, talking to the server, writing
SIGNALS = (signal.SIGKILL, signal.SIGINT)


def _run_killed(args, env, after, sig):
    p = subprocess.Popen([sys.executable, "-m", "curate", *args, "-q"] if args[0] != "build" else
                         [sys.executable, "-m", "curate", *args], env={**os.environ, **env},
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    time.sleep(after)
    p.send_signal(sig)
    p.wait(timeout=120)
    return p


def _run(args, env):
    return subprocess.run([sys.executable, "-m", "curate", *args], env={**os.environ, **env},
                          capture_output=True, text=True, timeout=600)


def _temps(folder):
    return [p.name for p in folder.rglob(".*") if p.name.endswith(".tmp") or ".tmp" in p.name]


@pytest.mark.parametrize("sig", SIGNALS, ids=lambda s: s.name)
def test_killed_builds_leave_no_half_version_and_the_rerun_finishes(tmp_path, sig):
    src = tmp_path / "docs.jsonl"
    write_jsonl((d.to_dict() for d in corpus(3000)), src)
    out = tmp_path / "exports" / "demo"
    for after in MOMENTS:
        _run_killed(["build", str(src), "--out", str(out)], {}, after, sig)
        for m in (list_versions(out) if out.is_dir() else []):  # whatever is visible is complete
            check_files(out / m["version"])
    done = _run(["build", str(src), "--out", str(out)], {})
    assert done.returncode == 0, done.stderr
    assert [m["version"] for m in list_versions(out)] == ["v1"]  # a completed earlier run is not repeated
    check_files(out / "v1")
    assert _temps(out) == []


@pytest.mark.server
@pytest.mark.parametrize("sig", SIGNALS, ids=lambda s: s.name)
def test_killed_pushes_then_a_rerun_give_one_task_per_document(ls_server, client, project, tmp_path, sig):
    docs = [replace(d, id=f"k{i:03d}-{d.id}") for i in range(60) for d in sample_documents()]
    src = tmp_path / "docs.jsonl"
    write_jsonl(({**d.to_dict(), "meta": {"ruleset_version": "rules-k1"}} for d in docs), src)
    env = {"LABEL_STUDIO_URL": ls_server.url, "LABEL_STUDIO_API_KEY": ls_server.api_key,
           "XDG_CACHE_HOME": str(tmp_path / "cache")}
    for after in MOMENTS:
        _run_killed(["push", str(src), "-p", project], env, after, sig)
    done = _run(["push", str(src), "-p", project, "-q"], env)
    assert done.returncode == 0, done.stderr
    pid = client.find_project(project).id
    tasks = [t.dict() for t in client.sdk.tasks.list(project=pid, fields="all", page_size=1000)]
    assert sorted(t["data"]["doc_id"] for t in tasks) == sorted(d.id for d in docs)
    assert all([p["model_version"] for p in t["predictions"]] == ["rules-k1"] for t in tasks)
    assert _temps(tmp_path) == []


@pytest.mark.server
@pytest.mark.parametrize("sig", SIGNALS, ids=lambda s: s.name)
def test_killed_pulls_never_leave_a_visible_half_version(ls_server, client, project, tmp_path, sig):
    from curate.push import push_documents

    docs = [replace(d, id=f"p{i:03d}-{d.id}") for i in range(20) for d in sample_documents()]
    push_documents(client, docs, project, "rules-1")
    pid = client.find_project(project).id
    for t in list(client.sdk.tasks.list(project=pid, fields="all", page_size=1000))[:40]:
        pred = t.dict()["predictions"][0]
        client.sdk.annotations.create(id=t.id, result=pred["result"], parent_prediction=pred["id"],
                                      request_options={"max_retries": 0})
    env = {"LABEL_STUDIO_URL": ls_server.url, "LABEL_STUDIO_API_KEY": ls_server.api_key}
    out = tmp_path / "exports" / project
    for after in MOMENTS:
        _run_killed(["pull", "-p", project, "-o", str(out)], env, after, sig)
        for m in (list_versions(out) if out.is_dir() else []):
            check_files(out / m["version"])
    done = _run(["pull", "-p", project, "-o", str(out)], env)
    assert done.returncode == 0, done.stderr
    assert [m["version"] for m in list_versions(out)] == ["v1"]
    records = [json.loads(line) for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(records) == 40 == sum(list_versions(out)[0]["counts"]["documents"].values())
    assert _temps(out) == []
    if sig == signal.SIGINT:  # an interrupted pull still deletes its export on the way out
        assert list(client.sdk.projects.exports.list(pid)) == []
