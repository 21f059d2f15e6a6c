"""Dataset edge, writing side: annotated documents → an immutable version folder `root/vN` (parquet, card,
manifest); `reader.py` reads it back.

The one module that writes the files (pyarrow; `datasets` reads them back, see `features`). A version is
written to a temporary folder and renamed at the end, so an interrupted run leaves no half version; an
existing version is never replaced.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from curate.dataset.card import CONFIGS, configs_yaml, render_card
from curate.dataset.diff import VersionDiff, diff_documents
from curate.dataset.features import arrow_schema, dataset_info
from curate.dataset.reader import (
    FORMAT,
    MANIFEST,
    _file_digest,
    _iter_documents,
    changed_ids,
    list_versions,
    load_documents,
)
from curate.dataset.report import Agreement, RuleQuality
from curate.dataset.rows import rows_from_document
from curate.dataset.splits import SPLITS
from curate.errors import BadInputError, RecordError, VersionExistsError
from curate.records import Document, content_hash, text_hash
from curate.schema import EVENT_TYPES, SCHEMA_VERSION, SPAN_LABELS
from curate.tmpfiles import make_temp, remove_stale

CARD = "README.md"
KINDS = ("gold", "silver")
# Documents buffered, all splits together, before a row group of each config and split is written.
# One budget for all splits keeps memory flat in the number of documents (bench/bench_pull_rss.py:
# peak RSS 1.35x from 1,000 to 10,000 pulled tasks with 500 per split, three splits filling at once).
BATCH_DOCS = 500


def write_version(docs: Iterable[Document], root: str | Path, *, kind: str | None = None,
                  project: str | None = None, ruleset_version: str | None = None,
                  version: int | None = None, created: str | None = None,
                  source: dict[str, Any] | None = None) -> Path | None:
    """Write `root/vN` from annotated documents; return None when nothing changed since the latest version.

    `docs` is read once, as a stream: only each document's id, hashes and split stay in memory (the
    rows go to parquet 500 documents at a time). `source` (a pull's project id and export time) goes
    into the manifest: the next pull asks for the changes since then."""
    if kind is not None and kind not in KINDS:
        raise BadInputError(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    root = Path(root)
    existing = list_versions(root) if root.is_dir() else []
    latest = existing[-1] if existing else None
    last = int(latest["version"][1:]) if latest else 0
    if version is not None and (version <= last or (root / f"v{version}").exists()):
        raise VersionExistsError(f"{root / f'v{version}'}: versions are immutable and only go forward "
                                 f"(latest is v{last}); build without --as-version to write the next one")
    target = root / f"v{version or last + 1}"
    tmp = temp_version(root, target.name)
    try:
        seen = Seen()
        files, counts, splits = _write_parquet(seen.through(docs), tmp)
        hashes = seen.hashes
        if version is None and latest and {d["id"]: d["content_hash"] for d in latest["documents"]} == hashes:
            shutil.rmtree(tmp, ignore_errors=True)
            return None
        diff = None
        if latest:
            changed = changed_ids(latest, hashes)
            order = {doc_id: n for n, doc_id in enumerate(hashes)}  # the input's order, as the diff lists it
            new = sorted((doc for rel in files["documents"].values() for doc in _iter_documents(tmp / rel, changed)),
                         key=lambda doc: order[doc.id])
            diff = diff_documents(load_documents(root / latest["version"], changed), new)
        finish_version(tmp, target, latest, files, counts, splits, seen, diff, kind=kind,
                       ruleset_version=ruleset_version, project=project, created=created, source=source)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def temp_version(root: Path, name: str) -> Path:
    """Return a new private temporary folder for version `name` under `root`, clearing killed runs' ones."""
    try:
        root.mkdir(parents=True, exist_ok=True)
        remove_stale(root, ".v*.tmp*")  # versions that killed runs left half written
        return make_temp(root, name, directory=True)[1]
    except OSError as exc:
        raise BadInputError(f"{root}: cannot write here ({exc.strerror}); choose another --out") from None


def finish_version(tmp: Path, target: Path, latest: dict[str, Any] | None, files: dict[str, dict[str, str]],
                   counts: dict[str, Any], splits: dict[str, str], seen: Seen, diff: VersionDiff | None, *,
                   kind: str | None = None, ruleset_version: str | None = None, project: str | None = None,
                   created: str | None = None, source: dict[str, Any] | None = None) -> None:
    """Name the parquet files in `tmp` by content, write the card and manifest, and publish it as `target`."""
    files, digests = _name_by_content(tmp, files)
    hashes = seen.hashes
    manifest = {
        "format": FORMAT, "name": target.parent.name, "path": str(target.absolute()), "version": target.name,
        "parent": latest["version"] if latest else None, "kind": kind or ("gold" if seen.from_ls else "silver"),
        "schema_version": SCHEMA_VERSION,
        "ruleset_version": ruleset_version or seen.ls_meta("model_version"),
        "project": project or seen.ls_meta("project"),
        "created": created or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "counts": counts, "files": {}, **({"source": source} if source else {}),
        "documents": [{"id": i, "text_hash": seen.text_hashes[i], "content_hash": hashes[i],
                       "split": splits[i]} for i in hashes],
    }
    info = [dataset_info(name) for name in CONFIGS if files.get(name)]
    card = render_card(manifest, configs=configs_yaml(files), dataset_info=info, diff=diff,
                       quality=seen.quality, agreement=seen.agreement)
    (tmp / CARD).write_text(card, encoding="utf-8")
    manifest["files"] = {CARD: _file_digest(tmp / CARD), **digests}
    (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    _publish(tmp, target)


class Seen:
    """What a version keeps of each document streamed through the writer: hashes, reports, Label Studio meta."""

    def __init__(self) -> None:
        self.hashes: dict[str, str] = {}
        self.text_hashes: dict[str, str] = {}
        self.quality = RuleQuality()
        self.agreement = Agreement()
        self.from_ls = False
        self._ls: dict[str, set[str]] = {"model_version": set(), "project": set()}

    def through(self, docs: Iterable[Document]) -> Iterator[Document]:
        """Pass documents on, refusing a repeated id and noting what the manifest and card need."""
        for d in docs:
            self.note(d.id, d.meta, content_hash(d), text_hash(d.text))
            yield d
        if not self.hashes:
            raise BadInputError("no documents to build a version from")

    def note(self, doc_id: str, meta: Mapping[str, Any], content: str, text: str) -> None:
        """Note one document (its id, meta and hashes), refusing a repeated id."""
        if doc_id in self.hashes:
            raise RecordError(f"document {doc_id!r} appears twice (one record per document id)")
        self.hashes[doc_id] = content
        self.text_hashes[doc_id] = text
        self.quality.add(meta)
        self.agreement.add(meta)
        ls = meta.get("ls")
        self.from_ls = self.from_ls or ls is not None
        if isinstance(ls, dict):
            for key, values in self._ls.items():
                if ls.get(key) is not None:
                    values.add(str(ls[key]))

    def ls_meta(self, key: str) -> str | None:
        """Return the distinct values of a `meta["ls"]` field, joined, or None."""
        return ", ".join(sorted(self._ls[key])) or None


def _name_by_content(folder: Path, files: dict[str, dict[str, str]]):
    """Rename each `config/split.parquet` to `config/split-<sha256 prefix>.parquet`; return new names and digests.

    `datasets` keys its cache on the version folder's name (`v1`), the config and the card's relative
    data_files paths, so two versions whose files had the same names shared one cache entry and loaded
    each other's rows. A content hash in each file name makes the cache key follow the content.
    """
    renamed: dict[str, dict[str, str]] = {}
    digests: dict[str, dict[str, Any]] = {}
    for name, per in files.items():
        renamed[name] = {}
        for split, rel in per.items():
            digest = _file_digest(folder / rel)
            new = f"{name}/{split}-{digest['sha256'][:16]}.parquet"
            os.rename(folder / rel, folder / new)
            renamed[name][split] = new
            digests[new] = digest
    return renamed, digests


def _publish(tmp: Path, target: Path) -> None:
    """Rename the finished temporary folder to its version name; never onto an existing version."""
    tmp.chmod(0o755)  # mkdtemp makes it private; a published version is readable like any folder
    try:
        if target.exists():  # another build wrote it meanwhile
            raise FileExistsError
        os.rename(tmp, target)
    except OSError:
        if target.exists():
            raise VersionExistsError(f"{target}: version {target.name} was written meanwhile and versions "
                                     "are immutable; build again to write the next one") from None
        raise


def _write_parquet(docs: Iterable[Document], folder: Path):
    """Stream documents into one parquet file per config and split; return files, counts and each doc's split."""
    schemas = {name: arrow_schema(name) for name in CONFIGS}
    writers: dict[tuple[str, str], pq.ParquetWriter] = {}
    batches: dict[str, dict[str, list[dict[str, Any]]]] = {}  # split → config → rows waiting for a row group
    rows: dict[str, Counter[str]] = {name: Counter() for name in CONFIGS}
    entities: defaultdict[str, Counter[str]] = defaultdict(Counter)
    events: defaultdict[str, Counter[str]] = defaultdict(Counter)
    unplaced: Counter[str] = Counter()
    doc_split: dict[str, str] = {}

    def flush() -> None:
        for split, batch in batches.items():
            for name in CONFIGS:
                if not batch[name]:  # e.g. blank documents: no paragraph rows (an empty file would not load)
                    continue
                if (name, split) not in writers:
                    (folder / name).mkdir(exist_ok=True)
                    writers[(name, split)] = pq.ParquetWriter(folder / f"{name}/{split}.parquet", schemas[name],
                                                             compression="zstd")  # smaller, as fast as snappy
                rows[name][split] += len(batch[name])
                writers[(name, split)].write_table(rows_table(name, batch[name]))
        batches.clear()
        # Arrow's default pool (mimalloc) keeps what it freed: peak RSS at 10,000 pulled tasks is 1.18x
        # the 1,000-task peak without this, 1.08x with it (bench/bench_pull_rss.py).
        pa.default_memory_pool().release_unused()

    try:
        for doc in docs:
            try:
                made = rows_from_document(doc)
            except RecordError as exc:
                raise RecordError(f"document {doc.id!r}: {exc}") from None
            split = doc_split[doc.id] = made.split
            batch = batches.setdefault(split, {name: [] for name in CONFIGS})
            batch["ner"] += made.ner
            batch["events"] += made.events
            batch["documents"].append(made.document)
            unplaced.update(made.stats)
            for e in doc.entities or ():
                entities[e.label][split] += 1
            for v in doc.events or ():
                events[v.type][split] += 1
            if sum(len(b["documents"]) for b in batches.values()) >= BATCH_DOCS:
                flush()
        flush()
    finally:
        for w in writers.values():
            w.close()
    files = {name: {split: f"{name}/{split}.parquet" for split in SPLITS if (name, split) in writers}
             for name in CONFIGS}
    counts = {"documents": {s: n for s in SPLITS if (n := rows["documents"][s])},
              "rows": {name: {s: n for s in SPLITS if (n := rows[name][s])} for name in CONFIGS},
              "entities": {label: dict(entities[label]) for label in SPAN_LABELS if label in entities},
              "events": {t: dict(events[t]) for t in EVENT_TYPES if t in events},
              "unplaced": {k: unplaced[k] for k in sorted(unplaced) if unplaced[k]}}
    return files, counts, doc_split


def warm_up() -> None:
    """Pay pyarrow's first conversion of Python values now (it imports pandas: 0.2 s), e.g. while a pull's
    export runs on the server, not when the first rows are written."""
    pa.array([0])


def rows_table(name: str, rows: list[dict[str, Any]]) -> pa.Table:
    """Return the arrow table of one config's rows (what `pa.Table.from_pylist` gives, built faster for `ner`)."""
    if name != "ner" or not rows:
        return pa.Table.from_pylist(rows, schema=arrow_schema(name))
    schema = arrow_schema(name)
    # One character per token and one tag per character: both list columns share their offsets, and the
    # characters are cut from the rows' UTF-8 at each byte that starts a character (from_pylist took 0.2 s
    # a 1,000-document pull making a Python string of every character).
    lengths = np.fromiter((len(r["tokens"]) for r in rows), np.int32, len(rows))
    offsets = pa.array(np.concatenate(([0], np.cumsum(lengths, dtype=np.int32))), pa.int32())
    data = "".join("".join(r["tokens"]) for r in rows).encode("utf-8")
    starts = np.flatnonzero((np.frombuffer(data, np.uint8) & 0xC0) != 0x80).astype(np.int32)
    chars = pa.StringArray.from_buffers(len(starts), pa.py_buffer(np.append(starts, np.int32(len(data)))),
                                        pa.py_buffer(data))
    tags = pa.array(np.fromiter(chain.from_iterable(r["ner_tags"] for r in rows), np.int64, int(lengths.sum())))
    columns = {
        "doc_id": pa.array([r["doc_id"] for r in rows], pa.string()),
        "row": pa.array([r["row"] for r in rows], pa.int32()),
        "offset": pa.array([r["offset"] for r in rows], pa.int32()),
        "tokens": pa.ListArray.from_arrays(offsets, chars),
        "ner_tags": pa.ListArray.from_arrays(offsets, tags),
        "entities": pa.array([r["entities"] for r in rows], schema.field("entities").type),
    }
    return pa.Table.from_arrays([columns[f.name].cast(f.type) for f in schema], schema=schema)

