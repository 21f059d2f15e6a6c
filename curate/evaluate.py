"""Evaluation: score annotated documents against a gold standard (exact spans).

Takes predicted and gold annotated documents; gives precision/recall/F1 per entity label (micro too),
per event type for triggers (type + span) and arguments (type + role + span), and per rule.
"""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from curate.errors import BadInputError, CurateError, Problem, SpanMismatchError
from curate.jsonl import read_jsonl
from curate.records import Document, document_from_dict
from curate.schema import ARG_LABEL
from curate.score import band_name, confidence_band, span_confidences


@dataclass
class Score:
    """Counts of true positives, predictions and gold items; P/R/F1 derive from them."""

    tp: int = 0
    pred: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, pred: Counter, gold: Counter) -> None:
        """Add one document's multisets of predicted and gold items."""
        self.tp += sum((pred & gold).values())
        self.pred += sum(pred.values())
        self.gold += sum(gold.values())

    def to_dict(self) -> dict[str, Any]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp": self.tp, "pred": self.pred, "gold": self.gold}


@dataclass
class Report:
    """Scores by entity label, event type (triggers, arguments) and rule; `missing` = gold docs not predicted."""

    entities: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    triggers: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    arguments: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    rules: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    sources: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    # Per band of a model's span confidence (its lower bound): its spans (pred) and those in the gold (tp).
    confidence: dict[float, Score] = field(default_factory=lambda: defaultdict(Score))
    entity_micro: Score = field(default_factory=Score)
    trigger_micro: Score = field(default_factory=Score)
    argument_micro: Score = field(default_factory=Score)
    documents: int = 0
    missing: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        def table(d: dict[str, Score]) -> dict[str, Any]:
            return {k: v.to_dict() for k, v in sorted(d.items())}

        return {"documents": self.documents, "missing": self.missing,
                "entities": {"micro": self.entity_micro.to_dict(), "labels": table(self.entities)},
                "triggers": {"micro": self.trigger_micro.to_dict(), "types": table(self.triggers)},
                "arguments": {"micro": self.argument_micro.to_dict(), "types": table(self.arguments)},
                "rules": {k: {"correct": v.tp, "proposed": v.pred, "precision": round(v.precision, 4)}
                          for k, v in sorted(self.rules.items())},
                "sources": {k: v.to_dict() for k, v in sorted(self.sources.items())},
                "confidence": {band_name(k): {"correct": v.tp, "spans": v.pred, "precision": round(v.precision, 4)}
                               for k, v in sorted(self.confidence.items())}}


MATCHES = ("exact", "set")
SOURCE_KINDS = ("rules", "model")


def source_kind(source: str) -> str:
    """Return who proposed a span: "model" (`model@<hash>`) or "rules" (`rule@version`)."""
    return "model" if source.startswith("model@") else "rules"


def _entity_items(doc: Document) -> Counter:
    # ARG spans are scored through the arguments, not as entities.
    return Counter((e.label, e.start, e.end) for e in doc.entities or () if e.label != ARG_LABEL)


def _trigger_items(doc: Document) -> Counter:
    return Counter((ev.type, ev.trigger.start, ev.trigger.end) for ev in doc.events or ())


def _argument_items(doc: Document) -> Counter:
    return Counter((ev.type, a.role, a.start, a.end) for ev in doc.events or () for a in ev.arguments)


def _as_set(doc: Document, items: Counter) -> Counter:
    """Replace (…, start, end) by (…, text) and count each distinct item once per document."""
    return Counter({(*k[:-2], doc.text[k[-2]:k[-1]]): 1 for k in items})


def _by(items: Counter, key: Callable[[tuple], str]) -> dict[str, Counter]:
    out: dict[str, Counter] = defaultdict(Counter)
    for item, n in items.items():
        out[key(item)][item] += n
    return out


def score_documents(predicted: Iterable[Document], gold: Iterable[Document], match: str = "exact") -> Report:
    """Score predicted documents against gold ones, matched by document id.

    `match="exact"` compares offsets; `match="set"` compares the set of (label, text) items per document,
    so a name found at one of its mentions counts once (the view used for the dev corpus).
    """
    if match not in MATCHES:
        raise BadInputError(f"match {match!r} is not one of {', '.join(MATCHES)}")
    pred_by_id = {d.id: d for d in predicted}
    report = Report()
    for g in gold:
        p = pred_by_id.get(g.id)
        if p is None or p.text != g.text:
            report.missing.append(g.id)
            p = g.with_annotations((), ())
        report.documents += 1
        for _name, extract, per, micro in (
                ("entities", _entity_items, report.entities, report.entity_micro),
                ("triggers", _trigger_items, report.triggers, report.trigger_micro),
                ("arguments", _argument_items, report.arguments, report.argument_micro)):
            pi, gi = extract(p), extract(g)
            if match == "set":
                pi, gi = _as_set(p, pi), _as_set(g, gi)
            micro.add(pi, gi)
            pb, gb = _by(pi, lambda t: t[0]), _by(gi, lambda t: t[0])
            for key in set(pb) | set(gb):
                per[key].add(pb.get(key, Counter()), gb.get(key, Counter()))
        gold_entities = _entity_items(g)
        gold_triggers = _trigger_items(g)
        # Per rule: how many of its entity spans (or event triggers) are in the gold.
        hits = [(e.source, (e.label, e.start, e.end) in gold_entities)
                for e in p.entities or () if e.label != ARG_LABEL]
        hits += [(ev.source, (ev.type, ev.trigger.start, ev.trigger.end) in gold_triggers) for ev in p.events or ()]
        for source, hit in hits:
            report.rules[source or "?"].pred += 1
            report.rules[source or "?"].tp += hit
        # Per band of the model's confidence in a span (exact spans): how many of its spans are gold.
        for (label, start, end), c in span_confidences(p).items():
            band = report.confidence[confidence_band(c)]
            band.pred += 1
            band.tp += (label, start, end) in gold_entities or (label, start, end) in gold_triggers
        # Per source kind (exact spans): precision of what it proposed; recall as its share of the gold.
        n_gold = sum(gold_entities.values()) + sum(gold_triggers.values())
        for kind in (*SOURCE_KINDS, "combined"):
            mine = [hit for source, hit in hits if kind == "combined" or source_kind(source) == kind]
            score = report.sources[kind]
            score.tp, score.pred, score.gold = score.tp + sum(mine), score.pred + len(mine), score.gold + n_gold
    return report


def read_gold(path: str | Path, on_problem: Callable[[Problem], None]) -> Iterator[Document]:
    """Yield gold documents; a span that does not match its text rejects the file, naming the span."""
    for lineno, value in read_jsonl(path, on_problem):
        try:
            doc = document_from_dict(value)
        except SpanMismatchError as exc:
            raise BadInputError(f"{path}:{lineno}: {exc} (fix the gold span's offsets or text)") from exc
        except CurateError as exc:
            on_problem(Problem(str(path), lineno, str(exc), "see SCHEMA.md for the record format"))
            continue
        if doc.entities is None:
            on_problem(Problem(str(path), lineno, f"document {doc.id!r} has no 'entities'",
                               "gold records are annotated documents"))
            continue
        yield doc


def format_report(report: Report) -> str:
    """Render a report as aligned text tables (rich aligns the double-width Chinese keys)."""
    head = f"documents: {report.documents}" + (f" (not predicted: {', '.join(report.missing)})"
                                              if report.missing else "")
    tables: list[Table] = []

    def scores(title: str, rows: dict[str, Score], micro: Score | None) -> None:
        table = _table(title, "P", "R", "F1", "tp", "pred", "gold")
        for key, s in sorted(rows.items()) + ([("micro", micro)] if micro else []):
            table.add_row(key, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.tp), str(s.pred),
                          str(s.gold))
        tables.append(table)

    scores("entity label", report.entities, report.entity_micro)
    scores("trigger (type+span)", report.triggers, report.trigger_micro)
    scores("argument (type+role)", report.arguments, report.argument_micro)
    scores("source (entities+triggers)", {k: report.sources[k] for k in (*SOURCE_KINDS, "combined")
                                          if k in report.sources}, None)
    if report.confidence:
        bands = _table("model confidence", "correct", "spans", "P")
        for band, s in sorted(report.confidence.items()):
            bands.add_row(band_name(band), str(s.tp), str(s.pred), f"{s.precision:.3f}")
        tables.append(bands)
    rules = _table("rule", "correct", "proposed", "P")
    for key, s in sorted(report.rules.items()):
        rules.add_row(key, str(s.tp), str(s.pred), f"{s.precision:.3f}")
    tables.append(rules)
    console = Console(file=io.StringIO(), width=200, color_system=None, force_terminal=False)
    with console.capture() as captured:
        for table in tables:
            console.print()
            console.print(table)
    return head + "\n" + "\n".join(line.rstrip() for line in captured.get().rstrip("\n").split("\n"))


def _table(key: str, *numbers: str) -> Table:
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="", padding=(0, 1, 0, 0))
    table.add_column(key, min_width=22, no_wrap=True)
    for name in numbers:
        table.add_column(name, justify="right", min_width=5)
    return table
