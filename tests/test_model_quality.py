"""Quality floors of rules + model on the dev test split (d026–d035), trained here on the tune split
(d001–d025) and the five bundled gold pages, against the rules alone in the same run.

Measured at the merge of the generalised rules (exact / set-based F1, rules alone → combined): entities
0.897 → 0.895 / 0.885 → 0.883, triggers 0.755 → 0.746 / 0.810 → 0.810, arguments 0.727 → 0.719 /
0.748 → 0.740. Against the rules of the time it was written (entities 0.746) the model added 0.05–0.09
to triggers and arguments; against the generalised rules, 30 gold pages teach it nothing the rules do
not already find, so the issue's "+0.05 over the rules" and triggers ≥ 0.85 are not met. These floors
guard what holds: the combined system at the rules' level, and the model costing at most 0.015.
Since the lexicon adds no triggers and the tagger's need confidence 0.9 (curate/model/combine.py),
with the rules of issue 11's second round: entities 0.897 → 0.895 / 0.885 → 0.882, triggers 0.761 →
0.758 / 0.810 → 0.810, arguments 0.727 → 0.727 / 0.750 → 0.750.
Since the training views hide 30 % of the rules' triggers, the tagger's triggers need 0.95 and its
entity spans are not added (branch s12-model), combined equals the rules alone: 0.897 / 0.885,
0.775 / 0.821, 0.725 / 0.748; after the reviews against calibrated annotators (2026-12-02): 0.917 / 0.903,
0.808 / 0.840, 0.744 / 0.757; after the fourth session's reviews 0.917 / 0.903, 0.845 / 0.875, 0.764 / 0.762
(the floors: the issue's 0.88 for entities, the rest a little below).
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
    assert _f1(combined, match, "entities") >= 0.88, combined
    assert _f1(combined, match, "triggers") >= 0.82, combined
    assert _f1(combined, match, "arguments") >= 0.74, combined


@pytest.mark.parametrize("match", ["exact", "set"])
def test_the_model_costs_the_rules_little(results, match):
    rules, combined = results
    for kind in ("entities", "triggers", "arguments"):
        assert _f1(combined, match, kind) >= _f1(rules, match, kind) - 0.015, (kind, rules, combined)
