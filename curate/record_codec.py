"""Record codecs: a record type's JSON form, its validation, its dataset row and its content hash, all
generated from its dataclass fields.

`records.py` declares the fields: their types, plus `spec(...)` metadata where a field is special. Here
that declaration becomes code once, at import, the way `dataclasses` writes `__init__`: plain Python
that runs as fast as the hand-written functions it replaces (the parse, build and pull benchmarks run
through it), and that lists no field by hand. `source(Entity)` returns the code made for a type, to read.

Validation of external JSON (`from_dict`) is pydantic's: the fields become a strict pydantic-core schema
(no "1" → 1, no bool or float as an int, `spec(names=...)` as literals, absent fields as their defaults)
that builds the records; generated Python then checks what pydantic cannot, each span against its
document text, and pydantic's first error is put in our words (`RecordError`: which record, which field,
what is wrong). 1.5–1.9× the speed of the hand-written validation it replaced (bench/RESULTS.md,
2026-12-01). A record with a shape fault and a span fault reports the shape fault.
"""

from __future__ import annotations

import json
import types
from collections.abc import Callable, Mapping, Sequence
from dataclasses import MISSING, dataclass, fields, is_dataclass
from typing import Any, Union, get_args, get_origin, get_type_hints

from pydantic_core import SchemaValidator, ValidationError, core_schema
from pydantic_core.core_schema import CoreSchema

from curate.errors import RecordError


def spec(*, names: tuple[str, ...] | None = None, noun: str = "", key_at: int | None = None,
         omit: str | None = None, hashed: bool | Callable[[Any], Any] = True,
         hash_at: int | None = None) -> dict[str, Any]:
    """Field metadata, for what a field's type does not say.

    `names`: the allowed values (a dataset row stores the index); `noun` calls them so in errors.
    `key_at`: the key's position in the JSON object when it differs from the field's (the constructor's).
    `omit`: leave the key out of the JSON when the value is `"none"` (None) or `"empty"` (falsy); such a
    value reads back as the default. `hashed`: False leaves the field out of the content hash, a function
    hashes its result instead; `hash_at`: its position there (the hash's layout predates the field order).
    """
    return {"names": names, "noun": noun, "key_at": key_at, "omit": omit, "hashed": hashed, "hash_at": hash_at}


@dataclass(frozen=True)
class Field:
    """What a field's declaration says."""

    name: str
    kind: str  # "str", "int", "mapping", "record" (one nested record) or "records" (a tuple of them)
    record: Any  # the nested record type, for "record" / "records"
    optional: bool  # None is a value
    required: bool  # no default: JSON must give it
    meta: Mapping[str, Any]

    @property
    def names(self) -> tuple[str, ...] | None:
        return self.meta["names"]  # type: ignore[no-any-return]


_FIELDS: dict[type, tuple[Field, ...]] = {}


def fields_of(cls: type) -> tuple[Field, ...]:
    """Return a record type's fields in constructor order, with their kinds read from the type hints."""
    if cls not in _FIELDS:
        hints, out = get_type_hints(cls), []
        for f in fields(cls):
            hint, optional, record = hints[f.name], False, None
            if get_origin(hint) in (Union, types.UnionType) and type(None) in get_args(hint):
                optional, hint = True, next(a for a in get_args(hint) if a is not type(None))
            if get_origin(hint) is tuple:
                kind, record = "records", get_args(hint)[0]
            elif is_dataclass(hint):
                kind, record = "record", hint
            elif hint in (str, int):
                kind = hint.__name__
            elif get_origin(hint) is Mapping:
                kind = "mapping"
            else:
                raise TypeError(f"{cls.__name__}.{f.name}: a record holds str, int, a Mapping or records")
            required = f.default is MISSING and f.default_factory is MISSING
            out.append(Field(f.name, kind, record, optional, required, {**spec(), **f.metadata}))
        _FIELDS[cls] = tuple(out)
    return _FIELDS[cls]


def _placed(items: Sequence[Field], position: str) -> list[Field]:
    """Return fields in declaration order, each that gives a `position` moved there (lowest first)."""
    out = [f for f in items if f.meta[position] is None]
    for at, i in sorted((f.meta[position], i) for i, f in enumerate(items) if f.meta[position] is not None):
        out.insert(at, items[i])
    return out


def json_order(cls: type) -> list[Field]:
    """The fields in the order of the JSON object's keys (and of the dataset's struct fields)."""
    return _placed(fields_of(cls), "key_at")


def _spans(cls: type) -> bool:
    """Whether a record is a span of the document text."""
    return {"start", "end", "text"} <= {f.name for f in fields_of(cls)}


# ---- The code made from the fields ----

def _to_dict_source(cls: type) -> str:
    def value(f: Field) -> str:
        v = f"self.{f.name}"
        e = {"mapping": f"dict({v})", "record": f"{v}.to_dict()",
             "records": f"[x.to_dict() for x in {v}]"}.get(f.kind, v)
        return f"(None if {v} is None else {e})" if e != v and f.optional and not f.meta["omit"] else e

    head: list[str] = []
    body: list[str] = []
    for f in json_order(cls):
        if f.meta["omit"] is None and not body:
            head.append(f"{f.name!r}: {value(f)}")
        elif f.meta["omit"] is None:
            body.append(f"    d[{f.name!r}] = {value(f)}")
        else:
            test = f"self.{f.name} is not None" if f.meta["omit"] == "none" else f"self.{f.name}"
            body.append(f"    if {test}:\n        d[{f.name!r}] = {value(f)}")
    if not body:
        return f"def {cls.__name__}_to_dict(self):\n    return {{{', '.join(head)}}}\n"
    return "\n".join([f"def {cls.__name__}_to_dict(self):", f"    d = {{{', '.join(head)}}}", *body,
                      "    return d"]) + "\n"


def _hash_paths(cls: type) -> list[str]:
    """The scalar values hashed, in order, as attribute paths (a nested record's inlined)."""
    out = []
    for f in _placed([f for f in fields_of(cls) if f.meta["hashed"] is not False], "hash_at"):
        if f.kind == "record":
            out += [f"{f.name}.{p}" for p in _hash_paths(f.record)]
        elif f.kind != "records":
            out.append(f.name)
    return out


def _hash_expr(cls: type, var: str, depth: int, env: dict[str, Any]) -> str:
    """The hashed values of a record as a tuple expression: its scalars, then its lists of records."""
    items = []
    for path in _hash_paths(cls):
        own = next((f for f in fields_of(cls) if f.name == path), None)  # None: a nested record's
        if own is not None and callable(own.meta["hashed"]):
            env[f"H_{cls.__name__}_{own.name}"] = own.meta["hashed"]
            items.append(f"H_{cls.__name__}_{own.name}({var}.{path})")
        else:
            items.append(f"{var}.{path}")
    for f in fields_of(cls):
        if f.kind == "records" and f.meta["hashed"] is not False:
            x = f"x{depth}"
            items.append(f"[{_hash_expr(f.record, x, depth + 1, env)} for {x} in {var}.{f.name} or ()]")
    return f"({', '.join(items)},)"


def _from_row_expr(cls: type, var: str, depth: int, env: dict[str, Any]) -> str:
    """A record made from its row (a dict of every field; names as indices, mappings as JSON text)."""
    args = []
    for f in fields_of(cls):
        v = f"{var}[{f.name!r}]"
        if f.names is not None:
            env[f"N_{cls.__name__}_{f.name}"] = f.names
            e = f"N_{cls.__name__}_{f.name}[{v}]"
        elif f.kind == "mapping":
            e = f"json_loads({v})"
        elif f.kind == "record":
            e = _from_row_expr(f.record, v, depth + 1, env)
        elif f.kind == "records":
            x = f"x{depth}"
            e = f"tuple([{_from_row_expr(f.record, x, depth + 1, env)} for {x} in {v}])"
        else:
            e = v
        args.append(f"(None if {v} is None else {e})" if e != v and f.optional else e)
    env[cls.__name__] = cls
    return f"{cls.__name__}({', '.join(args)})"


def _to_row_expr(cls: type, var: str, depth: int, env: dict[str, Any]) -> str:
    """A record's row (names as indices, mappings as JSON text, JSON key order), its span offsets less
    `shift` (a row's offset in its document)."""
    items = []
    for f in json_order(cls):
        v = f"{var}.{f.name}"
        if f.names is not None:
            env[f"I_{cls.__name__}_{f.name}"] = {name: i for i, name in enumerate(f.names)}
            e = f"I_{cls.__name__}_{f.name}[{v}]"
        elif f.kind == "mapping":
            e = f"json_dumps(dict({v}), ensure_ascii=False)"
        elif f.kind == "record":
            e = _to_row_expr(f.record, v, depth + 1, env)
        elif f.kind == "records":
            x = f"x{depth}"
            e = f"[{_to_row_expr(f.record, x, depth + 1, env)} for {x} in {v}]"
        elif f.name in ("start", "end") and _spans(cls):
            e = f"{v} - shift"
        else:
            e = v
        items.append(f"{f.name!r}: " + (f"(None if {v} is None else {e})" if e != v and f.optional else e))
    return "{" + ", ".join(items) + "}"


def _record_schema(cls: type) -> CoreSchema:
    """Pydantic's schema of a record: strict types, names as literals, absent fields as their defaults; a
    JSON object only (a dataclass schema would take a record too)."""
    items = [core_schema.dataclass_field(f.name, _field_schema(cls, f)) for f in fields_of(cls)]
    record = core_schema.dataclass_schema(cls, core_schema.dataclass_args_schema(cls.__name__, items),
                                          [f.name for f in fields_of(cls)])
    return core_schema.chain_schema([core_schema.is_instance_schema(dict), record])


def _field_schema(cls: type, f: Field) -> CoreSchema:
    """A field's schema: its type (a list of records becomes a tuple), its names, its default."""
    s: CoreSchema
    if f.names is not None:
        s = core_schema.literal_schema(list(f.names))
    elif f.kind == "record":
        s = _record_schema(f.record)
    elif f.kind == "records":
        s = core_schema.no_info_after_validator_function(
            tuple, core_schema.list_schema(_record_schema(f.record), strict=True))
    else:
        s = {"str": core_schema.str_schema(strict=True), "int": core_schema.int_schema(strict=True),
             "mapping": core_schema.dict_schema(strict=True)}[f.kind]  # a dict is copied
    if f.required and f.meta["omit"]:
        raise TypeError(f"{cls.__name__}.{f.name}: an omitted field reads back as its default; it has none")
    return s if f.required else _defaulted(s, next(x for x in fields(cls) if x.name == f.name), f.meta["omit"])


def _defaulted(s: CoreSchema, declared: Any, omit: str | None) -> CoreSchema:
    """A field absent, None (or, with `omit="empty"`, falsy) reads as its default (`declared`: the
    dataclass field)."""
    s = core_schema.nullable_schema(s)
    if omit == "empty":
        s = core_schema.no_info_before_validator_function(lambda v: v or None, s)
    if declared.default is MISSING:
        make = declared.default_factory
        s = core_schema.no_info_after_validator_function(lambda v: make() if v is None else v, s)
        return core_schema.with_default_schema(s, default_factory=make)
    if declared.default is not None:
        s = core_schema.no_info_after_validator_function(lambda v: declared.default if v is None else v, s)
    return core_schema.with_default_schema(s, default=declared.default)


def _check_source(cls: type) -> str:
    """The checks pydantic does not make: each span against the text of its document."""
    out = [f"def {cls.__name__}_check(self, what, doc_text):"]
    if "text" in {f.name for f in fields_of(cls)} and not _spans(cls):
        out.append("    doc_text = self.text  # the text the spans inside point into")
    body = _span_lines(cls, "self", "{what}", 0)
    if body:
        out += ["    if doc_text is None:", "        return", "    n = len(doc_text)"]
    return "\n".join(out + ["    " + line for line in body or ["pass"]]) + "\n"


def _span_lines(cls: type, var: str, label: str, depth: int) -> list[str]:
    """Lines checking the spans of a record and of the records inside it; `label` names it in errors (an
    f-string, built only on a mismatch)."""
    named = _named(cls)
    label += f" {{{var}.{named.name}}}" if named else ""
    out = []
    if _spans(cls):
        out += [f"if not (0 <= {var}.start < {var}.end <= n and doc_text[{var}.start:{var}.end] == {var}.text):",
                f'    check_span(doc_text, {var}.start, {var}.end, {var}.text, f"{label} {{{var}.text!r}}")']
    i, x = f"i{depth}", f"x{depth}"
    for f in fields_of(cls):
        if f.kind == "record" and _has_spans(f.record):
            inside = _span_lines(f.record, x, f"{label} {f.name}", depth + 1)
            out += [f"{x} = {var}.{f.name}"]
            out += [f"if {x} is not None:", *("    " + line for line in inside)] if f.optional else inside
        elif f.kind == "records" and _has_spans(f.record):
            inside = _span_lines(f.record, x, f"{label} {f.record.__name__.lower()} {{{i} + 1}}", depth + 1)
            out += [f"for {i}, {x} in enumerate({var}.{f.name} or ()):", *("    " + line for line in inside)]
    return out


def _named(cls: type) -> Field | None:
    """The field whose value names a record in errors (an entity's label, an event's type)."""
    return next((f for f in fields_of(cls) if f.names is not None), None)


def _has_spans(cls: type) -> bool:
    return _spans(cls) or any(_has_spans(f.record) for f in fields_of(cls) if f.record is not None)


def _record_error(cls: type, d: Any, error: Mapping[str, Any], what: str) -> RecordError:
    """Pydantic's first error in our words: its `loc` walked through the input, each record on the way named
    as in a span's error (`document 'x' event 2 会议召开 argument 1`), then what is wrong with the field."""
    loc, value = error["loc"], d
    while isinstance(value, dict) and loc:
        f = next(f for f in fields_of(cls) if f.name == loc[0])
        v = value.get(f.name)
        if len(loc) == 1:
            return _field_error(what, f, v, error["type"])
        named = _named(cls)
        inner = f"{what} {value[named.name]}" if named and value.get(named.name) in (named.names or ()) else what
        if f.kind == "record":
            loc, value, what = loc[1:], v, f"{inner} {f.name}"
        else:
            loc, value, what = loc[2:], value[f.name][loc[1]], f"{inner} {f.record.__name__.lower()} {loc[1] + 1}"
        cls = f.record
    return RecordError(f"{what}: must be an object")


def _field_error(what: str, f: Field, value: Any, error_type: str) -> RecordError:
    """A field's fault: missing, an unknown name, or the wrong type."""
    if error_type == "missing" or value is None:
        return RecordError(f"{what}: missing field {f.name!r}")
    if f.names is not None and isinstance(value, str):
        return RecordError(f"{what}: unknown {f.meta['noun'] or f.name} {value!r} (known: {', '.join(f.names)})")
    kind = {"str": "str", "int": "int", "records": "a list"}.get(f.kind, "an object")
    return RecordError(f"{what}: field {f.name!r} must be {kind}{'' if f.required else ' or absent'}, "
                       f"got {type(value).__name__}")


def _from_dict(cls: type, check: Callable[[Any, str, str | None], None]) -> Callable[[Any, str, str | None], Any]:
    """Validation of a record's JSON: pydantic builds the record (types, names, defaults), then `check`
    compares its spans with the text."""
    validate = SchemaValidator(_record_schema(cls)).validate_python

    def from_dict(d: Any, what: str, doc_text: str | None) -> Any:
        try:
            record = validate(d)
        except ValidationError as e:
            raise _record_error(cls, d, e.errors(include_url=False)[0], what) from None
        check(record, what, doc_text)
        return record

    return from_dict


@dataclass(frozen=True)
class Codec:
    """A record type's generated functions, and their source."""

    to_dict: Callable[[Any], dict[str, Any]]
    from_dict: Callable[[Any, str, str | None], Any]
    from_row: Callable[[Mapping[str, Any]], Any]
    to_row: Callable[[Any, int], dict[str, Any]]
    hash_payload: Callable[[Any], tuple[Any, ...]]
    source: str


_NAMESPACE: dict[str, Any] = {"json_loads": json.loads, "json_dumps": json.dumps}
CODECS: dict[type, Codec] = {}


def compile_codec(cls: type, check_span: Callable[..., None]) -> Codec:
    """Make a record type's functions and give it its `to_dict` method (compile the types it nests too)."""
    env = _NAMESPACE
    env["check_span"] = check_span
    c = cls.__name__
    if env.get(c, cls) is not cls:
        raise TypeError(f"two record types are called {c}: the generated functions are named after them")
    source = "\n".join([
        _to_dict_source(cls),
        _check_source(cls),
        f"def {c}_from_row(r):\n    return {_from_row_expr(cls, 'r', 0, env)}\n",
        f"def {c}_to_row(self, shift=0):\n    return {_to_row_expr(cls, 'self', 0, env)}\n",
        f"def {c}_hash_payload(self):\n    return {_hash_expr(cls, 'self', 0, env)}\n",
    ])
    exec(compile(source, f"<curate.record_codec: {c}>", "exec"), env)  # noqa: S102 - our own generated code
    codec = Codec(env[f"{c}_to_dict"], _from_dict(cls, env[f"{c}_check"]), env[f"{c}_from_row"],
                  env[f"{c}_to_row"], env[f"{c}_hash_payload"], source)
    cls.to_dict = codec.to_dict  # type: ignore[attr-defined]
    CODECS[cls] = codec
    return codec


def source(cls: type) -> str:
    """Return the code generated for a record type."""
    return CODECS[cls].source
