"""Pre-annotation quality on the development corpus (tests/data/corpus, 35 pages from 35 sites).

Annotates the gold texts with the rules and prints P/R/F1 on the tune split (d001–d025) and the test
split (d026–d035), exact-span and set-based per document. Only the test split is a result; tune on the
other. Usage: python bench/dev_corpus.py [--split tune|test|all] [--json]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from curate.annotate import annotate_documents
from curate.evaluate import format_report, read_gold, score_documents

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "corpus"
TEST_IDS = {f"d{n:03d}" for n in range(26, 36)}


def load_gold(split: str = "all") -> list:
    """Return the dev corpus gold documents of one split ("tune", "test" or "all")."""
    problems: list = []
    docs = [d for p in sorted((CORPUS / "gold").glob("*.jsonl")) for d in read_gold(p, problems.append)]
    if problems:
        raise SystemExit(f"bad gold: {problems}")
    if split == "all":
        return docs
    return [d for d in docs if (d.id in TEST_IDS) == (split == "test")]


def scores(gold: list, annotate=annotate_documents) -> dict:
    """Return {"exact": Report, "set": Report} for the rules (or `annotate`) on these gold documents."""
    predicted = list(annotate(d.with_annotations((), ()) for d in gold))
    return {m: score_documents(predicted, gold, m) for m in ("exact", "set")}


def summary(report) -> str:
    return " ".join(f"{k} P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f}" for k, s in
                    (("entities", report.entity_micro), ("triggers", report.trigger_micro),
                     ("arguments", report.argument_micro)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--split", default="all", choices=("tune", "test", "all"))
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--detail", action="store_true", help="print the full per-label tables (tune split only!)")
    args = ap.parse_args()
    splits = ("tune", "test") if args.split == "all" else (args.split,)
    out = {}
    for split in splits:
        gold = load_gold(split)
        res = scores(gold)
        out[split] = {m: r.to_dict() for m, r in res.items()}
        if not args.json:
            for m, r in res.items():
                print(f"{split:5} ({len(gold)} docs) {m:5}  {summary(r)}")
            if args.detail and split == "tune":
                print(format_report(res["set"]))
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
