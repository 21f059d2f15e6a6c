"""Record codecs: a record type's JSON form, its validation, its dataset row and its content hash, all
generated from its dataclass fields.

`records.py` declares the fields: their types, plus `spec(...)` metadata where a field is special. Here
that declaration becomes code once, at import, the way `dataclasses` writes `__init__`: plain Python
that runs as fast as the hand-written functions it replaces (the parse, build and pull benchmarks run
through it), and that lists no field by hand. `source(Entity)` returns the code made for a type, to read.

Validation is still ours, not a library's: pydantic 2.14 (installed with label-studio-sdk) validates the
same records 2.6× faster (`TypeAdapter(Document)`: 0.045 vs 0.121 s for 20 × the 49 annotated test
documents, measured 2026-12-01) but checks neither the allowed names nor the spans against the text,
and speaks another error contract; moving `from_dict` onto it is open (issue 15).
"""

from __future__ import annotations

import json
import types
from collections.abc import Callable, Mapping, Sequence
from dataclasses import MISSING, dataclass, fields, is_dataclass
from typing import Any, Union, get_args, get_origin, get_type_hints

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


def _from_dict_source(cls: type, env: dict[str, Any]) -> str:
    """Validation: each field present (or defaulted), of its type and among its names; nested records
    built the same way; a span checked against the text of its document."""
    c = cls.__name__
    out = [f"def {c}_from_dict(d, what, doc_text):",
           "    if not isinstance(d, dict):",
           '        raise RecordError(f"{what}: must be an object")',
           "    inner = what"]
    checks = {"str": "not isinstance(v, str)", "int": "not isinstance(v, int) or isinstance(v, bool)",
              "mapping": "not isinstance(v, dict)", "record": "not isinstance(v, dict)",
              "records": "not isinstance(v, list)"}
    named = False
    for f in fields_of(cls):
        env[f"F_{c}_{f.name}"] = f
        out.append(f"    v = d.get({f.name!r})")
        absent = "v is None" if f.meta["omit"] != "empty" else "not v"
        if f.required:
            out += [f"    if {absent}:", f'        raise RecordError(f"{{what}}: missing field {f.name!r}")']
        else:
            default = next(x for x in fields(cls) if x.name == f.name)
            if default.default_factory is not MISSING:
                env[f"D_{c}_{f.name}"] = default.default_factory
                out += [f"    if {absent}:", f"        f_{f.name} = D_{c}_{f.name}()", "    else:"]
            else:
                env[f"D_{c}_{f.name}"] = default.default
                out += [f"    if {absent}:", f"        f_{f.name} = D_{c}_{f.name}", "    else:"]
        pad = "    " if f.required else "        "
        out += [f"{pad}if {checks[f.kind]}:", f"{pad}    wrong(what, F_{c}_{f.name}, v)"]
        if f.names is not None:
            env[f"S_{c}_{f.name}"] = frozenset(f.names)
            out += [f"{pad}if v not in S_{c}_{f.name}:", f"{pad}    unknown(what, F_{c}_{f.name}, v)"]
            if not named:
                out.append(f'{pad}inner = f"{{what}} {{v}}"')
                named = True
        if f.kind == "mapping":
            value = "dict(v)"
        elif f.kind == "record":
            value = f'{f.record.__name__}_from_dict(v, f"{{inner}} {f.name}", doc_text)'
        elif f.kind == "records":
            noun, sub = f.record.__name__.lower(), f.record.__name__
            value = f'tuple([{sub}_from_dict(x, f"{{inner}} {noun} {{i + 1}}", doc_text) for i, x in enumerate(v)])'
        else:
            value = "v"
        out.append(f"{pad}f_{f.name} = {value}")
        if f.name == "text" and not _spans(cls):
            out.append(f"{pad}doc_text = v  # the text the spans inside point into")
    if _spans(cls):
        out += ["    if doc_text is not None and not (0 <= f_start < f_end <= len(doc_text)"
                " and doc_text[f_start:f_end] == f_text):",
                '        check_span(doc_text, f_start, f_end, f_text, f"{inner} {f_text!r}")']
    env[c] = cls
    out.append(f"    return {c}({', '.join(f'f_{f.name}' for f in fields_of(cls))})")
    return "\n".join(out) + "\n"


def _wrong(what: str, f: Field, value: Any) -> None:
    kind = {"str": "str", "int": "int", "records": "a list"}.get(f.kind, "an object")
    raise RecordError(f"{what}: field {f.name!r} must be {kind}{'' if f.required else ' or absent'}, "
                      f"got {type(value).__name__}")


def _unknown(what: str, f: Field, value: Any) -> None:
    raise RecordError(f"{what}: unknown {f.meta['noun'] or f.name} {value!r} (known: {', '.join(f.names or ())})")


@dataclass(frozen=True)
class Codec:
    """A record type's generated functions, and their source."""

    to_dict: Callable[[Any], dict[str, Any]]
    from_dict: Callable[[Any, str, str | None], Any]
    from_row: Callable[[Mapping[str, Any]], Any]
    to_row: Callable[[Any, int], dict[str, Any]]
    hash_payload: Callable[[Any], tuple[Any, ...]]
    source: str


_NAMESPACE: dict[str, Any] = {"RecordError": RecordError, "json_loads": json.loads, "json_dumps": json.dumps,
                              "wrong": _wrong,
                              "unknown": _unknown}
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
        _from_dict_source(cls, env),
        f"def {c}_from_row(r):\n    return {_from_row_expr(cls, 'r', 0, env)}\n",
        f"def {c}_to_row(self, shift=0):\n    return {_to_row_expr(cls, 'self', 0, env)}\n",
        f"def {c}_hash_payload(self):\n    return {_hash_expr(cls, 'self', 0, env)}\n",
    ])
    exec(compile(source, f"<curate.record_codec: {c}>", "exec"), env)  # noqa: S102 - our own generated code
    codec = Codec(env[f"{c}_to_dict"], env[f"{c}_from_dict"], env[f"{c}_from_row"], env[f"{c}_to_row"],
                  env[f"{c}_hash_payload"], source)
    cls.to_dict = codec.to_dict  # type: ignore[attr-defined]
    CODECS[cls] = codec
    return codec


def source(cls: type) -> str:
    """Return the code generated for a record type."""
    return CODECS[cls].source
