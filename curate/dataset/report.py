"""Dataset stage, pure: pulled documents → rule quality as measured by people, and annotator agreement.

Works on documents' meta only: `prediction_review` (what happened to each rule prediction), `added`
(spans people added that no rule proposed) and `annotations` (every annotator's spans).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from curate.evaluate import source_kind
from curate.score import as_confidence, band_name, confidence_band

ACTIONS: tuple[str, ...] = ("kept", "relabelled", "boundary_changed", "deleted")


@dataclass
class RuleQuality:
    """Per rule, how people treated its predictions; per label, spans people added that no rule proposed."""

    actions: dict[str, Counter[str]] = field(default_factory=dict)
    added: Counter[str] = field(default_factory=Counter)
    reviewed_docs: int = 0
    # Per band of a model's confidence (its lower bound), what people did with the spans in it.
    confidence: dict[float, Counter[str]] = field(default_factory=dict)

    def add(self, meta: Mapping[str, Any]) -> None:
        """Count one document's reviewed predictions and added spans."""
        review, added = meta.get("prediction_review"), meta.get("added")
        if review is None and added is None:
            return
        self.reviewed_docs += 1
        for item in _dicts(review):
            action = item.get("action")
            if action in ACTIONS:
                self.actions.setdefault(str(item.get("rule") or "?"), Counter())[action] += 1
                if (c := as_confidence(item.get("confidence"))) is not None:
                    self.confidence.setdefault(confidence_band(c), Counter())[action] += 1
        self.added.update(str(item.get("label")) for item in _dicts(added))

    def precision(self, rule: str, *, lenient: bool = False) -> float:
        """Return kept / predicted (lenient: also counting predictions people only resized)."""
        c = self.actions[rule]
        hits = c["kept"] + (c["boundary_changed"] if lenient else 0)
        total = sum(c.values())
        return hits / total if total else 0.0


@dataclass
class Agreement:
    """Exact agreement between annotators of the same documents (micro F1 over pairs of annotators).

    Every table maps a key to [matched, items of a + items of b], summed over pairs: `pairs` per pair
    of annotators (entity spans), `labels` per entity label (label + span), `triggers` per event type
    (type + trigger span) and `arguments` per event type (type + trigger span + role + argument span).
    """

    docs: int = 0
    pairs: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    labels: dict[str, list[int]] = field(default_factory=dict)
    triggers: dict[str, list[int]] = field(default_factory=dict)
    arguments: dict[str, list[int]] = field(default_factory=dict)

    def add(self, meta: Mapping[str, Any]) -> None:
        """Compare the annotators of one document (from its meta)."""
        annotations = _dicts(meta.get("annotations"))
        # Most documents have one annotator: not counting their items halves the reports' time per document.
        if len({_annotator(ann) for ann in annotations}) < 2:
            return
        by_annotator: dict[str, dict[str, Counter[tuple]]] = {}
        for ann in annotations:
            mine = by_annotator.setdefault(_annotator(ann), _items({}))
            for kind, items in _items(ann).items():
                mine[kind].update(items)
        self.docs += 1
        for x, y in combinations(sorted(by_annotator), 2):
            ax, ay = by_annotator[x], by_annotator[y]
            row = self.pairs.setdefault((x, y), [0, 0])
            row[0] += sum((ax["labels"] & ay["labels"]).values())
            row[1] += sum(ax["labels"].values()) + sum(ay["labels"].values())
            for kind, table in (("labels", self.labels), ("triggers", self.triggers),
                                ("arguments", self.arguments)):
                both = ax[kind] & ay[kind]
                for key in {k[0] for k in ax[kind] | ay[kind]}:  # k[0]: the entity label or event type
                    r = table.setdefault(key, [0, 0])
                    r[0] += sum(n for k, n in both.items() if k[0] == key)
                    r[1] += sum(n for k, n in (ax[kind] + ay[kind]).items() if k[0] == key)

    def f1(self, pair: tuple[str, str] | None = None) -> float:
        """Return 2·matched / (spans of a + spans of b), for one pair or all pairs together."""
        rows = [self.pairs[pair]] if pair else list(self.pairs.values())
        return _f1(sum(r[0] for r in rows), sum(r[1] for r in rows))


def _annotator(ann: Mapping[str, Any]) -> str:
    return str(ann.get("annotator") or "?")


def _f1(matched: int, total: int) -> float:
    return 2 * matched / total if total else 1.0


def _items(ann: Mapping[str, Any]) -> dict[str, Counter[tuple]]:
    """Return an annotation's comparable items: entity spans, triggers and arguments, keyed by what they count for."""
    out: dict[str, Counter[tuple]] = {"labels": Counter(), "triggers": Counter(), "arguments": Counter()}
    for e in _dicts(ann.get("entities")):
        out["labels"][(str(e.get("label")), e.get("start"), e.get("end"))] += 1
    for ev in _dicts(ann.get("events")):
        given = ev.get("trigger")
        trig: Mapping[str, Any] = given if isinstance(given, Mapping) else {}
        key = (str(ev.get("type")), trig.get("start"), trig.get("end"))
        out["triggers"][key] += 1
        for a in _dicts(ev.get("arguments")):
            out["arguments"][(*key, a.get("role"), a.get("start"), a.get("end"))] += 1
    return out


def rule_quality(metas: Iterable[Mapping[str, Any]]) -> RuleQuality:
    """Count per rule the predictions people kept, relabelled, resized or deleted, and what they added."""
    q = RuleQuality()
    for meta in metas:
        q.add(meta)
    return q


def annotator_agreement(metas: Iterable[Mapping[str, Any]]) -> Agreement:
    """Compare (from documents' meta) the entity spans of every pair of annotators of the same document."""
    a = Agreement()
    for meta in metas:
        a.add(meta)
    return a


def quality_lines(q: RuleQuality) -> list[str]:
    """Render rule quality as Markdown tables (rules, then what the rules miss)."""
    if not q.actions and not q.added:
        return ["No human review of rule predictions in this version (a silver version, or no pulled tasks)."]
    lines = ["| rule | predicted | kept | relabelled | resized | deleted | precision | precision (resized ok) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for rule, c in sorted(q.actions.items()):
        lines.append(f"| {rule} | {sum(c.values())} | " + " | ".join(str(c[a]) for a in ACTIONS)
                     + f" | {q.precision(rule):.2f} | {q.precision(rule, lenient=True):.2f} |")
    lines += ["", "Per source (the rules, a model trained on the gold, both together):", "",
              "| source | predicted | kept | relabelled | resized | deleted | precision |", "|---|---:|---:|---:|---:|---:|---:|"]
    for kind, c in _by_source(q).items():
        total = sum(c.values())
        lines.append(f"| {kind} | {total} | " + " | ".join(str(c[a]) for a in ACTIONS)
                     + f" | {c['kept'] / total if total else 0:.2f} |")
    if q.confidence:
        lines += ["", "By the model's confidence in a predicted span (are the doubtful spans the ones people fix?):",
                  "", "| confidence | predicted | kept | relabelled | resized | deleted | precision |",
                  "|---|---:|---:|---:|---:|---:|---:|"]
        for band, c in sorted(q.confidence.items()):
            total = sum(c.values())
            lines.append(f"| {band_name(band)} | {total} | " + " | ".join(str(c[a]) for a in ACTIONS) + f" | {c['kept'] / total:.2f} |")
    lines += ["", "Spans people added that no rule proposed (what the rules miss):", "",
              "| label | added |", "|---|---:|"]
    lines += [f"| {label} | {n} |" for label, n in sorted(q.added.items())] or ["| (none) | 0 |"]
    return lines


def _by_source(q: RuleQuality) -> dict[str, Counter[str]]:
    """Sum the actions per source kind (rules, model) and for both together."""
    out: dict[str, Counter[str]] = {"rules": Counter(), "model": Counter(), "combined": Counter()}
    for rule, c in q.actions.items():
        out[source_kind(rule)].update(c)
        out["combined"].update(c)
    return out


def agreement_lines(a: Agreement) -> list[str]:
    """Render annotator agreement as a Markdown table, or say there was nothing to compare."""
    if not a.pairs:
        return ["No document has more than one annotator: no agreement to report."]
    lines = [f"Exact-span agreement (F1), documents with several annotators: {a.docs}, overall F1 {a.f1():.2f}", "",
             "| annotator A | annotator B | spans matched | F1 |", "|---|---|---:|---:|"]
    lines += [f"| {x} | {y} | {r[0]} | {a.f1((x, y)):.2f} |" for (x, y), r in a.pairs.items()]
    lines += ["", "Per entity label (same label and span):", "", "| label | matched | spans (all annotators) | F1 |",
              "|---|---:|---:|---:|"]
    lines += [f"| {k} | {r[0]} | {r[1]} | {_f1(*r):.2f} |" for k, r in sorted(a.labels.items())] or ["| (none) | 0 | 0 | - |"]
    lines += ["", "Per event type (triggers: same type and span; arguments: same trigger, role and span):", "",
              "| event type | triggers matched | triggers | trigger F1 | arguments matched | arguments | argument F1 |",
              "|---|---:|---:|---:|---:|---:|---:|"]
    for k in sorted(set(a.triggers) | set(a.arguments)):
        t, g = a.triggers.get(k, [0, 0]), a.arguments.get(k, [0, 0])
        lines.append(f"| {k} | {t[0]} | {t[1]} | {_f1(*t):.2f} | {g[0]} | {g[1]} | "
                     f"{f'{_f1(*g):.2f}' if g[1] else '-'} |")
    if not (a.triggers or a.arguments):
        lines.append("| (none) | 0 | 0 | - | 0 | 0 | - |")
    return lines


def report_lines(metas: Iterable[Mapping[str, Any]]) -> list[str]:
    """Render the rule-quality tables and annotator agreement of pulled documents, from their meta."""
    metas = list(metas)
    return (["## Rule quality as measured by people", ""] + quality_lines(rule_quality(metas))
            + ["", "## Annotator agreement", ""] + agreement_lines(annotator_agreement(metas)))


def _dicts(value: Any) -> list[Mapping[str, Any]]:
    # Meta comes from JSON written by another stage: tolerate absent or odd entries, never crash the report.
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []
