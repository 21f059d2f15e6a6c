"""Rules + model: provenance, the conflict policy, the document score, and `curate annotate --model`."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from curate.annotate import annotate_document
from curate.cli import app
from curate.model.combine import annotate_with_model, merge_spans, model_version
from curate.model.crf import CRF_FILE, META_FILE
from curate.records import Document, check_spans
from curate.rules.base import Span
from curate.rules.registry import ruleset_version

runner = CliRunner()
HELD_OUT = "会上，远景与鄂尔多斯市签订合作协议，项目计划年内开工。"


def test_model_recovers_a_confirmed_name_the_rules_miss(small_model):
    # 远景 is a COMPANY people confirmed twice in the bundled gold; no rule finds it, here or there.
    entry = small_model.lexicon.best["远景"]
    assert (entry.label, entry.count, entry.precision) == ("COMPANY", 2, 1.0)
    doc = Document("held-out", HELD_OUT)
    assert "远景" not in {e.text for e in annotate_document(doc).entities or ()}
    combined = annotate_with_model(doc, small_model)
    found = {(e.label, e.text): e.source for e in combined.entities or ()}
    assert found[("COMPANY", "远景")] == small_model.source
    assert found[("GPE", "鄂尔多斯市")].startswith("gpe_gazetteer@")  # the rules' spans stay


def test_every_span_has_provenance_and_matches_the_text(small_model, bundled_gold):
    for gold in bundled_gold:
        doc = check_spans(annotate_with_model(gold.with_annotations((), ()), small_model))
        sources = {e.source for e in doc.entities or ()} | {ev.source for ev in doc.events or ()}
        assert all("@" in s for s in sources)
        assert 0.0 <= doc.meta["score"] <= 1.0
        assert doc.meta["model_version"] == f"{ruleset_version()}+{small_model.source}" == model_version(small_model)
        ids = {e.id for e in doc.entities or ()}
        assert all(a.entity in ids for ev in doc.events or () for a in ev.arguments)


def test_each_span_carries_its_confidence_for_the_annotator(small_model, bundled_gold):
    from curate.model.lexicon import gold_spans

    doc = annotate_with_model(bundled_gold[0].with_annotations((), ()), small_model)
    spans = doc.meta["span_confidence"]
    # One entry per entity (no ARG) and trigger span, in text order, each the tagger's confidence in it.
    assert sorted((label, s, e) for label, s, e, _ in spans) == sorted(set(gold_spans(doc)))
    assert [(s, e) for _, s, e, _ in spans] == sorted((s, e) for _, s, e, _ in spans)
    _, confidence = small_model.tag(annotate_document(doc.with_annotations((), ())),
                                    [(label, s, e) for label, s, e, _ in spans])
    assert all(c == round(confidence[(label, s, e)], 3) for label, s, e, c in spans)
    assert len({c for *_, c in spans}) > 5 and all(0 <= c <= 1 for *_, c in spans)


def test_score_is_lower_where_the_model_has_doubts(small_model, bundled_gold):
    # A page like the training pages is scored higher than a run of unusual text.
    known = annotate_with_model(bundled_gold[0].with_annotations((), ()), small_model).meta["score"]
    # A signing between parties nobody annotated: the model doubts its trigger.
    odd = annotate_with_model(Document("odd", "会上，某某科技与某地签订了一份意向书。"), small_model).meta["score"]
    assert known > odd
    # Nothing found at all: 0, so such pages come first too.
    assert annotate_with_model(Document("none", "他们在那里讨论了很多事情。"), small_model).meta["score"] == 0.0


def test_merge_keeps_rule_spans_and_fills_gaps():
    t = "包头市召开会议"
    rule = [Span("GPE", 0, 3, "包头市", "gpe@1")]
    model = [Span("GOV", 0, 2, "包头", "model@x"), Span("会议召开", 3, 5, "召开", "model@x")]
    assert merge_spans(rule, model, len(t)) == [rule[0], model[1]]


def test_annotate_cli_with_model(tmp_path, small_model, bundled_gold):
    docs = tmp_path / "docs.jsonl"
    docs.write_text("".join(json.dumps({"id": d.id, "text": d.text}, ensure_ascii=False) + "\n"
                            for d in bundled_gold), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    r = runner.invoke(app, ["annotate", str(docs), "-o", str(out), "--model", str(small_model.folder)])
    assert r.exit_code == 0, r.output
    assert small_model.source in r.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 5 and all(0 <= rec["meta"]["score"] <= 1 for rec in records)
    expected = [annotate_with_model(Document(d.id, d.text), small_model).to_dict() for d in bundled_gold]
    assert records == expected
    two = tmp_path / "two.jsonl"
    r = runner.invoke(app, ["annotate", str(docs), "-o", str(two), "--model", str(small_model.folder), "-w", "2"])
    assert r.exit_code == 0, r.output
    assert two.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")


@pytest.mark.parametrize("breakage, message", [
    ("missing", "no such model folder"),
    ("no_meta", "model.json: missing"),
    ("bad_json", "not valid JSON"),
    ("truncated", "content differs"),
    ("schema", "made for schema version 0"),
    ("labels", "trained on another label set"),
    ("older", "an older curate"),
    ("trusted", "are not labels of this project"),
    ("corrections", "is not a list of [text, label, new label or \"\", pages]"),
    ("adds_triggers", "\"adds_triggers\" is not true or false"),
    ("trigger_floor", "\"trigger_floor\" 1.5 is not a number from 0 to 1"),
])
def test_bad_model_folder_exits_2_and_writes_nothing(tmp_path, small_model, breakage, message):
    folder = tmp_path / "model"
    if breakage != "missing":
        shutil.copytree(small_model.folder, folder)
    meta_path = folder / META_FILE
    if breakage == "no_meta":
        meta_path.unlink()
    elif breakage == "bad_json":
        meta_path.write_text("{", encoding="utf-8")
    elif breakage == "truncated":
        crf = folder / CRF_FILE
        crf.write_bytes(crf.read_bytes()[:100])
    elif breakage in ("schema", "labels", "older", "trusted", "corrections", "adds_triggers", "trigger_floor"):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        meta.update({"schema_version": 0} if breakage == "schema" else {"tagging": None} if breakage == "older"
                    else {"trusted_labels": ["PROJECT", "NAME"]} if breakage == "trusted"
                    else {"corrections": [["大使", "TITLE", "AMBASSADOR", 3]]} if breakage == "corrections"
                    else {"adds_triggers": "no"} if breakage == "adds_triggers"
                    else {"trigger_floor": 1.5} if breakage == "trigger_floor"
                    else {"labels": meta["labels"][:-1]})
        meta_path.write_text(json.dumps(meta), encoding="utf-8")
    docs = tmp_path / "docs.jsonl"
    docs.write_text('{"id": "a", "text": "包头市召开会议。"}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    r = runner.invoke(app, ["annotate", str(docs), "-o", str(out), "--model", str(folder)])
    assert r.exit_code == 2, r.output
    assert message in r.output and r.output.startswith("error:")
    assert not out.exists()


def test_the_tagger_adds_confident_triggers_but_no_entities(small_model, monkeypatch):
    from curate.model.combine import TRIGGER_MIN
    from curate.model.crf import TaggedSpan

    doc = Document("quiet", "他们在那里讨论了很多事情。")  # the rules find nothing here
    assert not annotate_document(doc).entities and not annotate_document(doc).events
    tagged = [TaggedSpan("PER", 0, 2, 0.99), TaggedSpan("会议召开", 5, 7, TRIGGER_MIN),
              TaggedSpan("讲话", 10, 12, TRIGGER_MIN - 0.01)]
    monkeypatch.setattr(small_model, "tag", lambda annotated, expected=(): (tagged, {}))
    combined = annotate_with_model(doc, small_model)
    assert not combined.entities
    assert [(ev.type, ev.trigger.text, ev.source) for ev in combined.events or ()] == [
        ("会议召开", "讨论", small_model.source)]


def test_a_model_that_adds_no_triggers_leaves_the_rules_triggers(small_model, monkeypatch):
    from curate.model.crf import TaggedSpan

    doc = Document("quiet", "他们在那里讨论了很多事情。")
    monkeypatch.setattr(small_model, "tag", lambda annotated, expected=(): ([TaggedSpan("会议召开", 5, 7, 0.99)], {}))
    assert [ev.trigger.text for ev in annotate_with_model(doc, small_model).events or ()] == ["讨论"]
    monkeypatch.setattr(small_model, "adds_triggers", False)
    assert not annotate_with_model(doc, small_model).events


def test_a_rule_trigger_the_model_doubts_below_its_floor_loses_its_event(small_model, monkeypatch):
    doc = Document("d", "4月23日，包头市召开经济运行分析会。市委书记丁绣峰出席会议并讲话。")
    ruled = annotate_document(doc)
    triggers = {(ev.type, ev.trigger.start, ev.trigger.end): ev for ev in ruled.events or ()}
    assert set(k[0] for k in triggers) == {"会议召开", "出席", "讲话"}
    doubted = next(k for k in triggers if k[0] == "出席")
    confidence = {k: 0.9 for k in triggers} | {doubted: 0.2}
    monkeypatch.setattr(small_model, "tag", lambda annotated, expected=(): ([], dict(confidence)))
    # No floor (a model trained by `curate train`): the rules' events as they are.
    assert annotate_with_model(doc, small_model).events == ruled.events
    monkeypatch.setattr(small_model, "trigger_floor", 0.3)
    combined = annotate_with_model(doc, small_model)
    # The doubted event goes with its arguments; the others keep theirs, and no ARG span is left unused.
    assert {(ev.type, ev.trigger.start, ev.trigger.end) for ev in combined.events or ()} == set(triggers) - {doubted}
    for ev in combined.events or ():
        assert ev.arguments == triggers[(ev.type, ev.trigger.start, ev.trigger.end)].arguments
        assert ev.source == triggers[(ev.type, ev.trigger.start, ev.trigger.end)].source
    used = {a.entity for ev in combined.events or () for a in ev.arguments}
    assert all(e.id in used for e in combined.entities or () if e.label == "ARG")
    assert [e for e in combined.entities or () if e.label != "ARG"] == [e for e in ruled.entities or ()
                                                                        if e.label != "ARG"]


def test_a_spans_confidence_is_the_mean_marginal_of_its_label(small_model, bundled_gold):
    from curate.model.features import document_features

    ruled = annotate_document(bundled_gold[1].with_annotations((), ()))
    expected = [(e.label, e.start, e.end) for e in ruled.entities or () if e.label != "ARG"]
    _, confidence = small_model.tag(ruled, expected)
    assert set(confidence) == set(expected)
    tagger, checked = small_model.tagger, 0
    for start, end, feats in document_features(ruled, small_model.tokenizer, small_model.lexicon):
        tagger.set(feats)
        tagger.tag()
        for label, s, e in expected:
            if start <= s and e <= end:
                by_hand = sum(tagger.marginal("I-" + label, i - start) for i in range(s, e)) / (e - s)
                assert confidence[(label, s, e)] == pytest.approx(by_hand)
                checked += 1
    assert checked == len(expected) > 20
    # Also where the model's best tags agree with the rule: such spans are not simply counted as certain.
    assert len({round(c, 6) for c in confidence.values()}) > 5


def test_the_score_counts_the_taggers_spans_the_output_lacks_as_doubts(small_model, monkeypatch):
    from curate.model.crf import TaggedSpan
    from curate.score import rule_agreement

    doc = Document("d", "市长李卫东主持召开常务会议。")
    ruled = annotate_document(doc)
    keys = [(e.label, e.start, e.end) for e in ruled.entities or () if e.label != "ARG"] + [
        (ev.type, ev.trigger.start, ev.trigger.end) for ev in ruled.events or ()]
    confidence = {k: 0.8 for k in keys}
    doubt = TaggedSpan("GOV", 9, 11, 0.6)  # 常务: tagged, not kept (the tagger adds no entities)
    monkeypatch.setattr(small_model, "tag", lambda annotated, expected=(): ([doubt], dict(confidence)))
    combined = annotate_with_model(doc, small_model)
    model_part = (0.8 * len(keys) + (1 - 0.6)) / (len(keys) + 1)
    # Half the model's, half the rules' agreement (3 of the 4 regions are in an event with an argument).
    assert rule_agreement(combined) == rule_agreement(ruled) > 0
    assert combined.meta["score"] == round((model_part + rule_agreement(ruled)) / 2, 4)


def test_a_trusted_labels_spans_come_from_the_tagger(small_model, monkeypatch):
    from curate.model.crf import TaggedSpan

    text = "会上，县长张三介绍了望都县新能源产业园项目的进展。"
    doc = Document("t", text)
    ruled = annotate_document(doc)
    rules = {(e.label, e.text): e.source for e in ruled.entities or ()}
    assert ("PER", "张三") in rules and not any(label == "PROJECT" for label, _ in rules)
    s = text.index("望都县新能源")
    tagged = [TaggedSpan("PROJECT", s, s + 11, 0.9), TaggedSpan("PER", 5, 7, 0.99), TaggedSpan("TITLE", 3, 5, 0.99)]
    monkeypatch.setattr(small_model, "tag", lambda annotated, expected=(): (tagged, {}))
    assert small_model.trusted == frozenset()
    untrusted = {(e.label, e.text) for e in annotate_with_model(doc, small_model).entities or ()}
    assert ("PROJECT", "望都县新能源产业园项目") not in untrusted and ("LOC", "望都县新能源产业园") in untrusted
    monkeypatch.setattr(small_model, "trusted", frozenset({"PROJECT", "PER"}))
    combined = annotate_with_model(check_spans(doc), small_model)
    check_spans(combined)
    found = {(e.label, e.text): e.source for e in combined.entities or ()}
    # The tagger's project, over the rules' place inside it; the person both found keeps the rule's source.
    assert found[("PROJECT", "望都县新能源产业园项目")] == small_model.source
    assert ("LOC", "望都县新能源产业园") not in found and found[("PER", "张三")] == rules[("PER", "张三")]


@pytest.mark.parametrize("name, ok", [
    ("中建一局（集团）", True), ("“十四五”规划", True), ("《政府工作报告》", True), ("望都县新能源产业园项目", True),
    ("二期）项目", False), ("、新区", False), ("项目（一期", False), ("项目，", False), ("（一）项目）", False), ("", False),
])
def test_a_trusted_span_must_be_well_formed(name, ok):
    from curate.model.combine import well_formed

    assert well_formed(name) is ok


def test_the_tagger_gives_no_fragment_for_a_trusted_label(small_model, monkeypatch):
    from curate.model.crf import TaggedSpan

    text = "园区二期）项目今天开工。"
    doc = Document("f", text)
    monkeypatch.setattr(small_model, "tag", lambda annotated, expected=(): ([TaggedSpan("PROJECT", 2, 7, 0.9)], {}))
    monkeypatch.setattr(small_model, "trusted", frozenset({"PROJECT"}))
    assert "二期）项目" not in {e.text for e in annotate_with_model(doc, small_model).entities or ()}


def _corrected(view: Document, label: str, text: str, to: str = "") -> Document:
    """Return a rules' view as people corrected it: every `label` span reading `text` removed, or relabelled `to`."""
    from dataclasses import replace

    hit = {e.id for e in view.entities or () if (e.label, e.text) == (label, text)}
    entities = [replace(e, label=to) if e.id in hit else e for e in view.entities or () if to or e.id not in hit]
    events = [replace(ev, arguments=tuple(a for a in ev.arguments if to or a.entity not in hit))
              for ev in view.events or ()]
    return view.with_annotations(entities, events)


def _spans(doc: Document) -> set[tuple[str, str]]:
    return {(e.label, e.text) for e in doc.entities or ()}


def test_a_rule_span_people_always_removed_is_not_proposed_again(tmp_path):
    from curate.model.train import TrainingData, train_model

    # People removed the rules' TITLE 大使 on four pages (as they would 招商大使, an honorary role).
    texts = [f"{i + 1}日，大使{name}出席了会议。" for i, name in enumerate(["张三", "李四", "王五", "赵六"])]
    gold = [_corrected(annotate_document(Document(f"g{i}", t)), "TITLE", "大使") for i, t in enumerate(texts)]
    model = train_model(TrainingData(gold, "test"), tmp_path / "m")
    assert model.meta["corrections"] == [["大使", "TITLE", "", 4]] and model.corrections == {("大使", "TITLE"): ""}
    assert "| 大使 | TITLE | (removed) | 4 |" in (tmp_path / "m" / "README.md").read_text(encoding="utf-8")
    doc = Document("new", "会上，大使孙七出席了会议。")
    ruled, combined = annotate_document(doc), check_spans(annotate_with_model(doc, model))
    assert ("TITLE", "大使") in _spans(ruled) and _spans(combined) == _spans(ruled) - {("TITLE", "大使")}
    (event,) = combined.events  # the event stays, without the removed span as an argument
    assert event.type == "出席" and "大使" not in {a.text for a in event.arguments}
    assert {(a.role, a.text) for a in event.arguments} >= {("参会人", "孙七")}
    # Kept once anywhere, or removed on fewer than three pages: the rules' span stays.
    kept_once = gold[:3] + [annotate_document(Document("g3", texts[3]))]
    assert train_model(TrainingData(kept_once, "test"), tmp_path / "m2").corrections == {}
    assert train_model(TrainingData(gold[:2], "test"), tmp_path / "m3").corrections == {}


def test_a_rule_entity_people_always_relabelled_comes_relabelled(tmp_path):
    from curate.model.train import TrainingData, train_model

    texts = [f"{i + 1}日，{name}在包头召开会议。" for i, name in enumerate(["张三", "李四", "王五"])]
    views = [annotate_document(Document(f"g{i}", t)) for i, t in enumerate(texts)]
    assert all(("GPE", "包头") in _spans(v) for v in views)
    gold = [_corrected(v, "GPE", "包头", "LOC") for v in views]  # a project's own convention, on every page
    model = train_model(TrainingData(gold, "test"), tmp_path / "m")
    assert model.corrections == {("包头", "GPE"): "LOC"}
    combined = check_spans(annotate_with_model(Document("new", "会上，赵六在包头召开会议。"), model))
    (place,) = [e for e in combined.entities or () if e.text == "包头"]
    assert (place.label, place.source) == ("LOC", model.source)  # the label comes from people, via the model
    (event,) = combined.events  # the meeting's place is still its argument, now the LOC
    assert event.type == "会议召开" and ("地点", place.id) in {(a.role, a.entity) for a in event.arguments}
