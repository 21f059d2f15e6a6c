"""Model stage: a character-level CRF trained from the dataset's own gold, combined with the rules."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable


def label_set_hash(labels: Iterable[str]) -> str:
    """Return a short hash naming a label set (order matters: labels are only ever appended)."""
    return hashlib.sha256("\n".join(labels).encode()).hexdigest()[:10]
