"""Sharded ingest + annotate on a local Dask cluster of 2 worker processes: the same records as the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from curate.annotate import annotate_document
from curate.cli import app
from curate.distributed import process_shard, run_shards
from curate.errors import Problem
from curate.ingest import ingest_paths
from curate.jsonl import write_jsonl

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "curate" / "samples"
DEV_RAW = Path(__file__).resolve().parent / "data" / "corpus" / "raw"


def _records(folder: Path) -> list[dict]:
    return sorted((json.loads(line) for f in sorted(folder.glob("*.jsonl"))
                   for line in f.read_text(encoding="utf-8").splitlines()), key=lambda r: r["id"])


def _fail(problem):
    raise AssertionError(str(problem))


@pytest.fixture(scope="module")
def shards(tmp_path_factory):
    """Two page shards (the bundled pages, the dev pages) and the same documents as three JSONL shards."""
    base = tmp_path_factory.mktemp("shards")
    pages = [SAMPLES, DEV_RAW]
    docs = [d for shard in pages for d in ingest_paths([shard], _fail).documents]
    jsonl = []
    for i in range(3):
        jsonl.append(base / f"docs{i}.jsonl")
        write_jsonl((d.to_dict() for d in docs[i::3]), jsonl[-1])
    return pages, jsonl, docs


def test_document_shards_give_exactly_the_records_of_curate_annotate(shards, tmp_path):
    _, jsonl, docs = shards
    results = run_shards(jsonl, tmp_path / "out", documents=True, workers=2)
    assert [r.documents for r in results] == [len(docs[i::3]) for i in range(3)]
    assert all(r.problems == [] for r in results)
    expected = sorted((annotate_document(d).to_dict() for d in docs), key=lambda r: r["id"])
    assert _records(tmp_path / "out") == expected


def test_page_shards_are_cleaned_per_shard_then_annotated(shards, tmp_path):
    pages, _, docs = shards
    results = run_shards(pages, tmp_path / "out", workers=2)
    assert [Path(r.output).name for r in results] == ["00000-samples.jsonl", "00001-raw.jsonl"]
    expected = sorted((annotate_document(d).to_dict() for d in docs), key=lambda r: r["id"])
    assert _records(tmp_path / "out") == expected


def test_cli_distribute_then_build_takes_the_shard_folder(shards, tmp_path):
    _, jsonl, docs = shards
    out = tmp_path / "out"
    r = CliRunner().invoke(app, ["distribute", *map(str, jsonl), "-o", str(out), "--documents", "-w", "2"])
    assert r.exit_code == 0, r.output
    assert f"annotated {len(docs)} documents from 3 shards" in r.output
    built = CliRunner().invoke(app, ["build", str(out), "--out", str(tmp_path / "exports" / "demo")])
    assert built.exit_code == 0 and f"({len(docs)} documents)" in built.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n' + json.dumps(docs[0].to_dict(), ensure_ascii=False) + "\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["distribute", str(bad), "-o", str(tmp_path / "out2"), "--documents"])
    assert r.exit_code == 2 and "bad.jsonl:1: " in r.output and "missing field 'text'" in r.output
    assert len((tmp_path / "out2" / "00000-bad.jsonl").read_text(encoding="utf-8").splitlines()) == 1
    missing = CliRunner().invoke(app, ["distribute", str(tmp_path / "nope"), "-o", str(out)])
    assert missing.exit_code == 2 and "no such file or folder" in missing.output


def test_a_shard_reports_its_bad_records_as_problems(shards, tmp_path):
    _, _, docs = shards
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n' + json.dumps(docs[0].to_dict(), ensure_ascii=False) + "\n", encoding="utf-8")
    result = process_shard(str(bad), str(tmp_path / "out.jsonl"), documents=True)
    assert result.documents == 1
    (problem,) = result.problems
    assert isinstance(problem, Problem)
    assert (problem.file, problem.line) == (str(bad), 1) and "missing field 'text'" in problem.reason
