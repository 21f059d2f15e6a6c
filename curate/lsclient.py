"""Label Studio edge: the only module that imports `label_studio_sdk`.

Takes a URL and API key (options, env, or the embedded server's stored credentials); gives a small
client for projects, the task index, imports, model versions and snapshot exports, with connection
and auth failures mapped to `LabelStudioUnavailableError` / `LabelStudioAuthError`.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import httpx

from curate.errors import LabelStudioAuthError, LabelStudioError, LabelStudioUnavailableError

log = logging.getLogger(__name__)
T = TypeVar("T")

URL_ENV, KEY_ENV = "LABEL_STUDIO_URL", "LABEL_STUDIO_API_KEY"
# Imports and creates are not idempotent: the SDK would retry them on 5xx/409 and duplicate tasks.
ONCE = {"max_retries": 0, "timeout_in_seconds": 3600}
LONG = {"timeout_in_seconds": 3600}


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

    def __init__(self, url: str, api_key: str, timeout: float = 600) -> None:
        from label_studio_sdk import LabelStudio

        self.url = url.rstrip("/")
        # Typed as Any: the SDK accepts the plain dicts we send, and its generated types add nothing here.
        self.sdk: Any = LabelStudio(base_url=self.url, api_key=api_key, timeout=timeout)

    @_guard
    def whoami(self) -> str:
        """Return the email of the key's user (checks the server answers and accepts the key)."""
        return self.sdk.users.whoami(request_options={"max_retries": 0}).email or ""

    @_guard
    def find_project(self, title: str) -> Any | None:
        """Return the project with exactly this title, or None."""
        found = [p for p in self.sdk.projects.list(title=title, page_size=100) if p.title == title]
        if len(found) > 1:
            raise LabelStudioError(f"{len(found)} projects are titled {title!r}: rename all but one")
        return self.sdk.projects.get(id=found[0].id) if found else None

    @_guard
    def ensure_project(self, title: str, label_config: str) -> tuple[Any, bool]:
        """Return the project titled `title` with this config, creating it if needed."""
        project = self.find_project(title)
        if project is None:
            return self.sdk.projects.create(title=title, label_config=label_config,
                                            request_options={"max_retries": 0}), True
        if (project.label_config or "").strip() != label_config.strip():
            project = self.sdk.projects.update(id=project.id, label_config=label_config)
        return project, False

    @_guard
    def set_model_version(self, project_id: int, model_version: str) -> None:
        """Make the label stream show the predictions of this model version."""
        self.sdk.projects.update(id=project_id, model_version=model_version)

    @_guard
    def task_index(self, project_id: int) -> tuple[dict[str, TaskInfo], list[str]]:
        """Return `doc_id → TaskInfo` from one listing, and doc ids found on several tasks."""
        index: dict[str, TaskInfo] = {}
        duplicates: list[str] = []
        tasks = self.sdk.tasks.list(
            project=project_id, fields="all", page_size=1000,
            include="id,data,total_annotations,cancelled_annotations,predictions_model_versions")
        for t in tasks:
            d = t.dict()
            data = d.get("data") or {}
            doc_id = data.get("doc_id")
            if not doc_id:
                continue
            if doc_id in index:
                duplicates.append(doc_id)
                continue
            versions = frozenset(v for v in (d.get("predictions_model_versions") or "").split(",") if v)
            annotated = bool(d.get("total_annotations") or d.get("cancelled_annotations"))
            index[doc_id] = TaskInfo(d["id"], data.get("text_hash"), annotated, versions)
        return index, duplicates

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
    def export_snapshot(self, project_id: int, annotated_only: bool = True) -> bytes:
        """Return a JSON snapshot export with full predictions and annotator emails (then delete it)."""
        filters = {"task_filter_options": {"annotated": "only"}} if annotated_only else {}
        e = self.sdk.projects.exports.create(
            project_id, title="curate pull", **filters,
            serialization_options={"predictions": {"only_id": False}, "drafts": {"only_id": True},
                                   "annotations__completed_by": {"only_id": False},
                                   "include_annotation_history": False},
            request_options=ONCE)
        try:
            if e.status != "completed":
                raise LabelStudioError(f"export {e.id} of project {project_id} ended as {e.status!r}")
            return b"".join(self.sdk.projects.exports.download(project_id, e.id, export_type="JSON",
                                                               request_options=LONG))
        finally:
            self.sdk.projects.exports.delete(project_id, e.id)


def connect(url: str | None = None, api_key: str | None = None, data_dir: Path | None = None) -> LSClient:
    """Return a client for a server that answers and accepts the key (else exit-1 errors)."""
    url, api_key = resolve_credentials(url, api_key, data_dir)
    client = LSClient(url, api_key)
    client.whoami()
    return client


def chunks(items: list[T], size: int) -> Iterable[list[T]]:
    """Yield consecutive slices of at most `size` items."""
    for i in range(0, len(items), size):
        yield items[i:i + size]
