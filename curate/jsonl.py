"""JSON Lines edge: read records with line numbers, write them atomically (`-` is stdin/stdout)."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from curate.errors import BadInputError, CurateError, Problem
from curate.records import Document, document_from_dict


def read_jsonl(path: str | Path, on_problem: Callable[[Problem], None]) -> Iterator[tuple[int, Any]]:
    """Yield `(line_number, value)` for each non-blank line; report lines that are not JSON and go on."""
    name = str(path)
    if name == "-":
        yield from _parse_lines(sys.stdin, "<stdin>", on_problem)
        return
    p = Path(path)
    if not p.is_file():
        raise BadInputError(f"{name}: no such file (check the path)")
    with p.open("r", encoding="utf-8", errors="strict", newline="") as fh:
        try:
            yield from _parse_lines(fh, name, on_problem)
        except UnicodeDecodeError as exc:
            raise BadInputError(f"{name}: not UTF-8 text ({exc.reason}); JSONL must be UTF-8") from exc


def _parse_lines(lines: Iterable[str], name: str, on_problem: Callable[[Problem], None]):
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield lineno, json.loads(line)
        except json.JSONDecodeError as exc:
            on_problem(Problem(name, lineno, f"not valid JSON: {exc.msg} at column {exc.colno}",
                               "each line must be one JSON object"))


def read_documents(path: str | Path, on_problem: Callable[[Problem], None]) -> Iterator[Document]:
    """Yield validated `Document`s from a JSONL file; report and skip records that break SCHEMA.md."""
    for lineno, value in read_jsonl(path, on_problem):
        try:
            yield document_from_dict(value)
        except CurateError as exc:
            on_problem(Problem(str(path), lineno, str(exc), "see SCHEMA.md for the record format"))


def write_jsonl(records: Iterable[dict[str, Any]], path: str | Path) -> int:
    """Write dicts one per line; a file is written to a temporary name and renamed at the end."""
    if str(path) == "-":
        return _dump(records, sys.stdout)
    target = Path(path)
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise BadInputError(f"{path}: folder {parent} does not exist (create it or choose another -o)")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise BadInputError(f"{path}: cannot write here ({exc.strerror}); choose another -o") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            n = _dump(records, fh)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return n


def _dump(records: Iterable[dict[str, Any]], fh) -> int:
    n = 0
    for record in records:
        fh.write(json.dumps(record, ensure_ascii=False))
        fh.write("\n")
        n += 1
    return n
