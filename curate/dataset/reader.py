"""Dataset edge, reading side: a version folder `root/vN` → its checked manifest and its documents.

What every reader of a version shares (`curate diff`, `report`, `train`, pull's merge, the Hub upload):
the manifest validated, every listed file checked against its size and sha256, documents decoded from
the lossless `documents` config. `version.py` writes what this reads.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from curate.dataset.diff import VersionDiff, diff_documents
from curate.dataset.splits import SPLITS
from curate.errors import BadInputError
from curate.records import Document, document_from_row
from curate.schema import SCHEMA_VERSION

MANIFEST = "manifest.json"
FORMAT = "curate-dataset"
BATCH_ROWS = 2000  # rows decoded at a time when reading
_VERSION_DIR = re.compile(r"^v([1-9][0-9]*)$")
# `config/split-<hash>.parquet`; versions written before the hash was added have `config/split.parquet`
_DATA_FILE = re.compile(r"^([a-z]+)/([a-z]+)(?:-[0-9a-f]{16})?\.parquet$")
_REQUIRED = ("format", "version", "parent", "kind", "schema_version", "created", "counts", "files", "documents")


def data_file(manifest: dict[str, Any], config: str, split: str) -> str | None:
    """Return the relative parquet path of one config and split of a version (either file layout), or None."""
    for rel in manifest["files"]:
        m = _DATA_FILE.match(rel)
        if m and m.group(1) == config and m.group(2) == split:
            return rel
    return None


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


def _file_digest(path: Path) -> dict[str, Any]:
    """Return a file's size and sha256, as the manifest lists them."""
    with path.open("rb") as fh:
        return {"bytes": path.stat().st_size, "sha256": hashlib.file_digest(fh, "sha256").hexdigest()}
