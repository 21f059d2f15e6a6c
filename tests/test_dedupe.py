"""Exact and near-duplicate detection over cleaned documents (streaming MinHash + LSH)."""

from __future__ import annotations

import json
import random
import shutil

from conftest import SAMPLES
from typer.testing import CliRunner

from curate.clean import clean_document
from curate.cli import app
from curate.dedupe import DuplicateIndex, mark_duplicates, minhash, shingle_hashes

runner = CliRunner()
SEED_004 = SAMPLES / "004_6349d742160cae39.txt"


def _seeds():
    return [clean_document(p.read_text(encoding="utf-8"), p.stem) for p in sorted(SAMPLES.glob("*.txt"))]


def _republished(raw: str) -> str:
    """The same article on another site: other chrome, one phrase edited, full-width commas."""
    body = raw.split("\n", 8)[8].replace("岁暮天寒", "天寒地冻").replace(",", "，")
    return "某某新闻网\n首页 > 内蒙古 > 包头\n以昂扬斗志推进新时代新包头实现新突破\n2022-02-11 来源:某某新闻网\n" + body


def test_distinct_seeds_are_not_duplicates():
    index = DuplicateIndex()
    assert [index.check(d.id, d.text) for d in _seeds()] == [None] * 5


def test_exact_and_near_duplicates_point_at_the_first_copy():
    raw = SEED_004.read_text(encoding="utf-8")
    docs = [*_seeds(), clean_document(raw, "copy"), clean_document(_republished(raw), "other-site")]
    found = []
    out = list(mark_duplicates(docs, on_duplicate=found.append))
    assert len(out) == 7
    assert [(d.doc_id, d.duplicate_of, d.kind) for d in found] == [
        ("copy", "004_6349d742160cae39", "exact"), ("other-site", "004_6349d742160cae39", "near")]
    assert found[1].similarity >= 0.8
    assert out[-1].meta["duplicate_of"] == "004_6349d742160cae39"
    assert "duplicate_of" not in out[4].meta
    kept = list(mark_duplicates(docs, keep_one=True))
    assert [d.id for d in kept] == [d.id for d in docs[:5]]


def test_a_shared_paragraph_is_not_a_near_duplicate():
    a, b = _seeds()[0], _seeds()[2]
    mixed = b.text + "\n" + a.text.split("\n")[0]
    index = DuplicateIndex()
    assert index.check("a", a.text) is None
    assert index.check("mixed", mixed) is None


def test_minhash_estimates_jaccard():
    a = "".join(chr(0x4E00 + i) for i in range(400))
    b = a[:300] + "".join(chr(0x5E00 + i) for i in range(100))
    sa, sb = set(shingle_hashes(a).tolist()), set(shingle_hashes(b).tolist())
    jaccard = len(sa & sb) / len(sa | sb)
    estimate = float((minhash(a) == minhash(b)).mean())
    assert abs(estimate - jaccard) < 0.12
    assert (minhash(a) == minhash(a)).all()
    assert len(shingle_hashes("")) == 1 and len(shingle_hashes("短")) == 1


def test_cli_reports_duplicates_and_dedupe_keeps_one(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    raw = SEED_004.read_text(encoding="utf-8")
    shutil.copy(SEED_004, src / "a.txt")
    shutil.copy(SEED_004, src / "b.txt")
    (src / "c.txt").write_text(_republished(raw), encoding="utf-8")
    out = tmp_path / "docs.jsonl"
    r = runner.invoke(app, ["ingest", str(src), "-o", str(out)])
    assert r.exit_code == 0, r.output
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [d["meta"].get("duplicate_of") for d in docs] == [None, "a", "a"]
    assert "2 duplicates found, kept and marked" in r.stderr
    assert "b = a (exact, 1.00)" in r.stderr
    r = runner.invoke(app, ["ingest", str(src), "-o", str(out), "--dedupe"])
    assert r.exit_code == 0, r.output
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == ["a"]
    assert "2 duplicates found, dropped" in r.stderr


def test_an_index_larger_than_its_cache_still_finds_the_first_copy(monkeypatch):
    monkeypatch.setattr(DuplicateIndex, "CACHE_KB", 64)  # 64 KB of pages: most of the index is on disk
    raw = SEED_004.read_text(encoding="utf-8")
    first = clean_document(raw, "first")
    rng = random.Random(7)
    hanzi = [chr(0x4E00 + i) for i in range(3000)]
    with DuplicateIndex() as index:
        assert index.check("first", first.text) is None
        for i in range(1500):
            assert index.check(f"d{i}", "".join(rng.choices(hanzi, k=300))) is None
        pages = index.db.execute("PRAGMA page_count").fetchone()[0] * index.db.execute("PRAGMA page_size").fetchone()[0]
        assert pages > 10 * 64 * 1024
        copy = index.check("copy", first.text)
        near = index.check("other-site", clean_document(_republished(raw), "other-site").text)
        assert (copy.duplicate_of, copy.kind, copy.similarity) == ("first", "exact", 1.0)
        assert (near.duplicate_of, near.kind) == ("first", "near") and near.similarity >= 0.8
        assert index.count == 1501  # repeats are not indexed
