from __future__ import annotations

import json

from dataset_fixtures import corpus, doc0, pulled
from typer.testing import CliRunner

from curate.cli import app
from curate.jsonl import write_jsonl

runner = CliRunner()


def _jsonl(path, docs):
    write_jsonl((d.to_dict() for d in docs), path)
    return str(path)


def test_build_versions_diff_report(tmp_path):
    out = tmp_path / "exports" / "demo"
    first = _jsonl(tmp_path / "a.jsonl", corpus(10))
    r = runner.invoke(app, ["build", first, "--out", str(out), "--kind", "silver"])
    assert r.exit_code == 0, r.output
    assert f"wrote {out / 'v1'} (10 documents)" in r.output
    r = runner.invoke(app, ["build", first, "--out", str(out)])
    assert r.exit_code == 0 and "nothing to do" in r.output
    review = [{"rule": "person@1", "label": "PER", "start": 0, "end": 3, "text": "4月2", "action": "relabelled",
               "new_label": "DATE"}]
    second = _jsonl(tmp_path / "b.jsonl", [*corpus(10), pulled(doc0(), prediction_review=review)])
    r = runner.invoke(app, ["build", second, "--out", str(out)])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["versions", str(out)])
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["v1", "v2"]
    assert "silver" in lines[0] and "gold  parent v1  documents 11" in lines[1]
    r = runner.invoke(app, ["diff", str(out), "v1", "v2"])
    assert r.exit_code == 0
    assert "- documents: 1 added, 0 removed, 0 changed" in r.stdout
    assert "000_doc: event added 讲话/actual '强调'" in r.stdout
    r = runner.invoke(app, ["report", str(out)])
    assert r.exit_code == 0 and "| person@1 | 1 | 0 | 1 | 0 | 0 | 0.00 | 0.00 |" in r.stdout
    r = runner.invoke(app, ["report", str(out), "v1"])
    assert r.exit_code == 0 and "No human review" in r.stdout


def test_bad_records_are_named_and_nothing_is_written(tmp_path):
    good = corpus(3)[0].to_dict()
    bad = {**corpus(3)[1].to_dict()}
    bad["entities"] = [{**bad["entities"][0], "label": "CITY"}]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in (good, bad)) + "\n", encoding="utf-8")
    out = tmp_path / "demo"
    r = runner.invoke(app, ["build", str(path), "--out", str(out)])
    assert r.exit_code == 2
    assert f"{path}:2:" in r.output and "unknown label 'CITY'" in r.output and "nothing written" in r.output
    assert not out.exists()


def test_refusals_and_broken_folders_exit_2(tmp_path):
    out = tmp_path / "demo"
    src = _jsonl(tmp_path / "a.jsonl", corpus(4))
    assert runner.invoke(app, ["build", src, "--out", str(out)]).exit_code == 0
    more = _jsonl(tmp_path / "b.jsonl", corpus(5))
    r = runner.invoke(app, ["build", more, "--out", str(out), "--as-version", "1"])
    assert r.exit_code == 2 and "immutable" in r.output
    r = runner.invoke(app, ["diff", str(out), "v1", "v9"])
    assert r.exit_code == 2 and "no version 'v9'" in r.output
    manifest = out / "v1" / "manifest.json"
    manifest.write_text(json.dumps({**json.loads(manifest.read_text()), "schema_version": 2}))
    r = runner.invoke(app, ["versions", str(out)])
    assert r.exit_code == 2 and f"error: {manifest}: schema version 2 is newer" in r.output
    r = runner.invoke(app, ["build", more, "--out", str(out)])
    assert r.exit_code == 2 and sorted(p.name for p in out.iterdir()) == ["v1"]
    unannotated = tmp_path / "raw.jsonl"
    unannotated.write_text(json.dumps({"id": "x", "text": "文本"}) + "\n", encoding="utf-8")
    r = runner.invoke(app, ["build", str(unannotated), "--out", str(tmp_path / "other")])
    assert r.exit_code == 2 and "has no annotations" in r.output


def test_diff_takes_two_version_folders_of_different_datasets(tmp_path):
    # What annotators changed against the rules: silver v1 against gold v1.
    silver = tmp_path / "exports" / "demo-silver"
    gold = tmp_path / "exports" / "demo"
    assert runner.invoke(app, ["build", _jsonl(tmp_path / "s.jsonl", [doc0(), *corpus(3)]),
                               "--out", str(silver)]).exit_code == 0
    corrected = [pulled(doc0(extra_entities=(("COMPANY", "包头市"),))), *(pulled(d) for d in corpus(3))]
    assert runner.invoke(app, ["build", _jsonl(tmp_path / "g.jsonl", corrected), "--out", str(gold)]).exit_code == 0
    r = runner.invoke(app, ["diff", str(silver / "v1"), str(gold / "v1")])
    assert r.exit_code == 0, r.output
    assert "000_doc: entity added COMPANY '包头市'" in r.stdout
    r = runner.invoke(app, ["diff", str(silver / "v1")])
    assert r.exit_code == 2 and "diff takes 2 version folders" in r.output
    r = runner.invoke(app, ["diff", str(silver / "v1"), str(gold / "v9")])
    assert r.exit_code == 2 and "no such version folder" in r.output
