"""Pull stage, edge part: Label Studio project → raw export on disk → annotated-document records.

Takes a connected `LSClient` and a project name; writes `<out>/raw/<timestamp>.json` before parsing
(so a parsing bug can be replayed offline), then `<out>/records.jsonl`, and returns a summary.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from curate.annotate import no_cyclic_gc
from curate.annotations import documents_from_export, load_export
from curate.errors import BadInputError, Problem
from curate.jsonl import write_jsonl
from curate.lsclient import LSClient
from curate.records import Document

log = logging.getLogger(__name__)
# Changes are asked for since the base version's export time minus this, so an annotation saved while
# that export ran is not missed (asking twice for a task costs nothing: the merge replaces it).
INCREMENTAL_SLACK = timedelta(minutes=1)


@dataclass
class PullSummary:
    """What a pull fetched and wrote."""

    project: str
    raw_path: Path
    records_path: Path
    tasks: int = 0
    documents: int = 0
    annotations: int = 0
    entities: int = 0
    events: int = 0
    actions: Counter = field(default_factory=Counter)
    added: int = 0
    problems: int = 0
    hash_mismatches: int = 0
    version: Path | None = None
    latest: str | None = None
    raw_kept: bool = True
    mode: str = "full"

    def summary_lines(self) -> list[str]:
        """Return a human summary, one line per fact."""
        review = ", ".join(f"{k} {v}" for k, v in sorted(self.actions.items())) or "none"
        return [f"export: {self.mode}",
                f"project {self.project!r}: {self.tasks} exported tasks → {self.documents} documents "
                f"({self.annotations} annotations, {self.entities} entities, {self.events} events)",
                f"predicted regions: {review}; added by people: {self.added}",
                f"problems reported in records: {self.problems} (text hash changed: {self.hash_mismatches})",
                f"raw export: {self.raw_path}" if self.raw_kept
                else "raw export: not kept (nothing changed since the latest version)",
                f"records: {self.records_path}",
                f"dataset version written: {self.version}" if self.version
                else f"dataset: nothing to do ({self.latest})"]


def parse_export_file(raw_path: Path, out_dir: Path, project: str, project_id: int | None = None,
                      model_version: str | None = None,
                      on_problem: Callable[[Problem], None] | None = None) -> PullSummary:
    """Parse a saved raw export into `<out_dir>/records.jsonl` (replays a pull offline)."""
    try:
        raw = raw_path.read_bytes()
    except OSError as exc:
        raise BadInputError(f"{raw_path}: cannot read the export ({exc.strerror})") from exc
    tasks = load_export(raw, str(raw_path))
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = PullSummary(project, raw_path, out_dir / "records.jsonl", tasks=len(tasks))
    with no_cyclic_gc():
        docs = documents_from_export(tasks, project, project_id, model_version, str(raw_path), on_problem)
        write_jsonl((d.to_dict() for d in _counted(summary, docs)), summary.records_path)
    return summary


def _counted(summary: PullSummary, docs: Iterable[Document]) -> Iterator[Document]:
    """Pass documents through, adding them up in the summary."""
    for doc in docs:
        summary.documents += 1
        summary.annotations += len(doc.meta["annotations"])
        summary.entities += len(doc.entities or ())
        summary.events += len(doc.events or ())
        summary.actions.update(r["action"] for r in doc.meta.get("prediction_review", []))
        summary.added += len(doc.meta.get("added", []))
        summary.problems += len(doc.meta["problems"])
        summary.hash_mismatches += not doc.meta["ls"]["text_hash_ok"]
        yield doc


@dataclass(frozen=True)
class _Base:
    """The latest gold version an incremental pull starts from."""

    folder: Path
    since: datetime


def _incremental_base(out_dir: Path, project_id: int) -> tuple[_Base | None, str]:
    """Return the version to pull the changes since, or None and why a full export is needed."""
    from curate.dataset.version import list_versions

    versions = list_versions(out_dir) if out_dir.is_dir() else []
    if not versions:
        return None, "no earlier version"
    latest = versions[-1]
    source = latest.get("source") or {}
    if latest["kind"] != "gold" or source.get("project_id") != project_id or not source.get("exported_at"):
        return None, f"{latest['version']} does not say which export of this project it was built from"
    since = datetime.fromisoformat(source["exported_at"]) - INCREMENTAL_SLACK
    return _Base(out_dir / latest["version"], since), ""


def _merge(base: _Base, tasks: list[Any], changed: list[Document]) -> list[Document]:
    """Return the base version's documents with every task of the delta export replaced by what it holds now."""
    from curate.dataset.version import load_documents

    in_delta = {t["data"].get("doc_id") for t in tasks if isinstance(t, dict) and isinstance(t.get("data"), dict)}
    in_delta |= {d.id for d in changed}
    return [d for d in load_documents(base.folder) if d.id not in in_delta] + changed


def _by_task(docs: list[Document]) -> list[Document]:
    """Order documents by their Label Studio task id, as a full export lists them."""
    return sorted(docs, key=lambda d: (d.meta.get("ls", {}).get("task_id") or 0, d.id))


def pull_project(client: LSClient, project: str, out_dir: Path,
                 on_problem: Callable[[Problem], None] | None = None, full: bool = False) -> PullSummary:
    """Export the project's annotations, keep the raw export, and write the next version and its records.

    Incremental when it can: after a version that records its export, only the tasks updated since
    then are exported and merged into that version's documents; when the merged count differs from
    the server's count of annotated tasks (tasks deleted meanwhile leave no trace in a delta), or `full`, every
    annotated task is exported. Both give the same version. The raw export is on disk before it is
    parsed, kept when a version is written from it, removed when nothing changed; the version is
    written before `records.jsonl` is replaced.
    """
    found = client.find_project(project)
    if found is None:
        raise BadInputError(f"no project titled {project!r} on {client.url}: check --project "
                            "(push creates it)")
    base, why_full = (None, "asked for a full export") if full else _incremental_base(out_dir, found.id)
    # Importing `datasets` for the version takes about a second: do it while the server exports.
    warm = threading.Thread(target=_warm_dataset_writer, name="curate-warm-datasets", daemon=True)
    warm.start()
    snap = client.export_snapshot(found.id, updated_since=base.since if base else None)
    raw_dir = out_dir / "raw"
    raw_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    raw_path = raw_dir / f"{stamp}-{hashlib.sha256(snap.raw).hexdigest()[:12]}.json"
    raw_path.write_bytes(snap.raw)
    log.info("raw export of %s written to %s (%d bytes)", project, raw_path, len(snap.raw))
    with no_cyclic_gc():  # the bytes in hand are what was saved: parse them, do not read the file back
        tasks = load_export(snap.raw, str(raw_path))
        summary = PullSummary(project, raw_path, out_dir / "records.jsonl", tasks=len(tasks))
        docs = list(_counted(summary, documents_from_export(tasks, project, found.id, found.model_version or None,
                                                            str(raw_path), on_problem)))
        if base is not None:
            merged = _merge(base, tasks, docs)
            server = client.annotated_task_count(found.id)
            if len(merged) != server:
                raw_path.unlink()
                log.info("incremental pull: %d documents merged, the server has %d annotated tasks: "
                         "exporting them all", len(merged), server)
                again = pull_project(client, project, out_dir, on_problem, full=True)
                again.mode = f"full (the merged changes gave {len(merged)} documents, the server has {server})"
                return again
            summary.mode = f"incremental ({len(tasks)} tasks updated since {base.folder.name})"
            docs = merged
        else:
            summary.mode = f"full ({why_full})"
        warm.join()
        docs = _by_task(docs)
        source = {"project_id": found.id, "exported_at": snap.taken_at.isoformat()}
        summary = write_pulled_version(summary, out_dir, docs, source=source)
    write_jsonl((d.to_dict() for d in docs), summary.records_path)
    if summary.version is None:
        raw_path.unlink()
        summary.raw_kept = False
    return summary


def _warm_dataset_writer() -> None:
    """Import the dataset writer and build its schemas (run in a thread during the export)."""
    try:
        from curate.dataset.version import features

        features()
    except Exception:  # noqa: BLE001 - the main thread imports it again and reports any error
        log.debug("warming the dataset writer failed", exc_info=True)


def write_pulled_version(summary: PullSummary, out_dir: Path, docs: list[Document] | None = None,
                         source: dict[str, Any] | None = None) -> PullSummary:
    """Write the parsed records (`docs`, else read from the records file) as the next gold version
    `<out_dir>/vN` unless nothing changed."""
    from curate.dataset.version import list_versions, write_version
    from curate.jsonl import read_documents

    def strict(problem: Problem) -> None:
        raise BadInputError(str(problem))

    if docs is None:
        docs = list(read_documents(summary.records_path, strict))
    if not docs:
        summary.latest = "no annotated task yet"
        return summary
    summary.version = write_version(docs, out_dir, kind="gold", project=summary.project, source=source)
    if summary.version is None:
        summary.latest = f"no change since {list_versions(out_dir)[-1]['version']}"
    return summary
