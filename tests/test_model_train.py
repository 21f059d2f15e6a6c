"""Training: a model folder from gold (JSONL or a dataset version), its card, and every refusal (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

from dataset_fixtures import corpus, pulled
from typer.testing import CliRunner

from curate.cli import app
from curate.dataset.version import write_version
from curate.model.crf import CRF_FILE, LABELS, LEXICON_FILE, META_FILE, load_model
from curate.model.train import HIDDEN_TRIGGERS, curve_sizes, hide_triggers, rules_view
from curate.records import Document
from curate.schema import SCHEMA_VERSION

runner = CliRunner()


def _jsonl(path: Path, docs) -> Path:
    path.write_text("".join(json.dumps(d.to_dict(), ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    return path


def test_model_folder_holds_card_lexicon_and_a_learning_curve(small_model):
    meta = small_model.meta
    assert sorted(p.name for p in small_model.folder.iterdir()) == sorted(
        [CRF_FILE, LEXICON_FILE, META_FILE, "README.md"])
    assert meta["schema_version"] == SCHEMA_VERSION and meta["labels"] == list(LABELS)
    assert meta["training"]["documents"] == 5 and len(meta["training"]["hash"]) == 16
    assert [p["documents"] for p in meta["learning_curve"]] == [0, 4]
    assert len(meta["held_out"]["documents"]) == 1
    card = (small_model.folder / "README.md").read_text(encoding="utf-8")
    assert meta["training"]["hash"] in card and "| 4 |" in card and small_model.hash in card
    assert meta["lexicon"]["entries"] > 50


def test_load_round_trip_tags_the_same(small_model, bundled_gold):
    again = load_model(small_model.folder)
    assert again.hash == small_model.hash and again.source == f"model@{small_model.hash}"
    from curate.annotate import annotate_document

    ruled = annotate_document(bundled_gold[0].with_annotations((), ()))
    assert again.tag(ruled) == small_model.tag(ruled)


def test_curve_sizes():
    assert curve_sizes(0) == [0]
    assert curve_sizes(4) == [0, 4]
    assert curve_sizes(24) == [0, 5, 10, 20, 24]


def test_train_from_the_latest_gold_version(tmp_path, bundled_gold):
    root = tmp_path / "exports" / "proj"
    write_version([pulled(d) for d in bundled_gold[:2]], root, kind="gold")
    write_version(corpus(3), root, kind="silver")
    out = tmp_path / "model"
    r = runner.invoke(app, ["train", str(root), "-o", str(out), "-q"])
    assert r.exit_code == 0, r.output
    meta = json.loads((out / META_FILE).read_text(encoding="utf-8"))
    assert meta["training"]["version"] == "v1" and meta["training"]["documents"] == 2
    assert meta["learning_curve"] == []  # too few documents to hold any out
    assert load_model(out).hash == meta["hash"]


def test_a_folder_of_jsonl_shards_is_the_same_training_data_as_one_file(tmp_path, bundled_gold):
    from curate.model.train import load_training_data

    one = _jsonl(tmp_path / "all.jsonl", bundled_gold[:3])
    shards = tmp_path / "gold"
    shards.mkdir()
    _jsonl(shards / "part1.jsonl", bundled_gold[:2])
    _jsonl(shards / "part2.jsonl", [bundled_gold[2], Document("plain", "没有标注的文本。")])  # not annotated: skipped
    data = load_training_data(shards)
    assert [d.id for d in data.docs] == [d.id for d in bundled_gold[:3]] and data.skipped == 1
    assert data.hash == load_training_data(one).hash and data.source == str(shards)


def test_bad_training_data_exits_2_and_writes_nothing(tmp_path):
    out = tmp_path / "model"
    plain = _jsonl(tmp_path / "docs.jsonl", [d.with_annotations((), ()) for d in corpus(2)])
    plain.write_text(plain.read_text().replace('"entities": [], "events": []', '"x": 1'), encoding="utf-8")
    root = tmp_path / "exports" / "proj"
    write_version(corpus(2), root, kind="silver")
    nolabels = tmp_path / "exports" / "nolabels"
    v = write_version(corpus(2, "n"), nolabels, kind="gold")
    empty = tmp_path / "empty"
    empty.mkdir()
    cases = [(tmp_path / "missing.jsonl", "no such file or folder"),
             (empty, "no gold version"),
             (plain, "no gold documents"),
             (root, "no gold version"),
             (root / "v1", "a silver version has no annotated documents"),
             (v, "no annotated documents in this version")]
    for data, message in cases:
        r = runner.invoke(app, ["train", str(data), "-o", str(out)])
        assert r.exit_code == 2, (data, r.output)
        assert message in r.output and "error:" in r.output
        assert not out.exists()
    assert not any(p.name.startswith(".model") for p in tmp_path.iterdir())


def test_an_existing_model_folder_is_not_overwritten(tmp_path, small_model):
    r = runner.invoke(app, ["train", str(tmp_path), "-o", str(small_model.folder)])
    assert r.exit_code == 2 and "not overwritten" in r.output


def test_a_bad_record_in_the_gold_exits_2_and_writes_nothing(tmp_path):
    gold = _jsonl(tmp_path / "gold.jsonl", corpus(2))
    gold.write_text(gold.read_text(encoding="utf-8") + '{"id": "x", "text": "abc", "entities": [{"label": "PER"}]}\n',
                    encoding="utf-8")
    out = tmp_path / "model"
    r = runner.invoke(app, ["train", str(gold), "-o", str(out)])
    assert r.exit_code == 2 and f"{gold}:3" in r.output and "nothing written" in r.output
    assert not out.exists()


def test_training_views_hide_a_fixed_share_of_the_rules_triggers(bundled_gold):
    views = [rules_view(d) for d in bundled_gold]
    hidden = [hide_triggers(v, HIDDEN_TRIGGERS) for v in views]
    events = sum(len(v.events or ()) for v in views)
    kept = sum(len(h.events or ()) for h in hidden)
    assert 0.5 * HIDDEN_TRIGGERS < 1 - kept / events < 1.5 * HIDDEN_TRIGGERS, (kept, events)
    for v, h in zip(views, hidden, strict=True):
        assert h.entities == v.entities and set(h.events or ()) <= set(v.events or ())
        assert hide_triggers(v, HIDDEN_TRIGGERS) == h  # the same choice every time
        assert hide_triggers(v, 0.0) == v and not hide_triggers(v, 1.0).events


def test_a_training_document_sees_no_own_name_as_a_jieba_word(bundled_gold, tmp_path, monkeypatch):
    # A new page's names are jieba words only when training pages had them; a training page's own names
    # must not be either, or a name split into characters looks like no name (bench/RESULTS.md).
    from curate.model import train
    from curate.model.crf import user_words
    from curate.model.features import tokenizer
    from curate.model.lexicon import Lexicon, gold_spans

    seen: dict[str, object] = {}
    real = train.document_features

    def recording(view, tk, lexicon):
        seen[view.id] = tk
        return real(view, tk, lexicon)

    monkeypatch.setattr(train, "document_features", recording)
    train.fit(bundled_gold, tmp_path, {})
    assert sorted(seen) == sorted(d.id for d in bundled_gold)
    base = tokenizer(user_words(Lexicon(())))  # jieba's own dictionary and the gazetteer
    names = {d.id: {d.text[s:e] for label, s, e in gold_spans(d) if label == "PER"} for d in bundled_gold}
    for d in bundled_gold:
        own = names[d.id] - set().union(*(names[o.id] for o in bundled_gold if o.id != d.id))
        own = {n for n in own if not base.FREQ.get(n)}
        assert own and not any(seen[d.id].FREQ.get(n) for n in own), d.id


def test_an_unseen_name_a_rule_marks_is_a_name_to_the_model(small_model):
    from curate.annotate import annotate_document
    from curate.records import Document

    for name in ("张世伟", "刘建新", "孙立群"):
        text = f"县委书记{name}出席会议并讲话。"
        ruled = annotate_document(Document("x", text))
        key = ("PER", 4, 7)
        assert key in {(e.label, e.start, e.end) for e in ruled.entities or ()}
        tagged, confidence = small_model.tag(ruled, [key])
        assert key in {(t.label, t.start, t.end) for t in tagged} and confidence[key] >= 0.5, name


def test_trusted_labels_need_support_and_a_clear_gain():
    from curate.model.train import TRUST_GAIN, TRUST_SUPPORT, trusted_labels

    comparison = {
        "PROJECT": {"gold": TRUST_SUPPORT, "rules_f1": 0.60, "model_f1": 0.60 + TRUST_GAIN, "gain_low": 0.01},
        "MEETING": {"gold": TRUST_SUPPORT - 1, "rules_f1": 0.5, "model_f1": 0.9, "gain_low": 0.2},  # too few to tell
        "GPE": {"gold": 200, "rules_f1": 0.85, "model_f1": 0.85 + TRUST_GAIN / 2, "gain_low": 0.001},  # no clear gain
        "COMPANY": {"gold": 40, "rules_f1": 0.6, "model_f1": 0.7, "gain_low": -0.02},  # a gain a few pages make
        "开工": {"gold": 50, "rules_f1": 0.8, "model_f1": 0.6, "gain_low": -0.3},
    }
    assert trusted_labels(comparison) == ["PROJECT"]


def test_a_gain_on_one_held_out_document_is_no_gain_that_holds():
    """The tagger right on one document's ten PROJECT spans and the rules right on the nine others' one each: the
    tagger's F1 is higher, but resampling the documents often leaves that one out."""
    import numpy as np

    from curate.model import train
    from curate.model.crf import TaggedSpan
    from curate.records import Entity

    class Tagger:
        def tag(self, view, expected):
            return [TaggedSpan("PROJECT", s, s + 2, 0.9) for s in range(0, 20, 2)] if view.id == "d0" else [], {}

    docs, ruled = [], {}
    for n in range(10):
        spans = [Entity("PROJECT", s, s + 2, "项目") for s in range(0, 20 if n == 0 else 2, 2)]
        docs.append(Document(f"d{n}", "项目" * 10).with_annotations(spans, ()))
        ruled[f"d{n}"] = docs[-1].with_annotations([] if n == 0 else spans, ())
    c = train.compare_labels(Tagger(), docs, ruled)["PROJECT"]
    assert (c["gold"], c["rules_f1"], c["model_f1"]) == (19, round(2 * 9 / 28, 4), round(2 * 10 / 29, 4))
    assert c["model_f1"] - c["rules_f1"] >= train.TRUST_GAIN and c["gain_low"] < 0
    assert train.trusted_labels({"PROJECT": c}) == [] and np.isfinite(c["gain_low"])


def test_compare_labels_scores_rules_and_tagger_per_label(small_model, bundled_gold):
    from curate.model.confidence import span_keys
    from curate.model.train import compare_labels

    ruled = {d.id: rules_view(d) for d in bundled_gold}
    c = compare_labels(small_model, bundled_gold, ruled)
    per = [k for d in bundled_gold for k in span_keys(d) if k[0] == "PER"]
    assert c["PER"]["gold"] == len(per) > 10
    found = [k for d in bundled_gold for k in span_keys(ruled[d.id]) if k[0] == "PER"]
    right = sum(len({k for k in span_keys(ruled[d.id]) if k[0] == "PER"} & span_keys(d)) for d in bundled_gold)
    assert c["PER"]["rules_f1"] == round(2 * right / (len(found) + len(per)), 4)
    assert all(0.0 <= v["model_f1"] <= 1.0 for v in c.values())


def test_the_trusted_labels_are_part_of_the_models_version(small_model, tmp_path):
    import shutil

    from curate.model.train import _write_meta

    assert small_model.meta["trusted_labels"] == [] and "labels" in small_model.meta["held_out"]
    folder = tmp_path / "copy"
    shutil.copytree(small_model.folder, folder)
    meta = {k: v for k, v in small_model.meta.items() if k not in ("files", "hash")}
    card = (small_model.folder / "README.md").read_text(encoding="utf-8")
    assert "## Labels the tagger is trusted with" in card and "**none**" in card
    per = small_model.meta["held_out"]["labels"]["PER"]
    assert f"| PER | {per['gold']} | {per['rules_f1']:.3f} | {per['model_f1']:.3f} | {per['gain_low']:.3f} |  |" in card
    assert _write_meta(folder, dict(meta)).hash == small_model.hash
    trusting = _write_meta(folder, meta | {"trusted_labels": ["PROJECT"]})
    assert trusting.hash != small_model.hash and trusting.trusted == {"PROJECT"}
    floored = _write_meta(folder, meta | {"trigger_floor": 0.1})
    assert floored.hash not in (small_model.hash, trusting.hash) and floored.trigger_floor == 0.1


def test_train_prints_the_held_out_scores_and_the_trusted_labels(tmp_path, bundled_gold):
    gold = _jsonl(tmp_path / "gold.jsonl", bundled_gold)
    out = tmp_path / "model"
    r = runner.invoke(app, ["train", str(gold), "-o", str(out), "-q"])
    assert r.exit_code == 0, r.output
    meta = json.loads((out / META_FILE).read_text(encoding="utf-8"))
    assert "held-out combined F1: entities" in r.output
    trusted = ", ".join(meta["trusted_labels"]) or "none"
    assert f"labels the tagger is trusted with: {trusted} (the card" in r.output


def test_a_trigger_floor_needs_a_clear_gain_that_holds():
    from curate.model.train import TRUST_GAIN, trigger_floor

    assert trigger_floor({}) == 0.0
    base = {"without": 0.80, "with": 0.80, "gain_low": 0.0}
    assert trigger_floor({"0.1": base, "0.2": base | {"with": 0.80 + TRUST_GAIN / 2, "gain_low": 0.001}}) == 0.0
    assert trigger_floor({"0.1": base | {"with": 0.9, "gain_low": -0.01}}) == 0.0  # a few documents' luck
    assert trigger_floor({"0.1": base | {"with": 0.80 + TRUST_GAIN, "gain_low": 0.001},
                          "0.2": base | {"with": 0.85, "gain_low": 0.01},
                          "0.3": base | {"with": 0.83, "gain_low": 0.02}}) == 0.2
    # The same gain: the lower floor, which drops fewer triggers.
    assert trigger_floor({"0.1": base | {"with": 0.85, "gain_low": 0.01}, "0.2": base | {"with": 0.85, "gain_low": 0.01}}) == 0.1


def test_compare_floors_scores_the_held_out_triggers_with_each_floor(small_model, bundled_gold):
    from curate.model.combine import annotate_with_model
    from curate.model.train import FLOORS, compare_floors

    predicted = [annotate_with_model(d.with_annotations((), ()), small_model) for d in bundled_gold]
    c = compare_floors(small_model, bundled_gold, predicted)
    assert list(c) == [str(f) for f in FLOORS] and small_model.trigger_floor == 0.0

    def f1(docs):
        right = found = wanted = 0
        for g, d in zip(bundled_gold, docs, strict=True):
            w, f = ({(ev.type, ev.trigger.start, ev.trigger.end) for ev in x.events or ()} for x in (g, d))
            right, found, wanted = right + len(w & f), found + len(f), wanted + len(w)
        return round(2 * right / (found + wanted), 4)

    assert all(v["without"] == f1(predicted) for v in c.values())
    small_model.trigger_floor = 0.3
    try:
        floored = [annotate_with_model(d.with_annotations((), ()), small_model) for d in bundled_gold]
    finally:
        small_model.trigger_floor = 0.0
    assert c["0.3"]["with"] == f1(floored)
    # A floor only ever takes events away.
    assert sum(len(d.events or ()) for d in floored) <= sum(len(d.events or ()) for d in predicted)


def test_the_card_shows_the_floors_the_held_out_split_compared(small_model):
    floors = small_model.meta["held_out"]["floors"]
    assert set(floors) == {"0.1", "0.2", "0.3"} and small_model.meta["trigger_floor"] == small_model.trigger_floor
    card = (small_model.folder / "README.md").read_text(encoding="utf-8")
    assert "## Rule triggers the model doubts" in card
    c = floors["0.2"]
    assert f"| 0.2 | {c['without']:.3f} | {c['with']:.3f} | {c['gain_low']:.3f} |" in card
