from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from curate.dataset.splits import SPLITS, split_bucket, split_of

ids = st.text(min_size=1, max_size=30)


@given(st.lists(ids, min_size=1, max_size=30, unique=True), st.lists(ids, max_size=30))
def test_adding_documents_never_moves_an_existing_one(existing, added):
    before = {doc_id: split_of(doc_id) for doc_id in existing}
    after = {doc_id: split_of(doc_id) for doc_id in [*added, *existing, *added]}
    assert {doc_id: after[doc_id] for doc_id in existing} == before


@given(ids)
def test_bucket_decides_the_split(doc_id):
    bucket = split_bucket(doc_id)
    assert 0 <= bucket < 100
    assert split_of(doc_id) == ("train" if bucket < 80 else "validation" if bucket < 90 else "test")


def test_splits_are_about_80_10_10():
    counts = Counter(split_of(f"{i:03d}_{i * 7919:x}") for i in range(5000))
    assert set(counts) == set(SPLITS)
    assert 0.77 < counts["train"] / 5000 < 0.83
    assert 0.08 < counts["validation"] / 5000 < 0.12
    assert 0.08 < counts["test"] / 5000 < 0.12


def test_split_ignores_everything_but_the_id():
    assert len({split_of("000_40cfe9622c8414ff") for _ in range(3)}) == 1
