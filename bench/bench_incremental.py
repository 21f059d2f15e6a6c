"""Benchmark: an incremental `curate pull` after 10 annotations change, against the raw snapshot export.

A project of N tasks (N/10 annotated, imported with their annotations) is pulled once in full (v1).
`--changed` annotations are then edited; then, in the same run:
the raw snapshot export of the annotated tasks (what a full pull costs before parsing), the
incremental pull (v2), and a full pull into another folder, whose version must be identical.
Starts its own Label Studio (sqlite, development server) unless --url/--api-key are given.
Run: .venv/bin/python bench/bench_incremental.py [--tasks 10000] [--changed 10]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_pull_build import corrected  # noqa: E402
from common import emit, timed  # noqa: E402
from lsbench import MODEL_VERSION, label_studio, load, server_figures  # noqa: E402


def main() -> None:
    from synth import synth_documents

    from curate.dataset.reader import list_versions
    from curate.label_config import build_label_config
    from curate.lsclient import ONCE, connect
    from curate.pull import INCREMENTAL_SLACK, pull_project
    from curate.tasks import task_from_document

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000, help="tasks in the project (default 10,000)")
    parser.add_argument("--changed", type=int, default=10, help="annotations edited before the pull (default 10)")
    parser.add_argument("--url", help="use this running Label Studio instead of starting one")
    parser.add_argument("--api-key", help="its API key")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="curate-bench-inc-"))
    try:
        with label_studio(args.url, args.api_key) as (url, key, start_seconds):
            load_before = load()
            client = connect(url, key)
            title = f"bench-inc-{uuid.uuid4().hex[:8]}"
            pid = client.sdk.projects.create(title=title, label_config=build_label_config()).id
            tasks = [task_from_document(d, MODEL_VERSION) for d in synth_documents(args.tasks)]
            for task in tasks[:args.tasks // 10]:
                task["annotations"] = [{"result": corrected(task["predictions"][0]["result"])}]
            for i in range(0, len(tasks), 500):
                client.sdk.projects.import_tasks(id=pid, request=tasks[i:i + 500], request_options=ONCE)
            client.set_model_version(pid, MODEL_VERSION)
            # Tasks updated within the slack before v1's export are asked for again by the next pull, so
            # let the import age past it first (a real project's v1 comes long after its import).
            time.sleep(INCREMENTAL_SLACK.total_seconds() + 5)
            full_first, first = timed(lambda: pull_project(client, title, tmp / "inc"))
            annotated = [t for t in client.sdk.tasks.list(project=pid, fields="all", page_size=1000)
                         if t.total_annotations][:args.changed]
            for t in annotated:
                ann = t.dict()["annotations"][0]
                client.sdk.annotations.update(id=ann["id"], result=ann["result"][:-1])
            with tempfile.TemporaryFile() as out:  # saved to disk, as pull saves it
                raw_s, snap = timed(lambda: client.export_snapshot(pid, out))
            inc_s, inc = timed(lambda: pull_project(client, title, tmp / "inc"))
            full_s, full = timed(lambda: pull_project(client, title, tmp / "full", full=True))
            same = (list_versions(tmp / "inc")[-1]["documents"] == list_versions(tmp / "full")[-1]["documents"])
            load_after = load()
            if not args.url:
                client.sdk.projects.delete(id=pid)
        figures: dict[str, object] = {
            "tasks / annotated / edited": f"{args.tasks} / {args.tasks // 10} / {len(annotated)}",
            "first pull (full, v1) seconds": round(full_first, 2),
            "raw snapshot export seconds (baseline)": round(raw_s, 2),
            "incremental pull (v2) seconds": round(inc_s, 2),
            "incremental pull mode": inc.mode,
            "ratio raw export / incremental pull (speed-up)": round(raw_s / inc_s, 2),
            "full pull (--full) seconds": round(full_s, 2),
            "incremental version == full version": same,
            "raw export MB": round(snap.size / 1e6, 1),
            "v1 documents": first.documents,
        }
        figures.update(server_figures(args.url, start_seconds, load_before, load_after))
        emit("incremental pull", figures)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
