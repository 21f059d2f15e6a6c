"""Ingest edge: find `.txt`/`.html`/`.jsonl` inputs, read their bytes, and stream cleaned `Document`s.

Bad inputs (empty, binary, undecodable, not Chinese, bad JSONL lines) are reported as `Problem`s
and skipped; a missing path is a `BadInputError`. Pages are cleaned in windows of `TEMPLATE_WINDOW`:
each window learns its sites' templates (`clean/template.py`), so memory does not grow with the
batch. Duplicates are marked (or dropped) on the way. Folders are walked one directory at a time and
the report keeps counts and `SHOWN` examples, not per-page lists: memory stays flat in the pages.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Generic, TypeVar

from curate.clean import clean_document
from curate.clean.decode import UndecodableError, decode_bytes
from curate.clean.html import read_html
from curate.clean.parts import MAX_TASK_CHARS, split_long
from curate.clean.script import cjk_share
from curate.clean.template import learn_templates, line_shapes
from curate.dedupe import Duplicate, mark_duplicates
from curate.errors import BadInputError, CurateError, Problem
from curate.jsonl import read_jsonl
from curate.records import Document

log = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl",)
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES
MIN_CJK_SHARE = 0.3  # below this the cleaned text is not a Chinese article
TEMPLATE_WINDOW = 200  # pages held at once to learn site templates from (bounds memory)
MAX_ID_CHARS = 200  # document ids become file names, URLs and Label Studio task fields
SHOWN = 20  # duplicates, split and review documents the summary names (each is marked in its record)
_BAD_ID_CHARS = re.compile(r"[/\\\x00-\x1f\x7f-\x9f\u2028\u2029]")

OnProblem = Callable[[Problem], None]
T = TypeVar("T")


@dataclass(frozen=True)
class RawPage:
    """One decoded input page before cleaning: its text, where it came from, what the input said."""

    text: str
    file: str
    line: int | None
    fields: dict[str, Any]

    @property
    def url(self) -> str | None:
        return self.fields.get("url")


@dataclass
class Examples(Generic[T]):
    """How many of something there were, and the first `SHOWN` of them."""

    count: int = 0
    shown: list[T] = field(default_factory=list)

    def add(self, item: T) -> None:
        self.count += 1
        if len(self.shown) < SHOWN:
            self.shown.append(item)

    def more(self) -> list[str]:
        """Return the line that says how many are not shown, if any."""
        return [f"  … and {self.count - len(self.shown)} more"] if self.count > len(self.shown) else []


@dataclass
class IngestReport:
    """`documents` streams (once); the counters fill as it is consumed, for `summary_lines`."""

    documents: Iterator[Document] = field(default_factory=lambda: iter(()))
    files: int = 0
    written: int = 0
    chars: int = 0
    skipped: int = 0
    review: Examples[tuple[str, list[str]]] = field(default_factory=Examples)
    duplicates: Examples[Duplicate] = field(default_factory=Examples)
    split: Examples[tuple[str, int]] = field(default_factory=Examples)
    dedupe: bool = False

    def summary_lines(self) -> list[str]:
        """Return human lines: counts, duplicates found, documents needing review."""
        lines = [f"cleaned {self.written} documents ({self.chars:,} characters) from {self.files} files"
                 + (f"; {self.skipped} bad inputs skipped" if self.skipped else "")]
        if self.duplicates.count:
            action = "dropped" if self.dedupe else "kept and marked (use --dedupe to keep one)"
            lines.append(f"{self.duplicates.count} duplicates found, {action}:")
            lines += [f"  {d.doc_id} = {d.duplicate_of} ({d.kind}, {d.similarity:.2f})" for d in self.duplicates.shown]
            lines += self.duplicates.more()
        if self.split.count:
            lines.append(f"{self.split.count} documents longer than {MAX_TASK_CHARS:,} characters (one Label Studio "
                         "task) split at paragraphs into ID#p1, ID#p2, …:")
            lines += [f"  {doc_id}: {n} parts" for doc_id, n in self.split.shown]
            lines += self.split.more()
        if self.review.count:
            lines.append(f"{self.review.count} documents need review (meta.needs_review):")
            lines += [f"  {doc_id}: {'; '.join(reasons)}" for doc_id, reasons in self.review.shown]
            lines += self.review.more()
        return lines


def find_inputs(paths: list[Path]) -> list[Path]:
    """Expand folders into their supported files (sorted); raise `BadInputError` for a missing path."""
    check_inputs(paths)
    return list(iter_inputs(paths))


def check_inputs(paths: list[Path]) -> None:
    """Raise `BadInputError` for a missing path or a folder without pages; hold no list of files."""
    for path in paths:
        if path.is_dir():
            if next(_walk(path), None) is None:
                others = sum(1 for p in path.rglob("*") if p.is_file())
                raise BadInputError(f"{path}: no .txt, .html or .jsonl pages in this folder"
                                    + (f" ({others} files of other types)" if others else " (it is empty)")
                                    + "; give the folder that holds the pages, or the files themselves")
        elif not path.is_file():
            raise BadInputError(f"{path}: no such file or folder (check the path)")


def iter_inputs(paths: list[Path]) -> Iterator[Path]:
    """Yield the files of `paths`, each folder's supported files in sorted order (as `sorted(rglob)`)."""
    for path in paths:
        yield from _walk(path) if path.is_dir() else (path,)


def _walk(folder: Path) -> Iterator[Path]:
    # One directory's names at a time: sorted names, depth first, is the order of sorted paths. Like
    # rglob, a symlink to a folder is not followed (no cycles).
    for name in sorted(os.listdir(folder)):
        path = folder / name
        if path.is_dir():
            if not path.is_symlink():
                yield from _walk(path)
        elif path.suffix.lower() in SUFFIXES and path.is_file():
            yield path


def ingest_paths(paths: list[Path], on_problem: OnProblem, dedupe: bool = False,
                 window: int = TEMPLATE_WINDOW) -> IngestReport:
    """Check the paths now, then return a report whose `documents` cleans them lazily.

    `window` pages at a time learn their site templates; `window=1` cleans each page alone.
    """
    paths = [Path(p) for p in paths]
    check_inputs(paths)
    report = IngestReport(files=sum(1 for _ in iter_inputs(paths)), dedupe=dedupe)

    def counted(problem: Problem) -> None:
        report.skipped += 1
        on_problem(problem)

    def stream() -> Iterator[Document]:
        pages = (page for f in iter_inputs(paths) for page in _read_file(f, counted))
        cleaned = (doc for page, drop in with_templates(pages, window)
                   if (doc := _clean(page, counted, drop)) is not None)
        docs = (part for doc in cleaned for part in _split(doc, report))
        for doc in mark_duplicates(docs, keep_one=dedupe, on_duplicate=report.duplicates.add):
            report.written += 1
            report.chars += len(doc.text)
            if doc.meta.get("needs_review"):
                report.review.add((doc.id, list(doc.meta.get("review_reasons", []))))
            yield doc

    report.documents = stream()
    return report


def _split(doc: Document, report: IngestReport) -> list[Document]:
    parts = split_long(doc)
    if len(parts) > 1:
        report.split.add((doc.id, len(parts)))
    return parts


def check_id(doc_id: str) -> str | None:
    """Return what is wrong with a document id (path separators, control characters, length), or None."""
    if not doc_id.strip():
        return "an empty document id"
    if m := _BAD_ID_CHARS.search(doc_id):
        return f"document id {doc_id[:60]!r} holds {m.group(0)!r} (no / \\ or control characters)"
    if len(doc_id) > MAX_ID_CHARS:
        return f"document id of {len(doc_id)} characters (at most {MAX_ID_CHARS})"
    return None


def with_templates(pages: Iterable[RawPage], window: int) -> Iterator[tuple[RawPage, dict[int, str]]]:
    """Yield each page with the raw lines its site's template covers, learned over `window` pages."""
    pages = iter(pages)
    while batch := list(islice(pages, window)):
        shapes = [line_shapes(p.text) for p in batch]
        templates = learn_templates([p.text for p in batch], [p.url for p in batch], shapes)
        for page, template, lines in zip(batch, templates, shapes, strict=True):
            yield page, template.lines_of(lines)


def _page(text: str, file: str, line: int | None, **fields: Any) -> RawPage:
    # Line numbers must be the same for template learning and for cleaning.
    return RawPage(text.replace("\r\n", "\n").replace("\r", "\n"), file, line, fields)


def _read_file(path: Path, on_problem: OnProblem) -> Iterator[RawPage]:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path, on_problem)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        on_problem(Problem(str(path), None, f"cannot read ({exc.strerror})", "check permissions"))
        return
    if not data.strip():
        on_problem(Problem(str(path), None, "empty file", "remove it or add the page text"))
        return
    try:
        text, encoding = decode_bytes(data)
    except UndecodableError as exc:
        on_problem(Problem(str(path), None, str(exc), "give a UTF-8 or GB18030 .txt/.html page"))
        return
    fields: dict[str, Any] = {}
    if suffix in HTML_SUFFIXES:
        text, fields = _from_html(text)
    if bad := check_id(path.stem):
        on_problem(Problem(str(path), None, bad, "rename the file"))
        return
    yield _page(text, str(path), None, doc_id=path.stem, source=path.name, encoding=encoding, **fields)


def _from_html(html: str) -> tuple[str, dict[str, Any]]:
    """Return an HTML page's article text and the metadata its markup gives (title, date, outlet, URL)."""
    page = read_html(html)
    fields = {"title": page.title, "published": page.published, "outlet": page.outlet, "url": page.url}
    return page.text, {k: v for k, v in fields.items() if v}


def _read_jsonl(path: Path, on_problem: OnProblem) -> Iterator[RawPage]:
    try:
        for lineno, value in read_jsonl(path, on_problem):
            if not isinstance(value, dict):
                on_problem(Problem(str(path), lineno, f"a JSON {type(value).__name__}, not an object",
                                   'each line must be an object with a "text" or "html" field'))
                continue
            text, from_html = value.get("text"), dict[str, Any]()
            if not isinstance(text, str) and isinstance(value.get("html"), str):
                text, from_html = _from_html(value["html"])
            if not isinstance(text, str) or not text.strip():
                on_problem(Problem(str(path), lineno, 'no "text" or "html" string in the record',
                                   'add a non-empty "text" (or "html") field'))
                continue
            fields = {**from_html, **{k: v for k in ("title", "published", "url") if (v := _opt_str(value, k))}}
            doc_id = _opt_str(value, "id") or f"{path.stem}-{lineno}"
            if bad := check_id(doc_id):
                on_problem(Problem(str(path), lineno, bad, 'give the record a short "id" without / \\ or '
                                                           "control characters"))
                continue
            yield _page(text, str(path), lineno, doc_id=doc_id, source=path.name, encoding="utf-8", **fields)
    except CurateError as exc:  # a JSONL file that is not UTF-8: skip the rest of this file
        on_problem(Problem(str(path), None, str(exc), "save the file as UTF-8"))


def _opt_str(value: dict[str, Any], key: str) -> str | None:
    v = value.get(key)
    return str(v) if v is not None and v != "" else None


def _clean(page: RawPage, on_problem: OnProblem, drop_lines: dict[int, str]) -> Document | None:
    """Clean one input; report it and return None when it holds no Chinese article text."""
    file, line = page.file, page.line
    if _not_chinese(page.text, file, line, on_problem):
        return None
    doc = clean_document(page.text, drop_lines=drop_lines, **page.fields)
    if not doc.text.strip():
        on_problem(Problem(file, line, "no article text left after cleaning",
                           "check that the input is a news page, not only navigation or footer"))
        return None
    if _not_chinese(doc.text, file, line, on_problem):
        return None
    log.debug("cleaned %s: %d characters", doc.id, len(doc.text))
    return doc


def _not_chinese(text: str, file: str, line: int | None, on_problem: OnProblem) -> bool:
    share = cjk_share(text)
    if share >= MIN_CJK_SHARE:
        return False
    on_problem(Problem(file, line, f"not Chinese text (only {share:.0%} of it is hanzi)",
                       "curate ingests Chinese news pages only"))
    return True
