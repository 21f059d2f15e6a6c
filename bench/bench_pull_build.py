"""Benchmark: `pull_project` of N tasks (N/10 annotated) vs the raw snapshot export alone.

`pull_project` = snapshot export, raw file on disk, parse, next dataset version (vN).

The project is set up with one import whose first tasks carry an `annotations` list (a relabelled and
a dropped region each, as an annotator's fixes). Then several rounds, each a raw export and a pull in
fresh processes (which goes first alternates). Label Studio's export time moves by seconds from one
export to the next, so besides the median ratio of the paired rounds, each pull says how long its own
export took (`PullSummary.timings`) and the rest is curate's own work (parse + version, and whatever
else is not the download): (median raw export + median own work) / median raw export does not
depend on that noise. Also the client's peak memory at N/scale and N tasks.
Starts its own Label Studio (sqlite, development server) unless --url/--api-key are given.
Run: .venv/bin/python bench/bench_pull_build.py [--tasks 10000] [--annotated 1000] [--rounds 3] [--scale 10]
"""

from __future__ import annotations

import argparse
import copy
import shutil
import statistics
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import emit, timed  # noqa: E402
from lsbench import (  # noqa: E402
    MODEL_VERSION,
    add_common_options,
    label_studio,
    load,
    probe,
    server_figures,
    write_figures,
)


def corrected(result: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return an annotator's version of a prediction: one entity relabelled, one unlinked entity dropped."""
    from curate.schema import ENTITY_LABELS

    items = copy.deepcopy(result)
    linked = {i.get(k) for i in items if i.get("type") == "relation" for k in ("from_id", "to_id")}
    entities = [i for i in items if i.get("type") == "labels" and i["value"]["labels"][0] in ENTITY_LABELS]
    if entities:
        first = entities[0]
        first["value"]["labels"] = ["GOV" if first["value"]["labels"][0] != "GOV" else "ORG"]
        first["origin"] = "prediction-changed"
        dropped = next((i for i in reversed(entities[1:]) if i["id"] not in linked), None)
        if dropped is not None:
            items.remove(dropped)
    return items


def child(out: str, mode: str, url: str, api_key: str, n: str, annotated: str, seed: str,
          project: str = "") -> None:
    """Measure one step in this (fresh) process: `setup` a project, `raw` export, or `pull` + build."""
    from curate.lsclient import ONCE, connect

    client = connect(url, api_key)
    figures: dict[str, object] = {}
    if mode == "setup":
        from synth import synth_documents

        from curate.label_config import build_label_config
        from curate.tasks import task_from_document

        tasks = [task_from_document(d, MODEL_VERSION) for d in synth_documents(int(n), seed=int(seed))]
        for task in tasks[:int(annotated)]:
            task["annotations"] = [{"result": corrected(task["predictions"][0]["result"]), "lead_time": 42.0}]
        title = f"bench-pull-{n}-{uuid.uuid4().hex[:8]}"
        pid = client.sdk.projects.create(title=title, label_config=build_label_config()).id
        r = client.sdk.projects.import_tasks(id=pid, request=tasks, request_options=ONCE)
        client.set_model_version(pid, MODEL_VERSION)
        figures.update(project=title, project_id=pid, tasks=r.task_count, annotations=r.annotation_count)
    elif mode in ("raw", "raw_all"):  # annotated tasks only (what pull asks for), or every task
        pid = client.find_project(project).id
        with tempfile.TemporaryFile() as raw_file:  # saved to disk, as pull saves it
            seconds, snap = timed(lambda: client.export_snapshot(pid, raw_file, annotated_only=mode == "raw"))
        figures.update(seconds=seconds, bytes=snap.size)
    elif mode == "pull":
        from curate.pull import pull_project

        problems: list[object] = []
        tmp = Path(tempfile.mkdtemp(prefix="curate-bench-pull-"))
        try:
            # pull_project = snapshot export + raw file + parse + the next dataset version (vN).
            seconds, summary = timed(lambda: pull_project(client, project, tmp / "pull", problems.append))
            assert summary.version is not None and not problems, (summary.latest, problems[:3])
            figures.update(seconds=seconds, export_seconds=summary.timings["export"], documents=summary.documents,
                           raw_bytes=summary.raw_path.stat().st_size,
                           records_bytes=summary.records_path.stat().st_size)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    elif mode == "delete":
        client.sdk.projects.delete(id=client.find_project(project).id)
    write_figures(out, figures)


def measure(url: str, key: str, n: int, annotated: int, seed: int, cleanup: bool, rounds: int) -> dict[str, Any]:
    """Set up one project, then time raw exports and pulls + builds against it, `rounds` pairs of them."""
    setup = probe("bench_pull_build", "setup", url, key, n, annotated, seed)
    title = setup["project"]
    # One export first, not counted: the first export after the import reads a cold server.
    warm = probe("bench_pull_build", "raw", url, key, n, annotated, seed, title)
    raws: list[dict[str, Any]] = []
    pulls: list[dict[str, Any]] = []
    for i in range(rounds):  # raw then pull, pull then raw, ...: neither always follows the other
        for mode in ("raw", "pull") if i % 2 == 0 else ("pull", "raw"):
            (raws if mode == "raw" else pulls).append(probe("bench_pull_build", mode, url, key, n, annotated,
                                                            seed, title))
    # For docs/scale.md: how long Label Studio takes to export every task of the project.
    every = probe("bench_pull_build", "raw_all", url, key, n, annotated, seed, title)
    if cleanup:
        probe("bench_pull_build", "delete", url, key, n, annotated, seed, title)
    return {"setup": setup, "warm_seconds": warm["seconds"], "raws": raws, "pulls": pulls,
            "all_seconds": every["seconds"], "all_bytes": every["bytes"]}


def ratios(m: dict[str, Any]) -> dict[str, float]:
    """Sum up the rounds of `measure`: medians, the median ratio of paired rounds, and the noise-free ratio."""
    raw = [r["seconds"] for r in m["raws"]]
    pull = [p["seconds"] for p in m["pulls"]]
    own = [p["seconds"] - p["export_seconds"] for p in m["pulls"]]
    raw_median, own_median = statistics.median(raw), statistics.median(own)
    return {"raw": raw_median, "pull": statistics.median(pull),
            "pull_export": statistics.median(p["export_seconds"] for p in m["pulls"]), "own": own_median,
            "paired": statistics.median(p / r for p, r in zip(pull, raw, strict=True)),
            "steady": (raw_median + own_median) / raw_median}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000, help="tasks in the project (default 10,000)")
    parser.add_argument("--annotated", type=int, help="annotated tasks (default tasks/10)")
    parser.add_argument("--rounds", type=int, default=3, help="raw export + pull pairs (default 3)")
    add_common_options(parser)
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    n = args.tasks
    annotated = args.annotated if args.annotated is not None else n // 10
    small = n // max(1, args.scale)
    with label_studio(args.url, args.api_key) as (url, key, start_seconds):
        load_before = load()
        big = measure(url, key, n, annotated, args.seed, bool(args.url), args.rounds)
        load_after = load()
        little = (measure(url, key, small, annotated * small // n, args.seed, bool(args.url), 1)
                  if small and args.scale > 1 else None)
    pull, r = big["pulls"][0], ratios(big)
    figures: dict[str, object] = {
        "tasks / annotated": f"{big['setup']['tasks']} / {big['setup']['annotations']}",
        "pulled documents": pull["documents"],
        "warm-up raw export s (not counted)": round(big["warm_seconds"], 2),
    }
    for i, (raw, p) in enumerate(zip(big["raws"], big["pulls"], strict=True), 1):
        own = p["seconds"] - p["export_seconds"]
        figures[f"round {i} s: raw / pull (export+own)"] = (
            f"{raw['seconds']:.2f} / {p['seconds']:.2f} ({p['export_seconds']:.2f} + {own:.2f})")
    figures.update({
        "median raw export s (baseline)": round(r["raw"], 2),
        "median pull+build s": round(r["pull"], 2),
        "median export within the pull s": round(r["pull_export"], 2),
        "median own work s (pull - export)": round(r["own"], 2),
        "ratio pull / raw, median of rounds": round(r["paired"], 2),
        "ratio (raw + own) / raw, of medians": round(r["steady"], 2),
        "raw export MB": round(big["raws"][0]["bytes"] / 1e6, 1),
        f"export of all {n} tasks seconds": round(big["all_seconds"], 2),
        f"export of all {n} tasks MB": round(big["all_bytes"] / 1e6, 1),
        "records.jsonl MB": round(pull["records_bytes"] / 1e6, 1),
        f"peak RSS MB, raw export ({n})": max(x["peak_rss_mb"] for x in big["raws"]),
        f"peak RSS MB, pull + build ({n})": max(x["peak_rss_mb"] for x in big["pulls"]),
    })
    if little:
        figures.update({
            f"peak RSS MB, raw export ({small})": little["raws"][0]["peak_rss_mb"],
            f"peak RSS MB, pull + build ({small})": little["pulls"][0]["peak_rss_mb"],
            f"ratio (raw + own) / raw ({small})": round(ratios(little)["steady"], 2),
        })
    figures.update(server_figures(args.url, start_seconds, load_before, load_after))
    emit("pull+build", figures)


if __name__ == "__main__":
    main()
