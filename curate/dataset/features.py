"""Dataset stage, pure: the one declaration of each config's columns, and what is derived from it.

`CONFIG_FEATURES` says every column once (labels as ClassLabel names in schema order). From it come the
arrow schema the parquet files are written with (carrying `datasets`' feature metadata, so
`load_dataset` gives ClassLabel columns back) and the card's `dataset_info`. Written without importing
`datasets`: the import alone takes about 0.6 s and 80 MB, more than an incremental pull's own work.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Union

import pyarrow as pa

from curate.schema import ENTITY_LABELS, EVENT_TYPES, NER_TAGS, REALIS, ROLES, SPAN_LABELS


@dataclass(frozen=True)
class Value:
    """A scalar column: `string` or `int32` (`datasets.Value`)."""

    dtype: str


@dataclass(frozen=True)
class Label:
    """A label stored as its index in `names` (`datasets.ClassLabel`)."""

    names: tuple[str, ...]


@dataclass(frozen=True)
class Seq:
    """A list of one feature (`datasets.List`)."""

    of: Feature


Struct = dict[str, "Feature"]
Feature = Union[Value, Label, Seq, Struct]  # noqa: UP007 - a runtime alias; `|` cannot mix a str forward ref

STRING, INT32 = Value("string"), Value("int32")
TRIGGER: Struct = {"start": INT32, "end": INT32, "text": STRING}
ARGUMENT: Struct = {"role": Label(ROLES), "start": INT32, "end": INT32, "text": STRING, "entity": STRING}
EVENT: Struct = {"id": STRING, "type": Label(EVENT_TYPES), "realis": Label(REALIS), "trigger": TRIGGER,
                 "arguments": Seq(ARGUMENT), "source": STRING}
SPAN: Struct = {"id": STRING, "label": Label(SPAN_LABELS), "start": INT32, "end": INT32, "text": STRING,
                "source": STRING}
NER_SPAN: Struct = {"label": Label(ENTITY_LABELS), "start": INT32, "end": INT32, "text": STRING, "source": STRING}
ROW: Struct = {"doc_id": STRING, "row": INT32, "offset": INT32}

CONFIG_FEATURES: dict[str, Struct] = {
    "ner": {**ROW, "tokens": Seq(STRING), "ner_tags": Seq(Label(NER_TAGS)), "entities": Seq(NER_SPAN)},
    "events": {**ROW, "text": STRING, "entities": Seq(SPAN), "events": Seq(EVENT)},
    "documents": {"id": STRING, "text": STRING, "title": STRING, "published": STRING, "source": STRING,
                  "url": STRING, "meta": STRING, "entities": Seq(SPAN), "events": Seq(EVENT)},
}
_ARROW = {"string": pa.string(), "int32": pa.int32()}


def arrow_type(f: Feature) -> pa.DataType:
    """Return the arrow type `datasets` stores a feature as (a ClassLabel is an int64 index)."""
    if isinstance(f, Value):
        return _ARROW[f.dtype]
    if isinstance(f, Label):
        return pa.int64()
    if isinstance(f, Seq):
        return pa.list_(arrow_type(f.of))
    return pa.struct([pa.field(name, arrow_type(sub)) for name, sub in f.items()])


def hf_dict(f: Feature) -> Any:
    """Return a feature as `datasets.Features.to_dict()` writes it (the parquet files' metadata)."""
    if isinstance(f, Value):
        return {"dtype": f.dtype, "_type": "Value"}
    if isinstance(f, Label):
        return {"names": list(f.names), "_type": "ClassLabel"}
    if isinstance(f, Seq):
        return {"feature": hf_dict(f.of), "_type": "List"}
    return {name: hf_dict(sub) for name, sub in f.items()}


def arrow_schema(config: str) -> pa.Schema:
    """Return the arrow schema of a config's parquet files, with the features `load_dataset` reads back."""
    features = CONFIG_FEATURES[config]
    meta = json.dumps({"info": {"features": hf_dict(features)}}, ensure_ascii=False).encode("utf-8")
    return pa.schema([pa.field(name, arrow_type(f)) for name, f in features.items()],
                     metadata={b"huggingface": meta})


def dataset_info(config: str) -> dict[str, Any]:
    """Return the card's `dataset_info` entry of a config (the features as the Hub's YAML spells them)."""
    return {"features": _yaml_fields(CONFIG_FEATURES[config]), "config_name": config}


def _yaml_fields(struct: Struct) -> list[dict[str, Any]]:
    out = []
    for name, f in struct.items():
        if isinstance(f, Seq):
            out.append({"name": name, "list": _yaml_type(f.of)})
        elif isinstance(f, dict):
            out.append({"name": name, "struct": _yaml_fields(f)})
        else:
            out.append({"name": name, "dtype": _yaml_type(f)})
    return out


def _yaml_type(f: Feature) -> Any:
    if isinstance(f, Value):
        return f.dtype
    if isinstance(f, Label):
        return {"class_label": {"names": {str(i): name for i, name in enumerate(f.names)}}}
    if isinstance(f, Seq):
        return {"list": _yaml_type(f.of)}
    return _yaml_fields(f)
