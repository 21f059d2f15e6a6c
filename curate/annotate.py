"""Rules stage: run the registered rules over cleaned documents; gives annotated documents (SCHEMA.md).

The order of work: the entity rules' layers (`registry.find_layers`), overlap resolution, each event
rule's triggers given the entities, then the events given every trigger. Entities are the resolved
spans plus `ARG` spans for event arguments that are no entity; ids run `T1, T2, …` and `E1, …` in
text order.
"""

from __future__ import annotations

import contextlib
import gc
import json
import multiprocessing
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from curate.errors import CurateError, Problem
from curate.jsonl import json_problem, record_problem
from curate.records import Argument, Document, Entity, Event, Trigger, check_span, document_from_dict
from curate.rules.base import Span
from curate.rules.context import Context
from curate.rules.events import EventProposal
from curate.rules.registry import ENTITY_RULES, EVENT_RULES, find_layers
from curate.rules.resolve import resolve_overlaps
from curate.schema import ARG_LABEL

T = TypeVar("T")
R = TypeVar("R")


@contextlib.contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector (when it runs) for work that builds many acyclic objects.

    Each collection walks every object alive, so on big inputs it costs more per item the more there
    are. Measured (`bench/bench_size.py`, one-line documents): annotate at 16 MB ran at 0.79× the 1 MB
    rate with the collector on and 0.93× paused; pull parsing an export lost a quarter of its time to it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def annotate_document(doc: Document) -> Document:
    """Return the document with the rules' entities and events (any earlier annotations replaced)."""
    with no_cyclic_gc():
        return _annotate_document(doc)


def find_entities(doc: Document) -> list[Span]:
    """Return the entity rules' spans that survive overlap resolution, in text order."""
    layers = find_layers(doc)  # numbers → divisions → places → organisations → people → phrases
    # In registry order, so that of two equal spans of equal priority the rule listed first stays.
    return resolve_overlaps(s for rule in ENTITY_RULES for s in layers.spans(rule.name))


def find_events(ctx: Context, triggers: dict[str, list[tuple[int, int]]]) -> list[EventProposal]:
    """Return the events of each event rule's `triggers` (by rule name), in text order."""
    # Arguments look at every rule's triggers (a shared subject: 出席会议并讲话).
    ctx = ctx.with_triggers(t for found in triggers.values() for t in found)
    return sorted((ev for rule in EVENT_RULES for ev in rule.find_events(ctx, triggers[rule.name])),
                  key=lambda ev: (ev.start, ev.type))


def _annotate_document(doc: Document) -> Document:
    kept = find_entities(doc)
    ctx = Context(doc, kept)
    triggers = {rule.name: list(rule.triggers(ctx)) for rule in EVENT_RULES}
    return assemble_document(doc, kept, find_events(ctx, triggers))


def assemble_document(doc: Document, kept: list[Span], proposals: list[EventProposal]) -> Document:
    """Return the document with these entity spans, the events' ARG spans, and the events (ids in text order)."""
    text = doc.text
    spans = kept + _arg_spans(text, kept, proposals)
    spans.sort(key=lambda s: (s.start, s.end))
    ids = {(s.start, s.end): f"T{i}" for i, s in enumerate(spans, 1)}
    # Every span was checked against the text where it was made (`Rule.span`, `_arg_spans`).
    entities = [Entity(s.label, s.start, s.end, s.text, s.source, ids[(s.start, s.end)]) for s in spans]
    events = []
    for n, ev in enumerate(proposals, 1):
        args = tuple(Argument(a.role, a.start, a.end, text[a.start:a.end], ids[(a.start, a.end)])
                     for a in ev.arguments if (a.start, a.end) in ids)
        events.append(Event(ev.type, Trigger(ev.start, ev.end, text[ev.start:ev.end]), ev.realis, args,
                            ev.source, f"E{n}"))
    return doc.with_annotations(entities, events)


def _arg_spans(text: str, kept: list[Span], proposals: list[EventProposal]) -> list[Span]:
    """Return ARG spans for arguments that are no entity; ones overlapping an entity are dropped."""
    taken = bytearray(len(text))
    exact = set()
    for s in kept:
        taken[s.start:s.end] = b"\1" * s.length
        exact.add((s.start, s.end))
    out = []
    for ev in proposals:
        for a in ev.arguments:
            if (a.start, a.end) in exact or any(taken[a.start:a.end]):
                continue
            taken[a.start:a.end] = b"\1" * (a.end - a.start)
            exact.add((a.start, a.end))
            check_span(text, a.start, a.end, text[a.start:a.end], f"{ev.source} argument {a.role}")
            out.append(Span(ARG_LABEL, a.start, a.end, text[a.start:a.end], ev.source))
    return out


def annotate_documents(docs: Iterable[Document], workers: int = 1, batch: int = 256) -> Iterator[Document]:
    """Annotate a stream of documents in order; `workers > 1` spreads them over that many processes."""
    return ordered_map(annotate_document, docs, workers, batch)


def annotate_line(item: tuple[int, str], annotator: Callable[[Document], Document] = annotate_document,
                  ) -> tuple[str | None, Problem | None]:
    """Annotate one numbered JSONL line: (annotated JSON line, None), or (None, the problem).

    Parsing and serialising here, not in the reading process, lets `--workers` scale: the parent
    only moves strings. A problem's `file` is left empty for the caller to fill in.
    """
    lineno, line = item
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, json_problem("", lineno, exc)
    try:
        doc = document_from_dict(value)
    except CurateError as exc:
        return None, record_problem("", lineno, exc)
    return json.dumps(annotator(doc).to_dict(), ensure_ascii=False), None


def annotate_lines(lines: Iterable[tuple[int, str]], workers: int = 1,
                   batch: int = 256) -> Iterator[tuple[str | None, Problem | None]]:
    """Annotate numbered JSONL lines in order (see `annotate_line`), over `workers` processes."""
    return ordered_map(annotate_line, lines, workers, batch)


def ordered_map(fn: Callable[[T], R], items: Iterable[T], workers: int, batch: int = 256) -> Iterator[R]:
    """Map fn over items in order; `workers > 1` uses that many processes, never more than
    `batch * workers` items ahead of the consumer (memory stays flat, no worker waits for a round)."""
    if workers <= 1:
        yield from map(fn, items)
        return
    ahead = threading.Semaphore(batch * workers)
    stop = threading.Event()

    def feed() -> Iterator[T]:  # runs in the pool's task thread: blocks while too far ahead
        for item in items:
            while not ahead.acquire(timeout=0.1):
                if stop.is_set():
                    return
            if stop.is_set():
                return
            yield item

    with multiprocessing.get_context("fork").Pool(workers) as pool:
        try:
            for result in pool.imap(fn, feed(), chunksize=max(1, batch // 8)):
                ahead.release()
                yield result
        finally:
            stop.set()  # lets the task thread end, so the pool can shut down even when we stop early
