from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from dataset_fixtures import corpus, doc0, offline_loader, pulled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curate.dataset import version as version_mod
from curate.dataset.card import CONFIGS
from curate.dataset.diff import diff_documents, diff_lines
from curate.dataset.reader import list_versions, load_documents, read_manifest, resolve_version
from curate.dataset.rows import rows_from_document
from curate.dataset.splits import split_of
from curate.dataset.version import write_version
from curate.errors import BadInputError, RecordError, VersionExistsError
from curate.records import Document, Entity, Event, Trigger
from curate.schema import ENTITY_LABELS, EVENT_TYPES, NER_TAGS, SPAN_LABELS


@pytest.fixture
def load(monkeypatch, tmp_path):
    return offline_loader(monkeypatch, tmp_path / "hf")


def _by_id(docs):
    return {d.id: d for d in docs}


def test_a_version_loads_with_load_dataset_for_all_three_configs(tmp_path, load):
    docs = [*corpus(30), doc0()]
    path = write_version(docs, tmp_path / "exports" / "demo", kind="silver", ruleset_version="rules@1")
    assert path == tmp_path / "exports" / "demo" / "v1"
    expected: dict[str, dict[str, int]] = {"ner": {}, "events": {}, "documents": {}}
    for d in docs:
        r = rows_from_document(d)
        for name, rows in (("ner", r.ner), ("events", r.events), ("documents", [r.document])):
            expected[name][r.split] = expected[name].get(r.split, 0) + len(rows)
    for name in ("ner", "events", "documents"):
        ds = load(path, name)
        assert {split: ds[split].num_rows for split in ds} == expected[name]
    ner = load(path, "ner")
    assert ner["train"].features["ner_tags"].feature.names == list(NER_TAGS)
    assert ner["train"].features["entities"].feature["label"].names == list(ENTITY_LABELS)
    row = next(r for r in ner[split_of("000_doc")] if r["doc_id"] == "000_doc")
    assert "".join(row["tokens"]) == doc0().text.split("\n")[0]
    assert [NER_TAGS[t] for t in row["ner_tags"][:5]] == ["B-DATE", "I-DATE", "I-DATE", "I-DATE", "I-DATE"]
    events = load(path, "events")
    assert events["train"].features["events"].feature["type"].names == list(EVENT_TYPES)
    documents = load(path, "documents")
    split = documents[split_of("000_doc")]
    got = next(r for r in split if r["id"] == "000_doc")
    assert [SPAN_LABELS[e["label"]] for e in got["entities"]] == [e.label for e in doc0().entities]
    manifest = read_manifest(path)
    assert manifest["kind"] == "silver" and manifest["parent"] is None and manifest["ruleset_version"] == "rules@1"
    assert {d["id"]: d["split"] for d in manifest["documents"]} == {d.id: split_of(d.id) for d in docs}


def test_tokens_are_code_points_and_blank_documents_make_no_rows(tmp_path, load):
    text = "a𠀋😀b，\n中文"
    blank = next(f"blank{i}" for i in range(100) if split_of(f"blank{i}") != split_of("astral"))
    docs = [Document("astral", text, entities=(Entity("PER", 1, 3, "𠀋😀"),), events=()),
            Document(blank, " \n ", entities=(), events=())]
    path = write_version(docs, tmp_path / "demo")
    ner = load(path, "ner")
    assert set(ner) == {split_of("astral")}
    assert set(load(path, "documents")) == {split_of("astral"), split_of(blank)}
    rows = [r for split in ner for r in ner[split]]
    assert [r["tokens"] for r in rows] == [list("a𠀋😀b，"), list("中文")]
    assert [NER_TAGS[t] for t in rows[0]["ner_tags"]] == ["O", "B-PER", "I-PER", "O", "O"]
    assert _by_id(load_documents(path)) == _by_id(docs)


def test_the_default_config_is_ner(tmp_path, load):
    path = write_version(corpus(12), tmp_path / "demo")
    assert load(path, None)["train"].column_names == load(path, "ner")["train"].column_names
    card = (path / "README.md").read_text(encoding="utf-8")
    header = yaml.safe_load(card.split("---\n")[1])
    assert [c["config_name"] for c in header["configs"]] == ["ner", "events", "documents"]
    assert header["configs"][0]["default"] is True


def test_unchanged_documents_are_nothing_to_do_and_changes_make_the_next_version(tmp_path):
    root = tmp_path / "demo"
    v1 = write_version(corpus(20), root)
    assert write_version(corpus(20), root) is None
    # meta that pull rewrites (timestamps) is not content
    assert write_version([pulled(d) for d in corpus(20)], root) is None
    docs = corpus(26)
    docs[3] = docs[3].with_annotations(docs[3].entities[:-1], docs[3].events)
    v2 = write_version(docs, root, kind="gold")
    assert v2 == root / "v2"
    m1, m2 = read_manifest(v1), read_manifest(v2)
    assert m2["parent"] == "v1" and m2["kind"] == "gold"
    splits1 = {d["id"]: d["split"] for d in m1["documents"]}
    splits2 = {d["id"]: d["split"] for d in m2["documents"]}
    assert {k: splits2[k] for k in splits1} == splits1
    card = (v2 / "README.md").read_text(encoding="utf-8")
    assert "- documents: 6 added, 0 removed, 1 changed" in card
    removed = corpus(4)[3].entities[-1]
    assert f"doc_003: entity removed {removed.label} {removed.text!r}" in card
    # the card's diff decodes only changed documents; it must equal the diff of everything
    full = diff_lines(diff_documents(corpus(20), docs), limit=1000)
    assert "\n".join(full) in card
    assert [m["version"] for m in list_versions(root)] == ["v1", "v2"]
    assert resolve_version(root, None) == v2 and resolve_version(root, "1") == v1


def test_a_version_is_never_overwritten(tmp_path):
    root = tmp_path / "demo"
    v1 = write_version(corpus(5), root)
    before = {p: p.read_bytes() for p in v1.rglob("*") if p.is_file()}
    with pytest.raises(VersionExistsError, match="immutable") as exc:
        write_version(corpus(7), root, version=1)
    assert exc.value.exit_code == 2
    assert {p: p.read_bytes() for p in v1.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in root.iterdir()) == ["v1"]


def test_versions_only_go_forward_even_when_asked(tmp_path):
    root = tmp_path / "demo"
    write_version(corpus(3), root)
    assert write_version(corpus(4), root, version=5) == root / "v5"
    with pytest.raises(VersionExistsError, match="only go forward"):
        write_version(corpus(6), root, version=3)
    assert write_version(corpus(6), root) == root / "v6"


def test_a_version_written_meanwhile_is_not_replaced(tmp_path, monkeypatch):
    root = tmp_path / "demo"
    write_version(corpus(3), root)
    render = version_mod.render_card

    def racing_build(*args, **kwargs):
        (root / "v2").mkdir()
        (root / "v2" / "manifest.json").write_text("{}", encoding="utf-8")
        return render(*args, **kwargs)

    monkeypatch.setattr(version_mod, "render_card", racing_build)
    with pytest.raises(VersionExistsError, match="written meanwhile"):
        write_version(corpus(4), root)
    assert sorted(p.name for p in root.iterdir()) == ["v1", "v2"]
    assert (root / "v2" / "manifest.json").read_text(encoding="utf-8") == "{}"


def test_an_interrupted_run_leaves_no_half_version(tmp_path, monkeypatch):
    root = tmp_path / "demo"
    write_version(corpus(5), root)

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(version_mod, "render_card", crash)
    with pytest.raises(KeyboardInterrupt):
        write_version(corpus(9), root)
    assert sorted(p.name for p in root.iterdir()) == ["v1"]


def test_leftover_temporary_folders_are_not_versions(tmp_path):
    root = tmp_path / "demo"
    write_version(corpus(3), root)
    (root / ".v2.tmp-abc").mkdir()
    assert [m["version"] for m in list_versions(root)] == ["v1"]
    assert write_version(corpus(4), root) == root / "v2"


def test_an_unknown_label_is_refused_and_nothing_is_written(tmp_path):
    bad = Document("bad_doc", "包头市召开会议", entities=(Entity("CITY", 0, 3, "包头市"),), events=())
    with pytest.raises(RecordError, match="'bad_doc'.*unknown label 'CITY'"):
        write_version([*corpus(5), bad], tmp_path / "demo")
    assert list((tmp_path / "demo").iterdir()) == []
    with pytest.raises(RecordError, match="appears twice"):
        write_version(corpus(2) + corpus(1), tmp_path / "demo")


@pytest.mark.parametrize("damage, message", [
    (lambda v: (v / "manifest.json").unlink(), r"manifest\.json: missing.*delete .*v1 and build it again"),
    (lambda v: (v / "manifest.json").write_text("{not json", encoding="utf-8"), r"manifest\.json: not valid JSON"),
    (lambda v: _data_file(v, "ner").unlink(), r"ner/train-[0-9a-f]{16}\.parquet: missing"),
    (lambda v: _data_file(v, "documents").write_bytes(b"PAR1"), r"documents/train-[0-9a-f]{16}\.parquet: content differs"),
    (lambda v: _edit_manifest(v, schema_version=99), r"schema version 99 is newer.*upgrade curate"),
    (lambda v: _edit_manifest(v, format="other"), r"not a curate dataset manifest"),
])
def test_corrupt_partial_or_newer_versions_are_clear_errors(tmp_path, damage, message):
    root = tmp_path / "demo"
    v1 = write_version(corpus(20), root)
    damage(v1)
    with pytest.raises(BadInputError, match=message) as exc:
        load_documents(v1)
    assert str(v1) in str(exc.value) and exc.value.exit_code == 2
    # building on top of a broken version is refused too, and writes nothing
    with pytest.raises(BadInputError):
        write_version(corpus(21), root)
    assert sorted(p.name for p in root.iterdir()) == ["v1"]


def _data_file(v: Path, config: str, split: str = "train") -> Path:
    (path,) = (v / config).glob(f"{split}-*.parquet")
    return path


def _edit_manifest(v: Path, **changes) -> None:
    m = json.loads((v / "manifest.json").read_text(encoding="utf-8"))
    m.update(changes)
    (v / "manifest.json").write_text(json.dumps(m), encoding="utf-8")


def test_missing_dataset_folder_is_a_clear_error(tmp_path):
    with pytest.raises(BadInputError, match="no such dataset folder"):
        list_versions(tmp_path / "nope")
    write_version(corpus(2), tmp_path / "demo")
    with pytest.raises(BadInputError, match="no version 'v7'.*known: v1"):
        resolve_version(tmp_path / "demo", "v7")


# -- property: a version folder's parquet round-trips to the same records

chars = st.sampled_from("包头市召开会议。，丁绣峰讲话\n𠀋a ")


@st.composite
def documents(draw, doc_id: str) -> Document:
    text = draw(st.text(alphabet=chars, min_size=1, max_size=80))
    n = len(text)
    entities = []
    for _ in range(draw(st.integers(0, 6))):
        s = draw(st.integers(0, n - 1))
        e = draw(st.integers(s + 1, min(n, s + 6)))
        entities.append(Entity(draw(st.sampled_from(SPAN_LABELS)), s, e, text[s:e],
                               draw(st.sampled_from(["", "rule@1", "a@x"])), draw(st.sampled_from(["", "T1"]))))
    events = []
    for _ in range(draw(st.integers(0, 2))):
        s = draw(st.integers(0, n - 1))
        trig = Trigger(s, s + 1, text[s])
        events.append(Event("讲话", trig, draw(st.sampled_from(["actual", "planned"])), (), "", "E1"))
    meta = draw(st.dictionaries(st.sampled_from(["a", "ls", "n"]), st.integers() | st.text(max_size=3), max_size=2))
    return Document(doc_id, text, draw(st.none() | st.text(max_size=5)), None, f"{doc_id}.txt", None, meta,
                    tuple(entities), tuple(events))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(0, 10_000), min_size=1, max_size=6, unique=True).flatmap(
    lambda ns: st.tuples(*[documents(f"d{n}") for n in ns])))
def test_parquet_round_trips_to_the_same_records(docs):
    with tempfile.TemporaryDirectory() as tmp:
        path = write_version(docs, Path(tmp) / "demo")
        assert _by_id(load_documents(path)) == _by_id(docs)
        shutil.rmtree(path)


# ------------------------------------------------------------------ one shared `datasets` cache
# `load_dataset` keys its cache on the folder name (`v1`), the config and the card's data_files; these
# tests load many versions through ONE cache directory, as an ML engineer's default cache does.

def _loaded(load, path: Path) -> dict[str, dict[str, int]]:
    out = {}
    for name in CONFIGS:
        ds = load(path, name)
        out[name] = {split: ds[split].num_rows for split in ds}
    return out


def _manifest_rows(path: Path) -> dict[str, dict[str, int]]:
    return read_manifest(path)["counts"]["rows"]


def _loaded_documents(load, path: Path) -> dict[str, list[tuple]]:
    ds = load(path, "documents")
    return {r["id"]: [(e["label"], e["start"], e["end"]) for e in r["entities"]]
            for split in ds for r in ds[split]}


def _written_documents(docs) -> dict[str, list[tuple]]:
    return {d.id: [(SPAN_LABELS.index(e.label), e.start, e.end) for e in d.entities] for d in docs}


def test_row_counts_from_load_dataset_equal_the_manifest(tmp_path, load):
    v1 = write_version([*corpus(40), doc0()], tmp_path / "demo")
    assert _loaded(load, v1) == _manifest_rows(v1)


def test_each_datasets_v1_loads_as_itself_through_one_cache(tmp_path, load):
    a = write_version(corpus(5), tmp_path / "exports" / "a")
    b = write_version(corpus(2, prefix="other"), tmp_path / "exports" / "b")
    for path in (a, b, a):
        assert _loaded(load, path) == _manifest_rows(path)
    assert set(_loaded_documents(load, b)) == {"other_000", "other_001"}


def test_silver_and_gold_v1_of_one_project_load_their_own_spans(tmp_path, load):
    # Same documents, same row counts: only the spans differ, so only the content can tell them apart.
    silver_docs = [doc0(), *corpus(3)]
    gold_docs = [pulled(doc0(extra_entities=(("COMPANY", "包头市"),))), *(pulled(d) for d in corpus(3))]
    silver = write_version(silver_docs, tmp_path / "exports" / "demo-silver", kind="silver")
    gold = write_version(gold_docs, tmp_path / "exports" / "demo", kind="gold")
    assert _loaded(load, silver) == _loaded(load, gold) == _manifest_rows(gold)
    assert _loaded_documents(load, silver) == _written_documents(silver_docs)
    assert _loaded_documents(load, gold) == _written_documents(gold_docs)
    assert _loaded_documents(load, silver) != _loaded_documents(load, gold)


def test_v1_then_v2_and_a_rewritten_v1_each_load_as_themselves(tmp_path, load):
    root = tmp_path / "demo"
    first = [doc0(), *corpus(3)]
    v1 = write_version(first, root)
    assert _loaded_documents(load, v1) == _written_documents(first)
    second = [doc0(extra_entities=(("COMPANY", "包头市"),)), *corpus(3)]
    v2 = write_version(second, root)  # written after v1 was loaded
    assert _loaded_documents(load, v2) == _written_documents(second)
    assert _loaded_documents(load, v1) == _written_documents(first)
    # A dataset folder deleted and built again: the new v1 holds other content at the same path.
    shutil.rmtree(root)
    third = corpus(6, prefix="new")
    v1 = write_version(third, root)
    assert _loaded_documents(load, v1) == _written_documents(third)
    assert _loaded(load, v1) == _manifest_rows(v1)


def test_a_hub_upload_layout_loads_each_version_as_itself(tmp_path, load):
    # `push_to_hub` makes the repo root mirror one version (upload_folder deleting REPLACED files first);
    # the Hub serves `revision="vN"` from that tree. Offline, the same tree in one local folder:
    from fnmatch import fnmatch

    from curate.dataset.hub import REPLACED

    repo = tmp_path / "hub" / "someone" / "demo"
    root = tmp_path / "exports" / "demo"
    # Same ids and splits in both versions, one span changed: only the content tells them apart.
    for docs in ([doc0(), *corpus(3)], [doc0(extra_entities=(("COMPANY", "包头市"),)), *corpus(3)]):
        version = write_version(docs, root)
        if repo.exists():
            for f in [f for f in repo.rglob("*") if f.is_file()]:
                if any(fnmatch(str(f.relative_to(repo)), p) for p in REPLACED):
                    f.unlink()
        shutil.copytree(version, repo, dirs_exist_ok=True)
        assert _loaded(load, repo) == _manifest_rows(version)
        assert _loaded_documents(load, repo) == _written_documents(docs)
