"""Model stage: a character-level CRF trained from the dataset's own gold, combined with the rules."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

# The model curate ships (`curate annotate --model base`), trained by `bench/train_base.py`.
BASE_MODEL = Path(__file__).resolve().parent.parent / "data" / "base_model"


def label_set_hash(labels: Iterable[str]) -> str:
    """Return a short hash naming a label set (order matters: labels are only ever appended)."""
    return hashlib.sha256("\n".join(labels).encode()).hexdigest()[:10]


def model_folder(name: str | Path) -> Path:
    """Return the folder a `--model` value names: `base` is the shipped base model unless a folder has that name."""
    path = Path(name)
    return BASE_MODEL if str(name) == "base" and not path.exists() else path
