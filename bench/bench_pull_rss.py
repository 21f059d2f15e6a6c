"""Benchmark: peak memory of pull's parse + build at N/scale and N annotated tasks (no server needed).

A synthetic Label Studio JSON export of N annotated tasks (each with the rules' prediction and an
annotator's correction of it, as `bench_pull_build.py` imports them) is written to disk; a fresh
process then runs what `curate pull` runs after the export is saved, `pull_saved_export` (ijson stream
→ records file and v1, in one pass as the tasks are in task order). Baseline: the same fresh process
importing those modules and reading the export file, nothing more.
Run: .venv/bin/python bench/bench_pull_rss.py [--tasks 10000] [--scale 10]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_pull_build import corrected  # noqa: E402
from common import emit, peak_rss_mb  # noqa: E402
from lsbench import MODEL_VERSION  # noqa: E402

ANNOTATOR = {"id": 1, "email": "annotator@example.com"}


def write_export(path: Path, n: int, seed: int = 0) -> int:
    """Write a Label Studio-shaped JSON export of n annotated tasks, one task at a time; return its bytes."""
    from synth import synth_documents

    from curate.tasks import task_from_document

    with path.open("w", encoding="utf-8") as out:
        out.write("[")
        for i, doc in enumerate(synth_documents(n, seed=seed), 1):
            task = task_from_document(doc, MODEL_VERSION)
            pred = {**task["predictions"][0], "id": i, "task": i}
            stamp = "2026-12-01T00:00:00.000000Z"
            task.update(id=i, project=1, predictions=[pred], annotations=[{
                "id": i, "completed_by": ANNOTATOR, "result": corrected(pred["result"]), "was_cancelled": False,
                "ground_truth": False, "created_at": stamp, "updated_at": stamp, "lead_time": 42.0,
                "parent_prediction": i, "task": i}])
            out.write(("," if i > 1 else "") + json.dumps(task, ensure_ascii=False))
        out.write("]")
    return path.stat().st_size


PULL = """
import sys, time
from pathlib import Path
from curate.pull import Origin, pull_saved_export
raw, out = Path(sys.argv[1]), Path(sys.argv[2])
out.mkdir(parents=True)
t0 = time.perf_counter()
summary = pull_saved_export(raw, Origin("bench", 1, sys.argv[3]), out)
assert summary.version is not None and summary.problems == 0, summary.summary_lines()
print("SECONDS", time.perf_counter() - t0, summary.documents)
"""

BASELINE = """
import sys
from pathlib import Path
import curate.pull, curate.dataset.version
with open(sys.argv[1], "rb") as fh:
    while fh.read(1 << 20):
        pass
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000, help="annotated tasks in the big export (default 10,000)")
    parser.add_argument("--scale", type=int, default=10, help="the small export has tasks/scale (default 10)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="curate-bench-rss-"))
    figures: dict[str, object] = {}
    try:
        peaks = {}
        for n in (args.tasks // args.scale, args.tasks):
            raw = tmp / f"export-{n}.json"
            t0 = time.perf_counter()
            size = write_export(raw, n)
            figures[f"synthetic export of {n} annotated tasks MB"] = round(size / 1e6, 1)
            figures["  (written in s)"] = round(time.perf_counter() - t0, 1)
            base = peak_rss_mb(BASELINE, str(raw))
            peaks[n] = peak_rss_mb(PULL, str(raw), str(tmp / f"out-{n}"), MODEL_VERSION)
            figures[f"peak RSS MB, import + read the file ({n})"] = base
            figures[f"peak RSS MB, parse + build ({n})"] = peaks[n]
        small, big = sorted(peaks)
        figures[f"ratio peak RSS {big} / {small} (target <= 1.2)"] = round(peaks[big] / peaks[small], 2)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    emit("pull parse+build memory", figures)


if __name__ == "__main__":
    main()
