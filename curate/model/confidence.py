"""Confidence stage, pure: how well a model's confidence tells right spans from wrong ones, and pages with
many errors from pages with few, measured against gold documents (model card, `bench/bench_learning.py`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Any

from curate.annotate import annotate_document
from curate.model.lexicon import gold_spans
from curate.records import Document


def span_keys(doc: Document) -> set[tuple[str, int, int]]:
    """Return the set of a document's (label, start, end) entity (no ARG) and trigger spans (`gold_spans`)."""
    return set(gold_spans(doc))


def auc(right: list[float], wrong: list[float]) -> float | None:
    """Return the chance that a right span has a higher confidence than a wrong one (ties count half)."""
    if not right or not wrong:
        return None
    ordered = sorted(wrong)
    wins = sum(bisect_left(ordered, c) + (bisect_right(ordered, c) - bisect_left(ordered, c)) / 2 for c in right)
    return wins / (len(right) * len(wrong))


def spearman(xs: list[float], ys: list[float]) -> float | None:
    """Return Spearman's rank correlation (average ranks for ties); None when either side is constant."""
    def ranks(v: list[float]) -> list[float]:
        ordered = sorted(v)
        return [(bisect_left(ordered, x) + bisect_right(ordered, x) - 1) / 2 for x in v]

    if len(xs) < 2:
        return None
    rx, ry = ranks(xs), ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    var = (sum((a - mx) ** 2 for a in rx) * sum((b - my) ** 2 for b in ry)) ** 0.5
    return cov / var if var else None


def confidence_quality(model: Any, gold: list[Document], predicted: list[Document] | None = None) -> dict[str, Any]:
    """Return the AUC of the span confidences (right vs wrong spans of the combined output) and the rank
    correlation of the document score with each page's wrong or missed spans per character (higher is better
    for both; 0.5 and 0 are chance). `predicted`: the gold texts as `annotate_with_model` gives them, if at hand.
    """
    from curate.model.combine import annotate_with_model

    right: list[float] = []
    wrong: list[float] = []
    doc_scores: list[float] = []
    errors: list[float] = []
    for i, g in enumerate(gold):
        doc = g.with_annotations((), ())
        combined = predicted[i] if predicted is not None else annotate_with_model(doc, model)
        keys, wanted = span_keys(combined), span_keys(g)
        _, confidence = model.tag(annotate_document(doc), sorted(keys))
        for k in keys:
            (right if k in wanted else wrong).append(confidence.get(k, 0.0))
        doc_scores.append(combined.meta["score"])
        errors.append(-len(keys ^ wanted) / max(1, len(doc.text)))
    a, r = auc(right, wrong), spearman(doc_scores, errors)
    return {"span_auc": None if a is None else round(a, 3),
            "score_vs_errors_spearman": None if r is None else round(r, 3),
            "spans_right": len(right), "spans_wrong": len(wrong), "documents": len(gold)}
