"""Event rules' view of one document: text, resolved entities, sentence, clause and paragraph bounds.

Triggers are found in a `Context`; their arguments in the one `with_triggers` gives, which also knows
where every event rule's triggers stand (a shared subject: 出席会议并讲话).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from copy import copy
from itertools import islice

from curate.records import Document
from curate.rules.base import Span, sentences

CLAUSE_MARKS = "，,；;：:。！？!?\n"
_CLAUSE_MARK = re.compile(f"[{re.escape(CLAUSE_MARKS)}]")


class Context:
    """A document's text, resolved entities and sentence bounds, shared by event rules; once the triggers
    are found, `with_triggers` gives the context their arguments are found in."""

    def __init__(self, doc: Document, entities: Sequence[Span]) -> None:
        self.text = doc.text
        self.entities = sorted(entities, key=lambda s: s.start)
        self.starts = [e.start for e in self.entities]
        self.bounds = list(sentences(self.text))
        self.sentence_starts = [s for s, _ in self.bounds]
        self.marks = [m.start() for m in _CLAUSE_MARK.finditer(self.text)]
        self.line_ends = [m.start() for m in re.finditer("\n", self.text)]
        self.trigger_starts: list[int] | None = None

    def sentence(self, pos: int) -> tuple[int, int]:
        """Return the bounds of the sentence holding `pos`."""
        return self.bounds[bisect_right(self.sentence_starts, pos) - 1]

    def clause_start(self, pos: int) -> int:
        """Return where the clause (between commas) holding `pos` starts."""
        s_start, _ = self.sentence(pos)
        j = bisect_left(self.marks, pos) - 1
        return max(s_start, self.marks[j] + 1) if j >= 0 else s_start

    def clause_end(self, pos: int) -> int:
        """Return where the clause holding `pos` ends."""
        _, s_end = self.sentence(pos)
        j = bisect_left(self.marks, pos)
        return self.marks[j] if j < len(self.marks) and self.marks[j] < s_end else s_end

    def paragraph(self, pos: int) -> tuple[int, int]:
        """Return the bounds of the paragraph (line) holding `pos`."""
        # Bisect, not rfind/find: those scan the whole line, quadratic on one-line documents.
        i = bisect_left(self.line_ends, pos)
        start = self.line_ends[i - 1] + 1 if i else 0
        return start, self.line_ends[i] if i < len(self.line_ends) else len(self.text)

    def within(self, start: int, end: int, labels: str | tuple[str, ...]) -> list[Span]:
        """Return the entities with one of the labels inside `[start, end)`."""
        return list(self._inside(start, end, labels))

    def first_within(self, start: int, end: int, labels: str | tuple[str, ...]) -> list[Span]:
        """Return the first entity with one of the labels inside `[start, end)` (as a list of at most one)."""
        return list(islice(self._inside(start, end, labels), 1))

    def _inside(self, start: int, end: int, labels: str | tuple[str, ...]) -> Iterator[Span]:
        # Indexing, not slicing: a slice copies the rest of the list on every call.
        entities = self.entities
        for i in range(bisect_left(self.starts, start), len(entities)):
            e = entities[i]
            if e.start >= end:
                break
            if e.end <= end and e.label in labels:
                yield e

    def last_within(self, start: int, end: int, labels: str | tuple[str, ...]) -> list[Span]:
        """Return the last entity with one of the labels inside `[start, end)` (as a list of at most one)."""
        # Walks back from `end`, so a far `start` (a paragraph's) costs nothing.
        entities = self.entities
        for i in range(bisect_left(self.starts, end) - 1, -1, -1):
            e = entities[i]
            if e.start < start:
                break
            if e.end <= end and e.label in labels:
                return [e]
        return []

    def covering(self, start: int, end: int) -> Span | None:
        """Return an entity that overlaps `[start, end)`, if any."""
        i = bisect_right(self.starts, end - 1)
        for e in self.entities[max(0, i - 8):i]:
            if e.start < end and start < e.end:
                return e
        return None

    def with_triggers(self, triggers: Iterable[tuple[int, int]]) -> Context:
        """Return this context with every event rule's triggers (`(start, end)`), which arguments read."""
        ctx = copy(self)
        ctx.trigger_starts = sorted(start for start, _ in triggers)
        return ctx

    def _trigger_starts(self) -> list[int]:
        if self.trigger_starts is None:
            raise ValueError("the triggers are not found yet: use the context `with_triggers` gives")
        return self.trigger_starts

    def previous_trigger(self, start: int, floor: int) -> int | None:
        """Return the start of the nearest other trigger before `start`, if it is at or after `floor`."""
        starts = self._trigger_starts()
        i = bisect_left(starts, start) - 1
        return starts[i] if i >= 0 and starts[i] >= floor else None

    def next_trigger(self, end: int) -> int | None:
        """Return the start of the nearest trigger at or after `end`, if any."""
        starts = self._trigger_starts()
        i = bisect_left(starts, end)
        return starts[i] if i < len(starts) else None
