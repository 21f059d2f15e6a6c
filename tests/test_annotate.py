"""Annotate: record shape (ids, provenance, non-overlap, ARG spans), order with workers, and the CLI."""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from curate.annotate import annotate_document, annotate_documents, annotate_lines
from curate.cli import app
from curate.records import Document, document_from_dict
from curate.rules import RULES, ruleset_version
from curate.rules.registry import LAYER_ORDER

TEXT = ("4月9日，杭州市召开全市重大项目集中开工动员大会。市委书记王建国出席会议并讲话。\n"
        "与会人员实地观摩了浙江云栖智能科技有限公司年产10万台机器人项目。王建国强调，要确保项目尽快投产。")
DOCS = [Document(f"d{i}", TEXT if i % 2 else "5月1日，成都市委召开座谈会，市长李明华主持。", source=f"d{i}.txt")
        for i in range(7)]


def test_annotated_record_has_ordered_ids_provenance_and_no_overlaps():
    doc = annotate_document(DOCS[1])
    assert doc.annotated and doc.id == "d1" and doc.text == TEXT
    ents = doc.entities
    assert [e.id for e in ents] == [f"T{i}" for i in range(1, len(ents) + 1)]
    assert [e.start for e in ents] == sorted(e.start for e in ents)
    assert all(a.end <= b.start for a, b in zip(ents, ents[1:], strict=False))
    sources = {r.source for r in RULES}
    assert all(TEXT[e.start:e.end] == e.text and e.source in sources for e in ents)
    assert [e.id for e in doc.events] == [f"E{i}" for i in range(1, len(doc.events) + 1)]
    by_id = {e.id: e for e in ents}
    for ev in doc.events:
        assert ev.source in sources and TEXT[ev.trigger.start:ev.trigger.end] == ev.trigger.text
        for a in ev.arguments:
            target = by_id[a.entity]
            assert (target.start, target.end, target.text) == (a.start, a.end, a.text)
    assert {(e.label, e.text) for e in ents} >= {("DATE", "4月9日"), ("GPE", "杭州市"), ("TITLE", "市委书记"),
                                                 ("PER", "王建国"), ("MEETING", "全市重大项目集中开工动员大会"),
                                                 ("COMPANY", "浙江云栖智能科技有限公司"), ("ARG", "与会人员")}
    assert [(e.type, e.trigger.text) for e in doc.events][:3] == [("会议召开", "召开"), ("出席", "出席"),
                                                                 ("讲话", "讲话")]


def test_annotated_record_round_trips_through_the_schema():
    doc = annotate_document(DOCS[1])
    again = document_from_dict(json.loads(json.dumps(doc.to_dict(), ensure_ascii=False)))
    assert again == doc


def test_annotation_replaces_earlier_annotations_and_is_deterministic():
    once = annotate_document(DOCS[1])
    assert annotate_document(once) == once


def test_workers_keep_order_and_results():
    serial = list(annotate_documents(DOCS))
    parallel = list(annotate_documents(iter(DOCS), workers=2, batch=2))
    assert [d.id for d in parallel] == [d.id for d in DOCS]
    assert parallel == serial


def test_workers_read_a_bounded_window_ahead_and_stop_cleanly_when_closed():
    read: list[int] = []

    def source():
        for i in range(100_000):
            read.append(i)
            yield DOCS[i % len(DOCS)]

    out = annotate_documents(source(), workers=2, batch=4)
    assert [next(out).id for _ in range(3)] == ["d0", "d1", "d2"]
    time.sleep(0.5)  # give the pool's feeder time to run ahead if it could
    assert len(read) <= 3 + 4 * 2 + 1  # consumed + the window + the one waiting for a slot
    t0 = time.perf_counter()
    out.close()
    assert time.perf_counter() - t0 < 5


def test_annotate_lines_keeps_order_and_reports_bad_lines_by_number():
    good = [(n, json.dumps(d.to_dict(), ensure_ascii=False)) for n, d in enumerate(DOCS, 1)]
    items = good[:3] + [(4, "{oops"), (5, '{"id": "x"}')] + [(n + 2, line) for n, line in good[3:]]
    for workers in (1, 2):
        out = list(annotate_lines(items, workers=workers, batch=2))
        assert [p.line for _, p in out if p] == [4, 5]
        assert "not valid JSON" in out[3][1].reason and "missing field 'text'" in out[4][1].reason
        lines = [line for line, p in out if p is None]
        assert [document_from_dict(json.loads(x)) for x in lines] == list(annotate_documents(DOCS))


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_cli_annotate_writes_records_and_skips_bad_lines_with_exit_2(tmp_path):
    good = json.dumps(DOCS[1].to_dict(), ensure_ascii=False)
    src = _write(tmp_path / "in.jsonl", [good, '{"id": "x"}', '{"id": "y", "text": 5}', "not json", good])
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["annotate", str(src), "-o", str(out), "--quiet"])
    assert result.exit_code == 2
    assert f"{src}:2:" in result.output and "missing field 'text'" in result.output
    assert f"{src}:3:" in result.output and "'text' must be str" in result.output
    assert f"{src}:4:" in result.output and "not valid JSON" in result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 2 and all(r["entities"] and r["events"] for r in records)
    assert ruleset_version() in result.output


def test_cli_annotate_with_workers_matches_serial(tmp_path):
    src = _write(tmp_path / "in.jsonl", [json.dumps(d.to_dict(), ensure_ascii=False) for d in DOCS])
    runner = CliRunner()
    assert runner.invoke(app, ["annotate", str(src), "-o", str(tmp_path / "a.jsonl")]).exit_code == 0
    assert runner.invoke(app, ["annotate", str(src), "-o", str(tmp_path / "b.jsonl"), "-w", "2"]).exit_code == 0
    assert (tmp_path / "a.jsonl").read_text() == (tmp_path / "b.jsonl").read_text()


def test_cli_rules_lists_every_rule():
    result = CliRunner().invoke(app, ["rules"])
    assert result.exit_code == 0
    assert ruleset_version() in result.output
    for rule in RULES:
        assert f"{rule.name}@{rule.version}" in result.output
    as_json = [json.loads(line) for line in CliRunner().invoke(app, ["rules", "--json"]).output.splitlines()]
    assert [r["name"] for r in as_json] == [r.name for r in RULES]
    assert {r["layer"] for r in as_json} == {*LAYER_ORDER, "events"}


def test_cli_annotate_missing_file_is_exit_2(tmp_path):
    result = CliRunner().invoke(app, ["annotate", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2 and "no such file" in result.output


@pytest.mark.parametrize("content", ["", "\n  \n\t\n"])
def test_cli_annotate_of_an_empty_or_blank_file_is_exit_2_and_writes_nothing(tmp_path, content):
    src = tmp_path / "in.jsonl"
    src.write_text(content, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["annotate", str(src), "-o", str(out)])
    assert result.exit_code == 2 and f"{src}: no documents to annotate" in result.output
    assert not out.exists() and list(tmp_path.iterdir()) == [src]


def test_cli_annotate_output_is_an_ordinary_file(tmp_path):
    src = _write(tmp_path / "in.jsonl", [json.dumps(DOCS[1].to_dict(), ensure_ascii=False)])
    out = tmp_path / "out.jsonl"
    assert CliRunner().invoke(app, ["annotate", str(src), "-o", str(out)]).exit_code == 0
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~mask  # like the parquet files; 600 is for credentials
