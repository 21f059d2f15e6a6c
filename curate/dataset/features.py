"""Dataset stage, pure: the one declaration of each config's columns, and what is derived from it.

`CONFIG_FEATURES` says every column once: the record columns are read from the record types' fields
(`record_struct`), the ner and row columns are the dataset's own. From it come the
arrow schema the parquet files are written with (carrying `datasets`' feature metadata, so
`load_dataset` gives ClassLabel columns back) and the card's `dataset_info`. Written without importing
`datasets`: the import alone takes about 0.6 s and 80 MB, more than an incremental pull's own work.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Union

import pyarrow as pa

from curate.record_codec import json_order
from curate.records import Document, Entity, Event
from curate.schema import ENTITY_LABELS, NER_TAGS


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


def record_struct(cls: type) -> Struct:
    """Return a record type's columns, read from its fields (`records.py`): names become labels, a
    mapping is JSON text, nested records are structs, in the JSON's key order."""
    out: Struct = {}
    for f in json_order(cls):
        if f.names is not None:
            out[f.name] = Label(f.names)
        elif f.kind in ("record", "records"):
            sub = record_struct(f.record)
            out[f.name] = sub if f.kind == "record" else Seq(sub)
        else:
            out[f.name] = INT32 if f.kind == "int" else STRING  # str, or a mapping as JSON text
    return out


SPAN, EVENT, DOCUMENT = record_struct(Entity), record_struct(Event), record_struct(Document)
# The ner config's spans: entities only (no event roles, SPAN_LABELS narrowed to ENTITY_LABELS), no id.
NER_SPAN: Struct = {name: Label(ENTITY_LABELS) if name == "label" else f for name, f in SPAN.items() if name != "id"}
ROW: Struct = {"doc_id": STRING, "row": INT32, "offset": INT32}

CONFIG_FEATURES: dict[str, Struct] = {
    "ner": {**ROW, "tokens": Seq(STRING), "ner_tags": Seq(Label(NER_TAGS)), "entities": Seq(NER_SPAN)},
    "events": {**ROW, "text": STRING, "entities": Seq(SPAN), "events": Seq(EVENT)},
    "documents": DOCUMENT,
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
