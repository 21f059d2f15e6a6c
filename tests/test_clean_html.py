"""HTML input: trafilatura's main text, then the same cleaning as text pages; metadata from the markup."""

from __future__ import annotations

import json
import socket

import pytest
from conftest import DATA

from curate.clean.html import read_html
from curate.ingest import ingest_paths

HTML = DATA / "html"
GOLDEN = DATA / "golden" / "clean"
PAGES = sorted(HTML.glob("*.html"))


@pytest.fixture(scope="module")
def cleaned() -> dict[str, dict]:
    return {d.id: d.to_dict() for d in ingest_paths(PAGES, on_problem=pytest.fail).documents}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_bundled_pages_saved_as_html_clean_to_their_golden_text(cleaned, page):
    """The pages dressed in a CMS layout (nav, related news, share bar, footer) give the reviewed text."""
    golden = json.loads((GOLDEN / f"{page.stem}.json").read_text(encoding="utf-8"))
    doc = cleaned[page.stem]
    assert doc["text"].split("\n") == golden["text"].split("\n")
    assert (doc["title"], doc["published"]) == (golden["title"], golden["published"])


def test_metadata_comes_from_the_pages_own_markup(cleaned):
    doc = cleaned["004_6349d742160cae39"]
    assert (doc["meta"]["outlet"], doc["meta"]["reporter"]) == ("包头日报", "张富博")
    page = read_html((HTML / "004_6349d742160cae39.html").read_text(encoding="utf-8"))
    assert (page.title, page.published, page.outlet) == ("以昂扬斗志推进新时代新包头实现新突破", "2022-02-10", "包头日报")
    assert "相关新闻" not in page.text and "Copyright" not in page.text


def test_extraction_makes_no_network_call(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network call")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    page = read_html((HTML / "002_af22a9ecaf711d6e.html").read_text(encoding="utf-8"))
    assert page.text.startswith("3月10日,我市召开2021年第一季度全市重点项目观摩总结")


def test_a_fragment_without_an_article_falls_back_to_its_visible_text():
    page = read_html("<div>某县召开会议。</div><script>x=1</script>")
    assert page.text == "某县召开会议。" and page.title is None


def test_jsonl_html_field_uses_the_markup_and_the_record_wins(tmp_path):
    html = (HTML / "002_af22a9ecaf711d6e.html").read_text(encoding="utf-8")
    records = [{"id": "a", "html": html}, {"id": "b", "html": html, "title": "给定标题", "url": "http://x.cn/1"}]
    src = tmp_path / "pages.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    a, b = ingest_paths([src], on_problem=pytest.fail).documents
    assert (a.title, a.published) == ("张古江：全力以赴推动重点项目建设开新局", "2021-03-11")
    assert (b.title, b.url, b.published) == ("给定标题", "http://x.cn/1", "2021-03-11")
    assert a.text == b.text
