"""Pre-annotation stage, pure: an annotated document → the confidence of its prediction (0..1).

Label Studio sorts tasks by it (least confident first). A model's per-document confidence in
`meta["score"]` wins; rules-only documents get the rules' agreement (`rule_agreement`).
"""

from __future__ import annotations

import math
from typing import Any

from curate.records import Document


def rule_agreement(doc: Document) -> float:
    """Return the share of predicted regions that an entity rule and an event rule agree on.

    An entity counts when an event rule took it as an argument; a trigger counts when one of its
    arguments is such an entity. A document with no predicted region scores 0 (nothing to trust).
    """
    entities = {(e.start, e.end) for e in doc.entities or ()}
    used: set[tuple[int, int]] = set()
    triggers: dict[tuple[int, int], bool] = {}
    for ev in doc.events or ():
        spans = {(a.start, a.end) for a in ev.arguments} & entities
        used |= spans
        key = (ev.trigger.start, ev.trigger.end)
        triggers[key] = triggers.get(key, False) or bool(spans)
    total = len(entities) + len(triggers)
    return round((len(used) + sum(triggers.values())) / total, 4) if total else 0.0


def as_confidence(value: Any) -> float | None:
    """Return `value` as a confidence if it is a number in 0..1 (not a bool), else None."""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value) and 0 <= value <= 1:
        return float(value)
    return None


def document_score(doc: Document) -> float:
    """Return the prediction's score: the model's `meta["score"]` if it is one, else the rules' agreement."""
    given = as_confidence(doc.meta.get("score"))
    return rule_agreement(doc) if given is None else given


def span_confidences(doc: Document) -> dict[tuple[str, int, int], float]:
    """Return a model's confidence per (label, start, end) span from `meta["span_confidence"]` (empty for rules
    only); an entry that is not [label, start, end, confidence in 0..1] is skipped (it only informs a person)."""
    out: dict[tuple[str, int, int], float] = {}
    given: Any = doc.meta.get("span_confidence")
    for item in given if isinstance(given, list) else ():
        if isinstance(item, list) and len(item) == 4:
            label, start, end, value = item
            c = as_confidence(value)
            if isinstance(label, str) and isinstance(start, int) and isinstance(end, int) and c is not None:
                out[(label, start, end)] = c
    return out


# Lower bounds of the bands of a model's confidence in its spans (`curate evaluate` and `curate report`).
CONFIDENCE_BANDS: tuple[float, ...] = (0.0, 0.5, 0.8, 0.95)


def confidence_band(confidence: float) -> float:
    """Return the lower bound of the band a confidence (0..1) falls in."""
    return max(b for b in CONFIDENCE_BANDS if b <= confidence)


def band_name(band: float) -> str:
    """Return a band's name: `0.50–0.80`, or `≥ 0.95` for the last."""
    upper = next((b for b in CONFIDENCE_BANDS if b > band), None)
    return f"{band:.2f}–{upper:.2f}" if upper is not None else f"≥ {band:.2f}"
