"""Annotated documents for the dataset tests: literal texts, spans found by their text, pulled-format meta."""

from __future__ import annotations

from typing import Any

from curate.records import Document, document_from_dict

TEXT0 = ("4月23日，包头市召开一季度重大项目观摩总结会暨经济运行分析会。市委书记丁绣峰出席会议并讲话。\n"
         "丁绣峰强调，要抓好项目建设。")
TEXTS = (
    "3月5日，鄂尔多斯市举行重点项目集中开工活动，30个项目总投资12493亿元。",
    "包头稀土高新区管委会主任张古江表示，今年上半年全区工业增长8.5%。\n企业数量达到5918家。",
    "内蒙古中油中保管道科技有限公司40万吨螺旋直缝钢管及保温防腐项目签约。",
    "市委书记石泰峰出席第十三届稀土产业论坛并讲话。",
)


def span(text: str, label: str, sub: str, nth: int = 0, source: str = "rule@1", sid: str = "") -> dict[str, Any]:
    """Return an entity dict for the `nth` occurrence of `sub` in `text`."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return {"id": sid, "label": label, "start": start, "end": start + len(sub), "text": sub, "source": source}


def event(text: str, etype: str, trigger: str, args: list[tuple], nth: int = 0,
          realis: str = "actual", source: str = "rule@1", eid: str = "") -> dict[str, Any]:
    """Return an event dict whose trigger and arguments are found by their text."""
    t = span(text, "ARG", trigger, nth)
    arguments = []
    for role, sub, *occurrence in args:  # (role, text) or (role, text, nth occurrence)
        a = span(text, "ARG", sub, *occurrence)
        arguments.append({"role": role, "start": a["start"], "end": a["end"], "text": sub})
    return {"id": eid, "type": etype, "realis": realis, "source": source,
            "trigger": {"start": t["start"], "end": t["end"], "text": trigger}, "arguments": arguments}


def doc0(extra_entities: tuple[tuple[str, str], ...] = (), meta: dict[str, Any] | None = None,
         source: str = "rule@1") -> Document:
    """Return the worked example of SCHEMA.md (two paragraphs) with its entities and three events."""
    t = TEXT0
    ents = [span(t, lab, sub, *nth, source=source, sid=f"T{i}") for i, (lab, sub, *nth) in enumerate(
        [("DATE", "4月23日"), ("GPE", "包头市"), ("MEETING", "一季度重大项目观摩总结会暨经济运行分析会"),
         ("TITLE", "市委书记"), ("PER", "丁绣峰"), ("PER", "丁绣峰", 1), *extra_entities], 1)]
    evs = [event(t, "会议召开", "召开", [("时间", "4月23日"), ("主办方", "包头市")], eid="E1", source=source),
           event(t, "出席", "出席", [("参会人", "丁绣峰"), ("职务", "市委书记")], eid="E2", source=source),
           event(t, "讲话", "强调", [("讲话人", "丁绣峰", 1)], eid="E3", source=source)]
    return document_from_dict({"id": "000_doc", "text": t, "title": "观摩总结会", "published": "2022-04-23",
                               "source": "000_doc.txt", "meta": meta or {}, "entities": ents, "events": evs})


# (text, entities as (label, text), events as (type, trigger, [(role, text)])) of the corpus documents
SPECS = (
    (TEXTS[0], [("DATE", "3月5日"), ("GPE", "鄂尔多斯市"), ("QUANTITY", "30个"), ("MONEY", "12493亿元")],
     [("开工", "集中开工", [("时间", "3月5日"), ("项目数量", "30个")])]),
    (TEXTS[1], [("GPE", "包头稀土高新区"), ("TITLE", "管委会主任"), ("PER", "张古江"), ("PERCENT", "8.5%"),
                ("QUANTITY", "5918家")],
     [("讲话", "表示", [("讲话人", "张古江")])]),
    (TEXTS[2], [("COMPANY", "内蒙古中油中保管道科技有限公司"), ("PROJECT", "40万吨螺旋直缝钢管及保温防腐项目")],
     [("签约", "签约", [("签约方", "内蒙古中油中保管道科技有限公司")])]),
    (TEXTS[3], [("TITLE", "市委书记"), ("PER", "石泰峰"), ("MEETING", "第十三届稀土产业论坛")],
     [("出席", "出席", [("参会人", "石泰峰"), ("会议名称", "第十三届稀土产业论坛")])]),
)


def corpus(n: int, prefix: str = "doc") -> list[Document]:
    """Return `n` small annotated documents with entities and one event each."""
    docs = []
    for i in range(n):
        t, ents, evs = SPECS[i % len(SPECS)]
        docs.append(document_from_dict({
            "id": f"{prefix}_{i:03d}", "text": t, "meta": {"n": i},
            "entities": [span(t, lab, sub) for lab, sub in ents],
            "events": [event(t, etype, trig, args) for etype, trig, args in evs]}))
    return docs


def pulled(doc: Document, annotator: str = "ann@example.com", **meta: Any) -> Document:
    """Return `doc` as pull would give it: `ls` meta plus whatever review keys are given."""
    ls = {"project": "curate-test", "project_id": 1, "task_id": 1, "annotation_id": 1, "annotator": annotator,
          "ground_truth": False, "updated_at": "2026-11-23T09:00:00Z", "text_hash": "x", "text_hash_ok": True,
          "model_version": "rules@1"}
    return document_from_dict({**doc.to_dict(), "meta": {**doc.meta, "ls": ls, **meta}})


def offline_loader(monkeypatch, cache):
    """Return `load(path, config)`: `datasets.load_dataset` with the Hub offline and a cache under `cache`."""
    import datasets
    import huggingface_hub.constants

    env = {"HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1", "HF_HOME": str(cache),
           "HF_DATASETS_CACHE": str(cache / "datasets")}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    # datasets reads these flags when first imported, possibly before this test ran
    monkeypatch.setattr(datasets.config, "HF_HUB_OFFLINE", True)
    monkeypatch.setattr(datasets.config, "HF_DATASETS_OFFLINE", True)
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
    return lambda path, config: datasets.load_dataset(str(path), config, cache_dir=str(cache / "datasets"))
