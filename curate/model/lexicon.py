"""Lexicon of human-confirmed names: gold spans → (text, label) entries with a count and a precision.

Precision is measured on the training texts: how often the string, wherever it occurs, is gold-labelled
with that label. Matching marks the longest entry at each position (left to right, no overlaps).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from curate.errors import BadInputError
from curate.records import Document
from curate.rules.base import build_trie, trie_pattern
from curate.schema import ARG_LABEL, ENTITY_LABELS

MIN_CHARS = 2
TRUSTED = 0.5  # an entry at or above this precision is a trusted feature, below it a weak one


@dataclass(frozen=True)
class Entry:
    """A name people confirmed: label, how often it was gold, and its precision in the training texts."""

    text: str
    label: str
    count: int
    precision: float


def gold_spans(doc: Document) -> Iterator[tuple[str, int, int]]:
    """Yield (label, start, end) of a gold document's entities (no ARG) and triggers (label = event type)."""
    for e in doc.entities or ():
        if e.label != ARG_LABEL:
            yield e.label, e.start, e.end
    for ev in doc.events or ():
        yield ev.type, ev.trigger.start, ev.trigger.end


CORRECTION_PAGES = 3  # a rule span people corrected the same way on this many pages, and never otherwise
_KEPT, _OTHER = "=", "?"  # outcomes of a rule span on a page besides removed ("") and relabelled (a label)


def harvest_corrections(docs: Iterable[Document], views: Iterable[Document]) -> list[tuple[str, str, str, int]]:
    """Return (text, label, to, pages) of the rules' spans people corrected the same way on at least
    `CORRECTION_PAGES` of the gold documents and never otherwise (`views`: the rules' annotation of each, in
    the same order): removed (`to` = "": no gold span over any of its characters) or relabelled (`to` = the
    label of the gold entity with the same offsets). A span kept or resized anywhere is left to the rules.
    Pages, not occurrences: one page's own usage (招商大使, five times) says little about the next. Entities
    only: a trigger word is one only in context, and in five-fold cross-validation on the 30 dev training
    pages with an older rule set (197afa2) the one trigger it removed (对接 as 投资) was right on the next page.

    The rules repeat a mistake on every page; people fix it once per page, and the next batch should not
    need it again.
    """
    outcomes: dict[tuple[str, str], Counter[str]] = {}
    for doc, view in zip(docs, views, strict=True):
        gold = {(s, e): label for label, s, e in gold_spans(doc)}
        covered = bytearray(len(doc.text))
        for s, e in gold:
            covered[s:e] = b"\1" * (e - s)
        mine: dict[tuple[str, str], set[str]] = {}
        for label, start, end in gold_spans(view):
            if label not in ENTITY_LABELS:
                continue  # a trigger word is one only in context (对接 is an investment on one page, not on three)
            to = gold.get((start, end))
            outcome = (_KEPT if to == label else to if to in ENTITY_LABELS
                       else "" if to is None and not any(covered[start:end]) else _OTHER)
            mine.setdefault((doc.text[start:end], label), set()).add(outcome)
        for key, seen in mine.items():
            outcomes.setdefault(key, Counter()).update(seen)
    found = [(t, label, to, n) for (t, label), c in outcomes.items() if len(c) == 1
             for to, n in c.items() if to not in (_KEPT, _OTHER) and n >= CORRECTION_PAGES]
    return sorted(found, key=lambda r: (-r[3], r[0], r[1]))


def harvest_lexicon(docs: Iterable[Document]) -> list[Entry]:
    """Return one entry per (text, label) of the gold spans, with its count and precision."""
    docs = list(docs)
    counts: Counter[tuple[str, str]] = Counter()
    for d in docs:
        for label, start, end in gold_spans(d):
            if end - start >= MIN_CHARS:
                counts[(d.text[start:end], label)] += 1
    occurrences = count_occurrences({t for t, _ in counts}, (d.text for d in docs))
    return sorted((Entry(t, label, n, round(min(1.0, n / max(1, occurrences[t])), 3))
                   for (t, label), n in counts.items()), key=lambda e: (-e.count, e.text, e.label))


def count_occurrences(words: set[str], texts: Iterable[str]) -> Counter[str]:
    """Count every occurrence of each word in the texts, nested ones included (包头 inside 包头市).

    One walk of a character trie from each position: linear in the text, where `str.count` per word
    would be words × text (hours for a few thousand gold documents).
    """
    trie = build_trie(words, lambda w: w)
    found: Counter[str] = Counter()
    for text in texts:
        n = len(text)
        for i in range(n):
            at: dict | None = trie.get(text[i])
            j = i + 1
            while at is not None:
                if "" in at:
                    found[at[""]] += 1
                at = at.get(text[j]) if j < n else None
                j += 1
    return found


class Lexicon:
    """Entries indexed for matching; the best entry per text (highest count) labels its matches."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries = list(entries)
        best: dict[str, Entry] = {}
        for e in self.entries:
            if e.text not in best or (e.count, e.precision) > (best[e.text].count, best[e.text].precision):
                best[e.text] = e
        self.best = best
        # A trie-shaped pattern, longest word first: a flat alternation of the words tried one by one at
        # every position cost 0.6 µs per character (tenth of annotate's time with the model).
        self.regex = re.compile(trie_pattern(best)) if best else None
        self._last: tuple[str, list[tuple[int, int, Entry]]] | None = None

    def matches(self, text: str) -> list[tuple[int, int, Entry]]:
        """Return (start, end, entry) for the longest entries found left to right. The last text's are kept: the
        combined stage and the features ask for the same document's in turn."""
        if self.regex is None:
            return []
        if self._last is not None and self._last[0] == text:
            return self._last[1]
        best = self.best
        found = [(m.start(), m.end(), best[m.group()]) for m in self.regex.finditer(text)]
        self._last = (text, found)
        return found

    def to_tsv(self) -> str:
        """Return the entries as TSV lines: text, label, count, precision."""
        return "".join(f"{e.text}\t{e.label}\t{e.count}\t{e.precision}\n" for e in self.entries)

    @classmethod
    def from_tsv(cls, content: str, name: str) -> Lexicon:
        """Parse `to_tsv` output; a malformed line is a `BadInputError` naming it."""
        entries = []
        for n, line in enumerate(content.splitlines(), 1):
            parts = line.split("\t")
            try:
                entries.append(Entry(parts[0], parts[1], int(parts[2]), float(parts[3])))
            except (IndexError, ValueError):
                raise BadInputError(f"{name}:{n}: not a lexicon line (text, label, count, precision); "
                                    "the model folder is corrupt: train it again") from None
        return cls(entries)
