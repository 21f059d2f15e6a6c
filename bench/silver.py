"""Silver annotations: measure the rules against calibrated independent annotators on fresh pages.

The dev corpus test split is ten pages; pages users bring come from sites nobody here has seen. This tool
keeps the method of the review rounds (bench/RESULTS.md) reproducible. Annotators (people, or helper
agents that see SCHEMA.md, the gold of d001–d020 as examples and the page texts, and none of the code)
mark fresh pages in a compact TSV format; the gold pages d021–d025 are hidden among their pages, so
their agreement with the gold is measured on every batch. Pages and annotations stay outside the
repository: pages scored here must stay unseen by the rules.

  python bench/silver.py examples OUT.md            the worked examples (gold of d001–d020, this format)
  python bench/silver.py prep SET                   clean SET/x/*.txt into SET/kept.jsonl, less near-copies
  python bench/silver.py batch SET N                N batches SET/b0 … with numbered pages and 2 hidden gold pages
  python bench/silver.py score SET/b0 … [--held FILE --only held|fit] [--label L] [--role TYPE/ROLE]

Format of an annotation file (one span per line, tab-separated; `before` is up to 6 characters before
the span on its line, to tell repeated words apart):
  E  L<line>  LABEL  text  before
  V  L<line>  TYPE   trigger  before  realis  role=text|role=text
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from curate.annotate import annotate_document  # noqa: E402
from curate.records import Document  # noqa: E402
from curate.schema import ARG_LABEL, EVENT_TYPES  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "corpus" / "gold"
EXAMPLES = [f"d{n:03d}" for n in range(1, 21)]
HIDDEN = [f"d{n:03d}" for n in range(21, 26)]
GRAM = 15  # pages sharing a 15-character run with a dev page or an earlier set are near-copies

Key = tuple  # (label, start, end) of a span; (type, trigger start, role, text) of an argument


def gold_docs() -> dict[str, dict]:
    """Return the dev corpus gold records by id."""
    return {d["id"]: d for p in sorted(GOLD.glob("*.jsonl")) for d in map(json.loads, p.read_text("utf-8").splitlines())}


def numbered(text: str) -> str:
    """Return the page as the annotators see it: each non-empty line after `L<n>: `."""
    return "\n".join(f"L{i}: {line}" for i, line in enumerate(text.split("\n"), 1) if line.strip())


def _line_starts(text: str) -> list[int]:
    starts, pos = [], 0
    for line in text.split("\n"):
        starts.append(pos)
        pos += len(line) + 1
    return starts


def _where(text: str, start: int, span: str) -> tuple[int, str]:
    """Return the line of a span and the context before it: 6 characters, more where those repeat earlier."""
    starts = _line_starts(text)
    line = max(i for i, s in enumerate(starts) if s <= start)
    row, at = text.split("\n")[line], start - starts[line]
    size = min(6, at)
    while row.find(row[at - size:at] + span) != at - size:
        size += 1
    return line + 1, row[at - size:at]


def render(doc: dict) -> str:
    """Return a gold record (dev corpus format) in the annotation format."""
    text, out = doc["text"], []
    for e in sorted(doc["entities"], key=lambda e: e["start"]):
        if e["label"] != ARG_LABEL:
            line, before = _where(text, e["start"], e["text"])
            out.append(f"E\tL{line}\t{e['label']}\t{e['text']}\t{before}")
    for ev in sorted(doc["events"], key=lambda ev: ev["trigger"]["start"]):
        line, before = _where(text, ev["trigger"]["start"], ev["trigger"]["text"])
        roles = "|".join(f"{a['role']}={a['text']}" for a in ev["arguments"])
        out.append(f"V\tL{line}\t{ev['type']}\t{ev['trigger']['text']}\t{before}\t{ev['realis']}\t{roles}")
    return "\n".join(out)


def _locate(text: str, line: int, span: str, before: str) -> int | None:
    starts = _line_starts(text)
    if not 1 <= line <= len(starts):
        return None
    row = text.split("\n")[line - 1]
    for cut in range(len(before) + 1):  # the annotator's context may be shorter at a line's start
        if (k := row.find(before[cut:] + span)) >= 0:
            return starts[line - 1] + k + len(before) - cut
    return None


def parse(text: str, annotation: str, where: str = "") -> tuple[set[Key], set[Key], set[Key], list[str]]:
    """Return the entities, triggers and arguments of an annotation file, and its problems."""
    ents, trigs, args, problems = set(), set(), set(), []
    for f, start in _located(text, annotation, where, problems):
        if f[0] == "E":
            ents.add((f[2], start, start + len(f[3])))
            continue
        trigs.add((f[2], start, start + len(f[3])))
        args |= {(f[2], start, role, value) for role, value in _pairs(f)}
    return ents, trigs, args, problems


def trigger_lines(text: str, annotation: str) -> Iterator[tuple[str, int, str, str, list[tuple[str, str]]]]:
    """Yield each event line found on its line: type, trigger start, trigger, realis as written, (role, text) pairs."""
    for f, start in _located(text, annotation, "", []):
        if f[0] == "V":
            yield f[2], start, f[3], f[5] if len(f) > 5 else "", _pairs(f)


def _located(text: str, annotation: str, where: str, problems: list[str]) -> Iterator[tuple[list[str], int]]:
    """Yield the fields and the span start of each E or V line found on its line; the others go to `problems`."""
    for n, raw in enumerate(annotation.splitlines(), 1):
        f = raw.split("\t")
        if not raw.strip():
            continue
        if f[0] not in ("E", "V") or len(f) < 4 or not f[1].lstrip("L").isdigit():
            problems.append(f"{where}:{n}: not an E or V line with a line number")
            continue
        start = _locate(text, int(f[1].lstrip("L")), f[3], f[4] if len(f) > 4 else "")
        if start is None:
            problems.append(f"{where}:{n}: {f[3]!r} is not on {f[1]}")
            continue
        yield f, start


def _pairs(fields: list[str]) -> list[tuple[str, str]]:
    """Return the (role, text) pairs of an event line's last field."""
    pairs = [pair.partition("=") for pair in (fields[6].split("|") if len(fields) > 6 and fields[6] else [])]
    return [(role.strip(), value.strip()) for role, _, value in pairs if value]


def batch_pages(batch: Path) -> Iterator[tuple[str, str, str | None, Path]]:
    """Yield each page of a batch folder: its name there, document id, kept text (None for a hidden gold page)
    and the path of its annotation file (which may be missing)."""
    key = json.loads((batch.parent / f"key_{batch.name}.json").read_text())
    texts = {r["id"]: r["text"] for r in map(json.loads, (batch.parent / "kept.jsonl").read_text("utf-8").splitlines())}
    for name, doc_id in key.items():
        yield name, doc_id, texts.get(doc_id), batch / name.replace(".txt", ".ann")


def keys(record: dict) -> tuple[set[Key], set[Key], set[Key]]:
    """Return the entities, triggers and arguments (by text) of a record (rules' output or gold)."""
    text = record["text"]
    by_id = {e.get("id"): e for e in record["entities"]}
    ents = {(e["label"], e["start"], e["end"]) for e in record["entities"] if e["label"] != ARG_LABEL}
    trigs, args = set(), set()
    for ev in record["events"]:
        t = ev["trigger"]
        trigs.add((ev["type"], t["start"], t["end"]))
        for a in ev["arguments"]:
            span = by_id[a["entity"]] if "entity" in a else a
            args.add((ev["type"], t["start"], a["role"], text[span["start"]:span["end"]]))
    return ents, trigs, args


def f1(found: set, wanted: set) -> str:
    tp = len(found & wanted)
    p, r = tp / len(found) if found else 0.0, tp / len(wanted) if wanted else 0.0
    return f"P {p:.3f} R {r:.3f} F1 {2 * p * r / (p + r) if p + r else 0:.3f} (n={len(wanted)})"


def cmd_examples(out: str) -> None:
    docs = gold_docs()
    parts = ["# Worked examples: pages annotated by the project's annotators (imitate them)\n"]
    parts += [f"## Example {i}\n### Text\n{numbered(docs[i]['text'])}\n### Annotation\n{render(docs[i])}\n" for i in EXAMPLES]
    Path(out).write_text("\n".join(parts), encoding="utf-8")


def _grams(text: str) -> set[str]:
    return {text[i:i + GRAM] for i in range(len(text) - GRAM + 1)}


def cmd_prep(folder: str) -> None:
    d = Path(folder)
    subprocess.run([sys.executable, "-m", "curate", "ingest", str(d / "x"), "-o", str(d / "clean.jsonl"), "-q"],
                   check=True)
    seen = set().union(*(_grams(doc["text"]) for doc in gold_docs().values()))
    for other in d.parent.glob("*/kept.jsonl"):
        if other.parent != d:
            seen |= set().union(*(_grams(r["text"]) for r in map(json.loads, other.read_text("utf-8").splitlines())))
    kept = []
    for r in map(json.loads, (d / "clean.jsonl").read_text("utf-8").splitlines()):
        grams = _grams(r["text"])
        if len(r["text"]) >= 200 and not grams & seen:
            seen |= grams
            kept.append(r)
    (d / "kept.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in kept), encoding="utf-8")
    print(f"{folder}: kept {len(kept)} pages")


def cmd_batch(folder: str, n: int) -> None:
    d = Path(folder)
    docs, rng = gold_docs(), random.Random(d.name)
    pages = [json.loads(line) for line in (d / "kept.jsonl").read_text("utf-8").splitlines()]
    rng.shuffle(pages)
    for i in range(n):
        batch = pages[i::n] + [docs[HIDDEN[(2 * i) % 5]], docs[HIDDEN[(2 * i + 1) % 5]]]
        rng.shuffle(batch)
        out = d / f"b{i}"
        out.mkdir(exist_ok=True)
        key = {}
        for j, page in enumerate(batch):
            name = f"{d.name}{i}_{j:02d}.txt"
            (out / name).write_text(numbered(page["text"]), encoding="utf-8")
            key[name] = page["id"]
        (out / "LIST.txt").write_text("".join(f"{out / name}\n" for name in key), encoding="utf-8")
        # The key stays outside the batch folder: annotators see page names only.
        (d / f"key_b{i}.json").write_text(json.dumps(key), encoding="utf-8")


def cmd_score(batches: list[str], held: str | None, only: str | None, label: str | None, role: str | None) -> None:
    docs = gold_docs()
    held_pages = set(Path(held).read_text().split()) if held else set()
    calibration = [[set(), set()] for _ in range(3)]
    fresh = [[set(), set()] for _ in range(3)]
    problems: list[str] = []
    for folder in map(Path, batches):
        for name, doc_id, kept, path in batch_pages(folder):
            if only and doc_id not in docs and (name in held_pages) != (only == "held"):
                continue
            if not path.exists():
                problems.append(f"{path}: missing")
                continue
            text = docs[doc_id]["text"] if doc_id in docs else kept
            *theirs, found_problems = parse(text, path.read_text("utf-8"), str(path))
            problems += found_problems
            ours = keys(docs[doc_id]) if doc_id in docs else keys(annotate_document(Document(doc_id, text)).to_dict())
            into = calibration if doc_id in docs else fresh
            for k in range(3):
                into[k][0] |= {(name, *x) for x in ours[k]}
                into[k][1] |= {(name, *x) for x in theirs[k]}
            if doc_id not in docs and (label or role):
                _detail(name, text, ours, theirs, label, role)
    print("annotators against the hidden gold:", " | ".join(
        f"{n} {f1(set(b), set(a))}" for n, (a, b) in zip(("entities", "triggers", "arguments"), calibration, strict=True)))
    for n, (ours, theirs) in zip(("entities", "triggers", "arguments"), fresh, strict=True):
        print(f"rules against the annotators, {n}: {f1(ours, theirs)}")
    # Per label (entities, triggers) and per TYPE/ROLE (arguments).
    for k, (ours, theirs) in enumerate(fresh):
        by: dict[str, list[set]] = {}
        for i, items in enumerate((ours, theirs)):
            for x in items:
                by.setdefault(x[1] if k < 2 else f"{x[1]}/{x[3]}", [set(), set()])[i].add(x)
        print("  " + "; ".join(f"{name} {f1(*by[name])}" for name in sorted(by)))
    if problems:
        print(f"{len(problems)} problems, first: {problems[:5]}")


def _detail(name: str, text: str, ours, theirs, label: str | None, role: str | None) -> None:
    """Print the differences of one label (entities, triggers) or one TYPE/ROLE (arguments)."""
    def show(s: int, e: int) -> str:
        return f"{text[max(0, s - 15):s]}[{text[s:e]}]{text[e:e + 15]}".replace("\n", " ")
    if label:
        for tag, spans in (("FP", (ours[0] | ours[1]) - (theirs[0] | theirs[1])),
                           ("FN", (theirs[0] | theirs[1]) - (ours[0] | ours[1]))):
            for lab, s, e in sorted(spans, key=lambda x: x[1]):
                if lab == label or label == "TRIGGERS" and lab in EVENT_TYPES:
                    print(tag, name, lab, show(s, e))
    if role:
        typ, wanted = role.split("/")
        for tag, items in (("FP", ours[2] - theirs[2]), ("FN", theirs[2] - ours[2])):
            for t, s, r, value in sorted(items, key=lambda x: x[1]):
                if t == typ and wanted in ("*", r):
                    print(tag, name, t, r, value, "|", show(s, s + 2))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("examples").add_argument("out")
    sub.add_parser("prep").add_argument("set")
    b = sub.add_parser("batch")
    b.add_argument("set")
    b.add_argument("n", type=int)
    s = sub.add_parser("score")
    s.add_argument("batches", nargs="+")
    s.add_argument("--held", help="file of page names kept out of fitting")
    s.add_argument("--only", choices=("held", "fit"))
    s.add_argument("--label", help="print the differences of one label, or TRIGGERS")
    s.add_argument("--role", help="print the differences of one argument role, TYPE/ROLE or TYPE/*")
    args = ap.parse_args()
    if args.cmd == "examples":
        cmd_examples(args.out)
    elif args.cmd == "prep":
        cmd_prep(args.set)
    elif args.cmd == "batch":
        cmd_batch(args.set, args.n)
    else:
        cmd_score(args.batches, args.held, args.only, args.label, args.role)


if __name__ == "__main__":
    main()
