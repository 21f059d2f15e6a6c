"""The development corpus for the model tests: gold documents of the tune (d001–d025) and test splits."""

from __future__ import annotations

from pathlib import Path

from curate.evaluate import read_gold
from curate.records import Document

CORPUS = Path(__file__).resolve().parent / "data" / "corpus" / "gold"
TEST_IDS = {f"d{n:03d}" for n in range(26, 36)}


def dev_gold(split: str) -> list[Document]:
    """Return the dev corpus gold documents of the "tune" or "test" split."""
    problems: list = []
    docs = [d for p in sorted(CORPUS.glob("*.jsonl")) for d in read_gold(p, problems.append)]
    assert not problems
    return [d for d in docs if (d.id in TEST_IDS) == (split == "test")]
