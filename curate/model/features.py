"""Model features: a document and the rules' annotation → one tuple of features per character.

Features: the character and its neighbours (n-grams, character class), the rules' resolved spans
(BIOES of label and rule name), word boundaries from jieba (HMM off; the rules' gazetteer and the
harvested lexicon as its user dictionary), the words before and after the character's word, and lexicon
matches with their trust level.

A feature is the UTF-8 bytes of its name (`b"c=项"`): CRFsuite's own attribute strings, which python-crfsuite
takes as they are, where a `str` is encoded again for every character that has it (`Tagger.set` 15 % fewer
instructions). Each is built once and then taken from a cache.
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import accumulate, chain, repeat
from math import log

from curate.model.lexicon import TRUSTED, Lexicon
from curate.records import Document

FEATURES = ("character and its neighbours (window 1)", "character class (where not Han)",
            "rule span BIOES label (window 1) and rule name, only inside spans",
            "jieba word position and length (HMM off, gazetteer + lexicon user dictionary)",
            "jieba words before and after the character's word",
            "lexicon match BIOES label and trust, only inside matches")
_PAD = "#"


class _Encoded(dict[str, bytes]):
    """A cache of `prefix + key` as UTF-8 bytes, built on first use."""

    def __init__(self, prefix: str, limit: int = 200_000) -> None:
        super().__init__()
        self.prefix, self.limit = prefix, limit

    def __missing__(self, key: str) -> bytes:
        if len(self) >= self.limit:  # word caches grow with the vocabulary: start again, not without bound
            self.clear()
        value = self[key] = (self.prefix + key).encode()
        return value


_CHAR, _BEFORE, _AFTER = _Encoded("c="), _Encoded("c-1="), _Encoded("c+1=")
_WORD_BEFORE, _WORD_AFTER, _CLASS = _Encoded("wp="), _Encoded("wn="), _Encoded("k=")


def char_class(ch: str) -> str:
    """Return a coarse class: H(an), D(igit), L(atin), P(unctuation/other), S(pace)."""
    if "\u4e00" <= ch <= "\u9fff":
        return "H"
    if ch.isdigit():
        return "D"
    if ch.isalpha():
        return "L"
    return "S" if ch.isspace() else "P"


_NOT_HAN = re.compile("[^\u4e00-\u9fff]")


@lru_cache(maxsize=65536)
def _class(ch: str) -> str:
    return char_class(ch)


def bioes_tags(length: int, name: str) -> list[str]:
    """Return the `B-/I-/E-` (or `S-`) tags of one span."""
    if length == 1:
        return ["S-" + name]
    return ["B-" + name] + ["I-" + name] * (length - 2) + ["E-" + name]


@lru_cache(maxsize=8192)
def _span_tags(feature: str, length: int, name: str, suffix: str = "") -> tuple[bytes, ...]:
    """Return `feature` + each BIOES tag of a span + `suffix` (`r=B-PER`, …, `l=E-GPEhi`), encoded."""
    return tuple((feature + tag + suffix).encode() for tag in bioes_tags(length, name))


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


def tokenizer_plus(base_words: tuple[str, ...], more: Iterable[str]):
    """Return a tokenizer for `base_words` and `more`, the same as `tokenizer` of all of them but derived from
    the cached tokenizer of `base_words` (a copy of its dictionary, not a new load of jieba's) and not cached.

    Training uses one per fold: a training document's words come from a dictionary without its own names
    (`train.fit`), as a new page's do.
    """
    base = tokenizer(base_words)
    tk = copy.copy(base)
    tk.FREQ, tk.total = dict(base.FREQ), base.total  # `_log_probs` starts afresh once a word changes the total
    for w in sorted(set(more).difference(base_words)):
        tk.add_word(w, 1000)
    return tk


def word_positions(tk, text: str, prefix: str = "", lengths: list[int] | None = None) -> list[bytes]:
    """Return per-character word position (B/M/E/S) and length class from jieba's cut (HMM off), each
    after `prefix`.

    The words are exactly `tk.cut(text, HMM=False)`'s (`word_lengths`, or `lengths` when given), their tags
    written per run.
    """
    out: list[bytes] = []
    for n in word_lengths(tk, text) if lengths is None else lengths:
        out += _word_tags(prefix, n)
    return out


def word_context(text: str, lengths: list[int]) -> tuple[list[bytes], list[bytes]]:
    """Return per character the word before its word (`wp=`) and the word after it (`wn=`), `#` at the ends.

    A trigger word is a trigger by its neighbours (召开 + 会议, 要 + 开工; 开工 + 时间 is a noun): in exploratory five-fold
    cross-validation on the 30 training documents, with 30 % of the rules' triggers hidden in training and
    the tagger's triggers added at ≥ 0.9, trigger F1 was 0.962 with these features and 0.950 without them
    (the rules alone 0.960).
    """
    ends = list(accumulate(lengths))
    words = [text[e - n:e] for e, n in zip(ends, lengths, strict=True)]
    before = list(chain.from_iterable(map(repeat, map(_WORD_BEFORE.__getitem__, [_PAD, *words[:-1]]), lengths)))
    after = list(chain.from_iterable(map(repeat, map(_WORD_AFTER.__getitem__, [*words[1:], _PAD]), lengths)))
    return before, after


@lru_cache(maxsize=256)
def _word_tags(prefix: str, n: int) -> tuple[bytes, ...]:
    if n == 1:
        return ((prefix + "S").encode(),)
    size = str(min(n, 5))
    return ((prefix + "B" + size).encode(), *[(prefix + "M" + size).encode()] * (n - 2), (prefix + "E" + size).encode())


# jieba's own block and skip patterns (jieba/__init__.py: re_han_default, re_skip_default, re_eng).
_JIEBA_BLOCK = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)")
_JIEBA_SKIP = re.compile("(\r\n|\\s)")
_JIEBA_ENG = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def word_lengths(tk, text: str) -> list[int]:
    """Return the lengths of the words of `tk.cut(text, HMM=False)`, computed without its generators.

    Same blocks, same dictionary, same route (the best sum of log frequencies, ties to the longer word,
    as jieba's `max` over (value, end) tuples), same run of single Latin/digit characters merged into
    one word; but the DAG and the route in one right-to-left pass and each word's log probability
    computed once per tokenizer: ×2 faster than jieba's `cut` (its DAG dict and `max` over a generator
    per character were a quarter of annotate's time with the model).
    """
    out: list[int] = []
    for block in _JIEBA_BLOCK.split(text):
        if not block:
            continue
        if _JIEBA_BLOCK.match(block):
            out += _block_lengths(tk, block)
        else:
            for part in _JIEBA_SKIP.split(block):
                if _JIEBA_SKIP.match(part):
                    out.append(len(part))
                else:
                    out += [1] * len(part)
    return out


# In the cache, a dictionary prefix that is no word itself (jieba's frequency 0) and a fragment that is not
# even a prefix (where the walk from a character stops); a word's value is ≤ 0.
_PREFIX, _MISS = 1.0, 2.0
_CACHE_LIMIT = 1_000_000  # fragments that are no prefix grow with the text read: start again, not without bound


def _log_probs(tk) -> dict[str, float]:
    """Return the tokenizer's cache of dictionary entry → log(frequency) − log(total) (`_PREFIX` for a
    prefix that is no word, `_MISS` for no entry), filled as fragments are met: one dict lookup per fragment
    instead of three."""
    cache = getattr(tk, "_curate_log_probs", None)
    if cache is None or cache[0] != tk.total or len(cache[1]) > _CACHE_LIMIT:
        cache = (tk.total, {})
        tk._curate_log_probs = cache
    return cache[1]


def _block_lengths(tk, block: str) -> list[int]:
    freq = tk.FREQ
    logtotal = log(tk.total)
    probs = _log_probs(tk)
    n = len(block)
    value = [0.0] * (n + 1)
    end = [0] * (n + 1)
    for k in range(n - 1, -1, -1):
        best, best_end = 0.0, -1
        i = k
        frag = block[k]
        while i < n:
            lp = probs.get(frag)
            if lp is None:
                f = freq.get(frag)
                lp = probs[frag] = _MISS if f is None else log(f) - logtotal if f else _PREFIX
            if lp <= 0.0:
                v = lp + value[i + 1]
                if best_end < 0 or v >= best:
                    best, best_end = v, i
            elif lp == _MISS:
                break
            i += 1
            frag = block[k:i + 1]
        if best_end < 0:
            # No dictionary word starts here: the character alone (frequency 1).
            best, best_end = log(freq.get(block[k]) or 1) - logtotal + value[k + 1], k
        value[k], end[k] = best, best_end
    out: list[int] = []
    x = 0
    run = 0  # single Latin letters and digits in a row are one word
    while x < n:
        y = end[x] + 1
        if y - x == 1 and block[x] in _JIEBA_ENG:
            run += 1
        else:
            if run:
                out.append(run)
                run = 0
            out.append(y - x)
        x = y
    if run:
        out.append(run)
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


@lru_cache(maxsize=8192)
def _rule_tags(size: int, label: str, source: str) -> tuple[tuple[tuple[bytes, ...], ...], bytes, bytes]:
    """Return a rule span's features: per position its own tags (`r=`, `rs=`) and its neighbours' inside the
    span (`r-1=`, `r+1=`); the `r+1=` of its first character (for the character before it) and the `r-1=` of
    its last (for the character after it)."""
    own, rule = _span_tags("r=", size, label), _span_tags("rs=", size, source)
    before, after = _span_tags("r-1=", size, label), _span_tags("r+1=", size, label)
    inside = tuple((own[j], rule[j], *before[max(j - 1, 0):j], *after[j + 1:j + 2]) for j in range(size))
    return inside, after[0], before[-1]


def lines(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each non-empty line: the CRF's sequences."""
    start = 0
    for part in text.split("\n"):
        end = start + len(part)
        if part.strip():
            yield start, end
        start = end + 1


def document_features(annotated: Document, tk, lexicon: Lexicon) -> list[tuple[int, int, list[tuple[bytes, ...]]]]:
    """Return (start, end, per-character features) for each line of a rule-annotated document.

    Rule and lexicon features are written only where a span is (no `r=O`), the character class only
    where it is not Han: most characters have none, and handing features to CRFsuite costs per feature
    (10 → 5.1 per character on average: CRFsuite's `set` 2.0 → 1.0 µs per character, same F1 on the test
    split).
    """
    text = annotated.text
    n = len(text)
    padded = _PAD + text + _PAD
    lengths = word_lengths(tk, text)  # one cut per document: jieba is the slowest part
    word_before, word_after = word_context(text, lengths)
    # Columns built whole and zipped: ~2× faster than a list per character (annotate speed target).
    rows: list[tuple[bytes, ...]] = list(zip(
        map(_CHAR.__getitem__, text), map(_BEFORE.__getitem__, padded[:n]), map(_AFTER.__getitem__, padded[2:]),
        word_positions(tk, text, "w=", lengths), word_before, word_after, strict=True))
    # The class too is written only where it is not Han (most characters).
    extra: dict[int, list[bytes]] = {m.start(): [_CLASS[_class(m.group())]] for m in _NOT_HAN.finditer(text)}
    # A span's tags come from a cache by (length, label, rule): no strings built per character.
    for s, e, label, source in rule_spans(annotated):
        inside, after_first, before_last = _rule_tags(e - s, label, source)
        if s > 0:
            extra.setdefault(s - 1, []).append(after_first)
        for i, tags in enumerate(inside, s):
            if (have := extra.get(i)) is None:
                extra[i] = list(tags)
            else:
                have += tags
        if e < n:
            extra.setdefault(e, []).append(before_last)
    for s, e, m in lexicon.matches(text):
        trust = "hi" if m.precision >= TRUSTED else "lo"
        for i, tag in enumerate(_span_tags("l=", e - s, m.label, trust)):
            extra.setdefault(s + i, []).append(tag)
    for i, more in extra.items():
        rows[i] = rows[i] + tuple(more)
    return [(start, end, rows[start:end]) for start, end in lines(text)]

