"""Quality floors of the rule annotator, run on the gold texts themselves: the five bundled pages'
hand-made gold and the development corpus's tune and test splits.

Targets on the bundled pages: entity micro-F1 ≥ 0.85 (exact span and label), trigger F1 ≥ 0.80
(type + span), argument F1 ≥ 0.60 (type + role + span).
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


# The development corpus (tests/data/corpus): 35 pages from 35 sites. The rules are tuned on d001–d025;
# d026–d035 is a test split whose errors nobody reads, so its floors say how the rules do on new sites.
CORPUS_GOLD = sorted((Path(__file__).resolve().parent / "data" / "corpus" / "gold").glob("*.jsonl"))
TEST_IDS = {f"d{n:03d}" for n in range(26, 36)}
# split → (entity F1, trigger F1, argument F1) floors, exact spans, a few points under the measured scores.
# Measured (issue 11, second round): tune 0.949 / 0.890 / 0.811, test 0.897 / 0.761 / 0.727; third round
# (branch s11-rules): tune 0.949 / 0.943 / 0.836, test 0.897 / 0.776 / 0.725; after the reviews against calibrated
# annotators (2026-12-02): tune 0.961 / 0.953 / 0.847, test 0.917 / 0.808 / 0.744; after the fourth session's
# reviews: tune 0.962 / 0.955 / 0.850, test 0.917 / 0.845 / 0.764.
CORPUS_FLOORS = {"tune": (0.94, 0.93, 0.82), "test": (0.89, 0.82, 0.74)}


@pytest.fixture(scope="module")
def corpus_reports():
    problems: list = []
    gold = [d for path in CORPUS_GOLD for d in read_gold(path, problems.append)]
    assert not problems and len(gold) == 35
    predicted = list(annotate_documents(d.with_annotations((), ()) for d in gold))
    return {split: score_documents(predicted, [d for d in gold if (d.id in TEST_IDS) == (split == "test")])
            for split in CORPUS_FLOORS}


@pytest.mark.parametrize("split", sorted(CORPUS_FLOORS))
def test_dev_corpus_floors(corpus_reports, split):
    report = corpus_reports[split]
    entity, trigger, argument = CORPUS_FLOORS[split]
    assert report.documents == (10 if split == "test" else 25) and not report.missing
    assert report.entity_micro.f1 >= entity, report.to_dict()["entities"]["micro"]
    assert report.entity_micro.precision >= 0.85, report.to_dict()["entities"]["micro"]
    assert report.trigger_micro.f1 >= trigger, report.to_dict()["triggers"]["micro"]
    assert report.argument_micro.f1 >= argument, report.to_dict()["arguments"]["micro"]
