"""Clean stage, HTML input: the main text by trafilatura, metadata from the page's own markup.

Takes an HTML page; gives its article text (one block a line, for the same text cleaning as `.txt`
pages), title, date, outlet and URL. trafilatura works on the string it is given and fetches nothing.
Where it finds no article (a fragment, a page with no body) the visible text of the whole page is
used, and the line rules find the chrome.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

import trafilatura

from curate.clean.metadata import parse_date

BLOCK = frozenset("""address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4
h5 h6 header hr li main nav ol p pre section table td th tr ul""".split())
SKIP = frozenset("script style noscript template head title iframe svg".split())
# Chinese government CMS pages name their article in <meta> tags (ArticleTitle, PubDate, ContentSource).
META_TITLE = ("ArticleTitle", "og:title")
META_DATE = ("PubDate", "publishdate", "article:published_time")
META_OUTLET = ("ContentSource", "source")
META_URL = ("og:url",)


@dataclass(frozen=True)
class HtmlPage:
    """What an HTML page says: article text and the metadata its markup carries."""

    text: str
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None


def read_html(html: str) -> HtmlPage:
    """Return the article text and metadata of an HTML page."""
    tree = trafilatura.load_html(html)
    if tree is None:
        return HtmlPage(html_to_text(html))
    meta = _meta_tags(tree)
    found = trafilatura.bare_extraction(tree, include_comments=False, include_tables=True, favor_recall=True,
                                        with_metadata=True, deduplicate=False)
    text = getattr(found, "text", None) or html_to_text(html)
    title = _first(meta, META_TITLE) or getattr(found, "title", None)
    published = parse_date(_first(meta, META_DATE) or "") or getattr(found, "date", None)
    return HtmlPage(text, title=title, published=published, outlet=_first(meta, META_OUTLET),
                    url=_first(meta, META_URL) or _canonical(tree) or getattr(found, "url", None))


def _meta_tags(tree) -> dict[str, str]:
    tags: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = el.get("name") or el.get("property")
        content = (el.get("content") or "").strip()
        if key and content:
            tags.setdefault(key.lower(), content)
    return tags


def _first(meta: dict[str, str], keys: tuple[str, ...]) -> str | None:
    return next((meta[k.lower()] for k in keys if k.lower() in meta), None)


def _canonical(tree) -> str | None:
    link = tree.find(".//link[@rel='canonical']")
    return link.get("href") if link is not None else None


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in SKIP:
            self.skipping += 1
        elif tag in BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            # Source line breaks inside a block are layout, not paragraphs.
            self.parts.append(data.replace("\r", " ").replace("\n", " "))


def html_to_text(html: str) -> str:
    """Return the visible text of a whole HTML page, one block element per line (the fallback)."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    lines = (line.strip() for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)
