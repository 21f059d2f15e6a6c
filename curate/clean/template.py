"""Clean stage: site templates learned from a batch (lines that recur across a site's pages are chrome).

Takes raw pages (text, and the URL when known); groups them by URL host, else by the line shapes they
share; gives each page the raw line numbers its site's template covers, with the reason
`template:<site>`. Digits are masked, so `浏览次数:266` and `浏览次数:1024` are one shape.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from curate.clean.markers import fold
from curate.clean.punct import normalise_space

_DIGITS = re.compile(r"\d+")
_WORDY = re.compile(r"[\u3400-\u9fffA-Za-z]")
MIN_PAGES = 2  # a shape is template only if this many different pages of the site have it …
MIN_SHARE = 0.5  # … and at least this share of them
MAX_SHAPE = 200  # longer lines are running text, never a template line
LINK_SHAPES = 3  # pages without a URL are one site when they share this many line shapes …
LINK_JACCARD = 0.2  # … and this share of the page's shapes


@dataclass(frozen=True)
class Template:
    """The chrome of one site: its name and the line shapes its pages share."""

    site: str
    shapes: frozenset[str]

    @property
    def reason(self) -> str:
        return f"template:{self.site}"

    def lines(self, text: str) -> dict[int, str]:
        """Return {raw line number: reason} for the lines of `text` this template covers."""
        return self.lines_of(line_shapes(text)) if self.shapes else {}

    def lines_of(self, shapes: Sequence[str]) -> dict[int, str]:
        """Return {raw line number: reason} for a page given by its `line_shapes`."""
        return {n: self.reason for n, s in enumerate(shapes, 1) if s in self.shapes}


def line_shape(line: str) -> str:
    """Return a line's shape: spaces collapsed, full-width marks folded, digits masked ("" if no words)."""
    line = normalise_space(line)
    if len(line) > MAX_SHAPE or not _WORDY.search(line):
        return ""
    return _DIGITS.sub("0", fold(line))


def line_shapes(text: str) -> list[str]:
    """Return the shape of every line of a page, in order."""
    return [line_shape(line) for line in text.split("\n")]


def site_of(url: str | None) -> str | None:
    """Return the host of a URL (without `www.`), or None."""
    if not url:
        return None
    host = urlsplit(url if "//" in url else f"//{url}").hostname
    return host.removeprefix("www.") if host else None


def learn_templates(texts: Sequence[str], urls: Sequence[str | None],
                    lines: Sequence[Sequence[str]] | None = None) -> list[Template]:
    """Group a batch of pages by site and return each page's template (empty for a page alone).

    `lines` are the pages' `line_shapes` when the caller has them already.
    """
    shapes = [frozenset(s for s in page if s) for page in (lines or map(line_shapes, texts))]
    templates = [Template("", frozenset())] * len(texts)
    for site, members in _group(texts, shapes, urls):
        learned = _learn(site, [shapes[i] for i in members], [texts[i] for i in members])
        for i in members:
            templates[i] = learned
    return templates


def _learn(site: str | None, shapes: list[frozenset[str]], texts: list[str]) -> Template:
    # Identical pages (the same article saved twice) are one page: they say nothing about the template.
    unique = list({t: s for t, s in zip(texts, shapes, strict=True)}.values())
    need = max(MIN_PAGES, math.ceil(MIN_SHARE * len(unique)))
    counts = Counter(s for page in unique for s in page)
    common = frozenset(s for s, n in counts.items() if n >= need)
    if site is None:
        site = "lines-" + hashlib.sha1("\n".join(sorted(common)).encode()).hexdigest()[:8]
    return Template(site, common)


def _group(texts: Sequence[str], shapes: list[frozenset[str]],
           urls: Sequence[str | None]) -> list[tuple[str | None, list[int]]]:
    """Group page indexes by URL host; a page without one joins the first group it shares lines with."""
    by_host: dict[str, list[int]] = defaultdict(list)
    clusters: list[tuple[set[str], list[int]]] = []
    cluster_of: dict[str, int] = {}  # the same page again goes where its first copy went
    for i, url in enumerate(urls):
        if host := site_of(url):
            by_host[host].append(i)
            continue
        k = cluster_of.get(texts[i])
        if k is None:
            k = next((k for k, c in enumerate(clusters) if _same_site(c[0], shapes[i])), len(clusters))
            if k == len(clusters):
                clusters.append((set(), []))
            clusters[k][0].update(shapes[i])
            cluster_of[texts[i]] = k
        clusters[k][1].append(i)
    return [(host, members) for host, members in by_host.items()] + [(None, m) for _, m in clusters]


def _same_site(site_shapes: set[str], page: frozenset[str]) -> bool:
    shared = len(page & site_shapes) if len(page) < len(site_shapes) else len(site_shapes & page)
    return shared >= LINK_SHAPES and shared / len(page) >= LINK_JACCARD
