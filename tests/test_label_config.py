"""The Label Studio config is generated from the schema, checked in, and accepted by the real server."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from curate.label_config import CONFIG_FILE, LABELS_NAME, REALIS_NAME, TEXT_NAME, build_label_config
from curate.schema import ENTITY_LABELS, EVENT_ROLES, EVENT_TYPES, REALIS, ROLES


def test_checked_in_config_is_the_generated_one():
    assert CONFIG_FILE.read_text(encoding="utf-8") == build_label_config(), (
        "label_config/curate.xml is stale: run python -c "
        "'from curate.label_config import write_label_config; write_label_config()'")


def test_config_agrees_with_the_schema():
    root = ET.fromstring(build_label_config())
    (labels,) = root.findall("Labels")
    assert labels.get("name") == LABELS_NAME and labels.get("toName") == TEXT_NAME
    assert [x.get("value") for x in labels] == [*ENTITY_LABELS, "ARG", *EVENT_TYPES]
    assert [x.get("value") for x in root.find("Relations")] == list(ROLES)
    assert set(ROLES) == {r for rs in EVENT_ROLES.values() for r in rs}
    (choices,) = root.findall("Choices")
    assert choices.get("name") == REALIS_NAME and choices.get("perRegion") == "true"
    assert choices.get("visibleWhen") == "region-selected" and choices.get("whenTagName") == LABELS_NAME
    assert choices.get("whenLabelValue").split(",") == list(EVENT_TYPES)
    assert [x.get("value") for x in choices] == list(REALIS)
    assert root.find("Text").get("name") == TEXT_NAME and root.find("Text").get("value") == "$text"


@pytest.mark.server
def test_real_server_accepts_the_config(ls_client, project_name):
    project = ls_client.projects.create(title=project_name, label_config=build_label_config())
    try:
        parsed = ls_client.projects.get(id=project.id).parsed_label_config
        assert set(parsed[LABELS_NAME]["labels"]) == {*ENTITY_LABELS, "ARG", *EVENT_TYPES}
        assert parsed[REALIS_NAME]["labels"] == list(REALIS)
        assert parsed[LABELS_NAME]["to_name"] == [TEXT_NAME]
    finally:
        ls_client.projects.delete(id=project.id)


def test_a_role_only_one_event_type_has_wears_that_types_trigger_colour():
    """Label Studio cannot limit a relation label to some triggers: the arc colour says whose role it is."""
    root = ET.fromstring(build_label_config())
    triggers = {x.get("value"): x.get("background") for x in root.find("Labels") if x.get("value") in EVENT_TYPES}
    colours = {x.get("value"): x.get("background") for x in root.find("Relations")}
    for role, colour in colours.items():
        owners = [t for t in EVENT_TYPES if role in EVENT_ROLES[t]]
        assert colour == (triggers[owners[0]] if len(owners) == 1 else "#757575"), role
    assert colours["讲话人"] == triggers["讲话"] and colours["时间"] == "#757575"


def test_labels_of_a_config_per_control_tag():
    from curate.label_config import config_labels

    got = config_labels(build_label_config())
    assert got == {"label": {*ENTITY_LABELS, "ARG", *EVENT_TYPES}, "realis": set(REALIS)}
