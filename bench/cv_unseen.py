"""Cross-validation of rules + model on the 30 training documents, on pages as the rules know them and as
they would see a page they do not know (issue 11). Reads no test-split document.

The rules were tuned on the training pages, so there they score F1 ≈ 0.96 and a model trained on them
learns to copy them; on unseen sites they score 0.90 (entities) and 0.78 (triggers). Five folds
(`curate.model.train._folds`) of the 30 documents (tune split + bundled gold); each held-out fold is
scored under three conditions:
- `seen`: the rules' annotation as it is;
- `missed`: a quarter of the rules' triggers missed (fixed random choice per document), in the combined
  pass too;
- `names`: the rules' spans of names whose text is gold in the held-out document and in no training
  document removed, events found again from the entities left.
Models: `plain` (training views as the rules give them, no neighbouring-word features: they are made
constant) and `now` (curate as it is: a share `HIDDEN_TRIGGERS` of the rules' triggers hidden in training,
neighbouring words as features), each combined with `TRIGGER_MIN` 0.9, 0.95 and 0.98. The combined
system is the real one (`annotate_with_model`), given the condition's rule view.
Run: .venv/bin/python bench/cv_unseen.py [--mins 0.9,0.95,0.98] [--models plain,now]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_learning import pool  # noqa: E402
from common import emit  # noqa: E402

from curate.annotate import assemble_document, find_events  # noqa: E402
from curate.model import combine, features, train  # noqa: E402
from curate.model.lexicon import gold_spans  # noqa: E402
from curate.records import Document  # noqa: E402
from curate.rules.base import Span  # noqa: E402
from curate.rules.context import Context  # noqa: E402
from curate.schema import ARG_LABEL, EVENT_TYPES  # noqa: E402

NAMES = frozenset({"PER", "GOV", "COMPANY", "ORG", "GPE", "LOC", "PROJECT", "MEETING"})
FOLDS = 5
MISSED = 0.25
TRIGGER_MINS = (0.9, 0.95, 0.98)


class Missing:
    """An event rule that misses the triggers at `hidden` (event type, start, end)."""

    def __init__(self, rule, hidden: set[tuple[str, int, int]]) -> None:
        self.rule, self.hidden = rule, hidden

    def __getattr__(self, name: str):
        return getattr(self.rule, name)

    def triggers(self, ctx):
        return [(s, e) for s, e in self.rule.triggers(ctx) if (self.rule.event_type, s, e) not in self.hidden]


def gold_names(doc: Document) -> set[str]:
    return {doc.text[s:e] for label, s, e in gold_spans(doc) if label not in EVENT_TYPES}


def without_names(view: Document, names: set[str]) -> Document:
    """Return the rules' view without its name spans whose text is in `names`, events found again."""
    kept = [Span(e.label, e.start, e.end, e.text, e.source) for e in view.entities or ()
            if e.label != ARG_LABEL and not (e.label in NAMES and e.text in names)]
    ctx = Context(view, kept)
    return assemble_document(view, kept, find_events(ctx, {r.name: list(r.triggers(ctx)) for r in combine.EVENT_RULES}))


def missed(view: Document) -> tuple[Document, set[tuple[str, int, int]]]:
    """Return the rules' view without a share `MISSED` of its events, and the missed triggers."""
    rng = random.Random(f"99-{view.id}")
    gone = {(ev.type, ev.trigger.start, ev.trigger.end) for ev in view.events or () if rng.random() < MISSED}
    events = [ev for ev in view.events or () if (ev.type, ev.trigger.start, ev.trigger.end) not in gone]
    return view.with_annotations(view.entities or (), events), gone


def constant_context(text: str, lengths: list[int]) -> tuple[list[str], list[str]]:
    return ["wp="] * len(text), ["wn="] * len(text)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mins", default=",".join(map(str, TRIGGER_MINS)), help="TRIGGER_MIN values, comma-separated")
    ap.add_argument("--models", default="plain,now", help="which models: plain, now")
    args = ap.parse_args()
    mins = [float(x) for x in args.mins.split(",")]
    docs = pool()
    ruled = {d.id: train.rules_view(d) for d in docs}
    folds = train._folds(docs, FOLDS)
    views: dict[str, dict[str, tuple[Document, set]]] = {"seen": {}, "missed": {}, "names": {}}
    for d, f in zip(docs, folds, strict=True):
        known = set().union(*(gold_names(o) for o, g in zip(docs, folds, strict=True) if g != f))
        views["seen"][d.id] = ruled[d.id], set()
        views["missed"][d.id] = missed(ruled[d.id])
        views["names"][d.id] = without_names(ruled[d.id], gold_names(d) - known), set()
    rows = {f"rules {c}": scored({i: v for i, (v, _) in vs.items()}, docs) for c, vs in views.items()}
    for name in args.models.split(","):
        predicted: dict[str, dict[str, Document]] = {}
        for k in range(FOLDS):
            with ExitStack() as stack:
                if name == "plain":
                    stack.enter_context(mock.patch.object(train, "HIDDEN_TRIGGERS", 0.0))
                    stack.enter_context(mock.patch.object(features, "word_context", constant_context))
                tmp = stack.enter_context(tempfile.TemporaryDirectory())
                model = train.fit_model([d for d, f in zip(docs, folds, strict=True) if f != k], Path(tmp), ruled)
                for d in (d for d, f in zip(docs, folds, strict=True) if f == k):
                    for cond, vs in views.items():
                        view, gone = vs[d.id]
                        rules = [Missing(r, gone) for r in combine.EVENT_RULES]
                        for t in mins:
                            with mock.patch.object(combine, "annotate_document", lambda _, v=view: v), \
                                    mock.patch.object(combine, "EVENT_RULES", rules), \
                                    mock.patch.object(combine, "TRIGGER_MIN", t):
                                out = combine.annotate_with_model(d.with_annotations((), ()), model)
                            predicted.setdefault(f"{name} ≥{t} {cond}", {})[d.id] = out
        rows |= {key: scored(ps, docs) for key, ps in sorted(predicted.items())}
    print(f"{'model, trigger min, condition':32} exact F1 entities triggers arguments")
    for key, (e, t, a) in rows.items():
        print(f"{key:32} {e:.3f} {t:.3f} {a:.3f}")
    emit("cv_unseen", {"folds": FOLDS, "documents": len(docs), "exact_f1": rows})


def scored(predicted: dict[str, Document], gold: list[Document]) -> list[float]:
    s = train.scores([predicted[d.id] for d in gold], gold)["exact"]
    return [s[k]["f1"] for k in ("entities", "triggers", "arguments")]


if __name__ == "__main__":
    main()
