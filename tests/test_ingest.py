"""`curate ingest` and `curate.ingest`: inputs found, cleaned, bad inputs reported with exit code 2."""

from __future__ import annotations

import json
import shutil

from conftest import SAMPLES
from typer.testing import CliRunner

from curate.cli import app
from curate.errors import BadInputError
from curate.ingest import find_inputs, ingest_paths

runner = CliRunner()
SEED_002 = SAMPLES / "002_af22a9ecaf711d6e.txt"
ARTICLE = "3月10日，我市召开重点项目观摩总结会议，市委书记张古江在会上强调，要全力以赴推动重点项目建设开新局。"


def _read(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_ingest_samples_folder(tmp_path):
    out = tmp_path / "docs.jsonl"
    r = runner.invoke(app, ["ingest", str(SAMPLES), "-o", str(out)])
    assert r.exit_code == 0, r.output
    docs = _read(out)
    assert [d["id"] for d in docs] == sorted(p.stem for p in SAMPLES.glob("*.txt"))
    assert all(d["source"] == d["id"] + ".txt" and d["meta"]["encoding"] == "utf-8" for d in docs)
    assert "cleaned 5 documents" in r.stderr
    assert "001_a0c24b9d96175c4f: GBK repair lost one character" in r.stderr
    assert f"wrote 5 documents to {out}" in r.stderr


def test_ingest_to_stdout():
    r = runner.invoke(app, ["ingest", str(SEED_002)])
    assert r.exit_code == 0, r.output
    (doc,) = [json.loads(line) for line in r.stdout.splitlines()]
    assert doc["id"] == "002_af22a9ecaf711d6e" and doc["published"] == "2021-03-11"


def test_bad_inputs_are_reported_and_skipped_good_ones_written(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEED_002, src / "good.txt")
    (src / "empty.txt").write_bytes(b"  \n")
    (src / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (src / "english.txt").write_text("This is an English page.\nIt has no Chinese text at all.\n")
    (src / "garbled.txt").write_bytes(b"\xff\xfe\xff\x80\x80")
    (src / "gbk.txt").write_bytes(ARTICLE.encode("gb18030"))
    (src / "page.html").write_text(f"<html><body><h1>张古江：全力以赴</h1><p>{ARTICLE}</p>"
                                   "<p>分享让更多人看到</p></body></html>", encoding="utf-8")
    (src / "notes.md").write_text("ignored: not an input type")
    lines = [json.dumps({"text": ARTICLE, "title": "会议召开", "url": "http://x/1", "published": "2021/3/11"},
                        ensure_ascii=False),
             "{not json",
             json.dumps([1, 2]),
             json.dumps({"id": "no-text"}),
             json.dumps({"id": "h1", "html": f"<p>{ARTICLE.replace('3月10日', '4月1日')}</p>"},
                        ensure_ascii=False),
             ""]
    (src / "batch.jsonl").write_text("\n".join(lines), encoding="utf-8")
    out = tmp_path / "docs.jsonl"
    r = runner.invoke(app, ["ingest", str(src), "-o", str(out)])
    assert r.exit_code == 2, r.output
    docs = {d["id"]: d for d in _read(out)}
    assert sorted(docs) == ["batch-1", "gbk", "good", "h1", "page"]
    assert docs["gbk"]["meta"]["encoding"] == "gb18030" and docs["gbk"]["text"] == ARTICLE
    assert docs["page"]["title"] == "张古江：全力以赴" and docs["page"]["text"] == ARTICLE
    batch = docs["batch-1"]
    assert (batch["title"], batch["url"], batch["published"]) == ("会议召开", "http://x/1", "2021-03-11")
    assert batch["source"] == "batch.jsonl"
    err = r.stderr
    assert f"{src / 'empty.txt'}: empty file" in err
    assert f"{src / 'binary.txt'}: binary file" in err
    assert f"{src / 'english.txt'}: not Chinese text" in err
    assert f"{src / 'garbled.txt'}: bytes are neither UTF-8 nor GB18030" in err
    assert f"{src / 'batch.jsonl'}:2: not valid JSON" in err
    assert f"{src / 'batch.jsonl'}:3: a JSON list, not an object" in err
    assert f"{src / 'batch.jsonl'}:4: no \"text\" or \"html\" string" in err
    assert "notes.md" not in err
    assert "error: 7 bad inputs skipped" in err


def test_missing_path_is_an_error_with_exit_2(tmp_path):
    r = runner.invoke(app, ["ingest", str(tmp_path / "nope"), "-o", str(tmp_path / "o.jsonl")])
    assert r.exit_code == 2
    assert f"error: {tmp_path / 'nope'}: no such file or folder" in r.stderr
    assert not (tmp_path / "o.jsonl").exists()


def test_unwritable_output_is_an_error_with_exit_2(tmp_path):
    r = runner.invoke(app, ["ingest", str(SEED_002), "-o", str(tmp_path / "no" / "dir" / "o.jsonl")])
    assert r.exit_code == 2
    assert "does not exist" in r.stderr


def test_jsonl_not_utf8_is_reported(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(json.dumps({"text": ARTICLE}, ensure_ascii=False).encode("gb18030"))
    problems = []
    docs = list(ingest_paths([bad], problems.append).documents)
    assert docs == []
    assert len(problems) == 1 and "not UTF-8" in str(problems[0])


def test_find_inputs_expands_folders_sorted(tmp_path):
    for name in ("b.txt", "a.html", "c.jsonl", "d.csv"):
        (tmp_path / name).write_text("x")
    assert [p.name for p in find_inputs([tmp_path])] == ["a.html", "b.txt", "c.jsonl"]
    try:
        find_inputs([tmp_path / "missing"])
    except BadInputError as exc:
        assert "missing" in str(exc) and exc.exit_code == 2
    else:
        raise AssertionError("a missing path must raise")


def test_report_counts_after_streaming():
    report = ingest_paths([SAMPLES], on_problem=lambda p: None)
    assert report.files == 5 and report.written == 0
    docs = list(report.documents)
    assert report.written == len(docs) == 5
    assert report.chars == sum(len(d.text) for d in docs)
    assert [doc_id for doc_id, _ in report.review.shown] == ["001_a0c24b9d96175c4f"]
    assert report.review.count == 1


def test_a_folder_without_pages_is_a_bad_input(tmp_path):
    (tmp_path / "empty").mkdir()
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "README.md").write_text("not a page")
    for folder, says in ((tmp_path / "empty", "(it is empty)"), (notes, "(1 files of other types)")):
        r = runner.invoke(app, ["ingest", str(folder), "-o", str(tmp_path / "o.jsonl")])
        assert r.exit_code == 2, r.output
        assert f"error: {folder}: no .txt, .html or .jsonl pages in this folder {says}" in r.stderr
        assert not (tmp_path / "o.jsonl").exists()


def test_bad_document_ids_are_reported_with_their_line(tmp_path):
    ids = ["ok-1", "a/b", "x\u0007y", "z" * 201, "ok-2"]
    src = tmp_path / "ids.jsonl"
    src.write_text("\n".join(json.dumps({"id": i, "text": ARTICLE}, ensure_ascii=False) for i in ids),
                   encoding="utf-8")
    out = tmp_path / "docs.jsonl"
    r = runner.invoke(app, ["ingest", str(src), "-o", str(out)])
    assert r.exit_code == 2, r.output
    assert [d["id"] for d in _read(out)] == ["ok-1", "ok-2"]
    assert f"{src}:2: document id 'a/b' holds '/'" in r.stderr
    assert f"{src}:3: document id 'x\\x07y' holds '\\x07'" in r.stderr
    assert f"{src}:4: document id of 201 characters (at most 200)" in r.stderr


def test_a_document_longer_than_one_task_is_split_at_paragraphs(tmp_path):
    from curate.clean.parts import MAX_TASK_CHARS

    paragraph = ARTICLE * 20  # 1,060 characters
    text = "\n".join(f"第{k}段。" + paragraph for k in range(250))
    src = tmp_path / "long.jsonl"
    src.write_text(json.dumps({"id": "long", "text": text}, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "docs.jsonl"
    r = runner.invoke(app, ["ingest", str(src), "-o", str(out)])
    assert r.exit_code == 0, r.output
    parts = _read(out)
    assert [d["id"] for d in parts] == [f"long#p{k}" for k in range(1, len(parts) + 1)] and len(parts) == 3
    assert all(len(d["text"]) <= MAX_TASK_CHARS for d in parts)
    assert all(d["text"].startswith("第") for d in parts)  # cut at paragraph starts
    assert "\n".join(d["text"] for d in parts).split("\n") == [f"第{k}段。" + paragraph for k in range(250)]
    assert parts[1]["meta"]["part"] == {"of": "long", "index": 2, "count": 3}
    assert "1 documents longer than 100,000 characters" in r.stderr and "long: 3 parts" in r.stderr


def test_folders_are_walked_in_sorted_path_order_without_following_folder_links(tmp_path):
    for rel in ("b.txt", "a.txt", "a/z.txt", "a/b/c.jsonl", "a-b.html", "A.txt", "a/notes.md", "c/x.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    (tmp_path / "c" / "loop").symlink_to(tmp_path, target_is_directory=True)
    expected = sorted(p for p in tmp_path.rglob("*") if p.is_file() and p.suffix in (".txt", ".html", ".jsonl"))
    found = find_inputs([tmp_path])
    assert found == expected
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "A.txt", "a/b/c.jsonl", "a/z.txt", "a-b.html", "a.txt", "b.txt", "c/x.txt"]


def test_summary_names_the_first_duplicates_and_counts_the_rest(tmp_path):
    from curate.ingest import SHOWN

    for i in range(SHOWN + 5):
        shutil.copy(SEED_002, tmp_path / f"copy{i:02d}.txt")
    report = ingest_paths([tmp_path], on_problem=lambda p: None)
    assert report.files == SHOWN + 5
    assert len(list(report.documents)) == SHOWN + 5
    lines = report.summary_lines()
    assert lines[1] == f"{SHOWN + 4} duplicates found, kept and marked (use --dedupe to keep one):"
    assert lines[2] == "  copy01 = copy00 (exact, 1.00)"
    assert lines[2 + SHOWN] == "  … and 4 more"
    assert report.duplicates.count == SHOWN + 4 and len(report.duplicates.shown) == SHOWN
