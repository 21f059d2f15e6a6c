"""Benchmark: `annotate_document` as a pure function under `datasets.Dataset.map(num_proc=…)`.

The bundled pages, cleaned once, are repeated into N documents (default 2,000); printed: documents/s
and characters/s at num_proc=1 and num_proc=2, their ratio, and a check that both give the same records.
The baseline is the same function in a plain loop in this process (what `datasets` adds).
Run: .venv/bin/python bench/bench_map.py [--docs 2000]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import SAMPLES, emit, timed  # noqa: E402

from curate.annotate import annotate_document  # noqa: E402
from curate.records import document_from_dict  # noqa: E402


def annotate_row(row: dict[str, Any]) -> dict[str, Any]:
    """Annotate one row holding a document record as JSON; the same function runs on any engine."""
    doc = annotate_document(document_from_dict(json.loads(row["record"])))
    return {"record": json.dumps(doc.to_dict(), ensure_ascii=False),
            "entities": len(doc.entities or ()), "events": len(doc.events or ())}


def seed_records(n: int) -> list[str]:
    """Return n cleaned document records (JSON), the five seeds repeated under new ids."""
    from curate.ingest import ingest_paths

    seeds = [d.to_dict() for d in ingest_paths(sorted(SAMPLES.glob("*.txt")), lambda p: None).documents]
    return [json.dumps({**seeds[i % len(seeds)], "id": f"map-{i:06d}"}, ensure_ascii=False) for i in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000, help="documents (default 2,000)")
    args = parser.parse_args()
    import datasets

    datasets.disable_progress_bars()
    records = seed_records(args.docs)
    chars = sum(len(json.loads(r)["text"]) for r in records)
    cache = Path(tempfile.mkdtemp(prefix="curate-bench-map-"))
    try:
        def gen():
            yield from ({"record": r} for r in records)

        ds = datasets.Dataset.from_generator(gen, cache_dir=str(cache))
        annotate_document(document_from_dict(json.loads(records[0])))  # warm the rules' word lists
        results, seconds = {}, {}
        # The same function in a plain loop: what the engine adds on top of the rules.
        seconds[0], _ = timed(lambda: [annotate_row({"record": r}) for r in records])
        for procs in (1, 2):
            # A fresh fingerprint per run: map would otherwise return the cached result of the last one.
            seconds[procs], results[procs] = timed(lambda p=procs: ds.map(
                annotate_row, num_proc=p if p > 1 else None, new_fingerprint=f"annotate-{p}-{os.getpid()}",
                load_from_cache_file=False))
        same = results[1]["record"] == results[2]["record"]
        entities = sum(results[1]["entities"])
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    emit("annotate under datasets.map", {
        "documents / cleaned chars": f"{args.docs} / {chars:,}",
        "entities found": entities,
        "plain loop seconds (no datasets)": round(seconds[0], 2),
        "num_proc=1 seconds": round(seconds[1], 2),
        "num_proc=1 docs/s": round(args.docs / seconds[1], 1),
        "num_proc=1 chars/s": round(chars / seconds[1]),
        "num_proc=2 seconds": round(seconds[2], 2),
        "num_proc=2 docs/s": round(args.docs / seconds[2], 1),
        "num_proc=2 chars/s": round(chars / seconds[2]),
        "speed-up num_proc=2 / 1": round(seconds[1] / seconds[2], 2),
        "ratio num_proc=1 / plain loop": round(seconds[1] / seconds[0], 2),
        "same records both ways": same,
        "load average": " / ".join(f"{x:.2f}" for x in os.getloadavg()),
    })


if __name__ == "__main__":
    main()
