"""Pull, edge part: Label Studio project → raw export → the next dataset version and `records.jsonl`.

Runs the stages of `curate.pull_stages` together: a full export goes from parser to version in one pass
when it lists its tasks in task order (`pull_saved_export`); after a version that records its export, only
the tasks updated since are exported and merged into it (`curate.pull_incremental`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from curate.annotate import no_cyclic_gc
from curate.dataset.reader import list_versions
from curate.dataset.version import warm_up
from curate.errors import BadInputError, Problem
from curate.jsonl import write_jsonl
from curate.lsclient import LSClient
from curate.pull_incremental import CountMismatchError, IncrementalBase, pull_changes
from curate.pull_stages import (
    Origin,
    OutOfOrderError,
    Parsed,
    PullSummary,
    in_task_order,
    ordered_documents,
    parse_export,
    publish_records,
    save_export,
    scratch_path,
    stream_export,
    write_pulled_version,
)

# The stages, importable from here as before they had their own module.
__all__ = ["INCREMENTAL_SLACK", "Origin", "Parsed", "PullSummary", "ordered_documents", "parse_export",
           "parse_export_file", "pull_project", "pull_saved_export", "save_export", "scratch_path",
           "stream_export", "write_pulled_version"]

log = logging.getLogger(__name__)
# Changes are asked for since the base version's export time minus this, so an annotation saved while
# that export ran is not missed (asking twice for a task costs nothing: the merge replaces it).
INCREMENTAL_SLACK = timedelta(minutes=1)
# What a pull asks of its project: Label Studio counts nothing else (each count reads every task).
PROJECT_FIELDS = "id,title,model_version,task_number"


def _incremental_base(out_dir: Path, project_id: int) -> tuple[IncrementalBase | None, str]:
    """Return the version to pull the changes since, or None and why a full export is needed."""
    versions = list_versions(out_dir) if out_dir.is_dir() else []
    if not versions:
        return None, "no earlier version"
    latest = versions[-1]
    source = latest.get("source") or {}
    if latest["kind"] != "gold" or source.get("project_id") != project_id or not source.get("exported_at"):
        return None, f"{latest['version']} does not say which export of this project it was built from"
    since = datetime.fromisoformat(source["exported_at"]) - INCREMENTAL_SLACK
    return IncrementalBase(out_dir / latest["version"], since, frozenset(d["id"] for d in latest["documents"])), ""


def parse_export_file(raw_path: Path, out_dir: Path, project: str, project_id: int | None = None,
                      model_version: str | None = None,
                      on_problem: Callable[[Problem], None] | None = None) -> PullSummary:
    """Parse a saved raw export into `<out_dir>/records.jsonl`, in task order (replays a pull offline)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = PullSummary(project, raw_path, out_dir / "records.jsonl")
    parsed = parse_export(summary, Origin(project, project_id, model_version),
                          scratch_path(out_dir), on_problem)
    try:
        if parsed.in_task_order():
            publish_records(parsed.path, summary.records_path)
        else:
            write_jsonl((d.to_dict() for d in ordered_documents(parsed)), summary.records_path)
    finally:
        parsed.path.unlink(missing_ok=True)
    return summary


def pull_project(client: LSClient, project: str, out_dir: Path,
                 on_problem: Callable[[Problem], None] | None = None, full: bool = False) -> PullSummary:
    """Export the project's annotations, keep the raw export, and write the next version and its records.

    Incremental when it can: after a version that records its export, only the tasks updated since
    then are exported and merged into that version's documents; when the merged count differs from
    the server's count of annotated tasks (tasks deleted meanwhile leave no trace in a delta), or `full`, every
    annotated task is exported. Both give the same version. The raw export is on disk before it is
    parsed, kept when a version is written from it, removed when nothing changed; the version is
    written before `records.jsonl` is replaced. `summary.timings` says how long the server's export and
    the whole pull took.
    """
    t0 = time.perf_counter()
    threading.Thread(target=warm_up, daemon=True).start()  # while the server exports
    found = client.find_project(project, include=PROJECT_FIELDS)
    if found is None:
        raise BadInputError(f"no project titled {project!r} on {client.url}: check --project "
                            "(push creates it)")
    base, why_full = (None, "asked for a full export") if full else _incremental_base(out_dir, found.id)
    origin = Origin(project, found.id, found.model_version or None)
    if base is None:
        raw = save_export(client, found.id, out_dir / "raw")
        source = {"project_id": found.id, "exported_at": raw.taken_at.isoformat()}
        summary = pull_saved_export(raw.path, origin, out_dir, source, on_problem)
        summary.mode = f"full ({why_full})"
        summary.timings["export"] = raw.seconds
    else:
        try:
            summary = pull_changes(client, base, origin, out_dir, on_problem)
        except CountMismatchError as exc:
            log.info("incremental pull: %s: exporting every annotated task", exc)
            again = pull_project(client, project, out_dir, on_problem, full=True)
            again.mode = f"full ({exc})"
            again.timings["total"] = time.perf_counter() - t0
            return again
    if summary.version is None:
        summary.raw_path.unlink()
        summary.raw_kept = False
    summary.timings["total"] = time.perf_counter() - t0
    return summary


def pull_saved_export(raw_path: Path, origin: Origin, out_dir: Path, source: dict[str, Any] | None = None,
                      on_problem: Callable[[Problem], None] | None = None) -> PullSummary:
    """Write the next version of `out_dir` and its records from a saved full export.

    While the tasks come in task order (the usual case) they are parsed straight into the version and
    the parsed records are the records file; at the first that does not, the export is parsed again
    and its records read back sorted (measured: the read-back costs about 0.3 s per 1,000 documents)."""
    summary = PullSummary(origin.project, raw_path, out_dir / "records.jsonl")
    parsed = Parsed(scratch_path(out_dir))
    held: list[Problem] = []  # reported once the pass is known to count (a second pass reports them again)
    try:
        with no_cyclic_gc():
            docs = in_task_order(stream_export(summary, origin, parsed, held.append))
            write_pulled_version(summary, out_dir, docs, source=source, records=False)
        publish_records(parsed.path, summary.records_path)
    except OutOfOrderError as exc:
        log.info("the export is not in task order (%s): sorting its records", exc)
        summary = PullSummary(origin.project, raw_path, out_dir / "records.jsonl")
        parsed.path.unlink(missing_ok=True)
        parsed = parse_export(summary, origin, scratch_path(out_dir), on_problem)
        held = []
        with no_cyclic_gc():
            write_pulled_version(summary, out_dir, ordered_documents(parsed), source=source)
    finally:
        parsed.path.unlink(missing_ok=True)
    if on_problem is not None:
        for problem in held:
            on_problem(problem)
    return summary
