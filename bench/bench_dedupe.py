"""Benchmark: near-duplicate detection, `curate.dedupe` (numpy MinHash + LSH) against `datasketch`.

Corpus: the bundled and dev corpus pages, cleaned, each also with 1% and 2% of its characters replaced
(so most documents have near duplicates). Both index the same 5-character shingles with 64 permutations
in 16 bands of 4 rows. Printed, same run: documents/s of each (best of `--runs`), how many documents
each calls a near duplicate and of which original, and peak RSS of a fresh process that imports each
and indexes the corpus. datasketch is not a dependency of curate: install it to run this.
Run: .venv/bin/python bench/bench_dedupe.py [--runs 3]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import ROOT, SAMPLES, best_of, emit, peak_rss_mb  # noqa: E402

from curate.dedupe import BANDS, NUM_PERM, SHINGLE, THRESHOLD, DuplicateIndex  # noqa: E402
from curate.ingest import ingest_paths  # noqa: E402


def corpus() -> list[tuple[str, str]]:
    """Return (id, text) of the cleaned pages and of two edited copies of each."""
    raw = [SAMPLES, ROOT / "tests" / "data" / "corpus" / "raw"]
    docs = [(d.id, d.text) for d in ingest_paths(raw, on_problem=lambda p: None).documents]
    rng = random.Random(1)
    out = []
    for doc_id, text in docs:
        for share in (0, 0.01, 0.02):
            chars = list(text)
            for _ in range(int(len(chars) * share)):
                chars[rng.randrange(len(chars))] = rng.choice("的一是在不了有和人这中大为上个国")
            out.append((f"{doc_id}~{share}", "".join(chars)))
    return out


def with_curate(docs: list[tuple[str, str]]) -> dict[str, str]:
    index = DuplicateIndex()
    return {doc_id: dup.duplicate_of for doc_id, text in docs
            if (dup := index.check(doc_id, text)) is not None and dup.kind == "near"}


def with_datasketch(docs: list[tuple[str, str]]) -> dict[str, str]:
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(num_perm=NUM_PERM, params=(BANDS, NUM_PERM // BANDS))
    signatures: dict[str, MinHash] = {}
    found = {}
    for doc_id, text in docs:
        squeezed = "".join(text.split())
        shingles = {squeezed[i: i + SHINGLE].encode("utf-8") for i in range(max(1, len(squeezed) - SHINGLE + 1))}
        m = MinHash(num_perm=NUM_PERM)
        m.update_batch(list(shingles))
        best = max(((m.jaccard(signatures[k]), k) for k in lsh.query(m)), default=(0.0, ""))
        if best[0] >= THRESHOLD:
            found[doc_id] = best[1]
            continue
        lsh.insert(doc_id, m)
        signatures[doc_id] = m
    return found


MEMORY_PROBE = """
import json, sys
sys.path.insert(0, "bench")
import bench_dedupe
docs = json.load(open(sys.argv[2], encoding="utf-8"))
getattr(bench_dedupe, sys.argv[1])(docs)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs per figure (alternating)")
    args = parser.parse_args()
    import json
    import tempfile

    docs = corpus()
    with_datasketch(docs[:2])  # import datasketch (and scipy) outside the timing
    runs = {"curate": with_curate, "datasketch": with_datasketch}
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(args.runs):
        for name, fn in runs.items():
            best[name] = min(best[name], best_of(1, lambda fn=fn: fn(docs)))
    ours, theirs = with_curate(docs), with_datasketch(docs)
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as f:
        json.dump(docs, f, ensure_ascii=False)
        f.flush()
        rss = {name: peak_rss_mb(MEMORY_PROBE, f"with_{name}", f.name) for name in runs}
    emit("dedupe", {
        "corpus": f"{len(docs)} documents, {sum(len(t) for _, t in docs):,} chars",
        "curate.dedupe docs/s": round(len(docs) / best["curate"]),
        "datasketch docs/s": round(len(docs) / best["datasketch"]),
        "ratio datasketch / curate": round(best["curate"] / best["datasketch"], 2),
        "near duplicates found: curate / datasketch": f"{len(ours)} / {len(theirs)}",
        "same decisions": ours == theirs,
        "peak RSS MB, index the corpus: curate": rss["curate"],
        "peak RSS MB, index the corpus: datasketch": rss["datasketch"],
    })


if __name__ == "__main__":
    main()
