"""Combined stage: a document → the rules' annotation and the model's spans merged by one policy.

Policy: the labels a model is trusted with (`Model.trusted`: on its training's held-out split, at least
`train.TRUST_SUPPORT` gold spans and the tagger alone better than the rules by `train.TRUST_GAIN` F1, a gain
that holds in 95 % of the resamples of the held-out documents) take their spans from the tagger (those that
can be names: `well_formed`), and the rules' spans of any label that overlap none of them stay. Trained on the
30 gold pages, a model is trusted with no label; trained on them plus 115 annotated fresh pages, with PROJECT
(held out: rules 0.626, tagger 0.654), and on 28 fresh pages never used it raised entity F1 from 0.822 (the
policy without trust) to 0.839 (rules alone 0.819). Without the resampling test, small held-out splits chose
labels on a few pages' luck: trained on the 30 gold pages and two of three held thirds of fresh sets, tested on
the third, GPE cost 0.015 entity F1 and QUANTITY's choice nothing; with it nothing is chosen there
(bench/RESULTS.md). Otherwise every span a
rule keeps stays. Where no rule span overlaps them, the model adds its tagger's
triggers whose confidence (the mean marginal probability of the span's tags) is at least `TRIGGER_MIN`
(unless the model says it adds none: `Model.adds_triggers`, the base model of bench/train_base.py),
and the lexicon's names that people confirmed at least `LEXICON_COUNT` times with a precision of at
least `LEXICON_PRECISION` on the training texts. The lexicon adds no triggers (a trigger word is one only
in context, and the lexicon matches words anywhere), and the tagger adds no entities: its entity spans
only count in the document's score. Arguments are then attached to the combined entities and triggers by
the rules' event patterns. A rule entity (its text and label) people corrected the same way on at least
`lexicon.CORRECTION_PAGES` training pages and never otherwise is corrected so before that: removed, or given
its new label (with the model as its source): the rules repeat a mistake on every page, and an annotator who
fixed it on three pages should not meet it on the fourth. A rule's trigger whose confidence is below the model's
`trigger_floor` loses its event, with its arguments: `curate train` sets it where its held-out split shows a clear
gain (`train.trigger_floor`), for a project whose people keep removing a kind of trigger the rules propose; the
base model has none (bench/floor_unseen.py: on 152 pages from unseen sites its gain was +0.002 to +0.006 trigger F1
and did not hold in the resamples).

Chosen by five-fold cross-validation on the 30 training documents (tune split + bundled pages; exact
F1 entities / triggers / arguments; `bench/cv_unseen.py`). The rules were tuned on those pages (0.959 /
0.960 / 0.853 there, 0.897 / 0.775 / 0.725 on the test split of unseen sites), so each held-out fold is
also scored with a quarter of the rules' triggers missed (rules alone: triggers 0.845, arguments 0.748).
A model trained on the rules' views as they are copies them (0.960 and 0.845). Trained on views that
hide 30 % of the rules' triggers (`train.hide_triggers`), with the neighbouring words as features, its
triggers at ≥ 0.95 (the threshold until 2026-12-02) gave 0.962 / 0.853 with the rules' triggers as they
are and 0.875 / 0.774 with missed ones (≥ 0.9: 0.959 / 0.852 and 0.881 / 0.780; ≥ 0.98: 0.962 and 0.857). The tagger's
entity spans (added at ≥ 0.5 before) gave entities 0.961 against the rules' 0.959 on the pages as the
rules know them but 0.599–0.600 against 0.604 where the held-out pages' own names were taken from the
rules (restricted to PER/GOV/GPE at ≥ 0.7 and trained on views without each page's own names: 0.958 and
0.620), and on the test split they cost 0.002–0.004 without finding one more gold entity: they are no
longer added. On the test split this policy scores as the rules alone (0.897 / 0.775 / 0.725).
Run again on 2026-12-02 after a training document stopped seeing its own names as jieba words (rules
0.966 / 0.968 / 0.863 and, missed, 0.847 / 0.752 by then): the triggers at ≥ 0.9 give 0.968 as they are
and 0.908 / 0.810 missed, at ≥ 0.95 0.968 and 0.890 / 0.794, at ≥ 0.98 0.968 and 0.865 / 0.779; so
`TRIGGER_MIN` was 0.9 (on 51 fresh pages never used for a rule: triggers 0.8226 at 0.95, 0.8239 at 0.9;
the test split unchanged). Run again on 2026-12-03 with lower thresholds: missed 0.849 (rules) → 0.909 at 0.9,
0.929 at 0.6 and 0.5, as the rules know them 0.969 at 0.9 and 0.966 at 0.8 and below; on 55 fresh pages (set 28,
used for no model choice before) triggers 0.867 → 0.867 at 0.9 and 0.873 at 0.6, on their held third 0.839 → 0.844
and 0.856: `TRIGGER_MIN` is 0.6 (the test split unchanged at every threshold).

Each document gets a confidence `meta.score`, which push sends as the prediction score ("least confident
first"): the mean of the model's confidence (the mean marginal probability of each entity and trigger span's
label, and one minus it for the tagger's spans the output lacks) and the rules' agreement. On 143 annotated
fresh pages from sites no rule was written for, it ranks pages by their share of wrong or missed spans with
Spearman 0.37 (by page F1 0.46; the rules' agreement alone 0.31 and 0.42, the model's part alone 0.29 and
0.20), and a span's confidence tells a right span from a wrong one with AUC 0.68. It was 0.09 and 0.03, and
AUC 0.53, while spans the model agreed with counted as certain and training pages saw their own names as
jieba words (bench/RESULTS.md).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from curate.annotate import annotate_document, annotate_line, assemble_document, find_events, ordered_map
from curate.errors import Problem
from curate.model import label_set_hash
from curate.model.crf import LABELS, Model, TaggedSpan
from curate.model.lexicon import gold_spans
from curate.records import Document
from curate.rules.base import Span
from curate.rules.context import Context
from curate.rules.registry import EVENT_RULES, ruleset_version
from curate.schema import ARG_LABEL, EVENT_TYPES
from curate.score import rule_agreement

TRIGGER_MIN = 0.6
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


_OPEN, _CLOSE = "（(《“「【〔", "）)》”」】〕"


def well_formed(name: str) -> bool:
    """Return whether a span's text could be a name: its brackets and quotes pair up in order, and it does
    not start or end with other punctuation (二期）项目 and 、新区 are fragments)."""
    if not name:
        return False
    first, last = unicodedata.category(name[0]), unicodedata.category(name[-1])
    if (first.startswith("P") and name[0] not in _OPEN) or (last.startswith("P") and name[-1] not in _CLOSE):
        return False
    stack: list[str] = []
    for c in name:
        if c in _OPEN:
            stack.append(_CLOSE[_OPEN.index(c)])
        elif c in _CLOSE and (not stack or stack.pop() != c):
            return False
    return not stack


def _prefer(first: list[Span], then: list[Span], n: int) -> list[Span]:
    """Return `first` plus the spans of `then` that overlap none of them, in text order; a span of `first`
    that equals one of `then` keeps the latter's source (the rule that found it)."""
    same = {(s.label, s.start, s.end): s for s in then}
    return merge_spans([same.get((s.label, s.start, s.end), s) for s in first], then, n)


def _scored(annotated: Document, model: Model, confidence: dict[tuple[str, int, int], float],
            tagged: list[TaggedSpan]) -> Document:
    """Return the annotated document with the model's version and its confidence `score` in `meta`.

    The score is the mean of two: the model's, the mean over the document's entity and trigger spans of their
    confidence (0 for a span the model gave none) and over the tagger's spans the document lacks of one minus
    theirs (a span the model sees and the output has not is a likely miss); and the rules' own agreement
    (`curate.score.rule_agreement`), which ranks pages by their errors better than the model alone does.
    Each entity and trigger span's own confidence goes in `meta["span_confidence"]` as [label, start, end,
    confidence] in text order, for push to show beside the span's rule.
    """
    known = set(gold_spans(annotated))
    keys = sorted(known, key=lambda k: (k[1], k[2], k[0]))
    confidences = [confidence.get(k, 0.0) for k in keys]
    spans = [[label, start, end, round(c, 3)] for (label, start, end), c in zip(keys, confidences, strict=True)]
    confidences += [1 - t.confidence for t in tagged if (t.label, t.start, t.end) not in known]
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    score = round((mean + rule_agreement(annotated)) / 2, 4)
    meta: dict[str, Any] = {**annotated.meta, "score": score, "span_confidence": spans,
                            "model_version": model_version(model),
                            "model": {"version": model.source, "labels": label_set_hash(LABELS)}}
    return replace(annotated, meta=meta)


def annotate_with_model(doc: Document, model: Model) -> Document:
    """Return the document annotated by the rules and the model combined (SCHEMA.md records)."""
    text = doc.text
    ruled = annotate_document(doc)
    expected = list(gold_spans(ruled))  # the rules' entity (no ARG) and trigger spans
    # Names people confirmed often enough: candidates where neither the rules nor the tagger find anything.
    confirmed = [Span(e.label, s, t, e.text, model.source) for s, t, e in model.lexicon.matches(text)
                 if e.precision >= LEXICON_PRECISION and e.count >= LEXICON_COUNT and e.label not in EVENT_TYPES]
    tagged, confidence = model.tag(ruled, expected + [(s.label, s.start, s.end) for s in confirmed])
    echoed = set(expected)
    # The rules' triggers the model doubts below its floor lose their events (docstring).
    vetoed = {k for k in expected if k[0] in EVENT_TYPES and confidence.get(k, 1.0) < model.trigger_floor}
    # The tagger's triggers only: its entity spans are not added (docstring).
    mine = [Span(t.label, t.start, t.end, text[t.start:t.end], model.source) for t in tagged
            if model.adds_triggers and t.label in EVENT_TYPES and t.confidence >= TRIGGER_MIN
            and (t.label, t.start, t.end) not in echoed]
    confidence.update({(t.label, t.start, t.end): t.confidence for t in tagged})
    mine += confirmed
    # The rules' spans people corrected the same way on every training page: removed ("") or relabelled.
    rule_entities: list[Span] = []
    fixed = False
    for e in ruled.entities or ():
        if e.label == ARG_LABEL:
            continue
        to = model.corrections.get((e.text, e.label))
        if to is None:
            rule_entities.append(Span(e.label, e.start, e.end, e.text, e.source))
        else:
            fixed = True
            if to:
                rule_entities.append(Span(to, e.start, e.end, e.text, model.source))
    # The labels the model is trusted with: its spans first, the rules' where none of them overlaps.
    given = [Span(t.label, t.start, t.end, text[t.start:t.end], model.source) for t in tagged
             if t.label in model.trusted and well_formed(text[t.start:t.end])]
    trusted_entities = [s for s in given if s.label not in EVENT_TYPES]
    first = _prefer(trusted_entities, rule_entities, len(text)) if trusted_entities else rule_entities
    kept = merge_spans(first, (s for s in mine if s.label not in EVENT_TYPES), len(text))
    model_triggers = [s for s in mine if s.label in EVENT_TYPES]
    if not given and not fixed and len(kept) == len(rule_entities) and not model_triggers and not vetoed:
        # The model adds nothing: the events are the rules' own (a second event pass costs 7% of the speed).
        return _scored(ruled, model, confidence, tagged)
    ctx = Context(doc, kept)
    # The rules' triggers given the combined entities (a trusted type's from the tagger first), then the
    # tagger's confident ones where no trigger is.
    rule_triggers = [Span(rule.event_type, s, e, text[s:e], rule.source)
                     for rule in EVENT_RULES for s, e in rule.triggers(ctx) if (rule.event_type, s, e) not in vetoed]
    triggers = merge_spans(_prefer([s for s in given if s.label in EVENT_TYPES], rule_triggers, len(text)),
                           model_triggers, len(text))
    by_rule: dict[str, list[tuple[int, int]]] = {rule.name: [] for rule in EVENT_RULES}
    rule_of = {rule.event_type: rule.name for rule in EVENT_RULES}
    for t in triggers:
        by_rule[rule_of[t.label]].append((t.start, t.end))
    from_model = {(t.start, t.end) for t in triggers if t.source == model.source}
    proposals = [replace(ev, source=model.source) if (ev.start, ev.end) in from_model else ev
                 for ev in find_events(ctx, by_rule)]
    return _scored(assemble_document(doc, kept, proposals), model, confidence, tagged)


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
