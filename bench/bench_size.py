"""Benchmark: annotate speed against document size, on one-line (single-paragraph) documents.

The bundled pages, cleaned and joined without line breaks, are repeated into documents of 1, 4 and
16 MB (UTF-8). Printed: chars/s of `annotate_document` at each size and the ratio of each rate to the
1 MB rate measured in the same run (flat = linear; the target is within 20%). Times are CPU seconds
of this process (other jobs on a shared machine do not count), and every run annotates a text not
seen before (the rules memoise their finders on the text).
Run: .venv/bin/python bench/bench_size.py [--mb 1 4 16] [--repeat 2]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import SAMPLES, emit  # noqa: E402

from curate.annotate import annotate_document  # noqa: E402
from curate.ingest import ingest_paths  # noqa: E402
from curate.records import Document  # noqa: E402


def one_line_document(megabytes: float) -> Document:
    """Return one paragraph of at least `megabytes` MB of UTF-8: the cleaned bundled pages, repeated."""
    docs = ingest_paths([SAMPLES], on_problem=lambda p: None).documents
    paragraph = "".join(d.text.replace("\n", "") for d in docs)
    copies = -(-int(megabytes * 1_000_000) // len(paragraph.encode("utf-8")))
    return Document(f"one-line-{megabytes:g}mb", paragraph * copies)


def cpu_seconds(doc: Document, repeat: int) -> float:
    """Return the fewest CPU seconds of `repeat` annotations of the document, each on a fresh text."""
    best = float("inf")
    for run in range(repeat):
        fresh = Document(doc.id, f"{run}。{doc.text}")  # a new text: no memoised finder applies
        t0 = time.process_time()
        annotate_document(fresh)
        best = min(best, time.process_time() - t0)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, nargs="+", default=[1.0, 4.0, 16.0], help="document sizes in MB")
    parser.add_argument("--repeat", type=int, default=2, help="runs per size; the fastest counts")
    args = parser.parse_args()
    annotate_document(one_line_document(0.01))  # warm the caches (compiled regexes, word lists) once
    rates = {}
    for mb in args.mb:
        doc = one_line_document(mb)
        seconds = cpu_seconds(doc, args.repeat)
        rates[mb] = (len(doc.text), seconds, len(doc.text) / seconds)
    base = rates[args.mb[0]][2]
    figures: dict[str, object] = {}
    for mb, (chars, seconds, rate) in rates.items():
        figures[f"{mb:g} MB one line ({chars:,} chars)"] = f"{seconds:.2f} s CPU, {rate:,.0f} chars/s"
    for mb, (_, _, rate) in rates.items():
        figures[f"ratio {mb:g} MB / {args.mb[0]:g} MB chars/s"] = round(rate / base, 2)
    figures["flat within 20%"] = all(abs(r / base - 1) <= 0.2 for _, _, r in rates.values())
    emit("annotate by document size", figures)


if __name__ == "__main__":
    main()
