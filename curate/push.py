"""Push stage: annotated documents → Label Studio tasks with rule predictions, idempotently.

Takes annotated `Document`s and a connected `LSClient`; plans against the project's current tasks
(keyed by doc id and text hash), then creates tasks and adds predictions in batches.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from curate.errors import BadInputError, Problem
from curate.label_config import CONFIG_LABELS, build_label_config
from curate.lsclient import LSClient, TaskInfo, chunks
from curate.model import label_set_hash
from curate.records import Document, text_hash
from curate.schema import ARG_LABEL
from curate.tasks import task_from_document, validate_task
from curate.workbench import check_overlap, setup_project

log = logging.getLogger(__name__)
BATCH = 500  # tasks per import request: Label Studio bulk-creates in batches of 500 (IMPORT_BATCH_SIZE)


@dataclass
class PushPlan:
    """What a push will do, per document (task payloads are built batch by batch when sent)."""

    create: list[Document] = field(default_factory=list)
    add_predictions: list[tuple[int, Document]] = field(default_factory=list)
    replace: list[tuple[int, Document]] = field(default_factory=list)
    replace_predictions: list[tuple[int, Document]] = field(default_factory=list)
    skip: list[str] = field(default_factory=list)
    conflict: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Return how many documents fall in each category."""
        return {"create": len(self.create), "add_predictions": len(self.add_predictions),
                "replace": len(self.replace), "replace_predictions": len(self.replace_predictions),
                "skip": len(self.skip), "conflict": len(self.conflict),
                "invalid": len(self.invalid)}


@dataclass
class PushResult:
    """What a push did."""

    project: str
    project_id: int
    model_version: str
    plan: PushPlan
    created_tasks: int = 0
    added_predictions: int = 0
    replaced_tasks: int = 0
    removed_duplicates: int = 0
    repeated_before: int = 0  # tasks that repeated a doc_id before this push (older versions, other tools)
    replaced_predictions: int = 0
    dry_run: bool = False
    created_ids: list[int] = field(default_factory=list, repr=False)

    def summary_lines(self) -> list[str]:
        """Return a human summary, one line per fact."""
        c = self.plan.counts()
        verb = "would" if self.dry_run else "did"
        lines = [f"project {self.project!r} (id {self.project_id}), model version {self.model_version}",
                 f"plan: create {c['create']}, add predictions {c['add_predictions']}, replace "
                 f"{c['replace']}, replace predictions {c['replace_predictions']}, skip {c['skip']}, conflict {c['conflict']}, invalid {c['invalid']}"]
        if not self.dry_run:
            lines.append(f"{verb}: created {self.created_tasks} tasks, added {self.added_predictions} "
                         f"predictions, replaced {self.replaced_tasks} tasks and the predictions of "
                         f"{self.replaced_predictions}")
            if self.repeated_before:
                lines.append(f"warning: {self.repeated_before} tasks repeat a doc_id of another task (left by an "
                             "older curate or another tool); the annotated or oldest task of each document is "
                             f"used. `curate repair --project {self.project!r}` removes the unannotated repeats")
            if self.removed_duplicates:
                lines.append(f"removed {self.removed_duplicates} unannotated duplicate tasks (another push of "
                             "the same documents ran at the same time); one task per document remains")
        return lines


def plan_push(docs: Iterable[Document], index: dict[str, TaskInfo], model_version: str,
              replace_unannotated: bool = False,
              on_problem: Callable[[Problem], None] | None = None) -> PushPlan:
    """Decide, per document, whether to create, add a prediction, replace, skip or report it."""
    plan = PushPlan()
    report = on_problem or (lambda p: None)
    seen: set[str] = set()
    for doc in docs:
        if doc.id in seen:
            report(Problem(doc.id, None, "document id appears twice in the input", "keep one"))
            plan.invalid.append(doc.id)
            continue
        seen.add(doc.id)
        # Validated here, built again when sent: holding every payload would double the memory.
        problems = validate_task(task_from_document(doc, model_version))
        if problems:
            for p in problems:
                report(Problem(doc.id, None, f"not pushed: {p}", "fix the annotation or the rule"))
            plan.invalid.append(doc.id)
            continue
        info = index.get(doc.id)
        if info is None:
            plan.create.append(doc)
        elif info.text_hash != text_hash(doc.text):
            if replace_unannotated and not info.annotated:
                plan.replace.append((info.task_id, doc))
            else:
                why = ("it is annotated and is never modified" if info.annotated
                       else "pass --replace-unannotated to replace it")
                report(Problem(doc.id, None, f"text changed since task {info.task_id} was pushed; {why}"))
                plan.conflict.append(doc.id)
        elif info.annotated or model_version in info.model_versions or not doc.annotated:
            plan.skip.append(doc.id)
        elif replace_unannotated and info.model_versions:
            plan.replace_predictions.append((info.task_id, doc))
        else:
            plan.add_predictions.append((info.task_id, doc))
    return plan


TITLE_LENGTH = (3, 50)  # Label Studio's PROJECT_TITLE_MIN_LEN / PROJECT_TITLE_MAX_LEN


def check_project_title(title: str) -> None:
    """Refuse a title Label Studio would refuse, before anything is sent."""
    low, high = TITLE_LENGTH
    if not low <= len(title.strip()) <= high or title != title.strip():
        raise BadInputError(f"project title {title!r}: Label Studio takes titles of {low} to {high} characters "
                            "without leading or trailing spaces; choose another --project")


def check_model_labels(docs: Iterable[Document]) -> list[Document]:
    """Refuse documents annotated by a model trained on another label set than the project's config."""
    docs = list(docs)
    ours = label_set_hash(label for label in CONFIG_LABELS if label != ARG_LABEL)
    for doc in docs:
        model = doc.meta.get("model")
        if isinstance(model, dict) and model.get("labels") != ours:
            raise BadInputError(
                f"document {doc.id!r} was annotated by {model.get('version')}, trained on label set "
                f"{model.get('labels')!r}, not this project's {ours!r}: nothing pushed; train the model again "
                "(`curate train`) and annotate with it")
    return docs


def prediction_version(docs: Iterable[Document], given: str | None = None) -> str:
    """Return the model version to push predictions under: `given`, else the one the records carry.

    Records carry `meta.model_version` (annotated with a model) or `meta.ruleset_version`; records of
    several versions are refused, records of none get the current rule set's version.
    """
    if given:
        return given
    found = {str(d.meta.get("model_version") or d.meta["ruleset_version"]) for d in docs
             if d.meta.get("model_version") or d.meta.get("ruleset_version")}
    if len(found) > 1:
        raise BadInputError(f"records come from several rule-set or model versions ({', '.join(sorted(found))}): "
                            "push them separately or pass --model-version")
    if found:
        return found.pop()
    from curate.rules.registry import ruleset_version

    return ruleset_version()


def push_documents(client: LSClient, docs: Iterable[Document], project: str, model_version: str, *,
                   replace_unannotated: bool = False, dry_run: bool = False,
                   on_problem: Callable[[Problem], None] | None = None,
                   on_progress: Callable[[int], None] | None = None,
                   overlap: int | None = None, overlap_share: int | None = None) -> PushResult:
    """Push documents to the project (created if missing); re-running it creates nothing twice.

    Safe when several pushes run at once: on one machine they take turns (a lock per server and
    project); pushes from other machines are reconciled after the fact (`settle_tasks`). The project
    gets the annotators' workbench (`curate.workbench`): instructions, least-confident-first, overlap.
    """
    check_project_title(project)
    check_overlap(overlap, overlap_share)
    docs = check_model_labels(docs)
    config = build_label_config()
    if dry_run:
        existing = client.find_project(project)
        pid = existing.id if existing else 0
        index = client.task_index(pid)[0] if existing else {}
        return PushResult(project, pid, model_version, plan_push(docs, index, model_version, replace_unannotated,
                                                                 on_problem), dry_run=True)
    with project_lock(client.url, project):
        proj, _ = client.ensure_project(project, config)
        pid = proj.id
        # The index is rebuilt from the server on every run: an interrupted push resumes cleanly.
        index, extra = client.task_index(pid)
        plan = plan_push(docs, index, model_version, replace_unannotated, on_problem)
        result = PushResult(project, pid, model_version, plan, repeated_before=len(extra))
        _send(client, pid, plan, model_version, result, on_progress or (lambda n: None))
        if result.created_tasks or result.replaced_tasks:
            # Another machine may have pushed the same documents meanwhile: keep one task per document.
            # Each push removes only repeats it created itself, so no task is removed (or counted) twice.
            settled = settle_tasks(client, pid, [*plan.create, *(d for _, d in plan.replace)], model_version,
                                   own=set(result.created_ids))
            result.removed_duplicates = settled.removed
            result.added_predictions += settled.added_predictions
        client.set_model_version(pid, model_version)
        setup_project(client, pid, overlap, overlap_share)
        # Last, so no racer's empty project is left titled after every push has ended (LSClient.ensure_project).
        if len(client.move_aside_leftovers(project, keep=pid)) > 1:
            client.find_project(project)  # raises: several projects with this title hold tasks
    log.info("pushed to %s: %s", project, plan.counts())
    return result


def _send(client: LSClient, pid: int, plan: PushPlan, model_version: str, result: PushResult,
          tick: Callable[[int], None]) -> None:
    for batch in chunks(plan.create, BATCH):
        ids = client.import_tasks(pid, [task_from_document(d, model_version) for d in batch])
        result.created_ids.extend(ids)
        result.created_tasks += len(ids)
        tick(len(batch))
    for pbatch in chunks(plan.add_predictions, BATCH):
        preds = [dict(task_from_document(d, model_version)["predictions"][0], task=task_id) for task_id, d in pbatch]
        result.added_predictions += client.import_predictions(pid, preds)
        tick(len(pbatch))
    for pbatch in chunks(plan.replace_predictions, BATCH):
        # Nobody annotated these tasks yet: the new model version's prediction replaces the old ones.
        client.delete_predictions(pid, [task_id for task_id, _ in pbatch])
        preds = [dict(task_from_document(d, model_version)["predictions"][0], task=task_id) for task_id, d in pbatch]
        client.import_predictions(pid, preds)
        result.replaced_predictions += len(pbatch)
        tick(len(pbatch))
    for task_id, doc in plan.replace:
        task = task_from_document(doc, model_version)
        client.replace_task_data(task_id, task["data"])
        if task.get("predictions"):
            client.import_predictions(pid, [dict(task["predictions"][0], task=task_id)])
        result.replaced_tasks += 1
        tick(1)


@dataclass
class Settled:
    """What reconciling a project's tasks did."""

    removed: int = 0
    annotated_repeats: int = 0  # repeats people already annotated: kept, never deleted
    added_predictions: int = 0


def settle_tasks(client: LSClient, pid: int, docs: Iterable[Document] = (), model_version: str | None = None,
                 dry_run: bool = False, own: set[int] | None = None) -> Settled:
    """Keep one task per doc_id (the annotated one, else the oldest) and delete unannotated repeats (only
    those in `own`, when given); then give `docs` whose task lacks this model version's prediction one.
    Annotated tasks are never touched."""
    index, extra = client.task_index(pid)
    doomed = [t.task_id for t in extra if not t.annotated and (own is None or t.task_id in own)]
    out = Settled(annotated_repeats=sum(t.annotated for t in extra))
    if dry_run:
        out.removed = len(doomed)
        return out
    out.removed = client.delete_tasks(doomed)
    if model_version:
        missing = [(info.task_id, d) for d in docs if d.annotated and (info := index.get(d.id)) is not None
                   and not info.annotated and model_version not in info.model_versions]
        for batch in chunks(missing, BATCH):
            preds = [dict(task_from_document(d, model_version)["predictions"][0], task=task_id)
                     for task_id, d in batch]
            out.added_predictions += client.import_predictions(pid, preds)
    return out


def repair_project(client: LSClient, project: str, dry_run: bool = False) -> Settled:
    """Remove the unannotated repeated tasks of each document in a project (`settle_tasks` on all of them)."""
    found = client.find_project(project)
    if found is None:
        raise BadInputError(f"no project titled {project!r} on {client.url}: check --project")
    with project_lock(client.url, project):
        return settle_tasks(client, found.id, dry_run=dry_run)


@contextlib.contextmanager
def project_lock(url: str, project: str) -> Iterator[None]:
    """Hold an exclusive lock for pushes to this server and project from this machine."""
    from platformdirs import user_cache_dir

    folder = Path(user_cache_dir("curate")) / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha256(f"{url.rstrip('/')}\n{project}".encode()).hexdigest()[:24]
    with open(folder / f"push-{name}.lock", "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
