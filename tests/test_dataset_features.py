"""The one declaration of the configs' columns gives what `datasets` itself would derive from it."""

from __future__ import annotations

import pyarrow as pa
import pytest
from datasets import ClassLabel, Features, List

from curate.dataset.card import CONFIGS
from curate.dataset.features import CONFIG_FEATURES, arrow_schema, dataset_info, hf_dict
from curate.schema import EVENT_TYPES, NER_TAGS, ROLES


@pytest.mark.parametrize("config", CONFIGS)
def test_arrow_schema_is_the_one_datasets_derives_from_the_features(config):
    features = Features.from_dict(hf_dict(CONFIG_FEATURES[config]))
    schema = arrow_schema(config)
    assert schema.remove_metadata() == features.arrow_schema.remove_metadata()
    assert Features.from_arrow_schema(schema) == features  # what load_dataset reads back from the files


def test_labels_are_class_labels_in_schema_order():
    ner = Features.from_dict(hf_dict(CONFIG_FEATURES["ner"]))
    assert isinstance(ner["ner_tags"], List) and ner["ner_tags"].feature == ClassLabel(names=list(NER_TAGS))
    events = Features.from_dict(hf_dict(CONFIG_FEATURES["events"]))
    assert events["events"].feature["type"].names == list(EVENT_TYPES)
    assert events["events"].feature["arguments"].feature["role"].names == list(ROLES)
    assert arrow_schema("ner").field("ner_tags").type == pa.list_(pa.int64())


def test_dataset_info_spells_lists_structs_and_class_labels_as_the_hub_yaml_does():
    info = dataset_info("events")
    assert info["config_name"] == "events"
    fields = {f["name"]: f for f in info["features"]}
    assert fields["doc_id"] == {"name": "doc_id", "dtype": "string"}
    event = {f["name"]: f for f in fields["events"]["list"]}
    assert event["trigger"] == {"name": "trigger", "struct": [{"name": "start", "dtype": "int32"},
                                                              {"name": "end", "dtype": "int32"},
                                                              {"name": "text", "dtype": "string"}]}
    assert event["realis"]["dtype"] == {"class_label": {"names": {"0": "actual", "1": "directive",
                                                                  "2": "planned", "3": "negated"}}}
    tokens = {f["name"]: f for f in dataset_info("ner")["features"]}["tokens"]
    assert tokens == {"name": "tokens", "list": "string"}


def _keys(feature, value):
    """Return the mismatches between a row value and the declaration (keys missing or extra, recursively)."""
    from curate.dataset.features import Seq

    if isinstance(feature, dict):
        out = [] if set(feature) == set(value) else [(sorted(feature), sorted(value))]
        return out + [m for k in feature.keys() & value.keys() for m in _keys(feature[k], value[k])]
    if isinstance(feature, Seq):
        return [m for v in value for m in _keys(feature.of, v)]
    return []


def test_rows_have_exactly_the_declared_fields():
    # from_pylist fills a missing key with null and drops an unknown one: the shapes must agree exactly.
    from dataset_fixtures import doc0

    from curate.dataset.rows import rows_from_document

    rows = rows_from_document(doc0())
    assert rows.ner and rows.events and any(r["events"] for r in rows.events)
    for config, made in (("ner", rows.ner), ("events", rows.events), ("documents", [rows.document])):
        assert [m for row in made for m in _keys(CONFIG_FEATURES[config], row)] == []
