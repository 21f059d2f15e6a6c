"""Rules stage building blocks: the `Rule` base, the `Span` proposal, `Layers`, word lists and regex helpers.

A rule takes a `Document` and the `Layers` found before it and proposes spans; word lists are data
files in `curate/rules/data/`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import TypeVar

from curate.records import Document, check_span

DATA = Path(__file__).resolve().parent / "data"
HAN = r"\u4e00-\u9fff"
T = TypeVar("T")


@dataclass(frozen=True)
class Span:
    """A span a rule proposes: label, `[start, end)` in code points, text, and `name@version`."""

    label: str
    start: int
    end: int
    text: str
    source: str
    priority: int = 0

    @property
    def length(self) -> int:
        return self.end - self.start


class Layers:
    """The spans each rule found in one document, by rule name, added in the order of work.

    A rule reads what the rules before it found (`spans`, `ranges`), never a rule still to run: the
    order is `registry.LAYER_ORDER`, and reading ahead raises `KeyError`.
    """

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.text = doc.text
        self._spans: dict[str, tuple[Span, ...]] = {}
        self._ranges: dict[str, tuple[tuple[int, int], ...]] = {}
        self._shared: dict[Callable, tuple] = {}

    def add(self, name: str, spans: Iterable[Span]) -> None:
        """Record the spans of the rule `name`."""
        self._spans[name] = tuple(spans)

    def spans(self, name: str) -> tuple[Span, ...]:
        """Return the spans the rule `name` found."""
        if name not in self._spans:
            raise KeyError(f"layer {name!r} is read before its rule ran: move the reader to a later layer")
        return self._spans[name]

    def ranges(self, name: str) -> tuple[tuple[int, int], ...]:
        """Return `(start, end)` of the spans the rule `name` found, in the order it found them."""
        if name not in self._ranges:
            self._ranges[name] = tuple((s.start, s.end) for s in self.spans(name))
        return self._ranges[name]

    def shared(self, find: Callable[[str], Iterable[T]]) -> tuple[T, ...]:
        """Return what `find(text)` yields, found once for the document: a scan that rules of one
        layer split between them (the items of 、-lists name projects and companies)."""
        if find not in self._shared:
            self._shared[find] = tuple(find(self.text))
        return self._shared[find]


class Rule:
    """A small named labelling function: `find_spans(doc, layers)` yields spans; yielding nothing abstains."""

    name: str = ""
    version: int = 1
    labels: tuple[str, ...] = ()
    description: str = ""
    # Overlap resolution keeps higher priorities first (see resolve.py).
    priority: int = 0
    # The layer the rule runs in (`registry.LAYER_ORDER`): it may read the spans of every rule run before it.
    layer: str = ""

    @cached_property
    def source(self) -> str:
        return f"{self.name}@{self.version}"

    def find_spans(self, doc: Document, layers: Layers) -> Iterable[Span]:
        """Yield the spans this rule proposes for the document, given what earlier rules found."""
        raise NotImplementedError

    def span(self, text: str, label: str, start: int, end: int) -> Span:
        """Make a span of `text[start:end]`, checked against the text."""
        span_text = text[start:end]
        check_span(text, start, end, span_text, f"rule {self.source} {label}")
        return Span(label, start, end, span_text, self.source, self.priority)

    def matches(self, text: str, regex: re.Pattern[str], label: str) -> Iterator[Span]:
        """Yield a `label` span for each match of `regex` in `text`."""
        for m in regex.finditer(text):
            yield self.span(text, label, m.start(), m.end())


@cache
def terms(name: str) -> tuple[str, ...]:
    """Read a word list (`data/<name>.txt`): one term per line, `#` starts a comment line."""
    path = DATA / f"{name}.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(dict.fromkeys(t.strip() for t in lines if t.strip() and not t.lstrip().startswith("#")))


@cache
def term_set(name: str) -> frozenset[str]:
    """A word list as a set, for membership tests."""
    return frozenset(terms(name))


def data_files() -> list[Path]:
    """Return every word-list file, sorted (their contents make up the rule-set version)."""
    return sorted(DATA.rglob("*.txt"))


def build_trie(words: Iterable[str], leaf: Callable[[str], object] = lambda w: True) -> dict:
    """Return a character trie of the words; a word's last node holds `leaf(word)` under the key ""."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = leaf(w)
    return trie


def trie_pattern(words: Iterable[str]) -> str:
    """Return a regex alternation of the words shaped as a trie, longest match first."""
    return _trie_to_regex(build_trie(words), top=True) or "(?!)"


def _trie_to_regex(node: dict, top: bool = False) -> str:
    # Children first and the end-of-word marker last, so the regex tries the longest word first.
    parts = [re.escape(ch) + _trie_to_regex(child) for ch, child in sorted(node.items()) if ch]
    if not parts:
        return ""
    if top and len(parts) > _BUCKET and "" not in node:
        return _bucketed(sorted(ch for ch in node if ch), parts)
    optional = "" in node
    if len(parts) == 1 and not optional:
        return parts[0]
    body = "(?:" + "|".join(parts) + ")"
    return body + "?" if optional else body


_BUCKET = 80


def _bucketed(chars: list[str], parts: list[str]) -> str:
    # re tries a long alternation branch by branch at every position; a first-character class
    # check before the whole and before each bucket of branches makes big word lists ~5× faster.
    def cls(cs: list[str]) -> str:
        return "[" + "".join(re.escape(c) for c in cs) + "]"

    buckets = [f"(?={cls(chars[i:i + _BUCKET])})(?:{'|'.join(parts[i:i + _BUCKET])})"
               for i in range(0, len(parts), _BUCKET)]
    return f"(?={cls(chars)})(?:{'|'.join(buckets)})"


def first_chars(*names: str, extra: str = "") -> str:
    """Return a look-ahead on the first characters of the word lists (a fast pre-check for re)."""
    chars = {t[0] for name in names for t in terms(name)} | set(extra)
    return "(?=[" + "".join(re.escape(c) for c in sorted(chars)) + "])"


@cache
def alt(name: str) -> str:
    """Return a trie alternation over a word list."""
    return trie_pattern(terms(name))


@cache
def word_regex(name: str) -> re.Pattern[str]:
    """Compile the trie alternation of a word list (`data/<name>.txt`), longest word first."""
    return re.compile(alt(name))


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """Yield `(start, end)` of each sentence (split after 。！？； and at line ends)."""
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.end() > start:
            yield start, m.end()
        start = m.end()
    if start < len(text):
        yield start, len(text)


_SENTENCE_END = re.compile(r"[。！？；;!?\n]+[”’」』]?")
