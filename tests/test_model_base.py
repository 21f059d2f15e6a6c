"""The base model curate ships (`curate annotate --model base`, trained by bench/train_base.py): it loads, its
policy and why, the CLI name `base`, its spans (the rules') and its confidence on the dev test split (pages it
never saw)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from model_fixtures import dev_gold
from typer.testing import CliRunner

from curate.cli import app
from curate.model import BASE_MODEL, model_folder
from curate.model.card import render_card
from curate.model.combine import annotate_with_model
from curate.model.crf import LABELS, load_model
from curate.model.train import rules_view, scores
from curate.records import Document

runner = CliRunner()
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))


@pytest.fixture(scope="module")
def base():
    return load_model(BASE_MODEL)


def test_the_base_model_is_whole_and_says_why_it_trusts_its_labels(base):
    assert list(base.meta["labels"]) == list(LABELS)
    assert base.trusted == set() and not base.adds_triggers
    assert "set 34" in base.meta["trust_evidence"]
    # The dev test split is no training page of it: a fair test below.
    training = base.meta["training"]
    assert training["documents"] >= 200 and "silver" in training["source"]
    assert not any(d.startswith(("d026", "d03")) for d in base.meta["held_out"]["documents"])
    card = (BASE_MODEL / "README.md").read_text(encoding="utf-8")
    assert card == render_card(base.meta, base.lexicon)  # the card says what model.json says
    assert "**none**" in card and "chosen outside it" in card and "adds no triggers" in card


def test_base_names_the_shipped_model_unless_a_folder_has_that_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert model_folder("base") == BASE_MODEL
    (tmp_path / "base").mkdir()
    assert model_folder("base").resolve() == (tmp_path / "base").resolve()
    assert model_folder("models/mine") == Path("models/mine")


def test_annotate_with_the_base_model(tmp_path, bundled_gold, base):
    docs = tmp_path / "docs.jsonl"
    docs.write_text("".join(json.dumps({"id": d.id, "text": d.text}, ensure_ascii=False) + "\n"
                            for d in bundled_gold), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    r = runner.invoke(app, ["annotate", str(docs), "-o", str(out), "--model", "base"])
    assert r.exit_code == 0, r.output
    assert base.source in r.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert records == [annotate_with_model(Document(d.id, d.text), base).to_dict() for d in bundled_gold]
    # Each document has the model's confidence, the score push sends.
    assert all(0 < rec["meta"]["score"] < 1 and rec["meta"]["model_version"].endswith(base.source) for rec in records)


def test_the_base_model_on_pages_it_never_saw(base):
    from curate.model.confidence import confidence_quality

    test = dev_gold("test")
    predicted = [annotate_with_model(d.with_annotations((), ()), base) for d in test]
    combined, rules = scores(predicted, test), scores([rules_view(d) for d in test], test)
    for kind in ("entities", "triggers", "arguments"):
        assert combined["exact"][kind]["f1"] >= rules["exact"][kind]["f1"] - 0.005, (kind, rules, combined)
    # Its confidence tells right spans from wrong ones and ranks pages by their errors.
    quality = confidence_quality(base, test, predicted)
    assert quality["span_auc"] >= 0.75 and quality["score_vs_errors_spearman"] >= 0.5, quality


def test_the_base_model_was_trained_on_the_data_in_the_repository(base):
    from train_base import SILVER, training_docs

    from curate.model.train import TrainingData

    docs = training_docs()
    assert len(docs) == base.meta["training"]["documents"] == 30 + sum(
        len(p.read_text(encoding="utf-8").splitlines()) for p in SILVER.glob("*.jsonl"))
    # Rebuild it (`python bench/train_base.py train --replace`) when the silver data changes.
    assert TrainingData(docs, "").hash == base.meta["training"]["hash"]
    assert not any(d.id.startswith(("d026", "d027", "d028", "d029", "d03")) for d in docs)
