"""Evaluate: exact-span scoring per label, event type and rule; gold loading refuses mismatched spans."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from curate.cli import app
from curate.errors import BadInputError
from curate.evaluate import format_report, read_gold, score_documents
from curate.records import Argument, Document, Entity, Event, Trigger

TEXT = "3月1日，市长张三出席会议。"
GOLD = Document("g", TEXT).with_annotations(
    [Entity("DATE", 0, 4, "3月1日", "gold@1", "T1"), Entity("TITLE", 5, 7, "市长", "gold@1", "T2"),
     Entity("PER", 7, 9, "张三", "gold@1", "T3")],
    [Event("出席", Trigger(9, 11, "出席"), "actual",
           (Argument("参会人", 7, 9, "张三", "T3"), Argument("职务", 5, 7, "市长", "T2"),
            Argument("时间", 0, 4, "3月1日", "T1")), "gold@1", "E1")])
PRED = Document("g", TEXT).with_annotations(
    [Entity("DATE", 0, 4, "3月1日", "date@1", "T1"), Entity("GPE", 5, 6, "市", "gpe@1", "T2"),
     Entity("PER", 7, 9, "张三", "per@1", "T3"), Entity("ARG", 11, 13, "会议", "att@1", "T4")],
    [Event("出席", Trigger(9, 11, "出席"), "actual",
           (Argument("参会人", 7, 9, "张三", "T3"), Argument("会议名称", 11, 13, "会议", "T4")), "att@1", "E1"),
     Event("讲话", Trigger(9, 11, "出席"), "actual", (), "speech@1", "E2")])


def test_scores_entities_triggers_arguments_and_rules_exactly():
    report = score_documents([PRED], [GOLD])
    d = report.to_dict()
    assert d["entities"]["micro"] | {} == {"precision": round(2 / 3, 4), "recall": round(2 / 3, 4),
                                          "f1": round(2 / 3, 4), "tp": 2, "pred": 3, "gold": 3}
    assert d["entities"]["labels"]["TITLE"]["recall"] == 0.0 and d["entities"]["labels"]["GPE"]["pred"] == 1
    assert "ARG" not in d["entities"]["labels"]
    assert d["triggers"]["micro"]["tp"] == 1 and d["triggers"]["micro"]["pred"] == 2
    assert d["triggers"]["types"]["出席"]["f1"] == 1.0
    assert d["arguments"]["micro"] | {} == {"precision": 0.5, "recall": round(1 / 3, 4), "f1": 0.4,
                                            "tp": 1, "pred": 2, "gold": 3}
    assert d["rules"]["gpe@1"] == {"correct": 0, "proposed": 1, "precision": 0.0}
    assert d["rules"]["att@1"] == {"correct": 1, "proposed": 1, "precision": 1.0}
    lines = format_report(report).split("\n")
    # Chinese keys take two terminal columns: the numbers line up with the ASCII rows'.
    table = lines[lines.index("trigger (type+span)        P     R    F1    tp  pred  gold"):][:4]
    assert table[1:] == ["出席                   1.000 1.000 1.000     1     1     1",
                         "讲话                   0.000 0.000 0.000     0     1     0",
                         "micro                  0.500 1.000 0.667     1     2     1"]
    assert "per@1                        1        1 1.000" in lines


def test_missing_prediction_counts_as_empty():
    report = score_documents([], [GOLD])
    assert report.missing == ["g"] and report.entity_micro.gold == 3 and report.entity_micro.tp == 0


def _write(path, docs):
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    return path


def test_gold_with_a_mismatched_span_is_rejected_naming_it(tmp_path):
    bad = GOLD.to_dict()
    bad["entities"][2]["text"] = "李四"
    path = _write(tmp_path / "gold.jsonl", [GOLD.to_dict(), bad])
    with pytest.raises(BadInputError, match=r"gold.jsonl:2: .*entity 3 PER '李四'.*text\[7:9\] is '张三'"):
        list(read_gold(path, lambda p: None))


def test_cli_evaluate_text_json_and_bad_gold(tmp_path):
    gold = _write(tmp_path / "gold.jsonl", [GOLD.to_dict()])
    pred = _write(tmp_path / "pred.jsonl", [PRED.to_dict()])
    runner = CliRunner()
    result = runner.invoke(app, ["evaluate", str(pred), "--gold", str(gold)])
    assert result.exit_code == 0 and "entity label" in result.output and "讲话" in result.output
    result = runner.invoke(app, ["evaluate", str(pred), "--gold", str(gold), "--json"])
    assert json.loads(result.output)["arguments"]["micro"]["tp"] == 1
    bad = GOLD.to_dict()
    bad["events"][0]["trigger"]["start"] = 8
    result = runner.invoke(app, ["evaluate", str(pred), "--gold", str(_write(tmp_path / "bad.jsonl", [bad]))])
    assert result.exit_code == 2 and "trigger" in result.output and "text[8:11]" in result.output


def test_scores_per_source_kind():
    pred = Document("g", TEXT).with_annotations(
        [Entity("DATE", 0, 4, "3月1日", "date@1", "T1"), Entity("TITLE", 5, 7, "市长", "model@abc", "T2"),
         Entity("GPE", 7, 8, "张", "model@abc", "T3")],
        [Event("出席", Trigger(9, 11, "出席"), "actual", (), "model@abc", "E1")])
    d = score_documents([pred], [GOLD]).to_dict()["sources"]
    # gold: 3 entities + 1 trigger; rules proposed 1 (right), the model 3 (2 right)
    assert (d["rules"]["tp"], d["rules"]["pred"], d["rules"]["gold"]) == (1, 1, 4)
    assert (d["model"]["tp"], d["model"]["pred"], d["model"]["gold"]) == (2, 3, 4)
    assert (d["combined"]["tp"], d["combined"]["pred"]) == (3, 4)
    assert "source (entities+triggers)" in format_report(score_documents([pred], [GOLD]))


def test_precision_per_band_of_the_models_span_confidence():
    from dataclasses import replace

    text = "市长张三在包头召开会议。"
    gold = Document("d", text).with_annotations(
        [Entity("TITLE", 0, 2, "市长"), Entity("PER", 2, 4, "张三"), Entity("GPE", 5, 7, "包头")],
        [Event("会议召开", Trigger(7, 9, "召开"))])
    pred = gold.with_annotations([Entity("TITLE", 0, 2, "市长"), Entity("PER", 2, 4, "张三"), Entity("GOV", 5, 7, "包头")],
                                 [Event("会议召开", Trigger(7, 9, "召开"))])
    pred = replace(pred, meta={"span_confidence": [["TITLE", 0, 2, 0.97], ["PER", 2, 4, 0.96], ["GOV", 5, 7, 0.41],
                                                   ["会议召开", 7, 9, 0.62]]})
    report = score_documents([pred], [gold])
    assert {b: (s.tp, s.pred) for b, s in report.confidence.items()} == {0.95: (2, 2), 0.0: (0, 1), 0.5: (1, 1)}
    assert report.to_dict()["confidence"] == {"0.00–0.50": {"correct": 0, "spans": 1, "precision": 0.0},
                                              "0.50–0.80": {"correct": 1, "spans": 1, "precision": 1.0},
                                              "≥ 0.95": {"correct": 2, "spans": 2, "precision": 1.0}}
    shown = format_report(report)
    assert "model confidence" in shown and any(line.split()[:4] == ["≥", "0.95", "2", "2"] for line in shown.splitlines())
    # Rules only: no confidence, no such table.
    assert "model confidence" not in format_report(score_documents([replace(pred, meta={})], [gold]))
