"""Benchmark: `push_documents` of N synthetic tasks vs one raw SDK `import_tasks` of the same payloads.

Also times the re-push of the same N (must create nothing) and the client's peak memory at N/scale and N.
Starts its own Label Studio (sqlite, development server) unless --url/--api-key are given.
Run: .venv/bin/python bench/bench_push.py [--tasks 10000] [--scale 10]
"""

from __future__ import annotations

import argparse
import sys
import uuid
from pathlib import Path

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


def child(out: str, mode: str, url: str, api_key: str, n: str, seed: str, cleanup: str) -> None:
    """Measure one step in this (fresh) process: the `floor`, a `raw` import, or `push` + re-push."""
    from synth import synth_documents

    from curate.label_config import build_label_config
    from curate.lsclient import ONCE, connect
    from curate.push import plan_push, push_documents
    from curate.tasks import task_from_document

    docs = list(synth_documents(int(n), seed=int(seed)))
    figures: dict[str, object] = {"tasks": len(docs)}
    client = connect(url, api_key)
    if mode == "floor":  # the documents in memory and a connected SDK client: what every mode holds
        write_figures(out, figures)
        return
    title = f"bench-{mode}-{n}-{uuid.uuid4().hex[:8]}"
    if mode == "raw":
        tasks = [task_from_document(d, MODEL_VERSION) for d in docs]
        pid = client.sdk.projects.create(title=title, label_config=build_label_config()).id
        seconds, r = timed(lambda: client.sdk.projects.import_tasks(id=pid, request=tasks, request_options=ONCE))
        figures.update(seconds=seconds, created=r.task_count, server_seconds=r.duration)
    else:
        # The planning share (build + validate every task) on its own, for the breakdown.
        figures["plan_seconds"], _ = timed(lambda: plan_push(docs, {}, MODEL_VERSION))
        seconds, first = timed(lambda: push_documents(client, docs, title, MODEL_VERSION))
        again_seconds, again = timed(lambda: push_documents(client, docs, title, MODEL_VERSION))
        assert first.created_tasks == len(docs), first.summary_lines()
        assert again.created_tasks == 0 and again.added_predictions == 0, again.summary_lines()
        assert len(again.plan.skip) == len(docs), again.plan.counts()
        pid = first.project_id
        # The re-push's share spent listing the project (the rest is planning again).
        figures["index_seconds"], _ = timed(lambda: client.task_index(pid))
        figures.update(seconds=seconds, created=first.created_tasks, repush_seconds=again_seconds,
                       repush_created=again.created_tasks, repush_skipped=len(again.plan.skip))
    if cleanup == "yes":
        client.sdk.projects.delete(id=pid)
    write_figures(out, figures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000, help="tasks pushed (default 10,000)")
    add_common_options(parser)
    args = parser.parse_args()
    n, small = args.tasks, args.tasks // max(1, args.scale)
    cleanup = "yes" if args.url else "no"  # an own server is thrown away whole
    with label_studio(args.url, args.api_key) as (url, key, start_seconds):
        load_before = load()
        raw = probe("bench_push", "raw", url, key, n, args.seed, cleanup)
        push = probe("bench_push", "push", url, key, n, args.seed, cleanup)
        load_after = load()
        sizes = {}
        if small and args.scale > 1:
            sizes = {"raw": probe("bench_push", "raw", url, key, small, args.seed, cleanup),
                     "push": probe("bench_push", "push", url, key, small, args.seed, cleanup),
                     "floor": probe("bench_push", "floor", url, key, small, args.seed, cleanup)}
        floor_n = probe("bench_push", "floor", url, key, n, args.seed, cleanup)
    figures: dict[str, object] = {
        "tasks": n,
        "curate push seconds": round(push["seconds"], 2),
        "  of which planning (build+validate)": round(push["plan_seconds"], 2),
        "raw import_tasks seconds (baseline)": round(raw["seconds"], 2),
        "  server-side import duration": round(raw["server_seconds"] or 0, 2),
        "ratio push / raw import": round(push["seconds"] / raw["seconds"], 2),
        "re-push seconds (same tasks)": round(push["repush_seconds"], 2),
        "  of which listing the project": round(push["index_seconds"], 2),
        "re-push tasks created": push["repush_created"],
        "re-push skipped": push["repush_skipped"],
        "ratio re-push / raw import": round(push["repush_seconds"] / raw["seconds"], 2),
        f"peak RSS MB, floor: docs + client ({n})": floor_n["peak_rss_mb"],
        f"peak RSS MB, raw import ({n})": raw["peak_rss_mb"],
        f"peak RSS MB, push + re-push ({n})": push["peak_rss_mb"],
    }
    if sizes:
        figures.update({
            f"peak RSS MB, floor: docs + client ({small})": sizes["floor"]["peak_rss_mb"],
            f"peak RSS MB, raw import ({small})": sizes["raw"]["peak_rss_mb"],
            f"peak RSS MB, push + re-push ({small})": sizes["push"]["peak_rss_mb"],
            f"ratio push / raw import ({small})": round(sizes["push"]["seconds"] / sizes["raw"]["seconds"], 2),
        })
    figures.update(server_figures(args.url, start_seconds, load_before, load_after))
    emit("push", figures)


if __name__ == "__main__":
    main()
