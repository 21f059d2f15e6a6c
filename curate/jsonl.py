"""JSON Lines edge: read records with line numbers, write them atomically (`-` is stdin/stdout)."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from curate.errors import BadInputError, CurateError, Problem
from curate.records import Document, document_from_dict
from curate.tmpfiles import make_temp, remove_stale


def read_lines(path: str | Path) -> Iterator[tuple[int, str]]:
    """Yield `(line_number, line)` for each non-blank line of a UTF-8 file (`-` is stdin)."""
    name = str(path)
    if name == "-":
        yield from _numbered(sys.stdin)
        return
    p = Path(path)
    if not p.is_file():
        raise BadInputError(f"{name}: no such file (check the path)")
    with p.open("r", encoding="utf-8", errors="strict", newline="") as fh:
        try:
            yield from _numbered(fh)
        except UnicodeDecodeError as exc:
            raise BadInputError(f"{name}: not UTF-8 text ({exc.reason}); JSONL must be UTF-8") from exc


def _numbered(lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    for lineno, line in enumerate(lines, 1):
        if line.strip():
            yield lineno, line


def read_jsonl(path: str | Path, on_problem: Callable[[Problem], None]) -> Iterator[tuple[int, Any]]:
    """Yield `(line_number, value)` for each non-blank line; report lines that are not JSON and go on."""
    name = "<stdin>" if str(path) == "-" else str(path)
    for lineno, line in read_lines(path):
        try:
            yield lineno, json.loads(line)
        except json.JSONDecodeError as exc:
            on_problem(json_problem(name, lineno, exc))


def json_problem(name: str, lineno: int, exc: json.JSONDecodeError) -> Problem:
    """The report for a line that is not JSON."""
    # json's messages may end in "at" ("Unterminated string starting at"): say it once
    return Problem(name, lineno, f"not valid JSON: {exc.msg.removesuffix(' at')} at column {exc.colno}",
                   "each line must be one JSON object")


def record_problem(name: str, lineno: int, exc: CurateError) -> Problem:
    """The report for a JSON line that is not a valid record."""
    return Problem(name, lineno, str(exc), "see SCHEMA.md for the record format")


def read_documents(path: str | Path, on_problem: Callable[[Problem], None]) -> Iterator[Document]:
    """Yield validated `Document`s from a JSONL file, or from each `*.jsonl` shard of a folder in name order;
    report and skip records that break SCHEMA.md."""
    if str(path) != "-" and Path(path).is_dir():
        shards = sorted(Path(path).glob("*.jsonl"))
        if not shards:
            raise BadInputError(f"{path}: a folder with no .jsonl shards (give a JSONL file or a folder of them)")
        for shard in shards:
            yield from read_documents(shard, on_problem)
        return
    for lineno, value in read_jsonl(path, on_problem):
        try:
            yield document_from_dict(value)
        except CurateError as exc:
            on_problem(record_problem(str(path), lineno, exc))


def write_jsonl(records: Iterable[dict[str, Any]], path: str | Path) -> int:
    """Write dicts one per line; a file is written to a temporary name and renamed at the end."""
    return write_lines((json.dumps(r, ensure_ascii=False) for r in records), path)


def write_lines(lines: Iterable[str], path: str | Path, if_empty: str | None = None) -> int:
    """Write JSON strings one per line (`-` is stdout); a file is written to a temporary name and
    renamed at the end, so an interrupted run leaves no half file. With `if_empty`, writing nothing is
    a `BadInputError` with that message and no file is left."""
    if str(path) == "-":
        n = _dump(lines, sys.stdout)
        if not n and if_empty:
            raise BadInputError(if_empty)
        return n
    target = Path(path)
    if target.is_dir():
        raise BadInputError(f"{path}: is a folder; give a file name to -o")
    if target.exists() and not target.is_file():
        # /dev/null, a FIFO, /dev/stdout: written in place. Renaming a temp over it would replace the
        # device with a plain file (as root, /dev/null itself).
        with open(target, "w", encoding="utf-8", newline="\n") as fh:
            n = _dump(lines, fh)
        if not n and if_empty:
            raise BadInputError(if_empty)
        return n
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise BadInputError(f"{path}: folder {parent} does not exist (create it or choose another -o)")
    remove_stale(parent, f".{target.name}.*.tmp")
    try:
        fd, tmp = make_temp(parent, target.name)
    except OSError as exc:
        raise BadInputError(f"{path}: cannot write here ({exc.strerror}); choose another -o") from exc
    try:
        assert fd is not None
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            n = _dump(lines, fh)
        if not n and if_empty:
            raise BadInputError(if_empty)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; outputs are ordinary files
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return n


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _dump(lines: Iterable[str], fh) -> int:
    n = 0
    for line in lines:
        fh.write(line)
        fh.write("\n")
        n += 1
    return n
