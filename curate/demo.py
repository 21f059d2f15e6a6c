"""The whole loop on the bundled sample: embedded server, ingest, annotate, silver version, push.

Idempotent: a second run reuses the server, writes no new version and creates no task.
The library reports steps through a callback; only the CLI prints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from curate.errors import Problem

SAMPLES = Path(__file__).resolve().parent / "samples"
DEMO_PROJECT = "curate-demo"


@dataclass
class DemoResult:
    """What the demo did, for the closing message."""

    url: str = ""
    email: str = ""
    password: str = ""
    server_started: bool = False
    documents: int = 0
    entities: int = 0
    events: int = 0
    silver_version: Path | None = None
    silver_root: Path | None = None
    silver_latest: Path | None = None  # the version written, else the one already there
    push_lines: list[str] = field(default_factory=list)
    created_tasks: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def changed_anything(self) -> bool:
        return self.server_started or self.silver_version is not None or self.created_tasks > 0


def run_demo(workdir: Path, exports: Path, project: str = DEMO_PROJECT, data_dir: Path | None = None,
             port: int | None = None, step: Callable[[str], None] = lambda _: None) -> DemoResult:
    """Run server → ingest → annotate → silver version → push on the bundled pages."""
    from curate.annotate import annotate_documents
    from curate.dataset.reader import list_versions
    from curate.dataset.version import write_version
    from curate.ingest import ingest_paths
    from curate.jsonl import write_jsonl
    from curate.lsclient import connect
    from curate.push import push_documents
    from curate.rules.registry import ruleset_version
    from curate.server import DEFAULT_PORT, server_status, start_server

    result = DemoResult()
    workdir.mkdir(parents=True, exist_ok=True)

    running, up = server_status(data_dir)
    step(f"reusing the embedded Label Studio at {running.url}" if running and up else
         "starting the embedded Label Studio (the first start migrates its database: about a minute)")
    creds, result.server_started = start_server(data_dir, port or DEFAULT_PORT)
    result.url, result.email, result.password = creds.url, creds.email, creds.password

    step(f"cleaning the {len(list(SAMPLES.glob('*.txt')))} bundled pages")
    report = ingest_paths([SAMPLES], on_problem=result.problems.append)
    docs = list(report.documents)
    write_jsonl((d.to_dict() for d in docs), workdir / "docs.jsonl")

    version = ruleset_version()
    step(f"pre-annotating with the weak rules ({version})")
    annotated = list(annotate_documents(docs))
    write_jsonl((d.to_dict() for d in annotated), workdir / "annotated.jsonl")
    result.documents = len(annotated)
    result.entities = sum(len(d.entities or ()) for d in annotated)
    result.events = sum(len(d.events or ()) for d in annotated)

    step("building the silver dataset version (rules only, no people yet)")
    result.silver_root = exports / f"{project}-silver"
    result.silver_version = write_version(annotated, result.silver_root, kind="silver",
                                          ruleset_version=version)
    result.silver_latest = (result.silver_version
                            or result.silver_root / list_versions(result.silver_root)[-1]["version"])

    step(f"pushing to Label Studio project {project!r}")
    client = connect(creds.url, creds.api_key)
    pushed = push_documents(client, annotated, project, version, on_problem=result.problems.append)
    result.push_lines = pushed.summary_lines()
    result.created_tasks = pushed.created_tasks
    return result
