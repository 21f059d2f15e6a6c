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
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from curate.dataset.card import CONFIGS
from curate.dataset.diff import diff_documents
from curate.dataset.features import arrow_schema
from curate.dataset.rows import DocumentRows, content_hash, document_from_row, rows_from_document
from curate.dataset.splits import SPLITS
from curate.dataset.version import (
    BATCH_DOCS,
    Seen,
    changed_ids,
    check_files,
    data_file,
    finish_version,
    temp_version,
)
from curate.errors import BadInputError, RecordError
from curate.records import Document, text_hash
from curate.schema import EVENT_TYPES, SPAN_LABELS

OrderKey = Callable[[str, Mapping[str, Any]], Any]  # (doc id, meta) → what the documents are sorted by
_ID = {"documents": "id", "ner": "doc_id", "events": "doc_id"}


def write_merged_version(base: Path, changes: Iterable[Document], replaced: Iterable[str], key: OrderKey, *,
                         kind: str | None = None, project: str | None = None,
                         source: dict[str, Any] | None = None,
                         ready: Callable[[], None] = lambda: None) -> tuple[Path | None, list[str]]:
    """Write the version after `base`: its documents but those in `replaced`, plus `changes`, sorted by `key`.

    Return the version written (None when nothing changed) and the ids of its documents in order. `ready`
    is called before the version is published or found unchanged: it raises to publish nothing."""
    latest = check_files(base)
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
    tables, metas, old = _base_rows(base, latest, pa.array(kept, pa.string()), pa.array(sorted(gone), pa.string()))
    for split in SPLITS:
        mine = [rows for _, rows in made.values() if rows.split == split]
        for name in CONFIGS:
            new = [r for rows in mine for r in (rows.ner if name == "ner" else rows.events if name == "events"
                                                  else [rows.document])]
            if new:
                tables[name][split].append(pa.Table.from_pylist(new, schema=arrow_schema(name)))
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
        files, counts = _write_merged(tables, {i: n for n, i in enumerate(order)}, tmp)
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


def _base_rows(base: Path, manifest: dict[str, Any], kept: pa.Array, gone: pa.Array,
               ) -> tuple[dict[str, dict[str, list[pa.Table]]], dict[str, dict[str, Any]], list[Document]]:
    """Read the base's rows of the `kept` documents per config and split, their meta, and the `gone` documents."""
    tables: dict[str, dict[str, list[pa.Table]]] = {name: {s: [] for s in SPLITS} for name in CONFIGS}
    metas: dict[str, dict[str, Any]] = {}
    old: list[Document] = []
    for name in CONFIGS:
        schema = arrow_schema(name)
        for split in SPLITS:
            if (rel := data_file(manifest, name, split)) is None:
                continue
            try:
                # Not `pq.read_table`: it imports pandas (0.2 s). The cast names list items as the writer does.
                table = pq.ParquetFile(base / rel).read().cast(schema)
            except (pa.ArrowException, OSError) as exc:
                raise BadInputError(f"{base / rel}: unreadable ({exc}); delete {base} and build it again") from None
            if name == "documents":
                replaced = table.filter(pc.is_in(table["id"], value_set=gone))  # type: ignore[attr-defined]
                old += map(document_from_row, replaced.to_pylist())
            table = table.filter(pc.is_in(table[_ID[name]], value_set=kept))  # type: ignore[attr-defined]
            tables[name][split].append(table)
            if name == "documents":
                metas.update(zip(table["id"].to_pylist(), map(json.loads, table["meta"].to_pylist()), strict=True))
    return tables, metas, old


def _write_merged(tables: dict[str, dict[str, list[pa.Table]]], position: dict[str, int], folder: Path):
    """Write each config and split's rows sorted by document position, in the row groups `write_version` makes
    (one per split for every `BATCH_DOCS` documents of the whole stream); return files and counts."""
    files: dict[str, dict[str, str]] = {name: {} for name in CONFIGS}
    rows: dict[str, dict[str, int]] = {name: {} for name in CONFIGS}
    ordered: dict[str, pa.Table] = {}
    value_set = pa.array(list(position), pa.string())
    for name in CONFIGS:
        for split in SPLITS:
            parts = tables[name][split]
            table = pa.concat_tables(parts) if parts else None
            if table is None or not table.num_rows:
                continue
            pos = pc.index_in(table[_ID[name]], value_set=value_set)  # type: ignore[attr-defined]
            by_pos = pc.sort_indices(pos)  # type: ignore[attr-defined]  # stable: a document's rows keep their order
            table = table.take(by_pos).combine_chunks()
            groups = (pc.take(pos, by_pos).to_numpy() // BATCH_DOCS).tolist()
            rel = f"{name}/{split}.parquet"
            (folder / name).mkdir(exist_ok=True)
            with pq.ParquetWriter(folder / rel, arrow_schema(name), compression="zstd") as writer:
                start = 0
                for n in range(1, len(groups) + 1):
                    if n == len(groups) or groups[n] != groups[start]:
                        writer.write_table(table.slice(start, n - start))
                        start = n
            files[name][split] = rel
            rows[name][split] = table.num_rows
            if name == "documents":
                ordered[split] = table
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
