"""Scale-out edge: clean and pre-annotate sharded input on a Dask cluster, with the CLI's own pure functions.

Each shard (a folder of pages, a page file, or a JSONL file) is one Dask task: raw pages go through
`ingest_paths` (site templates are learned within the shard, so shard by site or crawl), documents
through `annotate_document`; the worker writes `OUT/<nnnnn>-<shard>.jsonl` itself. `curate push`
and `curate build` take the OUT folder. Dask schedules; nothing here does.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from curate.annotate import annotate_document
from curate.errors import BadInputError, Problem

log = logging.getLogger(__name__)


@dataclass
class ShardResult:
    """What one shard gave: its output file, documents written, the bad inputs it skipped."""

    shard: str
    output: str
    documents: int = 0
    problems: list[Problem] = field(default_factory=list)


def process_shard(shard: str, output: str, documents: bool) -> ShardResult:
    """Clean (unless `documents`) and annotate one shard into `output`; runs on a Dask worker."""
    from curate.jsonl import read_documents, write_jsonl

    result = ShardResult(shard, output)
    if documents:
        docs: Iterator = read_documents(shard, result.problems.append)
    else:
        from curate.ingest import ingest_paths

        docs = ingest_paths([Path(shard)], result.problems.append).documents
    result.documents = write_jsonl((annotate_document(d).to_dict() for d in docs), output)
    return result


def output_names(shards: list[Path], out_dir: Path) -> list[Path]:
    """Return one output file per shard, in shard order (numbered, so equal names never collide)."""
    return [out_dir / f"{i:05d}-{s.stem or 'shard'}.jsonl" for i, s in enumerate(shards)]


def run_shards(shards: list[Path], out_dir: Path, *, documents: bool = False, scheduler: str | None = None,
               workers: int = 2, on_done: Callable[[ShardResult], None] | None = None) -> list[ShardResult]:
    """Process every shard on a Dask cluster (`scheduler` address, else a local cluster of `workers`
    processes); return the results in shard order."""
    from dask.distributed import Client, LocalCluster, as_completed

    missing = [str(s) for s in shards if not s.exists()]
    if missing:
        raise BadInputError(f"{', '.join(missing)}: no such file or folder (check the paths)")
    if not shards:
        raise BadInputError("no shards given: pass folders of pages or JSONL files")
    out_dir.mkdir(parents=True, exist_ok=True)
    outputs = output_names(shards, out_dir)
    cluster = None if scheduler else LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                  dashboard_address=None)
    try:
        with Client(scheduler or cluster) as client:
            futures = client.map(process_shard, [str(s.resolve()) for s in shards],
                                 [str(o.resolve()) for o in outputs], documents=documents, pure=False)
            for future in as_completed(futures):
                if on_done:
                    on_done(future.result())
            return client.gather(futures)
    finally:
        if cluster is not None:
            cluster.close()
