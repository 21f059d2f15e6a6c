"""A prediction's score: the model's confidence when there is one, else the rules' agreement."""

from __future__ import annotations

import dataclasses

from ls_fixtures import astral_document

from curate.records import Document
from curate.score import document_score, rule_agreement


def test_rule_agreement_counts_regions_both_rule_families_agree_on():
    doc = astral_document()  # 4 entities, 1 trigger whose arguments 张伟 and 包头市 are entities
    assert rule_agreement(doc) == round(3 / 5, 4)
    no_events = doc.with_annotations(list(doc.entities), [])
    assert rule_agreement(no_events) == 0.0


def test_a_document_with_nothing_predicted_scores_zero():
    assert rule_agreement(Document("d", "文本").with_annotations([], [])) == 0.0


def test_the_models_score_wins_when_it_is_a_probability():
    doc = astral_document()
    assert document_score(dataclasses.replace(doc, meta={"score": 0.25})) == 0.25
    for odd in (1.5, -0.1, float("nan"), "0.3", True, None):
        assert document_score(dataclasses.replace(doc, meta={"score": odd})) == 0.6
