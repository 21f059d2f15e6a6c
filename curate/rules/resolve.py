"""Overlap resolution: turn the spans all rules proposed into flat, non-overlapping entities.

Policy: higher rule priority first (MEETING > PROJECT > COMPANY > ORG > TITLE > GOV > LOC > PER > GPE >
DATE > MONEY/PERCENT > QUANTITY, see each rule's `priority`), then the longer span, then the earlier
one; a span is kept only if it overlaps no span kept before it. Exact duplicates keep the first rule.
"""

from __future__ import annotations

from collections.abc import Iterable

from curate.rules.base import Span


def resolve_overlaps(spans: Iterable[Span]) -> list[Span]:
    """Return the spans that survive the priority-then-length policy, in text order."""
    ranked = sorted(spans, key=lambda s: (-s.priority, -s.length, s.start))
    taken = bytearray()
    kept: list[Span] = []
    for span in ranked:
        if len(taken) < span.end:
            taken.extend(b"\0" * (span.end - len(taken)))
        if any(taken[span.start:span.end]):
            continue
        taken[span.start:span.end] = b"\1" * span.length
        kept.append(span)
    return sorted(kept, key=lambda s: (s.start, s.end))

