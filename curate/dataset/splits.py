"""Dataset stage, pure: a document's split from a stable hash of its id (80/10/10).

The split depends on nothing but the id, so adding documents never moves an existing one.
"""

from __future__ import annotations

import hashlib

SPLITS: tuple[str, ...] = ("train", "validation", "test")
# Upper bucket bounds (exclusive) of each split over buckets 0..99.
_BOUNDS: tuple[tuple[str, int], ...] = (("train", 80), ("validation", 90), ("test", 100))


def split_bucket(doc_id: str) -> int:
    """Return the bucket 0..99 of a document id (sha256 of its UTF-8 bytes)."""
    return int.from_bytes(hashlib.sha256(doc_id.encode("utf-8")).digest()[:8], "big") % 100


def split_of(doc_id: str) -> str:
    """Return the split (`train`, `validation` or `test`) of a document id."""
    bucket = split_bucket(doc_id)
    return next(name for name, bound in _BOUNDS if bucket < bound)
