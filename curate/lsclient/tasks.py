"""Label Studio edge, tasks: the task index push plans from, imports of tasks and predictions, and deletes
that never touch an annotated task."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from curate.lsclient.connection import ONCE, READ_RETRIES, Connection, guard

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class TaskInfo:
    """What push needs to know about a task already in the project."""

    task_id: int
    text_hash: str | None
    annotated: bool
    model_versions: frozenset[str]



class Tasks(Connection):
    """Tasks and their predictions."""

    @guard
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

    @guard
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

    @guard
    def import_tasks(self, project_id: int, tasks: list[dict[str, Any]]) -> list[int]:
        """Import tasks with their predictions in one call; return the new task ids."""
        r = self.sdk.projects.import_tasks(id=project_id, request=tasks, return_task_ids=True,
                                           request_options=ONCE)
        return list(r.task_ids or [])

    @guard
    def import_predictions(self, project_id: int, predictions: list[dict[str, Any]]) -> int:
        """Add predictions (each with `task`) to existing tasks; return how many were created."""
        r = self.sdk.projects.import_predictions(id=project_id, request=predictions, request_options=ONCE)
        return int(getattr(r, "created", 0) or 0)

    @guard
    def replace_task_data(self, task_id: int, data: dict[str, Any]) -> None:
        """Replace an unannotated task's data and drop its old predictions."""
        for p in self.sdk.predictions.list(task=task_id):
            self.sdk.predictions.delete(id=p.id)
        self.sdk.tasks.update(id=str(task_id), data=data)

    @guard
    def delete_predictions(self, project_id: int, task_ids: list[int]) -> None:
        """Delete every prediction of these tasks (one data-manager action)."""
        if task_ids:
            self.sdk.actions.create(id="delete_tasks_predictions", project=project_id,
                                    selected_items={"all": False, "included": task_ids},
                                    request_options=ONCE)


def chunks(items: list[T], size: int) -> Iterable[list[T]]:
    """Yield consecutive slices of at most `size` items."""
    for i in range(0, len(items), size):
        yield items[i:i + size]
