from __future__ import annotations

import yaml
from dataset_fixtures import corpus, doc0, pulled

from curate.dataset.card import configs_yaml, render_card, summary_line
from curate.dataset.diff import diff_documents
from curate.dataset.report import annotator_agreement, rule_quality

FILES = {"ner": {"train": "ner/train.parquet", "test": "ner/test.parquet"},
         "events": {"train": "events/train.parquet"}, "documents": {"train": "documents/train.parquet"}}
MANIFEST = {"name": "demo", "path": "exports/demo/v2", "version": "v2", "parent": "v1", "kind": "gold",
            "schema_version": 1, "ruleset_version": "rules@3", "project": "news-ner",
            "created": "2026-11-23T09:00:00Z",
            "counts": {"documents": {"train": 8, "test": 1},
                       "rows": {"ner": {"train": 9, "test": 1}, "events": {"train": 9, "test": 1},
                                "documents": {"train": 8, "test": 1}},
                       "entities": {"PER": {"train": 5, "test": 1}}, "events": {"讲话": {"train": 2}},
                       "unplaced": {"arguments_outside_row": 2}}}


def _metas(docs):
    return [d.meta for d in docs]


def _card(docs_old, docs_new):
    info = [{"config_name": "ner", "features": [{"name": "doc_id", "dtype": "string"}]}]
    return render_card(MANIFEST, configs=configs_yaml(FILES), dataset_info=info,
                       diff=diff_documents(docs_old, docs_new), quality=rule_quality(_metas(docs_new)),
                       agreement=annotator_agreement(_metas(docs_new)))


def test_card_yaml_lists_configs_with_data_files_and_ner_as_default():
    card = _card(corpus(2), corpus(3))
    assert card.startswith("---\n")
    header = yaml.safe_load(card.split("---\n")[1])
    assert header["configs"][0] == {"config_name": "ner", "default": True, "data_files": [
        {"split": "train", "path": "ner/train.parquet"}, {"split": "test", "path": "ner/test.parquet"}]}
    assert [c["config_name"] for c in header["configs"]] == ["ner", "events", "documents"]
    assert header["dataset_info"][0]["config_name"] == "ner"


def test_card_body_says_kind_counts_changes_and_rule_quality():
    review = [{"rule": "person@1", "label": "PER", "start": 0, "end": 3, "text": "x", "action": "deleted"}]
    card = _card(corpus(2), [*corpus(3), pulled(doc0(), prediction_review=review)])
    assert "**gold**" in card and "news-ner" in card and "rules@3" in card
    assert "| train | 8 | 9 | 9 |" in card
    assert "| PER | 5 | 0 | 1 | 6 |" in card
    assert "event arguments outside their trigger's row (kept in `documents` only): 2" in card
    assert "## Changes since v1" in card and "- documents: 2 added, 0 removed, 0 changed" in card
    assert "| person@1 | 1 | 0 | 0 | 0 | 1 | 0.00 | 0.00 |" in card
    assert 'load_dataset("exports/demo/v2", "events")' in card


def test_silver_card_and_summary_line():
    card = render_card({**MANIFEST, "kind": "silver", "parent": None}, configs=configs_yaml(FILES),
                       dataset_info=[], diff=None, quality=rule_quality(_metas(corpus(2))),
                       agreement=annotator_agreement(_metas(corpus(2))))
    assert "**silver**" in card and "not reviewed by people" in card and "First version" in card
    assert summary_line(MANIFEST) == ("v2  2026-11-23T09:00:00Z  gold  parent v1  documents 9 (train 8, test 1)  "
                                      "ner rows 10  entities 6  events 2")
