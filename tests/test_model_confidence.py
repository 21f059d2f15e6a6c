"""How well the model's confidence tells right from wrong: AUC, rank correlation, and the measure on gold."""

from __future__ import annotations

import pytest

from curate.model.confidence import auc, confidence_quality, span_keys, spearman


def test_auc_counts_pairs_ordered_right_above_wrong():
    assert auc([0.9, 0.8], [0.1, 0.2]) == 1.0
    assert auc([0.1], [0.9]) == 0.0
    assert auc([0.5, 0.9], [0.5]) == pytest.approx(0.75)  # a tie counts half
    assert auc([], [0.3]) is None and auc([0.3], []) is None


def test_spearman_ranks_with_ties():
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert spearman([1, 1, 2], [5, 6, 7]) == pytest.approx(0.8660254)
    assert spearman([1, 1], [2, 3]) is None and spearman([1], [1]) is None


def test_confidence_quality_on_gold_pages(small_model, bundled_gold):
    from curate.model.combine import annotate_with_model

    q = confidence_quality(small_model, bundled_gold)
    assert q["documents"] == 5
    combined = [span_keys(annotate_with_model(g.with_annotations((), ()), small_model)) for g in bundled_gold]
    assert q["spans_right"] == sum(len(c & span_keys(g)) for c, g in zip(combined, bundled_gold, strict=True)) > 100
    assert q["spans_right"] + q["spans_wrong"] == sum(map(len, combined))
    assert q["span_auc"] is None or 0.0 <= q["span_auc"] <= 1.0
    assert q["score_vs_errors_spearman"] is None or -1.0 <= q["score_vs_errors_spearman"] <= 1.0


def test_the_card_reports_the_held_out_confidence(small_model):
    held = small_model.meta["held_out"]
    c = held["confidence"]
    assert c["documents"] == len(held["documents"]) == 1 and c["spans_right"] > 0
    card = (small_model.folder / "README.md").read_text(encoding="utf-8")
    assert f"({c['spans_right']} right, {c['spans_wrong']} wrong spans" in card
