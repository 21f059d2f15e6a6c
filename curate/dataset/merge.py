"""Dataset edge: a base version and documents replacing some of its own → the next version, unchanged rows copied.

Writes what `version.write_version` writes from all the documents in the same order (same parquet bytes, card
and manifest) without decoding the base's documents: their rows are copied as arrow tables and only their
meta is parsed (the order and the card's reports need it). Made for pulls whose change is small.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from curate.dataset.card import CONFIGS
from curate.dataset.diff import diff_documents
from curate.dataset.features import arrow_schema
from curate.dataset.reader import changed_ids, check_files, data_file
from curate.dataset.rows import DocumentRows, rows_from_document
from curate.dataset.splits import SPLITS
from curate.dataset.version import BATCH_DOCS, Seen, finish_version, temp_version
from curate.errors import BadInputError, RecordError
from curate.records import Document, content_hash, document_from_row, text_hash
from curate.schema import EVENT_TYPES, SPAN_LABELS

OrderKey = Callable[[str, Mapping[str, Any]], Any]  # (doc id, meta) → what the documents are sorted by
_ID = {"documents": "id", "ner": "doc_id", "events": "doc_id"}
WRITERS = 2  # parquet files written at once


@dataclass
class BaseVersion:
    """A version read whole for a merge: its manifest, its tables per config and split, every document's meta."""

    folder: Path
    manifest: dict[str, Any]
    tables: dict[str, dict[str, pa.Table]]
    metas: dict[str, dict[str, Any]]


def read_base(base: Path) -> BaseVersion:
    """Check and read version `base` for `write_merged_version` (a pull reads it while its export runs)."""
    manifest = check_files(base)
    tables: dict[str, dict[str, pa.Table]] = {name: {} for name in CONFIGS}
    metas: dict[str, dict[str, Any]] = {}
    for name in CONFIGS:
        schema = arrow_schema(name)
        for split in SPLITS:
            if (rel := data_file(manifest, name, split)) is None:
                continue
            try:
                # Not `pq.read_table`: it imports pandas (0.2 s). The cast names list items as the writer does.
                table = tables[name][split] = pq.ParquetFile(base / rel).read().cast(schema)
            except (pa.ArrowException, OSError) as exc:
                raise BadInputError(f"{base / rel}: unreadable ({exc}); delete {base} and build it again") from None
            if name == "documents":
                metas.update(zip(table["id"].to_pylist(), map(json.loads, table["meta"].to_pylist()), strict=True))
    return BaseVersion(base, manifest, tables, metas)


def write_merged_version(base: Path | BaseVersion, changes: Iterable[Document], replaced: Iterable[str],
                         key: OrderKey, *, kind: str | None = None, project: str | None = None,
                         source: dict[str, Any] | None = None,
                         ready: Callable[[], None] = lambda: None) -> tuple[Path | None, list[str]]:
    """Write the version after `base` (a folder, or what `read_base` read of it): its documents but those in
    `replaced`, plus `changes`, sorted by `key`.

    Return the version written (None when nothing changed) and the ids of its documents in order. `ready`
    is called before the version is published or found unchanged: it raises to publish nothing."""
    read = base if isinstance(base, BaseVersion) else read_base(base)
    base, latest = read.folder, read.manifest
    made: dict[str, tuple[Document, DocumentRows]] = {}
    for doc in changes:
        if doc.id in made:
            raise RecordError(f"document {doc.id!r} appears twice (one record per document id)")
        try:
            made[doc.id] = (doc, rows_from_document(doc))
        except RecordError as exc:
            raise RecordError(f"document {doc.id!r}: {exc}") from None
    before = {x["id"]: x for x in latest["documents"]}
    gone = set(replaced) | made.keys()
    kept = [i for i in before if i not in gone]
    gone_ids = pa.array(sorted(gone), pa.string())
    old = _gone_documents(read, gone_ids)
    metas = {i: read.metas[i] for i in kept}
    tables: dict[str, dict[str, pa.Table]] = {name: {} for name in CONFIGS}
    for split in SPLITS:
        mine = [rows for _, rows in made.values() if rows.split == split]
        for name in CONFIGS:
            new = [r for rows in mine for r in (rows.ner if name == "ner" else rows.events if name == "events"
                                                  else [rows.document])]
            if new:
                tables[name][split] = pa.Table.from_pylist(new, schema=arrow_schema(name))
    order = [i for _, i in sorted([(key(i, metas[i]), i) for i in kept]
                                  + [(key(i, doc.meta), i) for i, (doc, _) in made.items()])]
    if not order:
        raise BadInputError("no documents to build a version from")
    seen = Seen()
    for i in order:
        if i in made:
            seen.note(i, made[i][0].meta, content_hash(made[i][0]), text_hash(made[i][0].text))
        else:
            seen.note(i, metas[i], before[i]["content_hash"], before[i]["text_hash"])
    if seen.hashes == {i: x["content_hash"] for i, x in before.items()}:
        ready()
        return None, order
    splits = {i: before[i]["split"] for i in kept} | {i: rows.split for i, (_, rows) in made.items()}
    target = base.parent / f"v{int(base.name[1:]) + 1}"
    tmp = temp_version(base.parent, target.name)
    try:
        files, counts = _write_merged(read.tables, gone_ids, tables, {i: n for n, i in enumerate(order)}, tmp)
        unplaced = Counter(latest["counts"].get("unplaced", {}))
        for doc in old:
            unplaced.subtract(rows_from_document(doc).stats)
        for _, rows in made.values():
            unplaced.update(rows.stats)
        counts["unplaced"] = {k: unplaced[k] for k in sorted(unplaced) if unplaced[k]}
        changed = changed_ids(latest, seen.hashes)
        diff = diff_documents([d for d in old if d.id in changed], [made[i][0] for i in order if i in changed])
        ready()
        finish_version(tmp, target, latest, files, counts, splits, seen, diff, kind=kind, project=project,
                       source=source)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target, order


def _gone_documents(read: BaseVersion, gone: pa.Array) -> list[Document]:
    """Return the base's documents whose ids are in `gone`."""
    old: list[Document] = []
    for table in read.tables["documents"].values():
        replaced = table.filter(pc.is_in(table["id"], value_set=gone))  # type: ignore[attr-defined]
        old += map(document_from_row, replaced.to_pylist())
    return old


def _write_merged(base: dict[str, dict[str, pa.Table]], gone: pa.Array, new: dict[str, dict[str, pa.Table]],
                  position: dict[str, int], folder: Path):
    """Write each config and split's rows (the `base` tables' but those of `gone` documents, and the `new`
    tables') sorted by document position, in the row groups `write_version` makes (one per split for every
    `BATCH_DOCS` documents of the whole stream); return files and counts.

    The files are written side by side (pyarrow sorts, compresses and writes without holding the GIL)."""
    value_set = pa.array(list(position), pa.string())

    def write(name: str, split: str) -> pa.Table | None:
        parts, places = [], []
        for table, is_base in ((base[name].get(split), True), (new[name].get(split), False)):
            if table is not None:
                ids = table[_ID[name]]
                pos = pc.index_in(ids, value_set=value_set)  # type: ignore[attr-defined]
                if is_base:  # a replaced document's old rows: no position
                    pos = pc.if_else(pc.is_in(ids, value_set=gone), pa.scalar(None, pos.type), pos)  # type: ignore[attr-defined]
                parts.append(table)
                places.append(pos)
        if not parts:
            return None
        table, pos = pa.concat_tables(parts), pa.chunked_array(places).combine_chunks()
        # Stable: a document's rows keep their order; the nulls sort last and are left out.
        by_pos = pc.sort_indices(pos).slice(0, len(pos) - pos.null_count)  # type: ignore[attr-defined]
        if not len(by_pos):
            return None
        table = table.take(by_pos).combine_chunks()
        groups = pc.take(pos, by_pos).to_numpy() // BATCH_DOCS
        cuts = [0, *(np.flatnonzero(np.diff(groups)) + 1).tolist(), len(groups)]  # where a row group ends
        with pq.ParquetWriter(folder / f"{name}/{split}.parquet", arrow_schema(name), compression="zstd") as writer:
            for start, end in zip(cuts, cuts[1:], strict=False):
                writer.write_table(table.slice(start, end - start))
        return table

    for name in CONFIGS:
        (folder / name).mkdir(exist_ok=True)
    jobs = [(name, split) for name in CONFIGS for split in SPLITS]
    with ThreadPoolExecutor(WRITERS) as pool:
        written = dict(zip(jobs, pool.map(lambda job: write(*job), jobs), strict=True))
    files = {name: {split: f"{name}/{split}.parquet" for split in SPLITS if written[(name, split)] is not None}
             for name in CONFIGS}
    rows = {name: {split: t.num_rows for split in SPLITS if (t := written[(name, split)]) is not None}
            for name in CONFIGS}
    for name in CONFIGS:
        if not files[name]:
            (folder / name).rmdir()
    ordered = {split: t for split in SPLITS if (t := written[("documents", split)]) is not None}
    counts = {"documents": rows["documents"], "rows": rows,
              "entities": _label_counts(ordered, position, "entities", "label", SPAN_LABELS),
              "events": _label_counts(ordered, position, "events", "type", EVENT_TYPES)}
    return files, counts


def _label_counts(docs: dict[str, pa.Table], position: dict[str, int], column: str, field: str,
                  names: tuple[str, ...]) -> dict[str, dict[str, int]]:
    """Count spans (or events) per label and split, splits in the order the stream first met them (as
    `write_version` counts them)."""
    n: Counter[tuple[str, str]] = Counter()
    first: dict[tuple[str, str], int] = {}
    for split, table in docs.items():
        ids = table["id"].to_pylist()
        values = table[column].combine_chunks()
        labels = pc.struct_field(pc.list_flatten(values), field).to_pylist()  # type: ignore[attr-defined]
        for label, row in zip(labels, pc.list_parent_indices(values).to_pylist(),  # type: ignore[attr-defined]
                              strict=True):
            k = (names[label], split)
            n[k] += 1
            first.setdefault(k, position[ids[row]])
    return {label: {s: n[(label, s)] for s in sorted((s for s in SPLITS if (label, s) in n),
                                                      key=lambda s: first[(label, s)])}
            for label in names if any((label, s) in n for s in SPLITS)}
