"""Trigger floors on pages from sites a model never saw: the evidence for the base model's `FLOOR`.

Each argument is MODEL:SET[:held]: a model folder and a bench/silver.py set folder (annotated batches) whose
pages are in none of the model's training pages (a model trained without that set); `:held` keeps only the
pages listed in the set's HELD.txt (those no rule was fitted to). For each floor, the exact trigger and argument
F1 per set and pooled, with the gain over no floor and its 5 % quantile over 1,000 resamples of the pooled pages
(`gain_low`, the test `curate train` applies to its held-out split). The model's policy is the base model's
(no trusted label, no model triggers), so only the floor differs.

  python bench/floor_unseen.py /tmp/loo_s28:/tmp/s28:held curate/data/base_model:/tmp/s34
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from silver import batch_pages, gold_docs, keys, parse  # noqa: E402

from curate.model.combine import annotate_with_model  # noqa: E402
from curate.model.crf import load_model  # noqa: E402
from curate.model.train import f1_of  # noqa: E402
from curate.records import Document  # noqa: E402

FLOORS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3)


def set_pages(folder: Path, held_only: bool) -> list[tuple[str, str, tuple]]:
    """Return (document id, text, the annotators' keys) of a set's annotated pages (no hidden gold page)."""
    gold = gold_docs()
    held = set((folder / "HELD.txt").read_text().split()) if held_only else None
    out = []
    for batch in sorted(p for p in folder.iterdir() if p.is_dir() and (folder / f"key_{p.name}.json").exists()):
        for _, doc_id, text, ann in batch_pages(batch):
            if doc_id in gold or text is None or not ann.exists() or (held is not None and doc_id not in held):
                continue
            ents, trigs, args, _ = parse(text, ann.read_text("utf-8"))
            out.append((doc_id, text, (ents, trigs, args)))
    return out


def page_counts(model, pages) -> np.ndarray:
    """Return per page and floor the (gold, found, right) triggers and arguments: shape (pages, floors, 2, 3)."""
    policy = model.trusted, model.adds_triggers, model.trigger_floor
    model.trusted, model.adds_triggers = frozenset(), False
    rows = []
    try:
        for doc_id, text, theirs in pages:
            row = []
            for floor in FLOORS:
                model.trigger_floor = floor
                ours = keys(annotate_with_model(Document(doc_id, text), model).to_dict())
                row.append([(len(theirs[k]), len(ours[k]), len(ours[k] & theirs[k])) for k in (1, 2)])
            rows.append(row)
    finally:
        model.trusted, model.adds_triggers, model.trigger_floor = policy
    return np.array(rows, dtype=np.int64)


def f1(c: np.ndarray) -> np.ndarray:
    """Return F1 of (gold, found, right) counts along the last axis."""
    return f1_of(c[..., 2], c[..., 1], c[..., 0])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("specs", nargs="+", metavar="MODEL:SET[:held]")
    args = ap.parse_args()
    pooled = []
    for spec in args.specs:
        model_dir, folder, *held = spec.split(":")
        pages = set_pages(Path(folder), held == ["held"])
        c = page_counts(load_model(model_dir), pages)
        total = c.sum(axis=0)
        print(f"{Path(folder).name}{' held' if held else ''} ({len(pages)} pages): "
              + "  ".join(f"{floor}: {f1(total[i, 0]):.3f} / {f1(total[i, 1]):.3f}" for i, floor in enumerate(FLOORS)),
              flush=True)
        pooled.append(c)
    c = np.concatenate(pooled)
    picks = np.random.default_rng(0).integers(0, len(c), size=(1000, len(c)))
    sums = c[picks].sum(axis=1)  # (resamples, floors, 2, 3)
    total = c.sum(axis=0)
    print(f"pooled ({len(c)} pages), triggers / arguments, gain and gain_low over no floor:")
    for i, floor in enumerate(FLOORS):
        gains = f1(sums[:, i, 0]) - f1(sums[:, 0, 0])
        print(f"  {floor:<5} {f1(total[i, 0]):.4f} ({f1(total[i, 0]) - f1(total[0, 0]):+.4f}, "
              f"{np.quantile(gains, 0.05):+.4f})  {f1(total[i, 1]):.4f} ({f1(total[i, 1]) - f1(total[0, 1]):+.4f})")


if __name__ == "__main__":
    main()
