"""Benchmark: sharded annotate on a local Dask cluster (2 worker processes) against `curate annotate --workers 2`.

Same input in the same run: the bundled pages cleaned once and repeated into ~`--mb` MB of documents,
written as `--shards` JSONL shards (Dask) and as one JSONL file (`curate annotate`). Both are run as the
user runs them (CLI subprocesses, so each pays its start-up: Python imports, the Dask cluster).
Printed: seconds and cleaned chars/s of each, the ratio, and whether the records are identical.
Run: .venv/bin/python bench/bench_distributed.py [--mb 5] [--shards 8]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import SAMPLES, emit, timed  # noqa: E402

from curate.ingest import ingest_paths  # noqa: E402

CURATE = [sys.executable, "-m", "curate"]


def _records(paths: list[Path]) -> list[str]:
    return sorted(line for p in paths for line in p.read_text(encoding="utf-8").splitlines())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0, help="cleaned documents in MB (default 5)")
    parser.add_argument("--shards", type=int, default=8, help="JSONL shards for Dask (default 8)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="curate-bench-dist-"))
    try:
        base = [d.to_dict() for d in ingest_paths([SAMPLES], on_problem=lambda p: None).documents]
        lines, size, n = [], 0, 0
        while size < args.mb * 1_000_000:
            for d in base:
                line = json.dumps({**d, "id": f"{n:07d}-{d['id']}"}, ensure_ascii=False)
                lines.append(line)
                size += len(line.encode("utf-8"))
                n += 1
        chars = sum(len(json.loads(line)["text"]) for line in lines)
        one = tmp / "all.jsonl"
        one.write_text("\n".join(lines) + "\n", encoding="utf-8")
        shards = []
        for i in range(args.shards):
            shards.append(tmp / f"shard{i:03d}.jsonl")
            shards[-1].write_text("\n".join(lines[i::args.shards]) + "\n", encoding="utf-8")

        def cli(*a: str) -> None:
            subprocess.run([*CURATE, *a], check=True, capture_output=True)

        t_workers, _ = timed(lambda: cli("annotate", str(one), "-o", str(tmp / "cli.jsonl"), "-w", "2", "-q"))
        t_dask, _ = timed(lambda: cli("distribute", *map(str, shards), "-o", str(tmp / "dask"), "--documents",
                                      "-w", "2", "-q"))
        same = _records([tmp / "cli.jsonl"]) == _records(sorted((tmp / "dask").glob("*.jsonl")))
        emit("distributed", {
            "input": f"{n} documents, {chars:,} cleaned chars ({args.mb:g} MB JSONL), {args.shards} shards",
            "curate annotate --workers 2, seconds": round(t_workers, 2),
            "curate distribute (Dask, 2 workers), seconds": round(t_dask, 2),
            "curate annotate --workers 2, chars/s": round(chars / t_workers),
            "curate distribute, chars/s": round(chars / t_dask),
            "ratio distribute / annotate --workers 2 (speed)": round(t_workers / t_dask, 2),
            "identical records": same,
            "cpus": os.cpu_count(),
        })
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
