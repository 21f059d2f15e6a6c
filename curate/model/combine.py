"""Combined stage: a document → the rules' annotation and the model's spans merged by one policy.

Policy (chosen by two-fold cross-validation on the tune split): every span a rule keeps stays; the
model adds its spans where no rule span overlaps them: the tagger's spans whose confidence (the mean
marginal probability of the span's tags) is at least `MODEL_MIN`, then the lexicon's names that people
confirmed at least `LEXICON_COUNT` times with a precision of at least `LEXICON_PRECISION` on the
training texts. Triggers follow the same policy, except that the tagger's need `TRIGGER_MIN` and the
lexicon adds none: a trigger word is one only in context (not as a noun, not inside a name), and the
lexicon matches words anywhere. Measured by five-fold cross-validation on the 30 training documents
(tune split + bundled pages), trigger F1 exact: rules 0.925, combined with lexicon triggers and
`MODEL_MIN` 0.904, without them and with `TRIGGER_MIN` 0.925. Arguments
are then attached to the combined entities by the rules' event patterns. Each document gets a
confidence `meta.score`: the mean confidence of its entity and trigger spans under the model (0 when
it has none), which push sends as the prediction score ("least confident first").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from curate.annotate import annotate_document, annotate_line, assemble_document, find_events, ordered_map
from curate.errors import Problem
from curate.model import label_set_hash
from curate.model.crf import LABELS, Model, TaggedSpan
from curate.records import Document
from curate.rules.base import Span
from curate.rules.context import Context
from curate.rules.registry import EVENT_RULES, ruleset_version
from curate.schema import ARG_LABEL, EVENT_TYPES

MODEL_MIN = 0.5
TRIGGER_MIN = 0.9
LEXICON_PRECISION = 0.9
LEXICON_COUNT = 2


def model_version(model: Model) -> str:
    """Return the predictions' model version: the rule set and the model."""
    return f"{ruleset_version()}+{model.source}"


def merge_spans(rule_spans: list[Span], model_spans: Iterable[Span], n: int) -> list[Span]:
    """Return the rule spans plus the model spans that overlap none of them, in text order."""
    taken = bytearray(n)
    for s in rule_spans:
        taken[s.start:s.end] = b"\1" * s.length
    kept = list(rule_spans)
    for s in model_spans:
        if not any(taken[s.start:s.end]):
            taken[s.start:s.end] = b"\1" * s.length
            kept.append(s)
    return sorted(kept, key=lambda s: (s.start, s.end))


def _confidence(key: tuple[str, int, int], tagged: dict[tuple[str, int, int], TaggedSpan],
                p_out: list[float]) -> float:
    t = tagged.get(key)
    _, start, end = key
    return t.confidence if t is not None else 1 - sum(p_out[start:end]) / (end - start)


def _scored(annotated: Document, model: Model, tagged: list[TaggedSpan], p_out: list[float]) -> Document:
    """Return the annotated document with the model's version and its confidence `score` in `meta`."""
    by_span = {(t.label, t.start, t.end): t for t in tagged}
    keys = [(e.label, e.start, e.end) for e in annotated.entities or () if e.label != ARG_LABEL]
    keys += [(ev.type, ev.trigger.start, ev.trigger.end) for ev in annotated.events or ()]
    confidences = [_confidence(k, by_span, p_out) for k in keys]
    score = round(sum(confidences) / len(confidences), 4) if confidences else 0.0
    meta: dict[str, Any] = {**annotated.meta, "score": score, "model_version": model_version(model),
                            "model": {"version": model.source, "labels": label_set_hash(LABELS)}}
    return replace(annotated, meta=meta)


def annotate_with_model(doc: Document, model: Model) -> Document:
    """Return the document annotated by the rules and the model combined (SCHEMA.md records)."""
    text = doc.text
    ruled = annotate_document(doc)
    expected = [(e.label, e.start, e.end) for e in ruled.entities or () if e.label != ARG_LABEL] + [
        (ev.type, ev.trigger.start, ev.trigger.end) for ev in ruled.events or ()]
    tagged, p_out = model.tag(ruled, expected)
    echoed = set(expected)
    mine = [Span(t.label, t.start, t.end, text[t.start:t.end], model.source) for t in tagged
            if t.confidence >= (TRIGGER_MIN if t.label in EVENT_TYPES else MODEL_MIN)
            and (t.label, t.start, t.end) not in echoed]
    # Names people confirmed often enough, where neither the rules nor the tagger found anything.
    mine += [Span(e.label, s, t, e.text, model.source) for s, t, e in model.lexicon.matches(text)
             if e.precision >= LEXICON_PRECISION and e.count >= LEXICON_COUNT and e.label not in EVENT_TYPES]
    rule_entities = [Span(e.label, e.start, e.end, e.text, e.source) for e in ruled.entities or ()
                     if e.label != ARG_LABEL]
    kept = merge_spans(rule_entities, (s for s in mine if s.label not in EVENT_TYPES), len(text))
    model_triggers = [s for s in mine if s.label in EVENT_TYPES]
    if len(kept) == len(rule_entities) and not model_triggers:
        # The model adds nothing: the events are the rules' own (a second event pass costs 7% of the speed).
        return _scored(ruled, model, tagged, p_out)
    ctx = Context(doc, kept)
    # The rules' triggers given the combined entities, then the model's where no rule trigger is.
    rule_triggers = [Span(rule.event_type, s, e, text[s:e], rule.source)
                     for rule in EVENT_RULES for s, e in rule.triggers(ctx)]
    triggers = merge_spans(rule_triggers, model_triggers, len(text))
    by_rule: dict[str, list[tuple[int, int]]] = {rule.name: [] for rule in EVENT_RULES}
    rule_of = {rule.event_type: rule.name for rule in EVENT_RULES}
    for t in triggers:
        by_rule[rule_of[t.label]].append((t.start, t.end))
    from_model = {(t.start, t.end) for t in triggers if t.source == model.source}
    proposals = [replace(ev, source=model.source) if (ev.start, ev.end) in from_model else ev
                 for ev in find_events(ctx, by_rule)]
    return _scored(assemble_document(doc, kept, proposals), model, tagged, p_out)


_WORKER_MODEL: list[Model] = []


def _model_line(item: tuple[int, str]) -> tuple[str | None, Problem | None]:
    return annotate_line(item, lambda doc: annotate_with_model(doc, _WORKER_MODEL[0]))


def annotate_lines_with_model(lines: Iterable[tuple[int, str]], model: Model,
                              workers: int = 1) -> Iterator[tuple[str | None, Problem | None]]:
    """Annotate numbered JSONL lines with the rules and the model, in order, over `workers` processes.

    The model reaches forked workers as a module global: a CRFsuite tagger cannot be pickled.
    """
    _WORKER_MODEL[:] = [model]
    return ordered_map(_model_line, lines, workers)
