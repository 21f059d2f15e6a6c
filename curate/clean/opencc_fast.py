"""Clean stage helper: OpenCC conversion with the output of `opencc-python-reimplemented`, faster.

Kept (it reads the library's dictionary files) because the library itself cannot meet ingest's
400,000 raw chars/s on Traditional pages: `bench/bench_ingest.py --mb 2`, Traditional pages only,
366,236 raw chars/s with `opencc.OpenCC("tw2s")` against 939,542 with this module (the bench's mixed
corpus: 484,522 against 997,409). In CPU time, warm, 372,523 against 1,050,751.

That library converts each segment between separators by repeatedly replacing the longest
dictionary key found anywhere in it (leftmost on ties) and recursing on both sides. That equals a
greedy pass over all key occurrences sorted by (length desc, position), which this module runs
with a first-character regex for phrase dictionaries and `str.translate` for character ones.
Tests compare it with the library on the seeds and on generated text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path


@dataclass(frozen=True)
class _Dict:
    mapping: dict[str, str]
    max_len: int
    min_len: int
    first_chars: re.Pattern[str] | None  # positions where a phrase may start (phrase dicts only)
    table: dict[int, str] | None  # str.translate table (character dicts only)


def _opencc_dir() -> Path:
    import opencc

    return Path(opencc.__file__).parent


def _load(name: str) -> _Dict:
    mapping = {}
    for line in (_opencc_dir() / "dictionary" / name).read_text(encoding="utf-8").splitlines():
        if line.strip():
            key, value = line.strip().split("\t")
            mapping[key] = value.split(" ")[0]  # the library takes the first candidate
    lengths = {len(k) for k in mapping}
    if lengths == {1}:
        return _Dict(mapping, 1, 1, None, {ord(k): v for k, v in mapping.items()})
    firsts = "".join(sorted({re.escape(k[0]) for k in mapping}))
    return _Dict(mapping, max(lengths), min(lengths), re.compile(f"[{firsts}]"), None)


@cache
def _chain(config: str) -> list[list[_Dict]]:
    """The conversion chain of an OpenCC config: a list of groups of dictionaries."""
    setting = json.loads((_opencc_dir() / "config" / f"{config}.json").read_text(encoding="utf-8"))
    chain = []
    for step in setting["conversion_chain"]:
        d = step["dict"]
        files = [x["file"] for x in d["dicts"]] if d["type"] == "group" else [d["file"]]
        chain.append([_load(f) for f in files])
    return chain


def changed_characters(config: str) -> dict[int, str]:
    """Return what the character dictionaries of a config make of each character they change."""
    return {k: v for group in _chain(config) for d in group if d.table is not None
            for k, v in d.table.items() if v != chr(k)}


def convert(text: str, config: str = "tw2s") -> str:
    """Convert like `opencc.OpenCC(config).convert(text)` (keys never hold its separators)."""
    for group in _chain(config):
        text = _apply(text, group)
    return text


def _apply(text: str, group: list[_Dict]) -> str:
    if not text:
        return text
    d, rest = group[0], group[1:]
    if d.table is not None:
        text = text.translate(d.table)
        return _apply(text, rest) if rest else text
    assert d.first_chars is not None
    candidates = []
    n = len(text)
    for m in d.first_chars.finditer(text):
        i = m.start()
        for length in range(min(d.max_len, n - i), d.min_len - 1, -1):
            if text[i: i + length] in d.mapping:
                candidates.append((-length, i))
    if not candidates:
        return _apply(text, rest) if rest else text
    candidates.sort()
    taken = bytearray(n)
    chosen = []
    for neg, i in candidates:
        end = i - neg
        if not any(taken[i:end]):
            taken[i:end] = b"\x01" * (end - i)
            chosen.append((i, end))
    chosen.sort()
    out = []
    pos = 0
    for i, end in chosen:
        if i > pos:
            out.append(_apply(text[pos:i], rest) if rest else text[pos:i])
        out.append(d.mapping[text[i:end]])
        pos = end
    if pos < n:
        out.append(_apply(text[pos:], rest) if rest else text[pos:])
    return "".join(out)
