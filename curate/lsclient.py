"""Label Studio edge: the only module that imports `label_studio_sdk`.

Takes a URL and API key (options, env, or the embedded server's stored credentials); gives a small
client for projects, the task index, imports, model versions and snapshot exports, with connection
and auth failures mapped to `LabelStudioUnavailableError` / `LabelStudioAuthError`.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

import httpx

from curate.errors import BadInputError, LabelStudioAuthError, LabelStudioError, LabelStudioUnavailableError

log = logging.getLogger(__name__)
T = TypeVar("T")

URL_ENV, KEY_ENV = "LABEL_STUDIO_URL", "LABEL_STUDIO_API_KEY"
# Imports and creates are not idempotent: the SDK would retry them on 5xx/409 and duplicate tasks.
ONCE = {"max_retries": 0, "timeout_in_seconds": 3600}
LONG = {"timeout_in_seconds": 3600}
EXPORT_TITLE = "curate pull"
SETTLE = 1.0  # seconds a new project's listing is given before racing pushes agree on it (`_settled_project`)
READ_RETRIES = 3  # a read that Label Studio fails with HTTP 500 is asked again this many times in all
# A pull deletes its export when done; one older than this was left by a pull that was killed (a pull
# of another person running right now is younger).
STALE_EXPORT = timedelta(minutes=30)


@dataclass(frozen=True)
class Snapshot:
    """An export written to a file: its size, sha256, and the server time it was taken at (what the next
    incremental pull asks after)."""

    size: int
    sha256: str
    taken_at: datetime


@dataclass(frozen=True)
class TaskInfo:
    """What push needs to know about a task already in the project."""

    task_id: int
    text_hash: str | None
    annotated: bool
    model_versions: frozenset[str]


def resolve_credentials(url: str | None = None, api_key: str | None = None,
                        data_dir: Path | None = None) -> tuple[str, str]:
    """Return (url, api_key) from options, env, or the embedded server's stored credentials."""
    url = url or os.environ.get(URL_ENV)
    api_key = api_key or os.environ.get(KEY_ENV)
    if url and api_key:
        return url, api_key
    from curate.server import read_credentials

    creds = read_credentials(data_dir)
    if creds is None:
        raise LabelStudioUnavailableError(
            "no Label Studio given: pass --url and --api-key (or set LABEL_STUDIO_URL and "
            "LABEL_STUDIO_API_KEY), or start the embedded one with `curate server start`")
    return url or creds.url, api_key or creds.api_key


def _guard(fn: Callable[..., T]) -> Callable[..., T]:
    """Map transport and auth failures of one client call to curate's errors."""
    @functools.wraps(fn)
    def wrapper(self: LSClient, *args: Any, **kwargs: Any) -> T:
        from label_studio_sdk.core.api_error import ApiError

        try:
            return fn(self, *args, **kwargs)
        except httpx.TransportError as exc:
            raise LabelStudioUnavailableError(
                f"Label Studio at {self.url} is not reachable ({type(exc).__name__}): is the server "
                "running? (`curate server status`, or check --url)") from exc
        except ApiError as exc:
            if exc.status_code in (401, 403):
                raise LabelStudioAuthError(
                    f"Label Studio at {self.url} refused the API key (HTTP {exc.status_code}): check "
                    "--api-key / LABEL_STUDIO_API_KEY") from exc
            raise LabelStudioError(f"Label Studio at {self.url} answered HTTP {exc.status_code} "
                                   f"to {fn.__name__}: {str(exc.body)[:500]}") from exc
    return wrapper


class LSClient:
    """A connected Label Studio: projects, tasks, predictions, exports."""

    def __init__(self, url: str, api_key: str, timeout: float = 600, media_dir: Path | None = None) -> None:
        from label_studio_sdk import LabelStudio

        self.url = url.rstrip("/")
        self.media_dir = media_dir  # the embedded server's media folder, when this is the embedded server
        # Typed as Any: the SDK accepts the plain dicts we send, and its generated types add nothing here.
        self.sdk: Any = LabelStudio(base_url=self.url, api_key=api_key, timeout=timeout)

    @_guard
    def whoami(self) -> str:
        """Return the email of the key's user (checks the server answers and accepts the key)."""
        return self.sdk.users.whoami(request_options={"max_retries": 0}).email or ""

    @_guard
    def find_project(self, title: str, include: str | None = None) -> Any | None:
        """Return the project with exactly this title, or None; `include` names the fields to ask for
        (e.g. "id,title,model_version,task_number": Label Studio then counts nothing else).

        Label Studio has no unique titles: two pushes racing on a new title can each create one. The
        project with the lowest id is the title's project; the others are racers' leftovers, which their
        creators rename out of the way (`ensure_project`). Several titled projects that hold tasks are an
        error.
        """
        pager = self.sdk.projects.list(title=title, page_size=100, include=include)
        listed = pager.items if pager.response.next is None else pager  # one page: no request for page 2
        found = sorted((p for p in listed or () if p.title == title), key=lambda p: p.id)
        if len(found) > 1:
            full = [p for p in found if (p.task_number or 0) > 0]
            if len(full) > 1:
                raise LabelStudioError(f"{len(full)} projects titled {title!r} hold tasks (ids "
                                       f"{', '.join(str(p.id) for p in full)}): rename all but one")
            if full and full[0].id != found[0].id:
                log.warning("projects titled %r: using %s, the one with tasks", title, full[0].id)
                return full[0]
        # The listing's items are what `projects.get` answers (one serializer): no second request, which
        # counts the project's tasks again (0.14 s at 10,000 tasks, bench/bench_incremental.py).
        return found[0] if found else None

    @_guard
    def ensure_project(self, title: str, label_config: str) -> tuple[Any, bool]:
        """Return the project titled `title` with this config, creating it if needed (safe under races)."""
        project = self._settled_project(title)
        if project is None:
            created = self.sdk.projects.create(title=title, label_config=label_config,
                                               request_options={"max_retries": 0})
            project = self._settled_project(title) or created
            if project.id == created.id:
                return project, True
            if self.sdk.projects.get(id=created.id).task_number:  # a racer already chose ours: leave it be
                log.warning("projects titled %r: %s and %s were created at once", title, project.id, created.id)
                return self.find_project(title) or project, False  # the one with tasks (or an error if both)
            # Another push created the title's project first: use theirs, and move ours (still empty) out
            # of the title's way. It is renamed, not deleted: Label Studio (1.23) deletes a project with
            # every model signal of the server process switched off, so a delete running beside another
            # request loses that request's counters, and two overlapping deletes leave the signals off
            # until the server restarts (annotation counts and label summaries stop updating).
            self.sdk.projects.update(id=created.id, title=leftover_title(title, created.id),
                                     description=f"Empty: created by a push that raced on {title!r} "
                                                 f"(project {project.id}). Safe to delete.")
            log.info("project %r was created concurrently; using id %s", title, project.id)
        if (project.label_config or "").strip() != label_config.strip():
            project = self._update_config(project.id, title, label_config)
        return project, False

    def _settled_project(self, title: str) -> Any | None:
        """Return the title's project; a new (empty) one only after the listing has settled.

        On PostgreSQL, project ids come from a sequence, so a racer's project with a lower id can become
        visible after one with a higher id: a push that saw only the higher one would fill a project that
        the others then move aside. An empty project is therefore looked up again after `SETTLE` seconds
        (once per new project; a project with tasks is settled).
        """
        project = self.find_project(title)
        if project is not None and not project.task_number:
            time.sleep(SETTLE)
            project = self.find_project(title)
        return project

    def _update_config(self, project_id: int, title: str, label_config: str) -> Any:
        """Set a new config unless it would orphan labels that annotations or drafts use (then exit 2).

        Label Studio 1.23 refuses (HTTP 400) only a removed control tag; a removed label in use is
        merely logged, and the annotations holding it could no longer be shown: curate refuses both.
        """
        from label_studio_sdk.core.api_error import ApiError

        from curate.label_config import config_labels

        offered = config_labels(label_config)
        current = config_labels(self.sdk.projects.get(id=project_id).label_config or "<View/>")
        dropped = {(tag, label) for tag, labels in current.items() for label in labels
                   if label not in offered.get(tag, ())}
        in_use = self._labels_in_use(project_id, dropped) if dropped else {}
        missing = sorted(f"{tag}: {label} ({n})" for (tag, label), n in in_use.items() if n)
        fix = ("the annotations are left as they are; keep those labels in the schema (labels are only "
               "appended, SCHEMA.md), or push to a new --project")
        if missing:
            raise BadInputError(f"project {title!r}: the new labeling config drops labels that annotations or "
                                f"drafts use ({', '.join(missing)}), so it was not applied; {fix}")
        try:
            return self.sdk.projects.update(id=project_id, label_config=label_config)
        except ApiError as exc:
            if exc.status_code != 400:
                raise
            raise BadInputError(f"project {title!r}: Label Studio refused the new labeling config "
                                f"({str(exc.body)[:300]}), so it was not applied; {fix}") from exc

    def _labels_in_use(self, project_id: int, labels: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
        """Count how many annotation and draft regions use each of these (tag, label) pairs.

        Read from the annotations themselves as well as from the project summary: the summary is a
        counter that Label Studio can fail to update (see `ensure_project`), and a label dropped while
        annotations use it would make them unreadable. Only runs when a new config drops labels.
        """
        counts: dict[tuple[str, str], int] = {}
        r = self.sdk._client_wrapper.httpx_client.request(f"api/projects/{project_id}/summary/", method="GET")
        r.raise_for_status()
        summary = r.json()
        for tag, by_label in (summary.get("created_labels_drafts") or {}).items():
            for label, n in by_label.items():
                if (tag, label) in labels and n:
                    counts[(tag, label)] = counts.get((tag, label), 0) + n
        from_annotations: dict[tuple[str, str], int] = {}
        for t in self.sdk.tasks.list(project=project_id, fields="all", page_size=1000):
            for ann in (t.dict().get("annotations") or []):
                for region in ann.get("result") or []:
                    values = (region.get("value") or {}).get(region.get("type") or "", [])
                    for label in values if isinstance(values, list) else ():
                        key = (region.get("from_name") or "", str(label))
                        if key in labels:
                            from_annotations[key] = from_annotations.get(key, 0) + 1
        for tag, by_label in (summary.get("created_labels") or {}).items():
            for label, n in by_label.items():  # the larger of the two counts, never their sum
                if (tag, label) in labels:
                    from_annotations[(tag, label)] = max(from_annotations.get((tag, label), 0), n)
        for key, n in from_annotations.items():
            counts[key] = counts.get(key, 0) + n
        return counts

    @_guard
    def update_project(self, project_id: int, fields: dict[str, Any]) -> None:
        """Set the project fields that differ (instructions, sampling, overlap …); leaves tasks and annotations alone."""
        current = self.sdk.projects.get(id=project_id)
        # Label Studio stores the instructions sanitised: compare without whitespace between tags.
        changed = {k: v for k, v in fields.items() if _squash(getattr(current, k, None)) != _squash(v)}
        if changed:
            self.sdk.projects.update(id=project_id, **changed)

    @_guard
    def view_columns(self, project_id: int) -> list[str]:
        """Return the ids of the project's Data Manager columns (`tasks:id`, `tasks:data.title` …)."""
        r = self.sdk._client_wrapper.httpx_client.request("api/dm/columns/", method="GET",
                                                          params={"project": project_id})
        r.raise_for_status()
        return [f"{c.get('target', 'tasks')}:{c['parent'] + '.' if c.get('parent') else ''}{c['id']}"
                for c in r.json().get("columns", []) if not c.get("children")]  # a group is no column

    @_guard
    def ensure_view(self, project_id: int, title: str, data: dict[str, Any]) -> int:
        """Create or update the project's Data Manager tab titled `title`; return its id (other tabs stay).

        Pushes racing on a new project may each create the tab: the lowest id stays, the others go.
        """
        from label_studio_sdk.core.api_error import ApiError

        mine = sorted((v for v in self.sdk.views.list(project=project_id) if (v.data or {}).get("title") == title),
                      key=lambda v: v.id)
        if not mine:
            self.sdk.views.create(project=project_id, data=data, request_options=ONCE)
            mine = sorted((v for v in self.sdk.views.list(project=project_id)
                           if (v.data or {}).get("title") == title), key=lambda v: v.id)
        keep, *extra = mine
        for v in extra:
            with contextlib.suppress(ApiError):  # a racing push removed it first
                self.sdk.views.delete(id=str(v.id))
        if any(keep.data.get(k) != v for k, v in data.items()):
            self.sdk.views.update(id=str(keep.id), project=project_id, data=data)
        return int(keep.id)

    @_guard
    def set_model_version(self, project_id: int, model_version: str) -> None:
        """Make the label stream show the predictions of this model version."""
        self.sdk.projects.update(id=project_id, model_version=model_version)

    @_guard
    def task_index(self, project_id: int) -> tuple[dict[str, TaskInfo], list[TaskInfo]]:
        """Return `doc_id → TaskInfo` from one listing, and the other tasks of doc ids found on several.

        Of several tasks carrying one doc id, the index keeps an annotated one if any, else the lowest
        id, so that concurrent pushes agree on which task is the document's.
        """
        from label_studio_sdk.core.api_error import ApiError

        for attempt in range(READ_RETRIES):
            try:
                return self._task_index(project_id)
            except ApiError as exc:
                # Listing while another push deletes tasks can fail inside Label Studio (HTTP 500 naming a
                # task that just went); a listing changes nothing, so it is simply asked again.
                if exc.status_code != 500 or attempt == READ_RETRIES - 1:
                    raise
                time.sleep(0.5 * (attempt + 1))
        raise AssertionError("unreachable")

    def _task_index(self, project_id: int) -> tuple[dict[str, TaskInfo], list[TaskInfo]]:
        by_doc: dict[str, list[TaskInfo]] = {}
        tasks = self.sdk.tasks.list(
            project=project_id, fields="all", page_size=1000,
            include="id,data,total_annotations,cancelled_annotations,drafts,predictions_model_versions")
        for t in tasks:
            d = t.dict()
            data = d.get("data") or {}
            doc_id = data.get("doc_id")
            if not doc_id:
                continue
            # "a,b" on sqlite, "a, b" on PostgreSQL (Label Studio joins a JSON list there)
            versions = frozenset(v.strip() for v in (d.get("predictions_model_versions") or "").split(",")
                                 if v.strip())
            # A draft is work in progress: such a task is never replaced or removed either.
            annotated = bool(d.get("total_annotations") or d.get("cancelled_annotations") or d.get("drafts"))
            by_doc.setdefault(doc_id, []).append(TaskInfo(d["id"], data.get("text_hash"), annotated, versions))
        index: dict[str, TaskInfo] = {}
        extra: list[TaskInfo] = []
        for doc_id, infos in by_doc.items():
            if len(infos) > 1:  # which of a document's tasks stays rests on the annotations, not a counter
                infos = [i for i in map(self._recheck, infos) if i is not None]
                if not infos:  # every task of the document went meanwhile: it has none
                    continue
            first, *rest = sorted(infos, key=lambda i: (not i.annotated, i.task_id))
            index[doc_id] = first
            extra.extend(rest)
        return index, extra

    def _recheck(self, info: TaskInfo) -> TaskInfo | None:
        """Return the task's info with `annotated` read from its annotations; None if the task is gone
        (a concurrent push removed it since the listing)."""
        from label_studio_sdk.core.api_error import ApiError

        if info.annotated:
            return info
        try:
            return replace(info, annotated=self._has_annotations(info.task_id))
        except ApiError as exc:
            if exc.status_code != 404:
                raise
            return None

    def _has_annotations(self, task_id: int) -> bool:
        """Read whether a task has annotations from the annotations (the task's counters can lag or be lost)."""
        return bool(list(self.sdk.annotations.list(id=task_id)))

    @_guard
    def delete_tasks(self, task_ids: list[int]) -> int:
        """Delete tasks that hold no annotation; return how many this call deleted.

        The task listing's counters can lag behind an annotation saved a moment ago, so each task's
        annotations are read again right before it is deleted: one that has any is left alone.
        """
        from label_studio_sdk.core.api_error import ApiError

        n = 0
        for task_id in task_ids:
            try:
                if self._has_annotations(task_id):
                    log.warning("task %s has annotations after all: kept", task_id)
                    continue
                self.sdk.tasks.delete(id=str(task_id), request_options={"max_retries": 0})
                n += 1
            except ApiError as exc:
                if exc.status_code != 404:  # 404: a concurrent push removed it first
                    raise
        return n

    @_guard
    def import_tasks(self, project_id: int, tasks: list[dict[str, Any]]) -> list[int]:
        """Import tasks with their predictions in one call; return the new task ids."""
        r = self.sdk.projects.import_tasks(id=project_id, request=tasks, return_task_ids=True,
                                           request_options=ONCE)
        return list(r.task_ids or [])

    @_guard
    def import_predictions(self, project_id: int, predictions: list[dict[str, Any]]) -> int:
        """Add predictions (each with `task`) to existing tasks; return how many were created."""
        r = self.sdk.projects.import_predictions(id=project_id, request=predictions, request_options=ONCE)
        return int(getattr(r, "created", 0) or 0)

    @_guard
    def replace_task_data(self, task_id: int, data: dict[str, Any]) -> None:
        """Replace an unannotated task's data and drop its old predictions."""
        for p in self.sdk.predictions.list(task=task_id):
            self.sdk.predictions.delete(id=p.id)
        self.sdk.tasks.update(id=str(task_id), data=data)

    @_guard
    def delete_predictions(self, project_id: int, task_ids: list[int]) -> None:
        """Delete every prediction of these tasks (one data-manager action)."""
        if task_ids:
            self.sdk.actions.create(id="delete_tasks_predictions", project=project_id,
                                    selected_items={"all": False, "included": task_ids},
                                    request_options=ONCE)

    @_guard
    def export_snapshot(self, project_id: int, out: BinaryIO, annotated_only: bool = True,
                        updated_since: datetime | None = None, clean_stale: bool = True,
                        cleanup: Executor | None = None) -> Snapshot:
        """Write a JSON snapshot export with full predictions and annotator emails to `out`, chunk by chunk
        as it downloads (never whole in memory), then delete it on the server.

        `updated_since`: only tasks updated after that server time (annotated or not: a task whose
        annotations were deleted is in it too), through a data-manager view made for the export and
        deleted with it. Exports that killed pulls left behind (same title, older than STALE_EXPORT)
        are deleted first, unless `clean_stale` is False (the caller runs `delete_stale_exports` itself).
        With `cleanup`, the view is deleted there while the export downloads (a failure is logged).
        """
        if clean_stale:
            self._delete_stale_exports(project_id)
        view = None
        if updated_since is not None:
            since = updated_since.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            view = self.sdk.views.create(project=project_id, data={"title": EXPORT_TITLE, "filters": {
                "conjunction": "and", "items": [{"filter": "filter:tasks:updated_at", "operator": "greater",
                                                 "type": "Datetime", "value": since}]}},
                request_options=ONCE)
            filters: dict[str, Any] = {"task_filter_options": {"view": view.id}}
        else:
            filters = {"task_filter_options": {"annotated": "only"}} if annotated_only else {}
        try:
            e = self.sdk.projects.exports.create(
                project_id, title=EXPORT_TITLE, **filters,
                serialization_options={"predictions": {"only_id": False}, "drafts": {"only_id": True},
                                       "annotations__completed_by": {"only_id": False},
                                       "include_annotation_history": False},
                request_options=ONCE)
        finally:
            if view is not None and cleanup is not None:
                cleanup.submit(self.sdk.views.delete, id=view.id).add_done_callback(_log_failure)
            elif view is not None:
                self.sdk.views.delete(id=view.id)
        md5, sha, size = hashlib.md5(), hashlib.sha256(), 0  # noqa: S324 - md5 names the server's file
        try:
            if e.status != "completed":
                raise LabelStudioError(f"export {e.id} of project {project_id} ended as {e.status!r}")
            for chunk in self.sdk.projects.exports.download(project_id, e.id, export_type="JSON",
                                                            request_options=LONG):
                out.write(chunk)
                md5.update(chunk)
                sha.update(chunk)
                size += len(chunk)
            return Snapshot(size, sha.hexdigest(), e.created_at or datetime.now(UTC))
        finally:
            self.sdk.projects.exports.delete(project_id, e.id)
            self._delete_export_file(project_id, e.md5 or (md5.hexdigest() if size else None))

    @_guard
    def annotated_task_count(self, project_id: int) -> int:
        """Return how many tasks hold at least one annotation that is not cancelled (ground truth or not)."""
        query = {"filters": {"conjunction": "and", "items": [{"filter": "filter:tasks:total_annotations",
                                                              "operator": "greater", "type": "Number", "value": 0}]}}
        r = self.sdk._client_wrapper.httpx_client.request(  # the data manager's count: one request, no listing
            "api/tasks/", method="GET", params={"project": project_id, "page_size": 1, "fields": "task_only",
                                                "query": json.dumps(query)})
        if r.status_code in (401, 403):
            raise LabelStudioAuthError(f"Label Studio at {self.url} refused the API key (HTTP {r.status_code})")
        if r.status_code != 200:
            raise LabelStudioError(f"Label Studio at {self.url} answered HTTP {r.status_code} to a task count")
        return int(r.json()["total"])

    def _delete_export_file(self, project_id: int, md5: str | None) -> None:
        """Delete an export's file from the embedded server's media folder.

        Label Studio 1.23 keeps the file when its export is deleted (the flag that would remove it is
        forced off), so a pull removes it itself where it can: on the embedded server, whose folder it
        knows. On another server the file stays in its `media/export/` (see README, "Pull").
        """
        if self.media_dir is None or not md5:
            return
        for f in (self.media_dir / "export" / str(project_id)).glob(f"project-{project_id}-at-*-{md5[:8]}.json"):
            f.unlink(missing_ok=True)


    @_guard
    def delete_stale_exports(self, project_id: int) -> None:
        """Delete the exports that killed pulls left behind (titled EXPORT_TITLE, older than STALE_EXPORT)."""
        self._delete_stale_exports(project_id)

    def _delete_stale_exports(self, project_id: int) -> None:
        cutoff = datetime.now(UTC) - STALE_EXPORT
        for e in self.sdk.projects.exports.list(project_id):
            created = e.created_at and (e.created_at if e.created_at.tzinfo else e.created_at.replace(tzinfo=UTC))
            if e.title == EXPORT_TITLE and created and created < cutoff:
                log.info("deleting export %s of project %s left by an interrupted pull", e.id, project_id)
                self.sdk.projects.exports.delete(project_id, e.id)
                self._delete_export_file(project_id, e.md5)


def connect(url: str | None = None, api_key: str | None = None, data_dir: Path | None = None) -> LSClient:
    """Return a client for a server that answers and accepts the key (else exit-1 errors)."""
    url, api_key = resolve_credentials(url, api_key, data_dir)
    client = LSClient(url, api_key, media_dir=embedded_media_dir(url, data_dir))
    client.whoami()
    return client


def embedded_media_dir(url: str, data_dir: Path | None = None) -> Path | None:
    """Return the embedded server's media folder if `url` is the embedded server, else None."""
    from curate.server import default_data_dir, read_credentials

    creds = read_credentials(data_dir)
    if creds is None or creds.url.rstrip("/") != url.rstrip("/"):
        return None
    return (data_dir or default_data_dir()) / "media"


def leftover_title(title: str, project_id: int) -> str:
    """The title a racing push gives the empty project it created when another push's project won."""
    suffix = f" (unused {project_id})"
    return title[:50 - len(suffix)] + suffix


def _log_failure(done: Future) -> None:
    if done.exception() is not None:
        log.warning("Label Studio: a clean-up request failed (%s)", done.exception())


def _squash(value: Any) -> Any:
    return "".join(value.split()) if isinstance(value, str) else value


def chunks(items: list[T], size: int) -> Iterable[list[T]]:
    """Yield consecutive slices of at most `size` items."""
    for i in range(0, len(items), size):
        yield items[i:i + size]
