"""Pull stage, edge part: Label Studio project → raw export on disk → annotated-document records.

Takes a connected `LSClient` and a project name; writes `<out>/raw/<timestamp>.json` before parsing
(so a parsing bug can be replayed offline), then `<out>/records.jsonl`, and returns a summary.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from curate.annotations import documents_from_export, load_export
from curate.errors import BadInputError, Problem
from curate.jsonl import write_jsonl
from curate.lsclient import LSClient
from curate.records import Document

log = logging.getLogger(__name__)


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

    def summary_lines(self) -> list[str]:
        """Return a human summary, one line per fact."""
        review = ", ".join(f"{k} {v}" for k, v in sorted(self.actions.items())) or "none"
        return [f"project {self.project!r}: {self.tasks} exported tasks → {self.documents} documents "
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
                      on_problem: Callable[[Problem], None] | None = None,
                      keep: list[Document] | None = None) -> PullSummary:
    """Parse a raw export file into `<out_dir>/records.jsonl` (also replays a saved export).

    `keep`, when given, also receives the parsed documents (saves reading the records back).
    """
    try:
        raw = raw_path.read_bytes()
    except OSError as exc:
        raise BadInputError(f"{raw_path}: cannot read the export ({exc.strerror})") from exc
    with _no_cyclic_gc():
        return _parse_export(raw, raw_path, out_dir, project, project_id, model_version, on_problem, keep)


@contextlib.contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: parsing builds millions of acyclic JSON objects, and each
    collection would walk them all again (a quarter of a pull's own time, measured)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _parse_export(raw: bytes, raw_path: Path, out_dir: Path, project: str, project_id: int | None,
                  model_version: str | None, on_problem: Callable[[Problem], None] | None,
                  keep: list[Document] | None, write_records: bool = True) -> PullSummary:
    """Parse export bytes already saved at `raw_path` (see `parse_export_file`)."""
    tasks = load_export(raw, str(raw_path))
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = PullSummary(project, raw_path, out_dir / "records.jsonl", tasks=len(tasks))

    def counted():
        for doc in documents_from_export(tasks, project, project_id, model_version, str(raw_path), on_problem):
            summary.documents += 1
            summary.annotations += len(doc.meta["annotations"])
            summary.entities += len(doc.entities or ())
            summary.events += len(doc.events or ())
            summary.actions.update(r["action"] for r in doc.meta.get("prediction_review", []))
            summary.added += len(doc.meta.get("added", []))
            summary.problems += len(doc.meta["problems"])
            summary.hash_mismatches += not doc.meta["ls"]["text_hash_ok"]
            if keep is not None:
                keep.append(doc)
            yield doc.to_dict()

    if write_records:
        write_jsonl(counted(), summary.records_path)
    else:
        for _ in counted():
            pass
    return summary


def pull_project(client: LSClient, project: str, out_dir: Path,
                 on_problem: Callable[[Problem], None] | None = None) -> PullSummary:
    """Export the project's annotated tasks, keep the raw export, and write the next version and its records.

    The raw export is on disk before it is parsed; it is kept when a version is written from it, and
    removed when nothing changed (the latest version already holds the same annotations). The version
    is written before `records.jsonl` is replaced, so the records never run ahead of the versions.
    """
    found = client.find_project(project)
    if found is None:
        raise BadInputError(f"no project titled {project!r} on {client.url}: check --project "
                            "(push creates it)")
    # Importing `datasets` for the version takes about a second: do it while the server exports.
    warm = threading.Thread(target=_warm_dataset_writer, name="curate-warm-datasets", daemon=True)
    warm.start()
    raw = client.export_snapshot(found.id)
    raw_dir = out_dir / "raw"
    raw_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    raw_path = raw_dir / f"{stamp}-{hashlib.sha256(raw).hexdigest()[:12]}.json"
    raw_path.write_bytes(raw)
    log.info("raw export of %s written to %s (%d bytes)", project, raw_path, len(raw))
    docs: list[Document] = []
    with _no_cyclic_gc():  # the bytes in hand are what was saved: parse them, do not read the file back
        summary = _parse_export(raw, raw_path, out_dir, project, found.id, found.model_version or None,
                                on_problem, keep=docs, write_records=False)
        warm.join()
        summary = write_pulled_version(summary, out_dir, docs)
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


def write_pulled_version(summary: PullSummary, out_dir: Path, docs: list[Document] | None = None) -> PullSummary:
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
    summary.version = write_version(docs, out_dir, kind="gold", project=summary.project)
    if summary.version is None:
        summary.latest = f"no change since {list_versions(out_dir)[-1]['version']}"
    return summary
