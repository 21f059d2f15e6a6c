"""Pull's stages offline, from a saved export: the same version and records as before the streaming parser.

`tests/data/pull_golden/export.json` holds the bundled pages (twice, under other ids) and an
astral-plane text as a Label Studio JSON export, tasks out of id order, with corrections, a second
annotator, a cancelled and an unannotated task. `expected/` and `expected2/` were written by the pull
of commit 44a2414 (the whole export parsed with `json.loads`, documents sorted in memory): v1 from it,
v2 from the same export after one annotation lost regions and one task went away.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA

from curate.errors import RecordError
from curate.pull import (
    Origin,
    PullSummary,
    ordered_documents,
    parse_export,
    parse_export_file,
    pull_saved_export,
    save_export,
    scratch_path,
    write_pulled_version,
)
from curate.pull_incremental import merge_into_base

GOLDEN = DATA / "pull_golden"
SOURCE = {"project_id": 7, "exported_at": "2026-12-01T00:00:00+00:00"}


def _pull_saved(raw: Path, out: Path) -> PullSummary:
    """Run what `pull_project` runs once the export is on disk (a full pull)."""
    problems: list[object] = []
    summary = PullSummary("golden", raw, out / "records.jsonl")
    parsed = parse_export(summary, Origin("golden", 7, "rules-1"), scratch_path(out), problems.append)
    write_pulled_version(summary, out, ordered_documents(parsed), source=SOURCE)
    parsed.path.unlink()
    assert problems == []
    return summary


def _second_export(tmp_path: Path) -> Path:
    """Return the golden export after task 1 lost its relations and last region and task 4 was deleted."""
    tasks = json.loads((GOLDEN / "export.json").read_text(encoding="utf-8"))
    for t in tasks:
        if t["id"] == 1:
            a = t["annotations"][0]
            a["result"] = [r for r in a["result"] if r["type"] != "relation"][:-1]
            a["updated_at"] = "2026-11-20T09:00:00.000000Z"
    path = tmp_path / "export2.json"
    path.write_text(json.dumps([t for t in tasks if t["id"] != 4], ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def _assert_same_version(got: Path, expected: Path) -> None:
    """Same manifest (parquet names carry their content hash: same bytes) and card, but for time and place."""
    m = json.loads((got / "manifest.json").read_text(encoding="utf-8"))
    want = json.loads((expected / "manifest.json").read_text(encoding="utf-8"))
    card = (got / "README.md").read_text(encoding="utf-8")
    want_card = (expected / "README.md").read_text(encoding="utf-8")
    want_card = want_card.replace(want["path"], m["path"]).replace(want["created"], m["created"])
    for x in (m, want):
        del x["path"], x["created"], x["files"]["README.md"]
    assert m == want
    assert card == want_card


def test_streamed_pull_writes_the_version_and_records_the_json_loads_pull_wrote(tmp_path):
    out = tmp_path / "golden"
    out.mkdir()
    first = _pull_saved(GOLDEN / "export.json", out)
    assert (first.tasks, first.documents, first.annotations) == (11, 9, 11)
    assert first.version == out / "v1"
    _assert_same_version(out / "v1", GOLDEN / "expected")
    assert first.records_path.read_bytes() == (GOLDEN / "expected" / "records.jsonl").read_bytes()
    second = _pull_saved(_second_export(tmp_path), out)
    assert second.version == out / "v2"
    _assert_same_version(out / "v2", GOLDEN / "expected2")


def test_replay_of_a_saved_export_gives_the_records_in_task_order(tmp_path):
    summary = parse_export_file(GOLDEN / "export.json", tmp_path, "golden", 7, "rules-1")
    assert summary.records_path.read_bytes() == (GOLDEN / "expected" / "records.jsonl").read_bytes()
    ids = [json.loads(line)["meta"]["ls"]["task_id"] for line in summary.records_path.open(encoding="utf-8")]
    assert ids == sorted(ids) and len(ids) == 9
    assert [p.name for p in tmp_path.iterdir()] == ["records.jsonl"]  # the parsed scratch file is gone


def test_an_export_cut_short_is_bad_input_naming_the_file(tmp_path):
    raw = tmp_path / "cut.json"
    raw.write_bytes((GOLDEN / "export.json").read_bytes()[:50_000])
    with pytest.raises(RecordError, match=r"cut\.json: not JSON \(parse error: premature EOF"):
        parse_export_file(raw, tmp_path / "out", "golden")


@pytest.mark.parametrize("order", ["as exported (out of task order)", "in task order"])
def test_a_saved_full_export_gives_the_same_version_in_one_pass_or_two(tmp_path, order):
    raw = GOLDEN / "export.json"
    if order == "in task order":  # parsed straight into the version
        tasks = sorted(json.loads(raw.read_text(encoding="utf-8")), key=lambda t: t["id"])
        raw = tmp_path / "sorted.json"
        raw.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "golden"
    out.mkdir()
    problems: list[object] = []
    summary = pull_saved_export(raw, Origin("golden", 7, "rules-1"), out, SOURCE, problems.append)
    assert problems == [] and (summary.tasks, summary.documents, summary.annotations) == (11, 9, 11)
    _assert_same_version(out / "v1", GOLDEN / "expected")
    assert summary.records_path.read_bytes() == (GOLDEN / "expected" / "records.jsonl").read_bytes()
    assert sorted(p.name for p in out.iterdir()) == ["records.jsonl", "v1"]


def test_problems_of_an_export_out_of_task_order_are_reported_once(tmp_path):
    tasks = json.loads((GOLDEN / "export.json").read_text(encoding="utf-8"))
    raw = tmp_path / "odd.json"
    raw.write_text(json.dumps(["not a task", *tasks], ensure_ascii=False), encoding="utf-8")
    problems: list[object] = []
    summary = pull_saved_export(raw, Origin("golden", 7, "rules-1"), tmp_path, SOURCE, problems.append)
    assert [str(p).split(": ", 1)[1] for p in problems] == [
        "task #1: is a str, not an object (fix or remove this task in Label Studio)"]
    assert summary.tasks == 12 and summary.documents == 9


def test_scratch_files_of_a_killed_pull_are_removed_by_the_next(tmp_path):
    left = tmp_path / ".parsed.999999999.abc123.tmp"  # no process has this id
    left.write_text("{}\n", encoding="utf-8")
    mine = tmp_path / ".parsed.1.abc123.tmp"  # pid 1 is alive: another run's file stays
    mine.write_text("{}\n", encoding="utf-8")
    pull_saved_export(GOLDEN / "export.json", Origin("golden", 7, "rules-1"), tmp_path, SOURCE)
    assert not left.exists() and mine.exists()


def test_merging_changed_tasks_into_the_base_writes_what_a_full_pull_writes(tmp_path):
    tasks = json.loads((GOLDEN / "export.json").read_text(encoding="utf-8"))
    for t in tasks:
        if t["id"] == 1:  # corrected again
            t["annotations"][0]["result"] = [r for r in t["annotations"][0]["result"] if r["type"] != "relation"][:-1]
        if t["id"] == 3:  # its annotation deleted
            t["annotations"] = []
    full_raw, delta_raw = tmp_path / "full.json", tmp_path / "delta.json"
    full_raw.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    delta_raw.write_text(json.dumps([t for t in tasks if t["id"] in (1, 3)], ensure_ascii=False), encoding="utf-8")
    origin = Origin("golden", 7, "rules-1")
    inc, full = tmp_path / "inc" / "golden", tmp_path / "full" / "golden"
    for out in (inc, full):
        out.mkdir(parents=True)
        pull_saved_export(GOLDEN / "export.json", origin, out, SOURCE)
    pull_saved_export(full_raw, origin, full, SOURCE)
    summary = PullSummary("golden", delta_raw, inc / "records.jsonl")
    parsed = parse_export(summary, origin, scratch_path(inc))
    merge_into_base(summary, parsed, inc / "v1", SOURCE)
    parsed.path.unlink()
    assert summary.version == inc / "v2" and summary.documents == 1
    _assert_same_version(inc / "v2", full / "v2")  # the parquet files' names are their content hashes
    assert (inc / "records.jsonl").read_bytes() == (full / "records.jsonl").read_bytes()
    # Nothing changed since: no version, the same records.
    again = PullSummary("golden", delta_raw, inc / "records.jsonl")
    parsed = parse_export(again, origin, scratch_path(inc))
    merge_into_base(again, parsed, inc / "v2", SOURCE)
    parsed.path.unlink()
    assert again.version is None and again.latest == "no change since v2"
    assert (inc / "records.jsonl").read_bytes() == (full / "records.jsonl").read_bytes()


def test_a_merge_writes_the_records_from_the_version_when_the_records_file_is_not_the_base_versions(tmp_path):
    origin = Origin("golden", 7, "rules-1")
    pull_saved_export(GOLDEN / "export.json", origin, tmp_path, SOURCE)
    want = (tmp_path / "records.jsonl").read_bytes()
    (tmp_path / "records.jsonl").write_bytes(b"".join(want.splitlines(keepends=True)[1:]))  # a line lost
    summary = PullSummary("golden", GOLDEN / "export.json", tmp_path / "records.jsonl")
    parsed = parse_export(summary, origin, scratch_path(tmp_path))
    merge_into_base(summary, parsed, tmp_path / "v1", SOURCE)
    parsed.path.unlink()
    assert summary.version is None and (tmp_path / "records.jsonl").read_bytes() == want


def test_save_export_says_how_long_the_export_took_until_the_file_was_on_disk(tmp_path):
    class SlowServer:
        def export_snapshot(self, project_id: int, out: Any, **_: Any) -> Any:
            from curate.lsclient.exports import Snapshot

            time.sleep(0.05)
            out.write(b"[]")
            return Snapshot(2, "0" * 64, datetime.now(UTC))

    raw = save_export(SlowServer(), 7, tmp_path / "raw")  # type: ignore[arg-type]
    assert raw.path.read_bytes() == b"[]" and 0.05 <= raw.seconds < 5
