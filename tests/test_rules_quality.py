"""Quality floors of the rule annotator on the hand-made gold standard (run on the gold texts themselves).

Targets from the issue: entity micro-F1 ≥ 0.85 (exact span and label), trigger F1 ≥ 0.80 (type + span),
argument F1 ≥ 0.60 (type + role + span).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from curate.annotate import annotate_documents
from curate.evaluate import read_gold, score_documents

GOLD = Path(__file__).resolve().parent / "data" / "gold" / "gold.jsonl"


@pytest.fixture(scope="module")
def report():
    problems: list = []
    gold = list(read_gold(GOLD, problems.append))
    assert not problems and len(gold) == 5
    predicted = annotate_documents(d.with_annotations((), ()) for d in gold)
    return score_documents(predicted, gold)


def test_entity_micro_f1(report):
    assert report.entity_micro.f1 >= 0.85, report.to_dict()["entities"]


def test_trigger_f1(report):
    assert report.trigger_micro.f1 >= 0.80, report.to_dict()["triggers"]


def test_argument_f1(report):
    assert report.argument_micro.f1 >= 0.60, report.to_dict()["arguments"]
