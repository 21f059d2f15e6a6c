"""Dataset stage, pure: two versions' documents → what changed (documents, entities, events, label counts).

Entities are matched per document: same span and label → unchanged; same span, other label →
relabelled; overlapping with the same label → boundary changed; the rest → added or removed.
Events are matched by type and trigger span; a matched event with other realis or arguments → changed.
A document is changed when any span or event changed, or its text, ids or sources did.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from curate.records import Document, Entity, Event, content_hash


@dataclass
class VersionDiff:
    """Changes from an old to a new set of documents; entity/event items are `(doc_id, old, new)`."""

    docs_added: list[str] = field(default_factory=list)
    docs_removed: list[str] = field(default_factory=list)
    docs_changed: list[str] = field(default_factory=list)
    entities_added: list[tuple[str, None, Entity]] = field(default_factory=list)
    entities_removed: list[tuple[str, Entity, None]] = field(default_factory=list)
    entities_relabelled: list[tuple[str, Entity, Entity]] = field(default_factory=list)
    entities_boundary_changed: list[tuple[str, Entity, Entity]] = field(default_factory=list)
    events_added: list[tuple[str, None, Event]] = field(default_factory=list)
    events_removed: list[tuple[str, Event, None]] = field(default_factory=list)
    events_changed: list[tuple[str, Event, Event]] = field(default_factory=list)
    label_counts: dict[str, tuple[int, int]] = field(default_factory=dict)  # label → (old, new)

    @property
    def empty(self) -> bool:
        return not (self.docs_added or self.docs_removed or self.docs_changed)

    def counts(self) -> dict[str, int]:
        """Return the number of items of each kind of change."""
        return {name: len(getattr(self, name)) for name in (
            "docs_added", "docs_removed", "docs_changed", "entities_added", "entities_removed",
            "entities_relabelled", "entities_boundary_changed", "events_added", "events_removed",
            "events_changed")}

    def label_deltas(self) -> dict[str, int]:
        """Return new minus old span count for each label whose count changed."""
        return {label: new - old for label, (old, new) in sorted(self.label_counts.items()) if new != old}


def diff_documents(old: Iterable[Document], new: Iterable[Document]) -> VersionDiff:
    """Compare two sets of annotated documents, keyed by document id."""
    before = {d.id: d for d in old}
    after = {d.id: d for d in new}
    diff = VersionDiff()
    old_labels: Counter[str] = Counter(e.label for d in before.values() for e in d.entities or ())
    new_labels: Counter[str] = Counter(e.label for d in after.values() for e in d.entities or ())
    diff.label_counts = {label: (old_labels[label], new_labels[label]) for label in old_labels | new_labels}
    for doc_id, doc in after.items():
        if doc_id not in before:
            diff.docs_added.append(doc_id)
            diff.entities_added += [(doc_id, None, e) for e in doc.entities or ()]
            diff.events_added += [(doc_id, None, v) for v in doc.events or ()]
        elif _compare(before[doc_id], doc, diff) or content_hash(before[doc_id]) != content_hash(doc):
            diff.docs_changed.append(doc_id)
    for doc_id, doc in before.items():
        if doc_id not in after:
            diff.docs_removed.append(doc_id)
            diff.entities_removed += [(doc_id, e, None) for e in doc.entities or ()]
            diff.events_removed += [(doc_id, v, None) for v in doc.events or ()]
    return diff


def _compare(old: Document, new: Document, diff: VersionDiff) -> bool:
    """Add the span and event changes of one document to `diff`; return whether there were any."""
    before = _item_changes(diff)
    _match_entities(old.id, list(old.entities or ()), list(new.entities or ()), diff)
    _match_events(old.id, old.events or (), new.events or (), diff)
    return _item_changes(diff) > before


def _item_changes(diff: VersionDiff) -> int:
    return sum(n for kind, n in diff.counts().items() if not kind.startswith("docs_"))


def _match_entities(doc_id: str, old: list[Entity], new: list[Entity], diff: VersionDiff) -> None:
    key = lambda e: (e.start, e.end, e.label)  # noqa: E731
    same = Counter(map(key, old)) & Counter(map(key, new))
    old = _minus(old, same, key)
    new = _minus(new, same, key)
    for rule, bucket in (
        (lambda a, b: (a.start, a.end) == (b.start, b.end), diff.entities_relabelled),
        (lambda a, b: a.label == b.label and a.start < b.end and b.start < a.end, diff.entities_boundary_changed),
    ):
        for a in list(old):
            b = next((b for b in new if rule(a, b)), None)
            if b is not None:
                bucket.append((doc_id, a, b))
                old.remove(a)
                new.remove(b)
    diff.entities_removed += [(doc_id, a, None) for a in old]
    diff.entities_added += [(doc_id, None, b) for b in new]


def _minus(items: list[Entity], counts: Counter, key) -> list[Entity]:
    left = Counter(counts)
    out = []
    for item in items:
        if left[key(item)] > 0:
            left[key(item)] -= 1
        else:
            out.append(item)
    return out


def _match_events(doc_id: str, old: Iterable[Event], new: Iterable[Event], diff: VersionDiff) -> None:
    def key(v: Event) -> tuple:
        return (v.type, v.trigger.start, v.trigger.end)

    def body(v: Event) -> tuple:
        return (v.realis, sorted((a.role, a.start, a.end) for a in v.arguments))

    olds: dict[tuple, list[Event]] = {}
    for v in old:
        olds.setdefault(key(v), []).append(v)
    for v in new:
        match = olds.get(key(v))
        if not match:
            diff.events_added.append((doc_id, None, v))
            continue
        # Prefer an identical old event, so a duplicate trigger does not look like a change.
        a = next((a for a in match if body(a) == body(v)), match[0])
        match.remove(a)
        if body(a) != body(v):
            diff.events_changed.append((doc_id, a, v))
    diff.events_removed += [(doc_id, a, None) for group in olds.values() for a in group]


def diff_lines(diff: VersionDiff, limit: int = 50) -> list[str]:
    """Render a diff as Markdown: counts, per-label deltas, then up to `limit` itemised changes."""
    c = diff.counts()
    lines = [f"- documents: {c['docs_added']} added, {c['docs_removed']} removed, {c['docs_changed']} changed",
             f"- entities: {c['entities_added']} added, {c['entities_removed']} removed, "
             f"{c['entities_relabelled']} relabelled, {c['entities_boundary_changed']} boundary-changed",
             f"- events: {c['events_added']} added, {c['events_removed']} removed, {c['events_changed']} changed"]
    deltas = diff.label_deltas()
    lines.append("- per-label deltas: " + (", ".join(f"{k} {v:+d}" for k, v in deltas.items()) or "none"))
    items = [f"  - {doc}: entity added {_ent(b)}" for doc, _, b in diff.entities_added]
    items += [f"  - {doc}: entity removed {_ent(a)}" for doc, a, _ in diff.entities_removed]
    items += [f"  - {doc}: entity relabelled {_ent(a)} → {b.label}" for doc, a, b in diff.entities_relabelled]
    items += [f"  - {doc}: entity resized {_ent(a)} → {_ent(b)}" for doc, a, b in diff.entities_boundary_changed]
    items += [f"  - {doc}: event added {_ev(b)}" for doc, _, b in diff.events_added]
    items += [f"  - {doc}: event removed {_ev(a)}" for doc, a, _ in diff.events_removed]
    items += [f"  - {doc}: event changed {_ev(a)} → {_ev(b)}" for doc, a, b in diff.events_changed]
    if items:
        lines.append("- changes:")
        lines += items[:limit]
        if len(items) > limit:
            lines.append(f"  - … and {len(items) - limit} more (run `curate diff` for all)")
    return lines


def _ent(e: Entity) -> str:
    return f"{e.label} {e.text!r} [{e.start}, {e.end})"


def _ev(v: Event) -> str:
    args = ", ".join(f"{a.role}={a.text}" for a in v.arguments)
    return f"{v.type}/{v.realis} {v.trigger.text!r} [{v.trigger.start}, {v.trigger.end}) ({args})"
