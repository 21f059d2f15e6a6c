"""Quality floors of rules + model on the dev test split (d026–d035), trained here on the tune split
(d001–d025) and the five bundled gold pages, against the rules alone in the same run.

Measured when written (exact / set-based F1, rules alone → combined): entities 0.746 → 0.741 / 0.774 →
0.767, triggers 0.656 → 0.708 / 0.739 → 0.800, arguments 0.491 → 0.583 / 0.479 → 0.588. The issue's
targets (entities ≥ 0.88 and +0.05 over the rules, triggers ≥ 0.85, arguments ≥ 0.65) are not met:
these floors guard what the model does achieve (see README, "Learning from the gold").
"""

from __future__ import annotations

import pytest
from model_fixtures import dev_gold

from curate.model.combine import annotate_with_model
from curate.model.train import fit_model, rules_view, scores


@pytest.fixture(scope="module")
def results(tmp_path_factory, bundled_gold):
    train, test = dev_gold("tune") + bundled_gold, dev_gold("test")
    model = fit_model(train, tmp_path_factory.mktemp("dev-model"))
    combined = scores([annotate_with_model(d.with_annotations((), ()), model) for d in test], test)
    rules = scores([rules_view(d) for d in test], test)
    return rules, combined


def _f1(s, match, kind):
    return s[match][kind]["f1"]


@pytest.mark.parametrize("match", ["exact", "set"])
def test_combined_floors(results, match):
    _, combined = results
    assert _f1(combined, match, "entities") >= 0.73, combined
    assert _f1(combined, match, "triggers") >= 0.69, combined
    assert _f1(combined, match, "arguments") >= 0.57, combined


@pytest.mark.parametrize("match", ["exact", "set"])
def test_model_adds_triggers_and_arguments_and_keeps_entities(results, match):
    rules, combined = results
    assert _f1(combined, match, "triggers") >= _f1(rules, match, "triggers") + 0.04
    assert _f1(combined, match, "arguments") >= _f1(rules, match, "arguments") + 0.08
    assert _f1(combined, match, "entities") >= _f1(rules, match, "entities") - 0.01
