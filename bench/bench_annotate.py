"""Benchmark: raw pages → annotated records (ingest + rules) in characters/s, against jieba.posseg.

The bundled pages are repeated into a corpus of at least 5 MB of raw pages. Printed: chars/s of raw
pages → annotated records on one core, the jieba.posseg labeller on the same cleaned text (same run)
and the ratio; scaling with 1 and 2 workers; peak RSS of the pipeline at 1× and 10× the corpus.
Run: .venv/bin/python bench/bench_annotate.py [--mb 5] [--mem-scale 10]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import SAMPLES, emit, peak_rss_mb, timed  # noqa: E402

from curate.annotate import annotate_document, annotate_documents, annotate_lines  # noqa: E402
from curate.ingest import ingest_paths  # noqa: E402
from curate.rules import ruleset_version  # noqa: E402


def make_corpus(folder: Path, megabytes: float) -> tuple[int, int]:
    """Copy the bundled pages under new names until they reach `megabytes`; return (files, raw chars)."""
    pages = sorted(SAMPLES.glob("*.txt"))
    size = files = chars = 0
    while size < megabytes * 1_000_000:
        for page in pages:
            data = page.read_bytes()
            (folder / f"{files:06d}_{page.name}").write_bytes(data)
            size += len(data)
            chars += len(data.decode("utf-8"))
            files += 1
    return files, chars


def run_pipeline(folder: Path, out: Path) -> tuple[int, int]:
    """Ingest a folder and annotate it to a JSONL file on one core; return (documents, cleaned chars)."""
    docs = chars = 0
    with out.open("w", encoding="utf-8") as fh:
        for doc in annotate_documents(ingest_paths([folder], on_problem=lambda p: None).documents):
            fh.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
            docs += 1
            chars += len(doc.text)
    return docs, chars


def _file_job(paths: list[str]) -> int:
    n = 0
    for doc in ingest_paths([Path(p) for p in paths], on_problem=lambda p: None).documents:
        n += len(json.dumps(annotate_document(doc).to_dict(), ensure_ascii=False))
    return n


def run_pipeline_workers(folder: Path, workers: int) -> None:
    """Ingest + annotate with each worker taking whole files (raw pages → records in parallel)."""
    files = sorted(str(p) for p in folder.glob("*.txt"))
    chunks = [files[i:i + 20] for i in range(0, len(files), 20)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        sum(pool.imap_unordered(_file_job, chunks))


def posseg_rate(texts: list[str]) -> float:
    """Return chars/s of jieba.posseg (default HMM) labelling the texts (the baseline)."""
    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(60)
    jieba.initialize()
    list(pseg.cut(texts[0]))
    seconds, _ = timed(lambda: [list(pseg.cut(t)) for t in texts])
    return sum(map(len, texts)) / seconds


MEMORY_PROBE = """
import sys
from pathlib import Path
sys.path.insert(0, "bench")
from bench_annotate import run_pipeline
run_pipeline(Path(sys.argv[1]), Path(sys.argv[2]))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0, help="raw corpus size in MB (default 5)")
    parser.add_argument("--mem-scale", type=int, default=10, help="the larger corpus for peak memory (×)")
    parser.add_argument("--baseline-share", type=float, default=0.2,
                        help="share of the cleaned corpus the slow posseg baseline labels (rate only)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="curate-bench-"))
    try:
        corpus = tmp / "corpus"
        corpus.mkdir()
        files, raw_chars = make_corpus(corpus, args.mb)
        out = tmp / "annotated.jsonl"
        run_pipeline(corpus, out)  # warm the caches (compiled regexes, word lists) once
        seconds, (docs, clean_chars) = timed(lambda: run_pipeline(corpus, out))
        pipeline_rate = raw_chars / seconds

        cleaned = [json.loads(line)["text"] for line in out.open(encoding="utf-8")]
        annotate_only, _ = timed(lambda: sum(1 for _ in annotate_documents(
            ingest_docs(cleaned))))
        base_texts = cleaned[:max(1, int(len(cleaned) * args.baseline_share))]
        baseline = posseg_rate(base_texts)

        scaling = {}
        for workers in (1, 2):
            s, _ = timed(lambda w=workers: run_pipeline_workers(corpus, w))
            scaling[workers] = raw_chars / s
        # What `curate annotate --workers N` runs: JSONL lines in, annotated JSONL lines out.
        lines = [(i, json.dumps(d.to_dict(), ensure_ascii=False)) for i, d in enumerate(ingest_docs(cleaned), 1)]
        ann_scaling = {}
        for workers in (1, 2):
            s, _ = timed(lambda w=workers: sum(1 for _ in annotate_lines(lines, workers=w)))
            ann_scaling[workers] = clean_chars / s

        big = tmp / "big"
        big.mkdir()
        make_corpus(big, args.mb * args.mem_scale)
        mem_1 = peak_rss_mb(MEMORY_PROBE, str(corpus), str(tmp / "m1.jsonl"))
        mem_n = peak_rss_mb(MEMORY_PROBE, str(big), str(tmp / "mn.jsonl"))

        emit("annotate", {
            "rule set": ruleset_version(),
            "corpus": f"{files} raw pages, {raw_chars:,} chars ({args.mb:g} MB) → {docs} docs, "
                      f"{clean_chars:,} cleaned chars",
            "raw→annotated chars/s (1 core)": round(pipeline_rate),
            "annotate only, cleaned chars/s": round(clean_chars / annotate_only),
            "jieba.posseg, cleaned chars/s": round(baseline),
            "ratio raw→annotated / posseg": round(pipeline_rate / baseline, 2),
            "ratio annotate only / posseg": round(clean_chars / annotate_only / baseline, 2),
            "raw→annotated chars/s, 1 worker": round(scaling[1]),
            "raw→annotated chars/s, 2 workers": round(scaling[2]),
            "scaling 2 workers / 1": round(scaling[2] / scaling[1], 2),
            "curate annotate --workers 2 / 1": round(ann_scaling[2] / ann_scaling[1], 2),
            f"peak RSS MB at 1× ({args.mb:g} MB)": mem_1,
            f"peak RSS MB at {args.mem_scale}× ({args.mb * args.mem_scale:g} MB)": mem_n,
            "cpus": os.cpu_count(),
        })
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def ingest_docs(texts: list[str]):
    """Wrap cleaned texts as documents (for the annotate-only figures)."""
    from curate.records import Document

    return (Document(f"d{i}", t) for i, t in enumerate(texts))


if __name__ == "__main__":
    main()
