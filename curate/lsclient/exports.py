"""Label Studio edge, exports: snapshot exports streamed to a file (what a pull reads), cleaned up on the
server after, and the annotated task count."""

from __future__ import annotations

import hashlib
import json
import logging
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, BinaryIO

from curate.errors import LabelStudioAuthError, LabelStudioError
from curate.lsclient.connection import LONG, ONCE, Connection, guard

log = logging.getLogger(__name__)
EXPORT_TITLE = "curate pull"
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



class Exports(Connection):
    """Snapshot exports."""

    @guard
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

    @guard
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

    @guard
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


def _log_failure(done: Future[Any]) -> None:
    if done.exception() is not None:
        log.warning("Label Studio: a clean-up request failed (%s)", done.exception())
