"""Annotated documents for the Label Studio tests, built from the bundled samples by hand-placed spans.

Independent of the rule annotator: spans are found by literal search so offsets are always right.
"""

from __future__ import annotations

import re
from pathlib import Path

from curate.records import Argument, Document, Entity, Event, Trigger

SAMPLES = Path(__file__).resolve().parent.parent / "curate" / "samples"
DATE = re.compile(r"\d{1,2}月\d{1,2}日")
PLACES = ("包头市", "唐山", "鄂爾多斯", "經(jīng)開區(qū)", "土右旗")
TRIGGERS = ("召开", "召開")


def entity(text: str, label: str, needle: str, n: int, source: str = "hand@1", after: int = 0) -> Entity:
    """Return the entity for the first occurrence of `needle` at or after `after`."""
    start = text.index(needle, after)
    return Entity(label, start, start + len(needle), needle, source, f"T{n}")


def sample_document(path: Path, source: str = "hand@1") -> Document:
    """Return a sample page as an annotated document: dates, a place, one meeting event."""
    text = path.read_text(encoding="utf-8").strip()
    ents: list[Entity] = []
    for m in list(DATE.finditer(text))[:2]:
        ents.append(Entity("DATE", m.start(), m.end(), m.group(), "date_regex@1", f"T{len(ents) + 1}"))
    place = next((p for p in PLACES if p in text), None)
    if place:
        ents.append(entity(text, "GPE", place, len(ents) + 1, "gazetteer@1"))
    events: list[Event] = []
    trig = next((t for t in TRIGGERS if t in text), None)
    if trig and ents:
        at = text.index(trig)
        args = [Argument("时间", ents[0].start, ents[0].end, ents[0].text, ents[0].id)]
        if place:
            g = ents[-1]
            args.append(Argument("主办方", g.start, g.end, g.text, g.id))
        events.append(Event("会议召开", Trigger(at, at + len(trig), trig), "actual", tuple(args),
                            "meeting_rule@1", "E1"))
    doc = Document(path.stem, text, title=text.splitlines()[0][:40], published=None,
                   source=path.name, meta={"ruleset_version": "rules-test-1"})
    return doc.with_annotations(sorted(ents, key=lambda e: e.start), events)


def sample_documents(source: str = "hand@1") -> list[Document]:
    """Return the five bundled samples as annotated documents."""
    return [sample_document(p, source) for p in sorted(SAMPLES.glob("*.txt"))]


ASTRAL_TEXT = "😀新华社𠀀消息：张伟在包头市召开会议，𠀀𠀁公司签约了项目。"


def astral_document() -> Document:
    """Return a document whose text has emoji and CJK Extension B characters before its spans."""
    t = ASTRAL_TEXT
    ents = [entity(t, "ORG", "新华社", 1), entity(t, "PER", "张伟", 2), entity(t, "GPE", "包头市", 3),
            entity(t, "COMPANY", "𠀀𠀁公司", 4)]
    at = t.index("召开")
    ev = Event("会议召开", Trigger(at, at + 2, "召开"), "actual",
               (Argument("主办方", ents[1].start, ents[1].end, "张伟", "T2"),
                Argument("地点", ents[2].start, ents[2].end, "包头市", "T3")), "meeting_rule@1", "E1")
    return Document("astral-1", t, "astral", meta={}).with_annotations(ents, [ev])
