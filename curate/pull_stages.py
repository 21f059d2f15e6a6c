"""Pull stages, edge part: Label Studio project → raw export on disk → annotated-document records → next version.

Four stages, none holding the export or its documents whole in memory: `save_export` streams the
server's export to `<out>/raw/<timestamp>-<sha>.json`; `stream_export` / `parse_export` parse that
file (ijson) into records in export order on disk; `ordered_documents` gives them in task order;
`write_pulled_version` writes the next version from that stream, then `<out>/records.jsonl`.
`curate.pull` runs them together; `curate.pull_incremental` merges a delta into the latest version.
"""

from __future__ import annotations

import heapq
import json
import logging
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from curate.annotate import no_cyclic_gc
from curate.annotations import documents_from_export, iter_export
from curate.dataset.reader import iter_split_documents, list_versions
from curate.dataset.version import write_version
from curate.errors import BadInputError, Problem
from curate.jsonl import read_documents
from curate.lsclient import LSClient
from curate.records import Document, document_from_dict
from curate.tmpfiles import make_temp, remove_stale

log = logging.getLogger(__name__)
# Changes are asked for since the base version's export time minus this, so an annotation saved while
# that export ran is not missed (asking twice for a task costs nothing: the merge replaces it).
INCREMENTAL_SLACK = timedelta(minutes=1)
# What a pull asks of its project: Label Studio counts nothing else (each count reads every task).
PROJECT_FIELDS = "id,title,model_version,task_number"


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
    # Seconds of the pull's phases: `export` (the server's export, from the request until the raw file is on
    # disk, set where it is saved) and `total` (the whole pull, set by `pull_project`); the rest of `total`
    # is curate's own work.
    timings: dict[str, float] = field(default_factory=dict)

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

    def count(self, doc: Document) -> None:
        """Add one pulled document to the totals."""
        self.documents += 1
        self.annotations += len(doc.meta["annotations"])
        self.entities += len(doc.entities or ())
        self.events += len(doc.events or ())
        self.actions.update(r["action"] for r in doc.meta.get("prediction_review", []))
        self.added += len(doc.meta.get("added", []))
        self.problems += len(doc.meta["problems"])
        self.hash_mismatches += not doc.meta["ls"]["text_hash_ok"]


@dataclass(frozen=True)
class Origin:
    """Where an export came from: what each pulled record says about its project."""

    project: str
    project_id: int | None = None
    model_version: str | None = None


@dataclass
class Parsed:
    """The records parsed from a raw export, on disk in export order, and what ordering and merging need."""

    path: Path
    offsets: list[tuple[tuple[int, str], int]] = field(default_factory=list)  # (task order key, byte offset)
    task_doc_ids: set[str] = field(default_factory=set)  # every exported task's doc id, annotated or not

    def in_task_order(self) -> bool:
        """Return whether the export listed its tasks in task order (then the file is the records file)."""
        return all(a <= b for (a, _), (b, _) in zip(self.offsets, self.offsets[1:], strict=False))

    def ids(self) -> set[str]:
        """Return the ids of the documents the export replaces (its annotated tasks and the others)."""
        return self.task_doc_ids | {doc_id for (_, doc_id), _ in self.offsets}


def task_order(doc: Document) -> tuple[int, str]:
    """Order documents by their Label Studio task id, as a full export lists them."""
    return task_key(doc.id, doc.meta)


def task_key(doc_id: str, meta: Mapping[str, Any]) -> tuple[int, str]:
    """Return the task order of a document from its id and meta."""
    return meta.get("ls", {}).get("task_id") or 0, doc_id


# ---------------------------------------------------------------- stage 1: export → raw file


@dataclass(frozen=True)
class RawExport:
    """A raw export saved to disk, the server time it was taken at, and how long it took (request → on disk)."""

    path: Path
    taken_at: datetime
    seconds: float = 0.0


def save_export(client: LSClient, project_id: int, raw_dir: Path, since: datetime | None = None,
                clean_stale: bool = True, cleanup: Executor | None = None) -> RawExport:
    """Stream the project's export (annotated tasks, or tasks updated after `since`) to a file in `raw_dir`."""
    t0 = time.perf_counter()
    raw_dir.mkdir(parents=True, exist_ok=True)
    remove_stale(raw_dir, ".2*.tmp")  # downloads of killed pulls
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    fd, part = make_temp(raw_dir, stamp)
    assert fd is not None
    try:
        with os.fdopen(fd, "wb") as out:
            snap = client.export_snapshot(project_id, out, updated_since=since, clean_stale=clean_stale, cleanup=cleanup)
        path = raw_dir / f"{stamp}-{snap.sha256[:12]}.json"
        os.chmod(part, 0o644)  # mkstemp makes it private; the raw export is an ordinary file
        os.replace(part, path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    log.info("raw export of project %s written to %s (%d bytes)", project_id, path, snap.size)
    return RawExport(path, snap.taken_at, time.perf_counter() - t0)


# ---------------------------------------------------------------- stage 2: raw file → records in export order


def parse_export(summary: PullSummary, origin: Origin, parsed_path: Path,
                 on_problem: Callable[[Problem], None] | None = None) -> Parsed:
    """Parse the raw export `summary.raw_path` into `parsed_path` (one record per annotated task), adding up
    the summary; one task is in memory at a time."""
    parsed = Parsed(parsed_path)
    for _ in stream_export(summary, origin, parsed, on_problem):
        pass
    return parsed


def stream_export(summary: PullSummary, origin: Origin, parsed: Parsed,
                  on_problem: Callable[[Problem], None] | None = None) -> Iterator[Document]:
    """Yield the documents of the raw export as they are parsed, each written to `parsed.path` first."""
    try:
        raw = summary.raw_path.open("rb")
    except OSError as exc:
        raise BadInputError(f"{summary.raw_path}: cannot read the export ({exc.strerror})") from exc

    def noted(tasks: Iterable[Any]) -> Iterator[Any]:
        for task in tasks:
            summary.tasks += 1
            data = task.get("data") if isinstance(task, dict) else None
            if isinstance(data, dict) and data.get("doc_id") is not None:
                parsed.task_doc_ids.add(str(data["doc_id"]))
            yield task

    with raw, parsed.path.open("wb") as out, no_cyclic_gc():
        tasks = noted(iter_export(raw, str(summary.raw_path)))
        for doc in documents_from_export(tasks, origin.project, origin.project_id, origin.model_version,
                                         str(summary.raw_path), on_problem):
            summary.count(doc)
            parsed.offsets.append((task_order(doc), out.tell()))
            out.write(json.dumps(doc.to_dict(), ensure_ascii=False).encode("utf-8") + b"\n")
            yield doc


def scratch_path(folder: Path) -> Path:
    """Return a new empty temporary file in `folder` for the parsed records."""
    remove_stale(folder, ".parsed.*.tmp")  # left by killed pulls
    fd, path = make_temp(folder, "parsed")
    if fd is not None:
        os.close(fd)
    return path


# ---------------------------------------------------------------- stage 3: records in task order


def ordered_documents(parsed: Parsed, base: Path | None = None) -> Iterator[Document]:
    """Yield the parsed documents in task order; with a `base` version, merged into its documents (each
    task of the export replacing what the base held for it)."""
    mine = read_in_order(parsed)
    if base is None:
        return mine
    replaced = parsed.ids()
    # Each split of a pulled version is in task order already: merging them keeps one document at a time.
    kept = [(d for d in split if d.id not in replaced) for split in iter_split_documents(base)]
    return heapq.merge(*kept, mine, key=task_order)


class OutOfOrderError(Exception):
    """The export did not list its tasks in task order: its documents must be read back sorted."""


def in_task_order(docs: Iterable[Document]) -> Iterator[Document]:
    """Pass documents on while they come in task order; raise `OutOfOrderError` at the first that does not."""
    last: tuple[int, str] | None = None
    for doc in docs:
        key = task_order(doc)
        if last is not None and key < last:
            raise OutOfOrderError(f"task {key} after task {last}")
        last = key
        yield doc


def read_in_order(parsed: Parsed) -> Iterator[Document]:
    """Yield the parsed records in task order, read back from the parsed file."""
    with parsed.path.open("rb") as fh:
        for _, offset in sorted(parsed.offsets):
            fh.seek(offset)
            yield document_from_dict(json.loads(fh.readline()))


# ---------------------------------------------------------------- stage 4: the next version, then records.jsonl


def write_pulled_version(summary: PullSummary, out_dir: Path, docs: Iterable[Document] | None = None,
                         source: dict[str, Any] | None = None, records: bool = True) -> PullSummary:
    """Write the pulled documents (`docs`, else read from the records file) as the next gold version
    `<out_dir>/vN` unless nothing changed; with `records`, write `docs` to the records file as they
    stream by and replace it once the version is written."""
    def strict(problem: Problem) -> None:
        raise BadInputError(str(problem))

    stream = iter(read_documents(summary.records_path, strict) if docs is None else docs)
    first = next(stream, None)
    if first is None:
        summary.latest = "no annotated task yet"
        if docs is not None and records:
            summary.records_path.write_text("", encoding="utf-8")
        return summary
    every = _chain(first, stream)
    if docs is None or not records:
        summary.version = write_version(every, out_dir, kind="gold", project=summary.project, source=source)
    else:  # the records file follows the version's documents, written as they stream by
        fd, records_tmp = make_temp(summary.records_path.parent, summary.records_path.name)
        assert fd is not None
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
                summary.version = write_version(_tee(every, out), out_dir, kind="gold",
                                                project=summary.project, source=source)
            publish_records(records_tmp, summary.records_path)
        finally:
            records_tmp.unlink(missing_ok=True)
    if summary.version is None:
        summary.latest = f"no change since {list_versions(out_dir)[-1]['version']}"
    return summary


def publish_records(written: Path, records_path: Path) -> None:
    """Put a finished temporary records file in place (mkstemp made it private; it is an ordinary file)."""
    os.chmod(written, 0o644)
    os.replace(written, records_path)


def _chain(first: Document, rest: Iterator[Document]) -> Iterator[Document]:
    yield first
    yield from rest


def _tee(docs: Iterable[Document], records: Any) -> Iterator[Document]:
    for doc in docs:
        records.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
        yield doc
