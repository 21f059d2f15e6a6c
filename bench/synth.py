"""Synthetic annotated documents for the benchmarks: the bundled pages, cleaned and annotated once, recut.

Takes the five seeds' sentences with the rules' spans; gives distinct `Document`s of about `chars`
characters, each with about `entities` entity regions and up to `events` events (deterministic per seed).
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from curate.records import Argument, Document, Entity, Event, Trigger, text_hash  # noqa: E402
from curate.schema import ARG_LABEL  # noqa: E402

SAMPLES = ROOT / "curate" / "samples"
# A sentence ends after 。！？ (and the closing quote that may follow) or at a paragraph break.
_SENTENCE = re.compile(r"[^。！？\n]*(?:[。！？][”’」』）]?|\n|$)")


@dataclass(frozen=True)
class Unit:
    """One sentence of a seed with the spans that lie wholly inside it (offsets relative to it)."""

    text: str
    entities: tuple[Entity, ...]
    events: tuple[Event, ...]
    seed: str


def _shift_entity(e: Entity, delta: int) -> Entity:
    return Entity(e.label, e.start + delta, e.end + delta, e.text, e.source, e.id)


def _shift_event(ev: Event, delta: int) -> Event:
    t = ev.trigger
    args = tuple(Argument(a.role, a.start + delta, a.end + delta, a.text, a.entity) for a in ev.arguments)
    return Event(ev.type, Trigger(t.start + delta, t.end + delta, t.text), ev.realis, args, ev.source, ev.id)


def units_of(doc: Document) -> list[Unit]:
    """Cut an annotated document into sentences; spans crossing a sentence edge are dropped."""
    units = []
    for m in _SENTENCE.finditer(doc.text):
        start, end = m.start(), m.end()
        sentence = doc.text[start:end].rstrip("\n")
        end = start + len(sentence)
        if not sentence.strip():
            continue
        def inside(s: int, e: int, start: int = start, end: int = end) -> bool:
            return start <= s and e <= end

        ents = tuple(_shift_entity(e, -start) for e in doc.entities or () if inside(e.start, e.end))
        evs = tuple(_shift_event(ev, -start) for ev in doc.events or ()
                    if inside(ev.trigger.start, ev.trigger.end)
                    and all(inside(a.start, a.end) for a in ev.arguments))
        units.append(Unit(sentence, ents, evs, doc.id))
    return units


@cache
def seed_units() -> tuple[Unit, ...]:
    """Return the sentences of the bundled pages, ingested and annotated once per process."""
    from curate.annotate import annotate_document
    from curate.ingest import ingest_paths

    docs = ingest_paths(sorted(SAMPLES.glob("*.txt")), on_problem=lambda p: None).documents
    return tuple(u for doc in docs for u in units_of(annotate_document(doc)))


def _assemble(units: list[Unit], rng: random.Random) -> tuple[str, list[Entity], list[Event]]:
    """Join sentences into paragraphs and move every span to document offsets."""
    text, entities, events = "", [], []
    for n, unit in enumerate(units):
        if n and rng.random() < 0.25:
            text += "\n"  # a paragraph break every four sentences or so
        delta = len(text)
        entities += [_shift_entity(e, delta) for e in unit.entities]
        events += [_shift_event(ev, delta) for ev in unit.events]
        text += unit.text
    return text, entities, events


def _thin(entities: list[Entity], events: list[Event], n_entities: int, n_events: int,
          rng: random.Random) -> tuple[list[Entity], list[Event]]:
    """Keep up to n_events events, their argument spans, and other entities up to n_entities in all."""
    by_span = {(e.start, e.end): e for e in entities}
    kept_events = rng.sample(events, min(n_events, len(events)))
    needed = {(a.start, a.end) for ev in kept_events for a in ev.arguments}
    keep = {span for span in needed if span in by_span}
    # ARG spans exist only as event arguments: they never fill the quota on their own.
    others = [s for s, e in by_span.items() if s not in keep and e.label != ARG_LABEL]
    keep |= set(rng.sample(others, max(0, min(len(others), n_entities - len(keep)))))
    ordered = sorted(keep)
    # Ids are renumbered by span: sentences from different seeds reuse the same T-numbers.
    new_id = {s: f"T{i}" for i, s in enumerate(ordered, 1)}
    ents = [Entity(by_span[s].label, s[0], s[1], by_span[s].text, by_span[s].source, new_id[s]) for s in ordered]
    evs = []
    for i, ev in enumerate(sorted(kept_events, key=lambda ev: (ev.trigger.start, ev.type)), 1):
        args = tuple(Argument(a.role, a.start, a.end, a.text, new_id[(a.start, a.end)])
                     for a in ev.arguments if (a.start, a.end) in keep)
        evs.append(Event(ev.type, ev.trigger, ev.realis, args, ev.source, f"E{i}"))
    return ents, evs


def synth_documents(n: int, seed: int = 0, chars: int = 1000, entities: int = 15,
                    events: int = 3) -> Iterator[Document]:
    """Yield n distinct annotated documents of about `chars` characters (same seed → same documents)."""
    pool = seed_units()
    rng = random.Random(seed)
    seen: set[str] = set()
    made = 0
    while made < n:
        picked: list[Unit] = []
        while sum(len(u.text) for u in picked) < chars:
            picked.append(rng.choice(pool))
        text, ents, evs = _assemble(picked, rng)
        digest = text_hash(text)
        if digest in seen:
            continue  # a repeated draw: every task must be distinct
        seen.add(digest)
        ents, evs = _thin(ents, evs, entities, events, rng)
        yield Document(f"synth-{seed}-{made:06d}", text, title=f"合成新闻 {made}", published="2022-04-23",
                       source="synth", meta={"synth": {"seed": seed, "from": sorted({u.seed for u in picked})}},
                       entities=tuple(ents), events=tuple(evs))
        made += 1
