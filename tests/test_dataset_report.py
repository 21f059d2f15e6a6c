from __future__ import annotations

from dataset_fixtures import TEXT0, corpus, doc0, pulled, span

from curate.dataset.report import (
    annotator_agreement,
    quality_lines,
    report_lines,
    rule_quality,
)


def _review(rule, label, sub, action, **extra):
    return {"rule": rule, **{k: v for k, v in span(TEXT0, label, sub).items() if k in ("label", "start", "end", "text")},
            "action": action, **extra}


def test_rule_quality_counts_what_people_did_with_each_rule():
    docs = [
        pulled(doc0(), prediction_review=[
            _review("date_regex@1", "DATE", "4月23日", "kept"),
            _review("gazetteer@2", "GPE", "包头市", "relabelled", new_label="GOV"),
            _review("gazetteer@2", "PER", "丁绣峰", "kept"),
            _review("title@1", "TITLE", "市委书记", "boundary_changed", new_start=0, new_end=2, new_text="4月"),
            _review("title@1", "TITLE", "市委", "deleted"),
        ], added=[{"label": "MEETING", "start": 0, "end": 2, "text": "4月"}]),
        pulled(corpus(1)[0], prediction_review=[{"rule": "date_regex@1", "action": "deleted"}],
               added=[{"label": "MEETING"}, {"label": "PER"}]),
        corpus(2)[1],  # silver: no review keys, not counted
    ]
    q = rule_quality(d.meta for d in docs)
    assert q.reviewed_docs == 2
    assert {rule: dict(c) for rule, c in q.actions.items()} == {
        "date_regex@1": {"kept": 1, "deleted": 1},
        "gazetteer@2": {"relabelled": 1, "kept": 1},
        "title@1": {"boundary_changed": 1, "deleted": 1}}
    assert dict(q.added) == {"MEETING": 2, "PER": 1}
    assert q.precision("date_regex@1") == 0.5
    assert (q.precision("title@1"), q.precision("title@1", lenient=True)) == (0.0, 0.5)
    lines = quality_lines(q)
    assert "| gazetteer@2 | 2 | 1 | 1 | 0 | 0 | 0.50 | 0.50 |" in lines
    assert "| MEETING | 2 |" in lines


def test_odd_review_entries_are_ignored_not_fatal():
    q = rule_quality([pulled(doc0(), prediction_review=["junk", {"rule": "r@1", "action": "eaten"}], added="x").meta])
    assert q.actions == {} and not q.added and q.reviewed_docs == 1


def test_agreement_between_annotators_of_the_same_document():
    doc = doc0()
    a = [e.to_dict() for e in doc.entities]
    b = a[:3] + [{**a[3], "label": "GOV"}]  # agrees on 3, differs on 1, misses 2
    annotations = [{"annotation_id": 1, "annotator": "a@x", "entities": a, "events": []},
                   {"annotation_id": 2, "annotator": "b@x", "entities": b, "events": []}]
    single = pulled(corpus(1)[0], annotations=[annotations[0]])
    agr = annotator_agreement([pulled(doc, annotations=annotations).meta, single.meta])
    assert agr.docs == 1
    assert agr.pairs == {("a@x", "b@x"): [3, len(a) + len(b)]}
    assert agr.f1() == 2 * 3 / (len(a) + len(b))
    assert any("| a@x | b@x | 3 |" in line for line in report_lines([pulled(doc, annotations=annotations).meta]))


def test_report_of_a_silver_version_says_there_is_no_review():
    lines = report_lines(d.meta for d in corpus(3))
    assert any("No human review" in line for line in lines)
    assert any("no agreement to report" in line for line in lines)


def test_quality_per_source_kind():
    docs = [pulled(doc0(), prediction_review=[
        _review("date_regex@1", "DATE", "4月23日", "kept"),
        _review("model@abc", "GPE", "包头市", "kept"),
        _review("model@abc", "TITLE", "市委书记", "deleted"),
    ])]
    lines = quality_lines(rule_quality(d.meta for d in docs))
    assert "| rules | 1 | 1 | 0 | 0 | 0 | 1.00 |" in lines
    assert "| model | 2 | 1 | 0 | 0 | 1 | 0.50 |" in lines
    assert "| combined | 3 | 2 | 0 | 0 | 1 | 0.67 |" in lines


def test_agreement_per_label_and_per_event_type():
    trig = {"start": 9, "end": 11, "text": "召开"}
    ev = {"type": "会议召开", "realis": "actual", "trigger": trig,
          "arguments": [{"role": "时间", "start": 0, "end": 5, "text": "4月23日"},
                        {"role": "主办方", "start": 6, "end": 9, "text": "包头市"}]}
    a = {"annotator": "a", "entities": [span(TEXT0, "DATE", "4月23日"), span(TEXT0, "GPE", "包头市")], "events": [ev]}
    b = {"annotator": "b", "entities": [span(TEXT0, "DATE", "4月23日"), span(TEXT0, "GOV", "包头市")],
         "events": [{**ev, "arguments": ev["arguments"][:1]}, {**ev, "type": "出席", "arguments": []}]}
    agr = annotator_agreement([{"annotations": [a, b]}])
    assert agr.labels == {"DATE": [1, 2], "GPE": [0, 1], "GOV": [0, 1]}
    assert agr.triggers == {"会议召开": [1, 2], "出席": [0, 1]}
    assert agr.arguments == {"会议召开": [1, 3]}
    lines = report_lines([{"annotations": [a, b]}])
    assert "| DATE | 1 | 2 | 1.00 |" in lines and "| GPE | 0 | 1 | 0.00 |" in lines
    assert "| 会议召开 | 1 | 2 | 1.00 | 1 | 3 | 0.67 |" in lines and "| 出席 | 0 | 1 | 0.00 | 0 | 0 | - |" in lines


def test_quality_by_the_models_confidence_in_each_span():
    docs = [pulled(doc0(), prediction_review=[
        _review("model@abc", "DATE", "4月23日", "kept", confidence=0.97),
        _review("date_regex@1", "PER", "丁绣峰", "kept", confidence=0.95),  # a band's lower bound is in it
        _review("gazetteer@2", "GPE", "包头市", "deleted", confidence=0.31),
        _review("title@1", "TITLE", "市委书记", "boundary_changed", confidence=0.62),
        _review("title@1", "TITLE", "市委", "kept", confidence=0.49),
        _review("title@1", "TITLE", "市", "kept"),  # no confidence (rules only): in no band
        _review("title@1", "TITLE", "委", "kept", confidence="high"),  # not a number: in no band
    ])]
    q = rule_quality(d.meta for d in docs)
    assert {band: dict(c) for band, c in q.confidence.items()} == {
        0.95: {"kept": 2}, 0.0: {"deleted": 1, "kept": 1}, 0.5: {"boundary_changed": 1}}
    lines = quality_lines(q)
    table = lines[lines.index("| confidence | predicted | kept | relabelled | resized | deleted | precision |") + 2:]
    assert table[:3] == ["| 0.00–0.50 | 2 | 1 | 0 | 0 | 1 | 0.50 |", "| 0.50–0.80 | 1 | 0 | 0 | 1 | 0 | 0.00 |",
                         "| ≥ 0.95 | 2 | 2 | 0 | 0 | 0 | 1.00 |"]
    # Without any confidence (a rules-only project) there is no such table.
    assert not any("confidence" in line for line in quality_lines(rule_quality(
        [pulled(doc0(), prediction_review=[_review("title@1", "TITLE", "市委", "kept")]).meta])))
