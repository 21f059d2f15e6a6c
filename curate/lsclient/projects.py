"""Label Studio edge, projects: find or create a project safely under racing pushes, its labeling config
(never dropping a label in use), settings, Data Manager tabs and model version."""

from __future__ import annotations

import contextlib
import logging
import time
from typing import Any

from curate.errors import BadInputError, LabelStudioError
from curate.lsclient.connection import ONCE, Connection, guard

log = logging.getLogger(__name__)
SETTLE = 1.0  # seconds a new project's listing is given before racing pushes agree on it (`_settled_project`)


class Projects(Connection):
    """Projects and their settings."""

    @guard
    def find_project(self, title: str, include: str | None = None) -> Any | None:
        """Return the project with exactly this title, or None; `include` names the fields to ask for
        (e.g. "id,title,model_version,task_number": Label Studio then counts nothing else).

        Label Studio has no unique titles: two pushes racing on a new title can each create one. The
        project with the lowest id is the title's project; the others are racers' leftovers, which pushes
        rename out of the way (`move_aside_leftovers`). Several titled projects that hold tasks are an
        error.
        """
        found = self._titled(title, include)
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

    def _titled(self, title: str, include: str | None = None) -> list[Any]:
        """The projects titled exactly `title`, lowest id first (Label Studio's filter is `icontains`)."""
        pager = self.sdk.projects.list(title=title, page_size=100, include=include)
        listed = pager.items if pager.response.next is None else pager  # one page: no request for page 2
        return sorted((p for p in listed or () if p.title == title), key=lambda p: p.id)

    @guard
    def ensure_project(self, title: str, label_config: str) -> tuple[Any, bool]:
        """Return the project titled `title` with this config, creating it if needed (safe under races)."""
        project = self._settled_project(title)
        created_here = False
        if project is None:
            created = self.sdk.projects.create(title=title, label_config=label_config,
                                               request_options={"max_retries": 0})
            project = self._settled_project(title) or created
            created_here = project.id == created.id
            if not created_here:
                log.info("project %r was created concurrently; using id %s", title, project.id)
        # Every push moves the racers' empty projects out of the title's way, its own included; a racer
        # that has not got to it yet (or never does) leaves no second titled project behind.
        staying = self.move_aside_leftovers(title, keep=project.id)
        if len(staying) > 1:  # a racer already filled another one: use the one with tasks (an error if both have)
            log.warning("projects titled %r: %s were created at once", title, ", ".join(map(str, staying)))
            project = self.find_project(title) or project
            created_here = False
        if created_here:
            return project, True
        if (project.label_config or "").strip() != label_config.strip():
            project = self._update_config(project.id, title, label_config)
        return project, False

    @guard
    def move_aside_leftovers(self, title: str, keep: int) -> list[int]:
        """Rename every empty project titled `title` except `keep` to `leftover_title`; return the ids of
        the titled projects that stay (`keep` and any that hold tasks).

        Renamed, not deleted: Label Studio (1.23) deletes a project with every model signal of the server
        process switched off, so a delete running beside another request loses that request's counters,
        and two overlapping deletes leave the signals off until the server restarts (annotation counts and
        label summaries stop updating). A project's task count is read again right before its rename; one
        that holds tasks stays (`find_project` reports two titled projects with tasks).
        """
        titled = self._titled(title, include="id,title,task_number")
        if all(p.id != keep for p in titled):
            raise LabelStudioError(f"project {keep} was chosen for {title!r}, but a push racing on that title "
                                   "has renamed it (the two took different projects): run the push again, "
                                   "it sends only what the project lacks")
        staying = []
        for p in titled:
            if p.id == keep or (p.task_number or 0) > 0 or self.sdk.projects.get(id=p.id).task_number:
                staying.append(p.id)
                continue
            self.sdk.projects.update(id=p.id, title=leftover_title(title, p.id),
                                     description=f"Empty: created by a push that raced on {title!r} "
                                                 f"(project {keep}). Safe to delete.")
            log.info("project %s titled %r was a racing push's empty leftover: renamed", p.id, title)
        return staying

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

    @guard
    def update_project(self, project_id: int, fields: dict[str, Any]) -> None:
        """Set the project fields that differ (instructions, sampling, overlap …); leaves tasks and annotations alone."""
        current = self.sdk.projects.get(id=project_id)
        # Label Studio stores the instructions sanitised: compare without whitespace between tags.
        changed = {k: v for k, v in fields.items() if _squash(getattr(current, k, None)) != _squash(v)}
        if changed:
            self.sdk.projects.update(id=project_id, **changed)

    @guard
    def view_columns(self, project_id: int) -> list[str]:
        """Return the ids of the project's Data Manager columns (`tasks:id`, `tasks:data.title` …)."""
        r = self.sdk._client_wrapper.httpx_client.request("api/dm/columns/", method="GET",
                                                          params={"project": project_id})
        r.raise_for_status()
        return [f"{c.get('target', 'tasks')}:{c['parent'] + '.' if c.get('parent') else ''}{c['id']}"
                for c in r.json().get("columns", []) if not c.get("children")]  # a group is no column

    @guard
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

    @guard
    def set_model_version(self, project_id: int, model_version: str) -> None:
        """Make the label stream show the predictions of this model version."""
        self.sdk.projects.update(id=project_id, model_version=model_version)


def leftover_title(title: str, project_id: int) -> str:
    """The title a racing push gives the empty project it created when another push's project won."""
    suffix = f" (unused {project_id})"
    return title[:50 - len(suffix)] + suffix


def _squash(value: Any) -> Any:
    return "".join(value.split()) if isinstance(value, str) else value
