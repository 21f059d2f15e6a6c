"""Model features: a document and the rules' annotation → one list of string features per character.

Features: the character and its neighbours (n-grams, character class), the rules' resolved spans
(BIOES of label and rule name), word boundaries from jieba (HMM off; the rules' gazetteer and the
harvested lexicon as its user dictionary) and lexicon matches with their trust level.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from functools import lru_cache

from curate.model.lexicon import TRUSTED, Lexicon
from curate.records import Document

FEATURES = ("character and its neighbours (window 1)", "character class",
            "rule span BIOES label (window 1) and rule name",
            "jieba word position and length (HMM off, gazetteer + lexicon user dictionary)",
            "lexicon match BIOES label and trust")
_PAD = "#"


def char_class(ch: str) -> str:
    """Return a coarse class: H(an), D(igit), L(atin), P(unctuation/other), S(pace)."""
    if "\u4e00" <= ch <= "\u9fff":
        return "H"
    if ch.isdigit():
        return "D"
    if ch.isalpha():
        return "L"
    return "S" if ch.isspace() else "P"


@lru_cache(maxsize=65536)
def _class(ch: str) -> str:
    return char_class(ch)


def bioes(spans: Iterable[tuple[int, int, str]], n: int) -> list[str]:
    """Return per-character `B-x/I-x/E-x/S-x` tags of non-overlapping spans, `O` elsewhere."""
    tags = ["O"] * n
    for start, end, name in spans:
        if end - start == 1:
            tags[start] = "S-" + name
            continue
        tags[start] = "B-" + name
        for i in range(start + 1, end - 1):
            tags[i] = "I-" + name
        tags[end - 1] = "E-" + name
    return tags


@lru_cache(maxsize=4)
def tokenizer(user_words: tuple[str, ...]):
    """Return a jieba tokenizer with these words added to its dictionary (built once per word set)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    for w in user_words:
        tk.add_word(w, 1000)
    return tk


def word_positions(tk, text: str) -> list[str]:
    """Return per-character word position (B/M/E/S) and length class from jieba's cut (HMM off)."""
    out: list[str] = []
    for w in tk.cut(text, HMM=False):
        n = len(w)
        if n == 1:
            out.append("S")
        else:
            size = str(min(n, 5))
            out.append("B" + size)
            out.extend(["M" + size] * (n - 2))
            out.append("E" + size)
    return out


def rule_spans(doc: Document) -> list[tuple[int, int, str, str]]:
    """Return (start, end, label, rule name) of a rule-annotated document's entities, ARGs and triggers."""
    spans = [(e.start, e.end, e.label, e.source.split("@")[0]) for e in doc.entities or ()]
    taken = {(s, e) for s, e, _, _ in spans}
    for ev in doc.events or ():
        t = ev.trigger
        if (t.start, t.end) not in taken:
            spans.append((t.start, t.end, ev.type, ev.source.split("@")[0]))
            taken.add((t.start, t.end))
    return _flat(spans)


def _flat(spans: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    # Features need one span per character: the first (longest) span at a position wins.
    out, last = [], 0
    for s in sorted(spans, key=lambda x: (x[0], -x[1])):
        if s[0] >= last:
            out.append(s)
            last = s[1]
    return out


def lines(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each non-empty line: the CRF's sequences."""
    start = 0
    for part in text.split("\n"):
        end = start + len(part)
        if part.strip():
            yield start, end
        start = end + 1


def document_features(annotated: Document, tk, lexicon: Lexicon) -> list[tuple[int, int, list[tuple[str, ...]]]]:
    """Return (start, end, per-character features) for each line of a rule-annotated document."""
    text = annotated.text
    n = len(text)
    spans = rule_spans(annotated)
    rtag = bioes(((s, e, lab) for s, e, lab, _ in spans), n)
    rsrc = bioes(((s, e, src) for s, e, _, src in spans), n)
    lex = list(lexicon.matches(text))
    ltag = bioes(((s, e, m.label) for s, e, m in lex), n)
    ltrust = ["O"] * n
    for s, e, m in lex:
        ltrust[s:e] = ["hi" if m.precision >= TRUSTED else "lo"] * (e - s)
    rprev = ["r-1=O"] + ["r-1=" + t for t in rtag[:-1]]
    rnext = ["r+1=" + t for t in rtag[1:]] + ["r+1=O"]
    rule = ["r=" + t for t in rtag]
    ruler = ["rs=" + t for t in rsrc]
    lexf = ["l=" + a + b for a, b in zip(ltag, ltrust, strict=True)]
    words = ["w=" + w for w in word_positions(tk, text)]  # one cut per document: jieba is the slowest part
    out = []
    for start, end in lines(text):
        seg = text[start:end]
        cls = [_class(c) for c in seg]
        # Columns built whole and zipped: ~2× faster than a list per character (annotate speed target).
        cols = (["c=" + c for c in seg], ["c-1=" + c for c in _PAD + seg[:-1]],
                ["c+1=" + c for c in seg[1:] + _PAD], ["k=" + k for k in cls],
                rule[start:end], ruler[start:end], words[start:end],
                lexf[start:end], rprev[start:end], rnext[start:end])
        out.append((start, end, list(zip(*cols, strict=True))))
    return out
