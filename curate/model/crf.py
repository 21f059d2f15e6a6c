"""Model edge: the CRF (python-crfsuite) and its lexicon in a model folder: train, load, tag.

A model folder holds `model.crfsuite`, `lexicon.tsv`, `model.json` (format, schema version, label set,
file digests, training facts) and `README.md` (the model card). `load_model` refuses a folder that is
missing, corrupt or made for another schema version or label set.
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import groupby, repeat
from pathlib import Path
from typing import Any

import pycrfsuite

from curate.errors import BadInputError
from curate.model import label_set_hash
from curate.model.features import FEATURES, document_features, tokenizer
from curate.model.lexicon import Lexicon
from curate.records import Document
from curate.schema import ENTITY_LABELS, EVENT_TYPES, SCHEMA_VERSION

FORMAT = "curate-model"
CRF_FILE, LEXICON_FILE, META_FILE, CARD_FILE = "model.crfsuite", "lexicon.tsv", "model.json", "README.md"
# What the model tags: entity labels and one trigger label per event type (ARG spans come from events).
LABELS: tuple[str, ...] = ENTITY_LABELS + EVENT_TYPES
TAGGING = "IO"  # see io_tags
PARAMS = {"c1": 0.05, "c2": 0.05, "max_iterations": 150, "feature.possible_transitions": True}


def file_digest(path: Path) -> str:
    """Return the sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class TaggedSpan:
    """A span the model tagged, with the mean marginal probability of its tags."""

    label: str
    start: int
    end: int
    confidence: float


def io_tags(spans: Iterable[tuple[str, int, int]], start: int, end: int) -> list[str]:
    """Return IO tags of the line `[start, end)` for non-overlapping (label, start, end) spans.

    IO, not BIO: CRFsuite's Viterbi costs the square of the tag count, and 24 tags instead of 47 make
    annotate with the model ×1.2 faster (bench/bench_learning.py) for the same F1 on the test split; two
    spans of one label with nothing between them are rare in this genre (the rules keep them apart).
    """
    tags = ["O"] * (end - start)
    for label, s, e in spans:
        if s < start or e > end or any(t != "O" for t in tags[s - start:e - start]):
            continue
        tags[s - start:e - start] = ["I-" + label] * (e - s)
    return tags


def train_crf(sequences: Iterable[tuple[Sequence[Sequence[bytes]], list[str]]], path: Path,
              params: dict[str, Any] | None = None) -> None:
    """Train a CRF (L-BFGS, elastic net) on (features, tags) sequences and write it to `path`."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for xseq, yseq in sequences:
        trainer.append(xseq, yseq)
    trainer.set_params({**PARAMS, **(params or {})})
    trainer.train(str(path))


class Model:
    """A loaded model: tags a rule-annotated document with entity and trigger spans."""

    def __init__(self, folder: Path, meta: dict[str, Any], lexicon: Lexicon) -> None:
        self.folder, self.meta, self.lexicon = folder, meta, lexicon
        self.hash: str = meta["hash"]
        self.source = f"model@{self.hash}"
        # Labels whose spans the tagger gives (chosen on the held-out split by `train.trusted_labels`).
        self.trusted: frozenset[str] = frozenset(meta.get("trusted_labels") or ())
        # Whether the tagger adds triggers where no rule finds one (`combine.TRIGGER_MIN`; not the base model's).
        self.adds_triggers: bool = meta.get("adds_triggers", True)
        # A rule's trigger whose confidence is below this loses its event (`combine.annotate_with_model`); 0: none.
        self.trigger_floor: float = float(meta.get("trigger_floor", 0.0))
        # (text, label) of a rule span → what people made of it on every training page: "" removed, else its
        # new label (`lexicon.harvest_corrections`).
        self.corrections: dict[tuple[str, str], str] = {(t, label): to for t, label, to, _ in
                                                         meta.get("corrections") or ()}
        self.tagger = pycrfsuite.Tagger()
        try:
            self.tagger.open(str(folder / CRF_FILE))
        except (ValueError, OSError) as exc:
            raise BadInputError(f"{folder / CRF_FILE}: not a CRFsuite model ({exc}); train the model again") \
                from None

    @cached_property
    def tokenizer(self) -> Any:
        return tokenizer(user_words(self.lexicon))

    def tag(self, annotated: Document, expected: Sequence[tuple[str, int, int]] = (),
            ) -> tuple[list[TaggedSpan], dict[tuple[str, int, int], float]]:
        """Return the tagged spans and the confidence of each `expected` (label, start, end) span (the rules'):
        the mean marginal probability of its label over its characters (a span across lines gets none).

        Marginals for every expected span, also where the best tagging agrees with it: counting an agreed span
        as certain made the document score rank pages no better than chance (bench/RESULTS.md).
        """
        tagger = self.tagger
        ordered = sorted(set(expected), key=lambda s: (s[1], -s[2]))
        starts = [s for _, s, _ in ordered]
        confidence: dict[tuple[str, int, int], float] = {}
        spans: list[TaggedSpan] = []
        for start, end, feats in document_features(annotated, self.tokenizer, self.lexicon):
            tagger.set(feats)
            tags = tagger.tag()
            for key in ordered[bisect_left(starts, start):bisect_left(starts, end)]:
                label, s, e = key
                if e <= end:
                    confidence[key] = self._mean_marginal("I-" + label, s - start, e - start)
            spans += self._spans(tags, start, confidence)
        return spans, confidence

    def _mean_marginal(self, tag: str, j: int, k: int) -> float:
        """Return the mean marginal probability of `tag` over positions `[j, k)` of the tagged line."""
        if tag not in self.labels:
            return 0.0
        return sum(map(self.tagger.marginal, repeat(tag, k - j), range(j, k))) / (k - j)

    @cached_property
    def labels(self) -> frozenset[str]:
        return frozenset(self.tagger.labels())

    def _spans(self, tags: list[str], start: int, known: dict[tuple[str, int, int], float]) -> list[TaggedSpan]:
        """Return the spans of one line's IO tags (runs of one tag), each with its mean marginal."""
        out: list[TaggedSpan] = []
        j = 0
        for tag, run in groupby(tags):
            k = j + sum(1 for _ in run)
            if tag != "O":
                key = (tag[2:], start + j, start + k)
                conf = known.get(key)
                out.append(TaggedSpan(*key, self._mean_marginal(tag, j, k) if conf is None else conf))
            j = k
        return out


def user_words(lexicon: Lexicon) -> tuple[str, ...]:
    """Return jieba's user dictionary: the rules' gazetteer and the lexicon's names."""
    from curate.rules.places import gazetteer_names

    return tuple(sorted(set(gazetteer_names()) | {e.text for e in lexicon.entries}))


def load_model(folder: str | Path) -> Model:
    """Load and check a model folder; a missing, corrupt or foreign one is a `BadInputError`."""
    d = Path(folder)
    again = "train it again with `curate train DATA -o MODEL_DIR`"
    if not d.is_dir():
        raise BadInputError(f"{d}: no such model folder ({again})")
    meta_path = d / META_FILE
    if not meta_path.is_file():
        raise BadInputError(f"{meta_path}: missing, so {d} is not a curate model folder ({again})")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BadInputError(f"{meta_path}: not valid JSON ({exc}); the model folder is corrupt: {again}") \
            from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT or not isinstance(meta.get("files"), dict):
        raise BadInputError(f"{meta_path}: not a curate model description (no \"format\": \"{FORMAT}\"); {again}")
    if meta.get("schema_version") != SCHEMA_VERSION:
        raise BadInputError(f"{d}: made for schema version {meta.get('schema_version')!r}, this curate uses "
                            f"{SCHEMA_VERSION}: {again}")
    if meta.get("features") != list(FEATURES) or meta.get("tagging") != TAGGING:
        raise BadInputError(f"{d}: made with other features or tags than this curate computes (an older "
                            f"curate): {again}")
    if list(meta.get("labels") or []) != list(LABELS):
        raise BadInputError(f"{d}: trained on another label set ({label_set_hash(meta.get('labels') or [])}) "
                            f"than this project's ({label_set_hash(LABELS)}): {again}")
    trusted = meta.get("trusted_labels") or []
    if not isinstance(trusted, list) or not all(isinstance(x, str) and x in LABELS for x in trusted):
        raise BadInputError(f"{meta_path}: \"trusted_labels\" {trusted!r} are not labels of this project; the "
                            f"model folder is corrupt: {again}")
    if not isinstance(meta.get("adds_triggers", True), bool):
        raise BadInputError(f"{meta_path}: \"adds_triggers\" is not true or false; the model folder is corrupt: {again}")
    floor = meta.get("trigger_floor", 0.0)
    if isinstance(floor, bool) or not isinstance(floor, int | float) or not 0.0 <= floor <= 1.0:
        raise BadInputError(f"{meta_path}: \"trigger_floor\" {floor!r} is not a number from 0 to 1; the model folder is "
                            f"corrupt: {again}")
    corrections = meta.get("corrections") or []
    if not isinstance(corrections, list) or not all(
            isinstance(r, list) and len(r) == 4 and isinstance(r[0], str) and r[1] in LABELS
            and (r[2] == "" or r[2] in LABELS) and isinstance(r[3], int) for r in corrections):
        raise BadInputError(f"{meta_path}: \"corrections\" is not a list of [text, label, new label or \"\", pages] "
                            f"of this project's labels; the model folder is corrupt: {again}")
    for name in (CRF_FILE, LEXICON_FILE):
        path = d / name
        if not path.is_file():
            raise BadInputError(f"{path}: missing; the model folder is incomplete: {again}")
        if file_digest(path) != meta["files"].get(name):
            raise BadInputError(f"{path}: content differs from {meta_path} (changed or truncated); {again}")
    lexicon = Lexicon.from_tsv((d / LEXICON_FILE).read_text(encoding="utf-8"), str(d / LEXICON_FILE))
    return Model(d, meta, lexicon)
