"""Training stage: gold annotated documents → a model folder (CRF, lexicon, description, model card).

Takes a dataset version folder (gold documents written by pull; a dataset folder means its latest gold
version) or an annotated JSONL file; trains on CPU; measures a held-out split and a learning curve on it
before training the final model on every document. The folder is written to a temporary name and
renamed at the end, so bad input or a failure leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from curate.annotate import annotate_document
from curate.errors import BadInputError, Problem
from curate.evaluate import score_documents
from curate.model import label_set_hash
from curate.model.crf import (
    CARD_FILE,
    CRF_FILE,
    FORMAT,
    LABELS,
    LEXICON_FILE,
    META_FILE,
    PARAMS,
    TAGGING,
    Model,
    file_digest,
    io_tags,
    load_model,
    train_crf,
    user_words,
)
from curate.model.features import FEATURES, document_features, tokenizer_plus
from curate.model.lexicon import Lexicon, gold_spans, harvest_corrections, harvest_lexicon
from curate.records import Document, Event
from curate.schema import SCHEMA_VERSION

FOLDS = 5  # a training document's lexicon features and jieba words come from the other folds (no leak of its own names)
HELD_OUT = 0.2
# The share of the rules' triggers a training document's features do not show (`hide_triggers`).
HIDDEN_TRIGGERS = 0.3
# A label's spans come from the tagger when, on the held-out split, it has at least TRUST_SUPPORT gold spans
# and the tagger alone beats the rules on it by at least TRUST_GAIN F1, a gain that holds in TRUST_CONFIDENCE of
# the resamples of the held-out documents (`trusted_labels`).
TRUST_SUPPORT = 20
TRUST_GAIN = 0.02
TRUST_CONFIDENCE = 0.95
# A rule's trigger whose confidence is below the model's floor loses its event: the floor of FLOORS that raises
# the held-out split's trigger F1 most, by at least TRUST_GAIN and by more than 0 in TRUST_CONFIDENCE of the
# resamples of its documents (`trigger_floor`); else none.
FLOORS = (0.1, 0.2, 0.3)
_RESAMPLES = 1000


@dataclass
class TrainingData:
    """Gold documents and where they came from."""

    docs: list[Document]
    source: str
    version: str | None = None
    skipped: int = 0
    hash: str = field(init=False)

    def __post_init__(self) -> None:
        h = hashlib.sha256()
        for d in sorted(self.docs, key=lambda d: d.id):
            h.update(json.dumps(d.to_dict() | {"meta": {}}, ensure_ascii=False, sort_keys=True).encode())
        self.hash = h.hexdigest()[:16]


def load_training_data(path: str | Path, on_problem: Callable[[Problem], None] | None = None) -> TrainingData:
    """Read gold documents from a dataset (version) folder, an annotated JSONL file or a folder of them."""
    p = Path(path)
    if p.is_dir():
        if any(p.glob("*.jsonl")) and not _is_dataset(p):
            return _from_jsonl(p, on_problem)  # a folder of JSONL shards
        return _from_version(p)
    if not p.is_file():
        raise BadInputError(f"{p}: no such file or folder (give a dataset version folder, exports/NAME, or "
                            "annotated JSONL records)")
    return _from_jsonl(p, on_problem)


def _is_dataset(p: Path) -> bool:
    from curate.dataset.reader import MANIFEST

    return (p / MANIFEST).is_file() or any((d / MANIFEST).is_file() for d in p.iterdir() if d.is_dir())


def _from_jsonl(p: Path, on_problem: Callable[[Problem], None] | None) -> TrainingData:
    """Read the annotated records of a JSONL file, or of each `*.jsonl` shard of a folder in name order."""
    from curate.jsonl import read_documents

    problems: list[Problem] = []
    report = on_problem or problems.append
    all_docs = list(read_documents(p, report))
    docs = [d for d in all_docs if d.annotated]
    if not docs:
        raise BadInputError(f"{p}: no gold documents (records with 'entities'); train on annotated "
                            "records (SCHEMA.md) or a dataset version written by `curate pull`")
    return TrainingData(docs, str(p), skipped=len(all_docs) - len(docs))


def _from_version(p: Path) -> TrainingData:
    from curate.dataset.reader import MANIFEST, list_versions, load_documents, read_manifest

    if (p / MANIFEST).is_file():
        manifest = read_manifest(p)
        if manifest["kind"] != "gold":
            raise BadInputError(f"{p}: a {manifest['kind']} version has no annotated documents; train on a "
                                "gold version (written by `curate pull`)")
        folder = p
    else:
        gold = [m for m in list_versions(p) if m["kind"] == "gold"]
        if not gold:
            raise BadInputError(f"{p}: no gold version (annotate in Label Studio, then `curate pull "
                                f"--out {p}`) and no annotated .jsonl records")
        folder = p / gold[-1]["version"]
    all_docs = load_documents(folder)
    docs = [d for d in all_docs if "ls" in d.meta]
    if not docs:
        raise BadInputError(f"{folder}: no annotated documents in this version (annotate tasks in Label "
                            "Studio, then pull again)")
    return TrainingData(docs, str(folder), version=folder.name, skipped=len(all_docs) - len(docs))


def rules_view(doc: Document) -> Document:
    """Return the rules' annotation of a gold document's text (its gold removed)."""
    return annotate_document(doc.with_annotations((), ()))


def hide_triggers(view: Document, share: float) -> Document:
    """Return the rules' view of a training document without `share` of its events (chosen by a hash of
    the document id and the trigger's offsets, so the same every time).

    The rules were tuned on the training pages and find nearly all of their triggers (F1 0.96 against 0.78
    on pages from unseen sites); a model that always sees them learns to echo them and never to find a
    trigger they miss. Without a part of them, it learns the trigger words' contexts.
    """
    def hidden(ev: Event) -> bool:
        key = f"{view.id}:{ev.trigger.start}:{ev.trigger.end}".encode()
        return int(hashlib.sha1(key).hexdigest()[:8], 16) < share * 0x100000000

    return view.with_annotations(view.entities or (), [ev for ev in view.events or () if not hidden(ev)])


def _folds(docs: list[Document], k: int) -> list[int]:
    return [int(hashlib.sha1(d.id.encode()).hexdigest(), 16) % k for d in docs]


def fit(docs: list[Document], folder: Path, ruled: dict[str, Document] | None = None,
        params: dict[str, Any] | None = None) -> Lexicon:
    """Train the CRF on gold documents into `folder` (writes the CRF and lexicon files); return the lexicon."""
    ruled = ruled if ruled is not None else {}
    lexicon = Lexicon(harvest_lexicon(docs))
    folds = _folds(docs, FOLDS)
    base_words = user_words(Lexicon(()))

    def sequences() -> Iterable[tuple[list[tuple[bytes, ...]], list[str]]]:
        for f in sorted(set(folds)):
            # A document's lexicon features and jieba words come from the other folds' names, as a new page's
            # come from the training pages': with its own names as jieba words, every gold name was one word and
            # a name split into single characters looked like no name (the model said O to 74 % of the rules'
            # right PER spans on fresh pages; bench/RESULTS.md).
            fold_lexicon = Lexicon(harvest_lexicon(d for d, g in zip(docs, folds, strict=True) if g != f))
            tk = tokenizer_plus(base_words, (e.text for e in fold_lexicon.entries))
            for doc in (d for d, g in zip(docs, folds, strict=True) if g == f):
                view = hide_triggers(ruled.get(doc.id) or rules_view(doc), HIDDEN_TRIGGERS)
                gold = sorted(gold_spans(doc), key=lambda s: (s[1], -s[2]))
                for start, end, feats in document_features(view, tk, fold_lexicon):
                    yield feats, io_tags(gold, start, end)

    train_crf(sequences(), folder / CRF_FILE, params)
    (folder / LEXICON_FILE).write_text(lexicon.to_tsv(), encoding="utf-8")
    return lexicon


def _write_meta(folder: Path, meta: dict[str, Any]) -> Model:
    meta["files"] = {n: file_digest(folder / n) for n in (CRF_FILE, LEXICON_FILE)}
    # The trusted labels and the corrections change what the model gives, so they are part of its version
    # (none: as before).
    trusted = "".join(f"\0{label}" for label in meta.get("trusted_labels") or ())
    trusted += "".join(f"\1{text}\0{label}\0{to}" for text, label, to, _ in meta.get("corrections") or ())
    trusted += "" if meta.get("adds_triggers", True) else "\2no triggers"
    trusted += f"\3trigger floor {meta['trigger_floor']}" if meta.get("trigger_floor") else ""
    h = hashlib.sha256(("".join(meta["files"][n] for n in sorted(meta["files"])) + trusted).encode())
    meta["hash"] = h.hexdigest()[:10]
    (folder / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return load_model(folder)


def fit_model(docs: list[Document], folder: Path, ruled: dict[str, Document] | None = None,
              params: dict[str, Any] | None = None) -> Model:
    """Train on gold documents into `folder` and describe the model (no card); return it loaded."""
    fit(docs, folder, ruled, params)
    return _write_meta(folder, _base_meta() | {"corrections": corrections(docs, ruled or {})})


def train_and_score(train: list[Document], test: list[Document], ruled: dict[str, Document],
                    params: dict[str, Any] | None = None, measure: bool = False) -> tuple[dict[str, Any], float]:
    """Train on `train` in a temporary folder, score the combined system on `test`; return scores and seconds.

    With `measure`, the scores also hold how well the model's confidence tells right from wrong there
    (`confidence`) and each label's F1 by the rules and by the tagger alone (`labels`).
    """
    from curate.model.combine import annotate_with_model
    from curate.model.confidence import confidence_quality

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        model = fit_model(train, Path(tmp), ruled, params)
        seconds = time.perf_counter() - t0
        predicted = [annotate_with_model(d.with_annotations((), ()), model) for d in test]
        out = scores(predicted, test)
        if measure:
            out["confidence"] = confidence_quality(model, test, predicted)
            out["labels"] = compare_labels(model, test, ruled)
            out["floors"] = compare_floors(model, test, predicted)
    return out, seconds


def compare_labels(model: Model, gold: list[Document], ruled: dict[str, Document]) -> dict[str, dict[str, Any]]:
    """Return per label (entity label or event type): its gold spans, the exact F1 of the rules' spans and of
    the tagger's alone (its best tagging, given the rules' spans as features), and `gain_low`: the tagger's gain
    over the rules that holds in `TRUST_CONFIDENCE` of the resamples (with replacement) of the documents."""
    from curate.model.confidence import span_keys

    # label → per document [gold, rules found, rules right, tagger found, tagger right]
    counts: dict[str, np.ndarray] = {}
    for n, g in enumerate(gold):
        view = ruled.get(g.id) or rules_view(g)
        wanted, by_rules = span_keys(g), span_keys(view)
        tagged, _ = model.tag(view, sorted(by_rules))
        by_model = {(t.label, t.start, t.end) for t in tagged}
        for i, keys in enumerate((wanted, by_rules, by_rules & wanted, by_model, by_model & wanted)):
            for label, _, _ in keys:
                counts.setdefault(label, np.zeros((len(gold), 5), dtype=np.int64))[n, i] += 1

    picks = _resample_picks(len(gold)) if gold else None
    out = {}
    for label, c in sorted(counts.items()):
        total = c.sum(axis=0)
        rules_f1, model_f1 = float(f1_of(total[2], total[1], total[0])), float(f1_of(total[4], total[3], total[0]))
        sums = c[picks].sum(axis=1)  # (resamples, 5)
        gains = f1_of(sums[:, 4], sums[:, 3], sums[:, 0]) - f1_of(sums[:, 2], sums[:, 1], sums[:, 0])
        out[label] = {"gold": int(total[0]), "rules_f1": round(rules_f1, 4), "model_f1": round(model_f1, 4),
                      "gain_low": round(float(np.quantile(gains, 1 - TRUST_CONFIDENCE)), 4)}
    return out


def f1_of(right: Any, found: Any, total: Any) -> Any:
    """Return F1 from counts (arrays alike), 0 where nothing was found or wanted."""
    return np.divide(2 * right, found + total, out=np.zeros(np.shape(right)), where=(found + total) > 0)


def _triggers(doc: Document) -> set[tuple[str, int, int]]:
    return {(ev.type, ev.trigger.start, ev.trigger.end) for ev in doc.events or ()}


def _resample_picks(n: int) -> Any:
    # The same seeded resamples for every comparison: a model's choice is reproducible.
    return np.random.default_rng(0).integers(0, n, size=(_RESAMPLES, n))


def compare_floors(model: Model, gold: list[Document], predicted: list[Document]) -> dict[str, dict[str, Any]]:
    """Return per candidate trigger floor (`FLOORS`) the held-out documents' trigger F1 with it and without it
    (`predicted`: the model's output without a floor), and `gain_low`: its gain that holds in `TRUST_CONFIDENCE`
    of the resamples of the documents."""
    from curate.model.combine import annotate_with_model

    def counts(docs: Iterable[Document]) -> Any:  # per document: gold, found, right triggers
        return np.array([(len(w), len(f), len(w & f)) for w, f in
                         ((_triggers(g), _triggers(d)) for g, d in zip(gold, docs, strict=True))], dtype=np.int64)

    def f1(c: Any) -> Any:  # of (gold, found, right) counts
        return f1_of(c[..., 2], c[..., 1], c[..., 0])

    if not gold:
        return {}
    picks = _resample_picks(len(gold))
    none = counts(predicted)
    out, kept = {}, model.trigger_floor
    try:
        for floor in FLOORS:
            model.trigger_floor = floor
            c = counts(annotate_with_model(g.with_annotations((), ()), model) for g in gold)
            gains = f1(c[picks].sum(axis=1)) - f1(none[picks].sum(axis=1))
            out[str(floor)] = {"without": round(float(f1(none.sum(axis=0))), 4),
                               "with": round(float(f1(c.sum(axis=0))), 4),
                               "gain_low": round(float(np.quantile(gains, 1 - TRUST_CONFIDENCE)), 4)}
    finally:
        model.trigger_floor = kept
    return out


def trigger_floor(comparison: dict[str, dict[str, Any]]) -> float:
    """Return the floor whose gain on the held-out split is largest (the lower of two with the same gain), at least
    `TRUST_GAIN` and more than 0 in the worst resamples; 0.0 (none) if no floor has such a gain."""
    gains = [(c["with"] - c["without"], -float(f)) for f, c in comparison.items()
             if c["with"] - c["without"] >= TRUST_GAIN and c["gain_low"] > 0]
    return -max(gains)[1] if gains else 0.0


def trusted_labels(comparison: dict[str, dict[str, Any]]) -> list[str]:
    """Return the labels whose spans the tagger gives: enough gold on the held-out split, and a clear gain that
    does not hang on a few of its documents."""
    return [label for label, c in comparison.items()
            if c["gold"] >= TRUST_SUPPORT and c["model_f1"] - c["rules_f1"] >= TRUST_GAIN and c["gain_low"] > 0]


def set_policy(folder: str | Path, trusted: Iterable[str], evidence: str, adds_triggers: bool = True,
               trigger_floor: float = 0.0, more: dict[str, Any] | None = None) -> Model:
    """Give a model folder a combination policy chosen outside its held-out split: the labels it is trusted
    with, whether the tagger adds triggers and below what confidence a rule's trigger loses its event; say on
    what pages they were chosen (`evidence`, shown in its card; `more`: other facts for its description) and
    return it loaded. For a model whose held-out pages are ones the
    rules were written against, where the rules look better than they are on other sites (the base model,
    `bench/train_base.py`)."""
    folder = Path(folder)
    model = load_model(folder)
    meta = dict(model.meta) | (more or {}) | {"trusted_labels": sorted(set(trusted)), "trust_evidence": evidence,
                                              "adds_triggers": adds_triggers, "trigger_floor": trigger_floor}
    model = _write_meta(folder, meta)
    from curate.model.card import render_card

    (folder / CARD_FILE).write_text(render_card(model.meta, model.lexicon), encoding="utf-8")
    return model


def scores(predicted: list[Document], gold: list[Document]) -> dict[str, Any]:
    """Return micro P/R/F1 of entities, triggers and arguments, exact and set-based."""
    out: dict[str, Any] = {}
    for match in ("exact", "set"):
        r = score_documents(predicted, gold, match)
        out[match] = {k: {"precision": round(s.precision, 4), "recall": round(s.recall, 4), "f1": round(s.f1, 4)}
                      for k, s in (("entities", r.entity_micro), ("triggers", r.trigger_micro),
                                   ("arguments", r.argument_micro))}
    return out


def _base_meta() -> dict[str, Any]:
    return {"format": FORMAT, "schema_version": SCHEMA_VERSION, "labels": list(LABELS),
            "label_set": label_set_hash(LABELS), "features": list(FEATURES), "tagging": TAGGING, "params": PARAMS,
            "folds": FOLDS, "hidden_triggers": HIDDEN_TRIGGERS, "trusted_labels": [], "corrections": []}


def corrections(docs: list[Document], ruled: dict[str, Document]) -> list[list[Any]]:
    """Return the rules' spans people corrected the same way on several pages, as [text, label, to, pages]
    (`lexicon.harvest_corrections`: `to` is "" for removed, else the label people gave it)."""
    views = [ruled.get(d.id) or rules_view(d) for d in docs]
    return [list(r) for r in harvest_corrections(docs, views)]


def curve_sizes(n: int) -> list[int]:
    """Return the learning-curve training sizes for n training documents: 0 (rules alone), 5, 10, 20, …, n."""
    sizes, k = [0], 5
    while k < n:
        sizes.append(k)
        k *= 2
    return sizes + [n] if n else sizes


def check_output(out: str | Path) -> Path:
    """Return the model folder path; an existing non-empty folder is refused (models are not overwritten)."""
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise BadInputError(f"{out}: exists and is not empty; models are not overwritten: choose another -o "
                            "or delete it")
    return out


def train_model(data: TrainingData, out: str | Path, on_step: Callable[[str], None] | None = None) -> Model:
    """Measure on a held-out split (with a learning curve), then train on every document into `out`."""
    out = check_output(out)
    step = on_step or (lambda msg: None)
    docs = sorted(data.docs, key=lambda d: hashlib.sha1(d.id.encode()).hexdigest())
    n_held = int(len(docs) * HELD_OUT) if len(docs) >= 5 else 0
    held, train = docs[:n_held], docs[n_held:]
    ruled = {d.id: rules_view(d) for d in docs}
    curve = []
    if held:
        for k in curve_sizes(len(train)):
            step(f"learning curve: {k} training documents, scoring {len(held)} held-out ones")
            if k == 0:
                curve.append({"documents": 0, "seconds": 0.0, **scores([ruled[d.id] for d in held], held)})
                continue
            s, seconds = train_and_score(train[:k], held, ruled, measure=k == len(train))
            curve.append({"documents": k, "seconds": round(seconds, 2), **s})
    step(f"training on all {len(docs)} documents")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        t0 = time.perf_counter()
        lexicon = fit(docs, tmp, ruled)
        comparison = curve[-1].get("labels", {}) if curve else {}
        meta = _base_meta() | {
            "trusted_labels": trusted_labels(comparison),
            "trigger_floor": trigger_floor(curve[-1].get("floors", {}) if curve else {}),
            "corrections": corrections(docs, ruled),
            "training": {"source": data.source, "version": data.version, "hash": data.hash,
                         "documents": len(docs), "skipped": data.skipped,
                         "seconds": round(time.perf_counter() - t0, 2)},
            "held_out": {"documents": [d.id for d in held], "training_documents": len(train),
                         "rules": curve[0] if curve else None, "combined": curve[-1] if curve else None,
                         "confidence": curve[-1].get("confidence") if curve else None,
                         "labels": comparison, "floors": curve[-1].get("floors") if curve else None},
            "learning_curve": curve,
            "lexicon": {"entries": len(lexicon.entries),
                        "trusted": sum(e.precision >= 0.5 for e in lexicon.entries)},
        }
        model = _write_meta(tmp, meta)
        from curate.model.card import render_card

        (tmp / CARD_FILE).write_text(render_card(model.meta, lexicon), encoding="utf-8")
        if out.exists():
            out.rmdir()
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return load_model(out)


