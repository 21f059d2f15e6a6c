"""Site templates learned from a batch: lines a site's pages share are dropped as `template:<site>`."""

from __future__ import annotations

import json

from curate.clean.template import learn_templates, line_shape, site_of
from curate.ingest import ingest_paths

CHROME_TOP = ["欢迎访问清河县人民政府门户网站", "本站今日访问量 {n} 人次"]
CHROME_END = ["清河县人民政府办公室主办 清河县大数据中心承办"]
ARTICLES = [
    ("清河县召开重点项目推进会", ["{d}日，清河县召开重点项目推进会，县委书记王明出席并讲话。", "会议要求加快项目建设进度。"]),
    ("清河县举行招商引资签约仪式", ["{d}日，清河县举行招商引资签约仪式，共签约项目8个。", "县长李华代表县政府致辞。"]),
    ("清河县开展项目观摩活动", ["{d}日，清河县开展重点项目观摩活动，观摩项目12个。", "与会人员实地察看了项目现场。"]),
]


def _page(k: int) -> tuple[str, list[str]]:
    title, body = ARTICLES[k]
    body = [p.format(d=k + 3) for p in body]
    lines = [CHROME_TOP[0], CHROME_TOP[1].format(n=1000 + 17 * k), title, *body, *CHROME_END]
    return "\n".join(lines), body


def test_line_shapes_mask_numbers_and_skip_lines_without_words():
    assert line_shape("本站今日访问量 1017 人次") == line_shape("本站今日访问量  2 人次") == "本站今日访问量 0 人次"
    assert line_shape("---- | ----") == ""
    assert site_of("https://www.qinghe.gov.cn/a/1.html") == "qinghe.gov.cn"
    assert site_of(None) is None


def test_pages_of_one_site_share_a_template_and_a_page_alone_has_none():
    texts = [_page(k)[0] for k in range(3)]
    templates = learn_templates(texts, [None] * 3)
    assert len({t.site for t in templates}) == 1
    assert templates[0].lines(texts[0]) == {1: templates[0].reason, 2: templates[0].reason, 6: templates[0].reason}
    (alone,) = learn_templates(texts[:1], [None])
    assert alone.lines(texts[0]) == {}


def test_copies_of_one_page_teach_nothing():
    text = _page(0)[0]
    templates = learn_templates([text, text, text], [None] * 3)
    assert templates[0].lines(text) == {}


def test_pages_of_different_sites_are_not_grouped():
    other = "某市发布新闻\n5日，某市召开经济运行分析会。\n会议通报了一季度情况。"
    texts = [_page(0)[0], other]
    assert [t.lines(x) for t, x in zip(learn_templates(texts, [None, None]), texts, strict=True)] == [{}, {}]


def test_ingest_drops_the_template_of_a_batch_by_url_host(tmp_path):
    records = [{"id": f"p{k}", "text": _page(k)[0], "url": f"http://www.qinghe.gov.cn/news/{k}.html"}
               for k in range(3)]
    src = tmp_path / "batch.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    docs = list(ingest_paths([src], on_problem=lambda p: None).documents)
    for k, doc in enumerate(docs):
        assert doc.text == "\n".join(_page(k)[1])
        assert doc.title == ARTICLES[k][0]
        template = [d["text"] for d in doc.meta["lines_dropped"] if d["reason"] == "template:qinghe.gov.cn"]
        assert template == [CHROME_TOP[0], CHROME_TOP[1].format(n=1000 + 17 * k), CHROME_END[0]]


def test_ingest_groups_files_without_url_by_shared_lines_and_one_page_falls_back(tmp_path):
    for k in range(3):
        (tmp_path / f"p{k}.txt").write_text(_page(k)[0], encoding="utf-8")
    docs = list(ingest_paths([tmp_path], on_problem=lambda p: None).documents)
    assert [d.text for d in docs] == ["\n".join(_page(k)[1]) for k in range(3)]
    assert all(d["reason"].startswith("template:lines-") for d in docs[0].meta["lines_dropped"]
               if d["text"] in CHROME_END)
    (alone,) = ingest_paths([tmp_path / "p0.txt"], on_problem=lambda p: None).documents
    assert not any(d["reason"].startswith("template:") for d in alone.meta["lines_dropped"])
