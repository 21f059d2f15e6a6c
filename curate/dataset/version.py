"""Dataset edge: annotated documents → an immutable version folder `root/vN` (parquet, card, manifest), and back.

The one module that writes the files (pyarrow; `datasets` reads them back, see `features`). A version is written to a temporary folder and
renamed at the end, so an interrupted run leaves no half version; an existing version is never replaced.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from curate.dataset.card import CONFIGS, configs_yaml, render_card
from curate.dataset.diff import VersionDiff, diff_documents
from curate.dataset.features import arrow_schema, dataset_info
from curate.dataset.report import Agreement, RuleQuality
from curate.dataset.rows import rows_from_document
from curate.dataset.splits import SPLITS
from curate.errors import BadInputError, RecordError, VersionExistsError
from curate.records import Document, content_hash, document_from_row, text_hash
from curate.schema import EVENT_TYPES, SCHEMA_VERSION, SPAN_LABELS
from curate.tmpfiles import make_temp, remove_stale

MANIFEST = "manifest.json"
CARD = "README.md"
FORMAT = "curate-dataset"
KINDS = ("gold", "silver")
# Documents buffered, all splits together, before a row group of each config and split is written.
# One budget for all splits keeps memory flat in the number of documents (bench/bench_pull_rss.py:
# peak RSS 1.35x from 1,000 to 10,000 pulled tasks with 500 per split, three splits filling at once).
BATCH_DOCS = 500
BATCH_ROWS = 2000  # rows decoded at a time when reading
_VERSION_DIR = re.compile(r"^v([1-9][0-9]*)$")
# `config/split-<hash>.parquet`; versions written before the hash was added have `config/split.parquet`
_DATA_FILE = re.compile(r"^([a-z]+)/([a-z]+)(?:-[0-9a-f]{16})?\.parquet$")
_REQUIRED = ("format", "version", "parent", "kind", "schema_version", "created", "counts", "files", "documents")


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


def data_file(manifest: dict[str, Any], config: str, split: str) -> str | None:
    """Return the relative parquet path of one config and split of a version (either file layout), or None."""
    for rel in manifest["files"]:
        m = _DATA_FILE.match(rel)
        if m and m.group(1) == config and m.group(2) == split:
            return rel
    return None


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


def list_versions(root: str | Path) -> list[dict[str, Any]]:
    """Return the validated manifests of every version under `root`, oldest first."""
    root = Path(root)
    if not root.is_dir():
        raise BadInputError(f"{root}: no such dataset folder (write one with `curate build … --out {root}`)")
    found = sorted((int(m.group(1)), p) for p in root.iterdir() if p.is_dir() and (m := _VERSION_DIR.match(p.name)))
    return [read_manifest(p) for _, p in found]


def read_manifest(version_dir: str | Path) -> dict[str, Any]:
    """Read and validate a version's manifest.json; a missing, corrupt or newer one is a clear error."""
    d = Path(version_dir)
    path = d / MANIFEST
    redo = f"the version is incomplete or corrupt: delete {d} and build it again"
    if not d.is_dir():
        raise BadInputError(f"{d}: no such version folder (list them with `curate versions {d.parent}`)")
    if not path.is_file():
        raise BadInputError(f"{path}: missing, so {d} is not a complete version ({redo})")
    try:
        m = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BadInputError(f"{path}: not valid JSON ({exc}); {redo}") from None
    if not isinstance(m, dict) or m.get("format") != FORMAT:
        raise BadInputError(f"{path}: not a curate dataset manifest (no \"format\": \"{FORMAT}\"); {redo}")
    missing = [k for k in _REQUIRED if k not in m]
    if missing:
        raise BadInputError(f"{path}: missing field(s) {', '.join(missing)}; {redo}")
    if not isinstance(m["schema_version"], int):
        raise BadInputError(f"{path}: schema_version must be an integer; {redo}")
    if m["schema_version"] > SCHEMA_VERSION:
        raise BadInputError(f"{path}: schema version {m['schema_version']!r} is newer than this curate's "
                            f"({SCHEMA_VERSION}); upgrade curate to read this version")
    if m["version"] != d.name:
        raise BadInputError(f"{path}: says version {m['version']!r} but the folder is {d.name!r} "
                            "(a renamed folder? give it its manifest's name back)")
    return m


def check_files(version_dir: str | Path) -> dict[str, Any]:
    """Validate the manifest and that every file it lists is present and unchanged; return the manifest."""
    d = Path(version_dir)
    m = read_manifest(d)
    for rel, want in m["files"].items():
        path = d / rel
        if not path.is_file():
            raise BadInputError(f"{path}: missing (listed in {d / MANIFEST}); the version is incomplete: "
                                f"delete {d} and build it again")
        if _file_digest(path) != want:
            raise BadInputError(f"{path}: content differs from {d / MANIFEST} (the file was changed or "
                                f"truncated); versions are immutable: delete {d} and build it again")
    return m


def load_documents(version_dir: str | Path, ids: Iterable[str] | None = None) -> list[Document]:
    """Read a version's documents (all, or those with these ids) from its lossless `documents` config."""
    d = Path(version_dir)
    m = check_files(d)
    return [doc for split in SPLITS if (rel := data_file(m, "documents", split))
            for doc in _iter_documents(d / rel, ids)]


def iter_split_documents(version_dir: str | Path) -> list[Iterator[Document]]:
    """Return one lazy stream of documents per split of a version (in the order they were written)."""
    d = Path(version_dir)
    m = check_files(d)
    return [_iter_documents(d / rel) for split in SPLITS if (rel := data_file(m, "documents", split))]


def _iter_documents(path: Path, ids: Iterable[str] | None = None) -> Iterator[Document]:
    wanted = None if ids is None else pa.array(sorted(set(ids)), pa.string())
    return (document_from_row(r) for r in _read_rows(path, wanted))


def load_metas(version_dir: str | Path) -> list[dict[str, Any]]:
    """Read only the documents' meta of a version (what the rule-quality report needs), after checking its files."""
    d = Path(version_dir)
    m = check_files(d)
    metas: list[dict[str, Any]] = []
    for split in SPLITS:
        if rel := data_file(m, "documents", split):
            try:
                column = pq.read_table(d / rel, columns=["meta"]).column("meta")
            except (pa.ArrowException, OSError, KeyError) as exc:
                raise BadInputError(f"{d / rel}: unreadable ({exc}); delete {d} and build it again") from None
            metas.extend(json.loads(x) for x in column.to_numpy(zero_copy_only=False).tolist())
    return metas


def resolve_version(root: str | Path, version: str | None) -> Path:
    """Return the folder of version `vN` (or `N`) under `root`, or of the latest version when None."""
    versions = list_versions(root)
    if not versions:
        raise BadInputError(f"{root}: has no versions yet (write one with `curate build … --out {root}`)")
    if version is None:
        return Path(root) / versions[-1]["version"]
    name = version if version.startswith("v") else f"v{version}"
    if name not in {m["version"] for m in versions}:
        known = ", ".join(m["version"] for m in versions)
        raise BadInputError(f"{root}: no version {version!r} (known: {known})")
    return Path(root) / name


def diff_versions(root: str | Path, old: str, new: str) -> VersionDiff:
    """Return what changed from version `old` to version `new` of the dataset under `root`."""
    return diff_version_dirs(resolve_version(root, old), resolve_version(root, new))


def diff_version_dirs(old: str | Path, new: str | Path) -> VersionDiff:
    """Return what changed from one version folder to another, of the same dataset or not (silver → gold)."""
    changed = changed_ids(read_manifest(old), {x["id"]: x["content_hash"] for x in read_manifest(new)["documents"]})
    return diff_documents(load_documents(old, changed), load_documents(new, changed))


def changed_ids(parent: dict[str, Any], hashes: dict[str, str]) -> set[str]:
    """Return ids added, removed or changed since `parent` (from the manifests' content hashes)."""
    before = {x["id"]: x["content_hash"] for x in parent["documents"]}
    return {i for i in before.keys() | hashes.keys() if before.get(i) != hashes.get(i)}


def _read_rows(path: Path, ids: pa.Array | None = None) -> Iterator[dict[str, Any]]:
    try:
        for batch in pq.ParquetFile(path).iter_batches(batch_size=BATCH_ROWS):
            if ids is not None:
                batch = batch.filter(pc.is_in(batch.column("id"), value_set=ids))  # type: ignore[attr-defined]
            yield from batch.to_pylist()
    except (pa.ArrowException, OSError, KeyError, IndexError) as exc:
        raise BadInputError(f"{path}: unreadable ({exc}); delete {path.parent.parent} and build it again") from None


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


def _file_digest(path: Path) -> dict[str, Any]:
    """Return a file's size and sha256, as the manifest lists them."""
    with path.open("rb") as fh:
        return {"bytes": path.stat().st_size, "sha256": hashlib.file_digest(fh, "sha256").hexdigest()}
