"""The README loop on the bundled pages against a real Label Studio: push → people annotate → pull →
`curate train exports/NAME` → `curate annotate --model` → `curate push --replace-unannotated`, which
replaces the predictions of the tasks nobody annotated and never touches the annotated ones."""

from __future__ import annotations

import json

import pytest
from conftest import SAMPLES
from typer.testing import CliRunner

from curate.annotate import annotate_documents
from curate.cli import app
from curate.ingest import ingest_paths
from curate.pull import pull_project
from curate.push import push_documents
from curate.rules.registry import ruleset_version

pytestmark = pytest.mark.server
runner = CliRunner()


def _fail(problem):
    raise AssertionError(str(problem))


def test_pull_train_annotate_push_replaces_unannotated_predictions(client, project, ls_server, tmp_path):
    docs = list(ingest_paths([SAMPLES], on_problem=_fail).documents)
    push_documents(client, list(annotate_documents(docs)), project, ruleset_version(), on_problem=_fail)
    pid = client.find_project(project).id
    tasks = {t.data["doc_id"]: t.id for t in client.sdk.tasks.list(project=pid, fields="all")}
    annotated = sorted(tasks)[:2]
    for doc_id in annotated:  # people accept the rules' prediction of two pages
        (pred,) = client.sdk.predictions.list(task=tasks[doc_id])
        client.sdk.annotations.create(id=tasks[doc_id], result=pred.result, parent_prediction=pred.id)
    exports = tmp_path / "exports" / project
    assert pull_project(client, project, exports, on_problem=_fail).documents == 2

    model = tmp_path / "model"
    r = runner.invoke(app, ["train", str(exports), "-o", str(model), "-q"])
    assert r.exit_code == 0, r.output
    source = json.loads((model / "model.json").read_text(encoding="utf-8"))["hash"]
    plain = tmp_path / "docs.jsonl"
    plain.write_text("".join(json.dumps(d.to_dict(), ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    combined = tmp_path / "combined.jsonl"
    r = runner.invoke(app, ["annotate", str(plain), "-o", str(combined), "--model", str(model)])
    assert r.exit_code == 0, r.output
    creds = ["--url", ls_server.url, "--api-key", ls_server.api_key]
    r = runner.invoke(app, ["push", str(combined), "--project", project, "--replace-unannotated", *creds])
    assert r.exit_code == 0, r.output
    assert "replace predictions 3" in r.output
    version = f"{ruleset_version()}+model@{source}"
    for doc_id, task_id in tasks.items():
        preds = list(client.sdk.predictions.list(task=task_id))
        if doc_id in annotated:
            assert [p.model_version for p in preds] == [ruleset_version()]
        else:
            assert [p.model_version for p in preds] == [version]
            assert 0.0 < preds[0].score <= 1.0
    assert client.find_project(project).model_version == version

    # The next round: a person corrects a model-annotated page (deletes its least confident region); the pull
    # keeps the confidence each predicted span had, and the report compares what people did per confidence band.
    doc_id = next(d for d in sorted(tasks) if d not in annotated)
    (pred,) = client.sdk.predictions.list(task=tasks[doc_id])
    regions = [i for i in pred.result if i["type"] == "labels" and "score" in i]
    doubtful = min(regions, key=lambda i: i["score"])
    kept = [i for i in pred.result if i.get("id") != doubtful["id"] and doubtful["id"] not in (
        i.get("from_id"), i.get("to_id"))]
    client.sdk.annotations.create(id=tasks[doc_id], result=kept, parent_prediction=pred.id)
    assert pull_project(client, project, exports, on_problem=_fail).documents == 3
    r = runner.invoke(app, ["report", str(exports)])
    assert r.exit_code == 0, r.output
    table = r.output.split("| confidence | predicted |")[1].split("\n\n")[0]
    rows = [line.split(" | ") for line in table.splitlines()[2:]]
    assert sum(int(row[1]) for row in rows) == len(regions)  # every scored region of the page, once
    assert sum(int(row[5]) for row in rows) == 1  # the one deleted, in its band
