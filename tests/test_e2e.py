"""The whole loop against a real Label Studio: push → people correct → pull → versions, diff, no-op.

Rules output is pushed as predictions; an annotator is simulated through the API; every pull either
writes the next immutable version (loadable with `datasets.load_dataset`) or says nothing changed.
"""

from __future__ import annotations

import copy

import pytest
from conftest import SAMPLES
from dataset_fixtures import offline_loader

from curate.annotate import annotate_documents
from curate.dataset.reader import diff_versions, load_documents
from curate.dataset.rows import rows_from_document
from curate.ingest import ingest_paths
from curate.pull import pull_project
from curate.push import push_documents
from curate.rules.registry import ruleset_version
from curate.schema import ENTITY_LABELS

pytestmark = pytest.mark.server


def _fail(problem):
    raise AssertionError(str(problem))


def _relabel(result: list[dict], skip: int) -> tuple[list[dict], dict]:
    """Return a copy of a prediction result with the (skip+1)-th entity region relabelled."""
    result = copy.deepcopy(result)
    regions = [r for r in result if r.get("type") == "labels" and r["value"]["labels"][0] in ENTITY_LABELS]
    region = regions[skip]
    old = region["value"]["labels"][0]
    region["value"]["labels"] = ["ORG" if old != "ORG" else "GOV"]
    return result, region


def test_push_correct_pull_gives_versions_a_diff_and_then_nothing_to_do(client, project, tmp_path, monkeypatch):
    name = project
    docs = list(ingest_paths([SAMPLES], on_problem=_fail).documents)
    annotated = list(annotate_documents(docs))
    pushed = push_documents(client, annotated, name, ruleset_version(), on_problem=_fail)
    assert pushed.created_tasks == 5
    pid = client.find_project(name).id
    tasks = {t.data["doc_id"]: t.id for t in client.sdk.tasks.list(project=pid, fields="all")}
    assert sorted(tasks) == sorted(d.id for d in docs)

    def prediction(doc_id):
        (pred,) = client.sdk.predictions.list(task=tasks[doc_id])
        return pred

    # an annotator accepts 002 as predicted and relabels one span in 000
    first, second = "000_40cfe9622c8414ff", "002_af22a9ecaf711d6e"
    pred_a = prediction(first)
    result_a, changed = _relabel(pred_a.result, 0)
    ann_a = client.sdk.annotations.create(id=tasks[first], result=result_a, parent_prediction=pred_a.id)
    pred_b = prediction(second)
    client.sdk.annotations.create(id=tasks[second], result=pred_b.result, parent_prediction=pred_b.id)

    out = tmp_path / "exports" / name
    v1 = pull_project(client, name, out, on_problem=_fail)
    assert v1.version == out / "v1" and v1.documents == 2
    assert list((out / "raw").glob("*.json")), "the raw export is kept on disk"

    load = offline_loader(monkeypatch, tmp_path / "hf")
    pulled = {d.id: d for d in load_documents(out / "v1")}
    assert sorted(pulled) == sorted([first, second])
    expected = {"ner": 0, "events": 0, "documents": 0}
    for d in pulled.values():
        rows = rows_from_document(d)
        expected["ner"] += len(rows.ner)
        expected["events"] += len(rows.events)
        expected["documents"] += 1
    for config, n in expected.items():
        ds = load(out / "v1", config)
        assert sum(ds[split].num_rows for split in ds) == n, config
    relabelled = next(e for e in pulled[first].entities if e.start == changed["value"]["start"]
                      and e.end == changed["value"]["end"])
    assert relabelled.label == changed["value"]["labels"][0]
    review = pulled[first].meta["prediction_review"]
    assert [r["action"] for r in review].count("relabelled") == 1
    assert all(r["action"] == "kept" for r in pulled[second].meta["prediction_review"])
    by_rule = {e.source for e in annotated[1].entities}
    assert by_rule and all("@" in s for s in by_rule)

    # one more correction → v2 whose diff names exactly that change
    result_a2, changed2 = _relabel(result_a, 1)
    client.sdk.annotations.update(id=ann_a.id, result=result_a2)
    v2 = pull_project(client, name, out, on_problem=_fail)
    assert v2.version == out / "v2"
    diff = diff_versions(out, "v1", "v2")
    assert diff.docs_added == [] and diff.docs_removed == [] and diff.docs_changed == [first]
    assert len(diff.entities_relabelled) == 1 and not diff.entities_added and not diff.entities_removed
    doc_id, old, new = diff.entities_relabelled[0]
    assert (doc_id, new.start, new.end, new.label) == (
        first, changed2["value"]["start"], changed2["value"]["end"], changed2["value"]["labels"][0])
    assert old.label != new.label and not diff.entities_boundary_changed and not diff.events_changed

    # nothing changed in Label Studio → nothing to do, and no new version folder
    again = pull_project(client, name, out, on_problem=_fail)
    assert again.version is None and "nothing to do" in again.summary_lines()[-1]
    assert sorted(p.name for p in out.glob("v*")) == ["v1", "v2"]
